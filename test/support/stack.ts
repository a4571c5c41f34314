// Runs containers on a private network with their ports on 127.0.0.1 only: Postgres, then the
// generated services. Health is what Docker says of each image's own HEALTHCHECK.
import { existsSync, readFileSync } from 'node:fs';
import { docker, dockerOut } from './docker.js';
import { freePort } from './postgres.js';

export interface Container {
  name: string;
  /** http://127.0.0.1:<host port> of the container's port, when published. */
  url: string;
}

export interface RunOptions {
  name: string;
  image: string;
  network: string;
  env?: Record<string, string>;
  /** Container port to publish on 127.0.0.1. */
  port?: number;
  /** docker run --memory, e.g. '512m': the limit the CHECKLIST sets in Dokploy. */
  memory?: string;
  volumes?: string[];
}

/** A fresh network of that name (Docker allows several with one name: every old one goes). */
export async function createNetwork(name: string): Promise<void> {
  const old = (await dockerOut(['network', 'ls', '-q', '--filter', `name=^${name}$`])).split('\n').filter(Boolean);
  for (const id of old) await docker(['network', 'rm', id], { reject: false });
  await docker(['network', 'create', name]);
}

export async function run(options: RunOptions): Promise<Container> {
  await docker(['rm', '-f', options.name], { reject: false });
  const hostPort = options.port ? await freePort() : 0;
  const args = ['run', '-d', '--name', options.name, '--network', options.network];
  if (options.port) args.push('-p', `127.0.0.1:${hostPort}:${options.port}`);
  if (options.memory) args.push('--memory', options.memory, '--memory-swap', options.memory);
  for (const [k, v] of Object.entries(options.env ?? {})) args.push('-e', `${k}=${v}`);
  for (const v of options.volumes ?? []) args.push('-v', v);
  await docker([...args, options.image]);
  return { name: options.name, url: `http://127.0.0.1:${hostPort}` };
}

/** Health status by the image's HEALTHCHECK ('healthy', 'starting', 'unhealthy'), or the state without one. */
export const health = (name: string) =>
  dockerOut(['inspect', '-f', '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}', name]);

export async function waitHealthy(name: string, seconds: number): Promise<void> {
  let status = '';
  for (let i = 0; i < seconds * 2; i++) {
    status = await health(name);
    if (status === 'healthy') return;
    if (status === 'unhealthy' || status === 'exited') break;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${name} is ${status} (waited up to ${seconds} s); its log:\n${await logs(name)}`);
}

export const logs = (name: string) => docker(['logs', '--tail', '40', name], { all: true, reject: false }).then((r) => String(r.all));

/** Memory in MiB as `docker stats` shows it (the cgroup's usage less its page cache). */
export async function memoryMiB(name: string): Promise<number> {
  const usage = (await dockerOut(['stats', '--no-stream', '--format', '{{.MemUsage}}', name])).split(' / ')[0]!;
  const m = /^([\d.]+)\s*([KMG]i?B|B)$/.exec(usage);
  if (!m) throw new Error(`cannot read docker stats memory "${usage}" of ${name}`);
  return Number(m[1]) * ({ B: 1 / 1048576, KiB: 1 / 1024, MiB: 1, GiB: 1024 } as Record<string, number>)[m[2]!]!;
}

/** `docker stop` (10 s grace, then SIGKILL): seconds taken and the exit code. */
export async function stopTimed(name: string): Promise<{ seconds: number; exitCode: number; oomKilled: boolean }> {
  const started = Date.now();
  await docker(['stop', name]);
  const seconds = (Date.now() - started) / 1000;
  const [exitCode, oom] = (await dockerOut(['inspect', '-f', '{{.State.ExitCode}} {{.State.OOMKilled}}', name])).split(' ');
  return { seconds, exitCode: Number(exitCode), oomKilled: oom === 'true' };
}

export async function remove(names: string[], network?: string): Promise<void> {
  for (const name of names) await docker(['rm', '-f', '-v', name], { reject: false });
  if (network) await docker(['network', 'rm', network], { reject: false });
}

/** CPU time a container has used so far, in µs, from its cgroup (v1 cpuacct or v2 cpu.stat). */
export async function cpuMicros(name: string): Promise<number> {
  const id = await dockerOut(['inspect', '-f', '{{.Id}}', name]);
  // cgroupfs and systemd layouts of cgroup v1, then of v2.
  for (const v1 of [`/sys/fs/cgroup/cpuacct/docker/${id}`, `/sys/fs/cgroup/cpuacct/system.slice/docker-${id}.scope`]) {
    if (existsSync(`${v1}/cpuacct.usage`)) return Number(readFileSync(`${v1}/cpuacct.usage`, 'utf8')) / 1000;
  }
  for (const dir of [`/sys/fs/cgroup/system.slice/docker-${id}.scope`, `/sys/fs/cgroup/docker/${id}`]) {
    if (existsSync(`${dir}/cpu.stat`)) return Number(/usage_usec (\d+)/.exec(readFileSync(`${dir}/cpu.stat`, 'utf8'))?.[1]);
  }
  throw new Error(`no cgroup CPU accounting found for container ${name}`);
}
