// provision and doctor against a REAL Dokploy (v0.30, from its source): `npm run test:dokploy`.
// Needs the lab (README, "Dokploy lane"): DOKPLOY_URL, DOKPLOY_API_KEY and DOKPLOY_OPENAPI (the
// lab's openapi.json). It fails, never skips, when they are missing. Each run's exchanges are
// written to test/fixtures/dokploy/ (secrets masked) for the unit lane to replay.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dokployChecks } from '../src/doctor/checks.js';
import { DokployClient, type Exchange } from '../src/provision/client.js';
import type { ApplicationRecord, ComposeRecord, DestinationRecord, PostgresRecord, ProjectRecord } from '../src/provision/dokploy-types.js';
import { ProvisionError } from '../src/provision/messages.js';
import { DOKPLOY_BACKUP, domainsFrom, MEMORY, type R2Input, UPDATE_CONFIG } from '../src/provision/plan.js';
import { provision, type ProvisionInput } from '../src/provision/run.js';
import { newSecrets } from '../src/provision/secrets.js';
import type { DeployRecord } from '../src/provision/state.js';
import { FIXTURES, type Recording, schemaProblems } from './support/dokploy-replay.js';

const URL_ = process.env.DOKPLOY_URL;
const KEY = process.env.DOKPLOY_API_KEY;
const OPENAPI = process.env.DOKPLOY_OPENAPI;
if (!URL_ || !KEY || !OPENAPI) {
  throw new Error(
    'test:dokploy needs DOKPLOY_URL, DOKPLOY_API_KEY and DOKPLOY_OPENAPI: start ../shared/dokploy-lab.sh up, eval "$(../shared/dokploy-lab.sh env)", DOKPLOY_OPENAPI=$LAB_DIR/src/openapi.json',
  );
}

const stamp = Date.now().toString(36);
const inputFor = (appName: string): Omit<ProvisionInput, 'secrets'> => ({
  appName,
  alertPhone: '+525512345678',
  metrics: true,
  deployMethod: 'api',
  domains: domainsFrom(`${appName}.lab.test`, 'es'),
  repo: { owner: 'acme', name: appName, branch: 'main' },
  githubProvider: 'none',
});

async function run(name: string, input: Omit<ProvisionInput, 'secrets' | 'r2'>, url = URL_!, r2?: R2Input) {
  const exchanges: Exchange[] = [];
  const records: DeployRecord[] = [];
  const api = new DokployClient({ url, apiKey: KEY!, onExchange: (e) => exchanges.push(e) });
  const save = (recording: Recording) => writeFileSync(join(FIXTURES, `${name}.json`), `${JSON.stringify(recording, null, 2)}\n`);
  try {
    const result = await provision(
      api,
      { ...input, ...(r2 ? { r2 } : {}), secrets: newSecrets() },
      { dryRun: false, save: (r) => records.push(structuredClone(r)) },
    );
    return { result, exchanges, records, calls: api.calls };
  } finally {
    // The input goes into the fixture too (the R2 keys never: the replay brings its own).
    save({ name, input, exchanges });
  }
}

const api = new DokployClient({ url: URL_, apiKey: KEY });
const projectNamed = async (name: string) => (await api.get<ProjectRecord[]>('project.all')).filter((p) => p.name === name);

describe('provision against the real Dokploy', () => {
  const first = inputFor(`tienda-${stamp}`);
  let record: DeployRecord | undefined;

  it('creates the project, database, both apps and the monitoring compose, as the project wants them', async () => {
    const { result, exchanges } = await run('first-run', first);
    record = result.record;
    expect(result.steps.filter((s) => s.action === 'created').map((s) => s.resource)).toEqual([
      `project ${first.appName}`,
      `postgres ${first.appName.replace(/-/g, '_')}`,
      `application ${first.appName}-backend`,
      `application ${first.appName}-frontend`,
      'compose monitoring',
    ]);
    const check = schemaProblems();
    expect(exchanges.flatMap(check)).toEqual([]);
    expect(exchanges.every((e) => e.status === 200 || e.endpoint === 'postgres.deploy')).toBe(true);

    const [project] = await projectNamed(first.appName);
    const env = project!.environments![0]!;
    expect(env.applications!.map((a) => a.name).sort()).toEqual([`${first.appName}-backend`, `${first.appName}-frontend`]);
    const db = await api.get<PostgresRecord>('postgres.one', { postgresId: record.database!.id });
    expect(db.memoryLimit).toBe(MEMORY.database);
    expect(db.appName).toMatch(new RegExp(`^${first.appName}-db-[a-z0-9]{6}$`)); // Dokploy's suffix
    const backend = await api.get<ApplicationRecord>('application.one', { applicationId: record.backend!.id });
    expect(backend.env).toContain(`DATABASE_URL=postgresql://postgres:${db.databasePassword}@${db.appName}:5432/${db.databaseName}`);
    expect(backend.env).toMatch(/^ALERTS_TOKEN=[0-9a-f]{64}$/m);
    expect(backend).toMatchObject({
      sourceType: 'github',
      owner: 'acme',
      repository: first.appName,
      branch: 'main',
      buildPath: '/backend',
      buildType: 'dockerfile',
      dockerfile: 'Dockerfile',
      autoDeploy: false,
      memoryLimit: MEMORY.app,
      updateConfigSwarm: UPDATE_CONFIG,
    });
    expect(backend.domains).toEqual([
      expect.objectContaining({ host: first.domains.api, https: true, certificateType: 'letsencrypt', port: 3000 }),
    ]);
    const compose = await api.get<ComposeRecord>('compose.one', { composeId: record.compose!.id });
    expect(compose).toMatchObject({
      sourceType: 'github',
      composeType: 'docker-compose',
      composePath: './ops/monitoring/docker-compose.monitoring.yml',
      autoDeploy: false,
    });
    expect(compose.env).toContain(`BACKEND_APP_NAME=${backend.appName}`);
    // the same ALERTS_TOKEN on both ends
    expect(compose.env).toContain(/^ALERTS_TOKEN=.*$/m.exec(backend.env!)![0]);
    expect(compose.domains).toEqual([expect.objectContaining({ host: first.domains.errors, serviceName: 'glitchtip', port: 8000 })]);
  });

  it('a second run changes nothing and says so', async () => {
    const { result, exchanges } = await run('second-run', first);
    expect(result.steps.every((s) => s.action === 'unchanged')).toBe(true);
    expect(exchanges.filter((e) => e.method === 'POST')).toEqual([]);
    expect(result.record).toEqual(record);
  });

  it('a run cut off halfway (the server goes away) resumes on the next run without duplicates', async () => {
    const input = inputFor(`cortada-${stamp}`);
    // A proxy in front of the lab that closes after 6 requests: the connection is really refused.
    const sockets = new Set<Socket>();
    let served = 0;
    const proxy: Server = createServer(async (req, res) => {
      if (++served > 6) {
        req.socket.destroy();
        proxy.close();
        for (const s of sockets) s.destroy();
        return;
      }
      let body = '';
      for await (const chunk of req) body += chunk;
      const upstream = await fetch(`${URL_}${req.url}`, {
        method: req.method,
        headers: { 'x-api-key': String(req.headers['x-api-key']), 'content-type': 'application/json' },
        ...(body ? { body } : {}),
      });
      res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(await upstream.text());
    });
    proxy.on('connection', (s) => {
      sockets.add(s);
    });
    await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', done));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const stopped = await run('stopped-run', input, proxyUrl).catch((e: unknown) => e);
    expect(stopped).toBeInstanceOf(ProvisionError);
    expect((stopped as ProvisionError).text.en).toMatch(/^Could not reach Dokploy/);

    const { result } = await run('resumed-run', input);
    const actions = Object.fromEntries(result.steps.map((s) => [s.resource, s.action]));
    expect(actions[`project ${input.appName}`]).toBe('unchanged'); // made before the cut
    expect(actions['compose monitoring']).toBe('created');
    const [project, ...more] = await projectNamed(input.appName);
    expect(more).toEqual([]);
    const env = project!.environments![0]!;
    expect(env.postgres).toHaveLength(1);
    expect(env.applications).toHaveLength(2);
    expect(env.compose).toHaveLength(1);
  });

  it('with the R2 keys: adds the S3 destination and the database backup, then changes nothing, then rotates a key in place', async () => {
    const input = inputFor(`respaldo-${stamp}`);
    const r2: R2Input = {
      accountId: 'acc0123456789',
      accessKeyId: `AKID${randomBytes(6).toString('hex')}`,
      secretAccessKey: randomBytes(24).toString('hex'),
      bucket: `${input.appName}-backups`,
    };
    const first = await run('r2-first-run', input, URL_, r2);
    expect(first.exchanges.flatMap(schemaProblems())).toEqual([]);
    const destinations = (await api.get<DestinationRecord[]>('destination.all')).filter((d) => d.name === `${input.appName}-r2`);
    expect(destinations).toEqual([
      expect.objectContaining({
        provider: 'Cloudflare',
        accessKey: r2.accessKeyId,
        secretAccessKey: r2.secretAccessKey,
        bucket: r2.bucket,
        region: 'auto',
        endpoint: 'https://acc0123456789.r2.cloudflarestorage.com',
      }),
    ]);
    const db = await api.get<PostgresRecord>('postgres.one', { postgresId: first.result.record.database!.id });
    expect(db.backups).toEqual([
      expect.objectContaining({ ...DOKPLOY_BACKUP, destinationId: destinations[0]!.destinationId, database: db.databaseName }),
    ]);
    expect(first.result.record.backup).toEqual({ destinationId: destinations[0]!.destinationId, backupId: db.backups![0]!.backupId });

    const again = await run('r2-second-run', input, URL_, r2);
    expect(again.exchanges.filter((e) => e.method === 'POST')).toEqual([]);
    expect(again.result.steps.every((s) => s.action === 'unchanged')).toBe(true);

    const rotated = { ...r2, secretAccessKey: randomBytes(24).toString('hex') };
    const third = await run('r2-rotated-run', input, URL_, rotated);
    expect(third.exchanges.filter((e) => e.method === 'POST').map((e) => e.endpoint)).toEqual(['destination.update']);
    const [after] = (await api.get<DestinationRecord[]>('destination.all')).filter((d) => d.name === `${input.appName}-r2`);
    expect(after!.secretAccessKey).toBe(rotated.secretAccessKey);
    // The recordings never hold a key.
    for (const name of ['r2-first-run', 'r2-second-run', 'r2-rotated-run']) {
      const text = readFileSync(join(FIXTURES, `${name}.json`), 'utf8');
      for (const secret of [r2.accessKeyId, r2.secretAccessKey, rotated.secretAccessKey]) expect(text).not.toContain(secret);
    }
  });

  it('doctor reports each Dokploy service with its status and last deployment', async () => {
    const results = await dokployChecks(api, record!);
    expect(results.map((r) => r.name)).toEqual([
      `dokploy ${record!.names.database}`,
      `dokploy ${record!.names.backend}`,
      `dokploy ${record!.names.frontend}`,
      'dokploy monitoring',
    ]);
    // Nothing deployed in this lab (no Docker): every service is a ✖ with its fix.
    for (const r of results) {
      expect(r.ok).toBe(false);
      expect(r.fix?.en).toMatch(/Deployments tab/);
    }
  });

  it('the committed request schemas are the ones in this Dokploy', async () => {
    const { extract } = await import('../scripts/dokploy-schemas.mjs' as string);
    const fresh = extract(JSON.parse(readFileSync(OPENAPI!, 'utf8')));
    expect(JSON.parse(readFileSync(join(FIXTURES, 'request-schemas.json'), 'utf8'))).toEqual(fresh);
  });
});
