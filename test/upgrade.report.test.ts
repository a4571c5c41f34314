// What upgrade prints about a path must not let the path write its own lines: a committed
// manifest can name `x\n  removed  README.md` or carry terminal escape codes (issue 23).
import { describe, expect, it } from 'vitest';
import { conflictHelp, planLine } from '../src/upgrade/report.js';
import { printable } from '../src/printable.js';

describe('paths with control characters, as printed', () => {
  const hostile = 'a\n  removed  README.md\x1b[2J\rb\u202etxt.exe\x7f';
  it('printable() escapes C0, DEL, C1 and bidi controls, and leaves other text alone', () => {
    expect(printable(hostile)).toBe('a\\n  removed  README.md\\x1b[2J\\rb\\u202etxt.exe\\x7f');
    expect(printable('backend/src/índice-ñ.ts')).toBe('backend/src/índice-ñ.ts');
  });

  it('a plan line and the conflict list show the escaped path on one line', () => {
    const line = planLine({ path: hostile, status: 'kept', remove: [] }, 'en');
    expect(line.split('\n')).toHaveLength(1);
    expect(printable(line)).toBe(line); // no control character left to escape
    expect(line).toContain(printable(hostile));
    const help = conflictHelp([hostile], 'en');
    expect(help).toContain(`✖ ${printable(hostile)}\n`);
    expect(printable(help.replaceAll('\n', ''))).toBe(help.replaceAll('\n', ''));
  });
});
