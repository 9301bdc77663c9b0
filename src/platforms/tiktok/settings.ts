import { z } from 'zod';
import type { TargetViolation } from '../target-violation.js';
import { TIKTOK_PRIVACY_LEVELS } from './api.js';

/**
 * `platformSettings` of a TikTok target, named as in TikTok's API. Unknown names are refused, so a misspelt option
 * is reported instead of silently ignored.
 */
export const tiktokSettingsSchema = z.strictObject({
  /** `DIRECT_POST` publishes; `MEDIA_UPLOAD` sends a draft to the creator's inbox (Default: DIRECT_POST). */
  post_mode: z.enum(['DIRECT_POST', 'MEDIA_UPLOAD']).default('DIRECT_POST'),
  /** Audience; required for a direct post and must be one of the creator's `privacy_level_options`. */
  privacy_level: z.enum(TIKTOK_PRIVACY_LEVELS).optional(),
  /** Turn comments off (Default: false; forced on when the creator disabled comments). */
  disable_comment: z.boolean().default(false),
  /** Turn duets off, videos only (Default: false; forced on when the creator disabled duets). */
  disable_duet: z.boolean().default(false),
  /** Turn stitches off, videos only (Default: false; forced on when the creator disabled stitches). */
  disable_stitch: z.boolean().default(false),
  /** Paid partnership disclosure (Default: false). */
  brand_content_toggle: z.boolean().default(false),
  /** Promotes the creator's own business (Default: false). */
  brand_organic_toggle: z.boolean().default(false),
  /** AI-generated content label, videos only (Default: not sent). */
  is_aigc: z.boolean().optional(),
  /** Frame used as the cover, videos only (Default: TikTok's choice, the first frame). */
  video_cover_timestamp_ms: z.number().int().min(0).optional(),
  /** Photo post title, at most 90 UTF-16 units (Default: none). */
  photo_title: z.string().optional(),
  /** Photo post description, at most 4000 UTF-16 units (Default: the target's content). */
  photo_description: z.string().optional(),
  /** 0-based index of the cover photo (Default: 0). */
  photo_cover_index: z.number().int().min(0).default(0),
  /** Let TikTok add music to a photo post (Default: not sent). */
  auto_add_music: z.boolean().optional(),
});

/** TikTok settings with defaults applied. */
export type TikTokSettings = z.infer<typeof tiktokSettingsSchema>;
/** TikTok settings as a caller writes them. */
export type TikTokSettingsInput = z.input<typeof tiktokSettingsSchema>;

/** Parses a target's settings; on failure, one POST_SETTING_INVALID violation per problem. */
export function parseTikTokSettings(
  raw: Readonly<Record<string, unknown>> | undefined,
): { ok: true; settings: TikTokSettings } | { ok: false; violations: TargetViolation[] } {
  const parsed = tiktokSettingsSchema.safeParse(raw ?? {});
  if (parsed.success) return { ok: true, settings: parsed.data };
  const violations = parsed.error.issues.map((issue): TargetViolation => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const path = ['platformSettings', ...issue.path.map(String), ...keys.slice(0, 1)].join('.');
    return { code: 'POST_SETTING_INVALID', field: path, message: `${path}: ${issue.message}` };
  });
  return { ok: false, violations };
}
