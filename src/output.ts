// What the CLI prints, written straight to fd 1 and 2. Node writes to files, terminals and (on
// Linux) pipes synchronously anyway; going around process.stdout spares building the stream,
// which loads net and streams.
import { writeSync } from 'node:fs';

function writeAll(fd: number, text: string) {
  let rest = Buffer.from(text);
  while (rest.length > 0) {
    try {
      rest = rest.subarray(writeSync(fd, rest));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') return; // the reader left (`| head`): nothing more to say
      if (code !== 'EAGAIN') throw error; // a non-blocking pipe that is full: try again
    }
  }
}

export const out = (text: string) => writeAll(1, text);
export const err = (text: string) => writeAll(2, text);
/** Both ends a terminal: someone can answer prompts (who will need the streams anyway). */
export const interactiveTerminal = () => Boolean(process.stdin.isTTY && process.stdout.isTTY);
/** Prompts may be shown: not --yes, and someone at a terminal. */
export const isInteractive = (opts: { yes?: boolean }) => !opts.yes && interactiveTerminal();
