import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ReadyMessage, StopMessage } from './child-protocol.js';

/** A server running in a child process. */
export interface ChildServer {
  /** Origin it listens on, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Asks the child to close and waits for it to exit. */
  stop(): Promise<void>;
}

/** How long a child may take to listen before the benchmark gives up (ms). */
const START_TIMEOUT_MS = 60_000;

/**
 * Forks `entry` (a file beside this one: TypeScript run through tsx, or plain `.mjs` run by node alone) with `env`
 * added to this process's environment, and resolves once it reports its URL.
 */
export async function startChildServer(entry: string, env: Record<string, string>): Promise<ChildServer> {
  const child = fork(fileURLToPath(new URL(entry, import.meta.url)), [], {
    execArgv: entry.endsWith('.mjs') ? [] : ['--import', import.meta.resolve('tsx')],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`${entry} did not start listening within ${START_TIMEOUT_MS} ms`));
    }, START_TIMEOUT_MS);
    child.once('message', (message: ReadyMessage) => {
      clearTimeout(timer);
      resolve(message.url);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with code ${code} before listening`));
    });
  });
  return {
    url,
    async stop() {
      if (child.exitCode === null && child.connected) child.send({ type: 'stop' } satisfies StopMessage);
      await exited;
    },
  };
}
