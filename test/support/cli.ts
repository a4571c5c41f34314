// Runs the built CLI as a process, the way users run it.
import { execa } from 'execa';
import { cliBin } from './tools.js';

export interface CliRun {
  exitCode?: number;
  signal?: string;
  stdout: string;
  stderr: string;
}

export async function runCli(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): Promise<CliRun> {
  const r = await execa(process.execPath, [cliBin(), ...args], {
    reject: false,
    stdin: 'ignore', // no TTY, like CI or a pipe
    timeout: 30_000,
    cwd: options.cwd,
    env: { NO_COLOR: '1', LANG: 'en_US.UTF-8', ...options.env },
  });
  return { exitCode: r.exitCode, signal: r.signal, stdout: String(r.stdout), stderr: String(r.stderr) };
}
