import type { HttpClient, HttpResponse } from '../http.js';
import { streamBody } from '../http.js';
import { PlatformError } from '../platform-error.js';
import type { PublishMedia } from '../publish-target.js';
import { chunkRange, type ChunkPlan } from './chunk-plan.js';
import { TIKTOK } from './errors.js';

/** What {@link uploadChunks} needs. */
export interface ChunkUploadInput {
  http: HttpClient;
  /** The `upload_url` from init, used verbatim (query string included). */
  uploadUrl: string;
  media: PublishMedia;
  plan: ChunkPlan;
  /** The caller's wait, between retries. */
  sleep(ms: number): Promise<void>;
  signal?: AbortSignal | undefined;
  /** Tries per chunk before giving up (Default: 5). */
  maxAttemptsPerChunk?: number | undefined;
  /** Whole-request deadline of one chunk PUT in ms (Default: 600000). */
  chunkTimeoutMs?: number | undefined;
}

/** Parses the upload endpoint's progress header `bytes 0-{last}/{total}` (a `*` range before any byte) into a byte count. */
export function receivedFromContentRange(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return undefined;
  if (/^bytes \*\/\d+$/.test(value.trim())) return 0;
  const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(value.trim());
  return match === null ? undefined : Number(match[2]) + 1;
}

function uploadError(kind: 'transient' | 'media_rejected', code: string, message: string, status?: number): PlatformError {
  return new PlatformError(kind, TIKTOK, `TikTok upload: ${message}`, { platformCode: code, status });
}

/** The chunk that starts at byte `received`; throws when TikTok's progress is not on a chunk boundary. */
function chunkAt(plan: ChunkPlan, received: number): number {
  const index = received / plan.chunkSize;
  if (!Number.isInteger(index) || index >= plan.totalChunkCount) {
    throw uploadError('transient', 'upload_progress_mismatch', `TikTok reports ${received} bytes received, which is not a chunk boundary.`);
  }
  return index;
}

async function putChunk(input: ChunkUploadInput, index: number): Promise<HttpResponse> {
  const { first, last } = chunkRange(input.plan, index);
  let stream;
  try {
    stream = await input.media.openRange(first, last);
  } catch (error) {
    throw new PlatformError('transient', TIKTOK, 'The media bytes could not be read for upload.', { platformCode: 'SOURCE_READ_FAILED', cause: error });
  }
  return input.http.request({
    method: 'PUT',
    url: input.uploadUrl,
    headers: { 'content-range': `bytes ${first}-${last}/${input.plan.videoSize}` },
    body: streamBody(stream, last - first + 1, input.media.contentType),
    idempotent: true,
    operation: 'upload',
    timeoutMs: input.chunkTimeoutMs ?? 600_000,
    idleTimeoutMs: 60_000,
    signal: input.signal,
  });
}

/** Outcome of one PUT: the bytes TikTok now holds, "done", a reason to retry, or a final failure. */
function classify(response: HttpResponse, plan: ChunkPlan, index: number): { received: number } | { retry: string } {
  const progress = receivedFromContentRange(response.headers['content-range']);
  const status = response.status;
  if (status === 201 || status === 200) return { received: plan.videoSize };
  if (status === 206) return { received: progress ?? chunkRange(plan, index).last + 1 };
  // 416: our Content-Range is not where TikTok is (a lost 206, a concurrent PUT); its header says where to resume.
  if (status === 416 && progress !== undefined) return { received: progress };
  if (status === 416 || status >= 500) return { retry: `HTTP ${status}` };
  if (status === 403) throw uploadError('transient', 'upload_url_expired', 'the upload URL expired or was refused (403).', status);
  if (status === 404) throw uploadError('transient', 'upload_not_found', 'TikTok no longer knows this upload (404).', status);
  throw uploadError('media_rejected', 'upload_rejected', `TikTok refused a chunk (HTTP ${status}).`, status);
}

/**
 * Sends a video to `upload_url` chunk by chunk, strictly in order, each chunk streamed from `media.openRange` (memory
 * stays flat for any size). A 5xx or a network failure resends the same chunk after a backoff; a 416 resumes from
 * the progress TikTok reports in its `Content-Range`. Resolves when TikTok has every byte (201); rejects with a
 * PlatformError: transient (retries used up, URL expired, upload gone) or media_rejected (a chunk refused with 400).
 */
export async function uploadChunks(input: ChunkUploadInput): Promise<void> {
  const maxAttempts = input.maxAttemptsPerChunk ?? 5;
  let received = 0;
  let attempts = 0;
  while (received < input.plan.videoSize) {
    const index = chunkAt(input.plan, received);
    let response: HttpResponse | undefined;
    let failure: PlatformError | undefined;
    try {
      response = await putChunk(input, index);
    } catch (error) {
      if (!(error instanceof PlatformError) || error.kind !== 'transient' || input.signal?.aborted === true) throw error;
      failure = error;
    }
    const outcome = response === undefined ? { retry: failure?.message ?? 'no answer' } : classify(response, input.plan, index);
    if ('received' in outcome && outcome.received > received) {
      received = outcome.received;
      attempts = 0;
      continue;
    }
    attempts += 1;
    if (attempts >= maxAttempts) {
      if (failure !== undefined) throw failure;
      const reason = 'retry' in outcome ? outcome.retry : 'no progress';
      throw uploadError('transient', 'upload_retries_exhausted', `chunk ${index + 1} of ${input.plan.totalChunkCount} failed ${attempts} times (${reason}).`);
    }
    if ('received' in outcome) received = outcome.received;
    await input.sleep(Math.min(1000 * 2 ** (attempts - 1), 30_000));
  }
}
