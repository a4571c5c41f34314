// provision replayed against the real Dokploy's recorded answers (test/fixtures/dokploy/, written
// by `npm run test:dokploy`), with every request checked against Dokploy's own request schemas.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { DokployClient, type Exchange } from '../src/provision/client.js';
import { maskJson } from '../src/provision/mask.js';
import { ProvisionError } from '../src/provision/messages.js';
import { provision } from '../src/provision/run.js';
import { newSecrets } from '../src/provision/secrets.js';
import { loadRecording, type Recording, type ReplayServer, replayServer, schemaProblems } from './support/dokploy-replay.js';
import { cliBin, REPO } from './support/tools.js';

const KEY = 'replay-key-0123456789';
const RECORDINGS = ['first-run', 'second-run', 'stopped-run', 'resumed-run'];
let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const requestOf = (e: Pick<Exchange, 'method' | 'endpoint' | 'query' | 'body'>) => ({
  method: e.method,
  endpoint: e.endpoint,
  ...(e.query ? { query: e.query } : {}),
  ...(e.body !== undefined ? { body: maskJson(e.body) } : {}),
});

async function replay(recording: Recording, exchanges = recording.exchanges, opts: { dryRun?: boolean; apiKey?: string } = {}) {
  server = await replayServer(exchanges, KEY);
  const api = new DokployClient({ url: server.url, apiKey: opts.apiKey ?? KEY });
  const result = await provision(
    api,
    { ...recording.input, secrets: newSecrets() },
    { dryRun: opts.dryRun ?? false, save: () => undefined },
  );
  return { result, api, received: server.received };
}

describe('recorded Dokploy exchanges', () => {
  it.each(RECORDINGS)('%s: every request is valid for Dokploy’s schema', (name) => {
    const check = schemaProblems();
    const { exchanges } = loadRecording(name);
    expect(exchanges.length).toBeGreaterThan(3);
    expect(exchanges.flatMap(check)).toEqual([]);
  });

  it('the schema check catches a body Dokploy would refuse', () => {
    const check = schemaProblems();
    // saveBuildType without its nullable-but-required fields: the real server answers 400.
    expect(
      check({ method: 'POST', endpoint: 'application.saveBuildType', body: { applicationId: 'a', buildType: 'dockerfile' } }),
    ).not.toEqual([]);
    expect(check({ method: 'GET', endpoint: 'application.one', query: {} })).toEqual(['application.one: query applicationId missing']);
  });
});

describe('provision replayed against the real server’s answers', () => {
  it.each(RECORDINGS.filter((n) => n !== 'stopped-run'))('%s: sends the same requests, in the same order', async (name) => {
    const recording = loadRecording(name);
    const { received } = await replay(recording);
    expect(received.map(requestOf)).toEqual(recording.exchanges.map(requestOf));
  });

  it('a second run only reads and says nothing changed', async () => {
    const { result, received } = await replay(loadRecording('second-run'));
    expect(received.filter((r) => r.method === 'POST')).toEqual([]);
    expect(new Set(result.steps.map((s) => s.action))).toEqual(new Set(['unchanged']));
  });

  it('--dry-run reads, sends no change, and lists the same changes a real run makes', async () => {
    const recording = loadRecording('first-run');
    const { api, received } = await replay(recording, recording.exchanges, { dryRun: true });
    expect(received.filter((r) => r.method === 'POST')).toEqual([]);
    const posts = recording.exchanges.filter((e) => e.method === 'POST').map((e) => e.endpoint);
    expect(api.planned.map((p) => p.endpoint)).toEqual(posts);
    expect(JSON.stringify(api.planned)).not.toMatch(/[0-9a-f]{48}/); // generated secrets stay masked
  });
});

describe('provision errors: one line, the cause and the next step', () => {
  const recording = loadRecording('first-run');
  const withResponse = (endpoint: string, response: unknown, status = 200): Exchange[] =>
    recording.exchanges.map((e) => (e.endpoint === endpoint ? { ...e, response, status } : e));
  const failure = async (exchanges: Exchange[], opts: { apiKey?: string; githubProvider?: string } = {}) => {
    const rec = { ...recording, input: { ...recording.input, ...(opts.githubProvider ? { githubProvider: opts.githubProvider } : {}) } };
    if (opts.githubProvider === 'ask') delete (rec.input as { githubProvider?: string }).githubProvider;
    const error = await replay(rec, exchanges, opts).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProvisionError);
    return (error as ProvisionError).text;
  };

  it('a bad API key (401)', async () => {
    const text = await failure(recording.exchanges, { apiKey: 'wrong' });
    expect(text.en).toMatch(/refused the API key \(401\)\. Generate a new one/);
    expect(text.es).toMatch(/rechazó la API key/);
    expect(server!.received).toHaveLength(1); // stops at the first call
  });

  it('a Dokploy version it does not know, asked before anything else', async () => {
    const text = await failure(withResponse('settings.getDokployVersion', 'v0.12.0'));
    expect(text.en).toMatch(/^Dokploy v0\.12\.0 is not a version provision knows/);
    expect(server!.received.map((r) => r.endpoint)).toEqual(['settings.getDokployVersion']);
  });

  it('no GitHub provider in Dokploy', async () => {
    const exchanges = [
      recording.exchanges[0]!,
      { method: 'GET', endpoint: 'github.githubProviders', status: 200, response: [] } as Exchange,
    ];
    const text = await failure(exchanges, { githubProvider: 'ask' });
    expect(text.en).toMatch(/no GitHub provider\. Create one in Settings → Git → GitHub/);
  });

  it('several GitHub providers: an error naming them, or the one the founder picks', async () => {
    const providers = [
      { githubId: 'g1', gitProvider: { name: 'acme-app' } },
      { githubId: 'g2', gitProvider: { name: 'other-app' } },
    ];
    const exchanges = [
      recording.exchanges[0]!,
      { method: 'GET', endpoint: 'github.githubProviders', status: 200, response: providers } as Exchange,
    ];
    const text = await failure(exchanges, { githubProvider: 'ask' });
    expect(text.en).toBe('Dokploy has several GitHub providers (g1 (acme-app), g2 (other-app)). Pick one with --github-provider <id>.');
    await server!.close();
    // Interactive: asked, with their names; the pick is what saveGithubProvider sends.
    server = await replayServer(
      [...exchanges, ...recording.exchanges.slice(1)].map((e) =>
        e.endpoint === 'application.saveGithubProvider' ? { ...e, body: { ...(e.body as object), githubId: 'g2' } } : e,
      ),
      KEY,
    );
    const { githubProvider: _none, ...input } = recording.input;
    const asked: string[][] = [];
    await provision(
      new DokployClient({ url: server.url, apiKey: KEY }),
      {
        ...input,
        secrets: newSecrets(),
        chooseGithubProvider: async (list) => {
          asked.push(list.map((p) => p.title));
          return 'g2';
        },
      },
      { dryRun: false, save: () => undefined },
    );
    expect(asked).toEqual([['acme-app', 'other-app']]);
    const saved = server.received.filter((r) => r.endpoint === 'application.saveGithubProvider');
    expect(saved.map((r) => (r.body as { githubId: string }).githubId)).toEqual(['g2', 'g2']);
  });

  it('Dokploy unreachable', async () => {
    // A port that was just free: nothing listens there.
    const probe = createServer();
    await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
    const { port } = probe.address() as AddressInfo;
    await new Promise((done) => probe.close(done));
    const api = new DokployClient({ url: `http://127.0.0.1:${port}`, apiKey: KEY, timeoutMs: 2000 });
    const error = await provision(api, { ...recording.input, secrets: newSecrets() }, { dryRun: false, save: () => undefined }).catch(
      (e: unknown) => e,
    );
    expect((error as ProvisionError).text.en).toMatch(
      /^Could not reach Dokploy at http:\/\/127\.0\.0\.1:\d+ \(.*ECONNREFUSED.*\)\. Check the address/,
    );
  });

  it('a name taken by another kind of service', async () => {
    const second = loadRecording('second-run');
    const exchanges = second.exchanges.map((e) => {
      if (e.endpoint !== 'environment.one') return e;
      const env = structuredClone(e.response) as { compose: { name: string }[] };
      env.compose.push({ name: `${second.input.appName}-backend` });
      return { ...e, response: env };
    });
    const error = await replay(second, exchanges).catch((e: unknown) => e);
    expect((error as ProvisionError).text.en).toMatch(new RegExp(`name "${second.input.appName}-backend" is taken`));
  });
});

describe('provision from the command line', () => {
  it('takes the key from DOKPLOY_API_KEY, never prints or records it, prints gh lines and the human steps', async () => {
    const recording = loadRecording('first-run');
    server = await replayServer(recording.exchanges, KEY);
    const dir = mkdtempSync(join(tmpdir(), 'provision-cli-'));
    const manifest = JSON.parse(readFileSync(join(REPO, 'test/__snapshots__/es/.pyme-stack.json'), 'utf8'));
    manifest.answers.appName = recording.input.appName;
    manifest.answers.metrics = true;
    writeFileSync(join(dir, '.pyme-stack.json'), JSON.stringify(manifest));
    const base = recording.input.domains.site;
    const r = await execa(
      'node',
      [
        cliBin(),
        'provision',
        '--yes',
        '--domain',
        base,
        '--repo',
        `acme/${recording.input.appName}`,
        '--github-provider',
        'none',
        '--dokploy-url',
        server.url,
      ],
      { cwd: dir, env: { DOKPLOY_API_KEY: KEY, LANG: 'es_MX.UTF-8' }, reject: false },
    );
    expect(r.stderr).toBe('');
    // The db deploy failed in the lab (no Docker): said, and exit 1.
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain(`printf %s "$DOKPLOY_API_KEY" | gh secret set DOKPLOY_API_KEY --repo acme/${recording.input.appName}`);
    expect(r.stdout).toMatch(/gh secret set DOKPLOY_BACKEND_ID/);
    expect(r.stdout).toContain(`registros A de api.${base}, ${base} y errores.${base}`);
    // the human steps, numbered, ending with the commit of the record and the push
    expect(r.stdout).toMatch(/\n {2}1\. En Dokploy: Settings → Git → GitHub → Create GitHub App/);
    expect(r.stdout).toMatch(/\n {2}6\. Haz commit de \.pyme-stack-deploy\.json .* y push a main/);
    expect(r.stdout + r.stderr).not.toContain(KEY);
    const record = readFileSync(join(dir, '.pyme-stack-deploy.json'), 'utf8');
    expect(record).not.toContain(KEY);
    expect(JSON.parse(record)).toMatchObject({ backend: { name: `${recording.input.appName}-backend` }, compose: { name: 'monitoring' } });
    expect(record).not.toMatch(/[0-9a-f]{48}/);
  });
});
