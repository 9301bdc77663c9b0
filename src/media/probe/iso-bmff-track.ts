import type { RangeReader } from './range-reader.js';
import { childBoxes, corrupt, readBoxPayload, type BoxHeader } from './iso-bmff-boxes.js';
import type { MediaRotation } from './media-probe.js';

/** What the probe needs from one `trak` box. */
export interface TrackFacts {
  /** Handler type from `hdlr`: `vide`, `soun`, … */
  handler?: string;
  /** tkhd "track enabled" flag. */
  enabled: boolean;
  /** tkhd presentation size (integer part of the 16.16 value), before rotation. */
  width: number;
  height: number;
  /** Clockwise rotation derived from the tkhd matrix. */
  rotation: MediaRotation;
  /** mdhd time units per second and media duration in those units. */
  timescale: number;
  duration: number;
  /** Codec name derived from the first sample entry, e.g. `h264`, `aac`. */
  codec?: string;
  /** Visual sample entry size, used when tkhd carries no size. */
  sampleWidth: number;
  sampleHeight: number;
  /** Number of samples from the stsz/stz2 header (0 for fragmented files). */
  sampleCount: number;
}

const VIDEO_CODECS: Readonly<Record<string, string>> = {
  avc1: 'h264', avc3: 'h264', hvc1: 'hevc', hev1: 'hevc', vp08: 'vp8', vp09: 'vp9', av01: 'av1', mp4v: 'mpeg4',
  apch: 'prores', apcn: 'prores', apcs: 'prores', apco: 'prores', ap4h: 'prores', ap4x: 'prores',
  jpeg: 'mjpeg', s263: 'h263', h263: 'h263', dvh1: 'hevc', dvhe: 'hevc',
};
const AUDIO_CODECS: Readonly<Record<string, string>> = {
  'ac-3': 'ac3', 'ec-3': 'eac3', Opus: 'opus', fLaC: 'flac', alac: 'alac', '.mp3': 'mp3',
  lpcm: 'pcm', sowt: 'pcm', twos: 'pcm', in24: 'pcm', in32: 'pcm', fl32: 'pcm', fl64: 'pcm',
};
// MPEG-4 objectTypeIndication values carried by an `mp4a` entry's esds descriptor.
const MP4A_OBJECT_TYPES: Readonly<Record<number, string>> = {
  0x40: 'aac', 0x66: 'aac', 0x67: 'aac', 0x68: 'aac', 0x69: 'mp3', 0x6b: 'mp3',
};
// The first sample entry plus its codec configuration fit well within this; sample tables are never read.
const MAX_STSD_READ = 4096;

/** Reads the handful of leaf boxes of a `trak` that describe it; sample tables are skipped, not read. */
export async function readTrack(reader: RangeReader, trak: BoxHeader): Promise<TrackFacts> {
  const track: TrackFacts = {
    enabled: true, width: 0, height: 0, rotation: 0, timescale: 0, duration: 0, sampleWidth: 0, sampleHeight: 0,
    sampleCount: 0,
  };
  for await (const { box, parent } of descend(reader, trak, new Set(['mdia', 'minf', 'stbl']))) {
    if (box.type === 'tkhd') readTkhd(await readBoxPayload(reader, box, 96), track, box.offset);
    else if (box.type === 'mdhd') readMdhd(await readBoxPayload(reader, box, 32), track, box.offset);
    // QuickTime also puts a data-handler hdlr in minf; the media type is the one directly in mdia.
    else if (box.type === 'hdlr' && parent === 'mdia') {
      const payload = await readBoxPayload(reader, box, 12);
      if (payload.length < 12) throw corrupt('Handler box (hdlr) is too short.', box.offset);
      track.handler = payload.toString('latin1', 8, 12);
    }
    else if (box.type === 'stsd') readStsd(await readBoxPayload(reader, box, MAX_STSD_READ), track, box.offset);
    else if (box.type === 'stsz' || box.type === 'stz2') {
      const payload = await readBoxPayload(reader, box, 12);
      if (payload.length < 12) throw corrupt('Sample size box is too short.', box.offset);
      track.sampleCount = payload.readUInt32BE(8);
    }
  }
  return track;
}

async function* descend(
  reader: RangeReader,
  container: BoxHeader,
  containers: Set<string>,
): AsyncGenerator<{ box: BoxHeader; parent: string }> {
  for await (const child of childBoxes(reader, container)) {
    if (containers.has(child.type)) yield* descend(reader, child, containers);
    else yield { box: child, parent: container.type };
  }
}

function readTkhd(payload: Buffer, track: TrackFacts, offset: number): void {
  const version = payload[0];
  const matrixAt = version === 1 ? 52 : 40;
  if (payload.length < matrixAt + 44) throw corrupt('Track header (tkhd) is too short.', offset);
  track.enabled = ((payload[3] ?? 0) & 1) === 1;
  const a = payload.readInt32BE(matrixAt);
  const b = payload.readInt32BE(matrixAt + 4);
  track.rotation = rotationFromMatrix(a, b);
  track.width = Math.round(payload.readUInt32BE(matrixAt + 36) / 65536);
  track.height = Math.round(payload.readUInt32BE(matrixAt + 40) / 65536);
}

/**
 * The tkhd matrix maps (x, y) to (a·x + c·y, b·x + d·y) in y-down screen space, so the unit x vector turns to
 * (a, b): atan2(b, a) is the clockwise display rotation. Skewed matrices snap to the nearest quarter turn.
 */
export function rotationFromMatrix(a: number, b: number): MediaRotation {
  const degrees = (Math.atan2(b, a) * 180) / Math.PI;
  const quarter = ((Math.round(degrees / 90) % 4) + 4) % 4;
  return (quarter * 90) as MediaRotation;
}

function readMdhd(payload: Buffer, track: TrackFacts, offset: number): void {
  const version = payload[0];
  const needed = version === 1 ? 32 : 20;
  if (payload.length < needed) throw corrupt('Media header (mdhd) is too short.', offset);
  track.timescale = payload.readUInt32BE(version === 1 ? 20 : 12);
  track.duration = version === 1 ? Number(payload.readBigUInt64BE(24)) : payload.readUInt32BE(16);
}

function readStsd(payload: Buffer, track: TrackFacts, offset: number): void {
  // Full box header (4) + entry_count (4), then the first sample entry's size (4) and type (4).
  if (payload.length < 16) throw corrupt('Sample description (stsd) is too short.', offset);
  const entryType = payload.toString('latin1', 12, 16);
  const entry = payload.subarray(8, 8 + payload.readUInt32BE(8));
  const video = VIDEO_CODECS[entryType];
  if (video !== undefined) {
    // Visual sample entry: 8-byte box header, 24 bytes of reserved and predefined fields, then width and height.
    if (entry.length < 36) throw corrupt('Visual sample entry is too short.', offset);
    track.codec = video;
    track.sampleWidth = entry.readUInt16BE(32);
    track.sampleHeight = entry.readUInt16BE(34);
  } else {
    const named = AUDIO_CODECS[entryType] ?? entryType.trim().toLowerCase();
    track.codec = entryType === 'mp4a' ? mp4aCodec(entry) : named;
  }
}

// An mp4a entry is AAC unless its esds says otherwise (MP3 in MP4 also uses mp4a); an unreadable esds keeps AAC.
function mp4aCodec(entry: Buffer): string {
  const esdsAt = entry.indexOf('esds', 36, 'latin1');
  if (esdsAt < 0) return 'aac';
  let at = esdsAt + 8; // past type and full-box version/flags
  if (entry[at] !== 0x03) return 'aac';
  at = skipDescriptorLength(entry, at + 1) + 2; // ES_ID
  const flags = entry[at] ?? 0;
  at += 1 + (flags & 0x80 ? 2 : 0) + (flags & 0x20 ? 2 : 0);
  if (flags & 0x40) at += 1 + (entry[at] ?? 0);
  if (entry[at] !== 0x04) return 'aac';
  at = skipDescriptorLength(entry, at + 1);
  return MP4A_OBJECT_TYPES[entry[at] ?? 0] ?? 'aac';
}

function skipDescriptorLength(buffer: Buffer, at: number): number {
  let next = at;
  // Descriptor lengths use up to four bytes with a continuation bit.
  for (let i = 0; i < 4 && ((buffer[next] ?? 0) & 0x80) !== 0; i += 1) next += 1;
  return next + 1;
}
