import { z } from 'zod';
import { PlatformError } from '../platform-error.js';
import type { PublishContext } from '../publish-context.js';
import type { TargetViolation } from '../target-violation.js';
import { initResponseSchema, TIKTOK_PATHS, type TikTokInitResponse } from './api.js';
import type { TikTokClient } from './client.js';
import { TIKTOK } from './errors.js';

/** The three init endpoints. */
export type InitEndpoint = 'video.init' | 'inbox.init' | 'content.init';

const INIT_PATHS: Record<InitEndpoint, string> = {
  'video.init': TIKTOK_PATHS.videoInit,
  'inbox.init': TIKTOK_PATHS.inboxVideoInit,
  'content.init': TIKTOK_PATHS.contentInit,
};

/** Calls an init endpoint. Not idempotent: a lost or 5xx answer rejects with kind `unknown`. */
export function callInit(client: TikTokClient, context: PublishContext, endpoint: InitEndpoint, body: unknown): Promise<TikTokInitResponse> {
  return client.data({
    operation: endpoint,
    method: 'POST',
    path: INIT_PATHS[endpoint],
    accessToken: context.accessToken,
    body,
    idempotent: false,
    schema: initResponseSchema,
    signal: context.signal,
  });
}

/**
 * Saves the publish_id before anything else happens. When the save itself fails, nothing more is sent: a FILE_UPLOAD
 * publish without bytes can never become a post (so it is `notPublished`), but TikTok is already fetching a
 * PULL_FROM_URL one, whose outcome the caller can then only reconcile (`unknown`).
 */
export async function saveRef(context: PublishContext, publishId: string, fileUpload: boolean): Promise<void> {
  try {
    await context.saveExternalRef(publishId);
  } catch (error) {
    throw new PlatformError(fileUpload ? 'transient' : 'unknown', TIKTOK, `The TikTok publish_id ${publishId} could not be saved.`, {
      platformCode: 'external_ref_not_saved',
      platformError: { publish_id: publishId },
      notPublished: fileUpload,
      cause: error,
    });
  }
}

/** A copy of `error` marked as confirmed not published. */
export function markNotPublished(error: PlatformError): PlatformError {
  return new PlatformError(error.kind, error.platform, error.message, {
    platformCode: error.platformCode,
    status: error.status,
    retryAfterMs: error.retryAfterMs,
    platformError: error.platformError,
    notPublished: true,
    cause: error.cause,
  });
}

/**
 * Cancels a publish that can no longer complete (its upload failed). Resolves true when TikTok confirmed, false when
 * the cancel was refused or could not be sent (the publish_id is saved, so a later attempt reconciles by status).
 */
export async function cancelPublish(client: TikTokClient, context: PublishContext, publishId: string): Promise<boolean> {
  try {
    await client.data({
      operation: 'cancel',
      method: 'POST',
      path: TIKTOK_PATHS.cancel,
      accessToken: context.accessToken,
      body: { publish_id: publishId },
      idempotent: true,
      schema: z.looseObject({}),
      signal: context.signal,
    });
    return true;
  } catch {
    return false;
  }
}

/** The PlatformError for a target that breaks rules: media_rejected when only media rules are broken. */
export function violationsError(violations: TargetViolation[]): PlatformError {
  // Violation codes carry their domain as a prefix (MEDIA_, POST_), a convention of the code registry.
  const mediaOnly = violations.every((violation) => violation.code.startsWith('MEDIA_'));
  const summary = violations.map((violation) => violation.message).join(' ');
  return new PlatformError(mediaOnly ? 'media_rejected' : 'content_rejected', TIKTOK, `The target breaks TikTok's rules: ${summary}`, {
    platformCode: violations[0]?.code,
    platformError: { violations },
    notPublished: true,
  });
}
