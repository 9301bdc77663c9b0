import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ResolvedCreator } from './emulator-config.js';
import type { TikTokEmulatorContext } from './emulator-context.js';
import { checkScopes, fail, ok, serveDataEndpoint, type DataCall, type Outcome } from './emulator-guard.js';
import type { TikTokScope } from './emulator-options.js';

/** Each `user/info` field, the scope it needs and how it is read from a creator. */
const USER_FIELDS: Record<string, { scope: TikTokScope; read: (creator: ResolvedCreator) => unknown }> = {
  open_id: { scope: 'user.info.basic', read: (creator) => creator.openId },
  union_id: { scope: 'user.info.basic', read: (creator) => creator.unionId },
  avatar_url: { scope: 'user.info.basic', read: (creator) => creator.avatarUrl },
  avatar_url_100: { scope: 'user.info.basic', read: (creator) => creator.avatarUrl },
  avatar_large_url: { scope: 'user.info.basic', read: (creator) => creator.avatarUrl },
  display_name: { scope: 'user.info.basic', read: (creator) => creator.displayName },
  bio_description: { scope: 'user.info.profile', read: (creator) => creator.bioDescription },
  profile_deep_link: {
    scope: 'user.info.profile',
    read: (creator) => `https://www.tiktok.com/@${encodeURIComponent(creator.username)}`,
  },
  is_verified: { scope: 'user.info.profile', read: (creator) => creator.isVerified },
  username: { scope: 'user.info.profile', read: (creator) => creator.username },
  follower_count: { scope: 'user.info.stats', read: (creator) => creator.stats.followerCount },
  following_count: { scope: 'user.info.stats', read: (creator) => creator.stats.followingCount },
  likes_count: { scope: 'user.info.stats', read: (creator) => creator.stats.likesCount },
  video_count: { scope: 'user.info.stats', read: (creator) => creator.stats.videoCount },
};

function userInfo(call: DataCall, request: FastifyRequest<{ Querystring: { fields?: string } }>): Outcome {
  const fields = (request.query.fields ?? '').split(',').map((field) => field.trim()).filter((field) => field !== '');
  if (fields.length === 0) return fail('invalid_params', 'fields is required.');
  const unknown = fields.find((field) => USER_FIELDS[field] === undefined);
  if (unknown !== undefined) return fail('invalid_params', `Unknown field ${unknown}.`);
  const user: Record<string, unknown> = {};
  for (const field of fields) {
    const definition = USER_FIELDS[field];
    if (definition === undefined) continue;
    const problem = checkScopes(call, [definition.scope]);
    if (problem !== null) return problem;
    user[field] = definition.read(call.creator);
  }
  return ok({ user });
}

/** Registers `GET /v2/user/info/?fields=…`; each field needs the scope that covers it. */
export function registerUserRoutes(app: FastifyInstance, ctx: TikTokEmulatorContext): void {
  const spec = { endpoint: 'user.info', rateLimit: 'userInfo' } as const;
  app.get<{ Querystring: { fields?: string } }>('/v2/user/info/', (request, reply) =>
    serveDataEndpoint(ctx, request, reply, spec, (call) => userInfo(call, request)),
  );
}
