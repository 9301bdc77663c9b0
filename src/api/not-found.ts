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
 * Creates the not-found handler. `servedResources` holds the first segments under /api/v1 that Outbox has routes for:
 * an unmatched request there is a wrong method or id (404); only resources Outbox does not serve at all answer 501.
 */
export function createNotFoundHandler(servedResources: ReadonlySet<string>) {
  return function handleNotFound(request: FastifyRequest, _reply: FastifyReply): never {
    const path = request.url.split('?')[0] ?? '';
    const resource = apiResourceOf(path);
    if (resource && HOSTED_SERVICE_RESOURCES.has(resource) && !servedResources.has(resource)) {
      throw new AppError('REQUEST_NOT_IMPLEMENTED', `${request.method} ${path} is an operation of the hosted service that Outbox does not offer.`);
    }
    throw new AppError('REQUEST_ROUTE_NOT_FOUND', `No route for ${request.method} ${path}.`);
  };
}
