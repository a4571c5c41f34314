// Every text the home page shows, in one place so it is easy to change or translate.
import type { ApiStatus } from './api-status.ts';

export const appName = "shop-demo";

export const text = {
  tagline: "Welcome. Soon you will find everything we have for you here.",
  apiHeading: "Server status",
  api: {
    up: "The server (API) is answering. All is well.",
    down: "The server (API) is not answering right now. Please try again in a few minutes.",
    'not-configured': "The server's address is missing: set PUBLIC_API_URL in Dokploy.",
  } satisfies Record<ApiStatus, string>,
};
