import type { AppContext } from '../../context.js';
import { insertRequestLogs, type NewRequestLog } from '../../store/request-logs-queries.js';

/**
 * Buffers request logs and writes them in batches. A log line per request written synchronously would cost a
 * store round trip on every call; batching keeps the API fast. The price: a crash loses at most the last
 * `flushIntervalMs` of request logs (never posts or other state, which are written before the response).
 */
export interface RequestLogWriter {
  /** Queues one log row. */
  add(row: NewRequestLog): void;
  /** Writes everything queued so far. */
  flush(): Promise<void>;
  /** Stops the timer and flushes. */
  close(): Promise<void>;
}

/** Flush interval (ms) and batch size at which a flush starts early. */
const FLUSH_INTERVAL_MS = 500;
const MAX_BATCH = 500;

/** Creates the writer for a context. */
export function createRequestLogWriter(ctx: Pick<AppContext, 'db' | 'logger'>): RequestLogWriter {
  let pending: NewRequestLog[] = [];
  let inFlight: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const batch = pending;
    pending = [];
    if (batch.length === 0) return inFlight;
    inFlight = inFlight
      .then(() => insertRequestLogs(ctx.db, batch))
      .catch((error: unknown) => ctx.logger.warn({ err: error, lost: batch.length }, 'request log write failed'));
    return inFlight;
  };

  return {
    add(row) {
      pending.push(row);
      if (pending.length >= MAX_BATCH) void flush();
      else if (!timer) {
        timer = setTimeout(() => void flush(), FLUSH_INTERVAL_MS);
        timer.unref();
      }
    },
    flush,
    close: flush,
  };
}
