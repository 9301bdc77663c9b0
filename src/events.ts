import { EventEmitter } from 'node:events';

/**
 * Domain events, named `noun:verb`. Use cases emit them after the state change is stored; webhooks and metrics
 * listen. Payloads carry ids and the facts a listener needs, never secrets.
 */
export interface EventMap {
  'account:connected': { accountId: string; profileId: string; platform: string; reconnected: boolean };
  'account:disconnected': { accountId: string; profileId: string; platform: string };
  'account:needs_reauth': { accountId: string; profileId: string; platform: string; reason: string };
  'account:token_refreshed': { accountId: string; platform: string; expiresAt: number | null };
}

/** A typed, in-process event bus. */
export interface EventBus {
  on<K extends keyof EventMap>(event: K, listener: (payload: EventMap[K]) => void): () => void;
  emit<K extends keyof EventMap>(event: K, payload: EventMap[K]): void;
  /** Resolves with the next payload of `event` (for tests awaiting an outcome instead of sleeping). */
  next<K extends keyof EventMap>(event: K): Promise<EventMap[K]>;
}

/** Creates an event bus. A throwing listener is reported to `onListenerError` and never reaches the emitter. */
export function createEventBus(onListenerError: (error: unknown, event: string) => void = () => undefined): EventBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    on(event, listener) {
      const safe = (payload: EventMap[typeof event]) => {
        try {
          listener(payload);
        } catch (error) {
          onListenerError(error, event);
        }
      };
      emitter.on(event, safe);
      return () => emitter.off(event, safe);
    },
    emit: (event, payload) => void emitter.emit(event, payload),
    next: (event) => new Promise((resolve) => emitter.once(event, resolve)),
  };
}
