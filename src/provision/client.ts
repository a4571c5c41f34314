// A small client for Dokploy's HTTP API: `GET|POST <url>/api/<router>.<procedure>` with the
// `x-api-key` header. It counts calls (for the benchmark), can record each exchange (masked) and
// turns the ways a call fails into one translated line with the next step.
import { maskJson } from './mask.js';
import { ProvisionError, say } from './messages.js';

export interface Exchange {
  method: 'GET' | 'POST';
  endpoint: string;
  query?: Record<string, string>;
  body?: unknown;
  status: number;
  response: unknown;
}

export interface ClientOptions {
  url: string;
  apiKey: string;
  fetch?: typeof fetch;
  /** Called after each exchange, with its bodies already masked. */
  onExchange?: (exchange: Exchange) => void;
  /** Milliseconds before a call is given up (Dokploy answers most in well under a second). */
  timeoutMs?: number;
}

export class DokployClient {
  calls = 0;
  /** --dry-run: the POSTs it would have sent, bodies masked. */
  readonly planned: { endpoint: string; body: unknown }[] = [];
  readonly url: string;
  constructor(private readonly options: ClientOptions) {
    this.url = options.url.replace(/\/+$/, '');
  }

  get<T>(endpoint: string, query?: Record<string, string>): Promise<T> {
    return this.call<T>('GET', endpoint, query, undefined);
  }

  post<T>(endpoint: string, body: object): Promise<T> {
    return this.call<T>('POST', endpoint, undefined, body);
  }

  /** Notes a POST instead of sending it (--dry-run). */
  plan(endpoint: string, body: object) {
    this.planned.push({ endpoint, body: maskJson(body) });
  }

  private async call<T>(method: 'GET' | 'POST', endpoint: string, query: Record<string, string> | undefined, body: unknown): Promise<T> {
    const qs = query ? `?${new URLSearchParams(query)}` : '';
    const doFetch = this.options.fetch ?? fetch;
    this.calls++;
    let res: Response;
    try {
      res = await doFetch(`${this.url}/api/${endpoint}${qs}`, {
        method,
        headers: { 'x-api-key': this.options.apiKey, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 60_000),
        redirect: 'manual',
      });
    } catch (error) {
      throw new ProvisionError(
        say.unreachable(this.url, (error as Error).cause ? String((error as { cause: unknown }).cause) : (error as Error).message),
      );
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      // not JSON (a proxy's HTML page, say): kept as text for the message
    }
    this.options.onExchange?.({
      method,
      endpoint,
      ...(query ? { query } : {}),
      ...(body !== undefined ? { body: maskJson(body) } : {}),
      status: res.status,
      response: maskJson(parsed),
    });
    if (res.status === 401 || res.status === 403) throw new ProvisionError(say.unauthorized(this.url));
    if (res.status < 200 || res.status >= 300) throw new ProvisionError(say.httpError(endpoint, res.status, errorText(parsed)));
    return parsed as T;
  }
}

/** The short reason in a Dokploy error body ({message} or tRPC's {error:{message}}), else the text's start. */
function errorText(body: unknown): string {
  if (body && typeof body === 'object') {
    const b = body as { message?: unknown; error?: { message?: unknown } };
    const m = b.message ?? b.error?.message;
    if (typeof m === 'string') return m.slice(0, 200);
  }
  return String(body ?? '').slice(0, 200);
}
