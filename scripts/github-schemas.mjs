// Extracts, from GitHub's OpenAPI description (@octokit/openapi, MIT: its
// generated/api.github.com.deref.json), the two Actions-secrets operations provision calls, into
// test/fixtures/github/request-schemas.json: the fake GitHub in test/github-secrets.test.ts checks
// every request against them. Kept as an extract: the package is 28 MB for these few lines.
//   npm pack @octokit/openapi@23.0.2 && tar xzf octokit-openapi-23.0.2.tgz
//   node scripts/github-schemas.mjs package/generated/api.github.com.deref.json
import { readFileSync, writeFileSync } from 'node:fs';

const [input] = process.argv.slice(2);
if (!input) throw new Error('usage: node scripts/github-schemas.mjs <api.github.com.deref.json>');
const api = JSON.parse(readFileSync(input, 'utf8'));
const publicKey = api.paths['/repos/{owner}/{repo}/actions/secrets/public-key'].get;
const put = api.paths['/repos/{owner}/{repo}/actions/secrets/{secret_name}'].put;
const out = {
  source: `@octokit/openapi ${api.info.version}, generated/api.github.com.deref.json (MIT)`,
  publicKeyResponse: publicKey.responses['200'].content['application/json'].schema,
  putSecretBody: put.requestBody.content['application/json'].schema,
  putSecretStatuses: Object.keys(put.responses),
};
const target = new URL('../test/fixtures/github/request-schemas.json', import.meta.url).pathname;
writeFileSync(target, `${JSON.stringify(out, null, 2)}\n`);
console.log(`wrote ${target}`);
