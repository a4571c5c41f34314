// The loopback S3 the backup tests run against (test/support/s3.ts) checks signatures for real:
// two independent signers (curl's --aws-sigv4, botocore in awscli) are accepted, a wrong secret,
// a tampered body or a path other than the signed one are refused, as R2 refuses them.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3, type S3Server } from './support/s3.js';
import { requireTool } from './support/tools.js';

const BUCKET = 'respaldos';
const KEY_ID = 'test-key-id';
const SECRET = 'test-secret-0123456789';
const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

let tmp: string;
let s3: S3Server;

beforeAll(async () => {
  requireTool('curl');
  requireTool('aws');
  tmp = mkdtempSync(join(tmpdir(), 's3-server-'));
  s3 = await startS3({ bucket: BUCKET, accessKeyId: KEY_ID, secretAccessKey: SECRET, dir: join(tmp, 'objects'), maxPutSize: 1024 });
});
afterAll(async () => {
  await s3?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** One curl request signed as the backup scripts sign theirs. */
function curl(path: string, args: string[], secret = SECRET, input = '') {
  return execa(
    'curl',
    [
      '-sS',
      '-w',
      '\n%{http_code}',
      '--aws-sigv4',
      'aws:amz:auto:s3',
      '--user',
      `${KEY_ID}:${secret}`,
      ...args,
      `${s3.url}/${BUCKET}/${path}`,
    ],
    { reject: false, input },
  );
}
const status = (out: string) => Number(out.split('\n').at(-1));

describe('loopback S3 with SigV4', () => {
  it('accepts a PUT and GET signed with the right secret', async () => {
    const put = await curl('a/hola%20se%C3%B1or.txt', ['-T', '-', '-H', `x-amz-content-sha256: ${sha256('hola')}`], SECRET, 'hola');
    expect(put.stdout).toBe('\n200');
    expect(s3.keys('a/')).toEqual(['a/hola señor.txt']);
    const get = await curl('a/hola%20se%C3%B1or.txt', ['-H', `x-amz-content-sha256: ${sha256('')}`]);
    expect(get.stdout).toBe('hola\n200');
  });

  it('refuses a wrong secret with 403 SignatureDoesNotMatch', async () => {
    const get = await curl('a/hola%20se%C3%B1or.txt', ['-H', `x-amz-content-sha256: ${sha256('')}`], 'not-the-secret');
    expect(status(get.stdout)).toBe(403);
    expect(get.stdout).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect(s3.requests.at(-1)!.code).toBe('SignatureDoesNotMatch');
  });

  it('refuses an unknown key id, a body that is not the signed one, and an unsigned request', async () => {
    const other = await execa('curl', [
      '-sS',
      '-w',
      '\n%{http_code}',
      '--aws-sigv4',
      'aws:amz:auto:s3',
      '--user',
      `someone:${SECRET}`,
      '-H',
      `x-amz-content-sha256: ${sha256('')}`,
      `${s3.url}/${BUCKET}/a/x`,
    ]);
    expect(other.stdout).toContain('<Code>InvalidAccessKeyId</Code>');
    const tampered = await curl('b.txt', ['--data-binary', 'otro', '-X', 'PUT', '-H', `x-amz-content-sha256: ${sha256('hola')}`]);
    expect(status(tampered.stdout)).toBe(400);
    expect(tampered.stdout).toContain('XAmzContentSHA256Mismatch');
    expect(s3.keys('b')).toEqual([]);
    const bare = await execa('curl', ['-sS', '-w', '\n%{http_code}', `${s3.url}/${BUCKET}/a/x`]);
    expect(status(bare.stdout)).toBe(403);
  });

  it('refuses a key sent unencoded where the signature covers it encoded (":" in a key)', async () => {
    s3.put('dokploy/2026-01-01T00:00:00Z.sql.gz', Buffer.from('x'));
    const raw = await curl('dokploy/2026-01-01T00:00:00Z.sql.gz', ['-H', `x-amz-content-sha256: ${sha256('')}`]);
    const encoded = await curl('dokploy/2026-01-01T00%3A00%3A00Z.sql.gz', ['-H', `x-amz-content-sha256: ${sha256('')}`]);
    expect(encoded.stdout).toBe('x\n200');
    // curl signs the path as it sends it; S3 signs the key encoded: they differ when ':' goes raw.
    expect(status(raw.stdout)).toBe(403);
  });

  it('refuses a single PUT above the size limit', async () => {
    const big = Buffer.alloc(2048, 1);
    const file = join(tmp, 'big');
    writeFileSync(file, big);
    const put = await curl('big', ['-T', file, '-H', `x-amz-content-sha256: ${sha256(big)}`]);
    expect(status(put.stdout)).toBe(400);
    expect(put.stdout).toContain('EntityTooLarge');
  });

  it('awscli (botocore, another signer) lists and reads; with a wrong secret it is refused', async () => {
    const env = { AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET, AWS_DEFAULT_REGION: 'auto' };
    const args = ['--endpoint-url', s3.url, 's3api', 'list-objects-v2', '--bucket', BUCKET, '--prefix', 'a/'];
    const listed = await execa('aws', args, { env });
    expect(JSON.parse(listed.stdout).Contents.map((o: { Key: string }) => o.Key)).toEqual(['a/hola señor.txt']);
    const out = join(tmp, 'got');
    await execa('aws', ['--endpoint-url', s3.url, 's3api', 'get-object', '--bucket', BUCKET, '--key', 'a/hola señor.txt', out], { env });
    expect(execFileSync('cat', [out], { encoding: 'utf8' })).toBe('hola');
    const refused = await execa('aws', args, { env: { ...env, AWS_SECRET_ACCESS_KEY: 'wrong' }, reject: false });
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr).toContain('SignatureDoesNotMatch');
  });
});
