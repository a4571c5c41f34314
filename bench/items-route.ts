// /api/items in a generated backend, as `npm run new -- route items` makes it (the plop template,
// registered above the plop:routes marker): a route below the rate limiter, which the backend
// benches load (bench:stack, bench:instructions).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../test/support/tools.js';

export function addItemsRoute(backend: string): void {
  const route = readFileSync(join(REPO, 'templates/plop/templates/route.ts.tpl'), 'utf8')
    .replaceAll('{{routesName name}}', 'itemsRoutes')
    .replaceAll('{{name}}', 'items');
  mkdirSync(join(backend, 'src/routes'), { recursive: true });
  writeFileSync(join(backend, 'src/routes/items.ts'), route);
  const appFile = join(backend, 'src/app.ts');
  const app = readFileSync(appFile, 'utf8')
    .replace(/^\/\/ plop:imports/m, "import { itemsRoutes } from './routes/items.ts';\n$&")
    .replace(/^(\s*)\/\/ plop:routes/m, '$1.use(itemsRoutes)\n$&');
  if (!app.includes('.use(itemsRoutes)') || !app.includes("from './routes/items.ts'")) throw new Error('bench: app.ts has no plop markers');
  writeFileSync(appFile, app);
}
