import { startServer } from '../../src/cli/serve.js';
import { loadConfig } from '../../src/config.js';
import { serveUntilStopped } from './child-protocol.js';

/*
 * Child-process entry: Outbox exactly as `outbox serve` runs it, configured by the environment the benchmark
 * passes, so the server has an event loop and a core of its own.
 */
const server = await startServer(loadConfig(), { quiet: true });
serveUntilStopped(server.url, () => server.stop());
