import { z } from 'zod';
import type { QueuedFault } from '../emulator-kit/fault-queue.js';

/** Endpoint names faults are matched against (`*` in a fault matches every one). */
export const TIKTOK_EMULATOR_ENDPOINTS = [
  'oauth.authorize',
  'oauth.token',
  'oauth.revoke',
  'user.info',
  'creator_info',
  'video.init',
  'inbox.init',
  'content.init',
  'upload',
  'status',
  'cancel',
] as const;

/** One endpoint of the emulator, as named in faults and counters. */
export type TikTokEmulatorEndpoint = (typeof TIKTOK_EMULATOR_ENDPOINTS)[number];

const faultSchemas = [
  /** Answer with this status and error code instead of serving the request (no state change). */
  z.object({
    kind: z.literal('error'),
    /** HTTP status (Default: the code's documented status; 200 for spam/cap codes on creator_info; 400 on OAuth endpoints). */
    status: z.number().int().min(200).max(599).optional(),
    /** Error code (Default: `internal_error`; on OAuth endpoints `server_error`). */
    code: z.string().min(1).optional(),
    message: z.string().optional(),
    /** Adds `Retry-After` with this many seconds, as a 429 that tells when the window resets (Default: no header). */
    retryAfterSec: z.number().int().min(0).max(86_400).optional(),
  }),
  /** Hold the request this many wall-clock milliseconds, then serve it normally. */
  z.object({ kind: z.literal('delay'), ms: z.number().int().min(0).max(600_000) }),
  /** Destroy the connection without answering. */
  z.object({ kind: z.literal('drop') }),
  /** Serve the request (the state changes), then answer an error instead of the result. */
  z.object({
    kind: z.literal('fail_after_commit'),
    status: z.number().int().min(200).max(599).optional(),
    code: z.string().min(1).optional(),
    message: z.string().optional(),
  }),
  /** Serve the request (the state changes), then destroy the connection: a lost response. */
  z.object({ kind: z.literal('drop_after_commit') }),
  /** The next matching init succeeds, and the publish ends FAILED with this fail_reason when processing ends. */
  z.object({ kind: z.literal('publish_fail'), failReason: z.string().min(1) }),
  /** The next matching PULL_FROM_URL init never downloads; it fails with *_pull_failed once the pull timeout passes. */
  z.object({ kind: z.literal('pull_hang') }),
] as const;

/** A fault description without its target. */
export const tiktokFaultSchema = z.discriminatedUnion('kind', faultSchemas);

/** What a fault does. */
export type TikTokFault = z.infer<typeof tiktokFaultSchema>;

const targetShape = {
  /** Endpoint to match, or `*` for any. */
  endpoint: z.enum([...TIKTOK_EMULATOR_ENDPOINTS, '*']),
  /** Only requests with this bearer access token (Default: any). */
  accessToken: z.string().min(1).optional(),
  /** Only requests acting for this creator open_id (Default: any). */
  openId: z.string().min(1).optional(),
  /** Number of matching requests affected (Default: 1). */
  count: z.number().int().min(1).max(1_000_000).optional(),
};

/** The body of `POST /__control/faults`: a target plus a fault, flat. */
export const tiktokFaultInputSchema = z.object(targetShape).and(tiktokFaultSchema);

/** A fault to queue: where it applies (endpoint, optional token/creator, count) and what it does. */
export type TikTokFaultInput = TikTokFault & {
  endpoint: TikTokEmulatorEndpoint | '*';
  accessToken?: string | undefined;
  openId?: string | undefined;
  count?: number | undefined;
};

/** A queued fault as the control API lists it. */
export type TikTokQueuedFault = TikTokFault & {
  id: string;
  endpoint: string;
  accessToken: string | undefined;
  openId: string | undefined;
  remaining: number;
};

/** Flattens a queue entry for the control API. */
export function describeQueuedFault(queued: QueuedFault<TikTokFault>): TikTokQueuedFault {
  return {
    ...queued.fault,
    id: queued.id,
    endpoint: queued.endpoint,
    accessToken: queued.token,
    openId: queued.account,
    remaining: queued.remaining,
  };
}

/** Splits a flat fault input into the queue's target and fault parts. */
export function splitFaultInput(input: TikTokFaultInput): {
  endpoint: string;
  token: string | undefined;
  account: string | undefined;
  count: number | undefined;
  fault: TikTokFault;
} {
  const { endpoint, accessToken, openId, count, ...fault } = input;
  return { endpoint, token: accessToken, account: openId, count, fault: fault as TikTokFault };
}

/** Faults applied before a request is served. */
export function isImmediateFault(fault: TikTokFault): boolean {
  return fault.kind === 'error' || fault.kind === 'delay' || fault.kind === 'drop';
}

/** Faults applied after a request changed state. */
export function isAfterCommitFault(fault: TikTokFault): boolean {
  return fault.kind === 'fail_after_commit' || fault.kind === 'drop_after_commit';
}
