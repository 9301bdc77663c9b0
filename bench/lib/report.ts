import fs from 'node:fs';
import path from 'node:path';
import type { RunStats } from './load.js';

/** The summarised measurement of one case (a request kind) against one server. */
export interface CaseResult {
  /** Which server: `bare fastify`, `outbox sqlite`, `outbox postgres`. */
  target: string;
  /** Which request: `GET /profiles`, `POST /profiles`. */
  case: string;
  /** Medians over the repeats (failure counts summed). */
  median: RunStats;
  /** Every repeat, in order. */
  runs: RunStats[];
  /** Median req/s divided by the bare route's for the same case; undefined for the bare route itself. */
  ratioToBare: number | undefined;
}

const num = (value: number, digits = 0) => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function failures(stats: RunStats): string {
  const codes = Object.entries(stats.statusCodes).filter(([code]) => !code.startsWith('2'));
  const detail = codes.length ? ` (${codes.map(([code, count]) => `${code}×${count}`).join(', ')})` : '';
  return `${num(stats.non2xx)}${detail}${stats.errors ? ` +${num(stats.errors)} errors` : ''}`;
}

/** A fixed-width text table: case, req/s, p50, p99, non-2xx, ratio to the bare route. */
export function formatTable(results: CaseResult[]): string {
  const header = ['server', 'case', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'vs bare'];
  const rows = results.map((r) => [
    r.target,
    r.case,
    num(r.median.requestsPerSecond),
    num(r.median.p50Ms, 1),
    num(r.median.p99Ms, 1),
    failures(r.median),
    r.ratioToBare === undefined ? '1.00 (floor)' : num(r.ratioToBare, 2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Writes the results as JSON to `<dir>/api-<timestamp>.json` and returns the file path. */
export function writeResults(dir: string, document: Record<string, unknown>): string {
  fs.mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(dir, `api-${stamp}.json`);
  fs.writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  return file;
}
