// Environment variables, read when the server starts (set them in Dokploy's Environment tab).
// Public ones also reach the browser: never put a secret in a PUBLIC_ variable.
import { defineEnvVars } from '@sveltejs/kit/env';

export const variables = defineEnvVars({
  PUBLIC_API_URL: {
    public: true,
    description: 'Public URL of the backend API, e.g. https://api.example.com (no trailing slash needed)',
    schema: (value) => (value ?? '').trim().replace(/\/+$/, ''),
  },
  PUBLIC_GLITCHTIP_DSN: {
    public: true,
    description: "DSN of the frontend's GlitchTip project; empty turns error reporting off",
    schema: (value) => (value ?? '').trim(),
  },
});
