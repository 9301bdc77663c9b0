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

/** Not-found handler: 501 for hosted-service operations Outbox lacks, 404 otherwise. */
export function handleNotFound(request: FastifyRequest, _reply: FastifyReply): never {
  const path = request.url.split('?')[0] ?? '';
  const match = /^\/api\/v1\/([^/]+)/.exec(path);
  if (match?.[1] && HOSTED_SERVICE_RESOURCES.has(match[1])) {
    throw new AppError('REQUEST_NOT_IMPLEMENTED', `${request.method} ${path} is an operation of the hosted service that Outbox does not offer.`);
  }
  throw new AppError('REQUEST_ROUTE_NOT_FOUND', `No route for ${request.method} ${path}.`);
}
