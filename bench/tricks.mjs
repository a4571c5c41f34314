#!/usr/bin/env node
// npm run bench:tricks: what each build trick saves, measured. The bundle is built once with every
// trick and once without each (PYME_BUILD_WITHOUT, read by scripts/build.js); every variant then
// generates the same project, interleaved run by run so load on the machine hits them alike.
// The TZ switch in src/context.ts is code, not a build step: it is measured beside the Intl
// call it replaces, each in a process of its own, with `node -e 0` as the floor.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cpuMs, measure, repeat, sh, stats } from './measure.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 21);
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
repeat('interleaved runs', RUNS, (i) => {
  for (const v of variants) once(v.name, (out) => [v.bin, out, '--yes', '--no-git', '--metrics', '--alert-phone', '5512345678'], i);
  for (const [name, args] of Object.entries(zones)) once(name, () => args, i);
});

const ms = (s) => `${(s * 1000).toFixed(1)} ms`;
const range = (st) => `${ms(st.median)} (${ms(st.p25)}–${ms(st.p75)})`;
const row = (cells) => `| ${cells.join(' | ')} |`;
const of = (name) => ({ wall: stats(runs[name].wall), cpu: stats(runs[name].cpu) });
const all = of('all tricks');
// A trick pays when turning it off costs more CPU than the spread (p75 - p25) of either build.
const verdict = (base, other) => {
  const saved = other.median - base.median;
  const spread = Math.max(base.p75 - base.p25, other.p75 - other.p25);
  return saved > spread ? `saves ${ms(saved)} CPU (${((saved / other.median) * 100).toFixed(1)} %)` : `within noise (${ms(spread)})`;
};

const lines = [
  `Build tricks, ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load ${loadavg()[0].toFixed(2)}; ${RUNS} interleaved runs each, medians (p25–p75).`,
  '',
  row(['generation (88 files)', 'CPU (task-clock)', 'wall', 'dist/ bytes', 'CPU vs all tricks', 'what the trick saves']),
  row(['---', '---', '---', '---', '---', '---']),
  row(['all tricks', range(all.cpu), range(all.wall), variants[0].size, '1.00', '']),
];
for (const v of variants.slice(1)) {
  const s = of(v.name);
  const trick = v.name.replace('without ', '');
  lines.push(row([`${v.name}: ${TRICKS[trick]}`, range(s.cpu), range(s.wall), v.size, (s.cpu.median / all.cpu.median).toFixed(2), verdict(all.cpu, s.cpu)]));
}
const floor = of('floor');
const tz = of('TZ switch');
const intl = of('Intl');
lines.push(
  '',
  row(['time zone offset, own process', 'CPU (task-clock)', 'CPU above `node -e 0`', 'wall']),
  row(['---', '---', '---', '---']),
  row(['`node -e 0`', range(floor.cpu), '', range(floor.wall)]),
  row(['TZ switch (src/context.ts)', range(tz.cpu), ms(tz.cpu.median - floor.cpu.median), range(tz.wall)]),
  row(['Intl.DateTimeFormat', range(intl.cpu), ms(intl.cpu.median - floor.cpu.median), range(intl.wall)]),
  '',
  `TZ switch against Intl: ${verdict(tz.cpu, intl.cpu)}.`,
);
process.stdout.write(`${lines.join('\n')}\n`);
rmSync(work, { recursive: true, force: true });
