// provision with the optional R2 keys: Dokploy's S3 destination and the database's backup
// schedule, replayed against the real server's recorded answers (written by `npm run test:dokploy`).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { DokployClient, type Exchange } from '../src/provision/client.js';
import { maskJson } from '../src/provision/mask.js';
import { ProvisionError } from '../src/provision/messages.js';
import { r2From } from '../src/provision/r2-input.js';
import { provision } from '../src/provision/run.js';
import { newSecrets } from '../src/provision/secrets.js';
import { FIXTURES, loadRecording, type ReplayServer, replayServer, schemaProblems } from './support/dokploy-replay.js';
import { cliBin, REPO } from './support/tools.js';

const KEY = 'replay-key-0123456789';
// The keys the replay runs with (recordings hold them masked); bucket and account as recorded.
const R2 = {
  accountId: 'acc0123456789',
  accessKeyId: 'AKIDREPLAY0001',
  secretAccessKey: 'replay-secret-0123456789',
  bucket: `${loadRecording('r2-first-run').input.appName}-backups`,
};
const RECORDINGS = ['r2-first-run', 'r2-second-run', 'r2-rotated-run'];
let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/**
 * destination.all answers with the keys in clear; the recording masks them. The real server
 * holds the keys the previous run sent (the Dokploy lane checks that), so the replay puts back
 * `held`, the keys the replayed Dokploy is meant to hold.
 */
const holding = (exchanges: Exchange[], held: typeof R2) =>
  exchanges.map((e) =>
    e.endpoint === 'destination.all'
      ? {
          ...e,
          response: (e.response as Record<string, unknown>[]).map((d) => ({
            ...d,
            accessKey: held.accessKeyId,
            secretAccessKey: held.secretAccessKey,
          })),
        }
      : e,
  );

async function replay(name: string, r2 = R2) {
  const recording = loadRecording(name);
  server = await replayServer(holding(recording.exchanges, R2), KEY);
  const result = await provision(
    new DokployClient({ url: server.url, apiKey: KEY }),
    { ...recording.input, r2, secrets: newSecrets() },
    { dryRun: false, save: () => undefined },
  );
  return { recording, result, received: server.received };
}

describe('R2 keys: the S3 destination and the backup schedule', () => {
  it.each(RECORDINGS)('%s: every request is valid for Dokploy’s schema', (name) => {
    const { exchanges } = loadRecording(name);
    expect(exchanges.flatMap(schemaProblems())).toEqual([]);
  });

  it('the first run creates the destination, then the backup of the database', async () => {
    const { result, received } = await replay('r2-first-run');
    const posts = received.filter((r) => r.method === 'POST');
    const destination = posts.find((r) => r.endpoint === 'destination.create')?.body as Record<string, unknown>;
    expect(destination).toMatchObject({
      provider: 'Cloudflare',
      bucket: R2.bucket,
      region: 'auto',
      endpoint: `https://${R2.accountId}.r2.cloudflarestorage.com`,
      accessKey: R2.accessKeyId,
      secretAccessKey: R2.secretAccessKey,
    });
    const backup = posts.find((r) => r.endpoint === 'backup.create')?.body as Record<string, unknown>;
    expect(backup).toMatchObject({ databaseType: 'postgres', backupType: 'database', enabled: true, prefix: 'dokploy/' });
    expect(backup.postgresId).toBe(result.record.database?.id);
    expect(result.record.backup).toMatchObject({ destinationId: expect.any(String), backupId: expect.any(String) });
    expect(result.steps.map((s) => `${s.resource} ${s.action}`)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^r2 destination .* created$/), expect.stringMatching(/^backup .* created$/)]),
    );
  });

  it('a second run with the same keys changes nothing', async () => {
    const { received, result } = await replay('r2-second-run');
    expect(received.filter((r) => r.method === 'POST')).toEqual([]);
    expect(new Set(result.steps.map((s) => s.action))).toEqual(new Set(['unchanged']));
  });

  it('new keys update the destination in place, and only it', async () => {
    const rotated = { ...R2, secretAccessKey: 'rotated-secret-9876543210' };
    const { received } = await replay('r2-rotated-run', rotated);
    const posts = received.filter((r) => r.method === 'POST');
    expect(posts.map((r) => r.endpoint)).toEqual(['destination.update']);
    expect(posts[0]!.body).toMatchObject({ secretAccessKey: rotated.secretAccessKey, additionalFlags: [] });
  });

  it('the keys are masked wherever a request or an answer is recorded or printed', () => {
    expect(maskJson({ accessKey: 'AKID', secretAccessKey: 'S3CR3T', bucket: 'b' })).toEqual({
      accessKey: '***',
      secretAccessKey: '***',
      bucket: 'b',
    });
    for (const name of RECORDINGS) {
      const text = readFileSync(join(FIXTURES, `${name}.json`), 'utf8');
      for (const m of text.matchAll(/"(accessKey|secretAccessKey)": ("[^"]*")/g)) expect(m[2]).toBe('"***"');
    }
  });
});

describe('the R2 inputs: account or endpoint by flag or env, the keys from the environment only', () => {
  const keys = { R2_ACCESS_KEY_ID: 'AKID1', R2_SECRET_ACCESS_KEY: 'S3CR3T' };

  it('none given: no R2 step', () => {
    expect(r2From({}, {}, 'b')).toBeUndefined();
  });

  it('account id by flag or env, bucket from the project unless given', () => {
    expect(r2From({ 'r2-account-id': 'acc1' }, keys, 'tienda-backups')).toEqual({
      accountId: 'acc1',
      accessKeyId: 'AKID1',
      secretAccessKey: 'S3CR3T',
      bucket: 'tienda-backups',
    });
    expect(r2From({}, { ...keys, R2_ACCOUNT_ID: 'acc2', R2_BUCKET: 'otro' }, 'x')).toMatchObject({ accountId: 'acc2', bucket: 'otro' });
    expect(r2From({ 'r2-endpoint': 'https://acc.eu.r2.cloudflarestorage.com' }, keys, 'b')).toMatchObject({
      endpoint: 'https://acc.eu.r2.cloudflarestorage.com',
    });
  });

  it('half the keys, or keys without an account: one line naming what is missing', () => {
    const text = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(ProvisionError);
        return (e as ProvisionError).text.en;
      }
      throw new Error('no error');
    };
    expect(text(() => r2From({}, { R2_ACCESS_KEY_ID: 'A' }, 'b'))).toMatch(/R2_SECRET_ACCESS_KEY/);
    expect(text(() => r2From({ 'r2-account-id': 'acc' }, {}, 'b'))).toMatch(/R2_ACCESS_KEY_ID and R2_SECRET_ACCESS_KEY/);
    expect(text(() => r2From({}, keys, 'b'))).toMatch(/--r2-account-id/);
    expect(text(() => r2From({ 'r2-account-id': 'a/b' }, keys, 'b'))).toMatch(/--r2-account-id/);
    expect(text(() => r2From({ 'r2-endpoint': 'http://x' }, keys, 'b'))).toMatch(/--r2-endpoint/);
  });
});

describe('provision --dry-run with the R2 keys', () => {
  it('lists the destination and the backup it would add, the keys masked, never printed', async () => {
    const recording = loadRecording('r2-first-run');
    server = await replayServer(holding(recording.exchanges, R2), KEY);
    const dir = mkdtempSync(join(tmpdir(), 'provision-r2-'));
    const manifest = JSON.parse(readFileSync(join(REPO, 'test/__snapshots__/en/.pyme-stack.json'), 'utf8'));
    manifest.answers.appName = recording.input.appName;
    manifest.answers.metrics = true;
    writeFileSync(join(dir, '.pyme-stack.json'), JSON.stringify(manifest));
    const r = await execa(
      'node',
      [
        cliBin(),
        'provision',
        '--yes',
        '--dry-run',
        '--domain',
        recording.input.domains.site,
        '--repo',
        `acme/${recording.input.appName}`,
        '--github-provider',
        'none',
        '--dokploy-url',
        server.url,
      ],
      {
        cwd: dir,
        env: {
          DOKPLOY_API_KEY: KEY,
          R2_ACCOUNT_ID: R2.accountId,
          R2_ACCESS_KEY_ID: R2.accessKeyId,
          R2_SECRET_ACCESS_KEY: R2.secretAccessKey,
          R2_BUCKET: R2.bucket,
          LANG: 'en_US.UTF-8',
        },
        reject: false,
      },
    );
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/POST \/api\/destination\.create \{[^\n]*"accessKey":"\*\*\*","secretAccessKey":"\*\*\*"/);
    expect(r.stdout).toMatch(/POST \/api\/backup\.create \{[^\n]*"schedule":"30 9 \* \* \*"/);
    expect(r.stdout).not.toContain(R2.accessKeyId);
    expect(r.stdout).not.toContain(R2.secretAccessKey);
  });
});
