import type { RangeReader } from './range-reader.js';
import { MediaProbeError } from './media-probe-error.js';

/** One ISO-BMFF box as located by its header; the payload is not read. */
export interface BoxHeader {
  /** Four-character type, e.g. `moov`. */
  type: string;
  /** File offset of the box's first header byte. */
  offset: number;
  /** 8, or 16 when a 64-bit size follows the type. */
  headerSize: number;
  /** Total size including the header. */
  size: number;
  /** File offset just past the box. */
  end: number;
}

/** How to treat a box that runs past its container: top-level boxes past end of file mean a cut-off upload. */
export interface ReadBoxOptions {
  /** `truncated` past the end of the file, `corrupt` past the parent box (Default: 'corrupt'). */
  pastLimit?: 'truncated' | 'corrupt';
  /** Bytes to read ahead into the reader's cache (Default: 4096). */
  readAhead?: number;
}

/** Reads the box header at `offset`, which must lie inside `[offset, limit)`. */
export async function readBoxHeader(
  reader: RangeReader,
  offset: number,
  limit: number,
  options: ReadBoxOptions = {},
): Promise<BoxHeader> {
  const pastLimit = options.pastLimit ?? 'corrupt';
  const readAhead = options.readAhead ?? 4096;
  const head = await readHeaderBytes(reader, offset, Math.min(16, limit - offset), pastLimit, readAhead);
  const size32 = head.readUInt32BE(0);
  const type = head.toString('latin1', 4, 8);
  let headerSize = 8;
  let size = size32;
  if (size32 === 1) {
    if (head.length < 16) throw outside(pastLimit, `64-bit size of box ${type}`, offset);
    const large = head.readBigUInt64BE(8);
    if (large > BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt(`Box ${type} declares an impossible size.`, offset);
    headerSize = 16;
    size = Number(large);
  } else if (size32 === 0) {
    // Size 0 means "extends to the end of the enclosing space"; writers use it for a final mdat.
    size = limit - offset;
  }
  if (size < headerSize) throw corrupt(`Box ${type} declares a size smaller than its header.`, offset);
  if (offset + size > limit) throw outside(pastLimit, `box ${type}`, offset, { declaredSize: size, limit });
  return { type, offset, headerSize, size, end: offset + size };
}

async function readHeaderBytes(
  reader: RangeReader,
  offset: number,
  available: number,
  pastLimit: 'truncated' | 'corrupt',
  readAhead: number,
): Promise<Buffer> {
  if (available < 8) throw outside(pastLimit, 'a box header', offset);
  return reader.read(offset, available, readAhead);
}

/** Yields the child boxes of a container box's payload, stopping at trailing padding shorter than a header. */
export async function* childBoxes(reader: RangeReader, parent: BoxHeader): AsyncGenerator<BoxHeader> {
  let offset = parent.offset + parent.headerSize;
  // QuickTime allows a 4-byte zero terminator inside containers; anything under a header's size is padding.
  for (let count = 0; parent.end - offset >= 8; count += 1) {
    if (count >= 10_000) throw corrupt(`Box ${parent.type} has too many children.`, parent.offset);
    const child = await readBoxHeader(reader, offset, parent.end);
    yield child;
    offset = child.end;
  }
}

/** Reads up to `maxBytes` of a box's payload (the whole payload when it is smaller). */
export async function readBoxPayload(reader: RangeReader, box: BoxHeader, maxBytes: number): Promise<Buffer> {
  const length = Math.min(box.size - box.headerSize, maxBytes);
  return reader.readExact(box.offset + box.headerSize, length, `box ${box.type}`);
}

/** Finds the first direct child of `parent` whose type is `type`. */
export async function findChild(
  reader: RangeReader,
  parent: BoxHeader,
  type: string,
): Promise<BoxHeader | undefined> {
  for await (const child of childBoxes(reader, parent)) {
    if (child.type === type) return child;
  }
  return undefined;
}

function outside(
  pastLimit: 'truncated' | 'corrupt',
  what: string,
  offset: number,
  extra: Record<string, unknown> = {},
): MediaProbeError {
  if (pastLimit === 'truncated') {
    return new MediaProbeError('MEDIA_TRUNCATED', `File ends inside ${what}.`, { offset, ...extra });
  }
  return corrupt(`The ${what} runs past its parent box.`, offset, extra);
}

/** Builds a `MEDIA_CORRUPT` error for a structural fault at `offset`. */
export function corrupt(message: string, offset: number, extra: Record<string, unknown> = {}): MediaProbeError {
  return new MediaProbeError('MEDIA_CORRUPT', message, { offset, ...extra });
}
