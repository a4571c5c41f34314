// The headers Traefik (Dokploy's proxy) adds to every request it forwards to an app: the benches
// send them, so each app reads what it reads in production (the rate limiter keys on
// X-Forwarded-For). 203.0.113.9 stands for the client; the host for the founder's domain.
export const TRAEFIK_HEADERS = {
  'x-forwarded-for': '203.0.113.9',
  'x-forwarded-host': 'api.example.com',
  'x-forwarded-port': '443',
  'x-forwarded-proto': 'https',
  'x-forwarded-server': 'dokploy-traefik',
  'x-real-ip': '203.0.113.9',
};
