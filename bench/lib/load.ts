import autocannon, { type AutocannonRequest } from 'autocannon';

/** One measured request kind against one server. */
export interface LoadTarget {
  /** Full URL of the route. */
  url: string;
  /** HTTP method. */
  method: 'GET' | 'POST';
  /** Sent with every request (authorization, content-type). */
  headers: Record<string, string>;
  /** For POSTs: a JSON body per request, given a number never reused in this process (so creates never conflict). */
  body?: (sequence: number) => string;
}

/** How hard and how long to push. */
export interface LoadOptions {
  /** Concurrent connections. */
  connections: number;
  /** Seconds of load. */
  durationSeconds: number;
}

/** What one run measured. */
export interface RunStats {
  /** Mean of autocannon's per-second request counts. */
  requestsPerSecond: number;
  /** Median latency (ms). */
  p50Ms: number;
  /** 99th-percentile latency (ms). */
  p99Ms: number;
  /** Responses with a status outside 2xx. */
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  /** Responses received. */
  responses: number;
  /** Count per status code, to tell what the non-2xx responses were. */
  statusCodes: Record<string, number>;
}

/** Shared across runs, so repeated runs against one server never reuse a number. */
let nextSequence = 0;

/** Runs autocannon once against `target` and summarises the result. */
export async function runLoad(target: LoadTarget, options: LoadOptions): Promise<RunStats> {
  const { pathname, search } = new URL(target.url);
  const request: AutocannonRequest = { method: target.method, path: `${pathname}${search}`, headers: target.headers };
  const body = target.body;
  // autocannon calls setupRequest before every send, the first included.
  if (body) request.setupRequest = (req) => ({ ...req, body: body(nextSequence++) });
  const result = await autocannon({
    url: target.url,
    connections: options.connections,
    duration: options.durationSeconds,
    requests: [request],
  });
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, stats]) => [code, stats.count]));
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    responses: result['2xx'] + result.non2xx,
    statusCodes,
  };
}

/** The median of a non-empty list. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Field-by-field medians of repeated runs; counts of failures are summed, not averaged, so none hide. */
export function summarise(runs: RunStats[]): RunStats {
  const statusCodes: Record<string, number> = {};
  for (const run of runs) for (const [code, count] of Object.entries(run.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + count;
  return {
    requestsPerSecond: median(runs.map((r) => r.requestsPerSecond)),
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
    non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    responses: runs.reduce((sum, r) => sum + r.responses, 0),
    statusCodes,
  };
}
