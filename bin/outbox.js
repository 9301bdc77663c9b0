#!/usr/bin/env node
// The package entry: runs the compiled CLI. `npm install` compiles it (the `prepare` script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error('Outbox is not built yet: run `npm install` (or `npm run build`) first.');
  process.exit(1);
}
await import(entry.href);
