import { createHash } from 'node:crypto';
import type { Clock } from '../../clock.js';
import type { PublishRecord } from './emulator-state.js';

/**
 * Downloads PULL_FROM_URL media the way TikTok does: a real HTTP GET per URL, streamed (bytes are counted and
 * hashed, never buffered), no redirects followed (a 3xx fails the pull), any non-2xx or network error fails the
 * publish with `video_pull_failed` / `photo_pull_failed`.
 */
export interface PullRunner {
  /** Starts downloading `urls` for `publish` in the background. */
  start(publish: PublishRecord, urls: string[]): void;
  /** Stops the download of one publish, leaving its state to the caller (cancel, timeout). */
  abort(publishId: string): void;
  /** Stops every download (reset, server close). */
  abortAll(): void;
  /** Resolves once no download is running. */
  idle(): Promise<void>;
}

async function download(url: string, signal: AbortSignal): Promise<{ bytes: number; sha256: string }> {
  const response = await fetch(url, { redirect: 'manual', signal });
  if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
    await response.body?.cancel();
    throw new Error(`${url} answered a redirect (${response.status}); pull URLs must not redirect`);
  }
  if (!response.ok || response.body === null) {
    await response.body?.cancel();
    throw new Error(`${url} answered ${response.status}`);
  }
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of response.body) {
    hash.update(chunk);
    bytes += chunk.byteLength;
  }
  return { bytes, sha256: hash.digest('hex') };
}

/** Creates a {@link PullRunner} that stamps completion and failure with `clock`. */
export function createPullRunner(clock: Clock): PullRunner {
  const running = new Map<string, { controller: AbortController; done: Promise<void> }>();

  async function run(publish: PublishRecord, urls: string[], signal: AbortSignal): Promise<void> {
    try {
      for (const url of urls) {
        const result = await download(url, signal);
        publish.media.push({ url, bytes: result.bytes, sha256: result.sha256 });
        publish.bytes += result.bytes;
      }
      if (signal.aborted) return;
      publish.expectedBytes = publish.bytes;
      publish.transferCompletedAt = clock.now();
    } catch {
      if (signal.aborted || publish.failedAt !== null) return;
      publish.failedAt = clock.now();
      publish.failReason = publish.mediaType === 'PHOTO' ? 'photo_pull_failed' : 'video_pull_failed';
    }
  }

  return {
    start(publish, urls) {
      const controller = new AbortController();
      const done = run(publish, urls, controller.signal).finally(() => running.delete(publish.publishId));
      running.set(publish.publishId, { controller, done });
    },
    abort(publishId) {
      running.get(publishId)?.controller.abort();
    },
    abortAll() {
      for (const entry of running.values()) entry.controller.abort();
    },
    async idle() {
      while (running.size > 0) await Promise.all([...running.values()].map((entry) => entry.done));
    },
  };
}
