// doctor's checks on the VPS itself: the backup timer or cron line installed, the newest backup's
// age in R2 (with backup.env's keys, as the backup scripts read them), disk and memory against
// the KVM 2 budget the CHECKLIST sets. `root` is `/` on the VPS (a folder in the tests).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Msg, msg } from '../i18n.js';
import type { CheckResult } from './checks.js';
import { newestObject, R2Error, type R2Keys } from './r2-list.js';

export function backupScheduleCheck(root: string, appName: string): CheckResult {
  const name = 'backup schedule';
  const timer = `/etc/systemd/system/${appName}-backup.timer`;
  const cron = `/etc/cron.d/${appName}-backup`;
  for (const path of [timer, cron]) if (existsSync(join(root, path))) return { name, ok: true, detail: path };
  return {
    name,
    ok: false,
    detail: `${timer} / ${cron}: -`,
    fix: msg(
      `Instala el timer: sudo install -m 644 /opt/${appName}/ops/backup/systemd/backup-postgres.timer ${timer} (y su .service), luego sudo systemctl enable --now ${appName}-backup.timer; o la línea de cron en ${cron} (CHECKLIST, respaldos).`,
      `Install the timer: sudo install -m 644 /opt/${appName}/ops/backup/systemd/backup-postgres.timer ${timer} (and its .service), then sudo systemctl enable --now ${appName}-backup.timer; or the cron line in ${cron} (CHECKLIST, backups).`,
    ),
  };
}

/** backup.env's R2 settings: KEY=value lines (quotes dropped); the endpoint built from R2_ACCOUNT_ID unless given. */
export function readBackupEnv(path: string): R2Keys & { prefix: string } {
  const vars = new Map<string, string>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^\s*(?:export\s+)?([A-Z0-9_]+)=(.*)$/.exec(line);
    if (m) vars.set(m[1]!, m[2]!.trim().replace(/^(['"])(.*)\1$/, '$2'));
  }
  const account = vars.get('R2_ACCOUNT_ID');
  return {
    endpoint: vars.get('R2_ENDPOINT') || (account ? `https://${account}.r2.cloudflarestorage.com` : ''),
    accessKeyId: vars.get('R2_ACCESS_KEY_ID') ?? '',
    secretAccessKey: vars.get('R2_SECRET_ACCESS_KEY') ?? '',
    bucket: vars.get('R2_BUCKET') ?? '',
    prefix: vars.get('R2_PREFIX') || 'postgres/',
  };
}

/** A daily backup: the newest copy older than 26 hours means last night's did not arrive. */
export const MAX_BACKUP_AGE_HOURS = 26;

export async function backupAgeCheck(backupEnv: string, appName = '<app>'): Promise<CheckResult> {
  const name = 'backup in R2';
  const fix: Msg = msg(
    `El último respaldo no llegó: mira sudo journalctl -u ${appName}-backup.service (o el log de cron) y corre el respaldo a mano; revisa las llaves de R2 en ${backupEnv}.`,
    `Last night's backup did not arrive: read sudo journalctl -u ${appName}-backup.service (or cron's log) and run the backup by hand; check the R2 keys in ${backupEnv}.`,
  );
  let keys: ReturnType<typeof readBackupEnv>;
  try {
    keys = readBackupEnv(backupEnv);
  } catch (error) {
    return { name, ok: false, detail: `${backupEnv}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, fix };
  }
  const missing = (['endpoint', 'accessKeyId', 'secretAccessKey', 'bucket'] as const).filter((k) => keys[k] === '');
  if (missing.length > 0) return { name, ok: false, detail: `${backupEnv}: missing ${missing.join(', ')}`, fix };
  try {
    const newest = await newestObject(keys, keys.prefix);
    if (!newest) return { name, ok: false, detail: `no backup under ${keys.bucket}/${keys.prefix}`, fix };
    const hours = Math.floor((Date.now() - newest.at.getTime()) / 3_600_000);
    const ok = hours < MAX_BACKUP_AGE_HOURS;
    return { name, ok, detail: `${newest.key}, ${hours} h`, ...(ok ? {} : { fix }) };
  } catch (error) {
    const why =
      error instanceof R2Error ? error.message : ((error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message);
    return { name, ok: false, detail: `R2 ${why}`, fix };
  }
}

const MiB = 1024 * 1024;
/** The CHECKLIST's budget: OS, Docker, Traefik and Dokploy 1536; apps and Postgres 2048; monitoring 1536 (2624 with metrics). */
export const budgetMiB = (metrics: boolean) => 1536 + 2048 + (metrics ? 2624 : 1536);

export interface Machine {
  totalMem: number;
  availableMem: number;
  diskSize: number;
  diskFree: number;
}

export function budgetCheck(m: Machine, metrics: boolean): CheckResult[] {
  const budget = budgetMiB(metrics);
  const total = Math.round(m.totalMem / MiB);
  const available = Math.round(m.availableMem / MiB);
  // A KVM 2's 8 GB shows as about 7.7 GiB, still above the budget; 512 MiB available is the floor.
  const memOk = total >= budget && available >= 512;
  const usedPct = Math.round(((m.diskSize - m.diskFree) / m.diskSize) * 100);
  const diskOk = usedPct < 85;
  return [
    {
      name: 'memory',
      ok: memOk,
      detail: `${total} MiB, ${available} MiB available; budget ${budget} MiB`,
      ...(memOk
        ? {}
        : {
            fix: msg(
              'Menos memoria que el presupuesto (KVM 2, 8 GB): revisa los límites de memoria en Dokploy (CHECKLIST) y docker stats; sube de plan si no cabe.',
              'Less memory than the budget (KVM 2, 8 GB): check the memory limits in Dokploy (CHECKLIST) and docker stats; move to a bigger plan if it does not fit.',
            ),
          }),
    },
    {
      name: 'disk',
      ok: diskOk,
      detail: `${usedPct} % used, ${Math.round(m.diskFree / 1024 / MiB)} GiB free`,
      ...(diskOk
        ? {}
        : {
            fix: msg(
              'Disco casi lleno (la alerta salta al 85 %): sudo docker system prune (imágenes viejas de los despliegues) y baja KEEP_LOCAL en backup.env (copias en BACKUP_DIR).',
              'Disk nearly full (the alert fires at 85 %): sudo docker system prune (old deploy images) and lower KEEP_LOCAL in backup.env (copies in BACKUP_DIR).',
            ),
          }),
    },
  ];
}
