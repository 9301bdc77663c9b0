import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TikTokEmulatorContext } from './emulator-context.js';
import { fail, ok, serveDataEndpoint, type DataCall, type Outcome } from './emulator-guard.js';
import { derivePublishStatus, isFinalStatus, settlePublish } from './emulator-publish-status.js';
import { parseBody, publishIdBodySchema } from './emulator-publish-rules.js';
import type { PublishRecord } from './emulator-state.js';

function findOwnPublish(ctx: TikTokEmulatorContext, call: DataCall, body: unknown): PublishRecord | Outcome {
  const parsed = parseBody(publishIdBodySchema, body);
  if (!parsed.ok) return fail('invalid_param', parsed.message);
  const publish = ctx.store.publishes.get(parsed.value.publish_id);
  if (publish === undefined) return fail('invalid_publish_id', `publish_id ${parsed.value.publish_id} does not exist.`);
  if (publish.openId !== call.creator.openId || publish.clientKey !== call.app.clientKey) {
    return fail(
      'token_not_authorized_for_specified_publish_id',
      'The access token is not authorized for the specified publish_id.',
    );
  }
  return publish;
}

function fetchStatus(ctx: TikTokEmulatorContext, call: DataCall, request: FastifyRequest): Outcome {
  const found = findOwnPublish(ctx, call, request.body);
  if ('ok' in found) return found;
  const now = ctx.clock.now();
  settlePublish(found, now, ctx.config, ctx.pulls);
  const derived = derivePublishStatus(found, now, ctx.config);
  const data: Record<string, unknown> = { status: derived.status };
  if (derived.failReason !== null) data.fail_reason = derived.failReason;
  // bigint values are written as JSON number literals by the envelope serialiser, keeping all 19 digits.
  data.publicaly_available_post_id = derived.postIds;
  if (found.source === 'FILE_UPLOAD') data.uploaded_bytes = found.bytes;
  else data.downloaded_bytes = found.bytes;
  return ok(data);
}

function cancelPublish(ctx: TikTokEmulatorContext, call: DataCall, request: FastifyRequest): Outcome {
  const found = findOwnPublish(ctx, call, request.body);
  if ('ok' in found) return found;
  const now = ctx.clock.now();
  settlePublish(found, now, ctx.config, ctx.pulls);
  const derived = derivePublishStatus(found, now, ctx.config);
  if (isFinalStatus(derived.status)) {
    return fail('invalid_param', `The publish has already finished with status ${derived.status}.`);
  }
  ctx.pulls.abort(found.publishId);
  for (const [uploadId, upload] of ctx.store.uploads) {
    if (upload.publishId === found.publishId) ctx.store.uploads.delete(uploadId);
  }
  found.failedAt = now;
  found.failReason = 'publish_cancelled';
  return ok({});
}

/** Registers `status/fetch` and `cancel`. */
export function registerStatusRoutes(app: FastifyInstance, ctx: TikTokEmulatorContext): void {
  const scopes = ['video.publish', 'video.upload'] as const;
  const status = { endpoint: 'status', scopes, rateLimit: 'statusFetch' } as const;
  const cancel = { endpoint: 'cancel', scopes, commits: true } as const;
  app.post('/v2/post/publish/status/fetch/', (request, reply) =>
    serveDataEndpoint(ctx, request, reply, status, (call) => fetchStatus(ctx, call, request)),
  );
  app.post('/v2/post/publish/cancel/', (request, reply) =>
    serveDataEndpoint(ctx, request, reply, cancel, (call) => cancelPublish(ctx, call, request)),
  );
}
