// Checks the SigV4 signature of an S3 request as R2 does: the signature is computed again, with
// @smithy/signature-v4 (the AWS SDK's signer), from the request as it arrived and the secret the
// access key id stands for. The canonical path is the key encoded once, S3's way, whatever
// encoding the client sent: a client that signs a path other than the one it sends is refused.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';

export interface SigV4Refusal {
  status: number;
  code: string;
  message: string;
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;
const MAX_SKEW_MS = 15 * 60 * 1000;

/** RFC 3986 encoding as S3 wants it: everything but A-Z a-z 0-9 - . _ ~ as UTF-8 %XX. */
export const s3Escape = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The raw query string as S3 reads it: each name and value decoded (no '+' for space). */
export function parseQuery(raw: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const pair of raw.split('&').filter(Boolean)) {
    const eq = pair.indexOf('=');
    const name = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1));
    const seen = query[name];
    query[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  return query;
}

function amzDate(value: string | undefined): Date | undefined {
  const m = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/.exec(value ?? '');
  return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6])) : undefined;
}

/** null when the request is signed by a known key with its secret; otherwise why S3 refuses it. */
export async function checkSigV4(req: IncomingMessage, secrets: Record<string, string>): Promise<SigV4Refusal | null> {
  const auth = AUTHORIZATION.exec(req.headers.authorization ?? '');
  if (!auth) return { status: 403, code: 'AccessDenied', message: 'no SigV4 Authorization header' };
  const [, accessKeyId, day, region, service, signedHeaders, signature] = auth;
  const secretAccessKey = secrets[accessKeyId];
  if (secretAccessKey === undefined)
    return { status: 403, code: 'InvalidAccessKeyId', message: 'The AWS Access Key Id you provided does not exist in our records.' };
  const date = amzDate(req.headers['x-amz-date'] as string | undefined);
  if (!date || date.toISOString().slice(0, 10).replaceAll('-', '') !== day) {
    return { status: 403, code: 'AccessDenied', message: 'x-amz-date is missing or does not match the credential scope' };
  }
  if (Math.abs(Date.now() - date.getTime()) > MAX_SKEW_MS)
    return {
      status: 403,
      code: 'RequestTimeTooSkewed',
      message: 'The difference between the request time and the current time is too large.',
    };
  if (typeof req.headers['x-amz-content-sha256'] !== 'string')
    return { status: 400, code: 'InvalidRequest', message: 'x-amz-content-sha256 is required' };
  const names = signedHeaders.split(';');
  if (!names.includes('host') || !names.includes('x-amz-date'))
    return { status: 403, code: 'AccessDenied', message: 'host and x-amz-date must be signed' };

  const headers: Record<string, string> = {};
  for (const name of names) {
    const value = req.headers[name];
    if (value === undefined) return { status: 403, code: 'AccessDenied', message: `signed header ${name} is missing` };
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const [rawPath, rawQuery = ''] = (req.url ?? '/').split('?', 2);
  const path = rawPath
    .split('/')
    .map((segment) => s3Escape(decodeURIComponent(segment)))
    .join('/');
  const signer = new SignatureV4({
    credentials: { accessKeyId, secretAccessKey },
    region,
    service,
    sha256: Hash.bind(null, 'sha256'),
    uriEscapePath: false,
    applyChecksum: false,
  });
  const signed = await signer.sign(
    { method: req.method ?? 'GET', protocol: 'http:', hostname: headers.host, path, query: parseQuery(rawQuery), headers },
    { signingDate: date, signableHeaders: new Set(names) },
  );
  const expected = /Signature=([0-9a-f]{64})$/.exec(String(signed.headers.authorization))![1];
  if (!timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) {
    return {
      status: 403,
      code: 'SignatureDoesNotMatch',
      message: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    };
  }
  return null;
}
