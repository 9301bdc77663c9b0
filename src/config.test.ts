import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('defaults to embedded mode: port 3000, SQLite under ./data, sandbox on', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.dataDir).toBe(path.resolve('./data'));
    expect(config.database).toEqual({ dialect: 'sqlite', file: path.resolve('./data/outbox.db') });
    expect(config.sandbox).toBe(true);
    expect(config.rateLimitPerMinute).toBe(600);
  });

  it('chooses PostgreSQL from OUTBOX_DATABASE_URL and then requires an encryption key', () => {
    expect(() => loadConfig({ OUTBOX_DATABASE_URL: 'postgres://x@h/db' })).toThrow(ConfigError);
    const config = loadConfig({ OUTBOX_DATABASE_URL: 'postgres://x@h/db', OUTBOX_ENCRYPTION_KEY: 'a'.repeat(64) });
    expect(config.database).toEqual({ dialect: 'postgres', url: 'postgres://x@h/db' });
  });

  it('reads daily post caps as platform=number pairs and names a malformed list', () => {
    expect(loadConfig({}).scheduler.dailyPostCaps).toEqual({});
    expect(loadConfig({ OUTBOX_DAILY_POST_CAPS: 'tiktok=100,youtube=7' }).scheduler.dailyPostCaps).toEqual({ tiktok: 100, youtube: 7 });
    expect(() => loadConfig({ OUTBOX_DAILY_POST_CAPS: 'tiktok:100' })).toThrow(/OUTBOX_DAILY_POST_CAPS: must be platform=number pairs/);
  });

  it('names every invalid variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', OUTBOX_RATE_LIMIT: '-1', OUTBOX_SANDBOX: 'maybe' })).toThrow(
      /PORT[\s\S]*OUTBOX_RATE_LIMIT[\s\S]*OUTBOX_SANDBOX/,
    );
  });

  it('turns the sandbox off by default once real TikTok credentials are set', () => {
    const real = loadConfig({ TIKTOK_CLIENT_KEY: 'k', TIKTOK_CLIENT_SECRET: 's' });
    expect(real.sandbox).toBe(false);
    expect(real.tiktok).toEqual({ clientKey: 'k', clientSecret: 's' });
    expect(loadConfig({ TIKTOK_CLIENT_KEY: 'k', TIKTOK_CLIENT_SECRET: 's', OUTBOX_SANDBOX: 'true' }).sandbox).toBe(true);
    expect(() => loadConfig({ TIKTOK_CLIENT_KEY: 'k' })).toThrow(/together/);
  });

  it('reads the sandbox processing delay in ms, leaving it to the emulator when unset', () => {
    expect(loadConfig({}).sandboxProcessingDelayMs).toBeUndefined();
    expect(loadConfig({ OUTBOX_SANDBOX_PROCESSING_DELAY_MS: '0' }).sandboxProcessingDelayMs).toBe(0);
    expect(() => loadConfig({ OUTBOX_SANDBOX_PROCESSING_DELAY_MS: '-5' })).toThrow(/OUTBOX_SANDBOX_PROCESSING_DELAY_MS/);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', OUTBOX_PUBLIC_URL: '' }).port).toBe(3000);
  });

  it('rejects an unknown database URL scheme', () => {
    expect(() => loadConfig({ OUTBOX_DATABASE_URL: 'mysql://h/db' })).toThrow(/OUTBOX_DATABASE_URL/);
  });
});
