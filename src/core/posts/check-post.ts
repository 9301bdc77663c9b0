import { createHash } from 'node:crypto';
import type { AppContext } from '../../context.js';
import type { FieldIssue } from '../../errors.js';
import type { MediaProbe } from '../../media/probe/index.js';
import type { PublishTarget } from '../../platforms/adapter.js';
import { findAccountById, type AccountRow } from '../../store/accounts-queries.js';
import { capTimes } from '../../store/posts-queries.js';
import { findDefaultProfile, findProfile } from '../../store/profiles-queries.js';
import type { UploadRow } from '../../store/uploads-queries.js';
import { canSeeProfile, type Principal } from '../access/principal.js';
import { publicMediaUrl } from '../media/public-media-url.js';
import { validateMediaSource, type MediaSourceResult } from '../media/validate-media-source.js';
import { validatePlatformName } from '../media/validate-platform-name.js';
import type { MediaItemInput, PlatformDefaults, PostInput, StoredMediaItem, TargetInput } from './post-input.js';
import { parseScheduleTime } from './schedule-time.js';
import { dailyPostCap } from './daily-cap.js';

/** A problem with a post, located in the request; every one is reported at once. */
export interface PostProblem extends FieldIssue {
  /** A rule or error code (`MEDIA_DURATION_TOO_SHORT`, `ACCOUNT_NEEDS_REAUTH`, `POST_DAILY_CAP_REACHED` …). */
  code: string;
  /** Platform of the target the problem is on (Default: the whole post). */
  platform?: string | undefined;
  limit?: unknown;
  actual?: unknown;
}

/** A target ready to store. */
export interface PreparedTarget {
  /** Position in the request's `platforms`. */
  index: number;
  account: AccountRow;
  platform: string;
  customContent: string | null;
  customMedia: StoredMediaItem[] | null;
  /** `platformSpecificData` as sent (with root settings merged under it), echoed back on reads. */
  platformData: Record<string, unknown>;
  ownScheduledFor: number | null;
  /** When the target is due (epoch ms), or null for drafts without a time. */
  scheduledFor: number | null;
  contentHash: string;
}

/** A post that passed every check, ready to store. */
export interface PreparedPost {
  profileId: string;
  content: string;
  mediaItems: StoredMediaItem[];
  platformDefaults: PlatformDefaults;
  scheduledFor: number | null;
  targets: PreparedTarget[];
  uploadIds: string[];
}

/** How the post will run, which decides which checks apply. */
export interface CheckMode {
  /** Drafts skip the publish checks (account status, caps): they are checked when the draft is scheduled. */
  draft: boolean;
  /** The time targets without their own time are due (epoch ms), or null. */
  scheduledFor: number | null;
  /** The post being edited, left out of cap counts. */
  editingPostId?: string | undefined;
  /** Origin of the request, to recognise this instance's media URLs. */
  origin: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function sha256(parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
}

/** The most posts any 24-hour window containing `at` holds, counting `at` itself, among `times`. */
export function busiestWindow(times: readonly number[], at: number): number {
  const sorted = [...times, at].sort((a, b) => a - b);
  let best = 0;
  // Every window worth checking starts at one of the times in [at - 24h, at].
  for (const start of sorted) {
    if (start > at || start < at - DAY_MS + 1) continue;
    const count = sorted.filter((t) => t >= start && t < start + DAY_MS).length;
    best = Math.max(best, count);
  }
  return best;
}

type Resolved = { ok: true; row: UploadRow; probe: MediaProbe } | { ok: false; code: string; message: string };

/**
 * Checks a post against everything that can be known before a platform is called, and prepares it for storing:
 * the accounts (visible, of the named platform, connected, all in one profile, none twice), the times, every media
 * item (resolved to a stored upload, its kind matching the declared type), each target against its adapter's rules
 * (media, caption, settings) and the daily cap as it will stand at the target's time. Resolves the prepared post
 * and every problem found; the caller refuses the post when there is any.
 */
export async function checkPost(
  ctx: AppContext,
  principal: Principal,
  input: PostInput,
  mode: CheckMode,
): Promise<{ post: PreparedPost | undefined; problems: PostProblem[] }> {
  const problems: PostProblem[] = [];
  const platforms = input.platforms ?? [];
  const cache = new Map<string, Promise<MediaSourceResult>>();
  const resolve = (item: MediaItemInput): Promise<Resolved> => {
    const key = item.uploadId !== undefined ? `upload:${item.uploadId}` : `url:${item.url ?? ''}`;
    let pending = cache.get(key);
    if (!pending) cache.set(key, (pending = validateMediaSource(ctx, principal, item, mode.origin)));
    return pending;
  };

  if (platforms.length === 0 && !mode.draft) {
    problems.push({ code: 'VALIDATION_FAILED', field: 'platforms', message: 'must name at least one account unless the post is a draft' });
  }

  const mediaItems = await storeMedia(ctx, input.mediaItems ?? [], 'mediaItems', resolve, mode.origin, problems);
  const seenAccounts = new Map<string, number>();
  const targets: PreparedTarget[] = [];
  let profileId: string | undefined;
  const uploadIds = new Set(mediaItems.map((m) => m.uploadId));

  for (const [index, target] of platforms.entries()) {
    const at = `platforms[${index}]`;
    const name = validatePlatformName(target.platform);
    if (!name) {
      problems.push({ code: 'POST_PLATFORM_UNKNOWN', field: `${at}.platform`, message: `unknown platform "${target.platform}"` });
      continue;
    }
    const account = await findAccountById(ctx.db, target.accountId);
    if (!account || !canSeeProfile(principal, account.profile_id) || !(await ownsAccount(ctx, principal, account))) {
      problems.push({ code: 'ACCOUNT_NOT_FOUND', platform: name.apiName, field: `${at}.accountId`, message: `no account ${target.accountId} is visible to this API key` });
      continue;
    }
    if (account.platform !== name.apiName) {
      problems.push({ code: 'POST_PLATFORM_MISMATCH', platform: name.apiName, field: `${at}.platform`, message: `account ${account.id} is a ${account.platform} account, not ${name.apiName}` });
      continue;
    }
    const earlier = seenAccounts.get(account.id);
    if (earlier !== undefined) {
      problems.push({ code: 'POST_ACCOUNT_REPEATED', platform: name.apiName, field: `${at}.accountId`, message: `account ${account.id} is already platforms[${earlier}]` });
      continue;
    }
    seenAccounts.set(account.id, index);
    profileId ??= account.profile_id;
    if (account.profile_id !== profileId) {
      problems.push({ code: 'POST_PROFILES_MIXED', platform: name.apiName, field: `${at}.accountId`, message: 'every account of a post must belong to the same profile' });
      continue;
    }
    const prepared = await checkTarget(ctx, input, target, index, account, mediaItems, resolve, mode, problems);
    if (prepared) {
      targets.push(prepared);
      for (const item of prepared.customMedia ?? []) uploadIds.add(item.uploadId);
    }
  }

  if (input.queuedFromProfile !== undefined) {
    if (!canSeeProfile(principal, input.queuedFromProfile) || !(await findProfile(ctx.db, principal.userId, input.queuedFromProfile))) {
      problems.push({ code: 'PROFILE_NOT_FOUND', field: 'queuedFromProfile', message: `no profile ${input.queuedFromProfile} is visible to this API key` });
    } else if (profileId !== undefined && profileId !== input.queuedFromProfile) {
      problems.push({ code: 'POST_PROFILES_MIXED', field: 'queuedFromProfile', message: 'the accounts of the post belong to another profile' });
    }
    profileId ??= input.queuedFromProfile;
  }
  // A draft may name no account yet; it belongs to the key's default (or first visible) profile until it does.
  profileId ??= await fallbackProfile(ctx, principal);
  if (problems.length > 0 || profileId === undefined) return { post: undefined, problems };
  await checkCaps(ctx, targets, mode, problems);
  if (problems.length > 0) return { post: undefined, problems };
  const tiktok = input.tiktokSettings;
  return {
    post: {
      profileId,
      content: input.content ?? '',
      mediaItems,
      platformDefaults: tiktok === undefined ? {} : { tiktok },
      scheduledFor: mode.scheduledFor,
      targets,
      uploadIds: [...uploadIds],
    },
    problems,
  };
}

async function fallbackProfile(ctx: AppContext, principal: Principal): Promise<string | undefined> {
  const preferred = await findDefaultProfile(ctx.db, principal.userId);
  if (preferred && canSeeProfile(principal, preferred.id)) return preferred.id;
  return principal.profileIds[0];
}

async function ownsAccount(ctx: AppContext, principal: Principal, account: AccountRow): Promise<boolean> {
  const profile = await ctx.db.selectFrom('profiles').select('user_id').where('id', '=', account.profile_id).executeTakeFirst();
  return profile?.user_id === principal.userId && account.status !== 'disconnected';
}

function kindOf(probe: MediaProbe): StoredMediaItem['type'] {
  if (probe.kind === 'video') return 'video';
  return probe.container === 'gif' ? 'gif' : 'image';
}

async function storeMedia(
  ctx: AppContext,
  items: MediaItemInput[],
  base: string,
  resolve: (item: MediaItemInput) => Promise<Resolved>,
  origin: string,
  problems: PostProblem[],
): Promise<StoredMediaItem[]> {
  const stored: StoredMediaItem[] = [];
  for (const [index, item] of items.entries()) {
    // An item without an upload id or URL is dropped, as the SDK documents for an empty url.
    if (item.uploadId === undefined && (item.url ?? '') === '') continue;
    const field = `${base}[${index}]`;
    const resolved = await resolve(item);
    if (!resolved.ok) {
      problems.push({ code: resolved.code, field, message: resolved.message });
      continue;
    }
    const type = kindOf(resolved.probe);
    if (item.type !== undefined && item.type !== type && !(item.type === 'image' && type === 'gif')) {
      problems.push({ code: 'MEDIA_TYPE_MISMATCH', field: `${field}.type`, message: `the file is ${type === 'video' ? 'a video' : 'an image'}, not ${item.type}`, actual: type, limit: item.type });
      continue;
    }
    stored.push({
      uploadId: resolved.row.id,
      url: publicMediaUrl(ctx, resolved.row, origin),
      type,
      filename: resolved.row.filename,
      ...(item.altText !== undefined && { altText: item.altText }),
      ...(item.title !== undefined && { title: item.title }),
    });
  }
  return stored;
}

/** Where a violation an adapter reports (`caption`, `media[1].durationMs`, `platformSettings.x`) sits in the request. */
function relocate(field: string, at: string, textField: string, mediaBase: string): string {
  if (field === 'caption') return textField;
  if (field === 'media' || field.startsWith('media[')) return `${mediaBase}${field.slice('media'.length)}`;
  if (field.startsWith('platformSettings')) return `${at}.platformSpecificData${field.slice('platformSettings'.length)}`;
  if (field === 'photoDescription' || field === 'photoTitle') return `${at}.platformSpecificData`;
  return `${at}.${field}`;
}

async function checkTarget(
  ctx: AppContext,
  input: PostInput,
  target: TargetInput,
  index: number,
  account: AccountRow,
  postMedia: StoredMediaItem[],
  resolve: (item: MediaItemInput) => Promise<Resolved>,
  mode: CheckMode,
  problems: PostProblem[],
): Promise<PreparedTarget | undefined> {
  const at = `platforms[${index}]`;
  const platform = account.platform;
  const before = problems.length;
  const ownCustomMedia = target.customMedia !== undefined && target.customMedia.length > 0;
  const customMedia = ownCustomMedia ? await storeMedia(ctx, target.customMedia!, `${at}.customMedia`, resolve, mode.origin, problems) : null;
  const media = customMedia ?? postMedia;
  const ownText = target.customContent !== undefined && target.customContent !== '';
  const content = (ownText ? target.customContent : input.content) ?? '';

  let ownScheduledFor: number | null = null;
  if (target.scheduledFor !== undefined) {
    const parsed = parseScheduleTime(target.scheduledFor, input.timezone, `${at}.scheduledFor`);
    if (typeof parsed === 'number') ownScheduledFor = parsed;
    else problems.push({ code: 'VALIDATION_FAILED', platform, ...parsed });
  }

  const rootSettings = platform === 'tiktok' ? (input.tiktokSettings ?? {}) : {};
  const platformData = { ...rootSettings, ...(target.platformSpecificData ?? {}) };
  const adapter = ctx.platforms.get(platform);
  if (!adapter) {
    problems.push({ code: 'POST_PLATFORM_UNSUPPORTED', platform, field: `${at}.platform`, message: `Outbox cannot publish to ${platform} yet` });
    return undefined;
  }
  if (!mode.draft && account.status === 'needs_reauth') {
    problems.push({ code: 'ACCOUNT_NEEDS_REAUTH', platform, field: `${at}.accountId`, message: `account ${account.id} must be reconnected before it can publish` });
  }
  if (problems.length > before) return undefined;

  const converted = adapter.settingsFromApi?.(platformData, `${at}.platformSpecificData`) ?? { settings: platformData, violations: [] };
  for (const v of converted.violations) problems.push({ platform, code: v.code, field: v.field, message: v.message });
  const publishTarget = await publishTargetForCheck(ctx, content, media, converted.settings);
  const granted = JSON.parse(account.scopes) as string[];
  const missing = (adapter.requiredScopes?.(publishTarget) ?? []).filter((scope) => !granted.includes(scope));
  if (!mode.draft && missing.length > 0) {
    problems.push({
      code: 'ACCOUNT_SCOPE_MISSING',
      platform,
      field: `${at}.accountId`,
      message: `account ${account.id} did not grant ${missing.join(', ')}, which this post needs; reconnect it and keep that permission`,
      limit: missing,
    });
  }
  const textField = ownText ? `${at}.customContent` : 'content';
  const mediaBase = customMedia ? `${at}.customMedia` : 'mediaItems';
  for (const v of adapter.validateTarget(publishTarget)) {
    // Settings problems were already named by field in the request's own terms.
    if (converted.violations.length > 0 && v.code === 'POST_SETTING_INVALID') continue;
    problems.push({
      platform,
      code: v.code,
      field: relocate(v.field, at, textField, mediaBase),
      message: v.message,
      ...(v.limit !== undefined && { limit: v.limit }),
      ...(v.actual !== undefined && { actual: v.actual }),
    });
  }
  if (problems.length > before) return undefined;
  return {
    index,
    account,
    platform,
    customContent: ownText ? target.customContent! : null,
    customMedia,
    platformData,
    ownScheduledFor,
    scheduledFor: ownScheduledFor ?? mode.scheduledFor,
    contentHash: sha256([account.id, content, ...media.map((m) => m.uploadId)]),
  };
}

/** A PublishTarget for validation only: probes and sizes, no bytes. */
async function publishTargetForCheck(ctx: AppContext, content: string, media: StoredMediaItem[], settings: Record<string, unknown>): Promise<PublishTarget> {
  const items = [];
  for (const item of media) {
    const row = await ctx.db.selectFrom('uploads').selectAll().where('id', '=', item.uploadId).executeTakeFirstOrThrow();
    const probe = JSON.parse(row.probe ?? '{}') as MediaProbe;
    items.push({
      probe,
      sizeBytes: row.size_bytes ?? 0,
      contentType: row.content_type,
      openRange: () => Promise.reject(new Error('validation reads no bytes')),
      publicUrl: ctx.config.publicUrl === undefined ? undefined : publicMediaUrl(ctx, row, ctx.config.publicUrl),
    });
  }
  return { content, media: items, platformSettings: settings };
}

async function checkCaps(ctx: AppContext, targets: PreparedTarget[], mode: CheckMode, problems: PostProblem[]): Promise<void> {
  if (mode.draft) return;
  const now = ctx.clock.now();
  for (const target of targets) {
    const index = target.index;
    const cap = dailyPostCap(ctx, target.platform);
    if (cap === undefined) continue;
    const at = Math.max(target.scheduledFor ?? now, now);
    const times = await capTimes(ctx.db, target.account.id, at - DAY_MS, at + DAY_MS, mode.editingPostId);
    const busiest = busiestWindow(times, at);
    if (busiest > cap) {
      problems.push({
        code: 'POST_DAILY_CAP_REACHED',
        platform: target.platform,
        field: `platforms[${index}].scheduledFor`,
        message: `account ${target.account.id} would have ${busiest} posts within 24 hours of ${new Date(at).toISOString()}; ${target.platform} allows ${cap}`,
        limit: cap,
        actual: busiest,
      });
    }
  }
}
