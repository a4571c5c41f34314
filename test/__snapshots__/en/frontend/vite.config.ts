import { sentrySvelteKit } from '@sentry/sveltekit';
import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [
    // Sentry's plugin must come first.
    sentrySvelteKit({
      // Upload source maps to GlitchTip only when a token is set (SENTRY_AUTH_TOKEN, SENTRY_URL,
      // SENTRY_ORG, SENTRY_PROJECT); without one the build stays offline.
      autoUploadSourceMaps: Boolean(process.env.SENTRY_AUTH_TOKEN),
      // No wrapped load functions: universal ones would put the whole browser SDK in the first
      // download, server ones would load the full server SDK, even without a DSN.
      autoInstrument: false,
    }),
    sveltekit({
      adapter: adapter(),
      // Content-Security-Policy on every page: SvelteKit puts a fresh nonce on its own inline
      // scripts. src/lib/security-headers.ts adds the API's and GlitchTip's origins to connect-src
      // (known when the server starts) and sends violations to GlitchTip. A third-party script or
      // font: add its origin here (README, "Security").
      csp: {
        mode: 'auto',
        directives: {
          'default-src': ['self'],
          'script-src': ['self'],
          // Svelte's transitions and style: attributes write inline styles.
          'style-src': ['self', 'unsafe-inline'],
          'img-src': ['self', 'data:'],
          'font-src': ['self'],
          'connect-src': ['self'],
          'object-src': ['none'],
          'base-uri': ['self'],
          'form-action': ['self'],
          'frame-ancestors': ['none'],
        },
      },
    }),
  ],
  test: {
    include: ['src/**/*.test.ts'],
  },
});
