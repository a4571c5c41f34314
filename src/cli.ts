// create-pyme-stack: ask, validate, render in memory, then write through the one writer.
import { readdirSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import kleur from 'kleur';
import { parseCli, type CliOptions } from './args.js';
import { resolveAnswers, type RawAnswers } from './answers.js';
import { readAnswersFile } from './answers-file.js';
import { CliError, EXIT, UserError } from './errors.js';
import { detectLang, type Lang, settledLang, settleLang, ui } from './i18n.js';
import { helpText } from './help.js';
import { render } from './render.js';
import type { FileMap } from './file-map.js';
import { commitInto, commitNew, diffWithDisk, occupiedEntries, type DiskDiff } from './commit.js';
import { GENERATOR } from './version.js';
import { fsError, isFsError, shownPath as displayPath } from './fs-errors.js';
import { withLock } from './lock.js';
import { colourFor } from './colour.js';
import { checkpoint } from './interrupt.js';
import { shellQuote } from './shell-quote.js';
import { err, isInteractive, out } from './output.js';
import { installSteps } from './install.js';
import type { Answers } from './questions.js';

export async function main(argv: string[]): Promise<number> {
  let lang: Lang = detectLang();
  colourFor(1);
  try {
    const opts = parseCli(argv);
    if (opts.flagAnswers.lang === 'es' || opts.flagAnswers.lang === 'en') lang = opts.flagAnswers.lang;
    if (opts.help) {
      out(helpText(lang, GENERATOR.version));
      return EXIT.ok;
    }
    if (opts.version) {
      out(`${GENERATOR.version}\n`);
      return EXIT.ok;
    }
    if (opts.command === 'upgrade') {
      const { runUpgrade } = await import('./upgrade.js');
      return await runUpgrade(opts, lang);
    }
    if (opts.command === 'provision') {
      const { runProvision } = await import('./provision/command.js');
      return await runProvision(opts, lang);
    }
    if (opts.command === 'doctor') {
      const { runDoctor } = await import('./doctor/command.js');
      return await runDoctor(opts, lang);
    }
    return await create(opts, lang);
  } catch (error) {
    lang = settledLang() ?? lang;
    colourFor(2); // what follows goes to stderr
    if (error instanceof UserError) {
      err(`${kleur.red('✖')} ${error.text[lang]}\n`);
      return error.exitCode;
    }
    if (error instanceof CliError) {
      err(`${kleur.red('✖')} ${error.message}\n`);
      return error.exitCode;
    }
    // The file system refused (full, read-only, no permission, name too long): not our bug.
    if (isFsError(error)) {
      err(`${kleur.red('✖')} ${fsError(error, false).text[lang]}\n`);
      return EXIT.input;
    }
    // A bug of ours: a short message, the stack only on request (the bundle is minified).
    const detail = process.env.DEBUG?.includes('create-pyme-stack') ? (error as Error).stack : (error as Error).message;
    err(
      `${kleur.red('✖')} ${detail}\n  (create-pyme-stack ${GENERATOR.version}: ${lang === 'es' ? 'esto es un error nuestro; repórtalo, por favor' : 'this is our bug; please report it'} — DEBUG=create-pyme-stack ${lang === 'es' ? 'muestra los detalles' : 'shows the details'})\n`,
    );
    return EXIT.input;
  }
}

function refuseOccupied(target: string, lang: Lang) {
  const entries = occupiedEntries(target);
  if (entries.length === 0) return;
  const shown = entries.slice(0, 10).join(', ') + (entries.length > 10 ? ` (+${entries.length - 10})` : '');
  throw new CliError(`${displayPath(target)}: ${ui.notEmpty[lang]} ${shown}`);
}

export async function create(opts: CliOptions, lang: Lang): Promise<number> {
  if (opts.dir && !opts.force) refuseOccupied(resolve(opts.dir), lang);
  const interactive = isInteractive(opts);
  const fromFile: RawAnswers = opts.answersFile ? await readAnswersFile(opts.answersFile, lang) : {};
  const answers = await resolveAnswers({
    fromFile,
    fileName: opts.answersFile,
    fromFlags: opts.flagAnswers,
    yes: opts.yes,
    interactive,
    dirName: opts.dir ? basename(resolve(opts.dir)) : '',
    lang,
    ask: async (q, initial, askLang) => (await import('./prompt.js')).askQuestion(q, initial, askLang),
  });
  lang = answers.lang;
  settleLang(lang);
  const target = resolve(opts.dir ?? answers.appName);
  if (!opts.force) refuseOccupied(target, lang);

  const files = await render(answers, { generator: GENERATOR });
  const shown = displayPath(target);

  if (opts.dryRun) {
    printTree(files, existsDir(target) ? diffWithDisk(target, files) : undefined);
    out(`${kleur.yellow(ui.dryRun[lang])} ${files.size} ${ui.files[lang]} → ${shown}\n`);
    return EXIT.ok;
  }

  if (existsDir(target) && (opts.force || readdirSync(target).length > 0)) {
    // --force, or a folder holding only .git: written in place, under the folder's lock, and
    // checked again once the lock is ours (another run may have filled it meanwhile).
    await withLock(target, async () => {
      if (!opts.force) refuseOccupied(target, lang);
      // Say what changes before touching anything.
      const diff = diffWithDisk(target, files);
      if (diff.changed.length > 0) {
        out(`${ui.willChange[lang]}\n`);
        for (const p of diff.changed) out(`  ${kleur.yellow('M')} ${p}\n`);
      }
      const unchanged = new Set(diff.unchanged);
      await commitInto(target, new Map([...files].filter(([p]) => !unchanged.has(p))));
    });
  } else {
    // A new (or empty) folder: the final rename claims it, so a concurrent run cannot mix in.
    await commitNew(target, files);
  }

  out(`${kleur.green('✔')} ${ui.created[lang]} ${kleur.bold(shown)} (${files.size} ${ui.files[lang]})\n`);
  // git and the installs load child_process (and with it net, streams…) only when they run.
  await checkpoint(ui.cancelledAfterWrite); // a signal from here on stops before git and the installs
  const git = opts.git ? await import('./git.js') : undefined;
  if (git?.hasGit()) {
    // As create-next-app/t3 users expect a repository of its own; unlike them, never silently
    // skipped: inside another work tree the project still gets its own (nested) repository, said so.
    const state = git.repoState(target);
    if (state.kind === 'own' && state.committed) out(`${kleur.yellow('!')} ${ui.gitHasHistory[lang]}\n`);
    else {
      const executables = [...files].filter(([, f]) => f.mode & 0o111).map(([p]) => p);
      const failed = git.initialCommit(
        target,
        `chore: scaffold ${answers.appName} with create-pyme-stack ${GENERATOR.version}`,
        executables,
      );
      out(failed ? `${kleur.yellow('!')} ${ui.gitFailed[lang]} ${failed}\n` : `${ui.gitDone[lang]}\n`);
      if (!failed && state.kind === 'enclosed') out(`${kleur.yellow('!')} ${ui.gitEnclosed[lang].replace('{top}', state.top)}\n`);
    }
  }
  await checkpoint(ui.cancelledAfterWrite);
  if (opts.install) {
    const { runInstalls } = await import('./install-run.js');
    if (!runInstalls(target, files, (l) => out(`${ui.installing[lang]} ${l}\n`))) {
      await checkpoint(ui.cancelledAfterWrite); // Ctrl-C stopped the install: 130, not "it failed"
      colourFor(2);
      err(`${kleur.red('✖')} ${ui.installFailed[lang]} ${shellQuote(shown)}\n`);
      return EXIT.input;
    }
    await checkpoint(ui.cancelledAfterWrite);
  }
  printNextSteps(shown, files, answers, opts.install);
  return EXIT.ok;
}

function existsDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Paths and sizes; into an existing folder (--force), each marked A(dded), M(odified) or = (same). */
function printTree(files: FileMap, diff?: DiskDiff) {
  const mark = (path: string) =>
    !diff ? '' : diff.added.includes(path) ? `${kleur.green('A')} ` : diff.changed.includes(path) ? `${kleur.yellow('M')} ` : '= ';
  for (const [path, file] of files) {
    const size = `${file.content.length} B`.padStart(9);
    out(`  ${mark(path)}${size}  ${path}${file.mode & 0o111 ? kleur.dim(' (+x)') : ''}\n`);
  }
}

function printNextSteps(dir: string, files: FileMap, answers: Answers, installed: boolean) {
  const lang = answers.lang;
  const lines = [`cd ${shellQuote(dir)}`];
  if (!installed)
    for (const s of installSteps(files)) lines.push(s.dir === '.' ? s.command.join(' ') : `(cd ${s.dir} && ${s.command.join(' ')})`);
  out(
    `\n${ui.nextSteps[lang]}\n  ${ui.needs[lang].replace('{bun}', answers.bunVersion)}\n${lines.map((l) => `  ${kleur.cyan(l)}`).join('\n')}\n  ${ui.followChecklist[lang]}\n`,
  );
}
