import { describe, expect, it } from 'vitest';
import { apiStatus } from './api-status.ts';

const answering = (status: number) =>
  (async (url: string | URL | Request) => {
    expect(String(url)).toBe('https://api.example.com/health');
    return new Response('', { status });
  }) as typeof fetch;

describe('apiStatus', () => {
  it('is up when /health answers 2xx', async () => {
    expect(await apiStatus(answering(200), 'https://api.example.com')).toBe('up');
  });

  it('is down when /health answers an error', async () => {
    expect(await apiStatus(answering(503), 'https://api.example.com')).toBe('down');
  });

  it('is down when the API cannot be reached', async () => {
    const refused = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    expect(await apiStatus(refused, 'https://api.example.com')).toBe('down');
  });

  it('is down when the API does not answer in time', async () => {
    const hanging = ((_url: string, init?: RequestInit) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)))) as typeof fetch;
    expect(await apiStatus(hanging, 'https://api.example.com', 20)).toBe('down');
  });

  it('says when PUBLIC_API_URL is not set', async () => {
    expect(await apiStatus(answering(200), '')).toBe('not-configured');
  });
});
