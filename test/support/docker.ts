// Docker for the container tests: Debian's docker.io daemon (scripts/install-test-tools.sh),
// started here when none answers and stopped again by whoever started it. No registry is used:
// every base image is a local stand-in (standins.ts).
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { execa, type Options } from 'execa';
import { requireTool } from './tools.js';

/** Rootfs tarball, npm tarballs and build contexts, kept between runs. */
export const CACHE = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'create-pyme-stack-test/containers');

// The classic builder: what Debian's docker.io builds with, taking FROM images from the local
// store. Set explicitly so a newer docker client with buildx behaves the same.
const env = { DOCKER_BUILDKIT: '0', DOCKER_CLI_HINTS: 'false' };

export function docker(args: string[], options: Options = {}) {
  return execa('docker', args, { env, timeout: 600_000, ...options });
}

/** stdout of a docker command, trimmed. */
export async function dockerOut(args: string[]): Promise<string> {
  return String((await docker(args)).stdout).trim();
}

export const imageExists = (name: string) => docker(['image', 'inspect', name], { reject: false }).then((r) => r.exitCode === 0);

const answers = () => execa('docker', ['info'], { reject: false, timeout: 10_000 }).then((r) => r.exitCode === 0);

export interface Daemon {
  /** Stops the daemon when this is the last test file using it and a test run started it; the machine's own is left alone. */
  stop(): Promise<void>;
}

// Every test file using the daemon registers here while it does: a file that started dockerd must
// not stop it while another file (two run at once) is between containers, building an image.
const USERS = join(CACHE, 'daemon-users');
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

function register(): () => boolean {
  mkdirSync(USERS, { recursive: true });
  const me = join(USERS, `${process.pid}-${Math.random().toString(36).slice(2)}`);
  writeFileSync(me, '');
  /** Unregisters; true when no other living process still uses the daemon. */
  return () => {
    rmSync(me, { force: true });
    return readdirSync(USERS).every((name) => !alive(Number(name.split('-')[0])));
  };
}

export async function ensureDaemon(): Promise<Daemon> {
  requireTool('docker');
  requireTool('dockerd');
  const done = register();
  if (!(await answers())) await startDaemon();
  return {
    // The last file to leave stops the daemon, if a test run started it (its pid in STARTED).
    stop: async () => {
      if (!done()) return;
      const pid = Number(readFileSync(STARTED, { encoding: 'utf8', flag: 'a+' }));
      if (pid && alive(pid)) await stopDaemon(pid);
      rmSync(STARTED, { force: true });
    },
  };
}

/** The pid of a dockerd that a test run started (none when the machine's own daemon answered). */
const STARTED = join(CACHE, 'dockerd.started-by-tests');

async function startDaemon(): Promise<void> {
  mkdirSync(CACHE, { recursive: true });
  const pidfile = join(CACHE, 'dockerd.pid');
  const logFile = join(CACHE, 'dockerd.log');
  // overlay2 where the kernel allows it, else vfs (slower, works everywhere).
  for (const driver of ['overlay2', 'vfs']) {
    const out = openSync(logFile, 'a');
    const child = spawn('dockerd', [`--storage-driver=${driver}`, `--pidfile=${pidfile}`], { stdio: ['ignore', out, out], detached: true });
    child.unref();
    for (let i = 0; i < 60; i++) {
      // A daemon that answers while ours has exited is another run's, started at the same moment.
      if (await answers()) {
        if (child.exitCode === null) writeFileSync(STARTED, String(child.pid));
        return;
      }
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    if (child.exitCode === null) await stopDaemon(child.pid!);
  }
  throw new Error(`dockerd did not start (log: ${logFile}):\n${readFileSync(logFile, 'utf8').split('\n').slice(-8).join('\n')}`);
}

async function stopDaemon(pid: number): Promise<void> {
  // Another run's containers still on it (two test runs on one machine): leave it to them.
  const others = await execa('docker', ['ps', '-q'], { reject: false, timeout: 10_000 });
  if (others.exitCode === 0 && String(others.stdout).trim()) return;
  try {
    process.kill(pid, 'SIGTERM'); // dockerd stops its containers and its containerd
  } catch {
    return;
  }
  for (let i = 0; i < 60; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
