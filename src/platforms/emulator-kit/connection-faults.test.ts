import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { createDelayer, dropConnection } from './connection-faults.js';

describe('createDelayer', () => {
  it('resolves true after the wait and false for waits cancelled early', async () => {
    const delayer = createDelayer();
    expect(await delayer.wait(5)).toBe(true);
    const long = delayer.wait(60_000);
    expect(delayer.pending()).toBe(1);
    delayer.cancelAll();
    expect(await long).toBe(false);
    expect(delayer.pending()).toBe(0);
  });
});

describe('dropConnection', () => {
  it('closes the socket so the client sees a network error, not a status', async () => {
    const app = Fastify();
    app.get('/drop', async (_request, reply) => dropConnection(reply));
    app.get('/ok', async () => ({ ok: true }));
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      await expect(fetch(`${address}/drop`)).rejects.toThrow();
      expect((await fetch(`${address}/ok`)).status).toBe(200);
    } finally {
      await app.close();
    }
  });
});
