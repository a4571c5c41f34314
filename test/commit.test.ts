// The one writer: all-or-nothing on disk.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitInto, commitNew, diffWithDisk } from '../src/commit.js';
import type { FileMap } from '../src/file-map.js';
import { UserError } from '../src/errors.js';
import { LOCK_NAME, parseLock, withLock } from '../src/lock.js';

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
  it('writes a new folder with modes, through a temporary sibling', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'commit-'));
    const target = join(parent, 'a', 'b', 'app');
    await commitNew(
      target,
      files([
        ['x/run.sh', '#!/bin/sh\n', 0o755],
        ['README.md', 'hi'],
      ]),
    );
    expect(tree(target)).toEqual({ 'x/run.sh': '#!/bin/sh\n', 'README.md': 'hi' });
    expect(statSync(join(target, 'x/run.sh')).mode & 0o777).toBe(0o755);
    expect(readdirSync(join(parent, 'a', 'b'))).toEqual(['app']);
  });

  it.each(['022', '077', '002', '000'])('gives every file its exact mode under umask %s', async (octal) => {
    const umask = parseInt(octal, 8);
    const parent = mkdtempSync(join(tmpdir(), 'commit-'));
    const target = join(parent, 'app');
    const before = process.umask(umask);
    try {
      await commitNew(
        target,
        files([
          ['run.sh', '#!/bin/sh\n', 0o755],
          ['doc/README.md', 'hi'],
          ['doc/deep/x.sh', '', 0o755],
        ]),
      );
    } finally {
      process.umask(before);
    }
    expect(statSync(join(target, 'run.sh')).mode & 0o777).toBe(0o755);
    expect(statSync(join(target, 'doc/README.md')).mode & 0o777).toBe(0o644);
    expect(statSync(join(target, 'doc/deep/x.sh')).mode & 0o777).toBe(0o755);
    // folders keep the founder's umask, as any folder they make
    expect(statSync(join(target, 'doc')).mode & 0o777).toBe(0o777 & ~umask);
  });

  it('on failure leaves nothing behind, not even the parents it created', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'commit-'));
    const target = join(parent, 'new', 'app');
    // a file and a folder at one path cannot both be written
    await expect(
      commitNew(
        target,
        files([
          ['a', 'file'],
          ['a/b', 'under a file'],
        ]),
      ),
    ).rejects.toThrow();
    expect(readdirSync(parent)).toEqual([]);
  });
});

describe('commitInto', () => {
  it('writes, replaces and removes files', async () => {
    const target = mkdtempSync(join(tmpdir(), 'commit-'));
    writeFileSync(join(target, 'keep.txt'), 'mine');
    writeFileSync(join(target, 'old.txt'), 'old');
    writeFileSync(join(target, 'gone.txt'), 'bye');
    await commitInto(
      target,
      files([
        ['old.txt', 'new'],
        ['dir/added.txt', 'added'],
      ]),
      ['gone.txt'],
    );
    expect(tree(target)).toEqual({ 'keep.txt': 'mine', 'old.txt': 'new', 'dir/added.txt': 'added' });
  });

  it('restores every file when a later one fails', async () => {
    const target = mkdtempSync(join(tmpdir(), 'commit-'));
    writeFileSync(join(target, 'a.txt'), 'old a');
    mkdirSync(join(target, 'z.txt')); // a folder where a file must go: its rename fails last
    const before = tree(target);
    await expect(
      commitInto(
        target,
        files([
          ['a.txt', 'new a'],
          ['m/new.txt', 'new'],
          ['z.txt', 'cannot'],
        ]),
      ),
    ).rejects.toThrow();
    expect(tree(target)).toEqual(before);
    expect(existsSync(join(target, 'm'))).toBe(false);
    expect(readdirSync(target).sort()).toEqual(['a.txt', 'z.txt']);
  });

  it('a symlink it renamed over comes back as the same symlink when a later file fails', async () => {
    const target = mkdtempSync(join(tmpdir(), 'commit-'));
    const outside = join(mkdtempSync(join(tmpdir(), 'commit-outside-')), 'real.txt');
    writeFileSync(outside, 'outside');
    symlinkSync(outside, join(target, 'link.txt'));
    symlinkSync('/nonexistent/dangling', join(target, 'dangling.txt'));
    mkdirSync(join(target, 'z.txt')); // its rename fails, last
    await expect(
      commitInto(
        target,
        files([
          ['link.txt', 'new'],
          ['dangling.txt', 'new'],
          ['z.txt', 'x'],
        ]),
      ),
    ).rejects.toThrow();
    expect(readlinkSync(join(target, 'link.txt'))).toBe(outside);
    expect(readlinkSync(join(target, 'dangling.txt'))).toBe('/nonexistent/dangling');
    expect(readFileSync(outside, 'utf8')).toBe('outside'); // never written through
  });

  it('diffWithDisk tells added, changed and unchanged apart', () => {
    const target = mkdtempSync(join(tmpdir(), 'commit-'));
    writeFileSync(join(target, 'same.txt'), 'same', { mode: 0o644 });
    writeFileSync(join(target, 'edit.txt'), 'edited');
    expect(
      diffWithDisk(
        target,
        files([
          ['same.txt', 'same'],
          ['edit.txt', 'template'],
          ['new.txt', 'n'],
        ]),
      ),
    ).toEqual({
      added: ['new.txt'],
      changed: ['edit.txt'],
      unchanged: ['same.txt'],
    });
  });
});

/** The pid of a process that has exited (a killed run's). */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

describe('two runs, one target', () => {
  it('racing into the same new folder: exactly one wins, whole; the other fails and touches nothing of it', async () => {
    for (let trial = 0; trial < 20; trial++) {
      const parent = mkdtempSync(join(tmpdir(), 'commit-race-'));
      const target = join(parent, 'new', 'deep', 'app');
      const a = files(Array.from({ length: 30 }, (_, i) => [`a/${i}.txt`, `A${i}`] as [string, string]));
      const b = files(Array.from({ length: 30 }, (_, i) => [`b/${i}.txt`, `B${i}`] as [string, string]));
      const results = await Promise.allSettled([commitNew(target, a), commitNew(target, b)]);
      const won = results.filter((r) => r.status === 'fulfilled');
      expect(won).toHaveLength(1);
      const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(lost.reason).toBeInstanceOf(UserError);
      expect((lost.reason as UserError).text.en).toMatch(/another run wrote into this folder/);
      const onDisk = Object.keys(tree(target)).sort();
      expect([[...a.keys()].sort(), [...b.keys()].sort()]).toContainEqual(onDisk);
      expect(readdirSync(join(parent, 'new', 'deep'))).toEqual(['app']); // no staging left
    }
  });

  it('a failed run never removes a parent folder it created once another run put its project there', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'commit-'));
    const results = await Promise.allSettled([
      commitNew(
        join(parent, 'shared', 'broken'),
        files([
          ['a', 'file'],
          ['a/b', 'under a file'],
        ]),
      ),
      commitNew(join(parent, 'shared', 'good'), files([['README.md', 'mine']])),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    expect(tree(join(parent, 'shared'))).toEqual({ 'good/README.md': 'mine' });
  });

  it('onto an existing empty folder it claims it; onto one another run filled, it fails', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'commit-'));
    mkdirSync(join(parent, 'empty'));
    await commitNew(join(parent, 'empty'), files([['x', '1']]));
    expect(tree(join(parent, 'empty'))).toEqual({ x: '1' });
    await expect(commitNew(join(parent, 'empty'), files([['y', '2']]))).rejects.toThrow(/another run/);
    expect(tree(join(parent, 'empty'))).toEqual({ x: '1' });
  });

  it('the folder lock: a live owner is refused at once with its pid; a dead one is taken over', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'commit-lock-'));
    writeFileSync(join(dir, LOCK_NAME), `${process.ppid}\n`);
    await expect(withLock(dir, async () => 'ran')).rejects.toThrow(new RegExp(`another create-pyme-stack \\(pid ${process.ppid}\\)`));
    writeFileSync(join(dir, LOCK_NAME), `${deadPid()}\n`);
    expect(await withLock(dir, async () => parseLock(readFileSync(join(dir, LOCK_NAME), 'utf8')).pid)).toBe(process.pid);
    expect(existsSync(join(dir, LOCK_NAME))).toBe(false);
  });
});

describe('paths stay inside the target', () => {
  it.each(['../victim.txt', '/tmp/victim.txt', 'a/../../victim.txt', './x', 'a//b', ''])('refuses %j, writing nothing', async (path) => {
    const parent = mkdtempSync(join(tmpdir(), 'commit-'));
    const target = join(parent, 'app');
    mkdirSync(target);
    writeFileSync(join(parent, 'victim.txt'), 'safe');
    await expect(
      commitInto(
        target,
        files([
          ['ok.txt', 'x'],
          [path, 'pwned'],
        ]),
      ),
    ).rejects.toThrow(/leaves the project folder/);
    await expect(commitInto(target, new Map(), [path])).rejects.toThrow(/leaves the project folder/);
    await expect(commitNew(join(parent, 'new'), files([[path, 'pwned']]))).rejects.toThrow(/leaves the project folder/);
    expect(readFileSync(join(parent, 'victim.txt'), 'utf8')).toBe('safe');
    expect(readdirSync(target)).toEqual([]);
    expect(existsSync(join(parent, 'new'))).toBe(false);
  });

  it('never writes or deletes through a symlinked folder', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'commit-outside-'));
    writeFileSync(join(outside, 'victim.txt'), 'safe');
    const target = mkdtempSync(join(tmpdir(), 'commit-'));
    symlinkSync(outside, join(target, 'docs'));
    await expect(commitInto(target, files([['docs/new.txt', 'x']]))).rejects.toThrow(/"docs" is a symbolic link/);
    await expect(commitInto(target, new Map(), ['docs/victim.txt'])).rejects.toThrow(/symbolic link/);
    expect(readdirSync(outside)).toEqual(['victim.txt']);
  });
});

describe('names and leftovers', () => {
  it('a 255-byte folder name and a 255-byte file name work (staging names are short)', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'commit-'));
    const long = 'a'.repeat(255);
    await commitNew(
      join(parent, long),
      files([
        [long, 'x'],
        [`d/${long}`, 'y'],
      ]),
    );
    expect(tree(join(parent, long))).toEqual({ [long]: 'x', [`d/${long}`]: 'y' });
    await commitInto(join(parent, long), files([[`${'b'.repeat(255)}`, 'z']]));
    expect(readdirSync(join(parent, long)).sort()).toEqual([long, 'b'.repeat(255), 'd'].sort());
  });

  it('removes the staging folders killed runs left, and only those', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'commit-'));
    const dead = `.pyme-stack-tmp-${deadPid()}-0`;
    const legacy = `.app.pyme-stack-tmp-${deadPid()}`;
    const live = `.pyme-stack-tmp-${process.ppid}-0`;
    for (const name of [dead, legacy, live]) mkdirSync(join(parent, name, 'half'), { recursive: true });
    await commitNew(join(parent, 'app'), files([['x', '1']]));
    expect(readdirSync(parent).sort()).toEqual([live, 'app'].sort());
    mkdirSync(join(parent, 'app', dead));
    await commitInto(join(parent, 'app'), files([['y', '2']]));
    expect(readdirSync(join(parent, 'app')).sort()).toEqual(['x', 'y']);
  });
});
