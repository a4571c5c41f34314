// Property (issue 23; e2e lane: needs strace and git): whatever a hostile manifest names (.git in
// any spelling, `..`, absolute paths, case variants, control characters, our bookkeeping,
// duplicates), whatever the tree holds (symlinked files and folders pointing outside), and
// wherever a signal lands (strace injects it at the Nth rename):
// - no byte outside the project changes, nor under .git (but the index, when conflicts are recorded);
// - a symlink is never replaced or written through;
// - the project ends all old (exactly as before) or all new (exactly as an uninterrupted run).
// Runs in well under a minute; PYME_STACK_PROPERTY_SEED=<n> replays one sequence (fast-check
// prints the seed of a failure), PYME_STACK_PROPERTY_RUNS=<n> runs more.
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { execa } from 'execa';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../src/errors.js';
import { cliBin, requireTool } from './support/tools.js';
import { tree } from './support/tree.js';

const PHONE = ['--alert-phone', '+52 55 1234 5678'];
const ENV = { NO_COLOR: '1', LANG: 'en_US.UTF-8', PYME_STACK_BASE_TEMPLATES: '' };
const sha = (content: string | Buffer) => createHash('sha256').update(content).digest('hex');

/** Paths a hostile manifest may list; {abs} is an absolute path outside the project. */
const HOSTILE = [
  '.git/HEAD',
  './.git/HEAD',
  '.GIT/HEAD',
  '.git/config',
  'backend/../.git/index',
  'sub/.git/x',
  '../outside/secret.txt',
  '{abs}',
  '.pyme-stack-tmp-1-0/journal',
  '.pyme-stack.lock',
] as const;
/** Odd but inside the project: listed, never refused, printed with their controls escaped. */
const ODD = ['README.md\n  removed  CHECKLIST.md', 'x\u001b[2J'] as const;
/** Generated files a founder may have replaced by a symlink, and folders likewise. */
const LINKED_FILES = ['README.md', 'CHECKLIST.md', '.env.example', 'ops/monitoring/docker-compose.monitoring.yml'] as const;
const LINKED_DIRS = ['ops/monitoring', 'ops/backup'] as const;
const SIGNALS = [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
] as const;

/** Sometimes a, mostly nothing: a refusal (a hostile entry, a linked folder) ends the run at
 *  once, so scenarios that get as far as writing must stay common. */
const sometimes = <T>(a: fc.Arbitrary<T>, weight: number) =>
  fc.oneof({ weight, arbitrary: a }, { weight: 10 - weight, arbitrary: fc.constant(undefined) });
const scenario = fc.record({
  hostile: fc.oneof(fc.constant([] as string[]), fc.uniqueArray(fc.constantFrom<string>(...HOSTILE), { minLength: 1, maxLength: 2 })),
  odd: fc.uniqueArray(fc.constantFrom<string>(...ODD), { maxLength: 2 }),
  realSha: fc.boolean(), // the entry carries the sha256 of the file it names (.git/HEAD's, say)
  caseVariant: fc.boolean(), // an entry `readme.md` beside the real README.md
  duplicateKey: fc.boolean(), // "README.md" twice in the JSON text, the first with a wrong sha
  linkedFiles: fc.uniqueArray(fc.constantFrom(...LINKED_FILES), { maxLength: 2 }),
  linkedDir: sometimes(fc.constantFrom(...LINKED_DIRS), 2),
  signal: sometimes(fc.record({ which: fc.nat(SIGNALS.length - 1), when: fc.integer({ min: 1, max: 14 }) }), 7),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

let project: string;
beforeAll(async () => {
  requireTool('git');
  requireTool('strace');
  project = join(mkdtempSync(join(tmpdir(), 'pyme-prop-base-')), 'tienda-demo');
  const r = await execa(process.execPath, [cliBin(), project, '--yes', ...PHONE], { env: ENV, reject: false });
  expect(r.exitCode, String(r.stderr)).toBe(0);
}, 60_000);

/** A copy of the project (in a fresh folder with an `outside` sibling), made hostile as s says.
 *  Links are relative, so that two copies of one scenario are byte for byte the same. */
function prepare(s: Scenario): { dir: string; outside: string } {
  const root = mkdtempSync(join(tmpdir(), 'pyme-prop-'));
  const dir = join(root, 'tienda-demo');
  const outside = join(root, 'outside');
  cpSync(project, dir, { recursive: true, verbatimSymlinks: true });
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.txt'), 'TOP SECRET\n');
  const manifestFile = join(dir, '.pyme-stack.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  for (const raw of [...s.hostile, ...s.odd]) {
    const path = raw === '{abs}' ? join(outside, 'secret.txt') : raw;
    const named = path.startsWith('/') ? path : join(dir, path);
    let content: Buffer | string = 'not there';
    try {
      content = readFileSync(named);
    } catch {
      /* the entry names nothing */
    }
    manifest.files[path] = { sha256: s.realSha ? sha(content) : sha(`${path}!`) };
  }
  if (s.caseVariant) manifest.files['readme.md'] = { ...manifest.files['README.md'] };
  let text = `${JSON.stringify(manifest, null, 2)}\n`;
  if (s.duplicateKey) text = text.replace('"files": {', `"files": {\n    "README.md": { "sha256": "${'0'.repeat(64)}" },`);
  writeFileSync(manifestFile, text);
  for (const path of s.linkedFiles) {
    if (s.linkedDir && path.startsWith(`${s.linkedDir}/`)) continue;
    rmSync(join(dir, path));
    symlinkSync(relative(dirname(join(dir, path)), join(outside, 'secret.txt')), join(dir, path));
  }
  if (s.linkedDir) {
    cpSync(join(dir, s.linkedDir), join(outside, 'linked'), { recursive: true, verbatimSymlinks: true });
    rmSync(join(dir, s.linkedDir), { recursive: true });
    symlinkSync(relative(dirname(join(dir, s.linkedDir)), join(outside, 'linked')), join(dir, s.linkedDir));
  }
  return { dir, outside };
}

async function upgrade(dir: string, signal?: Scenario['signal']) {
  const args = [cliBin(), 'upgrade', dir, '--yes', '--force', '--set', 'metrics=true'];
  const inject = signal && `rename,renameat,renameat2:signal=${SIGNALS[signal.which]![0]}:when=${signal.when}`;
  const [cmd, ...rest] = inject
    ? [
        'strace',
        '-f',
        '-qq',
        '-o',
        '/dev/null',
        '-e',
        'trace=rename,renameat,renameat2',
        '-e',
        `inject=${inject}`,
        process.execPath,
        ...args,
      ]
    : [process.execPath, ...args];
  const r = await execa(cmd!, rest, { reject: false, stdin: 'ignore', timeout: 60_000, env: ENV });
  return { exitCode: r.exitCode!, out: `${r.stdout}\n${r.stderr}` };
}

const without = (t: Record<string, string>, drop: (p: string) => boolean) =>
  Object.fromEntries(Object.entries(t).filter(([p]) => !drop(p)));
/** Paths whose content differs between two trees: short failure messages. */
const differing = (a: Record<string, string>, b: Record<string, string>) =>
  [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((p) => a[p] !== b[p]).sort();
const links = (t: Record<string, string>) => Object.fromEntries(Object.entries(t).filter(([, v]) => v.startsWith('-> ')));

describe('hostile manifests and trees, with a signal anywhere', () => {
  it('nothing outside or under .git changes, no symlink is replaced, and the project ends all old or all new', async () => {
    const seed = process.env.PYME_STACK_PROPERTY_SEED ? Number(process.env.PYME_STACK_PROPERTY_SEED) : undefined;
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const { dir, outside } = prepare(s);
        const before = tree(dir);
        const outsideBefore = tree(outside);
        const r = await upgrade(dir, s.signal);
        const after = tree(dir);
        expect(tree(outside), r.out).toEqual(outsideBefore);
        expect(links(after), r.out).toEqual(links(before));
        const gitIndex = (p: string) => p === '.git/index';
        const isGit = (p: string) => p.startsWith('.git/');
        const gitPart = (t: Record<string, string>) => without(t, (p) => !isGit(p) || (r.exitCode === EXIT.conflicts && gitIndex(p)));
        expect(differing(gitPart(after), gitPart(before)), r.out).toEqual([]);
        for (const path of s.odd) expect(r.out).not.toContain(path); // printed escaped, if at all
        if (s.hostile.length > 0) {
          // refused before anything is written, whatever the signal
          expect(r.exitCode, r.out).toBe(EXIT.input);
          expect(differing(after, before)).toEqual([]);
          return;
        }
        const interrupted = s.signal && r.exitCode === SIGNALS[s.signal.which]![1];
        if (interrupted || r.exitCode === EXIT.input) {
          expect(differing(after, before), r.out).toEqual([]); // all old
          return;
        }
        expect([EXIT.ok, EXIT.conflicts], r.out).toContain(r.exitCode);
        // all new: exactly what an uninterrupted run of the same scenario leaves
        const reference = prepare(s).dir;
        const ref = await upgrade(reference);
        expect(ref.exitCode).toBe(r.exitCode);
        const noGit = (t: Record<string, string>) => without(t, isGit);
        expect(differing(noGit(after), noGit(tree(reference))), r.out).toEqual([]);
      }),
      { numRuns: Number(process.env.PYME_STACK_PROPERTY_RUNS ?? 16), ...(seed === undefined ? {} : { seed }) },
    );
  }, 120_000);
});
