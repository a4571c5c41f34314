// A throwaway PostgreSQL server (Debian's), owned by user postgres, on 127.0.0.1 and a free port.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Postgres {
  port: number;
  /** postgres://postgres@127.0.0.1:<port>/<db> */
  url: (db?: string) => string;
  psql: (sql: string, db?: string) => string;
  start: () => void;
  stop: () => void;
  destroy: () => void;
  /** Folder with pg_dump, pg_restore, psql of the same major. */
  binDir: string;
}

export function postgresBinDir(): string {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error('PostgreSQL server is not installed: run `bash scripts/install-test-tools.sh`');
  return `/usr/lib/postgresql/${versions[0]}/bin`;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

const asPostgres = (args: string[]) => {
  const r = spawnSync('runuser', ['-u', 'postgres', '--', ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr || r.stdout}`);
  return r.stdout;
};

export async function startPostgres(): Promise<Postgres> {
  const binDir = postgresBinDir();
  const root = mkdtempSync(join(tmpdir(), 'pg-'));
  chmodSync(root, 0o755);
  const data = join(root, 'data');
  const sockets = join(root, 'run');
  execFileSync('mkdir', ['-p', data, sockets]);
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
  for (const d of [root, data, sockets]) chownSync(d, uid, gid);
  asPostgres([`${binDir}/initdb`, '-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C']);
  const port = await freePort();
  const pg: Postgres = {
    port,
    binDir,
    url: (db = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${db}`,
    psql: (sql, db = 'postgres') =>
      execFileSync(
        `${binDir}/psql`,
        ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', db, '-c', sql],
        {
          encoding: 'utf8',
        },
      ).trim(),
    start: () => {
      asPostgres([
        `${binDir}/pg_ctl`,
        '-D',
        data,
        '-w',
        '-l',
        join(root, 'log'),
        '-o',
        `-c listen_addresses=127.0.0.1 -p ${port} -k ${sockets}`,
        'start',
      ]);
    },
    stop: () => {
      asPostgres([`${binDir}/pg_ctl`, '-D', data, '-w', '-m', 'fast', 'stop']);
    },
    destroy: () => {
      try {
        pg.stop();
      } catch {
        /* already stopped */
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
  pg.start();
  return pg;
}
