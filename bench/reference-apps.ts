// The bare reference apps of npm run bench:stack, built the same way as the generated ones (same
// stand-in base images, same Dockerfile steps, same memory limit) but without instrumentation:
// plain Elysia with the same /health, /ready and /api/items, and the same SvelteKit page on adapter-node
// without Sentry. Whatever the generated apps cost above these is what metrics, error reporting
// and logging cost.
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function bareBackend(project: string, into: string): string {
  const dir = join(into, 'bare-backend');
  const generated = JSON.parse(readFileSync(join(project, 'backend/package.json'), 'utf8'));
  cpSync(join(project, 'backend'), dir, { recursive: true });
  rmSync(join(dir, 'src'), { recursive: true });
  rmSync(join(dir, 'bun.lock'));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify(
      { name: 'bare-backend', private: true, type: 'module', dependencies: { elysia: generated.dependencies.elysia } },
      null,
      2,
    ),
  );
  writeFileSync(
    join(dir, 'index.ts'),
    `import { SQL } from 'bun';
import { Elysia } from 'elysia';

const sql = new SQL({ url: process.env.DATABASE_URL, max: 10 });
new Elysia()
  .get('/health', () => ({ status: 'ok' }))
  .get('/ready', async () => {
    await sql\`select 1\`;
    return { status: 'ok' };
  })
  .get('/api/items', () => ({ items: [] }))
  .listen({ port: 3000, hostname: '0.0.0.0' });
`,
  );
  const bunImage = /^FROM (\S+)/m.exec(readFileSync(join(project, 'backend/Dockerfile'), 'utf8'))![1];
  writeFileSync(
    join(dir, 'Dockerfile'),
    `FROM ${bunImage}
WORKDIR /app
ENV NODE_ENV=production
COPY package.json ./
RUN bun install --production
COPY index.ts ./
USER bun
EXPOSE 3000
CMD ["bun", "index.ts"]
`,
  );
  return dir;
}

export function bareFrontend(project: string, into: string): string {
  const dir = join(into, 'bare-frontend');
  cpSync(join(project, 'frontend'), dir, { recursive: true });
  for (const file of [
    'hooks.server.ts',
    'hooks.client.ts',
    'instrumentation.server.ts',
    'lib/sentry-client.ts',
    'lib/sentry-server.ts',
    'lib/sentry-sdk.ts',
    'lib/glitchtip.ts',
    'lib/glitchtip.test.ts',
  ]) {
    rmSync(join(dir, 'src', file));
  }
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  delete pkg.dependencies['@sentry/sveltekit'];
  delete pkg.dependencies['@sentry/node-core'];
  delete pkg.dependencies['@sentry/core'];
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  const vite = readFileSync(join(dir, 'vite.config.ts'), 'utf8')
    .replace(/^import \{ sentrySvelteKit \} from '@sentry\/sveltekit';\n/m, '')
    .replace(/\n\s*\/\/ Sentry's plugin must come first\.\n\s*sentrySvelteKit\(\{[\s\S]*?\n\s{4}\}\),/, '');
  if (vite.includes('sentry')) throw new Error('bare frontend: could not take Sentry out of vite.config.ts');
  writeFileSync(join(dir, 'vite.config.ts'), vite);
  // Same steps, but npm install: the lockfile still lists @sentry/sveltekit.
  const dockerfile = readFileSync(join(dir, 'Dockerfile'), 'utf8').replace(/^RUN npm ci$/m, 'RUN npm install --no-audit --no-fund');
  writeFileSync(join(dir, 'Dockerfile'), dockerfile);
  return dir;
}
