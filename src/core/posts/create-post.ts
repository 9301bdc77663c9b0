import type { AppContext } from '../../context.js';
import type { Kysely } from 'kysely';
import { AppError, validationError } from '../../errors.js';
import type { Database } from '../../store/schema.js';
import { findNextFreeSlot } from '../queue/find-next-free-slot.js';
import { getProfile } from '../profiles/get-profile.js';
import { takenByQueuedPosts } from '../queue/taken-by-queued-posts.js';
import { findProfile } from '../../store/profiles-queries.js';
import { findTargetsOfPost, insertPostWithTargets, type PostRow, type TargetRow } from '../../store/posts-queries.js';
import { markUploadsUsed } from '../../store/uploads-queries.js';
import type { Principal } from '../access/principal.js';
import { checkPost, type PostProblem, type PreparedPost } from './check-post.js';
import type { PostInput } from './post-input.js';
import { derivePostStatus } from './post-status.js';
import { isValidTimeZone, parseScheduleTime } from './schedule-time.js';
import { notifyDue, postContentColumns, refuseDuplicates, runModeFor, targetRows, type RunMode } from './store-post.js';

/** The next free slot of the post's queue; `lock` holds the queue row until the transaction ends (PostgreSQL). */
function queueSlot(ctx: AppContext, db: Kysely<Database>, input: PostInput, now: number, lock: boolean) {
  const field = input.queueId === undefined ? 'queuedFromProfile' : 'queueId';
  return findNextFreeSlot(db, { profileId: input.queuedFromProfile!, queueId: input.queueId, after: now, lock }, takenByQueuedPosts).catch((error: unknown) => {
    if (error instanceof AppError && error.param === undefined) throw new AppError(error.code, error.message, { param: field, details: error.details });
    throw error;
  });
}

/** What creating a post produced. */
export interface CreatedPost {
  post: PostRow;
  targets: TargetRow[];
  /** True when the targets were claimed for a synchronous publish by this process (publishNow, or a past time). */
  publishNow: boolean;
}

/** The 400 for a post that breaks rules: every problem at once, with codes, limits and measured values. */
export function postProblemsError(problems: PostProblem[]): AppError {
  return validationError(problems, {
    violations: problems.map(({ code, field, message, platform, limit, actual }) => ({
      code,
      field,
      message,
      ...(platform !== undefined && { platform }),
      ...(limit !== undefined && { limit }),
      ...(actual !== undefined && { actual }),
    })),
  });
}

/** The post's own time and the timezone checks shared by create and update. */
export function readScheduledFor(input: Pick<PostInput, 'scheduledFor' | 'timezone'>): number | undefined {
  if (input.timezone !== undefined && !isValidTimeZone(input.timezone)) {
    throw validationError([{ field: 'timezone', message: `must be an IANA time zone name such as Europe/Madrid; "${input.timezone}" is not one` }]);
  }
  if (input.scheduledFor === undefined || input.scheduledFor === '') return undefined;
  const parsed = parseScheduleTime(input.scheduledFor, input.timezone, 'scheduledFor');
  if (typeof parsed !== 'number') throw validationError([parsed]);
  return parsed;
}

/** A post that passed every check `createPost` makes, with how it will run; nothing is stored yet. */
export interface CheckedPost {
  prepared: PreparedPost;
  draft: boolean;
  immediate: boolean;
  scheduledFor: number | undefined;
  /** The time the checks ran at, which an immediate post is due at. */
  now: number;
  /** The post takes the next free slot of its queue when it is stored. */
  queued: boolean;
}

/**
 * Everything `createPost` checks before it stores anything: the time and timezone, the queue, every target (see
 * `checkPost`) and duplicate content. Throws the same errors `createPost` would; stores nothing, so a dry run that
 * calls it answers exactly what creating the post would.
 */
export async function checkNewPost(ctx: AppContext, principal: Principal, input: PostInput, origin: string): Promise<CheckedPost> {
  const now = ctx.clock.now();
  // A time that cannot be read is reported with every other problem of the post, not on its own.
  const timeProblems: PostProblem[] = [];
  let scheduledFor: number | undefined;
  try {
    scheduledFor = readScheduledFor(input);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'VALIDATION_FAILED') throw error;
    const fields = (error.details?.['fields'] ?? {}) as Record<string, string[]>;
    for (const [field, messages] of Object.entries(fields)) for (const message of messages) timeProblems.push({ code: 'VALIDATION_FAILED', field, message });
  }
  const timeGiven = input.scheduledFor !== undefined && input.scheduledFor !== '';
  const draft = input.isDraft === true || (input.publishNow !== true && !timeGiven && input.queuedFromProfile === undefined);
  const immediate = !draft && (input.publishNow === true || (scheduledFor !== undefined && scheduledFor <= now));
  const queued = !draft && !immediate && !timeGiven && input.queuedFromProfile !== undefined;
  // The slot the post would get now, for the checks (the daily cap at its time); it is taken for good below, under
  // the queue's lock, where a concurrent post may have moved it to the next free one.
  if (queued) await getProfile(ctx, principal, input.queuedFromProfile!);
  const provisional = queued ? await queueSlot(ctx, ctx.db, input, now, false) : undefined;
  const { post: prepared, problems } = await checkPost(ctx, principal, input, {
    draft,
    scheduledFor: immediate ? now : (scheduledFor ?? provisional?.instant ?? null),
    origin,
  });
  if (!prepared || timeProblems.length > 0) throw postProblemsError([...timeProblems, ...problems]);
  if (!draft && input.allowDuplicateContent !== true) await refuseDuplicates(ctx, prepared);
  return { prepared, draft, immediate, scheduledFor, now, queued };
}

/**
 * Creates a post. Without `scheduledFor`, `publishNow` or `queuedFromProfile` it is a draft, as the SDK documents;
 * a time already past publishes now. Every target is checked before anything is stored (see `checkNewPost`),
 * identical content to the same account within 24 h is refused, and a profile (or the post) requiring approval
 * holds it in pending_approval. The post and its targets are stored in one transaction; a synchronous publish claims
 * its targets in the same transaction, so they are never both stored and unowned.
 */
export async function createPost(ctx: AppContext, principal: Principal, input: PostInput, origin: string): Promise<CreatedPost> {
  const { prepared, draft, immediate, scheduledFor, now, queued } = await checkNewPost(ctx, principal, input, origin);
  const profile = await findProfile(ctx.db, principal.userId, prepared.profileId);
  const needsApproval = !draft && (input.requiresApproval === true || profile?.requires_approval === 1);
  const mode: RunMode = runModeFor(ctx, { draft, needsApproval, immediate });
  const id = ctx.ids.next();
  let targets = targetRows(ctx, id, prepared, mode, now);
  const row: PostRow = {
    id,
    profile_id: prepared.profileId,
    user_id: principal.userId,
    api_key_id: principal.keyId,
    ...postContentColumns(prepared, input, { draft, immediate, scheduledFor, now }),
    approval: needsApproval ? 'pending' : 'none',
    approval_note: null,
    approved_by: null,
    queued_from_profile: input.queuedFromProfile ?? null,
    queue_id: input.queueId ?? null,
    status: derivePostStatus(targets.map((t) => t.status), draft),
    version: 1,
    deleted_at: null,
    created_at: now,
    updated_at: now,
  };
  let earliest = Math.min(...targets.map((t) => t.run_at ?? Number.POSITIVE_INFINITY));
  await ctx.db.transaction().execute(async (trx) => {
    if (queued) {
      const slot = await queueSlot(ctx, trx, input, now, ctx.store.dialect === 'postgres');
      row.scheduled_for = slot.instant;
      row.queue_id = slot.queue.id;
      targets = targets.map((t) => (t.own_scheduled_for === null ? { ...t, scheduled_for: slot.instant, run_at: t.run_at === null ? null : slot.instant } : t));
      earliest = Math.min(...targets.map((t) => t.run_at ?? Number.POSITIVE_INFINITY));
    }
    await insertPostWithTargets(trx, row, targets);
    await markUploadsUsed(trx, prepared.uploadIds, now);
    if (mode.kind === 'scheduled' && Number.isFinite(earliest)) await notifyDue(ctx, trx, earliest);
  });
  if (mode.kind === 'scheduled' && Number.isFinite(earliest)) {
    ctx.events.emit('targets:due', { runAt: earliest });
    ctx.events.emit('post:scheduled', { postId: id, profileId: row.profile_id, status: row.status, scheduledFor: earliest });
  }
  return { post: row, targets: await findTargetsOfPost(ctx.db, id), publishNow: mode.kind === 'now' };
}
