// A loopback S3 bucket that checks what R2 checks and nothing more is assumed: every request's
// SigV4 signature (./sigv4.ts), the body against x-amz-content-sha256, the single-PUT size limit
// and multipart uploads (CreateMultipartUpload, UploadPart, CompleteMultipartUpload, Abort).
// Serves ListObjectsV2 (pages of pageSize keys), GetObject, PutObject. Objects live on disk.
// Tests read and seed it directly, and can make listing pages fail.
import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { checkSigV4, parseQuery } from './sigv4.js';
import { freePort } from './postgres.js';

export interface S3Options {
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Folder for the objects and parts. */
  dir: string;
  /** Largest PutObject body (R2: 5 GiB less 5 MiB); larger ones need a multipart upload. */
  maxPutSize?: number;
  /** Smallest part but the last (S3 and R2: 5 MiB). */
  minPartSize?: number;
  /** Keys per ListObjectsV2 page (S3: 1000). */
  pageSize?: number;
}

interface Stored {
  file: string;
  size: number;
  etag: string;
}

export interface S3Request {
  method: string;
  key: string;
  query: Record<string, string | string[]>;
  status: number;
  code?: string;
}

export interface S3Server {
  url: string;
  /** Every request answered, in order. */
  requests: S3Request[];
  /** Answer 500 to the listing requests it matches (a lost page). */
  failList?: (query: Record<string, string | string[]>) => boolean;
  /** Never answer (nor read) the requests it matches: a stalled connection. */
  stall?: (method: string, rawUrl: string) => boolean;
  /**
   * Holds the requests it matches (unread, unanswered) until the promise it returns settles, then
   * answers them as usual: a test acts while a transfer is in flight, with no clock.
   */
  hold?: (method: string, rawUrl: string, req: IncomingMessage) => Promise<void> | undefined;
  /** Settable between tests. */
  maxPutSize: number;
  pageSize: number;
  /** Path of a stored object's file. */
  file: (key: string) => string;
  keys: (prefix?: string) => string[];
  object: (key: string) => Buffer;
  put: (key: string, data: Buffer) => void;
  close: () => Promise<void>;
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const xmlEscape = (s: string) => s.replace(/[&<>"']/g, (c) => ENTITIES[c]);

class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function startS3(options: S3Options): Promise<S3Server> {
  const { bucket, dir } = options;
  const minPartSize = options.minPartSize ?? 5 * 1024 ** 2;
  mkdirSync(dir, { recursive: true });
  const objects = new Map<string, Stored>();
  const uploads = new Map<string, { key: string; parts: Map<number, Stored> }>();
  const requests: S3Request[] = [];

  /** Streams the body to a new file, checking it against the signed x-amz-content-sha256. */
  async function receive(req: IncomingMessage): Promise<Stored> {
    const file = join(dir, randomUUID());
    const sha = createHash('sha256');
    const md5 = createHash('md5');
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      sha.update(chunk);
      md5.update(chunk);
      size += chunk.length;
    });
    await pipeline(req, createWriteStream(file));
    const claimed = req.headers['x-amz-content-sha256'];
    if (claimed !== 'UNSIGNED-PAYLOAD' && claimed !== sha.digest('hex')) {
      rmSync(file, { force: true });
      throw new S3Error(400, 'XAmzContentSHA256Mismatch', 'The provided x-amz-content-sha256 header does not match what was computed.');
    }
    return { file, size, etag: md5.digest('hex') };
  }

  function list(query: Record<string, string | string[]>, res: ServerResponse) {
    if (server.failList?.(query)) throw new S3Error(500, 'InternalError', 'We encountered an internal error. Please try again.');
    const prefix = String(query.prefix ?? '');
    const after = query['continuation-token'] ? Buffer.from(String(query['continuation-token']), 'base64url').toString() : '';
    const max = Math.min(server.pageSize, Number(query['max-keys'] ?? 1000));
    const all = [...objects.keys()].filter((k) => k.startsWith(prefix) && k > after).sort();
    const page = all.slice(0, max);
    const truncated = all.length > page.length;
    const contents = page
      .map((k) => {
        const o = objects.get(k)!;
        return `<Contents><Key>${xmlEscape(k)}</Key><LastModified>${new Date(statSync(o.file).mtimeMs).toISOString()}</LastModified><ETag>&quot;${o.etag}&quot;</ETag><Size>${o.size}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
      })
      .join('');
    const next = truncated ? `<NextContinuationToken>${Buffer.from(page.at(-1)!).toString('base64url')}</NextContinuationToken>` : '';
    xml(
      res,
      `<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${bucket}</Name><Prefix>${xmlEscape(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${max}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${contents}${next}</ListBucketResult>`,
    );
  }

  async function complete(key: string, uploadId: string, req: IncomingMessage, res: ServerResponse) {
    const upload = uploads.get(uploadId);
    if (!upload || upload.key !== key) throw new S3Error(404, 'NoSuchUpload', 'The specified multipart upload does not exist.');
    const body = await receive(req);
    const listed = [
      ...readFileSync(body.file, 'utf8').matchAll(
        /<Part>\s*<PartNumber>(\d+)<\/PartNumber>\s*<ETag>(?:"|&quot;)?([0-9a-f]+)(?:"|&quot;)?<\/ETag>\s*<\/Part>/g,
      ),
    ];
    rmSync(body.file);
    if (listed.length === 0) throw new S3Error(400, 'MalformedXML', 'The XML you provided was not well-formed.');
    const parts = listed.map(([, n, etag], i) => {
      const part = upload.parts.get(Number(n));
      if (!part || part.etag !== etag) throw new S3Error(400, 'InvalidPart', `part ${n} was not uploaded or its ETag differs`);
      if (i > 0 && Number(n) <= Number(listed[i - 1][1]))
        throw new S3Error(400, 'InvalidPartOrder', 'The list of parts was not in ascending order.');
      if (i < listed.length - 1 && part.size < minPartSize)
        throw new S3Error(400, 'EntityTooSmall', `part ${n} is smaller than the minimum part size`);
      return part;
    });
    const file = join(dir, randomUUID());
    const out = createWriteStream(file);
    // Chunk by chunk into the one stream: a pipeline per part would leave its listeners on `out`.
    for (const part of parts) {
      for await (const chunk of createReadStream(part.file)) if (!out.write(chunk)) await once(out, 'drain');
    }
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    const md5s = Buffer.concat(parts.map((p) => Buffer.from(p.etag, 'hex')));
    const etag = `${createHash('md5').update(md5s).digest('hex')}-${parts.length}`;
    for (const part of upload.parts.values()) rmSync(part.file, { force: true });
    uploads.delete(uploadId);
    objects.set(key, { file, size: statSync(file).size, etag });
    xml(
      res,
      `<CompleteMultipartUploadResult><Bucket>${bucket}</Bucket><Key>${xmlEscape(key)}</Key><ETag>&quot;${etag}&quot;</ETag></CompleteMultipartUploadResult>`,
    );
  }

  async function handle(req: IncomingMessage, res: ServerResponse, record: S3Request) {
    const [rawPath, rawQuery = ''] = (req.url ?? '/').split('?', 2);
    const [, name, ...rest] = rawPath.split('/');
    const key = decodeURIComponent(rest.join('/'));
    const query = parseQuery(rawQuery);
    Object.assign(record, { key, query });
    const refusal = await checkSigV4(req, { [options.accessKeyId]: options.secretAccessKey });
    if (refusal) throw new S3Error(refusal.status, refusal.code, refusal.message);
    if (decodeURIComponent(name) !== bucket) throw new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist.');
    const method = req.method;
    if (!key) {
      if (method === 'GET' && query['list-type'] === '2') return list(query, res);
      throw new S3Error(501, 'NotImplemented', 'only ListObjectsV2 on the bucket');
    }
    const uploadId = typeof query.uploadId === 'string' ? query.uploadId : undefined;
    if (method === 'PUT' && !uploadId) {
      if (Number(req.headers['content-length'] ?? 0) > server.maxPutSize)
        throw new S3Error(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed object size.');
      const stored = await receive(req);
      const old = objects.get(key);
      if (old) rmSync(old.file, { force: true });
      objects.set(key, stored);
      return res.writeHead(200, { ETag: `"${stored.etag}"` }).end();
    }
    if (method === 'POST' && 'uploads' in query) {
      await receive(req);
      const id = randomUUID();
      uploads.set(id, { key, parts: new Map() });
      return xml(
        res,
        `<InitiateMultipartUploadResult><Bucket>${bucket}</Bucket><Key>${xmlEscape(key)}</Key><UploadId>${id}</UploadId></InitiateMultipartUploadResult>`,
      );
    }
    if (uploadId) {
      const upload = uploads.get(uploadId);
      if (method === 'PUT') {
        const n = Number(query.partNumber);
        if (!upload || upload.key !== key) throw new S3Error(404, 'NoSuchUpload', 'The specified multipart upload does not exist.');
        if (!Number.isInteger(n) || n < 1 || n > 10000)
          throw new S3Error(400, 'InvalidArgument', 'Part number must be an integer between 1 and 10000.');
        if (Number(req.headers['content-length'] ?? 0) > server.maxPutSize)
          throw new S3Error(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed part size.');
        const part = await receive(req);
        upload.parts.set(n, part);
        return res.writeHead(200, { ETag: `"${part.etag}"` }).end();
      }
      if (method === 'POST') return complete(key, uploadId, req, res);
      if (method === 'DELETE') {
        for (const part of upload?.parts.values() ?? []) rmSync(part.file, { force: true });
        uploads.delete(uploadId);
        return res.writeHead(204).end();
      }
    }
    if (method === 'GET') {
      const o = objects.get(key);
      if (!o) throw new S3Error(404, 'NoSuchKey', 'The specified key does not exist.');
      res.writeHead(200, { 'Content-Length': o.size, ETag: `"${o.etag}"`, 'Content-Type': 'application/octet-stream' });
      return pipeline(createReadStream(o.file), res);
    }
    throw new S3Error(501, 'NotImplemented', `${method} is not implemented here`);
  }

  const port = await freePort();
  const http = createServer((req, res) => {
    const record: S3Request = { method: req.method ?? '', key: '', query: {}, status: 0 };
    requests.push(record);
    if (server.stall?.(record.method, req.url ?? '')) return;
    const held = server.hold?.(record.method, req.url ?? '', req);
    if (held) void held.then(() => answer(req, res, record));
    else answer(req, res, record);
  });
  const answer = (req: IncomingMessage, res: ServerResponse, record: S3Request) =>
    handle(req, res, record).then(
      () => (record.status = res.statusCode),
      (err: unknown) => {
        const e = err instanceof S3Error ? err : new S3Error(400, 'InvalidRequest', String(err));
        Object.assign(record, { status: e.status, code: e.code });
        const send = () => {
          if (res.headersSent) return res.destroy();
          res.writeHead(e.status, { 'Content-Type': 'application/xml', Connection: 'close' });
          res.end(
            `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${e.code}</Code><Message>${xmlEscape(e.message)}</Message></Error>`,
          );
        };
        // A refused upload: read the body to its end first, so the client sees the answer.
        if (req.complete || req.readableEnded) send();
        else req.on('end', send).on('error', send).resume();
      },
    );
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));

  const server: S3Server = {
    url: `http://127.0.0.1:${port}`,
    requests,
    maxPutSize: options.maxPutSize ?? 5 * 1024 ** 3 - 5 * 1024 ** 2,
    pageSize: options.pageSize ?? 1000,
    file: (key) => objects.get(key)!.file,
    keys: (prefix = '') => [...objects.keys()].filter((k) => k.startsWith(prefix)).sort(),
    object: (key) => readFileSync(objects.get(key)!.file),
    put: (key, data) => {
      const file = join(dir, randomUUID());
      writeFileSync(file, data);
      objects.set(key, { file, size: data.length, etag: createHash('md5').update(data).digest('hex') });
    },
    close: () =>
      new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
  return server;
}

function xml(res: ServerResponse, body: string) {
  res.writeHead(200, { 'Content-Type': 'application/xml' }).end(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
}
