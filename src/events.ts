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
  /** A post was accepted for publishing at `scheduledFor` (epoch ms of its earliest target). */
  'post:scheduled': PostEvent & { scheduledFor: number };
  /** Every target of the post was published. */
  'post:published': PostEvent;
  /** No target of the post was published (each failed or is unconfirmed). */
  'post:failed': PostEvent;
  /** Some targets were published and others failed or are unconfirmed. */
  'post:partial': PostEvent;
  /** The post was deleted or unpublished before its targets went out. */
  'post:cancelled': PostEvent;
  /** A target's outcome cannot be proven either way; a person must check the platform. */
  'post:unconfirmed': TargetEvent & { reason: string };
  'post:platform_published': TargetEvent & { platformPostId: string | null; platformPostUrl: string | null };
  'post:platform_failed': TargetEvent & { errorCode: string; errorMessage: string };
  /** A target became runnable at `runAt` (epoch ms): wakes an in-process worker sleeping past it. */
  'targets:due': { runAt: number };
}

/** What every post event carries. */
export interface PostEvent {
  postId: string;
  profileId: string;
  /** The post's derived status after the change. */
  status: string;
}

/** What every per-target event carries. */
export interface TargetEvent {
  postId: string;
  profileId: string;
  targetId: string;
  accountId: string;
  platform: string;
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
