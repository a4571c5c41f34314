#!/usr/bin/env node
// `npm run pins`: every version the templates pin, beside the newest its registry offers today.
// Not a test: registries move every day. A maintainer runs it before a release, bumps what is
// behind (README, "Bumping the pins"), regenerates the lockfiles and runs the suite.
// npm packages are asked with `npm view`; images and Actions cannot be queried from every machine
// (Docker Hub, ghcr.io and GitHub's API may be unreachable), so their newest is the upstream
// release last read by hand (UPSTREAM below), said as such in the table.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';

const ROOT = new URL('..', import.meta.url).pathname;
const TEMPLATES = join(ROOT, 'templates');

/** Newest upstream release of what no registry here answers for, with where and when it was read. */
const UPSTREAM = {
  'glitchtip/glitchtip': { newest: '6.2.6', source: 'public compose files pinning it by digest, 2026-12-04' },
  'ghcr.io/google/cadvisor': { newest: 'v0.60.6', source: 'cAdvisor releases (v0.60.6, 2026-09), read 2026-12-04' },
  'prom/prometheus': {
    newest: '?',
    source: 'registry unreachable here; the tag is the newest release read on 2026-12-01 (compose comment)',
  },
  'prom/alertmanager': {
    newest: '?',
    source: 'registry unreachable here; the tag is the newest release read on 2026-12-01 (compose comment)',
  },
  'grafana/grafana': {
    newest: '?',
    source: 'registry unreachable here; the tag is the newest release read on 2026-12-01 (compose comment)',
  },
  'prom/node-exporter': {
    newest: '?',
    source: 'registry unreachable here; the tag is the newest release read on 2026-12-01 (compose comment)',
  },
  postgres: { newest: '18', source: 'major tag: the image follows its minor releases' },
  'valkey/valkey': { newest: '9', source: 'major tag: the image follows its minor releases' },
  node: { newest: '24-slim', source: 'major tag: Node 24 is the LTS the templates target' },
  'actions/checkout': { newest: 'v7', source: 'major tag, read 2026-12-04' },
  'actions/setup-node': { newest: 'v7', source: 'major tag, read 2026-12-04' },
  'oven-sh/setup-bun': { newest: 'v2', source: 'major tag, read 2026-12-04' },
};

/** Why a pin stays behind the registry's newest, by package name. */
const HELD = {
  '@whiskeysockets/baileys': "7.x has only release candidates; 'latest' (6.x) is the older line the alerts relay does not use",
  '@sentry/sveltekit': '11.7.0 cannot be installed here: its dependency @sentry/svelte@11.7.0 is not on the registry (npm: notarget)',
  '@types/node': 'follows the runtime: Node 24 (newest 24.x compared)',
  typescript:
    '7.x is the native port: @sveltejs/kit 3.2.0 and svelte-check 4.7.8 accept ^6 only (peerDependencies); the three packages share one TypeScript',
};
/** Packages compared within their pinned major (types of a runtime). */
const SAME_MAJOR = new Set(['@types/node']);

const rows = [];
const add = (where, name, pinned, newest, note = '') => rows.push({ where, name, pinned, newest, note });

/** The registry's newest stable version (within `major` when given), or an error text. */
function npmNewest(name, major) {
  try {
    const spec = major === undefined ? name : `${name}@^${major}`;
    const out = execFileSync('npm', ['view', spec, 'version', '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const versions = [JSON.parse(out)].flat();
    return (
      versions
        .filter((v) => !semver.prerelease(v))
        .sort(semver.compare)
        .at(-1) ?? versions.at(-1)
    );
  } catch (error) {
    return `? (${String(error.stderr ?? error).split('\n')[0]})`;
  }
}

/** A template's JSON with its Handlebars names filled in (bun.lock also drops trailing commas). */
function readJsonTemplate(path) {
  const text = readFileSync(path, 'utf8')
    .replace(/\{\{json appName\}\}/g, '"app"')
    .replace(/\{\{appName\}\}/g, 'app')
    .replace(/,(\s*[}\]])/g, '$1');
  return JSON.parse(text);
}

const parts = readdirSync(TEMPLATES);
const newestOf = new Map();
const newest = (name, pinned) => {
  const major = SAME_MAJOR.has(name) ? semver.major(pinned) : undefined;
  const key = `${name}@${major ?? ''}`;
  if (!newestOf.has(key)) newestOf.set(key, npmNewest(name, major));
  return newestOf.get(key);
};

for (const part of parts) {
  const dir = join(TEMPLATES, part);
  const files = readdirSync(dir);
  if (files.includes('package.json.hbs')) {
    const pkg = readJsonTemplate(join(dir, 'package.json.hbs'));
    const declared = { ...pkg.dependencies, ...pkg.devDependencies };
    for (const [name, pinned] of Object.entries(declared)) add(`${part}/package.json`, name, pinned, newest(name, pinned));
    // The lockfile's root must ask for exactly what package.json pins.
    for (const lock of files.filter((f) => f === 'package-lock.json.hbs' || f === 'bun.lock.hbs')) {
      const data = readJsonTemplate(join(dir, lock));
      const root = lock === 'bun.lock.hbs' ? data.workspaces[''] : data.packages[''];
      const locked = { ...root.dependencies, ...root.devDependencies };
      for (const [name, pinned] of Object.entries(declared)) {
        if (locked[name] !== pinned)
          add(`${part}/${lock.replace('.hbs', '')}`, name, locked[name] ?? '(missing)', pinned, 'MISMATCH with package.json');
      }
    }
  }
}

/** Image references in Dockerfiles and compose files. */
function images() {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/^Dockerfile/.test(entry.name)) {
        for (const m of readFileSync(path, 'utf8').matchAll(/^FROM (\S+)/gm)) found.push([path, m[1]]);
      } else if (/docker-compose.*\.yml/.test(entry.name)) {
        for (const m of readFileSync(path, 'utf8').matchAll(/^\s+image: (\S+)/gm)) found.push([path, m[1]]);
      } else if (/\.ya?ml(\.hbs)?$/.test(entry.name) && path.includes('/workflows/')) {
        for (const m of readFileSync(path, 'utf8').matchAll(/uses: (\S+)@(\S+)/g)) found.push([path, `${m[1]}:${m[2]}`]);
      }
    }
  };
  walk(TEMPLATES);
  return found;
}

for (const [path, ref] of images()) {
  const at = ref.lastIndexOf(':');
  const name = ref.slice(0, at);
  const tag = ref.slice(at + 1);
  const where = path.slice(TEMPLATES.length + 1);
  if (name === 'oven/bun') {
    // The Bun the founder chose (default: the tested one), also an npm package.
    const tested = /TESTED_BUN_VERSION = '([^']+)'/.exec(readFileSync(join(ROOT, 'src/questions.ts'), 'utf8'))?.[1];
    add(where, name, `${tested}-slim`, `${newest('bun', tested)}-slim`, 'tag from the answers; default is TESTED_BUN_VERSION');
    continue;
  }
  const upstream = UPSTREAM[name];
  add(where, name, tag, upstream?.newest ?? '?', upstream ? `not queried: ${upstream.source}` : 'not queried: no upstream recorded');
}

const status = ({ pinned, newest, note, name }) => {
  if (note.startsWith('MISMATCH')) return note;
  const clean = (v) => semver.valid(semver.coerce(v, { includePrerelease: true }));
  const p = clean(pinned);
  const n = clean(newest);
  let state = pinned === newest ? 'current' : !n ? 'unknown' : p && semver.gt(n, p) ? 'BEHIND' : 'current (tag form differs)';
  if (p && n && semver.lt(n, p)) state = 'ahead of latest';
  if (HELD[name]) state += ` (${HELD[name]})`;
  return note ? `${state}; ${note}` : state;
};

const header = ['where', 'name', 'pinned', 'newest', 'status'];
const table = rows.map((row) => [row.where, row.name, row.pinned, row.newest, status(row)]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i].length)));
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(`Pins in templates/ against their registries, ${new Date().toISOString()}\n`);
console.log(line(header));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const row of table) console.log(line(row));
const behind = table.filter((r) => (r[4].startsWith('BEHIND') && !HELD[r[1]]) || r[4].startsWith('MISMATCH'));
console.log(`\n${behind.length} behind or mismatched without a reason.`);
