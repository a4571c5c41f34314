// Generates a project in a temp folder, in-process, through the same render + writer as the CLI.
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from '../../src/render.js';
import type { FileMap } from '../../src/file-map.js';
import { commitNew } from '../../src/commit.js';
import { GENERATOR } from '../../src/version.js';
import { questions, type Answers } from '../../src/questions.js';
import { expect } from 'vitest';

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
  await commitNew(dir, await renderSet(answers));
  return dir;
}

/** The CLI flags that give these answers (every question has one). */
export function flagsFor(answers: Answers): string[] {
  return questions.flatMap((q) =>
    q.kind === 'toggle' ? [answers[q.key] ? `--${q.flag}` : `--no-${q.flag}`] : [`--${q.flag}`, String(answers[q.key])],
  );
}

/** dir holds every file of the in-memory render, byte for byte and with its mode, and nothing else. */
export function expectSameAsRender(dir: string, expected: FileMap): void {
  const written = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  expect(written.length).toBe(expected.size);
  for (const [path, file] of expected) {
    const abs = join(dir, path);
    expect(readFileSync(abs).equals(file.content), path).toBe(true);
    expect(statSync(abs).mode & 0o777, path).toBe(file.mode);
  }
}
