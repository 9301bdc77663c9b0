import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { FakeClock } from '../../clock.js';

/** A control operation: a body schema and what to do with a valid body. */
export interface ControlAction<T> {
  /** Validates the JSON body; a body it rejects is answered 400 `invalid_control_request`. */
  schema: z.ZodType<T>;
  /** Performs the operation; its return value is the JSON response. */
  run(input: T): unknown;
}

/** Builds a {@link ControlAction} while keeping the body type checked between schema and handler. */
export function controlAction<T>(schema: z.ZodType<T>, run: (input: T) => unknown): ControlAction<T> {
  return { schema, run };
}

/**
 * What an emulator exposes under `/__control`. Every emulator has state, reset and faults; token, limit and clock
 * operations are registered only when the emulator provides them.
 *
 * Routes (relative to the emulator's prefix):
 * - `GET /__control/state`: the emulator's read model.
 * - `POST /__control/reset`: back to the seeded state.
 * - `GET|POST|DELETE /__control/faults`: list, queue (one fault object or an array), clear.
 * - `POST /__control/tokens/expire`, `POST /__control/tokens/revoke`.
 * - `GET|POST /__control/limits`.
 * - `GET|POST /__control/clock` with `{ "advanceMs": n }` or `{ "setMs": epochMs }`.
 * - `POST /__control/<name>` for each extra action.
 */
export interface ControlApiDefinition {
  state(): unknown;
  reset(): void;
  faults: { add: ControlAction<unknown>; list(): unknown; clear(): void };
  tokens?: { expire: ControlAction<unknown>; revoke: ControlAction<unknown> };
  limits?: { get(): unknown; set: ControlAction<unknown> };
  /** The emulator's own fake clock; exposing it lets a test or a load script move time over HTTP. */
  clock?: FakeClock;
  /** Further emulator-specific operations, each served as `POST /__control/<name>`. */
  actions?: Record<string, ControlAction<unknown>>;
}

const clockBody = z.union([
  z.object({ advanceMs: z.number().int().min(0) }).strict(),
  z.object({ setMs: z.number().int().min(0) }).strict(),
]);

async function runAction(reply: FastifyReply, action: ControlAction<unknown>, body: unknown): Promise<void> {
  const parsed = action.schema.safeParse(body ?? {});
  if (!parsed.success) {
    await reply.code(400).send({
      error: { code: 'invalid_control_request', message: z.prettifyError(parsed.error), issues: parsed.error.issues },
    });
    return;
  }
  await reply.code(200).send(await action.run(parsed.data));
}

/** Registers the `/__control` routes of {@link ControlApiDefinition} on an emulator's Fastify instance. */
export function registerControlApi(app: FastifyInstance, api: ControlApiDefinition): void {
  app.get('/__control/state', async () => api.state());
  app.post('/__control/reset', async () => {
    api.reset();
    return { reset: true };
  });
  app.get('/__control/faults', async () => ({ faults: api.faults.list() }));
  app.delete('/__control/faults', async () => {
    api.faults.clear();
    return { faults: [] };
  });
  app.post('/__control/faults', async (request, reply) => {
    const items = Array.isArray(request.body) ? request.body : [request.body];
    const queued = z.array(api.faults.add.schema).safeParse(items);
    if (!queued.success) {
      return reply.code(400).send({
        error: { code: 'invalid_control_request', message: z.prettifyError(queued.error), issues: queued.error.issues },
      });
    }
    return reply.code(201).send({ faults: queued.data.map((item) => api.faults.add.run(item)) });
  });
  const { tokens, limits, clock } = api;
  if (tokens !== undefined) {
    app.post('/__control/tokens/expire', (request, reply) => runAction(reply, tokens.expire, request.body));
    app.post('/__control/tokens/revoke', (request, reply) => runAction(reply, tokens.revoke, request.body));
  }
  if (limits !== undefined) {
    app.get('/__control/limits', async () => limits.get());
    app.post('/__control/limits', (request, reply) => runAction(reply, limits.set, request.body));
  }
  if (clock !== undefined) {
    app.get('/__control/clock', async () => ({ now: clock.now() }));
    const move = controlAction(clockBody, (input) => {
      if ('advanceMs' in input) clock.advance(input.advanceMs);
      else clock.set(input.setMs);
      return { now: clock.now() };
    });
    app.post('/__control/clock', (request, reply) => runAction(reply, move as ControlAction<unknown>, request.body));
  }
  for (const [name, action] of Object.entries(api.actions ?? {})) {
    app.post(`/__control/${name}`, (request, reply) => runAction(reply, action, request.body));
  }
}
