#!/usr/bin/env node
// npm run bench: create-pyme-stack side by side with create-vite, in one run.
// (a) packed size, unpacked size, packages an install brings; (b) install time of the packed
// tarball (warm cache); (c) non-interactive generation: wall time and peak memory;
// plus bare `node -e 0` as the floor. Medians and spread over RUNS runs after a warm-up.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { measure, repeat, sh, stats } from './measure.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const INSTALL_RUNS = Number(process.env.BENCH_INSTALL_RUNS ?? 10);
const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'pyme-bench-'));
/** npm pack a folder or a registry spec; returns the tarball path, packed and unpacked size. */
function pack(what) {
  const [info] = JSON.parse(sh('npm', ['pack', what, '--json', '--pack-destination', work], { cwd: work }));
  return { tarball: join(work, info.filename), packed: info.size, unpacked: info.unpackedSize, files: info.entryCount };
}

function installedPackages(prefix) {
  const lock = JSON.parse(readFileSync(join(prefix, 'package-lock.json'), 'utf8'));
  return Object.keys(lock.packages).filter((p) => p !== '').length;
}

sh('npm', ['run', 'build'], { cwd: root });
const ours = { name: 'create-pyme-stack', dir: root };
const vite = { name: 'create-vite', dir: join(root, 'node_modules', 'create-vite') };
// create-vite as published (packing the installed folder would drop its templates).
const viteVersion = JSON.parse(readFileSync(join(vite.dir, 'package.json'), 'utf8')).version;
const oursVersion = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;

process.stderr.write('packing and installing...\n');
for (const tool of [ours, vite]) {
  Object.assign(tool, pack(tool === vite ? `create-vite@${viteVersion}` : tool.dir));
  tool.install = repeat(`install ${tool.name}`, INSTALL_RUNS, (i) => {
    const prefix = join(work, `install-${tool.name}-${i}`);
    sh('npm', ['init', '-y'], { cwd: mkdirp(prefix) });
    const m = measure('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tool.tarball], prefix);
    tool.packages = installedPackages(prefix);
    // The last install is the one the generation runs use: each tool as a user gets it.
    if (i === INSTALL_RUNS - 1) tool.installed = join(prefix, 'node_modules', tool.name);
    else rmSync(prefix, { recursive: true, force: true });
    return m.wall;
  });
}

function mkdirp(dir) {
  execFileSync('mkdir', ['-p', dir]);
  return dir;
}

process.stderr.write('generating...\n');
const countFiles = (dir) => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
const filesWritten = {};
/**
 * One run into a new folder (relative, as create-vite wants it), removed after the run. Before
 * each run `sync` writes back what earlier runs left in the page cache, outside the timing: a
 * founder runs the generator once, not after 40 other runs whose 3,000 files the kernel is still
 * flushing (that backlog slows the tool that writes more files most).
 */
function generateOnce(key, args) {
  const out = `gen-${key}`;
  execFileSync('sync');
  const m = measure(process.execPath, args(out), work);
  if (existsSync(join(work, out))) {
    filesWritten[key] ??= countFiles(join(work, out));
    rmSync(join(work, out), { recursive: true, force: true });
  }
  return m;
}
const generate = {
  ours: () =>
    generateOnce('ours', (out) => [
      join(ours.installed, 'bin/create-pyme-stack.js'),
      out,
      '--yes',
      '--no-git',
      '--metrics',
      '--alert-phone',
      '5512345678',
    ]),
  vite: () => generateOnce('vite', (out) => [join(vite.installed, 'index.js'), out, '--template', 'vanilla-ts', '--no-interactive']),
  floor: () => generateOnce('floor', () => ['-e', '0']),
  // Where our time goes: the same process stopped before it renders, and the one heavy built-in
  // it cannot skip.
  oursLoad: () => generateOnce('oursLoad', () => [join(ours.installed, 'bin/create-pyme-stack.js'), '--version']),
  crypto: () => generateOnce('crypto', () => ['-e', "require('node:crypto').createHash('sha256')"]),
};
// Interleave them all so machine noise hits them alike.
const gen = Object.fromEntries(Object.keys(generate).map((k) => [k, []]));
for (const k of Object.keys(gen)) generate[k]();
for (let i = 0; i < RUNS; i++) for (const k of Object.keys(gen)) gen[k].push(generate[k]());
const oursFiles = filesWritten.ours;
const viteFiles = filesWritten.vite;

const ms = (s) => `${(s * 1000).toFixed(0)} ms`;
const kb = (b) => `${(b / 1024).toFixed(0)} kB`;
const spread = (st, f) => `${f(st.median)} (p25 ${f(st.p25)}, p75 ${f(st.p75)})`;
const row = (cells) => `| ${cells.join(' | ')} |`;

const oWall = stats(gen.ours.map((r) => r.wall));
const vWall = stats(gen.vite.map((r) => r.wall));
const fWall = stats(gen.floor.map((r) => r.wall));
const oRss = stats(gen.ours.map((r) => r.rss));
const vRss = stats(gen.vite.map((r) => r.rss));
const fRss = stats(gen.floor.map((r) => r.rss));
const oInst = stats(ours.install);
const vInst = stats(vite.install);

const lines = [
  `Benchmark ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}; ${RUNS} generation runs, ${INSTALL_RUNS} installs, after a warm-up; wall clock around each process, max RSS from GNU time.`,
  '',
  row(['', `create-pyme-stack ${oursVersion}`, `create-vite ${viteVersion}`, 'node -e 0', 'ours / create-vite', 'ours / floor']),
  row(['---', '---', '---', '---', '---', '---']),
  row(['packed size', kb(ours.packed), kb(vite.packed), '', (ours.packed / vite.packed).toFixed(2), '']),
  row(['unpacked size', kb(ours.unpacked), kb(vite.unpacked), '', (ours.unpacked / vite.unpacked).toFixed(2), '']),
  row(['packages installed', String(ours.packages), String(vite.packages), '', (ours.packages / vite.packages).toFixed(2), '']),
  row(['install (median, warm cache)', spread(oInst, ms), spread(vInst, ms), '', (oInst.median / vInst.median).toFixed(2), '']),
  row(['files generated', String(oursFiles), String(viteFiles), '', '', '']),
  row([
    'generation wall (median)',
    spread(oWall, ms),
    spread(vWall, ms),
    spread(fWall, ms),
    (oWall.median / vWall.median).toFixed(2),
    (oWall.median / fWall.median).toFixed(2),
  ]),
  row([
    'generation peak RSS (median)',
    `${(oRss.median / 1024).toFixed(1)} MB`,
    `${(vRss.median / 1024).toFixed(1)} MB`,
    `${(fRss.median / 1024).toFixed(1)} MB`,
    (oRss.median / vRss.median).toFixed(2),
    (oRss.median / fRss.median).toFixed(2),
  ]),
];
const wall = (k) => stats(gen[k].map((r) => r.wall)).median;
const above = (k) => `+${((wall(k) - wall('floor')) * 1000).toFixed(1)} ms`;
lines.push(
  '',
  'Where the time goes (medians of the same interleaved runs, each a whole process; "above floor" is minus `node -e 0`):',
  '',
  row(['process', 'wall', 'above floor']),
  row(['---', '---', '---']),
  row(['`node -e 0`', ms(wall('floor')), '']),
  row(['`node` loading node:crypto (sha256 of every file for the manifest)', ms(wall('crypto')), above('crypto')]),
  row(['create-pyme-stack `--version`: node, our bundle with its template pack, node:crypto', ms(wall('oursLoad')), above('oursLoad')]),
  row([`create-pyme-stack generation: the above, then render and write ${oursFiles} files`, ms(wall('ours')), above('ours')]),
  row([`create-vite generation: ${viteFiles} files`, ms(wall('vite')), above('vite')]),
);
console.log(lines.join('\n'));
rmSync(work, { recursive: true, force: true });
