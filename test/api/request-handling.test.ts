import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { createTestApi, type TestApi } from '../helpers/context.js';
import { describeEachDialect } from '../helpers/dialects.js';

describeEachDialect('request handling', (dialect) => {
  let t: TestApi;
  beforeEach(async () => {
    t = await createTestApi(dialect, { OUTBOX_RATE_LIMIT: '5', OUTBOX_BODY_LIMIT: '2048' });
  });
  afterEach(async () => t.close());

  const post = (payload: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: '/api/v1/profiles', headers: { ...t.auth(), 'content-type': 'application/json', ...headers }, payload });

  it('answers malformed JSON, unknown content types and oversized bodies with 400/415/413 naming the part', async () => {
    const malformed = await post('{"name":');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ code: 'REQUEST_MALFORMED_JSON', param: 'body' });
    const text = await post('name=x', { 'content-type': 'text/plain' });
    expect(text.statusCode).toBe(415);
    expect(text.json()).toMatchObject({ code: 'REQUEST_UNSUPPORTED_MEDIA_TYPE', param: 'content-type' });
    const large = await post(JSON.stringify({ name: 'x'.repeat(4096) }));
    expect(large.statusCode).toBe(413);
    expect(large.json()).toMatchObject({ code: 'REQUEST_BODY_TOO_LARGE', param: 'body' });
  });

  it('sends X-RateLimit headers on every response and 429 with Retry-After past the limit', async () => {
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 6; i += 1) {
      last = await t.app.inject({ method: 'GET', url: '/api/v1/profiles', headers: t.auth() });
      statuses.push(last.statusCode);
      expect(last.headers['x-ratelimit-limit']).toBe('5');
      expect(Number(last.headers['x-ratelimit-reset'])).toBe(Math.ceil((t.clock.now() + 60_000) / 1000));
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect(last!.headers['x-ratelimit-remaining']).toBe('0');
    expect(last!.headers['retry-after']).toBe('60');
    expect(last!.json()).toMatchObject({ code: 'RATE_LIMITED', type: 'rate_limit_error' });
    // Another key has its own window; and the window resets after a minute.
    const other = await t.createKey({ name: 'other' });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/profiles', headers: t.auth(other) })).statusCode).toBe(200);
    t.clock.advance(60_000);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/profiles', headers: t.auth() })).statusCode).toBe(200);
  });

  it('replays a create for the same Idempotency-Key and body, 422 for another body', async () => {
    const first = await post(JSON.stringify({ name: 'Once' }), { 'idempotency-key': 'k-1' });
    expect(first.statusCode).toBe(201);
    const replay = await post(JSON.stringify({ name: 'Once' }), { 'idempotency-key': 'k-1' });
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(first.json());
    const reordered = await post('{ "name" : "Once" }', { 'x-request-id': 'k-1' });
    expect(reordered.json().profile._id).toBe(first.json().profile._id);
    const different = await post(JSON.stringify({ name: 'Twice' }), { 'idempotency-key': 'k-1' });
    expect(different.statusCode).toBe(422);
    expect(different.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', param: 'Idempotency-Key' });
    const profiles = (await t.app.inject({ method: 'GET', url: '/api/v1/profiles', headers: t.auth() })).json().profiles;
    expect(profiles.filter((p: { name: string }) => p.name === 'Once')).toHaveLength(1);
  });

  it('answers 409 while a request with the same key is in flight, and frees the key after it expires', async () => {
    const now = t.clock.now();
    const keyRow = await t.ctx.db.selectFrom('api_keys').select('id').where('name', '=', 'test').executeTakeFirstOrThrow();
    await t.ctx.db.insertInto('idempotency_keys').values({
      api_key_id: keyRow.id, key: 'busy', request_hash: 'x', state: 'processing', status_code: null, response_body: null,
      created_at: now, expires_at: now + 1000,
    }).execute();
    const busy = await post(JSON.stringify({ name: 'B' }), { 'idempotency-key': 'busy' });
    expect(busy.statusCode).toBe(409);
    expect(busy.json().code).toBe('IDEMPOTENCY_IN_PROGRESS');
    t.clock.advance(1000);
    expect((await post(JSON.stringify({ name: 'B' }), { 'idempotency-key': 'busy' })).statusCode).toBe(201);
  });

  it('echoes the request id, or a client-sent x-request-id', async () => {
    const generated = await t.app.inject({ method: 'GET', url: '/api/v1/profiles', headers: t.auth() });
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f]{24}$/);
    const given = await t.app.inject({ method: 'GET', url: '/api/v1/profiles', headers: { ...t.auth(), 'x-request-id': 'trace-42' } });
    expect(given.headers['x-request-id']).toBe('trace-42');
    const error = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here', headers: { ...t.auth(), 'x-request-id': 'trace-43' } });
    expect(error.json()).toMatchObject({ code: 'REQUEST_ROUTE_NOT_FOUND', requestId: 'trace-43' });
  });

  it('answers 501 for hosted-service operations Outbox does not offer', async () => {
    for (const url of ['/api/v1/ads/campaigns', '/api/v1/inbox/conversations', '/api/v1/whatsapp/templates', '/api/v1/analytics', '/api/v1/webhooks/settings']) {
      const res = await t.app.inject({ method: 'GET', url, headers: t.auth() });
      expect(res.statusCode, url).toBe(501);
      expect(res.json()).toMatchObject({ code: 'REQUEST_NOT_IMPLEMENTED', type: 'api_error' });
    }
    // A path Outbox serves, with a method it does not: a plain 404, not "not offered".
    const fresh = await t.createKey({ name: 'another window' });
    const wrongMethod = await t.app.inject({ method: 'PUT', url: '/api/v1/profiles/', headers: t.auth(fresh) });
    expect(wrongMethod.json().code).toBe('REQUEST_ROUTE_NOT_FOUND');
  });

  it('lists the caller’s recent requests at /api/v1/logs', async () => {
    await t.app.inject({ method: 'GET', url: '/api/v1/profiles', headers: { ...t.auth(), 'x-request-id': 'find-me' } });
    await post('{bad');
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/logs?limit=10', headers: t.auth() });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const found = body.logs.find((log: { request_id: string }) => log.request_id === 'find-me');
    expect(found).toMatchObject({ type: 'api_request', method: 'GET', path: '/api/v1/profiles', status_code: 200, status: 'success' });
    const failed = (await t.app.inject({ method: 'GET', url: '/api/v1/logs?status=failed', headers: t.auth() })).json();
    expect(failed.logs.map((log: { error_code: string }) => log.error_code)).toContain('REQUEST_MALFORMED_JSON');
    expect(failed.logs.every((log: { status_code: number }) => log.status_code >= 400)).toBe(true);
    const byId = (await t.app.inject({ method: 'GET', url: '/api/v1/logs?requestId=find-me', headers: t.auth() })).json();
    expect(byId.pagination).toMatchObject({ total: 1, hasMore: false });
  });

  it('shows a profile-scoped key only its own requests', async () => {
    const profile = (await t.app.inject({ method: 'GET', url: '/api/v1/profiles', headers: t.auth() })).json().profiles[0];
    const scoped = await t.createKey({ name: 'scoped', profileIds: [profile._id] });
    await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: t.auth() });
    const logs = (await t.app.inject({ method: 'GET', url: '/api/v1/logs', headers: t.auth(scoped) })).json().logs;
    expect(logs.every((log: { path: string }) => log.path !== '/api/v1/users')).toBe(true);
  });

  it('serves health, readiness, metrics and the OpenAPI document', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ready', store: dialect });
    await t.app.inject({ method: 'GET', url: '/api/v1/profiles', headers: t.auth() });
    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/outbox_http_requests_total\{method="GET",route="\/api\/v1\/profiles",status="200"\} 1/);
    expect(metrics).toContain('outbox_http_request_duration_seconds_bucket');
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/profiles', '/v1/profiles/{profileId}', '/v1/api-keys', '/v1/logs']));
    expect(doc.paths['/v1/profiles'].post.requestBody.content['application/json'].schema.required).toContain('name');
    expect(Object.keys(doc.paths).filter((path) => !path.startsWith('/v1/'))).toEqual([]);
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });
});

describe('readiness with pending migrations', () => {
  it('answers 503 until the store is migrated', async () => {
    const t = await createTestApi('sqlite');
    try {
      await t.ctx.db.deleteFrom('kysely_migration' as never).execute();
      const res = await t.app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE', details: { pending: Object.keys(MIGRATIONS) } });
    } finally {
      await t.close();
    }
  });
});

describe('authentication cannot be side-stepped', () => {
  it('requires a key however the /api/v1 path is spelled', async () => {
    const t = await createTestApi('sqlite');
    try {
      for (const url of ['/api/%761/profiles', '/api/v%31/users', '/%61pi/v1/api-keys']) {
        const res = await t.app.inject({ method: 'GET', url });
        expect(res.statusCode, url).toBe(401);
        expect(res.json().code).toBe('AUTH_MISSING_KEY');
      }
      const post = await t.app.inject({ method: 'POST', url: '/api/%761/tools/validate/post-length', payload: { text: 'x' } });
      expect(post.statusCode).toBe(401);
    } finally {
      await t.close();
    }
  });
});
