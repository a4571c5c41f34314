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
    sveltekit({ adapter: adapter() }),
  ],
  test: {
    include: ['src/**/*.test.ts'],
  },
});
