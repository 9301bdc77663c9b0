import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * The dependency direction of shared/STYLE.md, checked on every import in src/: api, cli and scheduler call core;
 * core reaches store, platforms and media; platform code never imports core, store or scheduler; nothing but
 * main.ts and cli imports api or cli.
 */

const SRC = path.resolve(import.meta.dirname, '../src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** Top-level area of a file under src/ (`api`, `core`, `store`, …, or the file name for root files). */
function area(file: string): string {
  return path.relative(SRC, file).split(path.sep)[0]!;
}

function imports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const found = [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]/g)].map((m) => m[1]!);
  return found.map((spec) => path.resolve(path.dirname(file), spec));
}

const FORBIDDEN: Record<string, string[]> = {
  core: ['api', 'cli', 'scheduler'],
  store: ['api', 'cli', 'core', 'platforms', 'scheduler', 'media', 'webhooks'],
  platforms: ['api', 'cli', 'core', 'store', 'scheduler'],
  media: ['api', 'cli', 'core', 'scheduler'],
  scheduler: ['api', 'cli'],
  webhooks: ['api', 'cli'],
  api: ['cli'],
};

describe('architecture', () => {
  it('keeps the dependency direction', () => {
    const violations: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const from = area(file);
      for (const target of imports(file)) {
        if (!target.startsWith(SRC)) continue;
        const to = area(target);
        if (from === to) continue;
        const rootFile = !fs.statSync(path.join(SRC, from), { throwIfNoEntry: false })?.isDirectory();
        const forbidden = rootFile && from !== 'main.ts' ? ['api', 'cli'] : (FORBIDDEN[from] ?? []);
        if (forbidden.includes(to)) violations.push(`${path.relative(SRC, file)} imports ${path.relative(SRC, target)}`);
      }
    }
    expect(violations).toEqual([]);
  });
});
