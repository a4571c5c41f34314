#!/usr/bin/env node
// npm run bench:tricks: what the speed tricks we keep save, measured. Only one is left: the TZ
// switch in src/context.ts, which reads a zone's UTC offset from Date after setting process.env.TZ
// instead of starting Intl. Each way runs in a process of its own beside `node -e 0`, counted in
// instructions under callgrind (load does not move them), with CPU and wall time beside.
// The build tricks this script measured before (commit 54a5150) saved less than their spread and
// were dropped; docs/benchmarks.md keeps that table.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuMs, instructions, measure, repeat, stats } from './measure.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 21);
const INSTRUCTION_RUNS = Number(process.env.BENCH_INSTRUCTION_RUNS ?? 5);
const work = mkdtempSync(join(tmpdir(), 'pyme-tricks-'));

// Both compute the offsets of one zone in January and July, as utcCronSchedule() needs them.
const script = (name, body) => {
  const file = join(work, `${name}.mjs`);
  writeFileSync(file, `${body}\nif (o.length !== 2) process.exit(1);\n`);
  return [file];
};
const ways = {
  'node -e 0': ['-e', '0'],
  'TZ switch (src/context.ts)': script(
    'tz',
    "process.env.TZ = 'America/Mexico_City'; const o = [0, 6].map((m) => new Date(Date.UTC(2026, m, 1)).getTimezoneOffset()); delete process.env.TZ;",
  ),
  'Intl.DateTimeFormat': script(
    'intl',
    "const f = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Mexico_City', timeZoneName: 'longOffset' }); const o = [0, 6].map((m) => f.formatToParts(new Date(Date.UTC(2026, m, 1))).find((p) => p.type === 'timeZoneName').value);",
  ),
};

const runs = Object.fromEntries(Object.keys(ways).map((k) => [k, { wall: [], cpu: [], ins: [] }]));
repeat('interleaved runs', RUNS, (i) => {
  for (const [name, args] of Object.entries(ways)) {
    const { wall } = measure(process.execPath, args, work);
    const cpu = cpuMs(process.execPath, args, work) / 1000;
    if (i >= 0) {
      runs[name].wall.push(wall);
      runs[name].cpu.push(cpu);
    }
  }
});
for (let i = 0; i < INSTRUCTION_RUNS; i++)
  for (const [name, args] of Object.entries(ways)) runs[name].ins.push(instructions(process.execPath, args, work));

const ms = (s) => `${(s * 1000).toFixed(1)} ms`;
const mi = (n) => `${(n / 1e6).toFixed(1)} M`;
const row = (cells) => `| ${cells.join(' | ')} |`;
const of = (name) => ({ wall: stats(runs[name].wall), cpu: stats(runs[name].cpu), ins: stats(runs[name].ins) });
const floor = of('node -e 0');
const lines = [
  `TZ switch, ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load ${loadavg()[0].toFixed(2)}; medians of ${RUNS} interleaved runs (CPU, wall) and of ${INSTRUCTION_RUNS} under callgrind (instructions, min–max).`,
  '',
  row(['time zone offset, own process', 'instructions', 'above `node -e 0`', 'CPU (task-clock)', 'wall']),
  row(['---', '---', '---', '---', '---']),
];
for (const name of Object.keys(ways)) {
  const s = of(name);
  const above = name === 'node -e 0' ? '' : mi(s.ins.median - floor.ins.median);
  lines.push(row([name, `${mi(s.ins.median)} (${mi(s.ins.min)}–${mi(s.ins.max)})`, above, ms(s.cpu.median), ms(s.wall.median)]));
}
const saved = of('Intl.DateTimeFormat').ins.median - of('TZ switch (src/context.ts)').ins.median;
lines.push('', `The TZ switch saves ${mi(saved)} instructions against Intl.`);
process.stdout.write(`${lines.join('\n')}\n`);
rmSync(work, { recursive: true, force: true });
