import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../../clock.js';
import { createTikTokEmulator } from './emulator.js';

describe('createTikTokEmulator plugin', () => {
  it('stays encapsulated inside a host app that has its own parsers and error handler', async () => {
    const host = Fastify({ routerOptions: { ignoreTrailingSlash: true } });
    host.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, _body, done) => {
      done(null, { host: 'form' });
    });
    host.setErrorHandler(async (_error, _request, reply) => reply.code(418).send({ host: 'error' }));
    host.post('/host/echo', async (request) => ({ body: request.body }));
    const emulator = createTikTokEmulator({ clock: createFakeClock(0) });
    await host.register(emulator.plugin, { prefix: '/sandbox/tiktok' });
    const origin = await host.listen({ port: 0, host: '127.0.0.1' });
    try {
      const hostForm = await fetch(`${origin}/host/echo`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'a=1',
      });
      expect(await hostForm.json()).toEqual({ body: { host: 'form' } });
      const hostBadJson = await fetch(`${origin}/host/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
      expect(hostBadJson.status).toBe(418);

      const token = await fetch(`${origin}/sandbox/tiktok/v2/oauth/token/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=authorization_code',
      });
      expect(((await token.json()) as { error: string }).error).toBe('invalid_request');
      const badJson = await fetch(`${origin}/sandbox/tiktok/v2/post/publish/video/init/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer act.x' },
        body: '{',
      });
      expect(badJson.status).toBe(400);
      expect(((await badJson.json()) as { error: { code: string } }).error.code).toBe('invalid_param');
      expect(emulator.state.counters().requestsByEndpoint['oauth.token']).toBe(1);
    } finally {
      await host.close();
    }
  });
});
