// Every text the home page shows, in one place so it is easy to change or translate.
import type { ApiStatus } from './api-status.ts';

export const appName = "tienda-demo";

export const text = {
  tagline: "Bienvenido. Muy pronto encontrarás aquí todo lo que tenemos para ti.",
  apiHeading: "Estado del servidor",
  api: {
    up: "El servidor (API) responde. Todo está en orden.",
    down: "El servidor (API) no responde en este momento. Intenta de nuevo en unos minutos.",
    'not-configured': "Falta la dirección del servidor: define PUBLIC_API_URL en Dokploy.",
  } satisfies Record<ApiStatus, string>,
};
