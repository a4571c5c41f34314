// CORS is closed by default: browsers refuse other sites' pages reading this API. When the
// frontend calls the API from the browser, allow its origin in Dokploy's Environment:
// CORS_ORIGIN=https://app.example.com (several: comma-separated).
import { cors } from '@elysiajs/cors';
import { Elysia } from 'elysia';

export function corsFromEnv() {
  const origins = (process.env.CORS_ORIGIN ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  return origins.length ? cors({ origin: origins }) : new Elysia({ name: 'cors-closed' });
}
