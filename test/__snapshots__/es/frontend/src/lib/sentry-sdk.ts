// The parts of the browser SDK this app uses. Importing them through this file (not the whole
// '@sentry/sveltekit' namespace) lets the bundler leave the rest out of the download.
export { captureException, init } from '@sentry/sveltekit';
