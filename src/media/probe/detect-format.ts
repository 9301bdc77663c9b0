/** Which parser a file's leading bytes call for. */
export type DetectedFormat = 'iso-bmff' | 'ebml' | 'jpeg' | 'png' | 'webp' | 'gif';

/** How many leading bytes `detectFormat` needs to decide. */
export const DETECT_HEAD_BYTES = 16;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const EBML_MAGIC = Buffer.from([0x1a, 0x45, 0xdf, 0xa3]);

// Box types that can open an ISO-BMFF/QuickTime file. Old QuickTime files may start without `ftyp`.
const ISO_BMFF_FIRST_BOXES = new Set(['ftyp', 'moov', 'mdat', 'free', 'skip', 'wide', 'pnot']);

/** Names the format of a file from its first bytes, or `undefined` for anything unknown. Pure. */
export function detectFormat(head: Buffer): DetectedFormat | undefined {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (head.length >= 8 && head.subarray(0, 8).equals(PNG_SIGNATURE)) return 'png';
  if (head.length >= 6) {
    const gif = head.toString('latin1', 0, 6);
    if (gif === 'GIF87a' || gif === 'GIF89a') return 'gif';
  }
  if (head.length >= 12 && head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP') {
    return 'webp';
  }
  if (head.length >= 4 && head.subarray(0, 4).equals(EBML_MAGIC)) return 'ebml';
  if (head.length >= 8 && ISO_BMFF_FIRST_BOXES.has(head.toString('latin1', 4, 8))) {
    const size = head.readUInt32BE(0);
    // 0 = "to end of file" and 1 = "64-bit size follows" are the only legal sizes below a header's 8 bytes.
    if (size === 0 || size === 1 || size >= 8) return 'iso-bmff';
  }
  return undefined;
}
