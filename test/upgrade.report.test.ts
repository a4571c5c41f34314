// What upgrade prints about a path must not let the path write its own lines: a committed
// manifest can name `x\n  removed  README.md` or carry terminal escape codes (issue 23).
import { describe, expect, it } from 'vitest';
import { conflictHelp, conflictLabels, planLine } from '../src/upgrade/report.js';
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

describe('issue 27: messages', () => {
  it('a deleted file line has no nested parentheses', () => {
    for (const lang of ['es', 'en'] as const) {
      const line = planLine({ path: 'CONTRIBUTING.md', status: 'deleted', remove: [] }, lang);
      expect(line).not.toMatch(/\([^)]*\(/);
    }
  });

  it('with --set, the template side of a conflict is labelled with the answers changed', () => {
    const labels = conflictLabels({
      name: 'create-pyme-stack',
      from: '0.1.0',
      to: '0.1.0',
      recorded: { metrics: false, lang: 'es', appName: 'x' },
      answers: { metrics: true, lang: 'es', appName: 'x' },
    });
    expect(labels).toEqual({ ours: 'yours', base: 'create-pyme-stack@0.1.0', theirs: 'create-pyme-stack@0.1.0 (metrics=true)' });
    expect(conflictLabels({ name: 'n', from: '1.0.0', to: '1.1.0', recorded: { a: 1 }, answers: { a: 1 } }).theirs).toBe('n@1.1.0');
  });
});

describe('CHECKLIST ticks that could not be carried over (issue 27)', () => {
  it('the plan line names them, in the project language, on one line', () => {
    const entry = { path: 'CHECKLIST.md', status: 'merged' as const, remove: [], lostTicks: ['- [x] old step', '- [x] b\nfake'] };
    const es = planLine(entry, 'es');
    expect(es).toContain('2 casillas marcadas ya no tienen su paso');
    expect(es).toContain('«- [x] old step»');
    expect(es.split('\n')).toHaveLength(1);
    expect(planLine({ ...entry, lostTicks: ['- [x] old step'] }, 'en')).toContain('a ticked box no longer has its step');
    expect(planLine({ path: 'CHECKLIST.md', status: 'merged', remove: [] }, 'en')).not.toContain('tick');
  });
});
