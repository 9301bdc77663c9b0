import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import { serveUntilStopped } from './child-protocol.js';

/*
 * Child-process entry: the floor to compare Outbox against. A bare Fastify app that parses the same JSON body and
 * answers documents of the same shape and size as Outbox's profile routes, with no auth, validation or store.
 */

/** How many profiles the list answers; the benchmark seeds Outbox to the same count. */
const LISTED_PROFILES = Number(process.env['BENCH_LISTED_PROFILES'] ?? 20);

function profile(name: string): Record<string, unknown> {
  return {
    _id: randomBytes(12).toString('hex'),
    userId: '000000000000000000000001',
    name,
    color: '#4f46e5',
    isDefault: false,
    createdAt: new Date().toISOString(),
  };
}

const listed = { profiles: Array.from({ length: LISTED_PROFILES }, (_, i) => profile(`bench seed ${i}`)) };
const app = Fastify({ logger: false });
app.get('/profiles', async () => listed);
app.post('/profiles', async (request, reply) => {
  const body = request.body as { name?: unknown } | undefined;
  return reply.status(201).send({ message: 'Profile created', profile: profile(String(body?.name ?? '')) });
});
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
serveUntilStopped(`http://127.0.0.1:${port}`, () => app.close());
