// The answers an upgrade renders with: the recorded ones, moved by migrations, changed by
// --set key=value, plus any question this version added (asked, or its default with --yes).
// Every value goes through the questions table's normalise + validate, as at creation.
import { resolveAnswers, type RawAnswers } from '../answers.js';
import { questionByFlag, questionByKey, questions, type Answers, type AnswerKey } from '../questions.js';
import { EXIT, UserError } from '../errors.js';
import { type Lang, msg } from '../i18n.js';
import { shown } from '../shown.js';
import { migrateAnswers, type Migration } from './migrations.js';

/** --set key=value (key: an answer key or its flag name) -> raw answers. */
export function parseSets(sets: string[]): RawAnswers {
  const out: RawAnswers = {};
  for (const set of sets) {
    const eq = set.indexOf('=');
    const name = eq > 0 ? set.slice(0, eq) : '';
    const q = questionByKey.get(name as AnswerKey) ?? questionByFlag.get(name);
    if (!q) {
      const keys = questions.map((x) => x.key).join(', ');
      throw new UserError(
        msg(
          `--set ${shown(set)}: se espera clave=valor, con clave una de ${keys}`,
          `--set ${shown(set)}: expected key=value with key one of ${keys}`,
        ),
        EXIT.usage,
      );
    }
    out[q.key] = set.slice(eq + 1);
  }
  return out;
}

export interface UpgradeAnswersOptions {
  recorded: Record<string, unknown>;
  migrations: Migration[];
  sets: RawAnswers;
  yes: boolean;
  interactive: boolean;
  dirName: string;
  lang: Lang;
  ask?: Parameters<typeof resolveAnswers>[0]['ask'];
}

export async function upgradeAnswers(opts: UpgradeAnswersOptions): Promise<{ answers: Answers; asked: AnswerKey[] }> {
  const migrated = migrateAnswers(opts.recorded, opts.migrations);
  const known: RawAnswers = {};
  for (const q of questions) if (migrated[q.key] !== undefined) known[q.key] = migrated[q.key];
  const asked = questions.filter((q) => known[q.key] === undefined && opts.sets[q.key] === undefined).map((q) => q.key);
  const answers = await resolveAnswers({
    fromFile: known,
    fileName: '.pyme-stack.json',
    fromFlags: opts.sets,
    // Only new questions are open, so "not interactive" must not demand every answer as a flag.
    yes: opts.yes || asked.length === 0,
    interactive: opts.interactive,
    dirName: opts.dirName,
    lang: opts.lang,
    ask: opts.ask,
  });
  return { answers, asked };
}
