import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkChunkPlan, chunkRange, MB } from './chunk-rules.js';
import { DEFAULT_CHUNK_BYTES, planChunks } from './chunk-plan.js';

const GiB = 1024 * MB;

describe('planChunks', () => {
  it('follows the documented example: 50,000,123 bytes at 10,000,000 → 5 chunks, the last 10,000,123', () => {
    const plan = planChunks(50_000_123, 10_000_000);
    expect(plan).toEqual({ videoSize: 50_000_123, chunkSize: 10_000_000, totalChunkCount: 5 });
    expect(chunkRange(plan, 4)).toEqual({ first: 40_000_000, last: 50_000_122 });
  });

  it('sends a file under 5 MB as one chunk equal to the file', () => {
    expect(planChunks(4 * MB - 17)).toEqual({ videoSize: 4 * MB - 17, chunkSize: 4 * MB - 17, totalChunkCount: 1 });
    expect(planChunks(1)).toEqual({ videoSize: 1, chunkSize: 1, totalChunkCount: 1 });
  });

  it('sends a file no larger than the chunk size whole', () => {
    expect(planChunks(8 * MB)).toEqual({ videoSize: 8 * MB, chunkSize: 8 * MB, totalChunkCount: 1 });
  });

  it('splits a file over 64 MB into several chunks', () => {
    const plan = planChunks(200 * MB);
    expect(plan.chunkSize).toBe(DEFAULT_CHUNK_BYTES);
    expect(plan.totalChunkCount).toBe(Math.floor((200 * MB) / DEFAULT_CHUNK_BYTES));
    expect(checkChunkPlan(plan)).toBeUndefined();
  });

  it('never leaves a file over 64 MB in one chunk, even with the largest chunk size', () => {
    const plan = planChunks(100 * MB, 64 * MB);
    expect(plan.totalChunkCount).toBeGreaterThanOrEqual(2);
    expect(checkChunkPlan(plan)).toBeUndefined();
  });

  it('plans 1 GiB in 10,000,000-byte chunks with the remainder in the last', () => {
    const plan = planChunks(GiB);
    expect(plan).toEqual({ videoSize: GiB, chunkSize: 10_000_000, totalChunkCount: 107 });
    const last = chunkRange(plan, 106);
    expect(last.last - last.first + 1).toBe(GiB - 106 * 10_000_000);
  });

  it('clamps the chunk size into 5–64 MB and grows it past 1000 chunks', () => {
    expect(planChunks(100 * MB, 1 * MB).chunkSize).toBe(5 * MB);
    expect(planChunks(300 * MB, 100 * MB).chunkSize).toBe(64 * MB);
    const huge = planChunks(4 * GiB, 5 * MB);
    expect(huge.totalChunkCount).toBeLessThanOrEqual(1000);
    expect(checkChunkPlan(huge)).toBeUndefined();
  });

  it('refuses sizes TikTok cannot take', () => {
    expect(() => planChunks(0)).toThrow(RangeError);
    expect(() => planChunks(4 * GiB + 1)).toThrow(RangeError);
  });

  it('always produces a plan the transfer guide accepts, whose chunks tile the file', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 * GiB }), fc.integer({ min: 1, max: 128 * MB }), (size, chunk) => {
        const plan = planChunks(size, chunk);
        expect(checkChunkPlan(plan)).toBeUndefined();
        const last = chunkRange(plan, plan.totalChunkCount - 1);
        expect(last.last).toBe(size - 1);
        expect(last.last - last.first + 1).toBeLessThanOrEqual(128 * MB);
      }),
      { numRuns: 500 },
    );
  });
});
