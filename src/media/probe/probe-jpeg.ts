import type { RangeReader } from './range-reader.js';
import type { MediaRotation, ParsedMedia } from './media-probe.js';
import { MediaProbeError } from './media-probe-error.js';

// Real JPEGs have a few dozen segments before the frame header; this only stops a hostile marker chain.
const MAX_SEGMENTS = 1024;

/**
 * Probes a JPEG by hopping from marker to marker (reading 4-byte segment headers, skipping payloads) until the
 * SOF frame header; an EXIF APP1 segment met on the way supplies the orientation.
 */
export async function probeJpeg(reader: RangeReader): Promise<ParsedMedia> {
  let at = 2; // past SOI
  let orientation = 1;
  for (let count = 0; count < MAX_SEGMENTS; count += 1) {
    const head = await reader.readExact(at, 4, 'JPEG segment header');
    if (head[0] !== 0xff) throw corrupt('Expected a JPEG marker.', at);
    const marker = head[1] ?? 0;
    if (marker === 0xff) {
      at += 1; // fill byte before a marker
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      at += 2; // markers without a length field
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) throw corrupt('The JPEG has no frame header before its image data.', at);
    const length = head.readUInt16BE(2);
    if (length < 2) throw corrupt('A JPEG segment declares an impossible length.', at);
    if (isStartOfFrame(marker)) {
      const frame = await reader.readExact(at + 4, 5, 'JPEG frame header');
      return imageResult(frame.readUInt16BE(3), frame.readUInt16BE(1), orientation, at);
    }
    if (marker === 0xe1) {
      const payload = await reader.readExact(at + 4, length - 2, 'JPEG APP1 segment');
      if (payload.toString('latin1', 0, 6) === 'Exif\0\0') orientation = exifOrientation(payload.subarray(6)) ?? 1;
    }
    at += 2 + length;
  }
  throw corrupt('The JPEG has too many segments before its frame header.', at);
}

// SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range.
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/** Reads tag 0x0112 (Orientation) from IFD0 of an EXIF TIFF block; undefined when absent or unreadable. */
export function exifOrientation(tiff: Buffer): number | undefined {
  if (tiff.length < 8) return undefined;
  const order = tiff.toString('latin1', 0, 2);
  if (order !== 'II' && order !== 'MM') return undefined;
  const little = order === 'II';
  const u16 = (at: number): number => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number): number => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  const ifd = u32(4);
  if (ifd + 2 > tiff.length) return undefined;
  const entries = u16(ifd);
  for (let i = 0; i < entries; i += 1) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > tiff.length) return undefined;
    if (u16(entry) === 0x0112) {
      const value = u16(entry + 8);
      return value >= 1 && value <= 8 ? value : undefined;
    }
  }
  return undefined;
}

// EXIF orientations 5–8 turn the picture a quarter; mirrored variants keep their rotation part.
const ROTATION_OF_ORIENTATION: Readonly<Record<number, MediaRotation>> = {
  1: 0, 2: 0, 3: 180, 4: 180, 5: 270, 6: 90, 7: 90, 8: 270,
};

function imageResult(storedWidth: number, storedHeight: number, orientation: number, at: number): ParsedMedia {
  if (storedWidth === 0 || storedHeight === 0) throw corrupt('The JPEG frame header has zero dimensions.', at);
  const rotation = ROTATION_OF_ORIENTATION[orientation] ?? 0;
  const quarterTurn = rotation === 90 || rotation === 270;
  return {
    kind: 'image',
    container: 'jpeg',
    width: quarterTurn ? storedHeight : storedWidth,
    height: quarterTurn ? storedWidth : storedHeight,
    rotation,
  };
}

function corrupt(message: string, offset: number): MediaProbeError {
  return new MediaProbeError('MEDIA_CORRUPT', message, { offset });
}
