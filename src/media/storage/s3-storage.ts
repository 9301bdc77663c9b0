import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Readable } from 'node:stream';
import type { S3Config } from '../../config.js';
import type { ByteRange, MediaStorage, UploadUrlInput } from './media-storage.js';

/**
 * The S3-compatible driver: clients PUT straight to the bucket with a presigned URL, so bytes never pass through
 * Outbox on the way in. A presigned PUT can pin the exact Content-Length (when the client declared `size`) but not
 * an upper bound, so an undeclared size is checked against the cap when the upload is first used.
 */
export function createS3Storage(config: S3Config): MediaStorage {
  const clientConfig: S3ClientConfig = {
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    ...(config.endpoint !== undefined && { endpoint: config.endpoint }),
    ...(config.accessKeyId !== undefined &&
      config.secretAccessKey !== undefined && {
        credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
      }),
  };
  const client = new S3Client(clientConfig);
  const objectKey = (key: string) => `${config.prefix}${key}`;

  const notFound = (error: unknown) => {
    const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
    return e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404;
  };

  const get = async (key: string, range?: ByteRange): Promise<Readable> => {
    const response = await client.send(
      new GetObjectCommand({
        Bucket: config.bucket,
        Key: objectKey(key),
        ...(range && { Range: `bytes=${range.start}-${range.end}` }),
      }),
    );
    if (!(response.Body instanceof Readable)) throw new Error('S3 returned no readable body');
    return response.Body;
  };

  return {
    kind: 's3',

    async createUploadUrl(input: UploadUrlInput) {
      const command = new PutObjectCommand({
        Bucket: config.bucket,
        Key: objectKey(input.key),
        ContentType: input.contentType,
        ...(input.exactBytes !== undefined && { ContentLength: input.exactBytes }),
      });
      return getSignedUrl(client, command, {
        expiresIn: input.expiresInSeconds,
        // Signing these headers makes S3 refuse a PUT whose type or length differs from what was presigned.
        signableHeaders: new Set(input.exactBytes !== undefined ? ['content-type', 'content-length'] : ['content-type']),
      });
    },

    async stat(key) {
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket: config.bucket, Key: objectKey(key) }));
        return { size: head.ContentLength ?? 0 };
      } catch (error) {
        if (notFound(error)) return undefined;
        throw error;
      }
    },

    read: get,

    async readAt(key, position, length) {
      if (length <= 0) return Buffer.alloc(0);
      const chunks: Buffer[] = [];
      try {
        for await (const chunk of await get(key, { start: position, end: position + length - 1 })) chunks.push(chunk as Buffer);
      } catch (error) {
        // A range starting past the end answers 416; to a prober that is simply end of file.
        if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 416) return Buffer.alloc(0);
        throw error;
      }
      return Buffer.concat(chunks);
    },

    async remove(key) {
      await client.send(new DeleteObjectCommand({ Bucket: config.bucket, Key: objectKey(key) }));
    },

    // A presigned single PUT is atomic in S3: an interrupted one stores nothing.
    sweepAbandoned: async () => 0,
  };
}
