import { checkChunkPlan, MAX_CHUNK_BYTES, MAX_CHUNK_COUNT, MIN_CHUNK_BYTES, type ChunkPlan } from './chunk-rules.js';

export { chunkRange, MAX_CHUNK_BYTES, MIN_CHUNK_BYTES, type ChunkPlan } from './chunk-rules.js';

/** Chunk size the adapter asks for (the media transfer guide's own example uses 10,000,000 bytes). */
export const DEFAULT_CHUNK_BYTES = 10_000_000;

/**
 * The FILE_UPLOAD plan for a video of `videoSize` bytes, following the media transfer guide: a file under 5 MB, or
 * no larger than the chunk size, goes whole; otherwise chunks of `chunkSize` (clamped to 5–64 MB, and grown if the
 * file would need more than 1000 chunks), `total_chunk_count = floor(size / chunk_size)`, the last chunk absorbing
 * the remainder (under 2 × chunk_size, so at most 128 MB). Throws `RangeError` for a size TikTok cannot take.
 */
export function planChunks(videoSize: number, chunkSize: number = DEFAULT_CHUNK_BYTES): ChunkPlan {
  if (!Number.isSafeInteger(videoSize) || videoSize <= 0) throw new RangeError(`Invalid video size ${videoSize}`);
  let size = Math.min(Math.max(Math.floor(chunkSize), MIN_CHUNK_BYTES), MAX_CHUNK_BYTES);
  if (videoSize < MIN_CHUNK_BYTES || videoSize <= size) return { videoSize, chunkSize: videoSize, totalChunkCount: 1 };
  size = Math.max(size, Math.ceil(videoSize / MAX_CHUNK_COUNT));
  // Between 64 and 128 MB with a large chunk size, floor() gives one chunk, which the guide forbids: halve it.
  if (videoSize > MAX_CHUNK_BYTES && Math.floor(videoSize / size) < 2) size = Math.floor(videoSize / 2);
  const plan = { videoSize, chunkSize: size, totalChunkCount: Math.floor(videoSize / size) };
  const problem = checkChunkPlan(plan);
  if (problem !== undefined) throw new RangeError(problem);
  return plan;
}
