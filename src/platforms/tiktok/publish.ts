import { PlatformError } from '../platform-error.js';
import type { PlatformCallContext, PublishContext, PublishResult } from '../publish-context.js';
import type { PublishMedia, PublishTarget } from '../publish-target.js';
import type { ContentInitRequest, TikTokPrivacyLevelValue, VideoPostInfo, VideoSourceInfo } from './api.js';
import { DEFAULT_CHUNK_BYTES, planChunks, type ChunkPlan } from './chunk-plan.js';
import type { TikTokClient } from './client.js';
import { fetchCreatorInfo, type TikTokCreatorInfo } from './creator-info.js';
import { TIKTOK } from './errors.js';
import { callInit, cancelPublish, markNotPublished, saveRef, violationsError, type InitEndpoint } from './publish-steps.js';
import { parseTikTokSettings, tiktokSettingsSchema, type TikTokSettings } from './settings.js';
import { fetchPublishStatus, pollPublish } from './status.js';
import { uploadChunks } from './upload.js';
import { creatorViolations, isPhotoTarget, photoDescription, validateTikTokTarget } from './validate.js';

/** Tuning of the publish flow; every field has a default. */
export interface TikTokPublishOptions {
  /** Preferred FILE_UPLOAD chunk size in bytes, clamped to 5–64 MB (Default: 10000000). */
  chunkSize?: number | undefined;
  /** Tries per chunk before the upload fails (Default: 5). */
  maxAttemptsPerChunk?: number | undefined;
  /** Wait between status calls while polling (Default: 5000). */
  statusPollIntervalMs?: number | undefined;
  /** How long `publish` polls before answering `processing` (Default: 120000). */
  statusPollBudgetMs?: number | undefined;
  /** `pollAfterMs` of a `processing` answer (Default: 30000). */
  processingPollAfterMs?: number | undefined;
}

/** {@link TikTokPublishOptions} with every default applied. */
export interface ResolvedPublishOptions {
  chunkSize: number;
  maxAttemptsPerChunk: number;
  statusPollIntervalMs: number;
  statusPollBudgetMs: number;
  processingPollAfterMs: number;
}

/** What the publish flow runs on. */
export interface TikTokPublishDeps {
  client: TikTokClient;
  options: ResolvedPublishOptions;
}

/** Applies the defaults of {@link TikTokPublishOptions}. */
export function resolvePublishOptions(options: TikTokPublishOptions): ResolvedPublishOptions {
  return {
    chunkSize: options.chunkSize ?? DEFAULT_CHUNK_BYTES,
    maxAttemptsPerChunk: options.maxAttemptsPerChunk ?? 5,
    statusPollIntervalMs: options.statusPollIntervalMs ?? 5_000,
    statusPollBudgetMs: options.statusPollBudgetMs ?? 120_000,
    processingPollAfterMs: options.processingPollAfterMs ?? 30_000,
  };
}

/** Everything one publish attempt decided before init. */
interface Attempt {
  deps: TikTokPublishDeps;
  context: PublishContext;
  target: PublishTarget;
  settings: TikTokSettings;
  /** Creator handle for the post link. */
  username: string | undefined;
}

function pollOptions(attempt: Attempt) {
  const { options } = attempt.deps;
  const publicDirect = attempt.settings.post_mode === 'DIRECT_POST' && attempt.settings.privacy_level === 'PUBLIC_TO_EVERYONE';
  return {
    intervalMs: options.statusPollIntervalMs,
    budgetMs: options.statusPollBudgetMs,
    pollAfterMs: options.processingPollAfterMs,
    // Only public posts get an id, after moderation; waiting for one on a private post would only burn the budget.
    waitForPostId: publicDirect,
    sleep: (ms: number) => attempt.context.sleep(ms),
  };
}

/** The call context for status polls, naming the creator so post links can be built. */
function callContext(attempt: Attempt): PlatformCallContext {
  const { accessToken, clock, signal } = attempt.context;
  return { accessToken, clock, signal, username: attempt.username };
}

/** creator_info, read before every direct post as TikTok requires, checked against the target. */
async function checkCreator(attempt: Attempt): Promise<TikTokCreatorInfo> {
  const { client } = attempt.deps;
  const creator = await fetchCreatorInfo(client, attempt.context.accessToken, attempt.context.signal);
  const violations = creatorViolations(attempt.target, attempt.settings, creator);
  if (violations.length > 0) throw violationsError(violations);
  return creator;
}

/** The privacy level of a direct post; validation has already refused a direct post without one. */
function privacyOf(attempt: Attempt): TikTokPrivacyLevelValue {
  const privacy = attempt.settings.privacy_level;
  if (privacy === undefined) throw new RangeError('A direct post reached init without a privacy level');
  return privacy;
}

function videoPostInfo(attempt: Attempt, creator: TikTokCreatorInfo): VideoPostInfo {
  const { settings } = attempt;
  const info: VideoPostInfo = {
    privacy_level: privacyOf(attempt),
    title: attempt.target.content,
    // An interaction the creator turned off in the app stays off, whatever the target asks.
    disable_comment: settings.disable_comment || creator.commentDisabled,
    disable_duet: settings.disable_duet || creator.duetDisabled,
    disable_stitch: settings.disable_stitch || creator.stitchDisabled,
    brand_content_toggle: settings.brand_content_toggle,
    brand_organic_toggle: settings.brand_organic_toggle,
  };
  if (settings.is_aigc !== undefined) info.is_aigc = settings.is_aigc;
  if (settings.video_cover_timestamp_ms !== undefined) info.video_cover_timestamp_ms = settings.video_cover_timestamp_ms;
  return info;
}

/**
 * Inits a video: PULL_FROM_URL when the media has a public URL, else FILE_UPLOAD. A pull refused with
 * `url_ownership_unverified` created nothing at TikTok, so the same video is then pushed instead.
 */
async function initVideo(attempt: Attempt, endpoint: InitEndpoint, postInfo: VideoPostInfo | undefined, media: PublishMedia) {
  const { client, options } = attempt.deps;
  const body = (source: VideoSourceInfo) => (postInfo === undefined ? { source_info: source } : { post_info: postInfo, source_info: source });
  if (media.publicUrl !== undefined) {
    try {
      const answer = await callInit(client, attempt.context, endpoint, body({ source: 'PULL_FROM_URL', video_url: media.publicUrl }));
      return { publishId: answer.publish_id, uploadUrl: undefined, plan: undefined };
    } catch (error) {
      if (!(error instanceof PlatformError) || error.platformCode !== 'url_ownership_unverified') throw error;
    }
  }
  const plan: ChunkPlan = planChunks(media.sizeBytes, options.chunkSize);
  const source: VideoSourceInfo = { source: 'FILE_UPLOAD', video_size: plan.videoSize, chunk_size: plan.chunkSize, total_chunk_count: plan.totalChunkCount };
  const answer = await callInit(client, attempt.context, endpoint, body(source));
  if (answer.upload_url === undefined) {
    throw new PlatformError('unknown', TIKTOK, `TikTok ${endpoint} returned no upload_url for a FILE_UPLOAD.`, { platformCode: 'invalid_response' });
  }
  return { publishId: answer.publish_id, uploadUrl: answer.upload_url, plan };
}

/** Pushes the bytes; when the upload cannot finish, cancels the publish so a retry may start afresh. */
async function pushBytes(attempt: Attempt, publishId: string, uploadUrl: string, plan: ChunkPlan, media: PublishMedia): Promise<void> {
  const { client, options } = attempt.deps;
  try {
    await uploadChunks({
      http: client.http,
      uploadUrl,
      media,
      plan,
      sleep: (ms) => attempt.context.sleep(ms),
      signal: attempt.context.signal,
      maxAttemptsPerChunk: options.maxAttemptsPerChunk,
    });
  } catch (error) {
    if (error instanceof PlatformError && (await cancelPublish(client, attempt.context, publishId))) throw markNotPublished(error);
    throw error;
  }
}

async function publishVideo(attempt: Attempt): Promise<PublishResult> {
  const media = attempt.target.media[0] as PublishMedia;
  const direct = attempt.settings.post_mode === 'DIRECT_POST';
  let postInfo: VideoPostInfo | undefined;
  if (direct) {
    const creator = await checkCreator(attempt);
    attempt.username ??= creator.username;
    postInfo = videoPostInfo(attempt, creator);
  }
  // Drafts go to the inbox endpoint, whose documented body is source_info only.
  const init = await initVideo(attempt, direct ? 'video.init' : 'inbox.init', postInfo, media);
  await saveRef(attempt.context, init.publishId, init.uploadUrl !== undefined);
  if (init.uploadUrl !== undefined && init.plan !== undefined) await pushBytes(attempt, init.publishId, init.uploadUrl, init.plan, media);
  return pollPublish(attempt.deps.client, callContext(attempt), init.publishId, pollOptions(attempt));
}

async function publishPhotos(attempt: Attempt): Promise<PublishResult> {
  const { settings, target } = attempt;
  const direct = settings.post_mode === 'DIRECT_POST';
  const creator = direct ? await checkCreator(attempt) : undefined;
  attempt.username ??= creator?.username;
  const postInfo: ContentInitRequest['post_info'] = {
    description: photoDescription(target, settings),
    disable_comment: settings.disable_comment || creator?.commentDisabled === true,
    brand_content_toggle: settings.brand_content_toggle,
    brand_organic_toggle: settings.brand_organic_toggle,
  };
  if (settings.photo_title !== undefined) postInfo.title = settings.photo_title;
  if (direct) postInfo.privacy_level = privacyOf(attempt);
  if (settings.auto_add_music !== undefined) postInfo.auto_add_music = settings.auto_add_music;
  const body: ContentInitRequest = {
    media_type: 'PHOTO',
    post_mode: settings.post_mode,
    post_info: postInfo,
    source_info: {
      source: 'PULL_FROM_URL',
      photo_images: target.media.map((item) => item.publicUrl as string),
      photo_cover_index: settings.photo_cover_index,
    },
  };
  const answer = await callInit(attempt.deps.client, attempt.context, 'content.init', body);
  await saveRef(attempt.context, answer.publish_id, false);
  return pollPublish(attempt.deps.client, callContext(attempt), answer.publish_id, pollOptions(attempt));
}

/**
 * Reconciles an attempt that already has a publish_id: never a second init. An upload that stopped part-way can
 * only be finished by the attempt that held its upload_url, so it is cancelled (then it is provably not
 * published, and the caller may clear the handle and send again); anything else is polled to its outcome.
 */
async function resumePublish(attempt: Attempt, publishId: string): Promise<PublishResult> {
  const { client } = attempt.deps;
  const status = await fetchPublishStatus(client, attempt.context, publishId);
  const video = attempt.target.media.find((item) => item.probe.kind === 'video');
  const incomplete = status.status === 'PROCESSING_UPLOAD' && status.uploaded_bytes !== undefined && video !== undefined && status.uploaded_bytes < video.sizeBytes;
  if (incomplete && (await cancelPublish(client, attempt.context, publishId))) {
    throw new PlatformError('transient', TIKTOK, `The upload of TikTok publish ${publishId} was interrupted; it was cancelled and can be sent again.`, {
      platformCode: 'upload_incomplete',
      platformError: { publish_id: publishId, uploaded_bytes: status.uploaded_bytes },
      notPublished: true,
    });
  }
  return pollPublish(client, callContext(attempt), publishId, pollOptions(attempt));
}

/**
 * Publishes a target to TikTok, or resumes the attempt identified by `context.externalRef`. A new attempt is validated
 * first (no request is made for a target that breaks a rule); a direct post reads creator_info and checks the
 * privacy level and duration against it; the publish_id is saved before any byte is sent.
 */
export async function publishToTikTok(deps: TikTokPublishDeps, context: PublishContext, target: PublishTarget): Promise<PublishResult> {
  const parsed = parseTikTokSettings(target.platformSettings);
  if (context.externalRef !== undefined) {
    // A resume is never refused on validation: the earlier attempt may already have posted.
    const settings = parsed.ok ? parsed.settings : tiktokSettingsSchema.parse({});
    return resumePublish({ deps, context, target, settings, username: context.username }, context.externalRef);
  }
  const violations = validateTikTokTarget(target);
  if (violations.length > 0 || !parsed.ok) throw violationsError(violations);
  const attempt: Attempt = { deps, context, target, settings: parsed.settings, username: context.username };
  return isPhotoTarget(target) ? publishPhotos(attempt) : publishVideo(attempt);
}
