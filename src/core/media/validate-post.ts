import type { AppContext } from '../../context.js';
import type { MediaProbe } from '../../media/probe/index.js';
import { getPlatformRules, validateMediaAgainstRules, validateMediaSet } from '../../media/rules/index.js';
import type { Principal } from '../access/principal.js';
import { validateMediaSource, type MediaSource, type MediaSourceResult } from './validate-media-source.js';
import { API_PLATFORM_NAMES, validatePlatformName, type PlatformName } from './validate-platform-name.js';
import { validatePostText, validateTextField } from './validate-post-text.js';
import { toRequestViolation, type RequestViolation } from './validate-request-violation.js';

/** A media item of a post: an upload id or a public media URL, and its optional alt text. */
export interface PostMediaItem extends MediaSource {
  /** Alternative text, checked where the platform limits it (Pinterest). (Default: none) */
  altText?: string | undefined;
}

/** One platform a post goes to, with its optional overrides. */
export interface ValidatePostTarget {
  /** Platform name in any accepted spelling (`twitter`, `x`, `googlebusiness` …). */
  platform: string;
  /** Replaces the post's content on this platform when non-empty. (Default: the post's content) */
  customContent?: string | undefined;
  /** Replaces the post's media on this platform when non-empty. (Default: the post's mediaItems) */
  customMedia?: PostMediaItem[] | undefined;
  /** Platform options; string values of text fields the rules know (`title` …) are checked. (Default: none) */
  platformSpecificData?: Record<string, unknown> | undefined;
}

/** A post to validate, as POST /v1/posts would receive it. */
export interface ValidatePostInput {
  /** The post's text. (Default: '') */
  content?: string | undefined;
  /** Where it goes; at least one. */
  platforms: ValidatePostTarget[];
  /** Media shared by every platform without customMedia. (Default: none) */
  mediaItems?: PostMediaItem[] | undefined;
  /** Origin the request came in at, to recognise this instance's media URLs when OUTBOX_PUBLIC_URL is unset. */
  origin: string;
}

/** A violation on one platform of the post. */
export interface PostViolation extends RequestViolation {
  /** Platform in the API spelling. */
  platform: string;
}

/** Something that does not block the post but deserves attention (a text near its limit, an ignored item). */
export interface PostWarning {
  /** Platform in the API spelling; absent when the warning is about the request as a whole. */
  platform?: string;
  warning: string;
}

/** The verdict on a whole post: every violation on every platform at once, and warnings. */
export interface PostValidation {
  valid: boolean;
  violations: PostViolation[];
  warnings: PostWarning[];
}

type Resolve = (item: PostMediaItem) => Promise<MediaSourceResult>;

/** An item without an upload id or URL is dropped, as the SDK documents for a missing or empty url. */
function isUsable(item: PostMediaItem): boolean {
  return item.uploadId !== undefined || (item.url ?? '') !== '';
}

async function checkMedia(name: PlatformName, items: PostMediaItem[], base: string, resolve: Resolve): Promise<RequestViolation[]> {
  const violations: RequestViolation[] = [];
  const probes: MediaProbe[] = [];
  let unresolved = 0;
  for (const [index, item] of items.entries()) {
    if (!isUsable(item)) continue;
    const field = `${base}[${index}]`;
    const resolved = await resolve(item);
    if (!resolved.ok) {
      unresolved += 1;
      violations.push({ code: resolved.code, field, message: resolved.message });
      continue;
    }
    probes.push(resolved.probe);
    violations.push(...validateMediaAgainstRules(name.rulesId, resolved.probe, { field }).map((v) => toRequestViolation(v, field, field)));
    if (item.altText !== undefined && getPlatformRules(name.rulesId)?.captions['altText'] !== undefined) {
      violations.push(...validateTextField(name.rulesId, item.altText, 'altText', `${field}.altText`, true).violations);
    }
  }
  // Counting only the items that resolved would invent set violations (a missing upload is not "no media").
  if (unresolved === 0) violations.push(...validateMediaSet(name.rulesId, probes, { field: base }).map((v) => toRequestViolation(v, base, base)));
  return violations;
}

async function checkTarget(input: ValidatePostInput, index: number, resolve: Resolve): Promise<{ violations: PostViolation[]; warnings: PostWarning[] }> {
  const target = input.platforms[index]!;
  const at = `platforms[${index}]`;
  const name = validatePlatformName(target.platform);
  if (name === undefined) {
    const message = `Unknown platform "${target.platform}".`;
    const unknown: PostViolation = { platform: target.platform, code: 'POST_PLATFORM_UNKNOWN', field: `${at}.platform`, message, limit: [...API_PLATFORM_NAMES], actual: target.platform };
    return { violations: [unknown], warnings: [] };
  }
  const custom = target.customMedia !== undefined && target.customMedia.length > 0;
  const items = (custom ? target.customMedia : input.mediaItems) ?? [];
  const ownText = target.customContent !== undefined && target.customContent !== '';
  const text = validatePostText({
    rulesId: name.rulesId,
    text: (ownText ? target.customContent : input.content) ?? '',
    textField: ownText ? `${at}.customContent` : 'content',
    hasMedia: items.some(isUsable),
    platformSpecificData: target.platformSpecificData,
    dataField: `${at}.platformSpecificData`,
  });
  const media = await checkMedia(name, items, custom ? `${at}.customMedia` : 'mediaItems', resolve);
  return {
    violations: [...text.violations, ...media].map((v) => ({ platform: name.apiName, ...v })),
    warnings: text.warnings.map((warning) => ({ platform: name.apiName, warning })),
  };
}

function droppedItemWarnings(input: ValidatePostInput): PostWarning[] {
  const lists: Array<[string, PostMediaItem[] | undefined]> = [
    ['mediaItems', input.mediaItems],
    ...input.platforms.map((p, i): [string, PostMediaItem[] | undefined] => [`platforms[${i}].customMedia`, p.customMedia]),
  ];
  return lists.flatMap(([base, items]) =>
    (items ?? []).flatMap((item, i) => (isUsable(item) ? [] : [{ warning: `${base}[${i}] has no url or uploadId and is ignored.` }])),
  );
}

/**
 * Dry-runs the rules publishing applies to a post, for every platform at once: the text as each platform counts it
 * (customContent overriding content), every media item against per-file rules and the set against attachment rules
 * (customMedia overriding mediaItems), and text fields in platformSpecificData. Media items are resolved to their
 * stored probes; one that is missing, not yet uploaded, rejected or not hosted here is a violation on its field.
 * Account checks (existence, status, daily caps) are not part of it. Read-only.
 */
export async function validatePost(ctx: AppContext, principal: Principal, input: ValidatePostInput): Promise<PostValidation> {
  const cache = new Map<string, Promise<MediaSourceResult>>();
  const resolve: Resolve = (item) => {
    const key = item.uploadId !== undefined ? `upload:${item.uploadId}` : `url:${item.url ?? ''}`;
    let pending = cache.get(key);
    if (pending === undefined) {
      pending = validateMediaSource(ctx, principal, item, input.origin);
      cache.set(key, pending);
    }
    return pending;
  };
  const violations: PostViolation[] = [];
  const warnings = droppedItemWarnings(input);
  for (let index = 0; index < input.platforms.length; index += 1) {
    const result = await checkTarget(input, index, resolve);
    violations.push(...result.violations);
    warnings.push(...result.warnings);
  }
  return { valid: violations.length === 0, violations, warnings };
}
