import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AppContext } from '../../context.js';
import { isApiRequest } from './authenticate.js';

/** Prometheus metrics of one server: request counts and latencies by route and status, plus process metrics. */
export interface ApiMetrics {
  registry: Registry;
}

/** The URL without its query string. */
function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/**
 * Records each finished request: a Prometheus sample and, for /api/v1 routes, a request log row for /api/v1/logs.
 * Routes are labelled by their pattern (`/api/v1/profiles/:profileId`), never the raw URL, so label cardinality
 * stays bounded.
 */
export function registerObservability(app: FastifyInstance, ctx: AppContext): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'outbox_http_requests_total',
    help: 'HTTP requests by method, route and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'outbox_http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  // prom-client hashes the label set on every observation; resolving each (method, route, status) to its children
  // once keeps that off the per-request path.
  const children = new Map<string, { count: { inc(): void }; time: { observe(value: number): void } }>();
  const seriesFor = (method: string, route: string, status: string) => {
    const key = `${method} ${route} ${status}`;
    let series = children.get(key);
    if (!series) {
      series = { count: requests.labels(method, route, status), time: latency.labels(method, route, status) };
      children.set(key, series);
    }
    return series;
  };

  app.decorateReply('errorCode', undefined);
  const record = (request: FastifyRequest, reply: FastifyReply) => {
    const routeUrl = request.routeOptions.url;
    const series = seriesFor(request.method, routeUrl ?? 'unmatched', String(reply.statusCode));
    const elapsed = reply.elapsedTime;
    series.count.inc();
    series.time.observe(elapsed / 1000);
    if (!isApiRequest(request)) return;
    ctx.requestLogs.add({
      request_id: request.id,
      api_key_id: request.principal?.keyId ?? null,
      method: request.method,
      path: pathOf(request.url),
      route: routeUrl ?? null,
      status_code: reply.statusCode,
      duration_ms: Math.round(elapsed * 100) / 100,
      error_code: reply.errorCode ?? null,
      ip: request.ip,
      user_agent: request.headers['user-agent']?.slice(0, 256) ?? null,
      created_at: ctx.clock.now(),
    });
  };
  // Callback hooks: these run on every request and never wait for anything, so they need no promise.
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    done(null, payload);
  });
  app.addHook('onResponse', (request, reply, done) => {
    record(request, reply);
    done();
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
  return { registry };
}
