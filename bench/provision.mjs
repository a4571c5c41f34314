// npm run bench:provision: provision's wall time and API calls against a real Dokploy (the lab:
// README, "Dokploy lane"), for a fresh project and for the re-run that changes nothing. The
// goal is under 60 s for the whole project. Runs the built CLI, as a founder would.
//   RUNS=3 node bench/provision.mjs      (needs DOKPLOY_URL and DOKPLOY_API_KEY)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { stats } from './measure.mjs';

const root = new URL('..', import.meta.url).pathname;
if (!process.env.DOKPLOY_URL || !process.env.DOKPLOY_API_KEY)
  throw new Error('set DOKPLOY_URL and DOKPLOY_API_KEY (eval "$(../shared/dokploy-lab.sh env)")');
const runs = Number(process.env.RUNS ?? 3);
const manifest = JSON.parse(readFileSync(join(root, 'test/__snapshots__/en/.pyme-stack.json'), 'utf8'));

function provision(dir, appName) {
  const start = process.hrtime.bigint();
  const r = spawnSync(
    'node',
    [
      join(root, 'bin/create-pyme-stack.js'),
      'provision',
      '--yes',
      '--domain',
      `${appName}.bench.test`,
      '--repo',
      `acme/${appName}`,
      '--github-provider',
      'none',
    ],
    { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
  );
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const calls = /(\d+) API calls/.exec(r.stdout)?.[1];
  if (!calls) throw new Error(`provision failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return { wall, calls: Number(calls), unchanged: r.stdout.includes('Nothing to change') };
}

const first = [];
const again = [];
console.log(
  `load before: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
for (let i = 0; i < runs; i++) {
  const appName = `bench-${Date.now().toString(36)}`;
  const dir = mkdtempSync(join(tmpdir(), 'bench-provision-'));
  writeFileSync(join(dir, '.pyme-stack.json'), JSON.stringify({ ...manifest, answers: { ...manifest.answers, appName } }));
  // Alternate which kind runs first in the pair is not possible (the re-run needs the first), so
  // each pair is measured back to back and load is printed around the series.
  first.push(provision(dir, appName));
  again.push(provision(dir, appName));
  if (!again.at(-1).unchanged) throw new Error('the re-run changed something');
}
const show = (name, list) => {
  const w = stats(list.map((r) => r.wall));
  console.log(
    `${name.padEnd(22)} wall median ${w.median.toFixed(1)} s (min ${w.min.toFixed(1)}, max ${w.max.toFixed(1)}), API calls ${list.map((r) => r.calls).join('/')}`,
  );
};
show('provision (fresh)', first);
show('provision (re-run)', again);
console.log(
  `load after: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}; goal: fresh under 60 s`,
);
