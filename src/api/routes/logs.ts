import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { listRequestLogs } from '../../core/request-logs/list-request-logs.js';
import type { RequestLogRow } from '../../store/request-logs-queries.js';
import { principalOf } from '../fastify-types.js';
import { commonErrors, iso, objectId } from '../schemas/common.js';

const logSchema = z
  .object({
    type: z.literal('api_request'),
    action: z.string(),
    status: z.enum(['success', 'failed']),
    status_code: z.number(),
    error_code: z.string().optional(),
    duration_ms: z.number(),
    endpoint: z.string(),
    method: z.string(),
    path: z.string(),
    request_id: z.string(),
    api_key_id: z.string().optional(),
    ip_address: z.string().optional(),
    user_agent: z.string().optional(),
    created_at: z.string(),
  })
  .meta({ id: 'RequestLog' });

function present(row: RequestLogRow): z.infer<typeof logSchema> {
  return {
    type: 'api_request',
    action: `${row.method} ${row.route ?? row.path}`,
    status: row.status_code < 400 ? 'success' : 'failed',
    status_code: row.status_code,
    ...(row.error_code !== null && { error_code: row.error_code }),
    duration_ms: row.duration_ms,
    endpoint: row.route ?? row.path,
    method: row.method,
    path: row.path,
    request_id: row.request_id,
    ...(row.api_key_id !== null && { api_key_id: row.api_key_id }),
    ...(row.ip !== null && { ip_address: row.ip }),
    ...(row.user_agent !== null && { user_agent: row.user_agent }),
    created_at: iso(row.created_at),
  };
}

const isoInstant = z.iso.datetime({ offset: true }).transform((value) => Date.parse(value));

/** Request logs: `GET /api/v1/logs` (type `api_request`; other categories arrive with publishing and webhooks). */
export function logRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/logs', {
      schema: {
        tags: ['Logs'],
        summary: 'List recent API requests',
        querystring: z.object({
          type: z.enum(['all', 'api_request']).optional(),
          apiKeyId: objectId.optional(),
          days: z.coerce.number().int().min(1).max(90).optional(),
          from: isoInstant.optional(),
          to: isoInstant.optional(),
          statusCode: z.coerce.number().int().min(100).max(599).optional(),
          status: z.enum(['success', 'failed', 'all']).optional(),
          requestId: z.string().max(255).optional(),
          limit: z.coerce.number().int().min(1).max(100).default(50),
          skip: z.coerce.number().int().min(0).default(0),
        }),
        response: {
          200: z.object({
            logs: z.array(logSchema),
            pagination: z.object({ total: z.number(), limit: z.number(), skip: z.number(), pages: z.number(), hasMore: z.boolean() }),
          }),
          ...commonErrors,
        },
      },
    }, async (request) => {
      const q = request.query;
      const { rows, total } = await listRequestLogs(ctx, principalOf(request), q);
      return {
        logs: rows.map(present),
        pagination: { total, limit: q.limit, skip: q.skip, pages: Math.ceil(total / q.limit), hasMore: q.skip + rows.length < total },
      };
    });
  };
}
