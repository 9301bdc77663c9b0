/*
 * The two messages between the benchmark and a server child process, over the fork IPC channel.
 */

/** Child → parent once listening. */
export interface ReadyMessage {
  type: 'ready';
  url: string;
}

/** Parent → child: close and exit. */
export interface StopMessage {
  type: 'stop';
}

/**
 * Announces `url` to the parent and closes the server when told to, or when the parent goes away (so a crashed
 * benchmark never leaves a server listening).
 */
export function serveUntilStopped(url: string, close: () => Promise<void>): void {
  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('message', (message: StopMessage) => {
    if (message.type === 'stop') stop();
  });
  process.on('disconnect', stop);
  process.send?.({ type: 'ready', url } satisfies ReadyMessage);
}
