// Recorded Dokploy exchanges (test/fixtures/dokploy/*.json, written by `npm run test:dokploy`
// against the real server) and the two things the unit lane does with them: check each request
// against Dokploy's own request schemas, and serve the recorded answers from a local HTTP server
// so provision can run again against them.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import type { Exchange } from '../../src/provision/client.js';
import type { ProvisionInput } from '../../src/provision/run.js';
import { REPO } from './tools.js';

export const FIXTURES = join(REPO, 'test/fixtures/dokploy');

export interface Recording {
  /** What the run was: first, again (no change), stopped, resumed… */
  name: string;
  input: Omit<ProvisionInput, 'secrets'>;
  exchanges: Exchange[];
}

export const loadRecording = (name: string): Recording => JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as Recording;

interface Schemas {
  endpoints: Record<string, { method: 'GET' | 'POST'; body?: object; query?: Record<string, { required: boolean; schema: object }> }>;
}
const schemas = (): Schemas => JSON.parse(readFileSync(join(FIXTURES, 'request-schemas.json'), 'utf8')) as Schemas;

/** Problems of one request against Dokploy's schema ([] when it conforms). */
export function schemaProblems(): (ex: Pick<Exchange, 'method' | 'endpoint' | 'query' | 'body'>) => string[] {
  const s = schemas();
  // strict: false: Dokploy's document uses keywords ajv does not know (it ignores them).
  const ajv = new Ajv({ strict: false, allErrors: true });
  const cache = new Map<string, ReturnType<Ajv['compile']>>();
  const validator = (key: string, schema: object) => {
    if (!cache.has(key)) cache.set(key, ajv.compile(schema));
    return cache.get(key)!;
  };
  return (ex) => {
    const spec = s.endpoints[ex.endpoint];
    if (!spec) return [`${ex.endpoint}: not in request-schemas.json`];
    if (spec.method !== ex.method) return [`${ex.endpoint}: ${ex.method}, Dokploy wants ${spec.method}`];
    if (ex.method === 'POST') {
      const validate = validator(ex.endpoint, spec.body ?? {});
      return validate(ex.body) ? [] : (validate.errors ?? []).map((e) => `${ex.endpoint} body${e.instancePath} ${e.message}`);
    }
    const problems: string[] = [];
    const query = ex.query ?? {};
    for (const [name, q] of Object.entries(spec.query ?? {})) {
      if (q.required && !(name in query)) problems.push(`${ex.endpoint}: query ${name} missing`);
      if (name in query && !validator(`${ex.endpoint}?${name}`, q.schema)(query[name]))
        problems.push(`${ex.endpoint}: query ${name} invalid`);
    }
    for (const name of Object.keys(query)) if (!(name in (spec.query ?? {}))) problems.push(`${ex.endpoint}: unknown query ${name}`);
    return problems;
  };
}

export interface ReplayServer {
  url: string;
  /** Requests received, in order, in the recording's shape. */
  received: Pick<Exchange, 'method' | 'endpoint' | 'query' | 'body'>[];
  close: () => Promise<void>;
}

/**
 * Serves the recorded answers in order: each request gets the next recorded exchange with the same
 * method, endpoint and query (a --dry-run skips the POSTs); one the recording lacks gets a 599.
 */
export async function replayServer(exchanges: Exchange[], apiKey: string): Promise<ReplayServer> {
  const received: ReplayServer['received'] = [];
  let next = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => {
      body += d;
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const endpoint = url.pathname.replace(/^\/api\//, '');
      const query = Object.fromEntries(url.searchParams);
      received.push({
        method: req.method as 'GET' | 'POST',
        endpoint,
        ...(url.search ? { query } : {}),
        ...(body ? { body: JSON.parse(body) as unknown } : {}),
      });
      if (req.headers['x-api-key'] !== apiKey) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"Unauthorized"}');
        return;
      }
      const at = exchanges.findIndex(
        (e, i) =>
          i >= next && e.endpoint === endpoint && e.method === req.method && JSON.stringify(e.query ?? {}) === JSON.stringify(query),
      );
      const ex = exchanges[at];
      if (!ex) {
        res.writeHead(599).end(`not in the recording: ${req.method} ${endpoint}`);
        return;
      }
      next = at + 1;
      res.writeHead(ex.status, { 'content-type': 'application/json' }).end(JSON.stringify(ex.response));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, close: () => new Promise((done) => server.close(() => done())) };
}
