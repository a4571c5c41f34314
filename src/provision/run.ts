// Provision: make Dokploy hold what the project needs, creating what is missing and updating
// only what differs. Every resource is found by name first, so a second run changes nothing and
// a run that stopped halfway picks up where it was.
import semver from 'semver';
import type { DokployClient } from './client.js';
import type {
  ApplicationRecord,
  ComposeRecord,
  DestinationRecord,
  DomainRecord,
  EnvironmentRecord,
  GithubProvider,
  PostgresRecord,
  ProjectRecord,
} from './dokploy-types.js';
import { mergeEnv, parseEnv, sameEnv } from './env-text.js';
import { ProvisionError, say } from './messages.js';
import {
  backendEnv,
  COMPOSE_PATH,
  composeEnv,
  DOKPLOY_BACKUP,
  type Domains,
  type EnvPlan,
  frontendEnv,
  MEMORY,
  type Names,
  namesFor,
  PORTS,
  type R2Input,
  r2Destination,
  type Repo,
  type Secrets,
  UPDATE_CONFIG,
} from './plan.js';
import type { DeployRecord } from './state.js';

/** Dokploy versions whose API provision was checked against (the update-config form is from 0.26.6). */
export const KNOWN_DOKPLOY = '>=0.26.6 <0.31.0';

export interface ProvisionInput {
  appName: string;
  alertPhone: string;
  metrics: boolean;
  deployMethod: 'api' | 'webhook';
  domains: Domains;
  repo: Repo;
  /** A githubId, 'none' (no provider yet) or undefined (the only one Dokploy has). */
  githubProvider?: string;
  /** Asks which provider when Dokploy has several (interactive runs); without it, that is an error. */
  chooseGithubProvider?: (providers: { id: string; title: string }[]) => Promise<string>;
  secrets: Secrets;
  /** GlitchTip DSNs (--backend-dsn, --frontend-dsn): set when given, else left as they are. */
  dsn?: { backend?: string; frontend?: string };
  /** R2 keys: when given, Dokploy's S3 destination and the database's daily backup. */
  r2?: R2Input;
}

/** One line of the report: a resource, what happened to it. */
export interface Step {
  resource: string;
  action: 'created' | 'updated' | 'unchanged' | 'deployed' | 'deployFailed';
  detail?: string;
}

export interface ProvisionResult {
  steps: Step[];
  record: DeployRecord;
  version: string;
  /** Deploy webhooks (deployMethod webhook): secret, never written to disk. */
  webhooks: { backend?: string; frontend?: string; compose?: string };
  serverIp?: string;
}

interface Ctx {
  api: DokployClient;
  dryRun: boolean;
  steps: Step[];
  /** Called after each resource is settled, so a half-failed run still leaves its record. */
  save: (record: DeployRecord) => void;
  record: DeployRecord;
}

let dryCounter = 0;
/** What a create would return, for --dry-run (no call is made). */
const dryId = (kind: string) => `<${kind}-${++dryCounter}>`;

async function post<T>(ctx: Ctx, endpoint: string, body: object, fake: () => T): Promise<T> {
  if (ctx.dryRun) {
    ctx.api.plan(endpoint, body);
    return fake();
  }
  return ctx.api.post<T>(endpoint, body);
}

export async function provision(
  api: DokployClient,
  input: ProvisionInput,
  opts: { dryRun: boolean; save: (r: DeployRecord) => void },
): Promise<ProvisionResult> {
  const names = namesFor(input.appName);
  // Ask the version first: an unknown one stops before anything is touched.
  const version = String(await api.get<unknown>('settings.getDokployVersion'));
  const v = semver.coerce(version);
  if (!v || !semver.satisfies(v, KNOWN_DOKPLOY)) throw new ProvisionError(say.unknownVersion(version, KNOWN_DOKPLOY));

  const githubId = await pickGithubProvider(api, input.githubProvider, input.chooseGithubProvider);
  const record: DeployRecord = {
    dokployUrl: api.url,
    dokployVersion: version,
    domains: input.domains,
    names,
    repo: `${input.repo.owner}/${input.repo.name}`,
    deployMethod: input.deployMethod,
  };
  const ctx: Ctx = { api, dryRun: opts.dryRun, steps: [], save: opts.save, record };

  const env = await projectEnvironment(ctx, names);
  const db = await database(ctx, env, names, input);
  if (input.r2) await backupSchedule(ctx, db, r2Destination(input.appName, input.r2));
  // What exists is read whole first: its secrets win over fresh ones (a re-run never rotates them).
  const existing = {
    backend: await one<ApplicationRecord>(
      ctx,
      'application.one',
      'applicationId',
      env.applications?.find((a) => a.name === names.backend)?.applicationId,
    ),
    frontend: await one<ApplicationRecord>(
      ctx,
      'application.one',
      'applicationId',
      env.applications?.find((a) => a.name === names.frontend)?.applicationId,
    ),
    compose: await one<ComposeRecord>(ctx, 'compose.one', 'composeId', env.compose?.find((c) => c.name === names.compose)?.composeId),
  };
  const found = foundSecrets(existing.backend, existing.compose);
  const secrets: Secrets = { ...input.secrets, ...found, databasePassword: db.databasePassword };
  const webhooks: ProvisionResult['webhooks'] = {};

  const autoDeploy = input.deployMethod === 'webhook';
  const source = { owner: input.repo.owner, repository: input.repo.name, branch: input.repo.branch, githubId };
  const backend = await application(ctx, env, existing.backend, 'backend', names.backend, `${input.appName}-backend`, {
    source: { ...source, buildPath: '/backend' },
    env: backendEnv({ appName: input.appName, dbAppName: db.appName, dbName: db.databaseName, secrets, dsn: input.dsn?.backend }),
    domain: input.domains.api,
    port: PORTS.backend,
    autoDeploy,
  });
  const frontend = await application(ctx, env, existing.frontend, 'frontend', names.frontend, `${input.appName}-frontend`, {
    source: { ...source, buildPath: '/frontend' },
    env: frontendEnv({ domains: input.domains, dsn: input.dsn?.frontend }),
    domain: input.domains.site,
    port: PORTS.frontend,
    autoDeploy,
  });
  const compose = await monitoring(ctx, env, existing.compose, names.compose, `${input.appName}-monitoring`, {
    source,
    env: composeEnv({
      domains: input.domains,
      secrets,
      alertPhone: input.alertPhone,
      ...(input.metrics ? { backendAppName: backend.appName } : {}),
    }),
    domain: input.domains.errors,
    autoDeploy,
  });
  if (autoDeploy) {
    const hook = (path: string, token?: string | null) => (token ? `${api.url}/api/deploy/${path}${token}` : undefined);
    Object.assign(webhooks, {
      backend: hook('', backend.refreshToken),
      frontend: hook('', frontend.refreshToken),
      compose: hook('compose/', compose.refreshToken),
    });
  }
  let serverIp: string | undefined;
  try {
    const ip = await api.get<unknown>('settings.getIp');
    if (typeof ip === 'string' && ip !== '') serverIp = ip;
  } catch {
    // an older Dokploy or a server without an IP set: the DNS step then says where to look
  }
  return { steps: ctx.steps, record, version, webhooks, ...(serverIp ? { serverIp } : {}) };
}

async function pickGithubProvider(
  api: DokployClient,
  wanted: string | undefined,
  choose: ProvisionInput['chooseGithubProvider'],
): Promise<string | null> {
  if (wanted === 'none') return null;
  const providers = await api.get<GithubProvider[]>('github.githubProviders');
  const ids = providers.map((p) => p.githubId);
  const known = providers.map((p) => `${p.githubId}${p.gitProvider?.name ? ` (${p.gitProvider.name})` : ''}`).join(', ');
  if (wanted) {
    if (!ids.includes(wanted)) throw new ProvisionError(say.unknownGithubProvider(wanted, known || '-'));
    return wanted;
  }
  if (ids.length === 0) throw new ProvisionError(say.noGithubProvider);
  if (ids.length > 1) {
    if (!choose) throw new ProvisionError(say.manyGithubProviders(known));
    return choose(providers.map((p) => ({ id: p.githubId, title: p.gitProvider?.name ?? p.githubId })));
  }
  return ids[0]!;
}

async function projectEnvironment(ctx: Ctx, names: Names): Promise<EnvironmentRecord> {
  const projects = await ctx.api.get<ProjectRecord[]>('project.all');
  const found = projects.find((p) => p.name === names.project);
  if (found) {
    const listed = found.environments?.find((e) => e.name === 'production') ?? found.environments?.[0];
    if (listed) {
      ctx.steps.push({ resource: `project ${names.project}`, action: 'unchanged' });
      ctx.record.projectId = found.projectId;
      ctx.record.environmentId = listed.environmentId;
      ctx.save(ctx.record);
      // project.all lists services without all their names (postgres has none): environment.one has them.
      return ctx.api.get<EnvironmentRecord>('environment.one', { environmentId: listed.environmentId });
    }
  }
  const created = await post<{ project: ProjectRecord; environment: EnvironmentRecord }>(
    ctx,
    'project.create',
    { name: names.project, description: 'create-pyme-stack provision' },
    () => ({
      project: { projectId: dryId('project'), name: names.project },
      environment: { environmentId: dryId('environment'), name: 'production' },
    }),
  );
  ctx.steps.push({ resource: `project ${names.project}`, action: 'created' });
  ctx.record.projectId = created.project.projectId;
  ctx.record.environmentId = created.environment.environmentId;
  ctx.save(ctx.record);
  return created.environment;
}

/** A name in this environment used by a service of another kind: provision must not take it over. */
function takenByOther(env: EnvironmentRecord, name: string, kind: 'postgres' | 'application' | 'compose'): boolean {
  const lists: [string, { name: string }[] | undefined][] = [
    ['postgres', env.postgres],
    ['application', env.applications],
    ['compose', env.compose],
    ['mariadb', env.mariadb],
    ['mysql', env.mysql],
    ['mongo', env.mongo],
    ['redis', env.redis],
  ];
  return lists.some(([k, list]) => k !== kind && list?.some((s) => s.name === name));
}

async function one<T>(ctx: Ctx, endpoint: string, key: string, id: string | undefined): Promise<T | undefined> {
  return id === undefined ? undefined : ctx.api.get<T>(endpoint, { [key]: id });
}

function foundSecrets(backendApp: ApplicationRecord | undefined, composeApp: ComposeRecord | undefined): Partial<Secrets> {
  const backend = parseEnv(backendApp?.env);
  const compose = parseEnv(composeApp?.env);
  const pick = (...values: (string | undefined)[]) => values.find((x) => x);
  const out: Partial<Secrets> = {};
  const alerts = pick(backend.get('ALERTS_TOKEN'), compose.get('ALERTS_TOKEN'));
  if (alerts) out.alertsToken = alerts;
  const metrics = backend.get('METRICS_TOKEN');
  if (metrics) out.metricsToken = metrics;
  const key = compose.get('GLITCHTIP_SECRET_KEY');
  if (key) out.glitchtipSecretKey = key;
  const dbPw = compose.get('GLITCHTIP_DB_PASSWORD');
  if (dbPw) out.glitchtipDbPassword = dbPw;
  return out;
}

async function database(ctx: Ctx, env: EnvironmentRecord, names: Names, input: ProvisionInput): Promise<PostgresRecord> {
  const label = `postgres ${names.database}`;
  if (takenByOther(env, names.database, 'postgres')) throw new ProvisionError(say.nameTaken('servicio', names.database, names.project));
  const listed = env.postgres?.find((p) => p.name === names.database);
  let db: PostgresRecord;
  if (listed) {
    db = await ctx.api.get<PostgresRecord>('postgres.one', { postgresId: listed.postgresId });
  } else {
    db = await post<PostgresRecord>(
      ctx,
      'postgres.create',
      {
        name: names.database,
        appName: `${input.appName}-db`,
        databaseName: names.database,
        databaseUser: 'postgres',
        databasePassword: input.secrets.databasePassword,
        dockerImage: 'postgres:18',
        environmentId: env.environmentId,
        description: 'create-pyme-stack provision',
      },
      () => ({
        postgresId: dryId('postgres'),
        name: names.database,
        appName: `${input.appName}-db-<suffix>`,
        databaseName: names.database,
        databaseUser: 'postgres',
        databasePassword: input.secrets.databasePassword,
        applicationStatus: 'idle',
      }),
    );
    ctx.steps.push({ resource: label, action: 'created' });
  }
  ctx.record.database = { id: db.postgresId, name: db.name, appName: db.appName };
  ctx.save(ctx.record);
  if (db.memoryLimit !== MEMORY.database) {
    await post(ctx, 'postgres.update', { postgresId: db.postgresId, memoryLimit: MEMORY.database }, () => ({}));
    if (listed) ctx.steps.push({ resource: label, action: 'updated', detail: 'memoryLimit' });
  } else if (listed) ctx.steps.push({ resource: label, action: 'unchanged' });
  // Deployed once; a failed deploy stays for doctor to report (and the founder to redeploy).
  if ((db.applicationStatus ?? 'idle') === 'idle') {
    try {
      await post(ctx, 'postgres.deploy', { postgresId: db.postgresId }, () => ({}));
      ctx.steps.push({ resource: label, action: 'deployed' });
    } catch (error) {
      if (!(error instanceof ProvisionError) || error.message.includes('401')) throw error;
      ctx.steps.push({ resource: label, action: 'deployFailed', detail: error.text.en });
    }
  }
  return db;
}

interface Source {
  owner: string;
  repository: string;
  branch: string;
  githubId: string | null;
}

async function application(
  ctx: Ctx,
  env: EnvironmentRecord,
  listed: ApplicationRecord | undefined,
  role: 'backend' | 'frontend',
  name: string,
  appName: string,
  want: { source: Source & { buildPath: string }; env: EnvPlan; domain: string; port: number; autoDeploy: boolean },
): Promise<ApplicationRecord> {
  const label = `application ${name}`;
  if (takenByOther(env, name, 'application')) throw new ProvisionError(say.nameTaken('servicio', name, ctx.record.names.project));
  let app: ApplicationRecord;
  if (listed) {
    app = listed;
  } else {
    app = await post<ApplicationRecord>(ctx, 'application.create', { name, appName, environmentId: env.environmentId }, () => ({
      applicationId: dryId('application'),
      name,
      appName: `${appName}-<suffix>`,
    }));
    ctx.steps.push({ resource: label, action: 'created' });
  }
  ctx.record[role] = { id: app.applicationId, name: app.name, appName: app.appName };
  ctx.save(ctx.record);
  const changed: string[] = [];
  const id = { applicationId: app.applicationId };

  const s = want.source;
  if (
    app.sourceType !== 'github' ||
    app.owner !== s.owner ||
    app.repository !== s.repository ||
    app.branch !== s.branch ||
    app.buildPath !== s.buildPath ||
    (app.githubId ?? null) !== s.githubId
  ) {
    // Dokploy's schema requires these optional fields present, as null when unused.
    await post(
      ctx,
      'application.saveGithubProvider',
      {
        ...id,
        owner: s.owner,
        repository: s.repository,
        branch: s.branch,
        buildPath: s.buildPath,
        githubId: s.githubId,
        triggerType: 'push',
        watchPaths: null,
      },
      () => ({}),
    );
    changed.push('github');
  }
  if (app.buildType !== 'dockerfile' || app.dockerfile !== 'Dockerfile') {
    await post(
      ctx,
      'application.saveBuildType',
      {
        ...id,
        buildType: 'dockerfile',
        dockerfile: 'Dockerfile',
        dockerContextPath: null,
        dockerBuildStage: null,
        herokuVersion: null,
        railpackVersion: null,
      },
      () => ({}),
    );
    changed.push('buildType');
  }
  const update: Record<string, unknown> = {};
  const envText = mergeEnv(app.env, want.env);
  if (!sameEnv(app.env, envText)) update.env = envText;
  if ((app.autoDeploy ?? null) !== want.autoDeploy) update.autoDeploy = want.autoDeploy;
  if (app.memoryLimit !== MEMORY.app) update.memoryLimit = MEMORY.app;
  if (!sameObject(app.updateConfigSwarm, UPDATE_CONFIG)) update.updateConfigSwarm = UPDATE_CONFIG;
  if (Object.keys(update).length > 0) {
    await post(ctx, 'application.update', { ...id, ...update }, () => ({}));
    changed.push(...Object.keys(update));
  }
  if (
    await addDomain(ctx, app.domains ?? [], {
      host: want.domain,
      port: want.port,
      applicationId: app.applicationId,
      domainType: 'application',
    })
  )
    changed.push('domain');
  report(ctx, label, Boolean(listed), changed);
  return app;
}

async function monitoring(
  ctx: Ctx,
  env: EnvironmentRecord,
  listed: ComposeRecord | undefined,
  name: string,
  appName: string,
  want: { source: Source; env: EnvPlan; domain: string; autoDeploy: boolean },
): Promise<ComposeRecord> {
  const label = `compose ${name}`;
  if (takenByOther(env, name, 'compose')) throw new ProvisionError(say.nameTaken('servicio', name, ctx.record.names.project));
  let compose: ComposeRecord;
  if (listed) {
    compose = listed;
  } else {
    // docker-compose, not stack: Stack cannot build the relay's image.
    compose = await post<ComposeRecord>(
      ctx,
      'compose.create',
      { name, appName, environmentId: env.environmentId, composeType: 'docker-compose' },
      () => ({ composeId: dryId('compose'), name, appName: `${appName}-<suffix>` }),
    );
    ctx.steps.push({ resource: label, action: 'created' });
  }
  ctx.record.compose = { id: compose.composeId, name: compose.name, appName: compose.appName };
  ctx.save(ctx.record);
  const s = want.source;
  const update: Record<string, unknown> = {};
  if (compose.sourceType !== 'github') update.sourceType = 'github';
  if (compose.owner !== s.owner) update.owner = s.owner;
  if (compose.repository !== s.repository) update.repository = s.repository;
  if (compose.branch !== s.branch) update.branch = s.branch;
  if ((compose.githubId ?? null) !== s.githubId) update.githubId = s.githubId;
  if (compose.composePath !== COMPOSE_PATH) update.composePath = COMPOSE_PATH;
  if ((compose.autoDeploy ?? null) !== want.autoDeploy) update.autoDeploy = want.autoDeploy;
  const envText = mergeEnv(compose.env, want.env);
  if (!sameEnv(compose.env, envText)) update.env = envText;
  const changed = Object.keys(update);
  if (changed.length > 0) await post(ctx, 'compose.update', { composeId: compose.composeId, ...update }, () => ({}));
  if (
    await addDomain(ctx, compose.domains ?? [], {
      host: want.domain,
      port: PORTS.glitchtip,
      composeId: compose.composeId,
      serviceName: 'glitchtip',
      domainType: 'compose',
    })
  )
    changed.push('domain');
  report(ctx, label, Boolean(listed), changed);
  return compose;
}

/** Adds the HTTPS (Let's Encrypt) domain unless the app already has that host. */
async function addDomain(
  ctx: Ctx,
  domains: DomainRecord[],
  want: { host: string; port: number } & Record<string, unknown>,
): Promise<boolean> {
  if (domains.some((d) => d.host === want.host)) return false;
  await post(ctx, 'domain.create', { path: '/', https: true, certificateType: 'letsencrypt', ...want }, () => ({}));
  return true;
}

function report(ctx: Ctx, resource: string, existed: boolean, changed: string[]) {
  if (!existed) return; // its "created" line is already there
  ctx.steps.push(changed.length > 0 ? { resource, action: 'updated', detail: changed.join(', ') } : { resource, action: 'unchanged' });
}

function sameObject(a: Record<string, unknown> | null | undefined, b: Record<string, unknown>): boolean {
  if (!a) return false;
  return Object.keys(b).every((k) => a[k] === b[k]) && Object.keys(a).every((k) => k in b);
}

/** The R2 destination, found by name (its keys updated when they differ), then the database's backup in it. */
async function backupSchedule(ctx: Ctx, db: PostgresRecord, want: ReturnType<typeof r2Destination>) {
  const label = `r2 destination ${want.name}`;
  const listed = (await ctx.api.get<DestinationRecord[]>('destination.all')).find((d) => d.name === want.name);
  let destinationId: string;
  if (listed) {
    destinationId = listed.destinationId;
    const differs = (['provider', 'accessKey', 'secretAccessKey', 'bucket', 'region', 'endpoint'] as const).filter(
      (k) => listed[k] !== want[k],
    );
    if (differs.length > 0) {
      // Dokploy's update wants every field: the whole destination is sent again.
      await post(ctx, 'destination.update', { destinationId, ...want }, () => ({}));
      // Only the field names: the values are keys.
      ctx.steps.push({ resource: label, action: 'updated', detail: differs.join(', ') });
    } else ctx.steps.push({ resource: label, action: 'unchanged' });
  } else {
    const created = await post<DestinationRecord>(ctx, 'destination.create', want, () => ({
      ...want,
      destinationId: dryId('destination'),
    }));
    destinationId = created.destinationId;
    ctx.steps.push({ resource: label, action: 'created' });
  }

  const backupLabel = `backup ${db.name}`;
  const found = db.backups?.find((b) => b.destinationId === destinationId && b.databaseType === 'postgres');
  let backupId: string;
  if (found) {
    backupId = found.backupId;
    const want = { ...DOKPLOY_BACKUP, database: db.databaseName };
    const differs = (['schedule', 'prefix', 'enabled', 'keepLatestCount', 'database'] as const).filter((k) => found[k] !== want[k]);
    if (differs.length > 0) {
      await post(
        ctx,
        'backup.update',
        {
          backupId,
          destinationId,
          database: db.databaseName,
          databaseType: 'postgres',
          ...DOKPLOY_BACKUP,
          serviceName: null,
          metadata: null,
        },
        () => ({}),
      );
      ctx.steps.push({ resource: backupLabel, action: 'updated', detail: differs.join(', ') });
    } else ctx.steps.push({ resource: backupLabel, action: 'unchanged' });
  } else {
    await post(
      ctx,
      'backup.create',
      {
        ...DOKPLOY_BACKUP,
        destinationId,
        database: db.databaseName,
        postgresId: db.postgresId,
        databaseType: 'postgres',
        backupType: 'database',
      },
      () => ({}),
    );
    // backup.create answers without the new row: read it back from the database.
    const again = ctx.dryRun ? undefined : await ctx.api.get<PostgresRecord>('postgres.one', { postgresId: db.postgresId });
    backupId = again?.backups?.find((b) => b.destinationId === destinationId)?.backupId ?? dryId('backup');
    ctx.steps.push({ resource: backupLabel, action: 'created' });
  }
  ctx.record.backup = { destinationId, backupId };
  ctx.save(ctx.record);
}
