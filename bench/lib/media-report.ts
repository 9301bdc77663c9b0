import fs from 'node:fs';
import path from 'node:path';

/** One timed transfer of the file. */
export interface TransferRun {
  /** Wall time (ms). */
  ms: number;
  /** Time between the client handing over the last byte and the answer (ms): the server's work after the body. */
  tailMs?: number;
  /** CPU time of the receiving process during the run (s), all threads. */
  cpuSeconds: number;
  /** RSS of the receiving process just before the run (bytes); absent where there is no separate process. */
  idleRssBytes?: number;
  /** Peak RSS of the receiving process during the run (bytes). */
  peakRssBytes?: number;
}

/** The timed runs of one way of moving the file onto the disk. */
export interface TransferCase {
  /** What moved the bytes, e.g. `outbox presigned PUT`. */
  name: string;
  runs: TransferRun[];
}

/** Median of a list; NaN when it is empty. */
export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Median of one field over a case's runs, skipping runs without it. */
export function medianOf(c: TransferCase | undefined, field: keyof TransferRun): number {
  return median((c?.runs ?? []).flatMap((run) => (run[field] === undefined ? [] : [run[field]])));
}

/** Decimal megabytes, as the goals are stated (150 MB). */
const MB = 1_000_000;
const fixed = (value: number, digits: number) =>
  Number.isNaN(value) ? '-' : value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/**
 * A fixed-width table of medians per case: time, throughput, each case's speed relative to every baseline (above 1
 * is faster than the baseline), the server's tail after the last byte, CPU time, and RSS before → peak.
 */
export function formatTransferTable(cases: TransferCase[], bytes: number, baselines: string[]): string {
  const header = ['case', 'median s', 'MB/s', 'runs s', ...baselines.map((b) => `vs ${b}`), 'tail s', 'CPU s', 'RSS idle→peak MB'];
  const rows = cases.map((c) => {
    const ms = medianOf(c, 'ms');
    return [
      c.name,
      fixed(ms / 1000, 2),
      fixed(bytes / MB / (ms / 1000), 0),
      c.runs.map((r) => fixed(r.ms / 1000, 2)).join(' / '),
      ...baselines.map((b) => fixed(medianOf(cases.find((x) => x.name === b), 'ms') / ms, 2)),
      fixed(medianOf(c, 'tailMs') / 1000, 2),
      fixed(medianOf(c, 'cpuSeconds'), 2),
      Number.isNaN(medianOf(c, 'peakRssBytes')) ? '-' : `${fixed(medianOf(c, 'idleRssBytes') / MB, 0)} → ${fixed(medianOf(c, 'peakRssBytes') / MB, 0)}`,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Writes `document` as JSON to `<dir>/media-<timestamp>.json` and returns the file path. */
export function writeMediaResults(dir: string, document: Record<string, unknown>): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `media-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  return file;
}
