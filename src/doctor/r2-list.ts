// The newest object under a prefix in an R2 bucket: ListObjectsV2, page after page, each request
// signed with SigV4 (region `auto`, path-style, as the backup scripts' curl --aws-sigv4 does).
// Hand-written on node:crypto: a few lines instead of an AWS SDK in the CLI's dependencies.
import { createHash, createHmac } from 'node:crypto';

export interface R2Keys {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
}

const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();
/** RFC 3986 escaping, as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
const rfc3986 = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Headers that sign a GET of `url` (no body). */
export function signedHeaders(url: URL, keys: R2Keys, now = new Date()): Record<string, string> {
  const amzDate = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const payload = sha256('');
  const query = [...url.searchParams.entries()]
    .map(([k, v]) => [rfc3986(k), rfc3986(v)])
    .sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const headers = { host: url.host, 'x-amz-content-sha256': payload, 'x-amz-date': amzDate };
  const names = Object.keys(headers).join(';');
  const canonical = ['GET', url.pathname, query, ...Object.entries(headers).map(([k, v]) => `${k}:${v}`), '', names, payload].join('\n');
  const scope = `${day}/auto/s3/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const key = ['auto', 's3', 'aws4_request'].reduce((k, part) => hmac(k, part), hmac(`AWS4${keys.secretAccessKey}`, day));
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  return {
    'x-amz-content-sha256': payload,
    'x-amz-date': amzDate,
    authorization: `AWS4-HMAC-SHA256 Credential=${keys.accessKeyId}/${scope}, SignedHeaders=${names}, Signature=${signature}`,
  };
}

const unxml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
const tag = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

/** R2's refusal, as its XML body says it (<Code>: <Message>), for one line. */
export class R2Error extends Error {}

export async function newestObject(keys: R2Keys, prefix: string, timeoutMs = 20_000): Promise<{ key: string; at: Date } | undefined> {
  let newest: { key: string; at: Date } | undefined;
  let token: string | undefined;
  do {
    const url = new URL(`${keys.endpoint.replace(/\/+$/, '')}/${keys.bucket}/`);
    url.searchParams.set('list-type', '2');
    url.searchParams.set('prefix', prefix);
    if (token) url.searchParams.set('continuation-token', token);
    const res = await fetch(url, { headers: signedHeaders(url, keys), signal: AbortSignal.timeout(timeoutMs) });
    const xml = await res.text();
    if (res.status !== 200) throw new R2Error(`${res.status} ${tag(xml, 'Code') ?? ''}: ${tag(xml, 'Message') ?? xml.slice(0, 120)}`);
    for (const m of xml.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)) {
      const at = new Date(tag(m[1]!, 'LastModified') ?? 0);
      if (!newest || at > newest.at) newest = { key: unxml(tag(m[1]!, 'Key') ?? ''), at };
    }
    token = tag(xml, 'IsTruncated') === 'true' ? unxml(tag(xml, 'NextContinuationToken') ?? '') : undefined;
  } while (token);
  return newest;
}
