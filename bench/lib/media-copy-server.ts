import fs from 'node:fs';
import { open } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { serveUntilStopped } from './child-protocol.js';

/*
 * Child-process entry: the floor for the upload benchmark. A bare `http` server that pipes each PUT body straight
 * to a file under BENCH_COPY_DIR (named by the request path), with no signature check, hashing, probing or store.
 * `?fsync=1` also syncs the file before answering, as Outbox does before it reports an upload stored.
 */
const dir = process.env['BENCH_COPY_DIR'];
if (dir === undefined) throw new Error('BENCH_COPY_DIR is required');

async function receive(request: http.IncomingMessage): Promise<number> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const file = path.join(dir!, path.basename(url.pathname) || 'body');
  await pipeline(request, fs.createWriteStream(file));
  if (url.searchParams.get('fsync') === '1') {
    const handle = await open(file, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
  return (await fs.promises.stat(file)).size;
}

const server = http.createServer((request, response) => {
  receive(request).then(
    (size) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ size })),
    (error: Error) => response.writeHead(500).end(error.message),
  );
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  serveUntilStopped(`http://127.0.0.1:${port}`, () => new Promise((resolve) => server.close(() => resolve())));
});
