import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createFakeClock } from '../../clock.js';
import { controlAction, registerControlApi, type ControlAction } from './control-api.js';
import { createFaultQueue } from './fault-queue.js';

let app: FastifyInstance;

afterEach(async () => {
  await app.close();
});

async function start(withExtras: boolean): Promise<string> {
  const faults = createFaultQueue<{ kind: string }>();
  const clock = createFakeClock(1000);
  let resets = 0;
  const add = controlAction(z.object({ endpoint: z.string(), kind: z.string() }), (input) =>
    faults.add({ endpoint: input.endpoint, fault: { kind: input.kind } }),
  );
  app = Fastify();
  await app.register(
    async (emulator) => {
      registerControlApi(emulator, {
        state: () => ({ resets, faults: faults.list().length }),
        reset: () => {
          resets += 1;
        },
        faults: { add: add as ControlAction<unknown>, list: () => faults.list(), clear: () => faults.clear() },
        ...(withExtras
          ? {
              clock,
              actions: {
                echo: controlAction(z.object({ say: z.string() }), (input) => ({ said: input.say })) as ControlAction<unknown>,
              },
            }
          : {}),
      });
    },
    { prefix: '/sandbox/example' },
  );
  return `${await app.listen({ port: 0, host: '127.0.0.1' })}/sandbox/example/__control`;
}

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('registerControlApi', () => {
  it('serves state, reset and the fault list under the emulator prefix', async () => {
    const base = await start(false);
    expect(await (await post(`${base}/reset`, {})).json()).toEqual({ reset: true });
    const queued = await post(`${base}/faults`, [{ endpoint: 'a', kind: 'x' }, { endpoint: 'b', kind: 'y' }]);
    expect(queued.status).toBe(201);
    expect(((await queued.json()) as { faults: unknown[] }).faults).toHaveLength(2);
    expect(await (await fetch(`${base}/state`)).json()).toEqual({ resets: 1, faults: 2 });
    await fetch(`${base}/faults`, { method: 'DELETE' });
    expect(((await (await fetch(`${base}/faults`)).json()) as { faults: unknown[] }).faults).toEqual([]);
    expect((await fetch(`${base}/clock`)).status).toBe(404);
  });

  it('answers 400 invalid_control_request for a body its schema refuses', async () => {
    const base = await start(true);
    const answer = await post(`${base}/faults`, { endpoint: 'a' });
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('invalid_control_request');
    expect((await post(`${base}/echo`, { say: 1 })).status).toBe(400);
  });

  it('serves the clock and extra actions when given', async () => {
    const base = await start(true);
    expect(await (await post(`${base}/clock`, { advanceMs: 500 })).json()).toEqual({ now: 1500 });
    expect(await (await post(`${base}/clock`, { setMs: 42 })).json()).toEqual({ now: 42 });
    expect(await (await post(`${base}/echo`, { say: 'hi' })).json()).toEqual({ said: 'hi' });
  });
});
