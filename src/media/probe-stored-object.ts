import { probeFile, probeSource, type MediaProbe, type ProbeFileOptions } from './probe/index.js';
import type { LocalStorage } from './storage/local-storage.js';
import type { MediaStorage } from './storage/media-storage.js';

/**
 * Probes a stored object's headers where it lives: from disk for the local driver, with ranged reads from a bucket
 * (a few small GETs, never the whole object) for S3.
 */
export async function probeStoredObject(storage: MediaStorage, key: string, size: number, opts: ProbeFileOptions): Promise<MediaProbe> {
  if (storage.kind === 'local') return probeFile((storage as LocalStorage).pathOf(key), opts);
  return probeSource({ size, readAt: (position, length) => storage.readAt(key, position, length) }, opts);
}
