// prompts draws with escape codes (cursor moves, line erases, colour) whatever the terminal; a
// TERM=dumb terminal (Emacs shell, some CI consoles) prints them as garbage. For those, the
// prompt writes through this stream: codes removed, and each redraw on a line of its own.
import { Writable } from 'node:stream';

// CSI (ESC [ ... final byte), OSC (ESC ] ... BEL or ESC \), and two-byte ESC sequences (ESC 7, ESC 8...).
// biome-ignore lint/suspicious/noControlCharactersInRegex: escape codes are what it removes
const ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_78=>]/g;

export const stripEscapes = (text: string) => text.replace(ESCAPES, '');

/** A stream for prompts' output on a dumb terminal, writing to `write` (fd 1 by default). */
export function plainTerminal(write: (text: string) => void, columns = 80): Writable & { columns: number; isTTY: boolean } {
  let atLineStart = true;
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      const raw = chunk.toString();
      let text = stripEscapes(raw);
      // A chunk that began by moving the cursor or erasing is a redraw: start it on a new line.
      if (raw !== text && raw.startsWith('\u001b') && !atLineStart && text !== '') text = `\n${text}`;
      if (text !== '') {
        write(text);
        atLineStart = text.endsWith('\n');
      }
      done();
    },
  });
  return Object.assign(stream, { columns, isTTY: true });
}
