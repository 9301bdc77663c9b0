import { randomUUID } from 'node:crypto';

/** The request a fault is matched against. */
export interface FaultMatch {
  /** The emulator's name for the endpoint being served (e.g. `video.init`). */
  endpoint: string;
  /** The credential the request carries, when known (an access token, say). */
  token?: string | undefined;
  /** The platform account the request acts for, when known. */
  account?: string | undefined;
}

/** What the caller asks to queue. */
export interface FaultInput<F> {
  /** Endpoint name to match, or `*` for any endpoint. */
  endpoint: string;
  /** Only requests carrying this credential match (Default: any). */
  token?: string | undefined;
  /** Only requests acting for this account match (Default: any). */
  account?: string | undefined;
  /** How many matching requests the fault applies to (Default: 1). */
  count?: number | undefined;
  /** The platform-specific fault description. */
  fault: F;
}

/** A fault waiting in the queue. */
export interface QueuedFault<F> {
  /** Identifier shown by the control API. */
  id: string;
  endpoint: string;
  token: string | undefined;
  account: string | undefined;
  /** Matching requests it will still apply to. */
  remaining: number;
  fault: F;
}

/**
 * An ordered queue of injected faults. Each request asks for the first queued fault matching its endpoint,
 * credential and account (and, optionally, a predicate on the fault's kind, so a fault that only makes sense at a
 * later stage of the request is left for that stage). Taking a fault uses one of its `count`; it leaves the queue
 * at zero.
 */
export interface FaultQueue<F> {
  /** Appends a fault and returns it as queued. */
  add(input: FaultInput<F>): QueuedFault<F>;
  /** Takes one use of the first fault matching the request and the predicate (Default predicate: any fault). */
  take(match: FaultMatch, accepts?: (fault: F) => boolean): F | undefined;
  /** The queued faults in order. */
  list(): QueuedFault<F>[];
  /** Removes every queued fault. */
  clear(): void;
}

function matches<F>(queued: QueuedFault<F>, match: FaultMatch): boolean {
  if (queued.endpoint !== '*' && queued.endpoint !== match.endpoint) return false;
  if (queued.token !== undefined && queued.token !== match.token) return false;
  if (queued.account !== undefined && queued.account !== match.account) return false;
  return true;
}

/** Creates an empty {@link FaultQueue}. */
export function createFaultQueue<F>(): FaultQueue<F> {
  let queue: QueuedFault<F>[] = [];
  return {
    add(input) {
      const queued: QueuedFault<F> = {
        id: randomUUID(),
        endpoint: input.endpoint,
        token: input.token,
        account: input.account,
        remaining: input.count ?? 1,
        fault: input.fault,
      };
      queue.push(queued);
      return { ...queued };
    },
    take(match, accepts = () => true) {
      const queued = queue.find((candidate) => matches(candidate, match) && accepts(candidate.fault));
      if (queued === undefined) return undefined;
      queued.remaining -= 1;
      if (queued.remaining <= 0) queue = queue.filter((candidate) => candidate !== queued);
      return queued.fault;
    },
    list: () => queue.map((queued) => ({ ...queued })),
    clear() {
      queue = [];
    },
  };
}
