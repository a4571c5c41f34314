// argv -> options. Answer flags come from the questions table; the rest are the CLI's own.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { questions, type AnswerKey } from './questions.js';
import { EXIT, UserError } from './errors.js';
import { type Msg, msg } from './i18n.js';

export interface CliOptions {
  command: 'create' | 'upgrade' | 'provision' | 'doctor';
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
  /** provision and doctor: their own string flags, by name (dokploy-url, domain, repo...). */
  deploy: Partial<Record<DeployFlag, string>>;
  /** doctor: machine-readable output. */
  json: boolean;
  /** upgrade: also list the files left as they are (`kept`). */
  verbose: boolean;
  /** upgrade: unified diffs after the plan. */
  diff: boolean;
  /** upgrade: only say whether a newer version is published (exit code). */
  check: boolean;
}

/** String flags of provision (and doctor, which reads the same Dokploy and domains). */
export const deployFlags = [
  {
    flag: 'dokploy-url',
    value: '<url>',
    doctor: true,
    help: msg(
      'dirección de Dokploy (o DOKPLOY_URL); la API key va en DOKPLOY_API_KEY',
      "Dokploy's address (or DOKPLOY_URL); the API key goes in DOKPLOY_API_KEY",
    ),
  },
  {
    flag: 'domain',
    value: '<domain>',
    help: msg('api.<dominio>, <dominio> y errores.<dominio>', 'api.<domain>, <domain> and errors.<domain>'),
  },
  { flag: 'api-domain', value: '<host>', help: msg('dominio del backend', "the backend's domain") },
  { flag: 'site-domain', value: '<host>', help: msg('dominio del frontend', "the frontend's domain") },
  { flag: 'errors-domain', value: '<host>', help: msg('dominio de GlitchTip', "GlitchTip's domain") },
  {
    flag: 'repo',
    value: '<owner/name>',
    help: msg('repositorio de GitHub (default: el remote origin)', 'GitHub repository (default: the origin remote)'),
  },
  { flag: 'branch', value: '<name>', help: msg('rama que se despliega (default: main)', 'branch to deploy (default: main)') },
  {
    flag: 'github-provider',
    value: '<id|none>',
    help: msg('proveedor de GitHub de Dokploy (default: el único que hay)', "Dokploy's GitHub provider (default: the only one)"),
  },
  {
    flag: 'backend-dsn',
    value: '<dsn>',
    help: msg('pone el DSN de GlitchTip del backend (GLITCHTIP_DSN)', "sets the backend's GlitchTip DSN (GLITCHTIP_DSN)"),
  },
  {
    flag: 'frontend-dsn',
    value: '<dsn>',
    help: msg('pone el DSN de GlitchTip del frontend (PUBLIC_GLITCHTIP_DSN)', "sets the frontend's GlitchTip DSN (PUBLIC_GLITCHTIP_DSN)"),
  },
  {
    flag: 'r2-account-id',
    value: '<id>',
    help: msg(
      'cuenta de R2 (o R2_ACCOUNT_ID): con R2_ACCESS_KEY_ID y R2_SECRET_ACCESS_KEY añade el destino S3 y el respaldo de Dokploy',
      "R2 account (or R2_ACCOUNT_ID): with R2_ACCESS_KEY_ID and R2_SECRET_ACCESS_KEY adds Dokploy's S3 destination and backup",
    ),
  },
  {
    flag: 'r2-endpoint',
    value: '<url>',
    help: msg('endpoint de R2 en vez de la cuenta (buckets en la UE)', 'R2 endpoint instead of the account (EU buckets)'),
  },
  {
    flag: 'vps-root',
    value: '<dir>',
    doctor: true,
    help: msg(
      'doctor: revisa también respaldo, disco y memoria del VPS (/ en el VPS; automático si existe /opt/<app>)',
      'doctor: also checks the VPS backup, disk and memory (/ on the VPS; automatic when /opt/<app> exists)',
    ),
  },
] as const satisfies readonly { flag: string; value: string; help: Msg; doctor?: boolean }[];
export type DeployFlag = (typeof deployFlags)[number]['flag'];

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
      'mostrar lo que se escribiría (rutas, tamaños; upgrade: el plan, con --diff los diffs) sin escribir nada',
      'print what would be written (paths, sizes; upgrade: the plan, with --diff the diffs), write nothing',
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
    flag: 'json',
    create: false,
    help: msg('doctor: una salida JSON para scripts', 'doctor: JSON output for scripts'),
  },
  {
    flag: 'verbose',
    upgrade: true,
    create: false,
    help: msg('upgrade: listar también los archivos que se quedan igual (kept)', 'upgrade: also list the files left as they are (kept)'),
  },
  {
    flag: 'diff',
    upgrade: true,
    create: false,
    help: msg(
      'upgrade: después del plan, los diffs de cada archivo (los lockfiles en una línea: +N −M)',
      'upgrade: after the plan, the diff of each file (lockfiles as one line: +N −M)',
    ),
  },
  {
    flag: 'check',
    upgrade: true,
    create: false,
    help: msg(
      'upgrade: solo decir si hay una versión más nueva publicada y qué cambiaría; no escribe (sale con 0, 4 o 5)',
      'upgrade: only say whether a newer version is published and what it would change; writes nothing (exits 0, 4 or 5)',
    ),
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
  for (const f of deployFlags) options[f.flag] = { type: 'string' };
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
  if (positionals[0] === 'upgrade' || positionals[0] === 'provision' || positionals[0] === 'doctor') {
    command = positionals[0];
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
  const deployGiven = deployFlags.filter((f) => values[f.flag] !== undefined).map((f) => `--${f.flag}`);
  if ((command === 'create' || command === 'upgrade') && (deployGiven.length > 0 || values.json)) {
    const shown = [...deployGiven, ...(values.json ? ['--json'] : [])].join(', ');
    throw new UserError(
      msg(
        `${shown}: solo con \`provision\` o \`doctor\` (corre con --help)`,
        `${shown}: only with \`provision\` or \`doctor\` (run with --help)`,
      ),
      EXIT.usage,
    );
  }
  // Asked of create, these would make a project instead of answering the question.
  const upgradeOnly = (['check', 'diff'] as const).filter((f) => values[f]);
  if (command !== 'upgrade' && upgradeOnly.length > 0) {
    const shown = upgradeOnly.map((f) => `--${f}`).join(', ');
    throw new UserError(
      msg(`${shown}: solo con \`upgrade\` (corre con --help)`, `${shown}: only with \`upgrade\` (run with --help)`),
      EXIT.usage,
    );
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
    deploy: Object.fromEntries(deployFlags.filter((f) => values[f.flag] !== undefined).map((f) => [f.flag, values[f.flag] as string])),
    json: Boolean(values.json),
    verbose: Boolean(values.verbose),
    diff: Boolean(values.diff),
    check: Boolean(values.check),
  };
}
