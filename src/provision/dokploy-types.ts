// The parts of Dokploy's answers provision reads (v0.30; checked against the lab's real server,
// test/fixtures/dokploy/). Everything else in a record is ignored.
export interface DomainRecord {
  domainId: string;
  host: string;
  port?: number | null;
  https?: boolean;
  certificateType?: string;
  serviceName?: string | null;
}

export interface PostgresRecord {
  postgresId: string;
  name: string;
  appName: string;
  databaseName: string;
  databaseUser: string;
  databasePassword: string;
  memoryLimit?: string | null;
  applicationStatus?: string;
  /** Its backup schedules (postgres.one leaves the destination's keys out). */
  backups?: BackupRecord[];
}

/** An S3 destination (destination.all: with its keys, in clear). */
export interface DestinationRecord {
  destinationId: string;
  name: string;
  provider: string | null;
  accessKey: string;
  secretAccessKey: string;
  bucket: string;
  region: string;
  endpoint: string;
  additionalFlags?: string[] | null;
}

export interface BackupRecord {
  backupId: string;
  destinationId: string;
  database: string;
  schedule: string;
  prefix: string;
  enabled: boolean | null;
  keepLatestCount: number | null;
  databaseType: string;
}

export interface ApplicationRecord {
  applicationId: string;
  name: string;
  appName: string;
  env?: string | null;
  sourceType?: string;
  owner?: string | null;
  repository?: string | null;
  branch?: string | null;
  buildPath?: string | null;
  githubId?: string | null;
  buildType?: string;
  dockerfile?: string | null;
  autoDeploy?: boolean | null;
  memoryLimit?: string | null;
  updateConfigSwarm?: Record<string, unknown> | null;
  refreshToken?: string | null;
  applicationStatus?: string;
  domains?: DomainRecord[];
}

export interface ComposeRecord {
  composeId: string;
  name: string;
  appName: string;
  env?: string | null;
  sourceType?: string;
  owner?: string | null;
  repository?: string | null;
  branch?: string | null;
  composePath?: string;
  composeType?: string;
  githubId?: string | null;
  autoDeploy?: boolean | null;
  refreshToken?: string | null;
  composeStatus?: string;
  domains?: DomainRecord[];
}

export interface EnvironmentRecord {
  environmentId: string;
  name: string;
  applications?: ApplicationRecord[];
  postgres?: PostgresRecord[];
  compose?: ComposeRecord[];
  mariadb?: { name: string }[];
  mysql?: { name: string }[];
  mongo?: { name: string }[];
  redis?: { name: string }[];
}

export interface ProjectRecord {
  projectId: string;
  name: string;
  environments?: EnvironmentRecord[];
}

export interface GithubProvider {
  githubId: string;
  gitProvider?: { name?: string };
}

export interface DeploymentRecord {
  deploymentId: string;
  status: string;
  title?: string;
  createdAt?: string;
  errorMessage?: string | null;
}
