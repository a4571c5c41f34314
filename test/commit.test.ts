// The one writer: all-or-nothing on disk.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitInto, commitNew, diffWithDisk } from '../src/commit.js';
import type { FileMap } from '../src/file-map.js';

const files = (entries: [string, string, number?][]): FileMap =>
  new Map(entries.map(([p, c, mode]) => [p, { content: Buffer.from(c), mode: mode ?? 0o644 }]));

const tree = (dir: string): Record<string, string> => {
  const out: Record<string, string> = {};
  const walk = (d: string, prefix: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const rel = prefix + e.name;
      if (e.isDirectory()) walk(join(d, e.name), `${rel}/`);
      else out[rel] = readFileSync(join(d, e.name), 'utf8');
    }
  };
  walk(dir, '');
  return out;
};

describe('commitNew', () => {
  it('writes a new folder with modes, through a temporary sibling', () => {
    const parent = mkdtempSync(join(tmpdir(), 'commit-'));
    const target = join(parent, 'a', 'b', 'app');
    commitNew(target, files([['x/run.sh', '#!/bin/sh\n', 0o755], ['README.md', 'hi']]));
    expect(tree(target)).toEqual({ 'x/run.sh': '#!/bin/sh\n', 'README.md': 'hi' });
    expect(statSync(join(target, 'x/run.sh')).mode & 0o777).toBe(0o755);
    expect(readdirSync(join(parent, 'a', 'b'))).toEqual(['app']);
  });

  it.each(['022', '077', '002', '000'])('gives every file its exact mode under umask %s', (octal) => {
    const umask = parseInt(octal, 8);
    const parent = mkdtempSync(join(tmpdir(), 'commit-'));
    const target = join(parent, 'app');
    const before = process.umask(umask);
    try {
      commitNew(target, files([['run.sh', '#!/bin/sh\n', 0o755], ['doc/README.md', 'hi'], ['doc/deep/x.sh', '', 0o755]]));
    } finally {
      process.umask(before);
    }
    expect(statSync(join(target, 'run.sh')).mode & 0o777).toBe(0o755);
    expect(statSync(join(target, 'doc/README.md')).mode & 0o777).toBe(0o644);
    expect(statSync(join(target, 'doc/deep/x.sh')).mode & 0o777).toBe(0o755);
    // folders keep the founder's umask, as any folder they make
    expect(statSync(join(target, 'doc')).mode & 0o777).toBe(0o777 & ~umask);
  });

  it('on failure leaves nothing behind, not even the parents it created', () => {
    const parent = mkdtempSync(join(tmpdir(), 'commit-'));
    const target = join(parent, 'new', 'app');
    // a file and a folder at one path cannot both be written
    expect(() => commitNew(target, files([['a', 'file'], ['a/b', 'under a file']]))).toThrow();
    expect(readdirSync(parent)).toEqual([]);
  });
});

describe('commitInto', () => {
  it('writes, replaces and removes files', () => {
    const target = mkdtempSync(join(tmpdir(), 'commit-'));
    writeFileSync(join(target, 'keep.txt'), 'mine');
    writeFileSync(join(target, 'old.txt'), 'old');
    writeFileSync(join(target, 'gone.txt'), 'bye');
    commitInto(target, files([['old.txt', 'new'], ['dir/added.txt', 'added']]), ['gone.txt']);
    expect(tree(target)).toEqual({ 'keep.txt': 'mine', 'old.txt': 'new', 'dir/added.txt': 'added' });
  });

  it('restores every file when a later one fails', () => {
    const target = mkdtempSync(join(tmpdir(), 'commit-'));
    writeFileSync(join(target, 'a.txt'), 'old a');
    mkdirSync(join(target, 'z.txt')); // a folder where a file must go: its rename fails last
    const before = tree(target);
    expect(() => commitInto(target, files([['a.txt', 'new a'], ['m/new.txt', 'new'], ['z.txt', 'cannot']]))).toThrow();
    expect(tree(target)).toEqual(before);
    expect(existsSync(join(target, 'm'))).toBe(false);
    expect(readdirSync(target).sort()).toEqual(['a.txt', 'z.txt']);
  });

  it('diffWithDisk tells added, changed and unchanged apart', () => {
    const target = mkdtempSync(join(tmpdir(), 'commit-'));
    writeFileSync(join(target, 'same.txt'), 'same', { mode: 0o644 });
    writeFileSync(join(target, 'edit.txt'), 'edited');
    expect(diffWithDisk(target, files([['same.txt', 'same'], ['edit.txt', 'template'], ['new.txt', 'n']]))).toEqual({
      added: ['new.txt'],
      changed: ['edit.txt'],
      unchanged: ['same.txt'],
    });
  });
});
