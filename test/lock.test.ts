// The folder lock (issue 23): a stale lock is taken over by exactly one of the runs that found
// it; a lock whose pid now belongs to another process is told apart by its start time; a live
// lock is refused, saying for how long it has been held.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCK_NAME, lockContent, parseLock, processStart, takeOver, withLock } from '../src/lock.js';
import { UserError } from '../src/errors.js';

const folder = () => mkdtempSync(join(tmpdir(), 'pyme-lock-'));
const deadPid = () => {
  // a pid that surely runs nothing: past the kernel's limit
  return Number(readFileSync('/proc/sys/kernel/pid_max', 'utf8')) + 1;
};
const sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
afterAll(() => {
  sleeper.kill();
});

describe('stale lock takeover', () => {
  it("two runs that saw the same dead lock: one takes it, the other does not remove the winner's lock", async () => {
    const dir = folder();
    const file = join(dir, LOCK_NAME);
    writeFileSync(file, `${deadPid()}\n`);
    const seenByB = readFileSync(file, 'utf8'); // B read the dead pid, then was slowed down
    await withLock(dir, async () => {
      // A took the lock over; now B acts on what it read.
      expect(takeOver(file, seenByB, lockContent(sleeper.pid))).toBe(false);
      expect(parseLock(readFileSync(file, 'utf8')).pid).toBe(process.pid);
    });
  });

  it('of the runs acting on one stale lock, exactly one wins', () => {
    const dir = folder();
    const file = join(dir, LOCK_NAME);
    const stale = `${JSON.stringify({ pid: deadPid(), since: new Date().toISOString() })}\n`;
    writeFileSync(file, stale);
    const wins = [1, 2, 3, 4].map((n) => takeOver(file, stale, `{"pid":${n}}\n`));
    expect(wins).toEqual([true, false, false, false]);
    expect(parseLock(readFileSync(file, 'utf8')).pid).toBe(1);
  });
});

describe('whose lock it is', () => {
  it('records the pid, the process start time from /proc and when it was taken', () => {
    const owner = parseLock(lockContent());
    expect(owner.pid).toBe(process.pid);
    expect(owner.start).toMatch(/^\d+$/);
    expect(owner.start).toBe(processStart(process.pid));
    expect(Date.now() - Date.parse(owner.since!)).toBeLessThan(10_000);
  });

  it('a live owner (same pid, same start time): refused, saying how long it has held the lock', async () => {
    const dir = folder();
    const lock = JSON.parse(lockContent(sleeper.pid!));
    lock.since = new Date(Date.now() - 12 * 60_000).toISOString();
    writeFileSync(join(dir, LOCK_NAME), JSON.stringify(lock));
    const error = await withLock(dir, async () => 'ran').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).text.en).toContain(
      `another create-pyme-stack (pid ${sleeper.pid}) is writing into this folder (it took the lock 12 min ago).`,
    );
    expect((error as UserError).text.es).toContain(`(pid ${sleeper.pid}) está escribiendo en esta carpeta (tomó el candado hace 12 min).`);
  });

  it('a reused pid (alive, but started at another time): the lock is stale and taken over', async () => {
    const dir = folder();
    writeFileSync(join(dir, LOCK_NAME), JSON.stringify({ pid: sleeper.pid, start: '1', since: '2020-01-01T00:00:00Z' }));
    expect(await withLock(dir, async () => parseLock(readFileSync(join(dir, LOCK_NAME), 'utf8')).pid)).toBe(process.pid);
  });

  it('a lock written by an older version (pid only) whose process is gone: taken over', async () => {
    const dir = folder();
    writeFileSync(join(dir, LOCK_NAME), `${deadPid()}\n`);
    expect(await withLock(dir, async () => 'ran')).toBe('ran');
  });
});
