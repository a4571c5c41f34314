// The --dry-run diffs are real unified diffs: `git apply` turns the old file into the new one.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../src/upgrade/diff.js';
import { requireTool } from './support/tools.js';

const text = fc
  .array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'x y', ''), { maxLength: 25 })
  .chain((lines) => fc.boolean().map((finalNewline) => (lines.length ? lines.join('\n') + (finalNewline ? '\n' : '') : '')));

describe('unifiedDiff', () => {
  it('applies with git apply, for any two texts', () => {
    requireTool('git');
    const dir = mkdtempSync(join(tmpdir(), 'pyme-diff-'));
    fc.assert(
      fc.property(text, text, (before, after) => {
        const diff = unifiedDiff('f.txt', before, after);
        if (before === after) {
          expect(diff).toBe('');
          return;
        }
        writeFileSync(join(dir, 'f.txt'), before);
        writeFileSync(join(dir, 'p.diff'), diff);
        execFileSync('git', ['apply', 'p.diff'], { cwd: dir, stdio: 'pipe' });
        expect(readFileSync(join(dir, 'f.txt'), 'utf8')).toBe(after);
      }),
      { numRuns: 150 },
    );
  });

  it('shows a new file against /dev/null', () => {
    expect(unifiedDiff('n.txt', null, 'one\ntwo\n')).toBe('--- /dev/null\n+++ b/n.txt\n@@ -0,0 +1,2 @@\n+one\n+two\n');
  });
});
