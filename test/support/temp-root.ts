// One temp folder per test run, removed when the run ends. Every test, and every tool a test
// starts (bash's mktemp, Bun, Chromium, Postgres), makes its temp files under TMPDIR, so they all
// land here: before this, thousands of generated projects (up to 344 MB each) filled the disk.
// PYME_KEEP_TMP=1 keeps the folder to look at after a failure.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export function setup(): () => void {
  // Both projects (unit, e2e) run this in the one main process; the first one owns the folder.
  if (process.env.PYME_TEST_TMP) return () => {};
  const root = mkdtempSync(join(process.env.TMPDIR || '/tmp', 'pyme-run-'));
  // As /tmp is: Postgres, Bun's and the containers' users (not root) make their files here too.
  chmodSync(root, 0o1777);
  process.env.PYME_TEST_TMP = root;
  process.env.TMPDIR = root;
  return () => {
    if (process.env.PYME_KEEP_TMP === '1') console.error(`temp files kept in ${root}`);
    else rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  };
}
