import type { Clock } from '../clock.js';
import { createHttpClient, type HttpRequestLog } from './http.js';
import { createPlatformRegistry, type PlatformRegistry } from './registry.js';
import { createTikTokAdapter } from './tiktok/adapter.js';
import { tiktokConfigFor } from './tiktok/config.js';
import type { TikTokPublishOptions } from './tiktok/publish.js';

/** What decides where each adapter sends its requests. */
export interface PlatformsInput {
  /** Use the in-process emulators (sandbox mode) even where credentials are set. */
  sandbox: boolean;
  /** Origin Outbox reaches itself at (its emulators, in sandbox mode), e.g. `http://127.0.0.1:3000`. */
  internalOrigin: string;
  /** Origin browsers reach Outbox at, for sandbox consent pages (Default: `internalOrigin`). */
  publicOrigin?: string | undefined;
  tiktok?: { clientKey: string; clientSecret: string } | undefined;
  clock: Clock;
  /** TikTok publish tuning (status polling) (Default: the adapter's). */
  tiktokPublish?: TikTokPublishOptions | undefined;
  /** Deadline of each platform call and of socket silence, in ms (Default: the HTTP client's). */
  httpTimeoutMs?: number | undefined;
  /** Told about every outbound platform call (method, redacted URL, status, duration). (Default: nobody) */
  onRequest?: ((entry: HttpRequestLog) => void) | undefined;
}

/**
 * The explicit list of adapters an instance serves, each pointed at its real host when credentials are configured
 * and sandbox mode is off, and at its emulator otherwise.
 */
export function createPlatforms(input: PlatformsInput): PlatformRegistry {
  const tiktok = tiktokConfigFor({
    sandbox: input.sandbox,
    sandboxOrigin: input.internalOrigin,
    clientKey: input.tiktok?.clientKey,
    clientSecret: input.tiktok?.clientSecret,
  });
  // The consent page is opened by the user's browser, which may reach Outbox by another name than Outbox itself.
  if (tiktok.sandbox && input.publicOrigin) tiktok.authBaseUrl = tiktok.authBaseUrl.replace(input.internalOrigin, input.publicOrigin);
  const http = createHttpClient({ platform: 'tiktok', clock: input.clock, timeoutMs: input.httpTimeoutMs, idleTimeoutMs: input.httpTimeoutMs });
  if (input.onRequest) http.onRequest(input.onRequest);
  return createPlatformRegistry([createTikTokAdapter(tiktok, { ...input.tiktokPublish, clock: input.clock, http })]);
}
