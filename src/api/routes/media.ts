import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { UPLOAD_CONTENT_TYPES, normalizeContentType } from '../../core/media/media-content-types.js';
import { presignUpload } from '../../core/media/presign-upload.js';
import { publicMediaUrl } from '../../core/media/public-media-url.js';
import { getUpload } from '../../core/media/require-stored-upload.js';
import type { UploadRow } from '../../store/uploads-queries.js';
import { principalOf } from '../fastify-types.js';
import { requestOrigin } from '../request-origin.js';
import { commonErrors, iso, objectId } from '../schemas/common.js';

const contentType = z
  .string()
  .transform((value) => normalizeContentType(value))
  .pipe(z.enum(UPLOAD_CONTENT_TYPES, { error: `must be one of ${UPLOAD_CONTENT_TYPES.join(', ')}` }));
const filename = z.string().trim().min(1, 'must not be empty').max(255, 'must be at most 255 characters');

// The SDK sends filename/contentType; older clients fileName/fileType; the brief's flow file_name/content_type.
const presignBody = z
  .object({
    filename: filename.optional(),
    fileName: filename.optional(),
    file_name: filename.optional(),
    contentType: contentType.optional(),
    fileType: contentType.optional(),
    content_type: contentType.optional(),
    size: z.number().int().min(1, 'must be at least 1 byte').optional(),
  })
  .transform((body, zctx) => {
    const name = body.filename ?? body.fileName ?? body.file_name;
    const type = body.contentType ?? body.fileType ?? body.content_type;
    if (name === undefined) zctx.addIssue({ code: 'custom', path: ['filename'], message: 'required' });
    if (type === undefined) zctx.addIssue({ code: 'custom', path: ['contentType'], message: 'required' });
    return { filename: name ?? '', contentType: type ?? '', size: body.size };
  });

const presignResponse = z
  .object({
    uploadId: z.string(),
    uploadUrl: z.string().describe('PUT the raw file here, with the same Content-Type (valid one hour).'),
    publicUrl: z.string().describe('Where the file is served once uploaded (Range supported).'),
    key: z.string(),
    expiresIn: z.number(),
  })
  .meta({ id: 'PresignedUpload' });

const uploadSchema = z
  .object({
    uploadId: z.string(),
    status: z.enum(['pending', 'receiving', 'stored', 'rejected']),
    filename: z.string(),
    contentType: z.string(),
    size: z.number().optional(),
    sha256: z.string().optional(),
    probe: z.record(z.string(), z.unknown()).optional(),
    error: z.object({ code: z.string(), message: z.string() }).passthrough().optional(),
    publicUrl: z.string(),
    createdAt: z.string(),
    expiresAt: z.string().optional(),
  })
  .meta({ id: 'Upload' });

function presentUpload(ctx: AppContext, row: UploadRow, origin: string): z.infer<typeof uploadSchema> {
  return {
    uploadId: row.id,
    status: row.status,
    filename: row.filename,
    contentType: row.content_type,
    ...(row.size_bytes !== null && { size: row.size_bytes }),
    ...(row.sha256 !== null && { sha256: row.sha256 }),
    ...(row.probe !== null && { probe: JSON.parse(row.probe) as Record<string, unknown> }),
    ...(row.error !== null && { error: JSON.parse(row.error) as { code: string; message: string } }),
    publicUrl: publicMediaUrl(ctx, row, origin),
    createdAt: iso(row.created_at),
    ...(row.used_at === null && { expiresAt: iso(row.expires_at) }),
  };
}

/** Media: `POST /api/v1/media/presign` (and the brief's `/posts/initiate-upload`), `GET /api/v1/media/{uploadId}`. */
export function mediaRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const presign = (summary: string, withSnakeCase: boolean) => ({
      config: { idempotent: true },
      schema: {
        tags: ['Media'],
        summary,
        body: presignBody,
        response: {
          200: withSnakeCase ? presignResponse.extend({ upload_id: z.string(), upload_url: z.string() }) : presignResponse,
          ...commonErrors,
        },
      },
    });

    app.post('/media/presign', presign('Presign an upload', false), async (request) => {
      const result = await presignUpload(ctx, principalOf(request), { ...request.body, origin: requestOrigin(request) });
      return { uploadId: result.uploadId, uploadUrl: result.uploadUrl, publicUrl: result.publicUrl, key: result.key, expiresIn: result.expiresIn };
    });

    app.post('/posts/initiate-upload', presign('Initiate an upload (the brief’s name for presign)', true), async (request) => {
      const result = await presignUpload(ctx, principalOf(request), { ...request.body, origin: requestOrigin(request) });
      return {
        uploadId: result.uploadId,
        upload_id: result.uploadId,
        uploadUrl: result.uploadUrl,
        upload_url: result.uploadUrl,
        publicUrl: result.publicUrl,
        key: result.key,
        expiresIn: result.expiresIn,
      };
    });

    app.get('/media/:uploadId', {
      schema: {
        tags: ['Media'],
        summary: 'Get an upload: status, size, sha256 and probe',
        params: z.object({ uploadId: objectId }),
        response: { 200: z.object({ upload: uploadSchema }), ...commonErrors },
      },
    }, async (request) => {
      const row = await getUpload(ctx, principalOf(request), request.params.uploadId);
      return { upload: presentUpload(ctx, row, requestOrigin(request)) };
    });
  };
}
