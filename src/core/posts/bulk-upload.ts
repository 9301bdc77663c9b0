import { findAccountById } from '../../store/accounts-queries.js';
import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import { findAccount, listAccounts, type AccountRow } from '../../store/accounts-queries.js';
import { findDefaultProfile, findProfile, listProfiles, type ProfileRow } from '../../store/profiles-queries.js';
import { canSeeProfile, visibleProfileIds, type Principal } from '../access/principal.js';
import { validatePlatformName } from '../media/validate-platform-name.js';
import { BULK_ADVISORY_ROWS, parseBulkCsv, type BulkCsvRow } from './bulk-csv.js';
import type { PostProblem } from './check-post.js';
import { checkNewPost, createPost, type CreatedPost } from './create-post.js';
import type { MediaItemInput, PostInput, TargetInput } from './post-input.js';
import { parseScheduleTime } from './schedule-time.js';

/** A problem with one row, located by CSV column (`post_content`, `media_urls[1].durationMs`, `tiktok_privacy`). */
export interface BulkRowProblem {
  code: string;
  field: string | null;
  message: string;
  platform?: string;
  limit?: unknown;
  actual?: unknown;
}

/** The outcome of one data row, in the SDK's BulkUploadResult.results[] shape plus the line and the problems. */
export interface BulkRowResult {
  rowIndex: number;
  line: number;
  ok: boolean;
  createdPostId?: string;
  /** `CODE:column` per problem, the SDK's machine-readable row errors. */
  errors?: string[];
  violations?: BulkRowProblem[];
}

/** The outcome of a whole upload (the SDK's BulkUploadResult), and the posts created in it. */
export interface BulkUploadOutcome {
  total: number;
  valid: number;
  invalid: number;
  results: BulkRowResult[];
  warnings: string[];
  /** Posts created, in row order; those with `publishNow` have targets claimed for this process to run. */
  created: CreatedPost[];
}

const OBJECT_ID = /^[0-9a-f]{24}$/;
const TRUE = new Set(['true', 'yes', '1']);
const FALSE = new Set(['false', 'no', '0']);

/** Splits a list cell: items separated by commas, semicolons or whitespace. */
function list(value: string | undefined): string[] {
  return value === undefined ? [] : value.split(/[\s,;]+/).filter((item) => item !== '');
}

/** Where each item of the built request came from, to name CSV columns in problems. */
interface Origins {
  /** Column of each `mediaItems[i]` (`media_urls[0]`, `upload_ids[1]`). */
  media: string[];
  /** Per target: the column naming its account, its platform, and whether it has its own time. */
  targets: Array<{ account: string; platform: string; ownTime: boolean }>;
}

/** The request field a problem names, as the CSV column the user wrote. */
function columnOf(field: string, origins: Origins): string {
  if (field === 'content') return 'post_content';
  if (field === 'scheduledFor') return 'schedule_time';
  if (field === 'timezone') return 'tz';
  const media = /^mediaItems\[(\d+)\](.*)$/.exec(field);
  if (media) return `${origins.media[Number(media[1])] ?? 'media_urls'}${media[2]}`;
  const target = /^platforms\[(\d+)\](?:\.(\w+))?(.*)$/.exec(field);
  if (target) {
    const origin = origins.targets[Number(target[1])];
    if (!origin) return 'platforms';
    const [, , key, rest = ''] = target;
    switch (key) {
      case undefined:
      case 'accountId':
        return origin.account;
      case 'customContent':
        return `custom_content_${origin.platform}`;
      case 'customMedia':
        return `custom_media_${origin.platform}${rest}`;
      case 'scheduledFor':
        return origin.ownTime ? `schedule_time_${origin.platform}` : 'schedule_time';
      case 'platformSpecificData':
        return /privacy/i.test(rest) ? 'tiktok_privacy' : `tiktok_settings${rest}`;
      default:
        return 'platforms';
    }
  }
  return field;
}

/** The problems an error thrown while checking or creating a row stands for. */
function problemsOf(error: AppError): BulkRowProblem[] {
  const violations = error.details?.['violations'];
  if (error.code === 'VALIDATION_FAILED' && Array.isArray(violations)) return violations as PostProblem[];
  const fields = error.details?.['fields'];
  if (error.code === 'VALIDATION_FAILED' && fields !== null && typeof fields === 'object') {
    return Object.entries(fields as Record<string, string[]>).flatMap(([field, messages]) => messages.map((message) => ({ code: 'VALIDATION_FAILED', field, message })));
  }
  return [{ code: error.code, field: error.param ?? null, message: error.message }];
}

function readBoolean(row: BulkCsvRow, column: string, problems: BulkRowProblem[]): boolean | undefined {
  const value = row.get(column)?.toLowerCase();
  if (value === undefined) return undefined;
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  problems.push({ code: 'VALIDATION_FAILED', field: column, message: `must be true or false, not "${row.get(column)}"` });
  return undefined;
}

/** Media cells: public media URLs of this instance, or upload ids. */
function readMedia(values: string[], column: string, problems: BulkRowProblem[], uploadsOnly: boolean): MediaItemInput[] {
  const items: MediaItemInput[] = [];
  for (const [index, value] of values.entries()) {
    if (OBJECT_ID.test(value)) items.push({ uploadId: value });
    else if (uploadsOnly) problems.push({ code: 'VALIDATION_FAILED', field: `${column}[${index}]`, message: `"${value}" is not an upload id (24 lowercase hex characters)` });
    else items.push({ url: value });
  }
  return items;
}

/** Resolves the `profiles` cell (an id or a name) to a profile the key sees; blank means the default profile. */
async function resolveProfile(ctx: AppContext, principal: Principal, row: BulkCsvRow, problems: BulkRowProblem[]): Promise<ProfileRow | undefined> {
  const named = list(row.get('profiles'));
  if (named.length > 1) {
    problems.push({ code: 'VALIDATION_FAILED', field: 'profiles', message: 'must name one profile: a post and all its accounts belong to one profile' });
    return undefined;
  }
  const wanted = row.get('profiles');
  if (wanted === undefined) {
    const profile = await findDefaultProfile(ctx.db, principal.userId);
    if (profile && canSeeProfile(principal, profile.id)) return profile;
    problems.push({ code: 'VALIDATION_FAILED', field: 'profiles', message: 'is required: this API key does not reach the default profile' });
    return undefined;
  }
  const byId = OBJECT_ID.test(wanted) ? await findProfile(ctx.db, principal.userId, wanted) : undefined;
  const [byName] = byId ? [byId] : await listProfiles(ctx.db, { userId: principal.userId, ids: visibleProfileIds(principal), name: wanted, limit: 1 });
  if (!byName || !canSeeProfile(principal, byName.id)) {
    problems.push({ code: 'PROFILE_NOT_FOUND', field: 'profiles', message: `no profile with the id or name "${wanted}" is visible to this API key` });
    return undefined;
  }
  return byName;
}

/** The targets of a row: from `account_ids`, or the one account of each `platforms` entry in the row's profile. */
async function readTargets(ctx: AppContext, principal: Principal, row: BulkCsvRow, origins: Origins, problems: BulkRowProblem[]): Promise<TargetInput[]> {
  const platforms = list(row.get('platforms')).map((p) => p.toLowerCase());
  const accountIds = list(row.get('account_ids'));
  const targets: TargetInput[] = [];
  const add = (platform: string, account: AccountRow | string, column: string) => {
    const name = validatePlatformName(platform)?.apiName ?? platform;
    const ownTime = row.get(`schedule_time_${name}`);
    const ownText = row.get(`custom_content_${name}`);
    const ownMedia = readMedia(list(row.get(`custom_media_${name}`)), `custom_media_${name}`, problems, false);
    origins.targets.push({ account: column, platform: name, ownTime: ownTime !== undefined });
    targets.push({
      platform,
      accountId: typeof account === 'string' ? account : account.id,
      ...(ownTime !== undefined && { scheduledFor: ownTime }),
      ...(ownText !== undefined && { customContent: ownText }),
      ...(ownMedia.length > 0 && { customMedia: ownMedia }),
    });
  };

  if (accountIds.length > 0) {
    if (platforms.length > 1 && platforms.length !== accountIds.length) {
      problems.push({ code: 'VALIDATION_FAILED', field: 'platforms', message: `names ${platforms.length} platforms for ${accountIds.length} account_ids: give one platform, one per account, or none` });
      return [];
    }
    for (const [index, id] of accountIds.entries()) {
      const column = `account_ids[${index}]`;
      const account = OBJECT_ID.test(id) ? await findAccount(ctx.db, principal.userId, id) : undefined;
      if (!account || !canSeeProfile(principal, account.profile_id) || account.status === 'disconnected') {
        problems.push({ code: 'ACCOUNT_NOT_FOUND', field: column, message: `no account ${id} is visible to this API key` });
        continue;
      }
      add(platforms.length === 0 ? account.platform : (platforms[platforms.length === 1 ? 0 : index] ?? account.platform), account, column);
    }
    return targets;
  }

  if (platforms.length === 0) {
    problems.push({ code: 'VALIDATION_FAILED', field: 'platforms', message: 'is required: name the platforms to post to (or the accounts in account_ids)' });
    return [];
  }
  const profile = await resolveProfile(ctx, principal, row, problems);
  if (!profile) return [];
  for (const platform of platforms) {
    const name = validatePlatformName(platform);
    if (!name) {
      problems.push({ code: 'POST_PLATFORM_UNKNOWN', field: 'platforms', message: `unknown platform "${platform}"` });
      continue;
    }
    const { rows } = await listAccounts(ctx.db, { userId: principal.userId, profileIds: [profile.id], platform: name.apiName });
    if (rows.length === 0) {
      problems.push({ code: 'ACCOUNT_NOT_FOUND', platform: name.apiName, field: 'platforms', message: `profile "${profile.name}" has no connected ${name.apiName} account` });
      continue;
    }
    if (rows.length > 1) {
      problems.push({
        code: 'VALIDATION_FAILED',
        platform: name.apiName,
        field: 'account_ids',
        message: `profile "${profile.name}" has ${rows.length} ${name.apiName} accounts (${rows.map((a) => a.id).join(', ')}); name the ones to post to in account_ids`,
      });
      continue;
    }
    add(name.apiName, rows[0]!, 'profiles');
  }
  return targets;
}

/** Builds the POST /v1/posts request a row stands for; problems found on the way are added to `problems`. */
async function readRow(ctx: AppContext, principal: Principal, row: BulkCsvRow, origins: Origins, problems: BulkRowProblem[]): Promise<PostInput> {
  const content = row.get('post_content');
  const title = row.get('title');
  const mediaItems = [
    ...readMedia(list(row.get('media_urls')), 'media_urls', problems, false),
    ...readMedia(list(row.get('upload_ids')), 'upload_ids', problems, true),
  ];
  origins.media.push(...list(row.get('media_urls')).map((_, i) => `media_urls[${i}]`), ...list(row.get('upload_ids')).map((_, i) => `upload_ids[${i}]`));
  if (content === undefined && title === undefined && mediaItems.length === 0) {
    problems.push({ code: 'VALIDATION_FAILED', field: 'post_content', message: 'is required: give at least one of post_content, title or media_urls' });
  }
  const publishNow = readBoolean(row, 'publish_now', problems);
  const isDraft = readBoolean(row, 'is_draft', problems);
  const allowDuplicateContent = readBoolean(row, 'allow_duplicate_content', problems);
  const useQueue = readBoolean(row, 'use_queue', problems) === true;

  let tiktokSettings: Record<string, unknown> | undefined;
  const settings = row.get('tiktok_settings');
  if (settings !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(settings);
    } catch {
      parsed = undefined;
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      problems.push({ code: 'VALIDATION_FAILED', field: 'tiktok_settings', message: 'must be a JSON object of TikTok options, e.g. {"allowComment":false}' });
    } else tiktokSettings = parsed as Record<string, unknown>;
  }
  const privacy = row.get('tiktok_privacy');
  if (privacy !== undefined) tiktokSettings = { ...tiktokSettings, privacyLevel: privacy };

  const platforms = await readTargets(ctx, principal, row, origins, problems);
  let scheduledFor = row.get('schedule_time');
  const timezone = row.get('tz');
  if (scheduledFor === undefined && platforms.length > 0 && platforms.every((t) => t.scheduledFor !== undefined)) {
    // Every account has its own time: the post's is the earliest of them.
    const times = platforms.map((t) => ({ text: t.scheduledFor!, at: parseScheduleTime(t.scheduledFor!, timezone, '') }));
    scheduledFor = times.filter((t) => typeof t.at === 'number').sort((a, b) => (a.at as number) - (b.at as number))[0]?.text ?? times[0]!.text;
  }
  // use_queue: the post takes the next free slot of its accounts' profile queue.
  let queuedFromProfile: string | undefined;
  if (useQueue && scheduledFor === undefined && platforms[0] !== undefined) {
    queuedFromProfile = (await findAccountById(ctx.db, platforms[0].accountId))?.profile_id;
  }
  if (queuedFromProfile !== undefined) {
    // No time needed: the queue gives one.
  } else if (scheduledFor === undefined && publishNow !== true && isDraft !== true && !platforms.some((t) => t.scheduledFor !== undefined)) {
    problems.push({ code: 'VALIDATION_FAILED', field: 'schedule_time', message: 'is required: give schedule_time, a schedule_time_<platform> per account, publish_now=true or is_draft=true' });
  } else if (scheduledFor === undefined && publishNow !== true && isDraft !== true) {
    problems.push({ code: 'VALIDATION_FAILED', field: 'schedule_time', message: 'is required when some accounts have no schedule_time_<platform> of their own' });
  }
  return {
    ...(content !== undefined && { content }),
    ...(title !== undefined && { title }),
    ...(mediaItems.length > 0 && { mediaItems }),
    platforms,
    ...(scheduledFor !== undefined && { scheduledFor }),
    ...(timezone !== undefined && { timezone }),
    ...(publishNow !== undefined && { publishNow }),
    ...(isDraft !== undefined && { isDraft }),
    ...(allowDuplicateContent !== undefined && { allowDuplicateContent }),
    ...(tiktokSettings !== undefined && { tiktokSettings }),
    ...(queuedFromProfile !== undefined && { queuedFromProfile }),
  };
}

/**
 * Creates one post per data row of a CSV file through `createPost`, so every row gets every check a single post
 * gets. Rows are independent: a row that fails is reported with all its problems and the others go on. With
 * `dryRun` each row is checked exactly as creating it would check it (`checkNewPost`) and nothing is stored; identical
 * content to the same account in two rows of the file is reported as it would be when the rows are created.
 */
export async function bulkUploadPosts(
  ctx: AppContext,
  principal: Principal,
  csv: string,
  options: { dryRun: boolean; origin: string },
): Promise<BulkUploadOutcome> {
  const { rows, unknownColumns } = parseBulkCsv(csv);
  const warnings: string[] = [];
  if (rows.length > BULK_ADVISORY_ROWS) warnings.push(`rows_exceed_advisory_limit:${BULK_ADVISORY_ROWS}`);
  if (unknownColumns.length > 0) warnings.push(`unknown_columns:${unknownColumns.join(',')}`);

  const results: BulkRowResult[] = [];
  const created: CreatedPost[] = [];
  /** In a dry run, the (account, content) pairs of earlier valid rows, with their row. */
  const planned = new Map<string, number>();
  for (const row of rows) {
    const origins: Origins = { media: [], targets: [] };
    // Problems found reading the row name CSV columns already; those of the post's checks are moved onto them.
    const problems: BulkRowProblem[] = [];
    const relocated = (found: BulkRowProblem[]) => found.map((p) => ({ ...p, field: p.field === null ? null : columnOf(p.field, origins) }));
    const input = await readRow(ctx, principal, row, origins, problems);
    let createdPostId: string | undefined;
    if (problems.length === 0) {
      try {
        if (options.dryRun) {
          const checked = await checkNewPost(ctx, principal, input, options.origin);
          if (!checked.draft && input.allowDuplicateContent !== true) {
            for (const target of checked.prepared.targets) {
              const earlier = planned.get(`${target.account.id}:${target.contentHash}`);
              if (earlier !== undefined) {
                problems.push(...relocated([{
                  code: 'DUPLICATE_CONTENT',
                  platform: target.platform,
                  field: `platforms[${target.index}].accountId`,
                  message: `row ${earlier} sends the same content to account ${target.account.id}; set allow_duplicate_content=true to post it again`,
                }]));
              }
            }
            if (problems.length === 0) for (const target of checked.prepared.targets) planned.set(`${target.account.id}:${target.contentHash}`, row.rowIndex);
          }
        } else {
          const post = await createPost(ctx, principal, input, options.origin);
          created.push(post);
          createdPostId = post.post.id;
        }
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        problems.push(...relocated(problemsOf(error)));
      }
    }
    if (problems.length === 0) {
      results.push({ rowIndex: row.rowIndex, line: row.line, ok: true, ...(createdPostId !== undefined && { createdPostId }) });
      continue;
    }
    results.push({
      rowIndex: row.rowIndex,
      line: row.line,
      ok: false,
      errors: problems.map((p) => (p.field === null ? p.code : `${p.code}:${p.field}`)),
      violations: problems,
    });
  }
  const valid = results.filter((r) => r.ok).length;
  return { total: rows.length, valid, invalid: rows.length - valid, results, warnings, created };
}
