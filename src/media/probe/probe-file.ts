import { checkDeclaredType } from './check-declared-type.js';
import { detectFormat, DETECT_HEAD_BYTES, type DetectedFormat } from './detect-format.js';
import { RangeReader, type ByteSource } from './range-reader.js';
import {
  MIME_TYPES,
  type MediaContainer,
  type MediaProbe,
  type ParsedMedia,
  type ProbeFileOptions,
} from './media-probe.js';
import { MediaProbeError } from './media-probe-error.js';
import { probeImageHeader } from './probe-image-header.js';
import { probeIsoBmff } from './probe-iso-bmff.js';
import { probeJpeg } from './probe-jpeg.js';
import { probeWebm } from './probe-webm.js';

/**
 * Probes a media file from its headers alone: ISO-BMFF box headers and the descriptive leaves of moov, EBML Info
 * and Tracks, or the image header. It never reads media payload, so a 1 GB MP4 costs a few kilobytes of reads.
 * When `opts` carries a declared Content-Type or file name, bytes that contradict them are rejected.
 * Throws `MediaProbeError` (`MEDIA_UNSUPPORTED_FORMAT`, `MEDIA_TRUNCATED`, `MEDIA_TYPE_MISMATCH`, `MEDIA_CORRUPT`);
 * file-system errors (missing file, permissions) propagate unchanged.
 */
export async function probeFile(path: string, opts: ProbeFileOptions = {}): Promise<MediaProbe> {
  return probeReader(await RangeReader.open(path), opts);
}

/** Probes any byte source (an object in a bucket, read with ranged GETs) exactly as `probeFile` probes a file. */
export async function probeSource(source: ByteSource, opts: ProbeFileOptions = {}): Promise<MediaProbe> {
  return probeReader(new RangeReader(source), opts);
}

async function probeReader(reader: RangeReader, opts: ProbeFileOptions): Promise<MediaProbe> {
  try {
    const format = detectFormat(await reader.read(0, DETECT_HEAD_BYTES));
    if (format === undefined) {
      throw new MediaProbeError('MEDIA_UNSUPPORTED_FORMAT', 'The file is not a supported video or image format.', {
        declared: opts.declaredContentType,
        filename: opts.filename,
      });
    }
    // Checked before parsing, so a mislabelled file is reported as such even when it is also damaged.
    checkDeclaredType(containerOfFormat(format), opts);
    const parsed = await parse(reader, format);
    return { ...parsed, mimeType: MIME_TYPES[parsed.container], sizeBytes: reader.size, bytesRead: reader.bytesRead };
  } finally {
    await reader.close();
  }
}

// The container the magic bytes imply. MP4 vs MOV and WebM vs Matroska are only told apart by parsing, but each
// pair is one family for the declared-type check, so either member will do.
function containerOfFormat(format: DetectedFormat): MediaContainer {
  if (format === 'iso-bmff') return 'mp4';
  if (format === 'ebml') return 'webm';
  return format;
}

function parse(reader: RangeReader, format: DetectedFormat): Promise<ParsedMedia> {
  switch (format) {
    case 'iso-bmff':
      return probeIsoBmff(reader);
    case 'ebml':
      return probeWebm(reader);
    case 'jpeg':
      return probeJpeg(reader);
    case 'png':
    case 'gif':
    case 'webp':
      return probeImageHeader(reader, format);
  }
}
