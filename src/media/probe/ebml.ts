import type { RangeReader } from './range-reader.js';
import { MediaProbeError } from './media-probe-error.js';

/** One EBML element located by its header. `size` is undefined for the "unknown size" marker (live streams). */
export interface EbmlElement {
  /** Element id with its length marker kept, as specs write them (e.g. 0x1A45DFA3). */
  id: number;
  /** Offset of the first header byte. */
  offset: number;
  /** Offset of the first data byte. */
  dataOffset: number;
  /** Data size in bytes, or undefined when the writer did not know it. */
  size?: number;
}

/** Reads an element header at `offset` from the file. */
export async function readElementHeader(reader: RangeReader, offset: number): Promise<EbmlElement> {
  const head = await reader.read(offset, 12);
  const element = parseElementHeader(head, 0);
  if (element === undefined) {
    throw new MediaProbeError('MEDIA_TRUNCATED', 'File ends inside an EBML element header.', { offset });
  }
  return { ...element, offset, dataOffset: offset + element.dataOffset };
}

/**
 * Decodes an element header at `at` in `buffer`; offsets in the result are relative to the buffer. Returns
 * undefined when the buffer ends first; throws `MEDIA_CORRUPT` for an invalid variable-length integer.
 */
export function parseElementHeader(buffer: Buffer, at: number): EbmlElement | undefined {
  const idLength = vintLength(buffer, at, 4);
  if (idLength === undefined || at + idLength > buffer.length) return undefined;
  let id = 0;
  for (let i = 0; i < idLength; i += 1) id = id * 256 + (buffer[at + i] ?? 0);
  const sizeAt = at + idLength;
  const sizeLength = vintLength(buffer, sizeAt, 8);
  if (sizeLength === undefined || sizeAt + sizeLength > buffer.length) return undefined;
  let size = (buffer[sizeAt] ?? 0) & (0xff >> sizeLength);
  let allOnes = size === 0xff >> sizeLength;
  for (let i = 1; i < sizeLength; i += 1) {
    const byte = buffer[sizeAt + i] ?? 0;
    size = size * 256 + byte;
    allOnes &&= byte === 0xff;
  }
  return { id, offset: at, dataOffset: sizeAt + sizeLength, size: allOnes ? undefined : size };
}

function vintLength(buffer: Buffer, at: number, max: number): number | undefined {
  const first = buffer[at];
  if (first === undefined) return undefined;
  for (let length = 1; length <= max; length += 1) {
    if (first & (0x100 >> length)) return length;
  }
  throw new MediaProbeError('MEDIA_CORRUPT', 'Invalid EBML variable-length integer.', { at });
}

/** Iterates the child elements inside `data`; children of unknown size or running past the end stop the walk. */
export function* childElements(data: Buffer): Generator<EbmlElement & { data: Buffer }> {
  let at = 0;
  while (at < data.length) {
    const element = parseElementHeader(data, at);
    if (element?.size === undefined || element.dataOffset + element.size > data.length) return;
    yield { ...element, data: data.subarray(element.dataOffset, element.dataOffset + element.size) };
    at = element.dataOffset + element.size;
  }
}

/** Big-endian unsigned integer of 0–8 bytes (precise up to 2^53). */
export function readUnsigned(data: Buffer): number {
  let value = 0;
  for (const byte of data) value = value * 256 + byte;
  return value;
}

/** 4- or 8-byte IEEE float; other lengths are invalid. */
export function readFloat(data: Buffer): number | undefined {
  if (data.length === 4) return data.readFloatBE(0);
  if (data.length === 8) return data.readDoubleBE(0);
  return undefined;
}

/** ASCII/UTF-8 string with trailing NUL padding removed. */
export function readString(data: Buffer): string {
  return data.toString('utf8').replace(/\0+$/, '');
}
