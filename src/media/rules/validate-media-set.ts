import type { MediaProbe } from '../probe/media-probe.js';
import { violation } from './check-dimensions.js';
import { getPlatformRules } from './platform-registry.js';
import type { PlatformRules } from './platform-rules.js';
import { unknownPlatform } from './unknown-platform.js';
import type { Violation } from './violation-codes.js';

/** Options for checking a post's attachments as a whole. */
export interface ValidateMediaSetOptions {
  /** Request field holding the attachments. (Default: 'media') */
  field?: string;
}

/**
 * Checks the attachments of one post together: required media, total and per-kind counts, mixing images with
 * videos, a GIF that must stand alone, equal image sizes for carousels. Per-file limits are
 * `validateMediaAgainstRules`'s job; a kind the platform does not accept at all is reported there, not here. Pure.
 */
export function validateMediaSet(
  platform: string,
  probes: readonly MediaProbe[],
  opts: ValidateMediaSetOptions = {},
): Violation[] {
  const rules = getPlatformRules(platform);
  if (rules === undefined) return [unknownPlatform(platform)];
  const field = opts.field ?? 'media';
  const set = rules.media;
  const images = probes.filter((p) => p.kind === 'image');
  const videos = probes.filter((p) => p.kind === 'video');
  const violations: Violation[] = [];
  if (probes.length < (set.minItems ?? 0)) {
    const message = `${rules.displayName} needs at least ${set.minItems} attachment(s).`;
    violations.push(violation('MEDIA_REQUIRED', field, message, set.minItems, probes.length));
  }
  if (probes.length > set.maxItems) {
    const message = `${probes.length} attachments; ${rules.displayName} allows at most ${set.maxItems}.`;
    violations.push(violation('MEDIA_TOO_MANY_ITEMS', field, message, set.maxItems, probes.length));
  }
  violations.push(...kindCount(rules, 'image', images.length, field));
  violations.push(...kindCount(rules, 'video', videos.length, field));
  if (!set.allowMixed && images.length > 0 && videos.length > 0) {
    const message = `${rules.displayName} does not allow images and videos in the same post.`;
    violations.push(violation('MEDIA_MIXED_KINDS_NOT_ALLOWED', field, message));
  }
  if (set.gifMustBeAlone === true && probes.length > 1 && probes.some((p) => p.container === 'gif')) {
    const message = `On ${rules.displayName} a GIF must be the only attachment.`;
    violations.push(violation('MEDIA_GIF_MUST_BE_ALONE', field, message, 1, probes.length));
  }
  const sizes = new Set(images.map((p) => `${p.width}x${p.height}`));
  if (set.requireSameImageDimensions === true && sizes.size > 1) {
    const message = `${rules.displayName} needs all images of a post to have the same dimensions.`;
    violations.push(violation('MEDIA_DIMENSIONS_MISMATCH', field, message, undefined, [...sizes].join(', ')));
  }
  return violations;
}

// Only when the per-kind cap is the binding one: a total overrun is already reported, and a kind the platform
// does not take is reported per item.
function kindCount(rules: PlatformRules, kind: 'image' | 'video', count: number, field: string): Violation[] {
  const max = kind === 'image' ? rules.media.maxImages : rules.media.maxVideos;
  const supported = kind === 'image' ? rules.image !== undefined : rules.video !== undefined;
  if (!supported || count <= max || max >= rules.media.maxItems) return [];
  const message = `${count} ${kind}s; ${rules.displayName} allows at most ${max} per post.`;
  return [violation('MEDIA_TOO_MANY_ITEMS', field, message, max, count)];
}
