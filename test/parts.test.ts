import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parts } from '../src/parts.js';
import { DEFAULT_TEMPLATES_DIR, targetPath } from '../src/render.js';

describe('templates', () => {
  it.each(parts.map((p) => p.from))('part %s has its folder under templates/', (from) => {
    expect(existsSync(join(DEFAULT_TEMPLATES_DIR, from))).toBe(true);
  });

  it.each([
    ['_gitignore', 'es', '.gitignore', false],
    ['_github/workflows/ci.yml.hbs', 'en', '.github/workflows/ci.yml', true],
    ['CHECKLIST.md.es.hbs', 'es', 'CHECKLIST.md', true],
    ['src/app.ts', 'en', 'src/app.ts', false],
  ])('%s (%s) -> %s', (from, lang, path, template) => {
    expect(targetPath(from, lang)).toEqual({ path, template });
  });

  it('drops the other language', () => {
    expect(targetPath('CHECKLIST.md.en.hbs', 'es')).toBeNull();
  });
});
