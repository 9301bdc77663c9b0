import type { FastifyInstance } from 'fastify';
import { validationError, type FieldIssue } from '../../errors.js';

function findNul(value: unknown, path: string, found: FieldIssue[]): void {
  if (found.length >= 20) return;
  if (typeof value === 'string') {
    if (value.includes('\u0000')) found.push({ field: path, message: 'must not contain the NUL character (U+0000)' });
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => findNul(item, `${path}[${index}]`, found));
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) findNul(item, path ? `${path}.${key}` : key, found);
  }
}

/**
 * Refuses text containing U+0000 anywhere in the body, query or path. PostgreSQL text columns cannot hold it, so
 * without this check the same request would be stored on SQLite and fail with a 500 on PostgreSQL.
 */
export function rejectNulCharacters(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    const issues: FieldIssue[] = [];
    findNul(request.params, '', issues);
    findNul(request.query, '', issues);
    findNul(request.body, '', issues);
    done(issues.length > 0 ? validationError(issues) : undefined);
  });
}
