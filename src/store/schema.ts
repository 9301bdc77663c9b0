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
  /** Posts of this profile wait in pending_approval until approved through the API. */
  requires_approval: ColumnType<Flag, Flag | undefined, Flag>;
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

/** Where a post stands in the approval step. */
export type ApprovalState = 'none' | 'pending' | 'approved' | 'rejected';

/**
 * A post: content and media shared by its targets. `status` is derived from the targets and stored for filtering;
 * `version` grows with every edit so a worker holding an older version never publishes it. JSON columns:
 * `media_items` (normalized media references), `platform_defaults` (root-level settings such as tiktokSettings,
 * merged under each target's own), `extras` (fields echoed back only: title, tags, metadata …).
 */
export interface PostsTable {
  id: string;
  profile_id: string;
  user_id: string;
  api_key_id: string | null;
  content: string;
  media_items: string;
  platform_defaults: string;
  extras: string;
  timezone: string | null;
  scheduled_for: EpochMs | null;
  is_draft: Flag;
  approval: ApprovalState;
  approval_note: string | null;
  approved_by: string | null;
  queued_from_profile: string | null;
  queue_id: string | null;
  status: PostStatus;
  version: number;
  deleted_at: EpochMs | null;
  created_at: EpochMs;
  updated_at: EpochMs;
}

/** A post's status, derived from its targets. */
export type PostStatus = 'draft' | 'pending_approval' | 'scheduled' | 'publishing' | 'published' | 'partial' | 'failed' | 'cancelled';

/** A target's status; `scheduled` and `publishing` are the runnable ones. */
export type TargetStatus = 'draft' | 'pending_approval' | 'scheduled' | 'publishing' | 'published' | 'failed' | 'unconfirmed' | 'cancelled';

/**
 * One (post, account) pair: the unit the scheduler claims. `run_at` is when the scheduler next looks at it (due
 * time, next poll, or lease expiry); `external_ref` is the platform's handle, saved the moment the platform returns
 * it; `send_started_at` marks that a request that may publish has been sent without a handle yet.
 */
export interface PostTargetsTable {
  id: string;
  post_id: string;
  profile_id: string;
  account_id: string;
  platform: string;
  position: number;
  custom_content: string | null;
  custom_media: string | null;
  platform_data: string;
  own_scheduled_for: EpochMs | null;
  scheduled_for: EpochMs | null;
  content_hash: string;
  status: TargetStatus;
  run_at: EpochMs | null;
  attempts: number;
  lease_owner: string | null;
  lease_expires_at: EpochMs | null;
  claimed_version: number | null;
  cancel_requested: Flag;
  send_started_at: EpochMs | null;
  external_ref: string | null;
  platform_post_id: string | null;
  platform_post_url: string | null;
  published_at: EpochMs | null;
  error_code: string | null;
  error_message: string | null;
  error_category: string | null;
  platform_error: string | null;
  created_at: EpochMs;
  updated_at: EpochMs;
}

/** One try of a target: the audit trail readable through the API. */
export interface PostAttemptsTable {
  id: string;
  target_id: string;
  post_id: string;
  number: number;
  worker: string;
  outcome: string;
  error_code: string | null;
  error_kind: string | null;
  error_message: string | null;
  platform_status: number | null;
  platform_error: string | null;
  external_ref: string | null;
  started_at: EpochMs;
  finished_at: EpochMs | null;
}

/** A per-(platform, account) or per-app budget: nothing is sent under `key` before `blocked_until`. */
export interface PlatformBudgetsTable {
  key: string;
  blocked_until: EpochMs;
  reason: string | null;
  updated_at: EpochMs;
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
  posts: PostsTable;
  post_targets: PostTargetsTable;
  post_attempts: PostAttemptsTable;
  platform_budgets: PlatformBudgetsTable;
  queues: QueuesTable;
  queue_slots: QueueSlotsTable;
}
