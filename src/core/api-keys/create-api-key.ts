import type { AppContext } from '../../context.js';
import { AppError, validationError, type FieldIssue } from '../../errors.js';
import { insertApiKey, type ApiKeyRow } from '../../store/api-keys-queries.js';
import { listProfiles } from '../../store/profiles-queries.js';
import { assertFullScope, type Principal } from '../access/principal.js';
import { generateApiKey } from './api-key-secret.js';

/** What a caller asks for when creating a key. */
export interface CreateApiKeyInput {
  name: string;
  /** Days until the key expires; none means never. */
  expiresIn?: number | undefined;
  /** Default: 'profiles' when profileIds are given, else 'full'. */
  scope?: 'full' | 'profiles' | undefined;
  profileIds?: string[] | undefined;
  /** Default: 'read-write'. */
  permission?: 'read-write' | 'read' | undefined;
  disabledResourceGroups?: string[] | undefined;
}

/** A created key: the stored row plus the secret, which is returned this once and never again. */
export interface CreatedApiKey {
  row: ApiKeyRow;
  key: string;
}

const DAY_MS = 86_400_000;

async function checkScope(ctx: AppContext, userId: string, input: CreateApiKeyInput): Promise<'full' | 'profiles'> {
  const profileIds = input.profileIds ?? [];
  const scope = input.scope ?? (profileIds.length > 0 ? 'profiles' : 'full');
  const issues: FieldIssue[] = [];
  if (input.disabledResourceGroups?.length) {
    issues.push({ field: 'disabledResourceGroups', message: 'resource-group restrictions are not supported; use scope and permission' });
  }
  if (scope === 'full' && profileIds.length > 0) {
    issues.push({ field: 'profileIds', message: "only allowed with scope 'profiles'" });
  }
  if (scope === 'profiles') {
    if (profileIds.length === 0) issues.push({ field: 'profileIds', message: "required (at least one) with scope 'profiles'" });
    const known = new Set((await listProfiles(ctx.db, { userId, ids: profileIds })).map((p) => p.id));
    profileIds.forEach((id, index) => {
      if (!known.has(id)) issues.push({ field: `profileIds[${index}]`, message: `no profile with id ${id}` });
    });
  }
  if (issues.length > 0) throw validationError(issues);
  return scope;
}

/** Creates an API key for the principal's user. Only full-scope keys may create keys. */
export async function createApiKey(
  ctx: AppContext,
  principal: Principal,
  input: CreateApiKeyInput,
): Promise<CreatedApiKey> {
  assertFullScope(principal, 'manage API keys');
  return createApiKeyForUser(ctx, principal.userId, input);
}

/** Creates an API key for a user without a calling key (the CLI, bootstrap). */
export async function createApiKeyForUser(
  ctx: AppContext,
  userId: string,
  input: CreateApiKeyInput,
  secret = generateApiKey(),
): Promise<CreatedApiKey> {
  const scope = await checkScope(ctx, userId, input);
  const now = ctx.clock.now();
  const row: ApiKeyRow = {
    id: ctx.ids.next(),
    user_id: userId,
    name: input.name,
    key_hash: secret.hash,
    key_preview: secret.preview,
    scope,
    profile_ids: JSON.stringify(scope === 'profiles' ? [...new Set(input.profileIds)] : []),
    permission: input.permission ?? 'read-write',
    expires_at: input.expiresIn === undefined ? null : now + input.expiresIn * DAY_MS,
    created_at: now,
    last_used_at: null,
  };
  if (!(await insertApiKey(ctx.db, row))) {
    throw new AppError('VALIDATION_FAILED', 'A key with this secret exists already.', { param: 'key' });
  }
  return { row, key: secret.key };
}
