// One upgrade, start to end: manifest -> answers -> base + target -> plan -> print -> write.
// Files first (through the one writer), the manifest last, so an interrupted run is detected
// and finished by the next one.
import { existsSync, lstatSync, readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import semver from 'semver';
import { CliError, UserError } from '../errors.js';
import { type Lang, msg, settleLang } from '../i18n.js';
import { shown as quoted } from '../shown.js';
import { MANIFEST_PATH, parseManifest, sha256, type Manifest } from '../manifest.js';
import { render } from '../render.js';
import type { FileEntry, FileMap } from '../file-map.js';
import { commitInto } from '../commit.js';
import { withLock } from '../lock.js';
import { watchSignals } from '../interrupt.js';
import { removeDeadStaging } from '../staging.js';
import { isSafeRelative, reservedPath, unsafePath } from '../safe-path.js';
import { GENERATOR } from '../version.js';
import { printable } from '../printable.js';
import type { RawAnswers } from '../answers.js';
import { upgradeAnswers, type UpgradeAnswersOptions } from './answers.js';
import { baseFiles } from './base.js';
import { fileRenames, migrationsFor, type Migration, migrations as allMigrations } from './migrations.js';
import { conflicts, exitCodeFor, planUpgrade } from './plan.js';
import type { PlanEntry } from './plan-entry.js';
import { buildJournal, clearJournal, JOURNAL_PATH, readJournal, writeJournal } from './journal.js';
import { diskReader, removeEmptyParents, removeStaleStaging, symlinkReader } from './disk.js';
import { uncommitted } from './dirty.js';
import { changeDiffs, entryCounts, nextSteps } from './changes.js';
import { conflictHelp, conflictLabels, planLine, summary } from './report.js';
import { say } from './messages.js';
import { recordConflicts } from './git-index.js';
import { followRenames, unrecordedFiles } from './renames.js';

/** Manifest fields only upgrade reads; older readers ignore them. */
export interface UpgradeManifest extends Manifest {
  /** Generated files the founder deleted; reported once, then left alone. */
  deletedByFounder?: string[];
}

export interface UpgradeOptions {
  dir: string;
  dryRun: boolean;
  force: boolean;
  /** List `kept` files too (default: only those with a note). */
  verbose?: boolean;
  /** Print unified diffs after the plan (lockfiles summarised). */
  diff?: boolean;
  yes: boolean;
  interactive: boolean;
  sets: RawAnswers;
  lang: Lang;
  out: (text: string) => void;
  ask?: UpgradeAnswersOptions['ask'];
  /** Tests: the "running" version and its templates (default: this package). */
  target?: { generator: Manifest['generator']; templatesDir?: string };
  migrations?: Migration[];
  env?: NodeJS.ProcessEnv;
}

export interface UpgradeResult {
  plan: PlanEntry[];
  exitCode: number;
}

function readProjectManifest(dir: string, lang: Lang): UpgradeManifest {
  const file = join(dir, MANIFEST_PATH);
  if (!existsSync(file)) throw new CliError(`${relative(process.cwd(), dir) || '.'} ${say.noManifest[lang]}`);
  // Read through a symlink, the manifest could be any file on the machine; and it is rewritten at the end.
  if (lstatSync(file).isSymbolicLink()) throw new UserError(say.manifestLink);
  let manifest: UpgradeManifest;
  manifest = parseManifest(readFileSync(file, 'utf8'), MANIFEST_PATH);
  // Anyone can edit (or commit) the manifest: its paths must stay inside the project.
  // .git and our own bookkeeping are never the manifest's to name, whatever the spelling.
  for (const path of [...Object.keys(manifest.files), ...(Array.isArray(manifest.deletedByFounder) ? manifest.deletedByFounder : [])]) {
    const reserved = reservedPath(path, MANIFEST_PATH);
    if (reserved) throw reserved;
    if (!isSafeRelative(path)) throw unsafePath(path, MANIFEST_PATH);
  }
  return manifest;
}

/** Moves base files to the paths migrations gave them. */
function renamed(files: FileMap, renames: Map<string, string>): FileMap {
  return new Map([...files].map(([path, file]) => [renames.get(path) ?? path, file]));
}

/** The folder holding .pyme-stack.json: dir or the nearest one above it, as git and npm look
 *  for their roots; the search stops at a git repository's top (a project is never above it). */
export function findProject(start: string): string {
  for (let d = start; ; d = dirname(d)) {
    if (existsSync(join(d, MANIFEST_PATH))) return d;
    if (existsSync(join(d, '.git')) || dirname(d) === d) return start;
  }
}

export async function upgradeProject(o: UpgradeOptions): Promise<UpgradeResult> {
  const dir = findProject(resolve(o.dir));
  if (!existsSync(join(dir, MANIFEST_PATH))) readProjectManifest(dir, o.lang); // says what is missing
  // One upgrade at a time, from the first read to the last write: two at once would each plan
  // from the old files and leave a manifest that matches neither. A dry run writes nothing.
  return o.dryRun ? upgradeLocked(o, dir) : withLock(dir, () => upgradeLocked(o, dir));
}

async function upgradeLocked(o: UpgradeOptions, dir: string): Promise<UpgradeResult> {
  const shown = relative(process.cwd(), dir) || '.';
  let lang = o.lang;
  if (!o.dryRun) {
    // What a killed run left: its staging folders, and the journal's temporary copy of 0.1.x.
    removeDeadStaging(dir);
    rmSync(join(dir, `${JOURNAL_PATH}.tmp`), { force: true });
  }
  const manifest = readProjectManifest(dir, lang);
  const to = o.target?.generator ?? GENERATOR;
  if (!semver.valid(manifest.generator.version)) {
    const v = quoted(manifest.generator.version);
    throw new UserError(
      msg(`${MANIFEST_PATH}: generator.version ${v} no es una versión`, `${MANIFEST_PATH}: generator.version ${v} is not a version`),
    );
  }
  if (semver.gt(manifest.generator.version, to.version)) {
    throw new CliError(`${shown} ${say.newer[lang]} \`npx ${to.name}@${manifest.generator.version} upgrade\``);
  }
  const journal = readJournal(dir);
  // A run killed after writing the manifest left a journal that has nothing more to tell.
  const finished = journal && journal.manifest === sha256(readFileSync(join(dir, MANIFEST_PATH)));
  if (finished && !o.dryRun) clearJournal(dir);
  const resuming = journal?.to === to.version && !finished ? journal : undefined;
  if (!o.dryRun && !o.force && !resuming) {
    const dirty = uncommitted(dir);
    if (dirty.length > 0)
      throw new CliError(
        `${shown} ${say.dirty[lang]} ${dirty.slice(0, 10).map(printable).join(', ')}${dirty.length > 10 ? ` (+${dirty.length - 10})` : ''}`,
      );
  }

  const steps = migrationsFor(manifest.generator.version, to.version, o.migrations ?? allMigrations);
  const { answers } = await upgradeAnswers({
    recorded: manifest.answers as unknown as Record<string, unknown>,
    migrations: steps,
    sets: o.sets,
    yes: o.yes,
    interactive: o.interactive,
    dirName: basename(dir),
    lang,
    ask: o.ask,
  });
  lang = answers.lang;
  settleLang(lang);

  // A rename applies only to a file the manifest says was generated at the old path; a file the
  // founder made (or moved there) is theirs.
  const renames = new Map([...fileRenames(steps)].filter(([from]) => from in manifest.files));
  const rebuilt = await baseFiles(manifest, { env: o.env ?? process.env, projectDir: dir, progress: (text) => o.out(`${text[lang]}\n`) });
  const base = renamed(rebuilt.files, renames);
  const generated = new Map(
    Object.entries(manifest.files).map(([path, f]) => [
      renames.get(path) ?? path,
      { sha256: f.sha256, mode: f.executable ? 0o755 : 0o644 },
    ]),
  );
  const rendered = await render(answers, { generator: to, templatesDir: o.target?.templatesDir });
  const target: FileMap = new Map([...rendered].filter(([path]) => path !== MANIFEST_PATH));
  const disk = diskReader(dir);
  const isSymlink = symlinkReader(dir);
  if (!o.dryRun) removeStaleStaging(dir, [...generated.keys(), ...target.keys(), ...renames.keys(), MANIFEST_PATH]);

  const labels = conflictLabels({
    name: to.name,
    from: manifest.generator.version,
    to: to.version,
    recorded: manifest.answers as unknown as Record<string, unknown>,
    answers: answers as unknown as Record<string, unknown>,
  });
  const planned = planUpgrade({
    base,
    generated,
    target,
    disk,
    labels,
    movedFrom: new Map([...renames].map(([from, toPath]) => [toPath, from])),
    reportedDeleted: new Set((manifest.deletedByFounder ?? []).map((p) => renames.get(p) ?? p)),
    journal: resuming,
    isSymlink,
  });
  // Files the founder renamed: followed to their new name (only when one looks deleted).
  const plan = planned.some((e) => e.status === 'deleted')
    ? followRenames(planned, {
        base,
        generated,
        target,
        disk,
        labels,
        unrecorded: unrecordedFiles(dir, (p) => generated.has(p) || target.has(p) || renames.has(p) || p === MANIFEST_PATH),
      })
    : planned;

  if (resuming && !o.dryRun) o.out(`${say.resuming[lang]}\n`);
  if (rebuilt.unverified.length > 0) o.out(`${say.unverified[lang]} ${rebuilt.unverified.map(printable).join(', ')}\n`);
  o.out(`${summary(plan, manifest.generator.version, to.version, lang)}\n`);
  // A plain `kept` says nothing to do; listing every one buries the lines that matter.
  for (const e of plan) if (o.verbose || e.status !== 'kept' || e.note) o.out(`${planLine(e, lang, entryCounts(e, disk))}\n`);
  const left = conflicts(plan).map((e) => e.path);
  const exitCode = exitCodeFor(plan);
  // Diffs come after the whole plan, so the plan never scrolls away behind them.
  if (o.diff) o.out(changeDiffs(plan, disk, lang));

  if (o.dryRun) {
    o.out(`${say.dryRun[lang]}\n`);
    if (left.length > 0) o.out(conflictHelp(left, lang, true));
    o.out(nextSteps({ dryRun: true, diff: Boolean(o.diff), conflicts: left.length }, lang));
    return { plan, exitCode };
  }
  const wrote = await apply(dir, plan, target, rendered.get(MANIFEST_PATH)!.content, to.version, disk, isSymlink);
  const indexError = left.length > 0 ? recordConflicts(dir, plan) : undefined;
  if (indexError) o.out(`${say.indexFailed[lang]} ${indexError}\n`);
  if (!wrote && resuming) clearJournal(dir);
  o.out(left.length > 0 ? conflictHelp(left, lang) : `${wrote ? say.done[lang] : say.nothing[lang]}\n`);
  return { plan, exitCode };
}

/** Writes the plan: journal, then files and manifest in one transaction (manifest renamed last).
 *  A signal anywhere in it leaves the project all old (the writer puts every file back) or, once
 *  the manifest is in place, all new. False when nothing changes. */
async function apply(
  dir: string,
  plan: PlanEntry[],
  target: FileMap,
  renderedManifest: Buffer,
  to: string,
  disk: (path: string) => FileEntry | null,
  isSymlink: (path: string) => boolean,
): Promise<boolean> {
  const writes: FileMap = new Map(plan.filter((e) => e.write && !e.done).map((e) => [e.path, e.write!]));
  const removes = [...new Set(plan.flatMap((e) => e.remove))].filter((path) => disk(path) !== null);
  const present = (p: string) => writes.has(p) || isSymlink(p) || (disk(p) !== null && !removes.includes(p));
  const manifest = manifestAfter(renderedManifest, target, present);
  if (writes.size === 0 && removes.length === 0 && disk(MANIFEST_PATH)?.content.equals(manifest)) return false;
  watchSignals(); // from here a signal is caught, and the writer undoes everything before exiting
  writeJournal(
    dir,
    buildJournal(to, manifest, plan, target, (p) => disk(p)?.content ?? null),
  );
  try {
    await commitInto(dir, writes, removes, [MANIFEST_PATH, { content: manifest, mode: 0o644 }]);
  } catch (error) {
    clearJournal(dir); // the writer put every file back: there is nothing to resume
    throw error;
  }
  clearJournal(dir);
  removeEmptyParents(dir, removes);
  return true;
}

/** The target's manifest plus the generated files the founder has deleted. */
function manifestAfter(rendered: Buffer, target: FileMap, present: (path: string) => boolean): Buffer {
  const manifest = JSON.parse(rendered.toString('utf8')) as UpgradeManifest;
  const deleted = [...target.keys()].filter((p) => !present(p)).sort();
  if (deleted.length > 0) manifest.deletedByFounder = deleted;
  return Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
}
