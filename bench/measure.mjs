// What the benches share: run a command, time it with its peak memory, summarise runs.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const TIME = '/usr/bin/time';
if (!existsSync(TIME)) throw new Error('GNU time is missing: apt-get install time');

export function sh(cmd, args, opts = {}) {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts });
}

/**
 * Wall seconds (from our clock: GNU time's %e has 10 ms steps) and peak RSS in kB (GNU time's %M)
 * of one command. GNU time wraps every command alike, so its own cost cancels in the ratios.
 */
export function measure(cmd, args, cwd, env = process.env) {
  const start = process.hrtime.bigint();
  const r = spawnSync(TIME, ['-f', '%M', cmd, ...args], { cwd, encoding: 'utf8', env: { ...env, NO_COLOR: '1' } });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}`);
  const rss = Number(r.stderr.trim().split('\n').at(-1));
  return { wall, rss };
}

export { stats } from './stats.mjs';

export function repeat(label, n, run) {
  run(-1); // warm-up
  const results = [];
  for (let i = 0; i < n; i++) results.push(run(i));
  process.stderr.write(`  ${label}: ${n} runs\n`);
  return results;
}

/**
 * CPU milliseconds one command spends (perf's task-clock, children included). Unlike wall time it
 * barely moves when other work shares the machine, so small savings stay visible under load.
 */
export function cpuMs(cmd, args, cwd) {
  const r = spawnSync('perf', ['stat', '-x,', '-e', 'task-clock', '--', cmd, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (r.error) throw new Error(`perf is missing: apt-get install linux-perf (${r.error.message})`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}`);
  const line = r.stderr
    .trim()
    .split('\n')
    .find((l) => l.includes(',task-clock,'));
  if (!line) throw new Error(`perf printed no task-clock:\n${r.stderr}`);
  return Number(line.split(',')[0]);
}

/**
 * Instructions one command executes, counted by valgrind's callgrind: the same for the same
 * binary and inputs whatever else the machine is doing (about 50× slower, so few runs).
 */
export function instructions(cmd, args, cwd) {
  const r = spawnSync('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', cmd, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (r.error) throw new Error(`valgrind is missing: apt-get install valgrind (${r.error.message})`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed under valgrind:\n${r.stderr}`);
  const m = r.stderr.match(/Collected : (\d+)/);
  if (!m) throw new Error(`callgrind printed no count:\n${r.stderr}`);
  return Number(m[1]);
}
