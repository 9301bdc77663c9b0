import { extname } from 'node:path';
import type { MediaContainer, ProbeFileOptions } from './media-probe.js';
import { MediaProbeError } from './media-probe-error.js';

// Containers that are the same file family for naming purposes: a .mov holding an `isom` MP4 or a .mkv holding
// WebM is a naming habit, not a contradiction.
type Family = 'iso-bmff' | 'matroska' | 'jpeg' | 'png' | 'webp' | 'gif' | 'other';

const FAMILY_OF_CONTAINER: Readonly<Record<MediaContainer, Family>> = {
  mp4: 'iso-bmff',
  mov: 'iso-bmff',
  webm: 'matroska',
  mkv: 'matroska',
  jpeg: 'jpeg',
  png: 'png',
  webp: 'webp',
  gif: 'gif',
};

const FAMILY_OF_MIME: Readonly<Record<string, Family>> = {
  'video/mp4': 'iso-bmff',
  'video/quicktime': 'iso-bmff',
  'video/x-m4v': 'iso-bmff',
  'video/mov': 'iso-bmff',
  'video/webm': 'matroska',
  'video/x-matroska': 'matroska',
  'image/jpeg': 'jpeg',
  'image/jpg': 'jpeg',
  'image/pjpeg': 'jpeg',
  'image/png': 'png',
  'image/apng': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

// Extensions we can judge. Media extensions of formats we do not support map to 'other', so a PNG named .avi is
// still caught; extensions absent from this table (or no extension) are not judged at all.
const FAMILY_OF_EXTENSION: Readonly<Record<string, Family>> = {
  '.mp4': 'iso-bmff', '.m4v': 'iso-bmff', '.mov': 'iso-bmff', '.qt': 'iso-bmff',
  '.webm': 'matroska', '.mkv': 'matroska',
  '.jpg': 'jpeg', '.jpeg': 'jpeg', '.jpe': 'jpeg', '.jfif': 'jpeg',
  '.png': 'png', '.apng': 'png', '.webp': 'webp', '.gif': 'gif',
  '.avi': 'other', '.wmv': 'other', '.flv': 'other', '.mpg': 'other', '.mpeg': 'other', '.3gp': 'other',
  '.heic': 'other', '.heif': 'other', '.avif': 'other', '.bmp': 'other', '.tif': 'other', '.tiff': 'other',
  '.mp3': 'other', '.m4a': 'other', '.wav': 'other', '.pdf': 'other', '.txt': 'other', '.zip': 'other',
};

// Declared types that say nothing about the content.
const GENERIC_MIME = new Set(['application/octet-stream', 'binary/octet-stream', 'application/unknown', '']);

/**
 * Throws `MEDIA_TYPE_MISMATCH` when the detected container contradicts the declared Content-Type or the file name
 * extension. Families: mp4/mov/quicktime/m4v are one, webm/matroska one, jpeg/jpg one. A declared type of the same
 * kind but an unknown subtype (e.g. `video/x-foo` for an MP4) is let through; another kind is not.
 */
export function checkDeclaredType(detected: MediaContainer, options: ProbeFileOptions): void {
  const detectedFamily = FAMILY_OF_CONTAINER[detected];
  const detectedKind = detectedFamily === 'iso-bmff' || detectedFamily === 'matroska' ? 'video' : 'image';
  const declared = options.declaredContentType?.split(';')[0]?.trim().toLowerCase();
  if (declared !== undefined && !GENERIC_MIME.has(declared)) {
    const declaredFamily = FAMILY_OF_MIME[declared];
    const sameKindUnknownSubtype = declaredFamily === undefined && declared.startsWith(`${detectedKind}/`);
    if (declaredFamily !== detectedFamily && !sameKindUnknownSubtype) {
      throw mismatch('contentType', options.declaredContentType ?? declared, detected);
    }
  }
  if (options.filename !== undefined) {
    const extension = extname(options.filename).toLowerCase();
    const extensionFamily = FAMILY_OF_EXTENSION[extension];
    if (extensionFamily !== undefined && extensionFamily !== detectedFamily) {
      throw mismatch('filename', options.filename, detected);
    }
  }
}

function mismatch(source: 'contentType' | 'filename', declared: string, detected: MediaContainer): MediaProbeError {
  const what = source === 'contentType' ? 'declared content type' : 'file name extension';
  return new MediaProbeError('MEDIA_TYPE_MISMATCH', `The file content is ${detected}, which contradicts its ${what}.`, {
    source,
    declared,
    detected,
  });
}
