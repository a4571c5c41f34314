// Every generated file, for each answer set, as a file a reviewer can open and read as the
// founder will. A snapshot only proves the output did not change; the e2e tests prove it works.
import { describe, expect, it } from 'vitest';
import { ANSWER_SETS, renderSet } from './support/generate.js';

for (const [name, answers] of Object.entries(ANSWER_SETS)) {
  describe(`generated files (${name})`, async () => {
    const files = await renderSet(answers);
    for (const [path, file] of files) {
      it(path, async () => {
        await expect(file.content.toString('utf8')).toMatchFileSnapshot(`__snapshots__/${name}/${path}`);
      });
    }
  });
}
