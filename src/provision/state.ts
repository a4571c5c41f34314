// `.pyme-stack-deploy.json`: what provision created in Dokploy, IDs and names only (no secret),
// for doctor, the upgrade and the founder. Written after each resource, so a run that stops
// halfway still says how far it got.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Domains, Names } from './plan.js';

export const DEPLOY_FILE = '.pyme-stack-deploy.json';

export interface ServiceRef {
  id: string;
  name: string;
  appName: string;
}

export interface DeployRecord {
  dokployUrl: string;
  dokployVersion: string;
  domains: Domains;
  names: Names;
  /** owner/name on GitHub, and how its CI deploys: doctor checks the Actions secrets with them. */
  repo?: string;
  deployMethod?: 'api' | 'webhook';
  projectId?: string;
  environmentId?: string;
  database?: ServiceRef;
  backend?: ServiceRef;
  frontend?: ServiceRef;
  compose?: ServiceRef;
  /** With the R2 keys: Dokploy's S3 destination and the database's backup schedule in it. */
  backup?: { destinationId: string; backupId: string };
}

export function readDeployRecord(dir: string): DeployRecord | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, DEPLOY_FILE), 'utf8')) as DeployRecord;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Written whole to a temporary name then renamed: a crash never leaves half a file. */
export function writeDeployRecord(dir: string, record: DeployRecord) {
  const file = join(dir, DEPLOY_FILE);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}
