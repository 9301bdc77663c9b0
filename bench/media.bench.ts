import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { listTopLevelBoxes, writeSparseMoovAtEnd } from '../test/fixtures/iso-bmff-surgery.js';
import { ensureMediaFixtures } from '../test/fixtures/media.js';
import { startChildServer, type ChildServer } from './lib/child-server.js';
import { cpuSeconds, findChildPid, peakRssBytes, resetPeakRss, rssBytes } from './lib/media-process-stats.js';
import { putFile } from './lib/media-put.js';
import { formatTransferTable, medianOf, writeMediaResults, type TransferCase, type TransferRun } from './lib/media-report.js';
import { benchProbe, PROBE_GOAL, type ProbeBenchResult } from './media-probe.js';

/*
 * `npm run bench:media`: a 1 GiB presigned PUT into a listening Outbox (local driver, in a child process) beside a
 * bare http server in another child that pipes the same bytes to a file on the same disk (with and without fsync,
 * since Outbox syncs before it answers "stored") and an in-process stream copy; then the probe on a 1 GiB MP4 with
 * moov at the end. Every run starts after `sync`, so no run pays for the previous one's write-back.
 */

const FILE_BYTES = 1024 ** 3;
const REPEATS = 3;
const CONTENT_TYPE = 'video/mp4';
/** Goals: Outbox keeps this share of the plain copy's throughput, within this peak RSS. */
const UPLOAD_GOAL = { ratio: 0.8, peakRssBytes: 150_000_000 } as const;
const PLAIN = 'plain http copy';
const PLAIN_SYNCED = 'plain http copy + fsync';
const OUTBOX = 'outbox presigned PUT';
const IN_PROCESS = 'in-process stream copy';

/** One way of moving the file onto the disk: a timed transfer and the untimed removal of what it wrote. */
interface Receiver {
  name: string;
  /** The receiving child process, whose CPU and RSS are read around each run; absent for the in-process copy. */
  pid?: number;
  /** Moves `file` under the name `label`. */
  run(label: string, file: string): Promise<{ ms: number; tailMs?: number }>;
  cleanup(label: string): Promise<void>;
}

/** A real MP4 of exactly 1 GiB: the 601 s fixture's moov after a sparse mdat, so the probe accepts it. */
async function buildSource(dir: string): Promise<string> {
  const fixtures = await ensureMediaFixtures();
  const boxes = listTopLevelBoxes(await readFile(fixtures.mp4Long601s));
  const size = (type: string) => boxes.find((b) => b.type === type)?.size ?? 0;
  const file = path.join(dir, 'source-1gib.mp4');
  await writeSparseMoovAtEnd(fixtures.mp4Long601s, file, FILE_BYTES - size('ftyp') - 16 - size('moov'));
  return file;
}

function copyReceiver(name: string, server: ChildServer, pid: number, dir: string, fsync: boolean): Receiver {
  return {
    name,
    pid,
    async run(label, file) {
      const result = await putFile(`${server.url}/${label}${fsync ? '?fsync=1' : ''}`, file, CONTENT_TYPE);
      if (result.status !== 200 || (JSON.parse(result.body) as { size: number }).size !== fs.statSync(file).size) {
        throw new Error(`${name} answered ${result.status}: ${result.body}`);
      }
      return { ms: result.ms, tailMs: result.ms - result.bodySentMs };
    },
    cleanup: (label) => rm(path.join(dir, label), { force: true }),
  };
}

function outboxReceiver(server: ChildServer, pid: number, dataDir: string, key: string): Receiver {
  const uploads = new Map<string, string>();
  return {
    name: OUTBOX,
    pid,
    async run(label, file) {
      const presign = await fetch(`${server.url}/api/v1/media/presign`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ filename: 'bench.mp4', contentType: CONTENT_TYPE, size: fs.statSync(file).size }),
      });
      const slot = (await presign.json()) as { uploadId: string; uploadUrl: string };
      if (presign.status !== 200) throw new Error(`presign answered ${presign.status}: ${JSON.stringify(slot)}`);
      uploads.set(label, slot.uploadId);
      const result = await putFile(slot.uploadUrl, file, CONTENT_TYPE);
      const body = JSON.parse(result.body) as { status?: string };
      if (result.status !== 200 || body.status !== 'stored') throw new Error(`Outbox answered ${result.status}: ${result.body}`);
      return { ms: result.ms, tailMs: result.ms - result.bodySentMs };
    },
    cleanup: (label) => rm(path.join(dataDir, 'media', 'uploads', uploads.get(label) ?? 'none'), { recursive: true, force: true }),
  };
}

function inProcessReceiver(dir: string): Receiver {
  const target = (label: string) => path.join(dir, `in-process-${label}`);
  return {
    name: IN_PROCESS,
    async run(label, file) {
      const started = performance.now();
      await pipeline(fs.createReadStream(file), fs.createWriteStream(target(label)));
      return { ms: performance.now() - started };
    },
    cleanup: (label) => rm(target(label), { force: true }),
  };
}

/** One run after `sync`, with the receiver's CPU time and RSS (idle before, peak during) around it. */
async function timedRun(receiver: Receiver, label: string, file: string): Promise<TransferRun> {
  execFileSync('sync');
  const pid = receiver.pid;
  const idleRssBytes = pid === undefined ? undefined : rssBytes(pid);
  if (pid !== undefined && !resetPeakRss(pid)) throw new Error('cannot reset the peak RSS mark (/proc/<pid>/clear_refs)');
  const cpuBefore = pid === undefined ? process.cpuUsage() : cpuSeconds(pid);
  const result = await receiver.run(label, file);
  const cpu = typeof cpuBefore === 'number' ? cpuSeconds(pid!) - cpuBefore : sumCpu(process.cpuUsage(cpuBefore));
  const run: TransferRun = { ...result, cpuSeconds: cpu };
  if (pid !== undefined) Object.assign(run, { idleRssBytes, peakRssBytes: peakRssBytes(pid) });
  await receiver.cleanup(label);
  return run;
}

function sumCpu(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1e6;
}

/** A discarded full-size round first (the first 1 GiB written to a fresh folder is much slower), then REPEATS rounds. */
async function measure(receivers: Receiver[], source: string): Promise<TransferCase[]> {
  for (const receiver of receivers) await timedRun(receiver, 'warm-up', source);
  const cases: TransferCase[] = receivers.map((r) => ({ name: r.name, runs: [] }));
  for (let index = 0; index < REPEATS; index += 1) {
    for (const [i, receiver] of receivers.entries()) {
      const run = await timedRun(receiver, `run-${index}`, source);
      cases[i]!.runs.push(run);
      process.stdout.write(`  run ${index + 1}: ${receiver.name} ${(run.ms / 1000).toFixed(2)} s\n`);
    }
  }
  return cases;
}

async function startServers(work: string): Promise<{ receivers: Receiver[]; stop(): Promise<void> }> {
  const copyDir = path.join(work, 'copy');
  const dataDir = path.join(work, 'outbox');
  fs.mkdirSync(copyDir);
  const key = `sk_bench_${randomBytes(20).toString('hex')}`;
  const copy = await startChildServer('./media-copy-server.ts', { BENCH_COPY_DIR: copyDir });
  const copyPid = findChildPid('media-copy-server.ts');
  const outbox = await startChildServer('./outbox-server.mjs', {
    PORT: '0',
    HOST: '127.0.0.1',
    OUTBOX_DATA_DIR: dataDir,
    OUTBOX_LOG_LEVEL: 'silent',
    OUTBOX_BOOTSTRAP_API_KEY: key,
    OUTBOX_MAX_UPLOAD_BYTES: String(2 * FILE_BYTES),
  });
  const receivers = [
    copyReceiver(PLAIN, copy, copyPid, copyDir, false),
    copyReceiver(PLAIN_SYNCED, copy, copyPid, copyDir, true),
    outboxReceiver(outbox, findChildPid('outbox-server.mjs'), dataDir, key),
    inProcessReceiver(copyDir),
  ];
  return { receivers, stop: async () => void (await Promise.all([copy.stop(), outbox.stop()])) };
}

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const work = await mkdtemp(path.join(os.tmpdir(), 'outbox-bench-media-'));
  try {
    const load = os.loadavg()[0]!.toFixed(2);
    process.stdout.write(`Media benchmark: 1 GiB MP4 PUT over loopback, ${REPEATS} runs each (median) after a discarded round; Node ${process.version}, ${os.cpus().length} CPUs, load ${load}.\n`);
    const source = await buildSource(work);
    const servers = await startServers(work);
    let cases: TransferCase[];
    try {
      cases = await measure(servers.receivers, source);
    } finally {
      await servers.stop();
    }
    const probe = await benchProbe(15);
    report(startedAt, cases, probe);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function report(startedAt: string, cases: TransferCase[], probe: ProbeBenchResult): void {
  const find = (name: string) => cases.find((c) => c.name === name);
  const ratio = medianOf(find(PLAIN), 'ms') / medianOf(find(OUTBOX), 'ms');
  const ratioSynced = medianOf(find(PLAIN_SYNCED), 'ms') / medianOf(find(OUTBOX), 'ms');
  const rss = Math.max(...(find(OUTBOX)?.runs ?? []).map((r) => r.peakRssBytes ?? Number.NaN));
  const idle = medianOf(find(OUTBOX), 'idleRssBytes');
  const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
  const goals = {
    uploadRatio: { value: ratio, goal: UPLOAD_GOAL.ratio, met: ratio >= UPLOAD_GOAL.ratio },
    peakRssBytes: { value: rss, idleBefore: idle, goal: UPLOAD_GOAL.peakRssBytes, met: rss < UPLOAD_GOAL.peakRssBytes },
    probe: { ms: probe.ms, bytesRead: probe.bytesRead, goal: PROBE_GOAL, met: probe.withinGoal },
  };
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`\n${formatTransferTable(cases, FILE_BYTES, [PLAIN, PLAIN_SYNCED])}`);
  out('tail s: from the last body byte handed to the socket to the answer. CPU s and RSS: the receiving process only.\n');
  out(`probeFile, 1 GiB MP4 with moov at the end: median ${probe.ms} ms (min ${probe.minMs}, max ${probe.maxMs}), ${probe.bytesRead.toLocaleString('en-US')} bytes read\n`);
  out(`Goal: Outbox upload ≥ ${UPLOAD_GOAL.ratio} × ${PLAIN}: ${ratio.toFixed(2)} ${verdict(goals.uploadRatio.met)} (vs ${PLAIN_SYNCED}: ${ratioSynced.toFixed(2)})`);
  out(`Goal: Outbox peak RSS < ${UPLOAD_GOAL.peakRssBytes / 1e6} MB: ${(rss / 1e6).toFixed(0)} MB ${verdict(goals.peakRssBytes.met)} (idle before the upload: ${(idle / 1e6).toFixed(0)} MB, compiled dist/)`);
  out(`Goal: probe < ${PROBE_GOAL.ms} ms reading < ${PROBE_GOAL.bytesRead.toLocaleString('en-US')} bytes: ${verdict(probe.withinGoal)}`);
  const file = writeMediaResults(fileURLToPath(new URL('./results/', import.meta.url)), {
    startedAt, node: process.version, cpus: os.cpus().length, loadAverage: os.loadavg(), fileBytes: FILE_BYTES, repeats: REPEATS,
    cases, ratioToPlainCopy: ratio, ratioToPlainCopyWithFsync: ratioSynced, goals, probe,
  });
  out(`Results: ${path.relative(process.cwd(), file)}`);
  process.exitCode = goals.uploadRatio.met && goals.peakRssBytes.met && probe.withinGoal ? 0 : 1;
}

await main();
