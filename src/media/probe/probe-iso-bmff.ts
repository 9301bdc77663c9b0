import type { RangeReader } from './range-reader.js';
import { childBoxes, corrupt, readBoxHeader, readBoxPayload, type BoxHeader } from './iso-bmff-boxes.js';
import { readTrack, type TrackFacts } from './iso-bmff-track.js';
import type { ParsedMedia } from './media-probe.js';
import { MediaProbeError } from './media-probe-error.js';

// Brands of HEIF/AVIF still images, which share the box format but are not supported uploads.
const IMAGE_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'mif1', 'msf1', 'avif', 'avis']);
// Fragmented files repeat moof/mdat pairs to the end; past this many boxes after moov the walk stops early.
const MAX_BOXES_AFTER_MOOV = 256;

interface TopLevel {
  majorBrand?: string;
  moov?: BoxHeader;
  firstMdatOffset?: number;
}

/**
 * Probes an MP4/MOV by walking top-level boxes through their 8/16-byte headers (seeking over mdat, never reading
 * it) and then only the descriptive leaves of moov.
 */
export async function probeIsoBmff(reader: RangeReader): Promise<ParsedMedia> {
  const top = await walkTopLevel(reader);
  if (top.majorBrand !== undefined && IMAGE_BRANDS.has(top.majorBrand)) {
    throw new MediaProbeError('MEDIA_UNSUPPORTED_FORMAT', 'HEIF/AVIF images are not supported.', {
      brand: top.majorBrand,
    });
  }
  if (top.moov === undefined) {
    throw new MediaProbeError('MEDIA_TRUNCATED', 'The file has no moov box (its index is missing).', {
      fileSize: reader.size,
    });
  }
  const movie = await readMovie(reader, top.moov);
  const videoTracks = movie.tracks.filter((t) => t.handler === 'vide');
  const video = videoTracks.find((t) => t.enabled) ?? videoTracks[0];
  if (video === undefined) {
    throw new MediaProbeError('MEDIA_UNSUPPORTED_FORMAT', 'The file has no video track.', { reason: 'no_video_track' });
  }
  const audio = movie.tracks.find((t) => t.handler === 'soun');
  const width = video.width > 0 ? video.width : video.sampleWidth;
  const height = video.height > 0 ? video.height : video.sampleHeight;
  if (width === 0 || height === 0) throw corrupt('The video track has no dimensions.', top.moov.offset);
  const quarterTurn = video.rotation === 90 || video.rotation === 270;
  return {
    kind: 'video',
    // No ftyp at all is a classic QuickTime file.
    container: top.majorBrand === undefined || top.majorBrand === 'qt  ' ? 'mov' : 'mp4',
    videoCodec: video.codec,
    audioCodec: audio?.codec,
    durationMs: movie.durationMs ?? trackDurationMs(video),
    width: quarterTurn ? height : width,
    height: quarterTurn ? width : height,
    rotation: video.rotation,
    frameRate: frameRate(video),
    moovAtEnd: top.firstMdatOffset !== undefined && top.moov.offset > top.firstMdatOffset,
  };
}

async function walkTopLevel(reader: RangeReader): Promise<TopLevel> {
  const top: TopLevel = {};
  let offset = 0;
  let boxesAfterMoov = 0;
  while (offset < reader.size && boxesAfterMoov <= MAX_BOXES_AFTER_MOOV) {
    // Once moov is known, later headers are read alone: read-ahead there would only fetch media payload.
    const box = await readBoxHeader(reader, offset, reader.size, {
      pastLimit: 'truncated',
      readAhead: top.moov === undefined ? 4096 : 0,
    });
    if (box.type === 'ftyp' && top.majorBrand === undefined) {
      const payload = await readBoxPayload(reader, box, 4);
      if (payload.length < 4) throw corrupt('File type box (ftyp) is too short.', box.offset);
      top.majorBrand = payload.toString('latin1', 0, 4);
    } else if (box.type === 'moov' && top.moov === undefined) {
      top.moov = box;
    } else if (box.type === 'mdat' && top.firstMdatOffset === undefined) {
      top.firstMdatOffset = box.offset;
    }
    if (top.moov !== undefined) boxesAfterMoov += 1;
    offset = box.end;
  }
  return top;
}

interface Movie {
  durationMs?: number;
  tracks: TrackFacts[];
}

async function readMovie(reader: RangeReader, moov: BoxHeader): Promise<Movie> {
  const movie: Movie = { tracks: [] };
  let timescale = 0;
  let duration = 0;
  let fragmentDuration = 0;
  for await (const box of childBoxes(reader, moov)) {
    if (box.type === 'mvhd') {
      const payload = await readBoxPayload(reader, box, 32);
      const version1 = payload[0] === 1;
      if (payload.length < (version1 ? 32 : 20)) throw corrupt('Movie header (mvhd) is too short.', box.offset);
      timescale = payload.readUInt32BE(version1 ? 20 : 12);
      duration = version1 ? Number(payload.readBigUInt64BE(24)) : payload.readUInt32BE(16);
    } else if (box.type === 'trak') {
      movie.tracks.push(await readTrack(reader, box));
    } else if (box.type === 'mvex') {
      fragmentDuration = await readFragmentDuration(reader, box);
    }
  }
  // Fragmented files leave mvhd's duration at 0 and may state the total in mvex/mehd instead.
  const units = duration > 0 ? duration : fragmentDuration;
  if (timescale > 0 && units > 0) movie.durationMs = Math.round((units * 1000) / timescale);
  return movie;
}

async function readFragmentDuration(reader: RangeReader, mvex: BoxHeader): Promise<number> {
  for await (const box of childBoxes(reader, mvex)) {
    if (box.type !== 'mehd') continue;
    const payload = await readBoxPayload(reader, box, 12);
    if (payload[0] === 1 && payload.length >= 12) return Number(payload.readBigUInt64BE(4));
    if (payload.length >= 8) return payload.readUInt32BE(4);
  }
  return 0;
}

function trackDurationMs(track: TrackFacts): number | undefined {
  if (track.timescale === 0 || track.duration === 0) return undefined;
  return Math.round((track.duration * 1000) / track.timescale);
}

function frameRate(track: TrackFacts): number | undefined {
  if (track.timescale === 0 || track.duration === 0 || track.sampleCount === 0) return undefined;
  return Math.round(((track.sampleCount * track.timescale) / track.duration) * 1000) / 1000;
}
