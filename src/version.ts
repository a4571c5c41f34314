// The running generator's name and version, read from its package.json (src/ and dist/ sit beside it).
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
export const GENERATOR = { name: pkg.name, version: pkg.version };
