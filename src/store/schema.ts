import type { ColumnType, Generated } from 'kysely';

/*
 * Row types of every table. Both dialects store the same column types: ids are 24-hex text, times are epoch
 * milliseconds in BIGINT (read back as numbers on both), flags are 0/1 integers and structured values are JSON text.
 * One representation keeps the queries and the migrations dialect-free.
 */

/** Epoch milliseconds. */
export type EpochMs = number;
/** A 0/1 flag. */
export type Flag = 0 | 1;

/** An operator of this instance; API keys belong to a user. */
export interface UsersTable {
  id: string;
  email: string;
  name: string;
  role: string;
  created_at: EpochMs;
}

/** A brand or client: owns accounts, posts and queue slots. */
export interface ProfilesTable {
  id: string;
  user_id: string;
  name: string;
  description: string | null;
  color: string;
  is_default: Flag;
  created_at: EpochMs;
  updated_at: EpochMs;
}

/** A hashed API key with its scope. `profile_ids` is a JSON array, used when `scope` is 'profiles'. */
export interface ApiKeysTable {
  id: string;
  user_id: string;
  name: string;
  key_hash: string;
  key_preview: string;
  scope: 'full' | 'profiles';
  profile_ids: string;
  permission: 'read-write' | 'read';
  expires_at: EpochMs | null;
  created_at: EpochMs;
  last_used_at: EpochMs | null;
}

/** One connected platform identity. Tokens are AES-256-GCM ciphertexts; `scopes` and `metadata` are JSON. */
export interface AccountsTable {
  id: string;
  profile_id: string;
  platform: string;
  platform_account_id: string;
  username: string | null;
  display_name: string | null;
  avatar_url: string | null;
  status: 'active' | 'needs_reauth' | 'disconnected';
  access_token_enc: string | null;
  refresh_token_enc: string | null;
  token_expires_at: EpochMs | null;
  refresh_expires_at: EpochMs | null;
  scopes: string;
  metadata: string;
  created_at: EpochMs;
  updated_at: EpochMs;
}

/** A named set of accounts (JSON array of ids) for grouping in clients. */
export interface AccountGroupsTable {
  id: string;
  user_id: string;
  name: string;
  account_ids: string;
  created_at: EpochMs;
  updated_at: EpochMs;
}

/** A remembered Idempotency-Key: the request's hash and, once done, the response to replay. */
export interface IdempotencyKeysTable {
  api_key_id: string;
  key: string;
  request_hash: string;
  state: 'processing' | 'done';
  status_code: number | null;
  response_body: string | null;
  created_at: EpochMs;
  expires_at: EpochMs;
}

/** One API request, for `/api/v1/logs`. */
export interface RequestLogsTable {
  id: Generated<number>;
  request_id: string;
  api_key_id: string | null;
  method: string;
  path: string;
  route: string | null;
  status_code: number;
  duration_ms: ColumnType<number, number, never>;
  error_code: string | null;
  ip: string | null;
  user_agent: string | null;
  created_at: EpochMs;
}

/** Upload lifecycle: a slot is `pending`, `receiving` while bytes arrive, then `stored` (probed) or `rejected`. */
export type UploadStatus = 'pending' | 'receiving' | 'stored' | 'rejected';

/** A media upload. `probe` is the JSON MediaProbe; `error` the JSON {code, message} of a rejected upload. */
export interface UploadsTable {
  id: string;
  user_id: string;
  api_key_id: string | null;
  storage: 'local' | 's3';
  key: string;
  filename: string;
  content_type: string;
  max_bytes: number;
  declared_bytes: number | null;
  status: UploadStatus;
  size_bytes: number | null;
  sha256: string | null;
  probe: string | null;
  error: string | null;
  public_token: string;
  url_expires_at: EpochMs;
  expires_at: EpochMs;
  created_at: EpochMs;
  stored_at: EpochMs | null;
  used_at: EpochMs | null;
}

/** A pending OAuth connection; `state` is single-use (`used_at`) and expires. */
export interface OauthStatesTable {
  state: string;
  user_id: string;
  profile_id: string;
  platform: string;
  api_key_id: string | null;
  redirect_url: string | null;
  code_verifier: string | null;
  headless: Flag;
  redirect_uri: string;
  created_at: EpochMs;
  expires_at: EpochMs;
  used_at: EpochMs | null;
}

/** A posting queue of a profile: weekly slots read in `timezone` (IANA). One queue per profile is the default. */
export interface QueuesTable {
  id: string;
  profile_id: string;
  name: string;
  timezone: string;
  active: Flag;
  is_default: Flag;
  created_at: EpochMs;
  updated_at: EpochMs;
}

/** One weekly slot of a queue: `day_of_week` 0 (Sunday) to 6, `time` local `HH:mm` (24-hour). */
export interface QueueSlotsTable {
  queue_id: string;
  day_of_week: number;
  time: string;
}

/** The whole database, for Kysely. */
export interface Database {
  users: UsersTable;
  profiles: ProfilesTable;
  api_keys: ApiKeysTable;
  accounts: AccountsTable;
  account_groups: AccountGroupsTable;
  idempotency_keys: IdempotencyKeysTable;
  request_logs: RequestLogsTable;
  uploads: UploadsTable;
  oauth_states: OauthStatesTable;
  queues: QueuesTable;
  queue_slots: QueueSlotsTable;
}
