// Issue 27: the dry run is a plan a founder reads in one screen, not a wall of diffs.
import { describe, expect, it } from 'vitest';
import { changeDiffs, isLockfile, lineCounts, nextSteps } from '../src/upgrade/changes.js';
import { planLine } from '../src/upgrade/report.js';
import type { PlanEntry } from '../src/upgrade/plan-entry.js';

const lines = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag} ${i}\n`).join('');
const entry = (path: string, content: string, status: PlanEntry['status'] = 'updated'): PlanEntry => ({
  path,
  status,
  write: { content: Buffer.from(content), mode: 0o644 },
  remove: [],
});

describe('upgrade plan output', () => {
  it('counts added and removed lines between two texts', () => {
    expect(lineCounts('a\nb\nc\n', 'a\nB\nc\nd\n')).toEqual({ added: 2, removed: 1 });
    expect(lineCounts(null, 'a\nb\n')).toEqual({ added: 2, removed: 0 });
    expect(lineCounts('a\n', null)).toEqual({ added: 0, removed: 1 });
  });

  it('a plan line shows its line counts', () => {
    expect(planLine({ path: 'x.ts', status: 'updated', remove: [] }, 'en', { added: 412, removed: 3 })).toMatch(/x\.ts.*\+412 −3/);
  });

  it('knows lockfiles by name, in any folder', () => {
    for (const p of ['package-lock.json', 'frontend/package-lock.json', 'backend/bun.lock', 'bun.lockb', 'a/yarn.lock', 'pnpm-lock.yaml'])
      expect(isLockfile(p)).toBe(true);
    for (const p of ['package.json', 'lock.ts', 'docs/package-lock.json.md']) expect(isLockfile(p)).toBe(false);
  });

  it('--diff shows unified diffs, with a lockfile summarised to one line', () => {
    const disk = new Map([
      ['frontend/package-lock.json', lines(5, 'old')],
      ['README.md', 'a\nb\n'],
    ]);
    const plan = [entry('frontend/package-lock.json', `${lines(2, 'old')}${lines(412, 'new')}`), entry('README.md', 'a\nB\n')];
    const out = changeDiffs(
      plan,
      (p) => {
        const text = disk.get(p);
        return text === undefined ? null : { content: Buffer.from(text), mode: 0o644 };
      },
      'en',
    );
    expect(out).toContain('--- a/README.md\n+++ b/README.md\n');
    expect(out).not.toContain('new 1\n');
    expect(out).toContain('frontend/package-lock.json: +412 −3 lines');
    expect(out.split('\n').length).toBeLessThan(20);
  });

  it('ends with what to do next, in both languages', () => {
    expect(nextSteps({ dryRun: true, diff: false, conflicts: 0 }, 'en')).toMatch(/upgrade --dry-run --diff.*\n.*upgrade`/s);
    expect(nextSteps({ dryRun: true, diff: true, conflicts: 0 }, 'en')).not.toContain('--diff');
    expect(nextSteps({ dryRun: true, diff: false, conflicts: 2 }, 'es')).toMatch(/conflictos/);
  });
});
