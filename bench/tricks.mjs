#!/usr/bin/env node
// npm run bench:tricks: what each build trick saves, measured. The bundle is built once with every
// trick and once without each (PYME_BUILD_WITHOUT, read by scripts/build.js); every variant then
// generates the same project, interleaved run by run so load on the machine hits them alike.
// The TZ switch in src/context.ts is code, not a build step: it is measured beside the Intl
// call it replaces, each in a process of its own, with `node -e 0` as the floor.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cpuMs, instructions, measure, repeat, sh, stats } from './measure.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 21);
const INSTRUCTION_RUNS = Number(process.env.BENCH_INSTRUCTION_RUNS ?? 3);
const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'pyme-tricks-'));

const TRICKS = {
  kleur: 'kleur reads fstat(1), not process.stdout',
  builtins: 'built-ins loaded with require()',
  hoist: 'long template literals hoisted into one array',
};

/** One installed-like copy of the generator: bin/, package.json and a dist/ built without `without`. */
function variant(name, without) {
  const dir = join(work, name);
  cpSync(join(root, 'bin'), join(dir, 'bin'), { recursive: true });
  cpSync(join(root, 'package.json'), join(dir, 'package.json'));
  sh(process.execPath, [join(root, 'scripts/build.js')], { env: { ...process.env, PYME_BUILD_WITHOUT: without, PYME_BUILD_OUT: join(dir, 'dist') } });
  return { name, bin: join(dir, 'bin/create-pyme-stack.js'), size: Number(sh('du', ['-sb', join(dir, 'dist')]).split('\t')[0]) };
}

const variants = [variant('all tricks', ''), ...Object.keys(TRICKS).map((t) => variant(`without ${t}`, t))];

// The TZ switch against Intl, as code the generator runs: offsets of one zone in January and July.
const zoneScript = (how) => {
  const file = join(work, `zone-${how}.mjs`);
  const body =
    how === 'tz'
      ? "process.env.TZ = 'America/Mexico_City'; const o = [0, 6].map((m) => new Date(Date.UTC(2026, m, 1)).getTimezoneOffset()); delete process.env.TZ;"
      : "const f = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Mexico_City', timeZoneName: 'longOffset' }); const o = [0, 6].map((m) => f.formatToParts(new Date(Date.UTC(2026, m, 1))).find((p) => p.type === 'timeZoneName').value);";
  writeFileSync(file, `${body}\nif (o.length !== 2) process.exit(1);\n`);
  return file;
};
const zones = { floor: ['-e', '0'], 'TZ switch': [zoneScript('tz')], Intl: [zoneScript('intl')] };

// Wall time (GNU time around the process) and CPU time (perf's task-clock) of each run.
const names = [...variants.map((v) => v.name), ...Object.keys(zones)];
const runs = Object.fromEntries(names.map((k) => [k, { wall: [], cpu: [] }]));
const once = (name, args, i) => {
  // Each measurement generates into a folder of its own, removed before the next.
  const out = join(work, 'out');
  const { wall } = measure(process.execPath, args(out), work);
  rmSync(out, { recursive: true, force: true });
  const cpu = cpuMs(process.execPath, args(out), work) / 1000;
  rmSync(out, { recursive: true, force: true });
  if (i >= 0) {
    runs[name].wall.push(wall);
    runs[name].cpu.push(cpu);
  }
};
const generation = (v) => (out) => [v.bin, out, '--yes', '--no-git', '--metrics', '--alert-phone', '5512345678'];
repeat('interleaved runs', RUNS, (i) => {
  for (const v of variants) once(v.name, generation(v), i);
  for (const [name, args] of Object.entries(zones)) once(name, () => args, i);
});
// Instruction counts do not move with the machine's load: the verdicts below rest on them.
const counted = Object.fromEntries(names.map((k) => [k, []]));
for (let i = 0; i < INSTRUCTION_RUNS; i++) {
  const out = join(work, 'out');
  for (const v of variants) {
    counted[v.name].push(instructions(process.execPath, generation(v)(out), work));
    rmSync(out, { recursive: true, force: true });
  }
  for (const [name, args] of Object.entries(zones)) counted[name].push(instructions(process.execPath, args, work));
}
process.stderr.write(`  instruction counts: ${INSTRUCTION_RUNS} runs\n`);

const ms = (s) => `${(s * 1000).toFixed(1)} ms`;
const range = (st) => `${ms(st.median)} (${ms(st.p25)}–${ms(st.p75)})`;
const row = (cells) => `| ${cells.join(' | ')} |`;
const of = (name) => ({ wall: stats(runs[name].wall), cpu: stats(runs[name].cpu), ins: stats(counted[name]) });
const all = of('all tricks');
const mi = (n) => `${(n / 1e6).toFixed(1)} M`;
const miRange = (st) => `${mi(st.median)} (${mi(st.min)}–${mi(st.max)})`;
// A trick pays when turning it off costs more instructions than the spread of either build's
// counts and more than 1 % of the run (below that no founder could tell).
const verdict = (base, other) => {
  const saved = other.median - base.median;
  const spread = Math.max(base.max - base.min, other.max - other.min);
  const share = (saved / other.median) * 100;
  return saved > spread && share >= 1 ? `saves ${mi(saved)} instructions (${share.toFixed(1)} %)` : `no measurable saving (${mi(saved)}, ${share.toFixed(1)} %)`;
};

const lines = [
  `Build tricks, ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load ${loadavg()[0].toFixed(2)}; ${RUNS} interleaved runs each, medians (p25–p75; instructions: min–max of ${INSTRUCTION_RUNS} runs under callgrind).`,
  '',
  row(['generation (88 files)', 'instructions', 'CPU (task-clock)', 'wall', 'dist/ bytes', 'what the trick saves']),
  row(['---', '---', '---', '---', '---', '---']),
  row(['all tricks', miRange(all.ins), range(all.cpu), range(all.wall), variants[0].size, '']),
];
for (const v of variants.slice(1)) {
  const s = of(v.name);
  const trick = v.name.replace('without ', '');
  lines.push(row([`${v.name}: ${TRICKS[trick]}`, miRange(s.ins), range(s.cpu), range(s.wall), v.size, verdict(all.ins, s.ins)]));
}
const floor = of('floor');
const tz = of('TZ switch');
const intl = of('Intl');
lines.push(
  '',
  row(['time zone offset, own process', 'instructions', 'above `node -e 0`', 'CPU (task-clock)', 'wall']),
  row(['---', '---', '---', '---', '---']),
  row(['`node -e 0`', miRange(floor.ins), '', range(floor.cpu), range(floor.wall)]),
  row(['TZ switch (src/context.ts)', miRange(tz.ins), mi(tz.ins.median - floor.ins.median), range(tz.cpu), range(tz.wall)]),
  row(['Intl.DateTimeFormat', miRange(intl.ins), mi(intl.ins.median - floor.ins.median), range(intl.cpu), range(intl.wall)]),
  '',
  `TZ switch against Intl, in a generation of ${mi(all.ins.median)} instructions: ${verdict(
    { ...tz.ins, median: all.ins.median },
    { ...intl.ins, median: all.ins.median + intl.ins.median - tz.ins.median },
  )}.`,
);
process.stdout.write(`${lines.join('\n')}\n`);
rmSync(work, { recursive: true, force: true });
