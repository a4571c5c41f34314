// Actions secrets through GitHub's REST API: a local server stands in for GitHub with a real
// libsodium key pair and opens every sealed box with libsodium itself (the reference GitHub uses).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { Ajv } from 'ajv';
import sodium from 'libsodium-wrappers';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeGithubSecrets } from '../src/provision/github-secrets.js';
import type { ProvisionError } from '../src/provision/messages.js';
import { sealedBox } from '../src/provision/sealed-box.js';
import { loadRecording, type ReplayServer, replayServer } from './support/dokploy-replay.js';
import { cliBin, REPO } from './support/tools.js';

beforeAll(async () => {
  await sodium.ready;
});

// GitHub's own schemas for the two calls (scripts/github-schemas.mjs, from @octokit/openapi).
const githubSchemas = JSON.parse(readFileSync(join(REPO, 'test/fixtures/github/request-schemas.json'), 'utf8')) as {
  publicKeyResponse: object;
  putSecretBody: object;
};
const ajv = new Ajv({ strict: false });
const validPutBody = ajv.compile(githubSchemas.putSecretBody);
const validPublicKey = ajv.compile(githubSchemas.publicKeyResponse);

interface FakeGithub {
  url: string;
  /** Secret name -> value, opened with the secret key. */
  opened: Map<string, string>;
  requests: { method: string; path: string; auth: string | undefined; body?: unknown }[];
  close: () => Promise<void>;
}

async function fakeGithub(token: string): Promise<FakeGithub> {
  const keys = sodium.crypto_box_keypair();
  const opened = new Map<string, string>();
  const requests: FakeGithub['requests'] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => {
      body += d;
    });
    req.on('end', () => {
      const parsed = body ? (JSON.parse(body) as { encrypted_value: string; key_id: string }) : undefined;
      requests.push({ method: req.method!, path: req.url!, auth: req.headers.authorization, ...(parsed ? { body: parsed } : {}) });
      if (req.headers.authorization !== `Bearer ${token}`) return void res.writeHead(401).end('{"message":"Bad credentials"}');
      const m = /^\/repos\/acme\/([^/]+)\/actions\/secrets\/(.+)$/.exec(req.url!);
      if (!m) return void res.writeHead(404).end();
      if (req.method === 'GET' && m[2] === 'public-key') {
        const answer = { key_id: 'K1', key: Buffer.from(keys.publicKey).toString('base64') };
        if (!validPublicKey(answer)) throw new Error('the fake GitHub answers outside GitHub’s schema');
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      }
      // GitHub answers 422 to a body outside its schema.
      if (req.method === 'PUT' && !validPutBody(parsed)) return void res.writeHead(422).end(JSON.stringify(validPutBody.errors));
      if (req.method === 'PUT' && parsed?.key_id === 'K1') {
        const plain = sodium.crypto_box_seal_open(Buffer.from(parsed.encrypted_value, 'base64'), keys.publicKey, keys.privateKey);
        opened.set(decodeURIComponent(m[2]!), Buffer.from(plain).toString('utf8'));
        return void res.writeHead(201).end('{}');
      }
      res.writeHead(422).end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    opened,
    requests,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

describe('sealed box', () => {
  it('libsodium opens what sealedBox seals; a wrong key cannot', () => {
    const keys = sodium.crypto_box_keypair();
    const sealed = sealedBox(Buffer.from('héllo secret'), keys.publicKey);
    expect(sealed.length).toBe(32 + 16 + Buffer.byteLength('héllo secret'));
    expect(Buffer.from(sodium.crypto_box_seal_open(sealed, keys.publicKey, keys.privateKey)).toString()).toBe('héllo secret');
    const other = sodium.crypto_box_keypair();
    expect(() => sodium.crypto_box_seal_open(sealed, other.publicKey, other.privateKey)).toThrow();
    // fresh ephemeral key each time: the same value never seals the same way twice
    expect(Buffer.from(sealedBox(Buffer.from('x'), keys.publicKey))).not.toEqual(Buffer.from(sealedBox(Buffer.from('x'), keys.publicKey)));
  });
});

describe('GitHub Actions secrets', () => {
  it('writes each secret sealed with the repository key', async () => {
    const gh = await fakeGithub('tok');
    closers.push(gh.close);
    const names = await writeGithubSecrets({ owner: 'acme', repo: 'tienda', token: 'tok', apiUrl: gh.url }, [
      { name: 'DOKPLOY_URL', value: 'https://d.example' },
      { name: 'DOKPLOY_API_KEY', value: 'k-123' },
    ]);
    expect(names).toEqual(['DOKPLOY_URL', 'DOKPLOY_API_KEY']);
    expect(Object.fromEntries(gh.opened)).toEqual({ DOKPLOY_URL: 'https://d.example', DOKPLOY_API_KEY: 'k-123' });
    expect(JSON.stringify(gh.requests)).not.toContain('k-123');
    expect(gh.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /repos/acme/tienda/actions/secrets/public-key',
      'PUT /repos/acme/tienda/actions/secrets/DOKPLOY_URL',
      'PUT /repos/acme/tienda/actions/secrets/DOKPLOY_API_KEY',
    ]);
  });

  it('the schema check in the fake GitHub refuses a body GitHub would', () => {
    expect(validPutBody({ encrypted_value: 'not base64!', key_id: 'K1' })).toBe(false);
    expect(validPutBody({ encrypted_value: 'AAAA' })).toBe(false);
    expect(validPutBody({ encrypted_value: 'AAAA', key_id: 'K1' })).toBe(true);
  });

  it('a token without access is one line with the fix', async () => {
    const gh = await fakeGithub('tok');
    closers.push(gh.close);
    const error = await writeGithubSecrets({ owner: 'acme', repo: 'tienda', token: 'nope', apiUrl: gh.url }, [
      { name: 'A', value: 'b' },
    ]).catch((e: unknown) => e);
    expect((error as ProvisionError).text.en).toMatch(/^GitHub answered 401 .* Use a token with "Secrets: read and write"/);
  });

  it('provision with GITHUB_TOKEN writes the IDs and the API key, and prints no gh line', async () => {
    const recording = loadRecording('first-run');
    const dokploy: ReplayServer = await replayServer(recording.exchanges, 'dk-key');
    closers.push(dokploy.close);
    const gh = await fakeGithub('gh-tok');
    closers.push(gh.close);
    const dir = mkdtempSync(join(tmpdir(), 'provision-gh-'));
    const manifest = JSON.parse(readFileSync(join(REPO, 'test/__snapshots__/en/.pyme-stack.json'), 'utf8'));
    manifest.answers.appName = recording.input.appName;
    manifest.answers.metrics = true;
    manifest.answers.lang = 'es';
    manifest.answers.deployMethod = 'api';
    writeFileSync(join(dir, '.pyme-stack.json'), JSON.stringify(manifest));
    const r = await execa(
      'node',
      [
        cliBin(),
        'provision',
        '--yes',
        '--domain',
        recording.input.domains.site,
        '--repo',
        `acme/${recording.input.appName}`,
        '--github-provider',
        'none',
        '--dokploy-url',
        dokploy.url,
      ],
      { cwd: dir, env: { DOKPLOY_API_KEY: 'dk-key', GITHUB_TOKEN: 'gh-tok', GITHUB_API_URL: gh.url }, reject: false },
    );
    expect(r.stderr).toBe('');
    const record = JSON.parse(readFileSync(join(dir, '.pyme-stack-deploy.json'), 'utf8'));
    expect(Object.fromEntries(gh.opened)).toEqual({
      DOKPLOY_URL: dokploy.url,
      DOKPLOY_API_KEY: 'dk-key',
      DOKPLOY_BACKEND_ID: record.backend.id,
      DOKPLOY_FRONTEND_ID: record.frontend.id,
      DOKPLOY_MONITORING_COMPOSE_ID: record.compose.id,
    });
    expect(r.stdout).not.toContain('gh secret set');
    expect(r.stdout).toContain('Secretos de GitHub Actions escritos en');
    expect(r.stdout).not.toContain('dk-key');
    expect(r.stdout).not.toContain('gh-tok');
  });
});
