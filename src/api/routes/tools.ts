import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { publicMediaUrl } from '../../core/media/public-media-url.js';
import { validateMedia } from '../../core/media/validate-media.js';
import { ACCEPTED_PLATFORM_NAMES, API_PLATFORM_NAMES } from '../../core/media/validate-platform-name.js';
import { validatePostLength } from '../../core/media/validate-post-length.js';
import { validatePost, type PostValidation } from '../../core/media/validate-post.js';
import { principalOf } from '../fastify-types.js';
import { requestOrigin } from '../request-origin.js';
import { commonErrors, objectId } from '../schemas/common.js';

/** Longer than any platform's limit (Facebook's 63,206), short enough that counting stays cheap. */
const MAX_TEXT = 100_000;
const MAX_URL = 2048;

const text = z.string().max(MAX_TEXT, `must be at most ${MAX_TEXT} characters`);
const platformName = z
  .string()
  .transform((value) => value.trim().toLowerCase())
  .pipe(z.enum(ACCEPTED_PLATFORM_NAMES as string[], { error: `must be one of ${API_PLATFORM_NAMES.join(', ')}` }))
  .describe(`One of ${API_PLATFORM_NAMES.join(', ')} (case-insensitive; x and google-business are accepted too).`);

// The SDK's MediaItem plus Outbox's uploadId; other MediaItem fields (title, thumbnail …) do not affect validation.
const mediaItem = z.object({
  type: z.enum(['image', 'video', 'gif', 'document']).optional(),
  url: z.string().max(MAX_URL, `must be at most ${MAX_URL} characters`).nullable().optional(),
  uploadId: objectId.optional(),
  altText: text.optional(),
});

const violation = z
  .object({
    code: z.string().describe('A rule code (docs/media-rules.md) or why a media item could not be looked at (docs/errors.md).'),
    field: z.string().describe('Path of the request field at fault, e.g. `platforms[1].customContent`, `mediaItems[0]`.'),
    property: z.string().optional().describe('What was measured on the item, e.g. `durationMs`, `width`.'),
    message: z.string(),
    limit: z.union([z.number(), z.string(), z.array(z.string())]).optional(),
    actual: z.union([z.number(), z.string()]).optional(),
  })
  .meta({ id: 'ValidationViolation' });

const postLengthResponse = z.object({
  text: z.string(),
  platforms: z.record(z.string(), z.object({ count: z.number(), limit: z.number(), valid: z.boolean(), unit: z.string() })),
});

const mediaBody = z
  .object({
    url: z.string().max(MAX_URL, `must be at most ${MAX_URL} characters`).optional().describe('A public media URL of this instance.'),
    uploadId: objectId.optional().describe('Instead of url: an upload id from presign.'),
  })
  .superRefine((body, zctx) => {
    if (body.url === undefined && body.uploadId === undefined) zctx.addIssue({ code: 'custom', path: ['url'], message: 'required (or uploadId)' });
    if (body.url !== undefined && body.uploadId !== undefined) zctx.addIssue({ code: 'custom', path: ['uploadId'], message: 'send either url or uploadId, not both' });
    if (body.url !== undefined && !/^https?:\/\/[^\s]+$/i.test(body.url)) zctx.addIssue({ code: 'custom', path: ['url'], message: 'must be an absolute http(s) URL' });
  });

const mediaResponse = z.object({
  valid: z.boolean().describe('True when the URL names stored, probed media; per-platform verdicts are in `platforms`.'),
  url: z.string().optional(),
  uploadId: z.string().optional(),
  error: z.string().optional(),
  code: z.string().optional().describe('Why the media could not be looked at, when valid is false.'),
  contentType: z.string().optional(),
  size: z.number().nullable().optional(),
  sizeFormatted: z.string().optional(),
  type: z.enum(['image', 'video', 'unknown']),
  platformLimits: z.record(z.string(), z.object({ limit: z.number(), limitFormatted: z.string(), withinLimit: z.boolean() })).optional(),
  probe: z.record(z.string(), z.unknown()).optional(),
  platforms: z.record(z.string(), z.object({ valid: z.boolean(), violations: z.array(violation) })).optional(),
});

const postBody = z.object({
  content: text.optional(),
  platforms: z
    .array(
      z.object({
        platform: platformName,
        accountId: z.string().max(100).optional().describe('Accepted and not checked yet: account limits are not applied.'),
        customContent: text.optional(),
        customMedia: z.array(mediaItem).max(100).optional(),
        platformSpecificData: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .min(1, 'must name at least one platform')
    .max(50, 'must name at most 50 platforms'),
  mediaItems: z.array(mediaItem).max(100).optional(),
});

const postResponse = z.object({
  valid: z.boolean(),
  message: z.string().optional(),
  errors: z.array(z.object({ platform: z.string(), error: z.string() })).optional(),
  warnings: z.array(z.object({ platform: z.string().optional(), warning: z.string() })),
  violations: z.array(violation.extend({ platform: z.string() }).meta({ id: 'PostValidationViolation' })),
});

/** `1073741824` → `1 GiB`; sizes are binary, as in the rule tables. */
function formatBytes(bytes: number): string {
  const units = [['GiB', 1024 ** 3], ['MiB', 1024 ** 2], ['KiB', 1024]] as const;
  for (const [unit, size] of units) {
    if (bytes >= size) return `${Math.round((bytes / size) * 100) / 100} ${unit}`;
  }
  return `${bytes} bytes`;
}

function presentPost(result: PostValidation): z.infer<typeof postResponse> {
  if (result.valid) {
    return { valid: true, message: 'The post passes every rule on every platform.', warnings: result.warnings, violations: [] };
  }
  const errors = result.violations.map((v) => ({ platform: v.platform, error: `${v.field}: ${v.message}` }));
  return { valid: false, errors, warnings: result.warnings, violations: result.violations };
}

async function answerValidateMedia(ctx: AppContext, request: FastifyRequest, body: z.infer<typeof mediaBody>): Promise<z.infer<typeof mediaResponse>> {
  const origin = requestOrigin(request);
  const { url, uploadId } = body;
  const echo = { ...(url !== undefined && { url }), ...(uploadId !== undefined && { uploadId }) };
  const result = await validateMedia(ctx, principalOf(request), { url, uploadId, origin });
  if (!result.ok) return { valid: false, ...echo, error: result.message, code: result.code, type: 'unknown' };
  const { probe } = result;
  const platformLimits = Object.fromEntries(
    Object.entries(result.sizeLimits).map(([name, { limit, withinLimit }]) => [name, { limit, limitFormatted: formatBytes(limit), withinLimit }]),
  );
  return {
    valid: true,
    url: url ?? publicMediaUrl(ctx, result.row, origin),
    uploadId: result.row.id,
    contentType: probe.mimeType,
    size: probe.sizeBytes,
    sizeFormatted: formatBytes(probe.sizeBytes),
    type: probe.kind,
    platformLimits,
    probe: { ...probe },
    platforms: result.platforms,
  };
}

/**
 * Validation tools: `POST /api/v1/tools/validate/{post-length,media,post}`, in the SDK's shapes plus every violation
 * with its code, field, limit and measured value. The hosted service's other tools answer 501 (see not-found.ts).
 */
export function toolRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const routes: FastifyPluginAsyncZod = async (scope) => {
    scope.post('/validate/post-length', {
      config: { readOnlySafe: true },
      schema: {
        tags: ['Tools'],
        summary: 'Count a text the way every platform counts it',
        body: z.object({ text }),
        response: { 200: postLengthResponse, ...commonErrors },
      },
    }, async (request) => validatePostLength(request.body.text));

    scope.post('/validate/media', {
      config: { readOnlySafe: true },
      schema: {
        tags: ['Tools'],
        summary: 'Check an uploaded file against every platform’s rules',
        description: 'Only media hosted by this instance (a publicUrl or uploadId from presign) can be validated; other URLs answer valid: false.',
        body: mediaBody,
        response: { 200: mediaResponse, ...commonErrors },
      },
    }, async (request) => answerValidateMedia(ctx, request, request.body));

    scope.post('/validate/post', {
      config: { readOnlySafe: true },
      schema: {
        tags: ['Tools'],
        summary: 'Dry-run post validation on every target platform',
        body: postBody,
        response: { 200: postResponse, ...commonErrors },
      },
    }, async (request) => {
      const result = await validatePost(ctx, principalOf(request), { ...request.body, origin: requestOrigin(request) });
      return presentPost(result);
    });
  };
  return async (app) => {
    await app.register(routes, { prefix: '/tools' });
  };
}
