import type { PlatformAdapter } from './adapter.js';
import type { TikTokConfig } from './tiktok/config.js';

export { tiktokConfigFor, type TikTokConfig, type TikTokConfigInput } from './tiktok/config.js';

/** Base URLs and app credentials per platform, so the same adapter talks to the real host or to its emulator. */
export interface PlatformConfig {
  tiktok: TikTokConfig;
}

/** The adapters an instance serves, by platform id. Built once in the composition root. */
export interface PlatformRegistry {
  /** The adapter for `id`, or undefined when the platform is not served. */
  get(id: string): PlatformAdapter | undefined;
  /** The adapter for `id`; throws `RangeError` when the platform is not served. */
  require(id: string): PlatformAdapter;
  /** Every adapter, in registration order. */
  list(): PlatformAdapter[];
}

/** Builds the registry from an explicit list; throws `RangeError` when two adapters share an id. */
export function createPlatformRegistry(adapters: readonly PlatformAdapter[]): PlatformRegistry {
  const byId = new Map<string, PlatformAdapter>();
  for (const adapter of adapters) {
    if (byId.has(adapter.id)) throw new RangeError(`Two adapters for platform "${adapter.id}"`);
    byId.set(adapter.id, adapter);
  }
  return {
    get: (id) => byId.get(id),
    require(id) {
      const adapter = byId.get(id);
      if (adapter === undefined) throw new RangeError(`No adapter for platform "${id}"`);
      return adapter;
    },
    list: () => [...byId.values()],
  };
}
