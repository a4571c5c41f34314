// `create-pyme-stack provision [dir]`: the CLI's door to provision. Gathers the inputs (the
// project's recorded answers, flags, DOKPLOY_URL / DOKPLOY_API_KEY or prompts), runs, reports.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import kleur from 'kleur';
import type { CliOptions } from '../args.js';
import { CancelledError, EXIT, UsageError } from '../errors.js';
import { type Lang, ui } from '../i18n.js';
import { MANIFEST_PATH, parseManifest } from '../manifest.js';
import { isInteractive, out } from '../output.js';
import { DokployClient } from './client.js';
import { actionsSecrets, ghSecretLines } from './github-lines.js';
import { humanSteps } from './human-steps.js';
import { ProvisionError, say } from './messages.js';
import { domainsFrom, isDsn, repoFromRemote } from './plan.js';
import { r2From } from './r2-input.js';
import { provision, type Step } from './run.js';
import { newSecrets } from './secrets.js';
import { DEPLOY_FILE, writeDeployRecord } from './state.js';

export interface ProjectAnswers {
  appName: string;
  lang: Lang;
  alertPhone: string;
  metrics: boolean;
  deployMethod: 'api' | 'webhook';
  r2Bucket: string;
}

export function readProjectAnswers(dir: string): ProjectAnswers {
  let text: string;
  try {
    text = readFileSync(join(dir, MANIFEST_PATH), 'utf8');
  } catch {
    throw new ProvisionError(say.notAProject(dir));
  }
  const a = parseManifest(text, MANIFEST_PATH).answers;
  return {
    appName: a.appName,
    lang: a.lang,
    alertPhone: a.alertPhone,
    metrics: a.metrics,
    deployMethod: a.deployMethod === 'webhook' ? 'webhook' : 'api',
    r2Bucket: a.r2Bucket,
  };
}

async function ask(message: string, hidden: boolean, lang: Lang): Promise<string> {
  const { default: prompts } = await import('prompts');
  let cancelled = false;
  const r = await prompts(
    { name: 'value', type: hidden ? 'password' : 'text', message },
    {
      onCancel: () => {
        cancelled = true;
        return false;
      },
    },
  );
  if (cancelled || typeof r.value !== 'string' || r.value.trim() === '') throw new CancelledError(ui.cancelled[lang]);
  return r.value.trim();
}

async function choose(message: string, choices: { id: string; title: string }[], lang: Lang): Promise<string> {
  const { default: prompts } = await import('prompts');
  let cancelled = false;
  const r = await prompts(
    { name: 'value', type: 'select', message, choices: choices.map((c) => ({ title: c.title, value: c.id })) },
    {
      onCancel: () => {
        cancelled = true;
        return false;
      },
    },
  );
  if (cancelled || typeof r.value !== 'string') throw new CancelledError(ui.cancelled[lang]);
  return r.value;
}

function originRemote(dir: string): string | undefined {
  try {
    return execFileSync('git', ['-C', dir, 'remote', 'get-url', 'origin'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

const MARK: Record<Step['action'], string> = {
  created: kleur.green('+'),
  updated: kleur.yellow('~'),
  unchanged: kleur.dim('='),
  deployed: kleur.green('↑'),
  deployFailed: kleur.red('✖'),
};

export async function runProvision(opts: CliOptions, cliLang: Lang, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const dir = resolve(opts.dir ?? '.');
  const project = readProjectAnswers(dir);
  const lang = opts.flagAnswers.lang === 'es' || opts.flagAnswers.lang === 'en' ? cliLang : project.lang;
  const interactive = isInteractive(opts);
  const f = opts.deploy;

  const url = f['dokploy-url'] ?? env.DOKPLOY_URL ?? (interactive ? await ask(say.askUrl[lang], false, lang) : undefined);
  if (!url) throw new ProvisionError(say.noUrl);
  // The key never comes as a flag: it would sit in the shell history and in `ps`.
  const apiKey = env.DOKPLOY_API_KEY ?? (interactive ? await ask(say.askKey[lang], true, lang) : undefined);
  if (!apiKey) throw new ProvisionError(say.noApiKey);
  const base =
    f.domain ??
    (interactive && !(f['api-domain'] && f['site-domain'] && f['errors-domain']) ? await ask(say.askDomain[lang], false, lang) : undefined);
  const given = {
    ...(f['api-domain'] ? { api: f['api-domain'] } : {}),
    ...(f['site-domain'] ? { site: f['site-domain'] } : {}),
    ...(f['errors-domain'] ? { errors: f['errors-domain'] } : {}),
  };
  if (!base && Object.keys(given).length < 3) throw new ProvisionError(say.noDomain);
  const domains = domainsFrom(base ?? '', lang, given);
  const repoText = f.repo ?? originRemote(dir);
  const repo = repoText
    ? /^[\w.-]+\/[\w.-]+$/.test(repoText)
      ? { owner: repoText.split('/')[0]!, name: repoText.split('/')[1]! }
      : repoFromRemote(repoText)
    : undefined;
  if (!repo) throw new ProvisionError(say.noRepo);
  if (f.branch !== undefined && !/^[\w./-]+$/.test(f.branch)) throw new UsageError(`--branch ${f.branch}`);
  for (const flag of ['backend-dsn', 'frontend-dsn'] as const) {
    const v = f[flag];
    if (v !== undefined && !isDsn(v)) throw new ProvisionError(say.badDsn(flag));
  }

  // The bucket is the one the project was made with (or R2_BUCKET), as backup.env has it.
  const r2 = r2From(f, env, project.r2Bucket);

  const started = performance.now();
  const api = new DokployClient({ url, apiKey });
  const result = await provision(
    api,
    {
      appName: project.appName,
      alertPhone: project.alertPhone,
      metrics: project.metrics,
      deployMethod: project.deployMethod,
      domains,
      repo: { ...repo, branch: f.branch ?? 'main' },
      ...(f['github-provider'] ? { githubProvider: f['github-provider'] } : {}),
      ...(interactive ? { chooseGithubProvider: (providers) => choose(say.askProvider[lang], providers, lang) } : {}),
      secrets: newSecrets(),
      ...(r2 ? { r2 } : {}),
      dsn: { ...(f['backend-dsn'] ? { backend: f['backend-dsn'] } : {}), ...(f['frontend-dsn'] ? { frontend: f['frontend-dsn'] } : {}) },
    },
    { dryRun: opts.dryRun, save: (record) => (opts.dryRun ? undefined : writeDeployRecord(dir, record)) },
  );

  out(`${say.version(result.version)[lang]} — ${api.url}\n`);
  if (opts.dryRun) {
    out(`${kleur.yellow(say.dryRunHeader[lang])}\n`);
    for (const p of api.planned) out(`  POST /api/${p.endpoint} ${JSON.stringify(p.body)}\n`);
    return EXIT.ok;
  }
  for (const s of result.steps) out(`  ${MARK[s.action]} ${s.resource}: ${say[s.action][lang]}${s.detail ? ` (${s.detail})` : ''}\n`);
  const changes = result.steps.filter((s) => s.action !== 'unchanged').length;
  out(`${changes === 0 ? say.nothingChanged[lang] : say.changes(changes)[lang]}\n`);
  out(`${say.recorded(DEPLOY_FILE)[lang]}\n`);
  out(`${kleur.dim(say.calls(api.calls, ((performance.now() - started) / 1000).toFixed(1))[lang])}\n`);

  const repoName = `${repo.owner}/${repo.name}`;
  const secrets = actionsSecrets(result, project.deployMethod);
  let secretsWritten = false;
  if (env.GITHUB_TOKEN) {
    // The token, like the API key, only ever comes from the environment.
    const { writeGithubSecrets } = await import('./github-secrets.js');
    const names = await writeGithubSecrets(
      { owner: repo.owner, repo: repo.name, token: env.GITHUB_TOKEN, apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com' },
      secrets.map((s) => ({ name: s.name, value: s.value ?? apiKey })),
    );
    out(
      `\n${kleur.green('✔')} ${lang === 'es' ? 'Secretos de GitHub Actions escritos en' : 'GitHub Actions secrets written in'} ${repoName}: ${names.join(', ')}\n`,
    );
    secretsWritten = true;
  } else {
    out(
      `\n${lang === 'es' ? 'Secretos de GitHub Actions (o corre con GITHUB_TOKEN para escribirlos):' : 'GitHub Actions secrets (or run with GITHUB_TOKEN to write them):'}\n`,
    );
    for (const line of ghSecretLines(secrets, repoName)) out(`  ${kleur.cyan(line)}\n`);
  }
  out(
    `\n${lang === 'es' ? 'Lo que falta, en orden (solo una persona puede hacerlo):' : 'What is left, in order (only a person can do it):'}\n`,
  );
  humanSteps(result, lang, { githubProviderMissing: f['github-provider'] === 'none', secretsWritten }).forEach((s, i) => {
    out(`  ${i + 1}. ${s}\n`);
  });
  return result.steps.some((s) => s.action === 'deployFailed') ? EXIT.input : EXIT.ok;
}
