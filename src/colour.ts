// Whether a stream gets colour. kleur decides once, from stdout alone, and counts an empty
// NO_COLOR as set; we decide per stream: only a non-empty NO_COLOR turns colour off
// (no-color.org), and stderr follows whether stderr itself is a terminal.
import { isatty } from 'node:tty';
import kleur from 'kleur';

export function colourWanted(isTTY: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NODE_DISABLE_COLORS || env.NO_COLOR || env.TERM === 'dumb') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return isTTY;
}

/** Sets kleur for text about to be written to fd (1 stdout, 2 stderr). */
export function colourFor(fd: 1 | 2): void {
  kleur.enabled = colourWanted(isatty(fd));
}
