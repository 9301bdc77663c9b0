import { z } from 'zod';
import { TIKTOK_PRIVACY_LEVELS } from './emulator-options.js';

/**
 * A string of at most `max` UTF-16 code units, TikTok's unit for caption limits. Zod's own `max` counts code
 * points, which would let an emoji-heavy caption through that TikTok refuses.
 */
function utf16String(max: number) {
  return z.string().refine((value) => value.length <= max, { message: `must be at most ${max} UTF-16 code units` });
}

/** `post_info` of a video Direct Post (`video/init`). */
export const videoPostInfoSchema = z.looseObject({
  privacy_level: z.enum(TIKTOK_PRIVACY_LEVELS),
  title: utf16String(2200).optional(),
  disable_duet: z.boolean().optional(),
  disable_stitch: z.boolean().optional(),
  disable_comment: z.boolean().optional(),
  video_cover_timestamp_ms: z.number().int().min(0).optional(),
  brand_content_toggle: z.boolean(),
  brand_organic_toggle: z.boolean().optional(),
  is_aigc: z.boolean().optional(),
});

/** `source_info` of a video init: a file to upload in chunks, or a URL to pull. */
export const videoSourceInfoSchema = z.discriminatedUnion('source', [
  z.object({
    source: z.literal('FILE_UPLOAD'),
    video_size: z.number().int().positive(),
    chunk_size: z.number().int().positive(),
    total_chunk_count: z.number().int().positive(),
  }),
  z.object({ source: z.literal('PULL_FROM_URL'), video_url: z.string().min(1) }),
]);

/** Body of `video/init`. */
export const videoInitBodySchema = z.object({ post_info: videoPostInfoSchema, source_info: videoSourceInfoSchema });

/** Body of `inbox/video/init`; `post_info` is not documented there but some clients send a title, so it is accepted. */
export const inboxInitBodySchema = z.object({
  source_info: videoSourceInfoSchema,
  post_info: z.looseObject({ title: utf16String(2200).optional() }).optional(),
});

/** `post_info` of a photo post. */
export const photoPostInfoSchema = z.looseObject({
  title: utf16String(90).optional(),
  description: utf16String(4000).optional(),
  privacy_level: z.enum(TIKTOK_PRIVACY_LEVELS).optional(),
  disable_comment: z.boolean().optional(),
  auto_add_music: z.boolean().optional(),
  brand_content_toggle: z.boolean().optional(),
  brand_organic_toggle: z.boolean().optional(),
});

/** Body of `content/init` (photos; PULL_FROM_URL is the only source). */
export const contentInitBodySchema = z
  .looseObject({
    media_type: z.literal('PHOTO'),
    post_mode: z.enum(['DIRECT_POST', 'MEDIA_UPLOAD']),
    post_info: photoPostInfoSchema,
    source_info: z.object({
      source: z.literal('PULL_FROM_URL'),
      photo_images: z.array(z.string().min(1)).min(1).max(35),
      photo_cover_index: z.number().int().min(0),
    }),
  })
  .superRefine((body, issues) => {
    if (body.source_info.photo_cover_index >= body.source_info.photo_images.length) {
      issues.addIssue({
        code: 'custom',
        path: ['source_info', 'photo_cover_index'],
        message: `must be less than the number of photo_images (${body.source_info.photo_images.length})`,
      });
    }
    if (body.post_mode === 'DIRECT_POST' && body.post_info.privacy_level === undefined) {
      issues.addIssue({ code: 'custom', path: ['post_info', 'privacy_level'], message: 'is required for DIRECT_POST' });
    }
  });

/** `{publish_id}` of status/fetch and cancel. */
export const publishIdBodySchema = z.object({ publish_id: z.string().min(1) });

/** Parses a body, turning the first problem into an `invalid_param` message that names the field. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): { ok: true; value: T } | { ok: false; message: string } {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const path = issue === undefined || issue.path.length === 0 ? 'body' : issue.path.join('.');
  return { ok: false, message: `${path}: ${issue?.message ?? 'invalid'}` };
}

/** Checks a pull URL's syntax; the ownership check comes separately. */
export function pullUrlProblem(field: string, url: string): string | undefined {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return `${field}: must be an https URL.`;
    return undefined;
  } catch {
    return `${field}: is not a valid URL.`;
  }
}
