import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

function cliEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, OUTBOX_DATA_DIR: dataDir, OUTBOX_LOG_LEVEL: 'warn', OUTBOX_DATABASE_URL: '', PORT: '0', ...extra };
}

function runCli(args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
}

/** Starts `outbox serve`, waits for its banner, and returns the URL, the banner and a stop function. */
async function serve(env: NodeJS.ProcessEnv): Promise<{ url: string; output: string; stop(): Promise<number | null> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], { cwd: ROOT, env });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner in time:\n${output}`)), 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Outbox is running at (\S+)/.exec(output);
      // The banner ends with either the first key or the hint on how to create one.
      if (match?.[1] && (output.includes('API keys:') || output.includes('Your API key'))) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', () => reject(new Error(`serve exited early:\n${output}`)));
  });
  return {
    url,
    output,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

describe('outbox CLI', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'outbox-cli-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('prints help for every command', () => {
    for (const args of [['--help'], ['serve', '--help'], ['migrate', '--help'], ['keys', '--help'], ['keys', 'create', '--help'], ['sandbox', '--help']]) {
      const result = runCli(args, cliEnv(dataDir));
      expect(result.status, args.join(' ')).toBe(0);
      expect(result.stdout).toMatch(/Usage: outbox/);
    }
  });

  it('migrates, then creates, lists and deletes keys', () => {
    const env = cliEnv(dataDir);
    expect(runCli(['migrate'], env).stdout).toContain('Applied: 0001-initial, 0002-uploads, 0003-oauth-states');
    expect(runCli(['migrate'], env).stdout).toContain('up to date');
    const created = runCli(['keys', 'create', '--name', 'deploy', '--read-only'], env);
    expect(created.status).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^sk_[0-9a-f]{48}$/);
    const listed = runCli(['keys', 'list'], env).stdout;
    expect(listed).toContain('deploy');
    expect(listed).toContain('read');
    expect(listed).not.toContain(key);
    const id = listed.split(/\s+/)[0]!;
    expect(runCli(['keys', 'delete', id], env).status).toBe(0);
    expect(runCli(['keys', 'list'], env).stdout).not.toContain('deploy');
    const badProfile = runCli(['keys', 'create', '--name', 'x', '--profiles', 'f'.repeat(24)], env);
    expect(badProfile.status).toBe(1);
    expect(badProfile.stderr).toContain('profileIds[0]');
  });

  it('reports invalid configuration by variable name', () => {
    const result = runCli(['migrate'], cliEnv(dataDir, { OUTBOX_RATE_LIMIT: 'lots' }));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('OUTBOX_RATE_LIMIT');
  });

  it('serve starts in embedded mode, prints where to go and a first key, and stops on SIGTERM', async () => {
    const server = await serve(cliEnv(dataDir));
    try {
      expect(server.output).toContain('/api/docs');
      const key = /Your API key[^:]*:\s+(sk_[0-9a-f]+)/.exec(server.output)?.[1];
      expect(key).toBeDefined();
      const res = await fetch(`${server.url}/api/v1/profiles`, { headers: { authorization: `Bearer ${key}` } });
      expect(res.status).toBe(200);
      expect(fs.statSync(path.join(dataDir, 'encryption.key')).mode & 0o777).toBe(0o600);
      expect(fs.existsSync(path.join(dataDir, 'outbox.db'))).toBe(true);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('sandbox runs the emulators standalone with their control API', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'sandbox', '--port', '0'], { cwd: ROOT, env: cliEnv(dataDir) });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let output = '';
        const timer = setTimeout(() => reject(new Error(`no banner:\n${output}`)), 60_000);
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /Sandbox emulators at (\S+)/.exec(output);
          if (match?.[1]) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
      });
      const state = await fetch(`${url}/sandbox/tiktok/__control/state`);
      expect(state.status).toBe(200);
      expect(((await state.json()) as { posts: unknown[] }).posts).toEqual([]);
      const consent = await fetch(`${url}/sandbox/tiktok/v2/auth/authorize/?client_key=sandbox-client-key&response_type=code&scope=user.info.basic&redirect_uri=http://127.0.0.1:9/cb&state=s`);
      expect(consent.status).toBe(200);
      expect(await consent.text()).toContain('decision');
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('registers OUTBOX_BOOTSTRAP_API_KEY once across restarts', async () => {
    const key = 'bootstrap-key-for-tests-0123456789';
    const env = cliEnv(dataDir, { OUTBOX_BOOTSTRAP_API_KEY: key });
    for (let run = 0; run < 2; run += 1) {
      const server = await serve(env);
      try {
        expect(server.output).not.toContain('Your API key');
        const res = await fetch(`${server.url}/api/v1/api-keys`, { headers: { authorization: `Bearer ${key}` } });
        const body = (await res.json()) as { apiKeys: Array<{ name: string }> };
        expect(body.apiKeys.map((k) => k.name)).toEqual(['bootstrap']);
        // An operator-chosen key shows only its last four characters.
        expect((body.apiKeys[0] as { keyPreview?: string }).keyPreview).toBe(`…${key.slice(-4)}`);
      } finally {
        await server.stop();
      }
    }
  });
});
