// What the CLI sends to a terminal (issue 23; e2e lane: needs `script` for a terminal): each
// stream is coloured only when it is itself a terminal, NO_COLOR turns colour off only when it
// holds a value (no-color.org), and on TERM=dumb the prompts send no escape codes at all.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { cliBin, requireTool } from './support/tools.js';

const ESC = '\x1b[';
const work = mkdtempSync(join(tmpdir(), 'pyme-colour-'));
const base = { PATH: process.env.PATH!, LANG: 'en_US.UTF-8', TERM: 'xterm' };
const PHONE = "'--alert-phone' '+52 55 1234 5678'";

/** Runs the CLI on a terminal (script), with the rest of the shell command after it (redirections). */
async function onTerminal(args: string, env: Record<string, string>) {
  const script = requireTool('script');
  const command = `${process.execPath} ${cliBin()} ${args}`;
  return execa(script, ['-qfec', command, '/dev/null'], { reject: false, env, extendEnv: false, timeout: 30_000 });
}

describe('colour', () => {
  it('NO_COLOR set but empty: still coloured on a terminal', async () => {
    const r = await onTerminal(`${join(work, 'empty')} --yes --no-git ${PHONE}`, { ...base, NO_COLOR: '' });
    expect(r.exitCode, String(r.stdout)).toBe(0);
    expect(String(r.stdout)).toContain(`${ESC}32m✔`);
  });

  it('NO_COLOR=1: no colour on a terminal', async () => {
    const r = await onTerminal(`${join(work, 'one')} --yes --no-git ${PHONE}`, { ...base, NO_COLOR: '1' });
    expect(r.exitCode, String(r.stdout)).toBe(0);
    expect(String(r.stdout)).toContain('✔');
    expect(String(r.stdout)).not.toContain(ESC);
  });

  it('stdout on a terminal, stderr into a file: the error in the file has no colour', async () => {
    const errFile = join(work, 'stderr.txt');
    const r = await onTerminal(`${join(work, 'bad')} --yes --no-git --alert-phone nope 2>${errFile}`, base);
    expect(r.exitCode).not.toBe(0);
    const text = readFileSync(errFile, 'utf8');
    expect(text).toContain('✖');
    expect(text).not.toContain(ESC);
  });

  it('stdout into a file, stderr on the terminal: the error on the terminal is coloured', async () => {
    const r = await onTerminal(`${join(work, 'bad2')} --yes --no-git --alert-phone nope >${join(work, 'stdout.txt')}`, base);
    expect(r.exitCode).not.toBe(0);
    expect(String(r.stdout)).toContain(`${ESC}31m✖`);
  });
});

describe('TERM=dumb', () => {
  it('the prompts are answered as usual and send no escape code (no cursor moves, no colour)', async () => {
    const script = requireTool('script');
    const dir = join(work, 'dumb');
    const child = execa(script, ['-qfec', `${process.execPath} ${cliBin()} ${dir} --no-git`, '/dev/null'], {
      reject: false,
      env: { ...base, TERM: 'dumb' },
      extendEnv: false,
      timeout: 30_000,
    });
    let seen = '';
    child.stdout!.on('data', (chunk: Buffer) => (seen += chunk.toString()));
    const waitFor = async (text: string, from: number) => {
      for (let i = 0; i < 200 && seen.indexOf(text, from) < 0; i++) await new Promise((r) => setTimeout(r, 50));
      if (seen.indexOf(text, from) < 0) throw new Error(`never saw ${JSON.stringify(text)} in:\n${seen}`);
      return seen.indexOf(text, from) + text.length;
    };
    let at = 0;
    for (const [prompt, keys] of [
      ['App name', '\r'],
      ['Bun version', '\r'],
      ['R2 bucket', '\r'],
      ['WhatsApp phone', '55 1234 5678\r'],
      ['Language', '\r'],
      ['Prometheus', '\r'],
      ['deploy', '\r'],
      ['backup', '\r'],
      ['time zone', '\r'],
    ] as const) {
      at = await waitFor(prompt, at);
      child.stdin!.write(keys);
    }
    const r = await child;
    expect(r.exitCode, seen).toBe(0);
    expect(existsSync(join(dir, '.pyme-stack.json'))).toBe(true);
    expect(seen).not.toContain('\x1b');
  });
});
