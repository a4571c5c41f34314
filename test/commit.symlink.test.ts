// Generating into a path that holds symlinks (issue 23): a target that is a symlink to an empty
// folder is written through (the founder pointed it there); a dangling symlink anywhere in the
// path is a clear error of theirs, not "our bug", and names no staging folder.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitNew } from '../src/commit.js';
import { UserError } from '../src/errors.js';
import type { FileMap } from '../src/file-map.js';

const files: FileMap = new Map([
  ['README.md', { content: Buffer.from('hola\n'), mode: 0o644 }],
  ['ops/run.sh', { content: Buffer.from('#!/bin/sh\n'), mode: 0o755 }],
]);

describe('symlinks in the target path', () => {
  it('target is a symlink to an empty folder: the files land in that folder, the link stays', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'pyme-link-'));
    mkdirSync(join(parent, 'real'));
    symlinkSync(join(parent, 'real'), join(parent, 'app'));
    await commitNew(join(parent, 'app'), files);
    expect(readFileSync(join(parent, 'real', 'README.md'), 'utf8')).toBe('hola\n');
    expect(readdirSync(parent).sort()).toEqual(['app', 'real']);
  });

  it.each([
    ['the target itself', (p: string) => join(p, 'app')],
    ['a folder above it', (p: string) => join(p, 'app', 'inner')],
  ])('a dangling symlink as %s: a clear user error naming the link, nothing written', async (_, targetOf) => {
    const parent = mkdtempSync(join(tmpdir(), 'pyme-dangling-'));
    symlinkSync(join(parent, 'gone'), join(parent, 'app'));
    const error = await commitNew(targetOf(parent), files).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    const text = (error as UserError).text.en;
    expect(text).toContain(`${join(parent, 'app')} is a symbolic link to ${join(parent, 'gone')}, which does not exist`);
    expect(text).not.toMatch(/pyme-stack-tmp/);
    expect(existsSync(join(parent, 'gone'))).toBe(false);
    expect(readdirSync(parent)).toEqual(['app']);
  });
});
