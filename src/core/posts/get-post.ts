import type { AppContext } from '../../context.js';
import { AppError, validationError } from '../../errors.js';
import {
  findPost,
  findTargetsOfPost,
  findTargetsOfPosts,
  listAttempts,
  listPosts,
  type AttemptRow,
  type PostFilter,
  type PostRow,
  type TargetRow,
} from '../../store/posts-queries.js';
import type { PostStatus } from '../../store/schema.js';
import { canSeeProfile, visibleProfileIds, type Principal } from '../access/principal.js';
import { validatePlatformName } from '../media/validate-platform-name.js';

/** A post with its targets. */
export interface PostWithTargets {
  post: PostRow;
  targets: TargetRow[];
}

/** A post visible to the principal, not deleted; POST_NOT_FOUND otherwise. `forUpdate` locks it (PostgreSQL). */
export async function requirePost(ctx: AppContext, principal: Principal, postId: string, db = ctx.db, forUpdate = false): Promise<PostRow> {
  const post = await findPost(db, postId, forUpdate);
  if (!post || post.deleted_at !== null || post.user_id !== principal.userId || !canSeeProfile(principal, post.profile_id)) {
    throw new AppError('POST_NOT_FOUND', `No post ${postId}.`);
  }
  return post;
}

/** One post with its targets. */
export async function getPost(ctx: AppContext, principal: Principal, postId: string): Promise<PostWithTargets> {
  const post = await requirePost(ctx, principal, postId);
  return { post, targets: await findTargetsOfPost(ctx.db, post.id) };
}

/** Every attempt of a post's targets, oldest first (the audit trail). */
export async function getPostAttempts(ctx: AppContext, principal: Principal, postId: string): Promise<AttemptRow[]> {
  const post = await requirePost(ctx, principal, postId);
  return listAttempts(ctx.db, post.id);
}

/** The list filters as the API receives them. */
export interface ListPostsInput {
  page?: number | undefined;
  offset?: number | undefined;
  limit?: number | undefined;
  status?: PostStatus | undefined;
  profileId?: string | undefined;
  accountId?: string | undefined;
  platform?: string | undefined;
  fromDate?: string | undefined;
  toDate?: string | undefined;
  search?: string | undefined;
  sortBy?: PostFilter['sort'] | undefined;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function parseDate(value: string | undefined, field: string, endOfDay: boolean): number | undefined {
  if (value === undefined || value === '') return undefined;
  const at = DATE_ONLY.test(value) ? Date.parse(`${value}T${endOfDay ? '23:59:59.999' : '00:00:00.000'}Z`) : Date.parse(value);
  if (Number.isNaN(at) || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
    throw validationError([{ field, message: 'must be YYYY-MM-DD or an ISO 8601 date and time' }]);
  }
  return at;
}

/** One page of the principal's posts, newest first unless sorted otherwise, with their targets. */
export async function listPostsFor(
  ctx: AppContext,
  principal: Principal,
  input: ListPostsInput,
): Promise<{ posts: PostWithTargets[]; total: number; page: number; limit: number }> {
  const limit = input.limit ?? 10;
  const offset = input.offset ?? ((input.page ?? 1) - 1) * limit;
  const visible = visibleProfileIds(principal);
  let profileIds = visible;
  if (input.profileId !== undefined && input.profileId !== '' && input.profileId !== 'all') {
    profileIds = visible === undefined || visible.includes(input.profileId) ? [input.profileId] : [];
  }
  const platform = input.platform === undefined || input.platform === '' ? undefined : (validatePlatformName(input.platform)?.apiName ?? input.platform);
  const { rows, total } = await listPosts(ctx.db, {
    userId: principal.userId,
    profileIds,
    status: input.status,
    accountId: input.accountId,
    platform,
    from: parseDate(input.fromDate, 'fromDate', false),
    to: parseDate(input.toDate, 'toDate', true),
    search: input.search,
    sort: input.sortBy ?? 'created-desc',
    limit,
    offset,
  });
  const targets = await findTargetsOfPosts(ctx.db, rows.map((row) => row.id));
  return {
    posts: rows.map((post) => ({ post, targets: targets.get(post.id) ?? [] })),
    total,
    page: Math.floor(offset / limit) + 1,
    limit,
  };
}
