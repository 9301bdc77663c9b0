/** One mebibyte; the media transfer guide's "MB". */
export const MB = 1024 * 1024;
/** Smallest chunk except for a file under this size, which goes whole. */
export const MIN_CHUNK_BYTES = 5 * MB;
/** Largest `chunk_size`, and the size above which a file must be chunked. */
export const MAX_CHUNK_BYTES = 64 * MB;
/** Most chunks per upload. */
export const MAX_CHUNK_COUNT = 1000;
/** Largest video the API accepts (4 GB). */
export const MAX_VIDEO_BYTES = 4 * 1024 * MB;

/** The three numbers a FILE_UPLOAD init declares. */
export interface ChunkPlan {
  videoSize: number;
  chunkSize: number;
  totalChunkCount: number;
}

function positiveInteger(value: number): boolean {
  return Number.isSafeInteger(value) && value > 0;
}

/**
 * Checks a FILE_UPLOAD plan against the media transfer guide and returns the problem in words, or undefined when
 * the plan is valid:
 * - `total_chunk_count` = floor(video_size / chunk_size), between 1 and 1000;
 * - every chunk 5–64 MB, except that the last absorbs the remainder (it stays under 2 × chunk_size ≤ 128 MB, so
 *   the 128 MB ceiling follows from the other rules);
 * - a file under 5 MB is one chunk equal to the file; a file over 64 MB has at least two chunks.
 */
export function checkChunkPlan(plan: ChunkPlan): string | undefined {
  const { videoSize, chunkSize, totalChunkCount } = plan;
  if (!positiveInteger(videoSize)) return 'source_info.video_size must be a positive integer.';
  if (!positiveInteger(chunkSize)) return 'source_info.chunk_size must be a positive integer.';
  if (!positiveInteger(totalChunkCount)) return 'source_info.total_chunk_count must be a positive integer.';
  if (videoSize < MIN_CHUNK_BYTES) {
    if (chunkSize !== videoSize) {
      return 'A video under 5 MB must be uploaded whole: source_info.chunk_size must equal source_info.video_size.';
    }
    if (totalChunkCount !== 1) return 'A video under 5 MB must be uploaded whole: source_info.total_chunk_count must be 1.';
    return undefined;
  }
  if (chunkSize < MIN_CHUNK_BYTES) return `source_info.chunk_size must be at least 5 MB (${MIN_CHUNK_BYTES} bytes).`;
  if (chunkSize > MAX_CHUNK_BYTES) return `source_info.chunk_size must be at most 64 MB (${MAX_CHUNK_BYTES} bytes).`;
  if (chunkSize > videoSize) return 'source_info.chunk_size must not exceed source_info.video_size.';
  const expected = Math.floor(videoSize / chunkSize);
  if (expected > MAX_CHUNK_COUNT) return `The upload would need ${expected} chunks; at most ${MAX_CHUNK_COUNT} are allowed.`;
  if (totalChunkCount !== expected) {
    return `source_info.total_chunk_count must be floor(video_size / chunk_size) = ${expected}, got ${totalChunkCount}.`;
  }
  if (videoSize > MAX_CHUNK_BYTES && expected < 2) {
    return 'A video over 64 MB must be uploaded in several chunks: choose a smaller source_info.chunk_size.';
  }
  // Checked last: with 5 MB chunks a 4 GB file needs 819 chunks, so reporting it first would hide the count rule.
  if (videoSize > MAX_VIDEO_BYTES) return `source_info.video_size ${videoSize} exceeds the 4 GB maximum.`;
  return undefined;
}

/** The inclusive byte range chunk `index` (0-based) of a valid plan must carry. */
export function chunkRange(plan: ChunkPlan, index: number): { first: number; last: number } {
  const first = index * plan.chunkSize;
  const last = index === plan.totalChunkCount - 1 ? plan.videoSize - 1 : first + plan.chunkSize - 1;
  return { first, last };
}

/** A parsed `Content-Range: bytes first-last/total` header. */
export interface ContentRange {
  first: number;
  last: number;
  total: number;
}

/** Parses a request `Content-Range` header; undefined when it is missing or malformed. */
export function parseContentRange(header: string | undefined): ContentRange | undefined {
  if (header === undefined) return undefined;
  const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(header.trim());
  if (match === null) return undefined;
  const [first, last, total] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (![first, last, total].every(Number.isSafeInteger) || last < first || last >= total) return undefined;
  return { first, last, total };
}
