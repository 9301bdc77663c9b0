import type { RangeReader } from './range-reader.js';
import type { ImageFormat, ParsedMedia } from './media-probe.js';
import { MediaProbeError } from './media-probe-error.js';

/** Probes a PNG, GIF or WebP, all of which state their size within the first 30 bytes. */
export async function probeImageHeader(
  reader: RangeReader,
  format: Exclude<ImageFormat, 'jpeg'>,
): Promise<ParsedMedia> {
  const readSize = format === 'png' ? pngSize : format === 'gif' ? gifSize : webpSize;
  const size = await readSize(reader);
  if (size.width === 0 || size.height === 0) {
    throw new MediaProbeError('MEDIA_CORRUPT', `The ${format} header has zero dimensions.`, { ...size });
  }
  return { kind: 'image', container: format, width: size.width, height: size.height, rotation: 0 };
}

interface Size {
  width: number;
  height: number;
}

async function pngSize(reader: RangeReader): Promise<Size> {
  const head = await reader.readExact(0, 24, 'PNG header');
  // The PNG spec requires IHDR to be the first chunk.
  if (head.toString('latin1', 12, 16) !== 'IHDR') {
    throw new MediaProbeError('MEDIA_CORRUPT', 'The PNG does not start with an IHDR chunk.', { offset: 12 });
  }
  return { width: head.readUInt32BE(16), height: head.readUInt32BE(20) };
}

async function gifSize(reader: RangeReader): Promise<Size> {
  const head = await reader.readExact(0, 10, 'GIF header');
  return { width: head.readUInt16LE(6), height: head.readUInt16LE(8) };
}

async function webpSize(reader: RangeReader): Promise<Size> {
  const head = await reader.readExact(0, 30, 'WebP header');
  const chunk = head.toString('latin1', 12, 16);
  if (chunk === 'VP8 ') {
    // Lossy: a 3-byte frame tag, the start code 9D 01 2A, then 14-bit width and height (2 scale bits above).
    if (head[23] !== 0x9d || head[24] !== 0x01 || head[25] !== 0x2a) throw corrupt('VP8 start code is missing.', 23);
    return { width: head.readUInt16LE(26) & 0x3fff, height: head.readUInt16LE(28) & 0x3fff };
  }
  if (chunk === 'VP8L') {
    // Lossless: signature 0x2F, then width-1 and height-1 as consecutive 14-bit fields.
    if (head[20] !== 0x2f) throw corrupt('VP8L signature is missing.', 20);
    const bits = head.readUInt32LE(21);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X') {
    // Extended: canvas width-1 and height-1 as 24-bit little-endian fields.
    return { width: head.readUIntLE(24, 3) + 1, height: head.readUIntLE(27, 3) + 1 };
  }
  throw corrupt(`Unknown WebP chunk "${chunk}".`, 12);
}

function corrupt(message: string, offset: number): MediaProbeError {
  return new MediaProbeError('MEDIA_CORRUPT', message, { offset });
}
