// Generates a project in a temp folder, in-process, through the same render + writer as the CLI.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render, type FileMap } from '../../src/render.js';
import { commitNew } from '../../src/commit.js';
import { GENERATOR } from '../../src/version.js';
import type { Answers } from '../../src/questions.js';

export const ANSWER_SETS = {
  /** Spanish, no metrics, API deploys: the default founder. */
  es: {
    appName: 'tienda-demo',
    bunVersion: '1.4.5',
    r2Bucket: 'tienda-demo-backups',
    alertPhone: '+525512345678',
    lang: 'es',
    metrics: false,
    deployMethod: 'api',
    backupTime: '03:00',
    timezone: 'America/Mexico_City',
  },
  /** English, metrics on, webhook deploys. */
  en: {
    appName: 'shop-demo',
    bunVersion: '1.4.5',
    r2Bucket: 'shop-demo-backups',
    alertPhone: '+14155550123',
    lang: 'en',
    metrics: true,
    deployMethod: 'webhook',
    backupTime: '02:30',
    timezone: 'America/Mexico_City',
  },
} satisfies Record<string, Answers>;

export async function renderSet(answers: Answers): Promise<FileMap> {
  return render(answers, { generator: GENERATOR });
}

/** Renders and writes a project; returns its folder. */
export async function generateProject(answers: Answers, parent = mkdtempSync(join(tmpdir(), 'pyme-'))): Promise<string> {
  const dir = join(parent, answers.appName);
  commitNew(dir, await renderSet(answers));
  return dir;
}
