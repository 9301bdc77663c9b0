import type { Command } from 'commander';
import { closeContext } from '../context.js';
import { createApiKeyForUser } from '../core/api-keys/create-api-key.js';
import { OWNER_USER_ID } from '../core/instance/ensure-instance.js';
import { AppError } from '../errors.js';
import { deleteApiKeyRow, listApiKeys } from '../store/api-keys-queries.js';
import { openReadyContext } from './open-context.js';

/** `outbox keys create|list|delete`: manage API keys from the shell (the owner's keys). */
export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description('manage API keys (stored hashed; a new key is printed once)');

  keys
    .command('create')
    .description('create an API key and print it once')
    .requiredOption('--name <name>', 'a name to recognise the key by')
    .option('--profiles <ids>', 'comma-separated profile ids the key is limited to (Default: all profiles)')
    .option('--read-only', 'allow only GET requests', false)
    .option('--expires-in <days>', 'days until the key expires (Default: never)', (v) => Number.parseInt(v, 10))
    .action(async (opts: { name: string; profiles?: string; readOnly: boolean; expiresIn?: number }) => {
      const ctx = await openReadyContext();
      try {
        const profileIds = opts.profiles?.split(',').map((id) => id.trim()).filter(Boolean);
        const created = await createApiKeyForUser(ctx, OWNER_USER_ID, {
          name: opts.name,
          profileIds,
          permission: opts.readOnly ? 'read' : 'read-write',
          expiresIn: opts.expiresIn,
        });
        process.stdout.write(`${created.key}\n`);
        process.stderr.write(`Created key ${created.row.id} (${created.row.scope}, ${created.row.permission}). It is not shown again.\n`);
      } catch (error) {
        if (error instanceof AppError) {
          process.stderr.write(`${error.message}\n`);
          process.exitCode = 1;
        } else throw error;
      } finally {
        await closeContext(ctx);
      }
    });

  keys
    .command('list')
    .description('list API keys (never the secrets)')
    .action(async () => {
      const ctx = await openReadyContext();
      try {
        for (const row of await listApiKeys(ctx.db, OWNER_USER_ID)) {
          const expiry = row.expires_at ? ` expires ${new Date(row.expires_at).toISOString()}` : '';
          process.stdout.write(`${row.id}  ${row.key_preview}  ${row.name}  ${row.scope}  ${row.permission}${expiry}\n`);
        }
      } finally {
        await closeContext(ctx);
      }
    });

  keys
    .command('delete <keyId>')
    .description('delete an API key; requests with it get 401 from then on')
    .action(async (keyId: string) => {
      const ctx = await openReadyContext();
      try {
        if (!(await deleteApiKeyRow(ctx.db, keyId))) {
          process.stderr.write(`No API key ${keyId}.\n`);
          process.exitCode = 1;
        }
      } finally {
        await closeContext(ctx);
      }
    });
}
