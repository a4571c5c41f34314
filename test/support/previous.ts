// Version 0.0.9 as the upgrade tests know it: its template tree, kept as a fixture, and the
// answers its manifest recorded.
import { fileURLToPath } from 'node:url';
import { commitNew } from '../../src/commit.js';
import { render } from '../../src/render.js';
import type { Answers } from '../../src/questions.js';

export const PREVIOUS = fileURLToPath(new URL('../fixtures/templates-previous', import.meta.url));
export const PREVIOUS_GENERATOR = { name: 'create-pyme-stack', version: '0.0.9' };

/** What 0.0.9 recorded: a yes/no deployWebhook, and no time zone (0.1.0 asks for one). */
export function recordedBy009(changes: Record<string, unknown> = {}): Answers {
  const recorded = {
    appName: 'tienda-demo',
    bunVersion: '1.4.5',
    r2Bucket: 'tienda-demo-backups',
    alertPhone: '+525512345678',
    lang: 'es',
    metrics: false,
    deployWebhook: false,
    backupTime: '03:00',
  };
  return { ...recorded, ...changes } as unknown as Answers;
}

/** Writes what 0.0.9 generated from these answers into dir. */
export async function generateWith009(dir: string, answers: Answers): Promise<void> {
  await commitNew(dir, await render(answers, { generator: PREVIOUS_GENERATOR, templatesDir: PREVIOUS }));
}
