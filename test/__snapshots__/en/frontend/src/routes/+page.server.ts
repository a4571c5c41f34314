import { PUBLIC_API_URL } from '$app/env/public';
import { apiStatus } from '#lib/api-status.ts';

export async function load({ fetch }) {
  return { api: await apiStatus(fetch, PUBLIC_API_URL) };
}
