import { AppError } from '../../errors.js';

/**
 * Who is calling: the API key that authenticated the request, resolved to its owner, scope and permission. Every
 * use case that reads or changes profile-owned objects receives one and asks it what is visible.
 */
export interface Principal {
  /** Id of the API key that authenticated the request. */
  keyId: string;
  /** The operator user that owns the key. */
  userId: string;
  /** 'full': every profile of the user; 'profiles': only `profileIds`. */
  scope: 'full' | 'profiles';
  /** The profiles a 'profiles'-scoped key reaches (empty for full scope). */
  profileIds: readonly string[];
  /** 'read' allows only requests that change nothing. */
  permission: 'read-write' | 'read';
}

/** The profile ids a principal may see, or undefined when it may see all of its user's profiles. */
export function visibleProfileIds(principal: Principal): string[] | undefined {
  return principal.scope === 'full' ? undefined : [...principal.profileIds];
}

/** True when the principal may see the profile. */
export function canSeeProfile(principal: Principal, profileId: string): boolean {
  return principal.scope === 'full' || principal.profileIds.includes(profileId);
}

/**
 * Operations that reach beyond single profiles (API keys, creating profiles) need a full-scope key: a key limited to
 * some profiles must not mint a broader key or see objects outside its profiles.
 */
export function assertFullScope(principal: Principal, operation: string): void {
  if (principal.scope !== 'full') {
    throw new AppError('AUTH_SCOPE_FORBIDDEN', `This API key is limited to some profiles and cannot ${operation}.`);
  }
}
