// Graceful stop. Docker sends SIGTERM on every deploy, rollback and `docker stop`, then SIGKILL
// after 10 s. Bun as PID 1 has no default handler, so without this each stop waited the full
// 10 s and cut requests off. Here: stop accepting, let in-flight requests finish, close the pool.
import * as Sentry from '@sentry/bun';
import { closeDatabase } from './db.ts';

/** What draining needs of the app: Elysia's stop (Bun's server.stop underneath). */
export interface Stoppable {
  stop(closeActiveConnections?: boolean): Promise<unknown>;
}

export interface DrainOptions {
  /** How long in-flight requests may run on; under Docker's 10 s grace. */
  deadlineMs?: number;
  exit?: (code: number) => void;
}

/** Stops the app cleanly; resolves with the exit code (0 drained, 1 cut off at the deadline). */
export async function drain(app: Stoppable, { deadlineMs = 8000 }: DrainOptions = {}): Promise<number> {
  let timer: Timer | undefined;
  const deadline = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), deadlineMs);
  });
  // stop(false) closes the listener at once and resolves when open requests have answered.
  const outcome = await Promise.race([app.stop(false).then(() => 'drained' as const), deadline]);
  clearTimeout(timer);
  if (outcome === 'late') {
    console.error(`shutdown: requests still open after ${deadlineMs} ms, closing them`);
    await app.stop(true);
  }
  await Promise.allSettled([closeDatabase(), Sentry.close(1000)]);
  return outcome === 'drained' ? 0 : 1;
}

/** Drains on SIGTERM (Docker) and SIGINT (Ctrl-C), once, then exits. */
export function drainOnSignals(app: Stoppable, { exit = (code) => process.exit(code), ...options }: DrainOptions = {}): void {
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      console.log(`${signal}: finishing open requests, then exiting`);
      void drain(app, options).then(exit, (error: unknown) => {
        console.error('shutdown failed:', error);
        exit(1);
      });
    });
  }
}
