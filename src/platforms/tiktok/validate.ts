import { validateCaption, validateMediaAgainstRules, validateMediaSet } from '../../media/rules/index.js';
import type { PublishTarget } from '../publish-target.js';
import type { TargetViolation } from '../target-violation.js';
import type { TikTokCreatorInfo } from './creator-info.js';
import { parseTikTokSettings, type TikTokSettings } from './settings.js';

const PLATFORM = 'tiktok';

/** Whether the target is a photo post (images only) rather than a video post. */
export function isPhotoTarget(target: PublishTarget): boolean {
  return target.media.length > 0 && target.media.every((item) => item.probe.kind === 'image');
}

/** The photo post description: the explicit setting, else the target's content. */
export function photoDescription(target: PublishTarget, settings: TikTokSettings): string {
  return settings.photo_description ?? target.content;
}

function captionViolations(target: PublishTarget, settings: TikTokSettings): TargetViolation[] {
  if (!isPhotoTarget(target)) return validateCaption(PLATFORM, target.content, { field: 'caption', withMedia: true });
  return [
    ...validateCaption(PLATFORM, photoDescription(target, settings), { field: 'photoDescription', withMedia: true }),
    ...validateCaption(PLATFORM, settings.photo_title ?? '', { field: 'photoTitle', withMedia: true }),
  ];
}

function mediaViolations(target: PublishTarget): TargetViolation[] {
  const violations: TargetViolation[] = validateMediaSet(PLATFORM, target.media.map((item) => item.probe));
  target.media.forEach((item, index) => {
    const field = `media[${index}]`;
    violations.push(...validateMediaAgainstRules(PLATFORM, item.probe, { field }));
    // TikTok only pulls photos (PULL_FROM_URL is their only source); videos can be pushed in chunks.
    if (item.probe.kind === 'image' && item.publicUrl === undefined) {
      const message = 'TikTok photo posts are fetched by TikTok from a public URL, and this image has none (set OUTBOX_PUBLIC_URL).';
      violations.push({ code: 'MEDIA_PUBLIC_URL_REQUIRED', field, message });
    }
  });
  return violations;
}

function settingViolations(target: PublishTarget, settings: TikTokSettings): TargetViolation[] {
  const violations: TargetViolation[] = [];
  if (settings.post_mode === 'DIRECT_POST' && settings.privacy_level === undefined) {
    const message = 'platformSettings.privacy_level is required for a TikTok direct post (TikTok forbids a default audience).';
    violations.push({ code: 'POST_SETTING_REQUIRED', field: 'platformSettings.privacy_level', message });
  }
  const images = target.media.length;
  if (isPhotoTarget(target) && settings.photo_cover_index >= images) {
    const message = `platformSettings.photo_cover_index must be less than the number of photos (${images}).`;
    violations.push({ code: 'POST_SETTING_INVALID', field: 'platformSettings.photo_cover_index', message, limit: images - 1, actual: settings.photo_cover_index });
  }
  return violations;
}

/** The creator's live limits: privacy options and maximum video duration. */
export function creatorViolations(target: PublishTarget, settings: TikTokSettings, creator: TikTokCreatorInfo): TargetViolation[] {
  const violations: TargetViolation[] = [];
  const privacy = settings.privacy_level;
  if (settings.post_mode === 'DIRECT_POST' && privacy !== undefined && !creator.privacyLevelOptions.includes(privacy)) {
    const who = creator.username === undefined ? 'this account' : `@${creator.username}`;
    const message = `TikTok does not let ${who} post with privacy_level ${privacy}; allowed: ${creator.privacyLevelOptions.join(', ')}.`;
    violations.push({ code: 'POST_PRIVACY_LEVEL_NOT_ALLOWED', field: 'platformSettings.privacy_level', message, limit: creator.privacyLevelOptions, actual: privacy });
  }
  const maxSec = creator.maxVideoPostDurationSec;
  target.media.forEach((item, index) => {
    const duration = item.probe.durationMs;
    if (item.probe.kind !== 'video' || maxSec === undefined || duration === undefined || duration <= maxSec * 1000) return;
    const message = `The video lasts ${duration / 1000} s; this TikTok account may post at most ${maxSec} s.`;
    violations.push({ code: 'MEDIA_DURATION_TOO_LONG', field: `media[${index}].durationMs`, message, limit: maxSec * 1000, actual: duration });
  });
  return violations;
}

/**
 * Every rule a TikTok target breaks, without any network call: TikTok's media, set and caption rules from
 * `media/rules`, its settings, public URLs for photos, and, with `creator` (creator_info), the creator's privacy
 * options and maximum duration. Pure.
 */
export function validateTikTokTarget(target: PublishTarget, creator?: TikTokCreatorInfo): TargetViolation[] {
  const parsed = parseTikTokSettings(target.platformSettings);
  if (!parsed.ok) return [...parsed.violations, ...mediaViolations(target)];
  const { settings } = parsed;
  return [
    ...mediaViolations(target),
    ...captionViolations(target, settings),
    ...settingViolations(target, settings),
    ...(creator === undefined ? [] : creatorViolations(target, settings, creator)),
  ];
}
