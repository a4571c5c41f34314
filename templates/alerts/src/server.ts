// The HTTP side: four small routes, no framework.
//   POST /alert              {text, key?}, Authorization: Bearer <ALERTS_TOKEN>
//   POST /alertmanager       Alertmanager webhook (version 4), same bearer token
//   POST /glitchtip/<token>  GlitchTip webhook; GlitchTip cannot send headers, so the token is in the path
//   GET  /health
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { fromAlertmanager, fromGlitchTip, MAX_LENGTH, type Lang, type Message } from './messages.ts';
import type { Relay } from './relay.ts';
import type { Transport } from './transport.ts';

export interface ServerOptions {
  token: string;
  lang: Lang;
  relay: Relay;
  transport: Transport;
}

const BODY_LIMIT = 256 * 1024;

class HttpError extends Error {
  status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** Compares hashes so neither the content nor the length of the token leaks through timing. */
function sameToken(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > BODY_LIMIT) throw new HttpError(413, 'body too large');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'body is not JSON');
  }
}

function plainAlert(body: unknown): Message | undefined {
  const { text, key } = (body ?? {}) as { text?: unknown; key?: unknown };
  if (typeof text !== 'string' || text.trim() === '') return undefined;
  const clipped = text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH - 1)}…` : text;
  return { text: clipped, key: typeof key === 'string' && key !== '' ? key : clipped };
}

export function createAlertServer({ token, lang, relay, transport }: ServerOptions) {
  async function route(request: IncomingMessage): Promise<[number, unknown]> {
    const path = new URL(request.url ?? '/', 'http://relay').pathname;
    if (request.method === 'GET' && path === '/health') {
      return [200, { status: 'ok', whatsapp: transport.state(), pending: relay.pending() }];
    }
    if (request.method !== 'POST') return [404, { error: 'not found' }];

    let parse: ((body: unknown) => Message | undefined) | undefined;
    let given = '';
    if (path === '/alert' || path === '/alertmanager') {
      given = (request.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
      parse = path === '/alert' ? plainAlert : (body) => fromAlertmanager(body, lang);
    } else if (path.startsWith('/glitchtip/')) {
      given = decodeURIComponent(path.slice('/glitchtip/'.length));
      parse = (body) => fromGlitchTip(body, lang);
    } else {
      return [404, { error: 'not found' }];
    }
    if (!sameToken(given, token)) return [401, { error: 'unauthorized' }];

    const message = parse(await readJson(request));
    if (!message) return [400, { error: 'nothing to send in this payload' }];
    return [202, { status: relay.submit(message.text, message.key) }];
  }

  return createServer((request: IncomingMessage, response: ServerResponse) => {
    route(request)
      .catch((error: unknown): [number, unknown] =>
        error instanceof HttpError ? [error.status, { error: error.message }] : (console.error(error), [500, { error: 'internal error' }]),
      )
      .then(([status, body]) => {
        // Internal service, JSON only: never sniffed as a page, never cached.
        response.writeHead(status, { 'content-type': 'application/json', 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' });
        response.end(JSON.stringify(body));
      });
  });
}
