// Dokploy's health check: answers while this server runs, whatever the backend's state.
export function GET() {
  return new Response('ok', { headers: { 'cache-control': 'no-store' } });
}
