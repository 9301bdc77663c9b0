import path from 'node:path';
import { z } from 'zod';

/**
 * Outbox's configuration, read from environment variables. This is the only module that reads `process.env`;
 * everything else receives a `Config`. Every option, its variable and its default is listed here and in the README.
 */
export interface Config {
  /** TCP port of the HTTP server (`PORT`, Default: 3000). */
  port: number;
  /** Interface the server binds (`HOST`, Default: 127.0.0.1; set 0.0.0.0 to listen on every interface). */
  host: string;
  /** Folder for the SQLite database, local media and the generated encryption key (`OUTBOX_DATA_DIR`, Default: ./data). */
  dataDir: string;
  /** The store: a PostgreSQL URL, or the SQLite file path (`OUTBOX_DATABASE_URL`, Default: <dataDir>/outbox.db). */
  database: { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string };
  /** Base64 or hex of 32 bytes for token encryption (`OUTBOX_ENCRYPTION_KEY`, Default: generated into the data dir on SQLite; required on PostgreSQL). */
  encryptionKey: string | undefined;
  /** Earlier encryption keys, still accepted for decrypting tokens after a rotation (`OUTBOX_PREVIOUS_ENCRYPTION_KEYS`, comma-separated, Default: none). */
  previousEncryptionKeys: string[];
  /** An API key registered with full scope at start (`OUTBOX_BOOTSTRAP_API_KEY`, Default: none). */
  bootstrapApiKey: string | undefined;
  /** Requests per minute per API key (`OUTBOX_RATE_LIMIT`, Default: 600). */
  rateLimitPerMinute: number;
  /** Largest accepted JSON body in bytes (`OUTBOX_BODY_LIMIT`, Default: 1048576). */
  bodyLimitBytes: number;
  /** pino log level (`OUTBOX_LOG_LEVEL`, Default: info). */
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** The origin clients and platforms reach Outbox at (`OUTBOX_PUBLIC_URL`, Default: none, so http://localhost:<port> is shown locally). */
  publicUrl: string | undefined;
  /** Serve the platform emulators in-process and connect accounts to them (`OUTBOX_SANDBOX`, Default: true unless real platform credentials are set). */
  sandbox: boolean;
  /**
   * Clock time the sandbox TikTok emulator takes to process a post and then to moderate it, in ms
   * (`OUTBOX_SANDBOX_PROCESSING_DELAY_MS`, Default: the emulator's own, 1000 each). Lower it for load tests and
   * benchmarks, where the emulator would otherwise be the bottleneck.
   */
  sandboxProcessingDelayMs: number | undefined;
  /** Days request logs are kept for `/api/v1/logs` (`OUTBOX_REQUEST_LOG_RETENTION_DAYS`, Default: 7). */
  requestLogRetentionDays: number;
  /** Hours an Idempotency-Key is remembered (`OUTBOX_IDEMPOTENCY_TTL_HOURS`, Default: 24). */
  idempotencyTtlHours: number;
  /** Trust X-Forwarded-* headers from a load balancer (`OUTBOX_TRUST_PROXY`, Default: false). */
  trustProxy: boolean;
  /** Media uploads: size cap, and how long an upload no post uses is kept. */
  uploads: {
    /** Largest upload in bytes (`OUTBOX_MAX_UPLOAD_BYTES`, Default: 5 GiB). */
    maxBytes: number;
    /** Hours an upload stays when no post uses it (`OUTBOX_UPLOAD_TTL_HOURS`, Default: 24). */
    ttlHours: number;
  };
  /** S3-compatible media storage; undefined means local disk under `<dataDir>/media`. */
  s3: S3Config | undefined;
  /** How the scheduler runs targets. */
  scheduler: SchedulerConfig;
  /** TikTok app credentials (`TIKTOK_CLIENT_KEY`, `TIKTOK_CLIENT_SECRET`); without them TikTok is the sandbox emulator. */
  tiktok: { clientKey: string; clientSecret: string } | undefined;
}

/** Scheduler tuning (`OUTBOX_WORKER_*`, `OUTBOX_RETRY_*`). */
export interface SchedulerConfig {
  /** Targets one worker process publishes at the same time (`OUTBOX_WORKER_CONCURRENCY`, Default: 8). */
  concurrency: number;
  /** How long a claim holds a target before another worker may take it over; renewed while the work runs (`OUTBOX_WORKER_LEASE_MS`, Default: 60000). */
  leaseMs: number;
  /** Attempts that may fail transiently before a target fails for good (`OUTBOX_RETRY_MAX_ATTEMPTS`, Default: 6). */
  maxAttempts: number;
  /** First retry delay; each retry doubles it, with full jitter (`OUTBOX_RETRY_BASE_MS`, Default: 30000). */
  retryBaseMs: number;
  /** Longest retry delay (`OUTBOX_RETRY_MAX_DELAY_MS`, Default: 1800000). */
  retryMaxDelayMs: number;
  /** How long a platform may keep reporting "processing" before the target is marked unconfirmed (`OUTBOX_PROCESSING_TIMEOUT_MS`, Default: 7200000). */
  processingTimeoutMs: number;
  /**
   * Daily post caps per platform that replace the documented ones (`OUTBOX_DAILY_POST_CAPS`, `platform=n,…`, Default:
   * none, so TikTok's 25 per 24 h applies). For sandbox load tests; a real platform still enforces its own cap.
   */
  dailyPostCaps: Record<string, number>;
}

/** S3-compatible bucket settings (`OUTBOX_S3_*`). */
export interface S3Config {
  /** Bucket name (`OUTBOX_S3_BUCKET`). Setting it switches media storage to S3. */
  bucket: string;
  /** Endpoint URL for non-AWS services such as MinIO or R2 (`OUTBOX_S3_ENDPOINT`, Default: AWS). */
  endpoint: string | undefined;
  /** Region (`OUTBOX_S3_REGION`, Default: us-east-1). */
  region: string;
  /** Access key id (`OUTBOX_S3_ACCESS_KEY_ID`, Default: the AWS SDK's credential chain). */
  accessKeyId: string | undefined;
  /** Secret access key (`OUTBOX_S3_SECRET_ACCESS_KEY`). */
  secretAccessKey: string | undefined;
  /** Path-style URLs (`OUTBOX_S3_FORCE_PATH_STYLE`, Default: true when an endpoint is set). */
  forcePathStyle: boolean;
  /** Key prefix for every object (`OUTBOX_S3_PREFIX`, Default: none). */
  prefix: string;
}

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const positiveInt = z.coerce.number().int().positive();

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  OUTBOX_DATA_DIR: z.string().min(1).default('./data'),
  OUTBOX_DATABASE_URL: z.string().min(1).optional(),
  OUTBOX_ENCRYPTION_KEY: z.string().min(1).optional(),
  OUTBOX_PREVIOUS_ENCRYPTION_KEYS: z.string().min(1).optional(),
  TIKTOK_CLIENT_KEY: z.string().min(1).optional(),
  TIKTOK_CLIENT_SECRET: z.string().min(1).optional(),
  OUTBOX_BOOTSTRAP_API_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  OUTBOX_RATE_LIMIT: positiveInt.default(600),
  OUTBOX_BODY_LIMIT: positiveInt.default(1_048_576),
  OUTBOX_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  OUTBOX_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  OUTBOX_SANDBOX: booleanFlag.optional(),
  OUTBOX_SANDBOX_PROCESSING_DELAY_MS: z.coerce.number().int().min(0).max(3_600_000).optional(),
  OUTBOX_REQUEST_LOG_RETENTION_DAYS: positiveInt.default(7),
  OUTBOX_IDEMPOTENCY_TTL_HOURS: positiveInt.default(24),
  OUTBOX_TRUST_PROXY: booleanFlag.default(false),
  OUTBOX_MAX_UPLOAD_BYTES: positiveInt.default(5 * 1024 ** 3),
  OUTBOX_UPLOAD_TTL_HOURS: positiveInt.default(24),
  OUTBOX_WORKER_CONCURRENCY: positiveInt.max(1000).default(8),
  OUTBOX_WORKER_LEASE_MS: z.coerce.number().int().min(1000).default(60_000),
  OUTBOX_RETRY_MAX_ATTEMPTS: positiveInt.max(100).default(6),
  OUTBOX_RETRY_BASE_MS: positiveInt.default(30_000),
  OUTBOX_RETRY_MAX_DELAY_MS: positiveInt.default(1_800_000),
  OUTBOX_PROCESSING_TIMEOUT_MS: positiveInt.default(7_200_000),
  OUTBOX_DAILY_POST_CAPS: z
    .string()
    .regex(/^[a-z]+=\d+(,[a-z]+=\d+)*$/, 'must be platform=number pairs separated by commas, e.g. tiktok=100')
    .optional(),
  OUTBOX_S3_BUCKET: z.string().min(3).optional(),
  OUTBOX_S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  OUTBOX_S3_REGION: z.string().min(1).default('us-east-1'),
  OUTBOX_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  OUTBOX_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  OUTBOX_S3_FORCE_PATH_STYLE: booleanFlag.optional(),
  OUTBOX_S3_PREFIX: z.string().regex(/^[\w./-]*$/, 'letters, digits and ./-_ only').default(''),
});

/** Thrown when an environment variable has an invalid value; the message names every bad variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

function parseDatabase(url: string | undefined, dataDir: string): Config['database'] {
  if (url === undefined) return { dialect: 'sqlite', file: path.join(dataDir, 'outbox.db') };
  if (/^postgres(ql)?:\/\//.test(url)) return { dialect: 'postgres', url };
  if (url.startsWith('sqlite:')) return { dialect: 'sqlite', file: path.resolve(url.slice('sqlite:'.length)) };
  throw new ConfigError('OUTBOX_DATABASE_URL: expected postgres://…, postgresql://… or sqlite:<path>');
}

/** Reads and validates the configuration from `env` (Default: process.env). Empty variables count as unset. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.OUTBOX_DATA_DIR);
  if ((e.TIKTOK_CLIENT_KEY === undefined) !== (e.TIKTOK_CLIENT_SECRET === undefined)) {
    throw new ConfigError('TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET must be set together.');
  }
  const database = parseDatabase(e.OUTBOX_DATABASE_URL, dataDir);
  if (database.dialect === 'postgres' && e.OUTBOX_ENCRYPTION_KEY === undefined) {
    throw new ConfigError(
      'OUTBOX_ENCRYPTION_KEY is required with PostgreSQL: every process must share the key that encrypts tokens.',
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    database,
    encryptionKey: e.OUTBOX_ENCRYPTION_KEY,
    previousEncryptionKeys: e.OUTBOX_PREVIOUS_ENCRYPTION_KEYS?.split(',').map((k) => k.trim()).filter(Boolean) ?? [],
    bootstrapApiKey: e.OUTBOX_BOOTSTRAP_API_KEY,
    rateLimitPerMinute: e.OUTBOX_RATE_LIMIT,
    bodyLimitBytes: e.OUTBOX_BODY_LIMIT,
    logLevel: e.OUTBOX_LOG_LEVEL,
    publicUrl: e.OUTBOX_PUBLIC_URL?.replace(/\/+$/, ''),
    sandbox: e.OUTBOX_SANDBOX ?? e.TIKTOK_CLIENT_KEY === undefined,
    sandboxProcessingDelayMs: e.OUTBOX_SANDBOX_PROCESSING_DELAY_MS,
    requestLogRetentionDays: e.OUTBOX_REQUEST_LOG_RETENTION_DAYS,
    idempotencyTtlHours: e.OUTBOX_IDEMPOTENCY_TTL_HOURS,
    trustProxy: e.OUTBOX_TRUST_PROXY,
    tiktok:
      e.TIKTOK_CLIENT_KEY !== undefined && e.TIKTOK_CLIENT_SECRET !== undefined
        ? { clientKey: e.TIKTOK_CLIENT_KEY, clientSecret: e.TIKTOK_CLIENT_SECRET }
        : undefined,
    uploads: { maxBytes: e.OUTBOX_MAX_UPLOAD_BYTES, ttlHours: e.OUTBOX_UPLOAD_TTL_HOURS },
    scheduler: {
      concurrency: e.OUTBOX_WORKER_CONCURRENCY,
      leaseMs: e.OUTBOX_WORKER_LEASE_MS,
      maxAttempts: e.OUTBOX_RETRY_MAX_ATTEMPTS,
      retryBaseMs: e.OUTBOX_RETRY_BASE_MS,
      retryMaxDelayMs: e.OUTBOX_RETRY_MAX_DELAY_MS,
      processingTimeoutMs: e.OUTBOX_PROCESSING_TIMEOUT_MS,
      dailyPostCaps: Object.fromEntries((e.OUTBOX_DAILY_POST_CAPS?.split(',') ?? []).map((pair) => {
        const [platform, cap] = pair.split('=');
        return [platform!, Number(cap)];
      })),
    },
    s3:
      e.OUTBOX_S3_BUCKET === undefined
        ? undefined
        : {
            bucket: e.OUTBOX_S3_BUCKET,
            endpoint: e.OUTBOX_S3_ENDPOINT,
            region: e.OUTBOX_S3_REGION,
            accessKeyId: e.OUTBOX_S3_ACCESS_KEY_ID,
            secretAccessKey: e.OUTBOX_S3_SECRET_ACCESS_KEY,
            forcePathStyle: e.OUTBOX_S3_FORCE_PATH_STYLE ?? e.OUTBOX_S3_ENDPOINT !== undefined,
            prefix: e.OUTBOX_S3_PREFIX,
          },
  };
}
