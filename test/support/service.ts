// Starts a generated service (backend, relay, frontend server) on loopback and waits until its
// health route answers: one place for spawning, output capture, readiness and a clean stop.
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from './postgres.js';

export interface Service {
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything the service printed so far (stdout and stderr). */
  log: () => string;
  stop: () => Promise<void>;
}

export interface ServiceOptions {
  cwd: string;
  /** The service's environment; HOST and PORT are added. */
  env: NodeJS.ProcessEnv;
  healthPath?: string;
  seconds?: number;
}

export async function startService(name: string, command: string, args: string[], options: ServiceOptions): Promise<Service> {
  const port = await freePort();
  let output = '';
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...options.env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  const seconds = options.seconds ?? 15;
  for (let i = 0; i < seconds * 10; i++) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}):\n${output}`);
    if (
      await fetch(`${url}${options.healthPath ?? '/health'}`).then(
        (r) => r.ok,
        () => false,
      )
    ) {
      return { url, port, child, log: () => output, stop };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`${name} did not answer ${options.healthPath ?? '/health'} in ${seconds} s:\n${output}`);
}
