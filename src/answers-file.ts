// `--answers <file>`: YAML or JSON with the answer keys or their flag names. The file may be
// anything a clumsy or hostile user points at (/dev/zero, a huge file, a value pasted ten
// thousand times), so it is read with a size cap, and every scalar is kept as the text typed
// (`+52…`, `1e3` and `1.10` are not numbers to reshape): the questions' rules then parse it.
import { closeSync, openSync, readSync } from 'node:fs';
import { CliError, UsageError } from './errors.js';
import type { Lang } from './i18n.js';
import { questionByFlag, questionByKey, questions, type AnswerKey } from './questions.js';
import type { RawAnswers } from './answers.js';
import { shown } from './shown.js';

export const ANSWERS_MAX_BYTES = 64 * 1024;

/** At most max + 1 bytes, whatever the file is (a device or a pipe has no size to trust). */
function readCapped(file: string, max: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(max + 1);
    let length = 0;
    for (let n = 1; n > 0 && length <= max; length += n) n = readSync(fd, buffer, length, buffer.length - length, null);
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

export async function readAnswersFile(file: string, lang: Lang): Promise<RawAnswers> {
  const where = `--answers ${shown(file)}`;
  let bytes: Buffer;
  try {
    bytes = readCapped(file, ANSWERS_MAX_BYTES);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UsageError(lang === 'es' ? `${where}: no se puede leer (${code})` : `${where}: cannot read it (${code})`);
  }
  if (bytes.length > ANSWERS_MAX_BYTES) {
    const kib = ANSWERS_MAX_BYTES / 1024;
    throw new CliError(
      lang === 'es'
        ? `${where}: pasa de ${kib} KiB; un archivo de respuestas ocupa unos cientos de bytes`
        : `${where}: larger than ${kib} KiB; an answers file is a few hundred bytes`,
    );
  }
  const { default: YAML } = await import('yaml'); // only answers files need it
  let data: unknown;
  try {
    // failsafe: every scalar is a string as typed; duplicate keys are an error (uniqueKeys).
    data = YAML.parse(bytes.toString('utf8'), { schema: 'failsafe', uniqueKeys: true, maxAliasCount: 10 });
  } catch (error) {
    const why = (error as Error).message.split('\n')[0]!;
    throw new CliError(lang === 'es' ? `${where}: no es YAML ni JSON válido (${why})` : `${where}: not valid YAML or JSON (${why})`);
  }
  if (data === null || data === undefined || data === '') return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new CliError(
      lang === 'es' ? `${where}: debe ser un mapa de respuestas (clave: valor)` : `${where}: must be a mapping of answers (key: value)`,
    );
  }
  const out: RawAnswers = {};
  const spelledAs = new Map<AnswerKey, string>();
  for (const [key, value] of Object.entries(data)) {
    const q = questionByKey.get(key as AnswerKey) ?? questionByFlag.get(key);
    if (!q) {
      const known = questions.map((x) => x.key).join(', ');
      throw new CliError(
        lang === 'es'
          ? `${where}: clave desconocida ${shown(key)} (claves válidas: ${known})`
          : `${where}: unknown key ${shown(key)} (known keys: ${known})`,
      );
    }
    const before = spelledAs.get(q.key);
    if (before !== undefined) {
      throw new CliError(
        lang === 'es'
          ? `${where}: ${shown(before)} y ${shown(key)} son la misma respuesta; deja solo una`
          : `${where}: ${shown(before)} and ${shown(key)} are the same answer; keep only one`,
      );
    }
    spelledAs.set(q.key, key);
    out[q.key] = value;
  }
  return out;
}
