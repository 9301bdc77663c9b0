import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { bulkUploadPosts } from '../../core/posts/bulk-upload.js';
import { AppError, validationError } from '../../errors.js';
import { runTargetsNow } from '../../scheduler/scheduler.js';
import { principalOf } from '../fastify-types.js';
import { requestOrigin } from '../request-origin.js';
import { commonErrors, queryBoolean } from '../schemas/common.js';

/** The largest CSV file accepted, in bytes. */
export const BULK_MAX_BYTES = 5 * 1024 * 1024;

const MULTIPART_ONLY = 'Send the CSV as multipart/form-data, in a part named `file`.';

const violation = z.object({
  code: z.string(),
  field: z.string().nullable(),
  message: z.string(),
  platform: z.string().optional(),
  limit: z.unknown().optional(),
  actual: z.unknown().optional(),
});
const bulkResult = z.object({
  total: z.number(),
  valid: z.number(),
  invalid: z.number(),
  results: z.array(
    z.object({
      rowIndex: z.number(),
      line: z.number().describe('Line of the file the row starts on (Outbox extension).'),
      ok: z.boolean(),
      createdPostId: z.string().optional(),
      errors: z.array(z.string()).optional().describe('`CODE:column` per problem.'),
      violations: z.array(violation).optional().describe('Every problem of the row with its code, column and message (Outbox extension).'),
    }),
  ),
  warnings: z.array(z.string()),
});

/** Reads the one `file` part of the request as UTF-8 text, refusing anything else by name. */
async function readCsvPart(request: FastifyRequest): Promise<string> {
  if (!request.isMultipart()) throw new AppError('REQUEST_UNSUPPORTED_MEDIA_TYPE', MULTIPART_ONLY, { param: 'content-type' });
  let bytes: Buffer | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type !== 'file') continue;
      if (part.fieldname !== 'file' || bytes !== undefined) {
        await part.toBuffer();
        throw validationError([{ field: part.fieldname, message: 'only one file is accepted, in the part named `file`' }]);
      }
      bytes = await part.toBuffer();
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError('BULK_CSV_TOO_LARGE', `The CSV file is larger than ${BULK_MAX_BYTES} bytes (5 MiB); split it into several uploads.`, {
        param: 'file',
        details: { limit: BULK_MAX_BYTES },
      });
    }
    if ((error as { code?: string }).code === 'FST_FILES_LIMIT' || (error as { code?: string }).code === 'FST_PARTS_LIMIT') {
      throw validationError([{ field: 'file', message: 'only one file is accepted, in the part named `file`' }]);
    }
    if ((error as { code?: string }).code?.startsWith('FST_')) {
      throw new AppError('REQUEST_UNSUPPORTED_MEDIA_TYPE', `The multipart body could not be read: ${(error as Error).message}`, { param: 'content-type', cause: error });
    }
    throw error;
  }
  if (bytes === undefined) throw validationError([{ field: 'file', message: 'is required: send the CSV in a multipart part named `file`' }]);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw validationError([{ field: 'file', message: 'must be UTF-8 text' }]);
  }
  // PostgreSQL text cannot hold U+0000; refusing it here keeps both stores answering alike.
  if (text.includes('\u0000')) throw validationError([{ field: 'file', message: 'must not contain the NUL character (U+0000)' }]);
  return text;
}

/**
 * `POST /api/v1/posts/bulk-upload`: one post per CSV row. The only route that reads multipart/form-data; the parser
 * is registered in this plugin's own scope so every other route stays JSON-only.
 */
export function postBulkRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(multipart, {
      limits: { fileSize: BULK_MAX_BYTES, files: 1, fields: 20, parts: 21, fieldSize: 1024 },
    });
    // Any other body type gets the 415 this route's callers need, not the JSON-only message of the rest of the API.
    app.addContentTypeParser('*', (_request, _payload, done) => {
      done(new AppError('REQUEST_UNSUPPORTED_MEDIA_TYPE', MULTIPART_ONLY, { param: 'content-type' }), undefined);
    });

    app.post('/posts/bulk-upload', {
      schema: {
        tags: ['Posts'],
        summary: 'Create posts from a CSV file',
        description:
          'multipart/form-data with the CSV in a part named `file` (at most 5 MiB and 5000 data rows). Each row becomes one post and gets every check ' +
          'POST /v1/posts makes; a failing row is reported with all its problems and the other rows go on. 200 when every row succeeded or every row ' +
          'failed, 207 when some did. `dryRun=true` checks every row and stores nothing. The columns are documented in docs/posts-bulk-upload.md.',
        querystring: z.object({ dryRun: queryBoolean.optional() }),
        response: { 200: bulkResult, 207: bulkResult, ...commonErrors, 413: commonErrors[400], 415: commonErrors[400] },
      },
    }, async (request, reply) => {
      const principal = principalOf(request);
      const csv = await readCsvPart(request);
      const dryRun = request.query.dryRun === true;
      const outcome = await bulkUploadPosts(ctx, principal, csv, { dryRun, origin: requestOrigin(request) });
      // Rows with publish_now claimed their targets for this process, as POST /v1/posts does; run them before answering.
      const claimed = outcome.created.filter((c) => c.publishNow).flatMap((c) => c.targets.filter((t) => t.status === 'publishing' && t.lease_owner === ctx.instanceId));
      await runTargetsNow(ctx, claimed);
      const { created: _created, ...body } = outcome;
      return reply.status(body.valid > 0 && body.invalid > 0 ? 207 : 200).send(body);
    });
  };
}
