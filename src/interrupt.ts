// Ctrl-C and kill while writing. The writer is synchronous between awaits, and Node runs a signal
// listener only when the event loop turns; so the listener just records the signal, and the
// writer yields at checkpoints (between files), where it undoes its work and stops.
import { InterruptedError } from './errors.js';
import type { Msg } from './i18n.js';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let caught: NodeJS.Signals | undefined;
let watching = false;

/** From now on a signal no longer kills the process at once: checkpoints stop it. */
export function watchSignals(): void {
  if (watching) return;
  watching = true;
  for (const s of SIGNALS)
    process.on(s, (signal: NodeJS.Signals) => {
      caught ??= signal;
    });
}

export const caughtSignal = () => caught;

/** Lets pending signals in, then throws when one came. */
export async function checkpoint(text: Msg): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  if (caught) throw new InterruptedError(caught, text);
}
