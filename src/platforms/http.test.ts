import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, LookupFunction } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../clock.js';
import { createHttpClient, formBody, jsonBody, redactUrl, streamBody, type HttpRequestLog } from './http.js';
import { PlatformError } from './platform-error.js';

let server: Server;
let origin: string;

async function readAll(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const ROUTES: Record<string, (request: IncomingMessage, response: ServerResponse) => void | Promise<void>> = {
  '/echo': async (request, response) => {
    const body = await readAll(request);
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ method: request.method, type: request.headers['content-type'], length: body.length, text: body.toString('utf8').slice(0, 200) }));
  },
  '/limited': (_request, response) => {
    response.writeHead(429, { 'retry-after': '7', 'x-ratelimit-limit': '100', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '30' });
    response.end();
  },
  '/hang': () => {
    // Never answers; the client's timeout must end the request.
  },
  '/reset-after-body': async (request) => {
    await readAll(request);
    request.socket.destroy();
  },
  '/reset-at-once': (request) => {
    request.once('data', () => request.socket.destroy());
  },
  '/big': (_request, response) => {
    response.end(Buffer.alloc(64 * 1024, 97));
  },
};

beforeAll(async () => {
  server = createServer((request, response) => {
    const route = ROUTES[new URL(request.url ?? '/', 'http://x').pathname];
    if (route === undefined) response.writeHead(404).end();
    else void route(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function client(options: Partial<Parameters<typeof createHttpClient>[0]> = {}) {
  return createHttpClient({ platform: 'test', timeoutMs: 5000, ...options });
}

async function failure(promise: Promise<unknown>): Promise<PlatformError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(PlatformError);
  return error as PlatformError;
}

/** A lazily generated body far larger than any socket buffer, so it cannot be fully sent before a reset. */
function hugeBody(): Readable {
  const block = Buffer.alloc(64 * 1024, 1);
  return Readable.from((function* () {
    for (let i = 0; i < 1024; i += 1) yield block;
  })());
}

describe('createHttpClient', () => {
  it('sends JSON, form and streamed bodies with their content types and lengths', async () => {
    const http = client();
    const json = await http.request({ method: 'POST', url: `${origin}/echo`, body: jsonBody({ a: 'é' }) });
    expect(JSON.parse(json.text)).toMatchObject({ method: 'POST', type: 'application/json; charset=UTF-8', text: '{"a":"é"}' });
    const form = await http.request({ method: 'POST', url: `${origin}/echo`, body: formBody({ a: '1', b: 'x y' }) });
    expect(JSON.parse(form.text)).toMatchObject({ type: 'application/x-www-form-urlencoded', text: 'a=1&b=x+y' });
    const stream = Readable.from([Buffer.alloc(100_000, 3), Buffer.alloc(23, 4)]);
    const put = await http.request({ method: 'PUT', url: `${origin}/echo`, body: streamBody(stream, 100_023, 'video/mp4') });
    expect(JSON.parse(put.text)).toMatchObject({ method: 'PUT', type: 'video/mp4', length: 100_023 });
  });

  it('returns error statuses with Retry-After and X-RateLimit-* parsed', async () => {
    const clock = createFakeClock(1_700_000_000_000);
    const response = await client({ clock }).request({ method: 'GET', url: `${origin}/limited` });
    expect(response.status).toBe(429);
    expect(response.rateLimit).toEqual({ limit: 100, remaining: 0, resetAt: 1_700_000_030_000, retryAfterMs: 7000 });
  });

  it('logs every request with secrets redacted, to subscribers until they leave', async () => {
    const http = client();
    const entries: HttpRequestLog[] = [];
    const stop = http.onRequest((entry) => entries.push(entry));
    http.onRequest(() => {
      throw new Error('a broken listener');
    });
    await http.request({ method: 'GET', url: `${origin}/echo?upload_id=7&upload_token=secret&access_token=t`, operation: 'upload' });
    await failure(http.request({ method: 'GET', url: `${origin}/hang`, timeoutMs: 300 }));
    stop();
    await http.request({ method: 'GET', url: `${origin}/echo` });
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ platform: 'test', operation: 'upload', method: 'GET', status: 200, errorCode: undefined });
    expect(entries[0]?.url).toBe(`${origin}/echo?upload_id=7&upload_token=REDACTED&access_token=REDACTED`);
    expect(entries[1]).toMatchObject({ status: undefined, errorCode: 'TIMEOUT' });
  });

  it('maps a timeout to transient, except after a fully sent non-idempotent request: unknown', async () => {
    expect(await failure(client().request({ method: 'GET', url: `${origin}/hang`, timeoutMs: 300 }))).toMatchObject({ kind: 'transient', platformCode: 'TIMEOUT' });
    const post = await failure(client().request({ method: 'POST', url: `${origin}/hang`, body: jsonBody({}), timeoutMs: 300 }));
    expect(post).toMatchObject({ kind: 'unknown', platformCode: 'TIMEOUT' });
    const idempotentPost = client().request({ method: 'POST', url: `${origin}/hang`, body: jsonBody({}), idempotent: true, timeoutMs: 300 });
    expect(await failure(idempotentPost)).toMatchObject({ kind: 'transient' });
  });

  it('maps a reset after the body to unknown for POST and transient for PUT', async () => {
    const post = await failure(client().request({ method: 'POST', url: `${origin}/reset-after-body`, body: jsonBody({ a: 1 }) }));
    expect(post).toMatchObject({ kind: 'unknown', platformCode: 'ECONNRESET' });
    const put = await failure(client().request({ method: 'PUT', url: `${origin}/reset-after-body`, body: jsonBody({ a: 1 }) }));
    expect(put).toMatchObject({ kind: 'transient', platformCode: 'ECONNRESET' });
  });

  it('maps a reset before the body was fully sent to transient, even for POST', async () => {
    const request = client({ timeoutMs: 30_000 }).request({ method: 'POST', url: `${origin}/reset-at-once`, body: streamBody(hugeBody(), 64 * 1024 * 1024, 'video/mp4') });
    expect((await failure(request)).kind).toBe('transient');
  });

  it('maps DNS failures and refused connections to transient', async () => {
    const lookup = ((_host: string, _options: unknown, callback: (error: Error) => void) => {
      callback(Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.test'), { code: 'ENOTFOUND' }));
    }) as unknown as LookupFunction;
    const dns = await failure(client({ lookup }).request({ method: 'POST', url: 'http://nowhere.test/', body: jsonBody({}) }));
    expect(dns).toMatchObject({ kind: 'transient', platformCode: 'ENOTFOUND' });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = await failure(client().request({ method: 'POST', url: `http://127.0.0.1:${port}/`, body: jsonBody({}) }));
    expect(refused).toMatchObject({ kind: 'transient', platformCode: 'ECONNREFUSED' });
  });

  it('stops on an abort signal', async () => {
    const controller = new AbortController();
    const request = client({ timeoutMs: 30_000 }).request({ method: 'GET', url: `${origin}/hang`, signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    expect(await failure(request)).toMatchObject({ kind: 'transient', platformCode: 'ABORTED' });
    const already = AbortSignal.abort();
    expect(await failure(client().request({ method: 'GET', url: `${origin}/echo`, signal: already }))).toMatchObject({ platformCode: 'ABORTED' });
  });

  it('refuses a response larger than allowed', async () => {
    const error = await failure(client({ maxResponseBytes: 1024 }).request({ method: 'GET', url: `${origin}/big` }));
    expect(error.platformCode).toBe('RESPONSE_TOO_LARGE');
  });

  it('fails a streamed body whose source breaks as transient', async () => {
    const broken = new Readable({
      read() {
        this.destroy(new Error('disk gone'));
      },
    });
    const error = await failure(client().request({ method: 'POST', url: `${origin}/echo`, body: streamBody(broken, 10, 'video/mp4') }));
    expect(error).toMatchObject({ kind: 'transient', platformCode: 'SOURCE_READ_FAILED' });
  });
});

describe('redactUrl', () => {
  it('drops credentials and redacts secret-looking query values', () => {
    expect(redactUrl('https://user:pw@api.example.com/x?fields=a,b&client_secret=s&code=c')).toBe(
      'https://api.example.com/x?fields=a%2Cb&client_secret=REDACTED&code=REDACTED',
    );
    expect(redactUrl('not a url')).toBe('(invalid URL)');
  });
});
