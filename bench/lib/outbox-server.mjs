// Child-process entry: Outbox as `outbox serve` runs it in production, from the compiled dist/ (plain node, no
// TypeScript loader), configured by the environment the benchmark passes. Speaks bench/lib/child-protocol.ts.
import { startServer } from '../../dist/cli/serve.js';
import { loadConfig } from '../../dist/config.js';

const server = await startServer(loadConfig(), { quiet: true });
let closing = false;
const stop = () => {
  if (closing) return;
  closing = true;
  server.stop().then(() => process.exit(0), () => process.exit(1));
};
process.on('message', (message) => {
  if (message?.type === 'stop') stop();
});
process.on('disconnect', stop);
process.send?.({ type: 'ready', url: server.url });
