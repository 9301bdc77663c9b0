import type { Violation, ViolationCode } from '../media/rules/index.js';

/**
 * Violation codes only an adapter can decide, beyond the generic media and caption rules of `media/rules`
 * (which need no live account data and no platform settings).
 */
export const PLATFORM_VIOLATION_CODES = {
  POST_SETTING_INVALID: 'A platform setting has an unknown name, the wrong type or a value the platform does not accept.',
  POST_SETTING_REQUIRED: 'A platform setting the platform requires is missing (TikTok `privacy_level` for a direct post).',
  POST_PRIVACY_LEVEL_NOT_ALLOWED: "The privacy level is not one the account may use (TikTok creator_info `privacy_level_options`).",
  MEDIA_PUBLIC_URL_REQUIRED: 'The platform only pulls this kind of media from a public URL and there is none; set OUTBOX_PUBLIC_URL.',
} as const;

/** One adapter-level violation code. */
export type PlatformViolationCode = keyof typeof PLATFORM_VIOLATION_CODES;

/** A broken rule found by `validateTarget`: a media/caption rule violation or an adapter-level one. */
export type TargetViolation = Omit<Violation, 'code'> & { code: ViolationCode | PlatformViolationCode };
