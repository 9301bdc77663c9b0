import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { receiveUpload } from '../../core/media/receive-upload.js';
import { AppError } from '../../errors.js';
import type { LocalStorage } from '../../media/storage/local-storage.js';
import type { MediaProbe } from '../../media/probe/index.js';
import { findUploadByToken } from '../../store/uploads-queries.js';
import { parseRange } from '../http-range.js';

const uploadQuery = z.object({
  expires: z.coerce.number().int().positive(),
  max: z.coerce.number().int().positive(),
  sig: z.string().regex(/^[0-9a-f]{64}$/, 'must be the signature from the upload URL'),
});

/**
 * Media bytes outside /api/v1, authenticated by what is in the URL rather than an API key: the presigned PUT of the
 * local driver (`/media/upload/{uploadId}?expires&max&sig`) and public media (`/media/{token}/{filename}`, with
 * Range support, so platforms that pull media can fetch and resume).
 */
export function mediaFileRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    // Upload bodies are raw bytes of any type, streamed by the handler: no parser may read them.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
    app.addHook('onSend', async (_request, reply, payload) => {
      // After an early refusal the rest of a large body is unread: close the connection instead of draining it.
      if (reply.statusCode >= 400) reply.header('connection', 'close');
      return payload;
    });

    app.put('/media/upload/:uploadId', { schema: { hide: true, params: z.object({ uploadId: z.string() }), querystring: uploadQuery } }, async (request) => {
      if (ctx.media.kind !== 'local') throw new AppError('REQUEST_ROUTE_NOT_FOUND', 'Uploads go to the S3 bucket’s presigned URL.');
      const lengthHeader = request.headers['content-length'];
      const contentLength = lengthHeader !== undefined && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : undefined;
      const row = await receiveUpload(ctx, ctx.media as LocalStorage, {
        uploadId: request.params.uploadId,
        expires: request.query.expires,
        maxBytes: request.query.max,
        signature: request.query.sig,
        contentType: request.headers['content-type'],
        contentLength: request.headers['transfer-encoding'] ? undefined : contentLength,
        body: request.raw,
      });
      const probe = JSON.parse(row.probe ?? '{}') as Partial<MediaProbe>;
      return { uploadId: row.id, status: row.status, size: row.size_bytes, sha256: row.sha256, contentType: probe.mimeType ?? row.content_type };
    });

    app.route({
      method: ['GET', 'HEAD'],
      url: '/media/:token/:filename',
      schema: { hide: true, params: z.object({ token: z.string(), filename: z.string() }) },
      handler: async (request, reply) => {
        const row = /^[0-9a-f]{32}$/.test(request.params.token) ? await findUploadByToken(ctx.db, request.params.token) : undefined;
        const object = row?.status === 'stored' ? await ctx.media.stat(row.key) : undefined;
        if (!row || !object) throw new AppError('MEDIA_NOT_FOUND', 'No media at this URL.');
        const probe = JSON.parse(row.probe ?? '{}') as Partial<MediaProbe>;
        const range = parseRange(request.headers.range, object.size);
        reply.header('accept-ranges', 'bytes');
        reply.header('content-type', probe.mimeType ?? row.content_type);
        reply.header('cache-control', 'public, max-age=3600');
        if (row.sha256) reply.header('etag', `"${row.sha256}"`);
        if (range.kind === 'unsatisfiable') {
          reply.header('content-range', `bytes */${object.size}`);
          throw new AppError('MEDIA_RANGE_NOT_SATISFIABLE', `The file has ${object.size} bytes.`, { param: 'range' });
        }
        const start = range.kind === 'partial' ? range.start : 0;
        const end = range.kind === 'partial' ? range.end : object.size - 1;
        reply.header('content-length', end - start + 1);
        if (range.kind === 'partial') reply.status(206).header('content-range', `bytes ${start}-${end}/${object.size}`);
        if (request.method === 'HEAD' || object.size === 0) return reply.send();
        return reply.send(await ctx.media.read(row.key, { start, end }));
      },
    });
  };
}
