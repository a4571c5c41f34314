// Extracts, from Dokploy's own OpenAPI document (openapi.json at its repo root, Apache-2.0), the
// request schemas of the endpoints provision and doctor call, into
// test/fixtures/dokploy/request-schemas.json. The unit lane checks every recorded request body
// against them without needing Dokploy's source; `npm run test:dokploy` re-extracts them from the
// lab's copy and fails if the committed file is stale.
//   node scripts/dokploy-schemas.mjs <path/to/openapi.json> [out.json]
import { readFileSync, writeFileSync } from 'node:fs';

export const ENDPOINTS = [
  'settings.getDokployVersion',
  'settings.getIp',
  'github.githubProviders',
  'project.all',
  'project.create',
  'environment.one',
  'postgres.create',
  'postgres.one',
  'postgres.update',
  'postgres.deploy',
  'destination.all',
  'destination.create',
  'destination.update',
  'backup.create',
  'backup.update',
  'application.create',
  'application.one',
  'application.saveGithubProvider',
  'application.saveBuildType',
  'application.update',
  'compose.create',
  'compose.one',
  'compose.update',
  'domain.create',
  'deployment.all',
  'deployment.allByCompose',
];

export function extract(openapi) {
  const out = { source: 'Dokploy openapi.json (Apache-2.0), request schemas only', endpoints: {} };
  for (const name of ENDPOINTS) {
    const path = openapi.paths[`/${name}`];
    if (!path) throw new Error(`${name}: not in openapi.json`);
    if (path.post) out.endpoints[name] = { method: 'POST', body: path.post.requestBody?.content?.['application/json']?.schema ?? {} };
    else
      out.endpoints[name] = {
        method: 'GET',
        query: Object.fromEntries((path.get.parameters ?? []).map((p) => [p.name, { required: Boolean(p.required), schema: p.schema }])),
      };
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [input, output = new URL('../test/fixtures/dokploy/request-schemas.json', import.meta.url).pathname] = process.argv.slice(2);
  if (!input) throw new Error('usage: node scripts/dokploy-schemas.mjs <openapi.json> [out.json]');
  writeFileSync(output, `${JSON.stringify(extract(JSON.parse(readFileSync(input, 'utf8'))), null, 1)}\n`);
  console.log(`wrote ${output}`);
}
