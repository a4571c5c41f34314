// Builds a generated project's three images (backend, frontend, alerts) from their own folders,
// as Dokploy does (Build Path /backend, /frontend, /alerts), and reports time and size.
import { join } from 'node:path';
import { docker, dockerOut } from './docker.js';

export const PARTS = ['backend', 'frontend', 'alerts'] as const;
export type Part = (typeof PARTS)[number];

export interface BuiltImage {
  tag: string;
  seconds: number;
  /** Uncompressed size in MB, as `docker images` counts it. */
  megabytes: number;
}

/** noCache: build every step again (the benchmark's build times), not only what changed. */
export async function buildImage(folder: string, tag: string, noCache = false): Promise<BuiltImage> {
  const started = Date.now();
  const r = await docker(['build', ...(noCache ? ['--no-cache'] : []), '-t', tag, folder], { reject: false, all: true, timeout: 900_000 });
  if (r.exitCode !== 0) throw new Error(`docker build ${folder} failed:\n${String(r.all).slice(-4000)}`);
  const seconds = (Date.now() - started) / 1000;
  const bytes = Number(await dockerOut(['image', 'inspect', '-f', '{{.Size}}', tag]));
  return { tag, seconds, megabytes: bytes / 1e6 };
}

/** Builds the three parts one after the other (two cores: in parallel they only fight). */
export async function buildProject(project: string, prefix: string): Promise<Record<Part, BuiltImage>> {
  const built = {} as Record<Part, BuiltImage>;
  for (const part of PARTS) built[part] = await buildImage(join(project, part), `${prefix}-${part}:test`);
  return built;
}
