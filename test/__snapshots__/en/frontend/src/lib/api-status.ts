// Whether the backend answers its /health route. Runs on the server, so the page shows the
// answer in its first HTML, with no JavaScript and no CORS setup needed.

export type ApiStatus = 'up' | 'down' | 'not-configured';

export async function apiStatus(fetchFn: typeof fetch, apiUrl: string, timeoutMs = 2000): Promise<ApiStatus> {
  if (!apiUrl) return 'not-configured';
  try {
    const response = await fetchFn(`${apiUrl}/health`, { signal: AbortSignal.timeout(timeoutMs) });
    return response.ok ? 'up' : 'down';
  } catch {
    return 'down'; // refused, DNS, TLS or timeout: for the visitor it is all the same
  }
}
