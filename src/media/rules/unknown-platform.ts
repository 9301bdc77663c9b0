import { listPlatforms } from './platform-registry.js';
import type { Violation } from './violation-codes.js';

/** The violation every validator returns for a platform id without rules. */
export function unknownPlatform(platform: string): Violation {
  return {
    code: 'POST_PLATFORM_UNKNOWN',
    field: 'platform',
    message: `Unknown platform "${platform}".`,
    limit: listPlatforms(),
    actual: platform,
  };
}
