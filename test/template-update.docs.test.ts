// Issue 27: the generated README and CHECKLIST's "When you grow" point to `upgrade --check` and to
// the weekly update pull request, in both languages.
import { describe, expect, it } from 'vitest';
import { ANSWER_SETS, renderSet } from './support/generate.js';

describe('template updates, as the generated docs tell them', async () => {
  const base = ANSWER_SETS[Object.keys(ANSWER_SETS)[0] as keyof typeof ANSWER_SETS];
  for (const lang of ['es', 'en'] as const) {
    const files = await renderSet({ ...base, lang });
    const text = (p: string) => files.get(p)?.content.toString('utf8') ?? '';
    it(`${lang}: CHECKLIST's growth section and README name the weekly pull request and upgrade --check`, () => {
      const grow =
        text('CHECKLIST.md')
          .split(lang === 'es' ? '## Cuando crezcas' : '## When you grow')[1]
          ?.split('\n## ')[0] ?? '';
      for (const doc of [grow, text('README.md')]) {
        expect(doc).toContain('.github/workflows/template-update.yml');
        expect(doc).toContain('npx create-pyme-stack@latest upgrade --check');
      }
    });
  }
});
