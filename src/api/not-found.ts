import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

/**
 * First path segments under /v1 that the hosted service's API serves. A request there that no Outbox route matches
 * is an operation Outbox does not offer: it answers 501 with the error envelope, so the SDK raises its own error
 * class instead of failing to parse. Anything else is a plain 404.
 */
const HOSTED_SERVICE_RESOURCES = new Set([
  'accounts', 'account-groups', 'ads', 'analytics', 'api-keys', 'auth', 'billing', 'broadcasts', 'calls',
  'comment-automations', 'connect', 'contacts', 'custom-fields', 'discord', 'imessage', 'inbox', 'invite', 'logs',
  'me', 'media', 'phone-numbers', 'posts', 'profiles', 'queue', 'reddit', 'sequences', 'sms', 'tools', 'twitter',
  'usage', 'usage-stats', 'users', 'verify', 'voice', 'webhooks', 'whatsapp', 'workflows',
]);

/** First path segment of an /api/v1 URL (`/api/v1/profiles/x` → `profiles`). */
export function apiResourceOf(url: string): string | undefined {
  return /^\/api\/v1\/([^/?]+)/.exec(url)?.[1];
}

/**
 * A route pattern (`/api/v1/profiles/:profileId`) as a matcher of concrete paths. A parameter may be empty here:
 * `/api/v1/profiles/` is that route with a missing id, not an operation Outbox lacks.
 */
export function routePatternMatcher(pattern: string): RegExp {
  const escaped = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:\w+/g, '[^/]*');
  return new RegExp(`^${escaped}/?$`);
}

/**
 * Creates the not-found handler. `servedPatterns` matches every path Outbox has a route for: an unmatched request on
 * such a path used the wrong method (404). Other paths under a resource of the hosted service are operations Outbox
 * does not offer (501), and anything else is a plain 404.
 */
export function createNotFoundHandler(servedPatterns: readonly RegExp[]) {
  return function handleNotFound(request: FastifyRequest, _reply: FastifyReply): never {
    const path = request.url.split('?')[0] ?? '';
    const resource = apiResourceOf(path);
    const served = servedPatterns.some((pattern) => pattern.test(path));
    if (resource && HOSTED_SERVICE_RESOURCES.has(resource) && !served) {
      throw new AppError('REQUEST_NOT_IMPLEMENTED', `${request.method} ${path} is an operation of the hosted service that Outbox does not offer.`);
    }
    throw new AppError('REQUEST_ROUTE_NOT_FOUND', `No route for ${request.method} ${path}.`);
  };
}
