import { systemClock, type Clock } from '../../clock.js';
import type { PlatformAdapter, PlatformCapabilities } from '../adapter.js';
import { createHttpClient, type HttpClient } from '../http.js';
import { createTikTokAuth, type TikTokOAuthConnector } from './auth.js';
import { createTikTokClient } from './client.js';
import type { TikTokConfig } from './config.js';
import { fetchCreatorInfo, type TikTokCreatorInfo } from './creator-info.js';
import { TIKTOK } from './errors.js';
import { presentCreatorInfo } from './present-creator-info.js';
import { publishToTikTok, resolvePublishOptions, type TikTokPublishOptions } from './publish.js';
import { fetchPublishStatus, interpretStatus } from './status.js';
import { tiktokSettingsFromApi } from './api-settings.js';
import { isPhotoTarget, validateTikTokTarget } from './validate.js';

/** What TikTok's Content Posting API can do. */
export const TIKTOK_CAPABILITIES: PlatformCapabilities = Object.freeze({
  supportsVideo: true,
  supportsImages: true,
  supportsCarousel: true,
  supportsText: false,
  supportsScheduling: false,
  supportsDelete: false,
  supportsEdit: false,
  supportsDrafts: true,
  maxCaptionLength: 2200,
  maxMediaItems: 35,
  requiresPublicMediaUrl: Object.freeze({ video: false, image: true }),
});

/** Options of {@link createTikTokAdapter}. */
export interface TikTokAdapterOptions extends TikTokPublishOptions {
  /** The outbound HTTP helper (Default: a new one for platform `tiktok`). */
  http?: HttpClient | undefined;
  /** Time source for token expiry times (Default: the system clock). */
  clock?: Clock | undefined;
}

/** The TikTok adapter, typed with its live account data (creator_info). */
export type TikTokAdapter = PlatformAdapter<TikTokCreatorInfo> & { readonly auth: TikTokOAuthConnector };

/**
 * The TikTok adapter: Login Kit v2 for accounts, Content Posting API v2 for video Direct Post (FILE_UPLOAD or
 * PULL_FROM_URL), photo posts (PULL_FROM_URL) and inbox drafts. TikTok can neither edit nor delete a published
 * post, and has no native scheduling, so `deletePost` and `editPost` are absent.
 */
export function createTikTokAdapter(config: TikTokConfig, options: TikTokAdapterOptions = {}): TikTokAdapter {
  const clock = options.clock ?? systemClock;
  const http = options.http ?? createHttpClient({ platform: TIKTOK, clock });
  const client = createTikTokClient(config, http, clock);
  const deps = { client, options: resolvePublishOptions(options) };
  return {
    id: TIKTOK,
    capabilities: TIKTOK_CAPABILITIES,
    auth: createTikTokAuth(client),
    validateTarget: (target, creator) => validateTikTokTarget(target, creator),
    settingsFromApi: (data, fieldBase) => tiktokSettingsFromApi(data, fieldBase),
    // A pushed video is safe to send again: TikTok publishes nothing for an init whose bytes never arrived. A pull
    // (photos, or a video with a public URL) starts publishing with the init request itself.
    canResendWithoutRef: (target) => !isPhotoTarget(target) && target.media.every((m) => m.publicUrl === undefined),
    // Direct posts need video.publish; drafts sent to the creator's inbox need video.upload.
    requiredScopes: (target) => [target.platformSettings?.['post_mode'] === 'MEDIA_UPLOAD' ? 'video.upload' : 'video.publish'],
    publish: (context, target) => publishToTikTok(deps, context, target),
    async getStatus(context, externalRef) {
      return interpretStatus(client, context, externalRef, await fetchPublishStatus(client, context, externalRef));
    },
    accountInfo: (accessToken, signal) => fetchCreatorInfo(client, accessToken, signal),
    accountInfoName: 'creator-info',
    present: { accountInfo: presentCreatorInfo },
  };
}
