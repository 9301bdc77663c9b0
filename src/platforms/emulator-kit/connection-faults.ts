import type { FastifyReply } from 'fastify';

/**
 * Closes the client's connection without sending a response, the way a crashed proxy or a network cut looks to a
 * client: it sees a reset socket, not a status code. The reply is hijacked first so Fastify does not try to write
 * to the destroyed socket.
 */
export function dropConnection(reply: FastifyReply): void {
  reply.hijack();
  reply.raw.socket?.destroy();
}

/**
 * Waits that can all be cut short at once. A delay fault holds a request for wall-clock time (a client's timeout is
 * wall-clock time too, so a fake clock cannot stand in for it); when the server closes, every pending wait ends so
 * no timer outlives it.
 */
export interface Delayer {
  /** Resolves `true` after `ms` milliseconds, or `false` as soon as {@link Delayer.cancelAll} is called. */
  wait(ms: number): Promise<boolean>;
  /** Ends every pending wait with `false`. */
  cancelAll(): void;
  /** Number of waits in progress. */
  pending(): number;
}

/** Creates a {@link Delayer}. */
export function createDelayer(): Delayer {
  const waits = new Set<() => void>();
  return {
    wait(ms) {
      return new Promise<boolean>((resolve) => {
        const cancel = () => {
          clearTimeout(timer);
          waits.delete(cancel);
          resolve(false);
        };
        const timer = setTimeout(() => {
          waits.delete(cancel);
          resolve(true);
        }, ms);
        waits.add(cancel);
      });
    },
    cancelAll() {
      for (const cancel of [...waits]) cancel();
    },
    pending: () => waits.size,
  };
}
