import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { checkChunkPlan, type ChunkPlan } from './chunk-rules.js';
import { isVerifiedUrl, versionAtLeast } from './emulator-config.js';
import type { TikTokEmulatorContext } from './emulator-context.js';
import { postingBlock, privacyProblem } from './emulator-creator-info.js';
import type { TikTokEmulatorEndpoint } from './emulator-faults.js';
import { checkScopes, fail, ok, serveDataEndpoint, type DataCall, type Outcome } from './emulator-guard.js';
import type { TikTokPrivacyLevel } from './emulator-options.js';
import {
  contentInitBodySchema,
  inboxInitBodySchema,
  parseBody,
  pullUrlProblem,
  videoInitBodySchema,
} from './emulator-publish-rules.js';
import { newPostId, newPublishId, randomSecret, type PostMode, type PublishRecord } from './emulator-state.js';

/** The creator app version MEDIA_UPLOAD (inbox) requires. */
const MEDIA_UPLOAD_MIN_APP_VERSION = '31.8';

/** Everything an init has validated and is about to record. */
interface NewPublish {
  endpoint: TikTokEmulatorEndpoint;
  mode: PostMode;
  mediaType: 'VIDEO' | 'PHOTO';
  privacyLevel: TikTokPrivacyLevel | null;
  title: string;
  description: string;
  postInfo: Record<string, unknown>;
  upload: ChunkPlan | undefined;
  urls: string[];
}

type VideoSource = { source: 'FILE_UPLOAD'; video_size: number; chunk_size: number; total_chunk_count: number } | {
  source: 'PULL_FROM_URL';
  video_url: string;
};

function sourceProblem(call: DataCall, source: VideoSource): Outcome | null {
  if (source.source === 'FILE_UPLOAD') {
    const plan = { videoSize: source.video_size, chunkSize: source.chunk_size, totalChunkCount: source.total_chunk_count };
    const problem = checkChunkPlan(plan);
    return problem === undefined ? null : fail('invalid_param', problem);
  }
  return urlsProblem(call, 'source_info.video_url', [source.video_url]);
}

function urlsProblem(call: DataCall, field: string, urls: string[]): Outcome | null {
  for (const url of urls) {
    const problem = pullUrlProblem(field, url);
    if (problem !== undefined) return fail('invalid_param', problem);
  }
  const unverified = urls.find((url) => !isVerifiedUrl(call.app, url));
  if (unverified !== undefined) {
    return fail('url_ownership_unverified', `The domain or URL prefix of ${unverified} is not verified for this app.`);
  }
  return null;
}

function appVersionProblem(call: DataCall): Outcome | null {
  if (versionAtLeast(call.creator.appVersion, MEDIA_UPLOAD_MIN_APP_VERSION)) return null;
  return fail('app_version_check_failed', `The user's TikTok app must be version ${MEDIA_UPLOAD_MIN_APP_VERSION} or newer.`);
}

function uploadUrl(base: string, uploadId: string, uploadToken: string): string {
  return `${base}/video/?upload_id=${encodeURIComponent(uploadId)}&upload_token=${encodeURIComponent(uploadToken)}`;
}

/** Records a validated init: the publish, its upload or download, the rolling caps and the counters. */
function commitPublish(ctx: TikTokEmulatorContext, call: DataCall, request: FastifyRequest, init: NewPublish): Outcome {
  const { store, clock } = ctx;
  const now = clock.now();
  const source = init.upload === undefined ? 'PULL_FROM_URL' : 'FILE_UPLOAD';
  const publishId = newPublishId(init.mediaType, source);
  const match = { endpoint: init.endpoint, token: call.accessToken.token, account: call.creator.openId };
  const forced = ctx.faults.take(match, (fault) => fault.kind === 'publish_fail');
  const hang = source === 'PULL_FROM_URL' && ctx.faults.take(match, (fault) => fault.kind === 'pull_hang') !== undefined;
  const publish: PublishRecord = {
    publishId,
    clientKey: call.app.clientKey,
    openId: call.creator.openId,
    accessToken: call.accessToken.token,
    mode: init.mode,
    mediaType: init.mediaType,
    source,
    privacyLevel: init.privacyLevel,
    title: init.title,
    description: init.description,
    postInfo: init.postInfo,
    createdAt: now,
    expectedBytes: init.upload?.videoSize ?? null,
    bytes: 0,
    contentType: null,
    media: [],
    transferCompletedAt: null,
    failedAt: null,
    failReason: null,
    forcedFailReason: forced?.kind === 'publish_fail' ? forced.failReason : null,
    postId: init.mode === 'DIRECT_POST' && init.privacyLevel === 'PUBLIC_TO_EVERYONE' ? newPostId() : null,
  };
  store.publishes.set(publishId, publish);
  store.activeCreators.record(call.app.clientKey, call.creator.openId);
  if (init.mode === 'DIRECT_POST') store.directPosts.record(call.creator.openId);
  else store.pendingShares.record(call.creator.openId);
  store.bump(store.counters.initsByCreator, call.creator.openId);

  if (init.upload !== undefined) {
    const uploadId = randomSecret(12);
    const uploadToken = randomSecret(18);
    store.uploads.set(uploadId, {
      uploadId,
      uploadToken,
      publishId,
      ...init.upload,
      received: 0,
      chunksReceived: 0,
      hash: createHash('sha256'),
      expiresAt: now + ctx.config.uploadUrlTtlMs,
      busy: false,
    });
    return ok({ publish_id: publishId, upload_url: uploadUrl(ctx.baseUrlFor(request), uploadId, uploadToken) });
  }
  if (!hang) ctx.pulls.start(publish, init.urls);
  return ok({ publish_id: publishId });
}

function sourceParts(source: VideoSource): Pick<NewPublish, 'upload' | 'urls'> {
  if (source.source === 'PULL_FROM_URL') return { upload: undefined, urls: [source.video_url] };
  return {
    upload: { videoSize: source.video_size, chunkSize: source.chunk_size, totalChunkCount: source.total_chunk_count },
    urls: [],
  };
}

function videoInit(ctx: TikTokEmulatorContext, call: DataCall, request: FastifyRequest): Outcome {
  const body = parseBody(videoInitBodySchema, request.body);
  if (!body.ok) return fail('invalid_param', body.message);
  const { post_info: postInfo, source_info: source } = body.value;
  const problem =
    sourceProblem(call, source) ?? privacyProblem(call, postInfo.privacy_level) ?? postingBlock(ctx, call, 'DIRECT_POST');
  if (problem !== null) return problem;
  return commitPublish(ctx, call, request, {
    endpoint: 'video.init',
    mode: 'DIRECT_POST',
    mediaType: 'VIDEO',
    privacyLevel: postInfo.privacy_level,
    title: postInfo.title ?? '',
    description: '',
    postInfo,
    ...sourceParts(source),
  });
}

function inboxInit(ctx: TikTokEmulatorContext, call: DataCall, request: FastifyRequest): Outcome {
  const body = parseBody(inboxInitBodySchema, request.body);
  if (!body.ok) return fail('invalid_param', body.message);
  const source = body.value.source_info;
  const problem = sourceProblem(call, source) ?? appVersionProblem(call) ?? postingBlock(ctx, call, 'MEDIA_UPLOAD');
  if (problem !== null) return problem;
  return commitPublish(ctx, call, request, {
    endpoint: 'inbox.init',
    mode: 'MEDIA_UPLOAD',
    mediaType: 'VIDEO',
    privacyLevel: null,
    title: body.value.post_info?.title ?? '',
    description: '',
    postInfo: body.value.post_info ?? {},
    ...sourceParts(source),
  });
}

function contentInit(ctx: TikTokEmulatorContext, call: DataCall, request: FastifyRequest): Outcome {
  const body = parseBody(contentInitBodySchema, request.body);
  if (!body.ok) return fail('invalid_param', body.message);
  const { post_mode: mode, post_info: postInfo, source_info: source } = body.value;
  const scopeProblem = checkScopes(call, [mode === 'DIRECT_POST' ? 'video.publish' : 'video.upload']);
  if (scopeProblem !== null) return scopeProblem;
  const privacyLevel = postInfo.privacy_level ?? null;
  const problem =
    urlsProblem(call, 'source_info.photo_images', source.photo_images) ??
    (mode === 'DIRECT_POST' && privacyLevel !== null ? privacyProblem(call, privacyLevel) : appVersionProblem(call)) ??
    postingBlock(ctx, call, mode);
  if (problem !== null) return problem;
  return commitPublish(ctx, call, request, {
    endpoint: 'content.init',
    mode,
    mediaType: 'PHOTO',
    privacyLevel: mode === 'DIRECT_POST' ? privacyLevel : null,
    title: postInfo.title ?? '',
    description: postInfo.description ?? '',
    postInfo,
    upload: undefined,
    urls: source.photo_images,
  });
}

/** Registers the three init endpoints: video Direct Post, inbox video upload, photo content. */
export function registerPublishRoutes(app: FastifyInstance, ctx: TikTokEmulatorContext): void {
  const video = { endpoint: 'video.init', scopes: ['video.publish'], rateLimit: 'videoInit', commits: true } as const;
  const inbox = { endpoint: 'inbox.init', scopes: ['video.upload'], rateLimit: 'inboxVideoInit', commits: true } as const;
  const content = { endpoint: 'content.init', rateLimit: 'contentInit', commits: true } as const;
  app.post('/v2/post/publish/video/init/', (request, reply) =>
    serveDataEndpoint(ctx, request, reply, video, (call) => videoInit(ctx, call, request)),
  );
  app.post('/v2/post/publish/inbox/video/init/', (request, reply) =>
    serveDataEndpoint(ctx, request, reply, inbox, (call) => inboxInit(ctx, call, request)),
  );
  app.post('/v2/post/publish/content/init/', (request, reply) =>
    serveDataEndpoint(ctx, request, reply, content, (call) => contentInit(ctx, call, request)),
  );
}
