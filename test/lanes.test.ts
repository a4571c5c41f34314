// `npm run test:unit` runs on a fresh machine: a test that needs a tool beyond Node, the npm
// packages, git and bash is an end-to-end test and says so in its name (*.e2e.test.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './support/tools.js';

const ON_EVERY_MACHINE = new Set(['node', 'npm', 'git', 'bash']);
const toolsAsked = (source: string) => [...source.matchAll(/requireTool\(\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);

describe('test lanes', () => {
  const dir = join(REPO, 'test');
  const unitFiles = readdirSync(dir).filter(
    (f) => f.endsWith('.test.ts') && !/\.(e2e|dokploy)\.test\.ts$/.test(f) && f !== 'lanes.test.ts',
  );

  it.each(unitFiles)('%s asks only for tools every machine has', (file) => {
    const source = readFileSync(join(dir, file), 'utf8');
    expect(toolsAsked(source).filter((t) => !ON_EVERY_MACHINE.has(t))).toEqual([]);
    // A tool named through a variable cannot be checked here: keep those in e2e files.
    expect(source).not.toMatch(/requireTool\(\s*[^'"\s)]/);
  });

  it('the check reads requireTool calls', () => {
    expect(toolsAsked(`requireTool('promtool'); requireTool("git")`)).toEqual(['promtool', 'git']);
  });
});
