import fs from 'node:fs';

/*
 * Memory and CPU of a benchmark's child process, read from /proc (Linux only). `startChildServer` forks the
 * server as a node process of its own (no wrapper), so it is found among this process's children.
 */

/** Clock ticks per second of /proc/<pid>/stat times; 100 on every Linux architecture Node supports. */
const CLOCK_TICKS = 100;

/** The pid of this process's child whose command line mentions `entry` (e.g. `outbox-server.mjs`). */
export function findChildPid(entry: string): number {
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const status = fs.readFileSync(`/proc/${name}/status`, 'utf8');
      if (Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]) !== process.pid) continue;
      if (fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(entry)) return Number(name);
    } catch {
      // The process exited between listing and reading.
    }
  }
  throw new Error(`no child process running ${entry}`);
}

/**
 * Resets the kernel's peak-RSS mark (VmHWM) of `pid` to its current RSS, so the next reading covers only what
 * happens after this call. Resolves false where the kernel refuses (then VmHWM is the peak since start).
 */
export function resetPeakRss(pid: number): boolean {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

function statusBytes(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const kib = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (kib === undefined) throw new Error(`no ${field} for pid ${pid}`);
  return Number(kib) * 1024;
}

/** Current resident set size (VmRSS) of `pid` in bytes. */
export function rssBytes(pid: number): number {
  return statusBytes(pid, 'VmRSS');
}

/** Peak resident set size (VmHWM) of `pid` in bytes, since start or the last `resetPeakRss`. */
export function peakRssBytes(pid: number): number {
  return statusBytes(pid, 'VmHWM');
}

/** CPU time `pid` has used so far, user plus system, in seconds (all its threads, the libuv pool included). */
export function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name; utime and stime are the 12th and 13th of them.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}
