import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { dropConnection } from '../emulator-kit/connection-faults.js';
import { chunkRange, parseContentRange } from './chunk-rules.js';
import type { TikTokEmulatorContext } from './emulator-context.js';
import { newLogId } from './emulator-envelope.js';
import { isImmediateFault } from './emulator-faults.js';
import type { PublishRecord, UploadRecord } from './emulator-state.js';

/** Content types the upload endpoint accepts. */
export const UPLOAD_CONTENT_TYPES = ['video/mp4', 'video/quicktime', 'video/webm'] as const;

interface UploadQuery {
  upload_id?: string;
  upload_token?: string;
}

/** Reads and discards the rest of a request body, so an early answer does not race the client's upload. */
async function drain(raw: IncomingMessage): Promise<void> {
  if (raw.readableEnded) return;
  try {
    for await (const _chunk of raw) {
      // Discarded on purpose: the emulator never keeps uploaded bytes.
    }
  } catch {
    // The client went away; nothing is left to answer.
  }
}

function progressRange(upload: UploadRecord): string {
  return upload.received === 0 ? `bytes */${upload.videoSize}` : `bytes 0-${upload.received - 1}/${upload.videoSize}`;
}

async function answer(request: FastifyRequest, reply: FastifyReply, status: number, upload?: UploadRecord): Promise<void> {
  await drain(request.raw);
  if (upload !== undefined) reply.header('content-range', progressRange(upload));
  await reply.code(status).send();
}

/** The header problems a chunk is answered 400 for, or undefined when its headers are right. */
function headerProblem(request: FastifyRequest, upload: UploadRecord): string | undefined {
  const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!(UPLOAD_CONTENT_TYPES as readonly string[]).includes(contentType)) return 'unsupported Content-Type';
  const range = parseContentRange(request.headers['content-range']);
  if (range === undefined) return 'missing or malformed Content-Range';
  if (range.total !== upload.videoSize) return 'Content-Range total differs from video_size';
  const length = Number(request.headers['content-length']);
  if (!Number.isSafeInteger(length) || length !== range.last - range.first + 1) {
    return 'Content-Length missing or not equal to the Content-Range length';
  }
  if (range.first === upload.received) {
    const expected = chunkRange(upload, upload.chunksReceived);
    if (range.last !== expected.last) return `chunk must end at byte ${expected.last}`;
  }
  return undefined;
}

/** Streams one chunk into a copy of the running hash; commits only when every declared byte arrived. */
async function receiveChunk(ctx: TikTokEmulatorContext, request: FastifyRequest, upload: UploadRecord, publish: PublishRecord): Promise<boolean> {
  const length = Number(request.headers['content-length']);
  const hash = upload.hash.copy();
  let received = 0;
  upload.busy = true;
  try {
    for await (const chunk of request.raw as AsyncIterable<Buffer>) {
      hash.update(chunk);
      received += chunk.byteLength;
    }
  } catch {
    return false;
  } finally {
    upload.busy = false;
  }
  if (received !== length) return false;
  upload.hash = hash;
  upload.received += received;
  upload.chunksReceived += 1;
  publish.bytes = upload.received;
  publish.contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? null;
  if (upload.received === upload.videoSize) {
    publish.media = [{ url: null, bytes: upload.received, sha256: upload.hash.digest('hex') }];
    publish.transferCompletedAt = ctx.clock.now();
  }
  return true;
}

async function handlePut(ctx: TikTokEmulatorContext, request: FastifyRequest<{ Querystring: UploadQuery }>, reply: FastifyReply): Promise<void> {
  reply.header('x-tt-logid', newLogId(ctx.clock));
  ctx.store.bump(ctx.store.counters.requestsByEndpoint, 'upload');
  const upload = ctx.store.uploads.get(request.query.upload_id ?? '');
  const publish = upload === undefined ? undefined : ctx.store.publishes.get(upload.publishId);
  const fault = ctx.faults.take({ endpoint: 'upload', account: publish?.openId }, isImmediateFault);
  if (fault?.kind === 'drop') return dropConnection(reply);
  if (fault?.kind === 'delay' && !(await ctx.delayer.wait(fault.ms))) return dropConnection(reply);
  if (fault?.kind === 'error') return answer(request, reply, fault.status ?? 500, upload);

  if (upload === undefined || publish === undefined || publish.failedAt !== null) return answer(request, reply, 404);
  if (request.query.upload_token !== upload.uploadToken) return answer(request, reply, 403);
  if (ctx.clock.now() >= upload.expiresAt) return answer(request, reply, 403);
  const range = parseContentRange(request.headers['content-range']);
  if (range !== undefined && (upload.busy || range.first !== upload.received)) return answer(request, reply, 416, upload);
  if (headerProblem(request, upload) !== undefined) return answer(request, reply, 400, upload);

  if (!(await receiveChunk(ctx, request, upload, publish))) {
    if (request.raw.destroyed) return dropConnection(reply);
    return answer(request, reply, 400, upload);
  }
  reply.header('content-range', progressRange(upload));
  await reply.code(upload.received === upload.videoSize ? 201 : 206).send();
}

/**
 * The byte-upload endpoint returned as `upload_url` (`PUT /video/?upload_id=…&upload_token=…`), in its own
 * encapsulated context: every body reaches the handler unparsed, as a stream, so chunk bytes are counted and hashed
 * and never held in memory, and header mistakes are answered 400 rather than Fastify's 415.
 */
export function uploadRoutes(ctx: TikTokEmulatorContext): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
    app.setErrorHandler(async (_error, request, reply) => {
      await drain(request.raw);
      await reply.code(400).send();
    });
    app.put<{ Querystring: UploadQuery }>('/video/', (request, reply) => handlePut(ctx, request, reply));
  };
}
