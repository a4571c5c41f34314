// argv -> options. Answer flags come from the questions table; the rest are the CLI's own.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { questions, type AnswerKey } from './questions.js';
import { EXIT, UserError } from './errors.js';
import { type Msg, msg } from './i18n.js';

export interface CliOptions {
  command: 'create' | 'upgrade';
  dir?: string;
  /** Answers given as flags, raw (not yet normalised). */
  flagAnswers: Partial<Record<AnswerKey, unknown>>;
  answersFile?: string;
  yes: boolean;
  dryRun: boolean;
  force: boolean;
  git: boolean;
  install: boolean;
  help: boolean;
  version: boolean;
  /** upgrade: --set key=value */
  set: string[];
  /** upgrade: also list the files left as they are (`kept`). */
  verbose: boolean;
}

/** The CLI's own flags, for the parser and for --help. */
export const generalFlags: { flag: string; short?: string; value?: string; help: Msg; upgrade?: boolean; create?: boolean }[] = [
  {
    flag: 'answers',
    value: '<file>',
    help: msg('respuestas desde un archivo YAML o JSON (los flags ganan)', 'answers from a YAML or JSON file (flags win over it)'),
  },
  {
    flag: 'yes',
    short: 'y',
    upgrade: true,
    help: msg(
      'nunca preguntar: defaults para lo demás, error si falta uno obligatorio',
      'never prompt: defaults for the rest, error if a required one is missing',
    ),
  },
  {
    flag: 'dry-run',
    upgrade: true,
    help: msg(
      'mostrar lo que se escribiría (rutas, tamaños; upgrade: el plan y los diffs) sin escribir nada',
      'print what would be written (paths, sizes; upgrade: the plan and diffs), write nothing',
    ),
  },
  {
    flag: 'force',
    upgrade: true,
    help: msg(
      'permitir una carpeta no vacía; lista antes cada archivo que cambia',
      'allow a non-empty folder; list each file that would change first',
    ),
  },
  {
    flag: 'no-git',
    help: msg(
      'no hacer `git init` ni el primer commit (default: hacerlo si hay git)',
      'skip `git init` + first commit (default: do it when git exists)',
    ),
  },
  {
    flag: 'install',
    help: msg(
      'instalar dependencias al terminar (default: no; muestra los pasos)',
      'run the installs after writing (default: off; print the next steps)',
    ),
  },
  {
    flag: 'set',
    value: '<key=value>',
    upgrade: true,
    create: false,
    help: msg('upgrade: cambia una respuesta guardada (repetible)', 'upgrade: change a recorded answer (repeatable)'),
  },
  {
    flag: 'verbose',
    upgrade: true,
    create: false,
    help: msg('upgrade: listar también los archivos que se quedan igual (kept)', 'upgrade: also list the files left as they are (kept)'),
  },
  { flag: 'help', short: 'h', upgrade: true, help: msg('mostrar esta ayuda', 'show this help') },
  { flag: 'version', short: 'v', upgrade: true, help: msg('mostrar la versión', 'show the version') },
];

export function parseCli(argv: string[]): CliOptions {
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const q of questions) {
    if (q.kind === 'toggle') {
      options[q.flag] = { type: 'boolean' };
      options[`no-${q.flag}`] = { type: 'boolean' };
    } else {
      options[q.flag] = { type: 'string' };
    }
  }
  for (const f of generalFlags) {
    options[f.flag] = {
      type: f.value ? 'string' : 'boolean',
      ...(f.short ? { short: f.short } : {}),
      ...(f.flag === 'set' ? { multiple: true } : {}),
    };
  }

  const parsed = (() => {
    try {
      return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    } catch (error) {
      // Node's own message names the flag; the advice around it is ours, in both languages.
      const why = (error as Error).message.replace(/\. To specify.*$/s, '');
      throw new UserError(
        msg(`${why}. Corre con --help para ver todos los flags.`, `${why}. Run with --help to see every flag.`),
        EXIT.usage,
      );
    }
  })();
  const { values, positionals } = parsed;
  let command: CliOptions['command'] = 'create';
  if (positionals[0] === 'upgrade') {
    command = 'upgrade';
    positionals.shift();
  }
  if (positionals.length > 1) {
    const got = `${positionals.length}: ${positionals.join(' ')}`;
    throw new UserError(msg(`se espera una sola carpeta, llegaron ${got}`, `expected one folder, got ${got}`), EXIT.usage);
  }

  const flagAnswers: CliOptions['flagAnswers'] = {};
  for (const q of questions) {
    if (q.kind === 'toggle') {
      if (values[q.flag] && values[`no-${q.flag}`]) {
        throw new UserError(
          msg(`--${q.flag} y --no-${q.flag} se contradicen`, `--${q.flag} and --no-${q.flag} contradict each other`),
          EXIT.usage,
        );
      }
      if (values[q.flag]) flagAnswers[q.key] = true;
      if (values[`no-${q.flag}`]) flagAnswers[q.key] = false;
    } else if (values[q.flag] !== undefined) {
      flagAnswers[q.key] = values[q.flag];
    }
  }
  if (command === 'create' && values.set) {
    throw new UserError(
      msg(
        '--set solo funciona con `upgrade`; pasa las respuestas como flags',
        '--set only works with `upgrade`; pass answers as flags instead',
      ),
      EXIT.usage,
    );
  }

  return {
    command,
    dir: positionals[0],
    flagAnswers,
    answersFile: values.answers as string | undefined,
    yes: Boolean(values.yes),
    dryRun: Boolean(values['dry-run']),
    force: Boolean(values.force),
    git: !values['no-git'],
    install: Boolean(values.install),
    help: Boolean(values.help),
    version: Boolean(values.version),
    set: (values.set as string[] | undefined) ?? [],
    verbose: Boolean(values.verbose),
  };
}
