import { childElements, readElementHeader, readFloat, readString, readUnsigned, type EbmlElement } from './ebml.js';
import type { RangeReader } from './range-reader.js';
import type { ParsedMedia } from './media-probe.js';
import { MediaProbeError } from './media-probe-error.js';

// Matroska element ids (https://www.matroska.org/technical/elements.html).
const ID = {
  EBML: 0x1a45dfa3, DocType: 0x4282, Segment: 0x18538067, SeekHead: 0x114d9b74, Seek: 0x4dbb, SeekID: 0x53ab,
  SeekPosition: 0x53ac, Info: 0x1549a966, TimecodeScale: 0x2ad7b1, Duration: 0x4489, Tracks: 0x1654ae6b,
  TrackEntry: 0xae, TrackType: 0x83, CodecID: 0x86, DefaultDuration: 0x23e383, FlagEnabled: 0xb9, Video: 0xe0,
  PixelWidth: 0xb0, PixelHeight: 0xba, Cluster: 0x1f43b675,
} as const;

const CODECS: Readonly<Record<string, string>> = {
  V_VP8: 'vp8', V_VP9: 'vp9', V_AV1: 'av1', 'V_MPEG4/ISO/AVC': 'h264', 'V_MPEGH/ISO/HEVC': 'hevc', V_THEORA: 'theora',
  A_OPUS: 'opus', A_VORBIS: 'vorbis', A_AAC: 'aac', 'A_MPEG/L3': 'mp3', A_FLAC: 'flac', A_AC3: 'ac3', A_EAC3: 'eac3',
};
// Header elements are small; these caps keep a hostile file from making the probe read media data.
const MAX_HEADER_ELEMENT = 4096;
const MAX_INFO_ELEMENT = 65_536;
const MAX_TRACKS_ELEMENT = 1_048_576;
const MAX_SEGMENT_CHILDREN = 4096;

interface Info {
  timecodeScale: number;
  duration?: number;
}
interface Track {
  type: number;
  codec?: string;
  enabled: boolean;
  defaultDuration?: number;
  width: number;
  height: number;
}
interface Found {
  info?: Info;
  tracks?: Track[];
  seeks: Map<number, number>;
}

/** Probes WebM/Matroska from the EBML header, Segment Info and Tracks; clusters are never read. */
export async function probeWebm(reader: RangeReader): Promise<ParsedMedia> {
  const header = await readElementHeader(reader, 0);
  const headerData = await readData(reader, header, MAX_HEADER_ELEMENT, 'EBML header');
  const docTypeElement = [...childElements(headerData)].find((e) => e.id === ID.DocType);
  // The Matroska spec makes "matroska" the DocType when the element is absent.
  const docType = docTypeElement === undefined ? 'matroska' : readString(docTypeElement.data);
  if (docType !== 'webm' && docType !== 'matroska') {
    throw new MediaProbeError('MEDIA_UNSUPPORTED_FORMAT', `Unsupported EBML document type "${docType}".`, { docType });
  }
  const segment = await readElementHeader(reader, header.dataOffset + (header.size ?? 0));
  if (segment.id !== ID.Segment) throw corrupt('The EBML header is not followed by a Segment.', segment.offset);
  const segmentEnd = segment.size === undefined ? reader.size : segment.dataOffset + segment.size;
  if (segmentEnd > reader.size) throw truncated('Segment', segment.offset);
  const found = await walkSegment(reader, segment, segmentEnd);
  await followSeeks(reader, segment, found);
  if (found.tracks === undefined) throw corrupt('No Tracks element precedes the media data.', segment.offset);
  const video = found.tracks.find((t) => t.type === 1 && t.enabled) ?? found.tracks.find((t) => t.type === 1);
  if (video === undefined) {
    throw new MediaProbeError('MEDIA_UNSUPPORTED_FORMAT', 'The file has no video track.', { reason: 'no_video_track' });
  }
  if (video.width === 0 || video.height === 0) throw corrupt('The video track has no dimensions.', segment.offset);
  const info = found.info ?? { timecodeScale: 1_000_000 };
  return {
    kind: 'video',
    container: docType === 'webm' ? 'webm' : 'mkv',
    videoCodec: video.codec,
    audioCodec: found.tracks.find((t) => t.type === 2)?.codec,
    durationMs: info.duration === undefined ? undefined : Math.round((info.duration * info.timecodeScale) / 1e6),
    width: video.width,
    height: video.height,
    rotation: 0,
    frameRate: video.defaultDuration ? Math.round(1e12 / video.defaultDuration) / 1000 : undefined,
  };
}

async function walkSegment(reader: RangeReader, segment: EbmlElement, segmentEnd: number): Promise<Found> {
  const found: Found = { seeks: new Map() };
  let at = segment.dataOffset;
  for (let count = 0; at < segmentEnd && count < MAX_SEGMENT_CHILDREN; count += 1) {
    if (found.info !== undefined && found.tracks !== undefined) break;
    const element = await readElementHeader(reader, at);
    // Media data starts at the first Cluster; anything still missing is found through the SeekHead instead.
    if (element.size === undefined || element.id === ID.Cluster) break;
    if (element.dataOffset + element.size > segmentEnd) throw truncated('a Segment child element', element.offset);
    await readTopElement(reader, element, found);
    at = element.dataOffset + element.size;
  }
  return found;
}

// Writers that put Info or Tracks after the clusters point at them from the SeekHead.
async function followSeeks(reader: RangeReader, segment: EbmlElement, found: Found): Promise<void> {
  for (const id of [ID.Info, ID.Tracks]) {
    const missing = id === ID.Info ? found.info === undefined : found.tracks === undefined;
    const position = found.seeks.get(id);
    if (!missing || position === undefined) continue;
    const element = await readElementHeader(reader, segment.dataOffset + position);
    if (element.id !== id) throw corrupt('A SeekHead entry points at the wrong element.', element.offset);
    await readTopElement(reader, element, found);
  }
}

async function readTopElement(reader: RangeReader, element: EbmlElement, found: Found): Promise<void> {
  if (element.id === ID.Info) {
    found.info = parseInfo(await readData(reader, element, MAX_INFO_ELEMENT, 'Info element'));
  } else if (element.id === ID.Tracks) {
    found.tracks = parseTracks(await readData(reader, element, MAX_TRACKS_ELEMENT, 'Tracks element'));
  } else if (element.id === ID.SeekHead) {
    for (const seek of childElements(await readData(reader, element, MAX_INFO_ELEMENT, 'SeekHead element'))) {
      if (seek.id !== ID.Seek) continue;
      const fields = [...childElements(seek.data)];
      const seekId = fields.find((f) => f.id === ID.SeekID);
      const position = fields.find((f) => f.id === ID.SeekPosition);
      if (seekId && position) found.seeks.set(readUnsigned(seekId.data), readUnsigned(position.data));
    }
  }
}

function parseInfo(data: Buffer): Info {
  const info: Info = { timecodeScale: 1_000_000 };
  for (const element of childElements(data)) {
    if (element.id === ID.TimecodeScale) info.timecodeScale = readUnsigned(element.data);
    else if (element.id === ID.Duration) info.duration = readFloat(element.data);
  }
  return info;
}

function parseTracks(data: Buffer): Track[] {
  const tracks: Track[] = [];
  for (const entry of childElements(data)) {
    if (entry.id !== ID.TrackEntry) continue;
    const track: Track = { type: 0, enabled: true, width: 0, height: 0 };
    for (const field of childElements(entry.data)) {
      if (field.id === ID.TrackType) track.type = readUnsigned(field.data);
      else if (field.id === ID.CodecID) track.codec = codecName(readString(field.data));
      else if (field.id === ID.FlagEnabled) track.enabled = readUnsigned(field.data) !== 0;
      else if (field.id === ID.DefaultDuration) track.defaultDuration = readUnsigned(field.data);
      else if (field.id === ID.Video) readVideo(field.data, track);
    }
    tracks.push(track);
  }
  return tracks;
}

function readVideo(data: Buffer, track: Track): void {
  for (const field of childElements(data)) {
    if (field.id === ID.PixelWidth) track.width = readUnsigned(field.data);
    else if (field.id === ID.PixelHeight) track.height = readUnsigned(field.data);
  }
}

function codecName(codecId: string): string {
  return CODECS[codecId] ?? (codecId.startsWith('A_AAC') ? 'aac' : codecId.toLowerCase());
}

async function readData(reader: RangeReader, element: EbmlElement, max: number, what: string): Promise<Buffer> {
  if (element.size === undefined || element.size > max) {
    throw corrupt(`The ${what} has an invalid size.`, element.offset);
  }
  return reader.readExact(element.dataOffset, element.size, what);
}

function corrupt(message: string, offset: number): MediaProbeError {
  return new MediaProbeError('MEDIA_CORRUPT', message, { offset });
}

function truncated(what: string, offset: number): MediaProbeError {
  return new MediaProbeError('MEDIA_TRUNCATED', `File ends inside the ${what}.`, { offset });
}
