// `create-pyme-stack upgrade [dir]`: regenerate a project with this version's templates, keeping
// every line the founder wrote. The work is in upgrade/run.ts; this is the CLI's door to it.
import type { CliOptions } from './args.js';
import { UsageError } from './errors.js';
import type { Lang } from './i18n.js';
import { parseSets } from './upgrade/answers.js';
import { upgradeProject } from './upgrade/run.js';
import { checkProject } from './upgrade/check.js';
import { say } from './upgrade/messages.js';
import { isInteractive, out } from './output.js';

export async function runUpgrade(opts: CliOptions, lang: Lang): Promise<number> {
  if (opts.answersFile) throw new UsageError(say.answersFlag[lang]);
  if (opts.check) return checkProject({ dir: opts.dir ?? '.', lang, out });
  const { exitCode } = await upgradeProject({
    dir: opts.dir ?? '.',
    dryRun: opts.dryRun,
    force: opts.force,
    verbose: opts.verbose,
    diff: opts.diff,
    yes: opts.yes,
    interactive: isInteractive(opts),
    // Answer flags (--metrics, ...) work too; --set wins over them.
    sets: { ...opts.flagAnswers, ...parseSets(opts.set) },
    lang,
    out,
    ask: async (q, initial, askLang) => (await import('./prompt.js')).askQuestion(q, initial, askLang),
  });
  return exitCode;
}
