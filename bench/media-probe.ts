import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { probeFile } from '../src/media/probe/probe-file.js';
import { listTopLevelBoxes, writeSparseMoovAtEnd } from '../test/fixtures/iso-bmff-surgery.js';
import { ensureMediaFixtures } from '../test/fixtures/media.js';

/** The probe's budget for a 1 GB MP4 with moov at the end. */
export const PROBE_GOAL = { ms: 50, bytesRead: 2 * 1024 * 1024 } as const;

/** Timings and read volume of `probeFile` on a 1 GiB moov-at-end MP4. */
export interface ProbeBenchResult {
  /** Median wall time of one probe in milliseconds. */
  ms: number;
  /** Fastest and slowest timed run. */
  minMs: number;
  maxMs: number;
  /** Timed runs (a warm-up run is excluded). */
  runs: number;
  /** Bytes the probe read from the file in one run. */
  bytesRead: number;
  /** Size of the probed file. */
  fileBytes: number;
  /** Size of its moov box, which holds the real sample tables of a 601 s video. */
  moovBytes: number;
  /** Whether the median time and the read volume are within `PROBE_GOAL`. */
  withinGoal: boolean;
}

/**
 * Builds a sparse MP4 of exactly 1 GiB (ftyp, a 64-bit mdat hole, then the moov of the 601 s fixture) and times
 * `probeFile` on it. Needs ffmpeg for the source fixture. `runs` timed probes are taken (Default: 15).
 */
export async function benchProbe(runs = 15): Promise<ProbeBenchResult> {
  const fixtures = await ensureMediaFixtures();
  const source = await readFile(fixtures.mp4Long601s);
  const boxes = listTopLevelBoxes(source);
  const ftypBytes = boxes.find((b) => b.type === 'ftyp')?.size ?? 0;
  const moovBytes = boxes.find((b) => b.type === 'moov')?.size ?? 0;
  const dir = await mkdtemp(join(tmpdir(), 'outbox-bench-probe-'));
  try {
    const path = join(dir, 'moov-at-end-1gib.mp4');
    await writeSparseMoovAtEnd(fixtures.mp4Long601s, path, 1024 ** 3 - ftypBytes - 16 - moovBytes);
    await probeFile(path); // warm-up: module code, page cache
    const times: number[] = [];
    let bytesRead = 0;
    for (let i = 0; i < runs; i += 1) {
      const started = performance.now();
      const probe = await probeFile(path);
      times.push(performance.now() - started);
      bytesRead = probe.bytesRead;
    }
    times.sort((a, b) => a - b);
    const ms = round(times[Math.floor(times.length / 2)] ?? Number.NaN);
    return {
      ms,
      minMs: round(times[0] ?? Number.NaN),
      maxMs: round(times[times.length - 1] ?? Number.NaN),
      runs,
      bytesRead,
      fileBytes: (await stat(path)).size,
      moovBytes,
      withinGoal: ms < PROBE_GOAL.ms && bytesRead < PROBE_GOAL.bytesRead,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await benchProbe();
  const rows: [string, string, string][] = [
    ['median time', `${result.ms} ms`, `< ${PROBE_GOAL.ms} ms`],
    ['min / max time', `${result.minMs} / ${result.maxMs} ms`, ''],
    ['bytes read', result.bytesRead.toLocaleString('en-US'), `< ${PROBE_GOAL.bytesRead.toLocaleString('en-US')}`],
    ['file size', result.fileBytes.toLocaleString('en-US'), ''],
    ['moov size', result.moovBytes.toLocaleString('en-US'), ''],
    ['runs', String(result.runs), ''],
  ];
  console.log('probeFile on a 1 GiB MP4 with moov at the end');
  for (const [name, value, goal] of rows) console.log(`${name.padEnd(16)} ${value.padStart(16)}  ${goal}`);
  console.log(result.withinGoal ? 'within goal' : 'OUTSIDE GOAL');
  process.exitCode = result.withinGoal ? 0 : 1;
}
