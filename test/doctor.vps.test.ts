// doctor on the VPS: the backup timer or cron line, the newest backup's age in R2 (read with
// backup.env's keys from the SigV4-checking stand-in bucket), disk and memory against the budget.
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { backupAgeCheck, backupScheduleCheck, budgetCheck, readBackupEnv } from '../src/doctor/vps.js';
import type { DeployRecord } from '../src/provision/state.js';
import { type S3Server, startS3 } from './support/s3.js';
import { cliBin } from './support/tools.js';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const keys = { bucket: 'tienda-backups', accessKeyId: 'AKIDDOCTOR', secretAccessKey: 'doctor-secret-0123456789' };
let s3: S3Server | undefined;
afterEach(async () => {
  await s3?.close();
  s3 = undefined;
});

const root = () => mkdtempSync(join(tmpdir(), 'doctor-vps-'));
const file = (path: string, text = '') => {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
};

describe('the backup schedule', () => {
  it('✔ with the systemd timer or the cron line installed, ✖ with the command that installs it', () => {
    const none = root();
    const r = backupScheduleCheck(none, 'tienda');
    expect(r.ok).toBe(false);
    expect(r.fix?.en).toContain('/etc/systemd/system/tienda-backup.timer');
    const timer = root();
    file(join(timer, 'etc/systemd/system/tienda-backup.timer'), '[Timer]\nOnCalendar=*-*-* 03:00:00\n');
    expect(backupScheduleCheck(timer, 'tienda')).toMatchObject({ ok: true, detail: expect.stringContaining('tienda-backup.timer') });
    const cron = root();
    file(join(cron, 'etc/cron.d/tienda-backup'), '0 3 * * * root /opt/tienda/ops/backup/backup-postgres-to-r2.sh\n');
    expect(backupScheduleCheck(cron, 'tienda')).toMatchObject({ ok: true, detail: expect.stringContaining('cron.d/tienda-backup') });
  });
});

describe('the newest backup in R2', () => {
  async function bucketWith(ages: Record<string, number>) {
    s3 = await startS3({ ...keys, dir: mkdtempSync(join(tmpdir(), 'doctor-s3-')), pageSize: 2 });
    for (const [key, hours] of Object.entries(ages)) {
      s3.put(key, Buffer.from(key));
      const at = new Date(Date.now() - hours * 3_600_000);
      utimesSync(s3.file(key), at, at);
    }
    const dir = root();
    const env = join(dir, 'backup.env');
    file(
      env,
      `# comment\nR2_ENDPOINT=${s3.url}\nR2_ACCESS_KEY_ID=${keys.accessKeyId}\nR2_SECRET_ACCESS_KEY="${keys.secretAccessKey}"\nR2_BUCKET=${keys.bucket}\nR2_PREFIX=postgres/\n`,
    );
    return env;
  }

  it('reads backup.env like the scripts: endpoint from the account id unless given', () => {
    const dir = root();
    file(join(dir, 'b.env'), "R2_ACCOUNT_ID=acc1\nR2_ACCESS_KEY_ID=a\nR2_SECRET_ACCESS_KEY='s'\nR2_BUCKET=b\n");
    expect(readBackupEnv(join(dir, 'b.env'))).toEqual({
      endpoint: 'https://acc1.r2.cloudflarestorage.com',
      accessKeyId: 'a',
      secretAccessKey: 's',
      bucket: 'b',
      prefix: 'postgres/',
    });
  });

  it('✔ when the newest is under a day old, found across listing pages, every request signed', async () => {
    const env = await bucketWith({ 'postgres/a.dump.gz': 72, 'postgres/b.dump.gz': 49, 'postgres/c.dump.gz': 3, 'dokploy/x': 0.1 });
    const r = await backupAgeCheck(env);
    expect(r).toMatchObject({ ok: true, detail: expect.stringMatching(/postgres\/c\.dump\.gz, 3 h/) });
    expect(s3!.requests.length).toBeGreaterThan(1); // more than one page
    expect(s3!.requests.every((q) => q.status === 200)).toBe(true);
  });

  it('✖ when the newest is over 26 hours old, or there is none', async () => {
    const env = await bucketWith({ 'postgres/a.dump.gz': 30 });
    const r = await backupAgeCheck(env);
    expect(r.ok).toBe(false);
    expect(r.detail).toMatch(/30 h/);
    expect(r.fix?.en).toMatch(/journalctl|backup/);
    await s3!.close();
    const empty = await bucketWith({});
    expect(await backupAgeCheck(empty)).toMatchObject({ ok: false, detail: expect.stringMatching(/no backup/) });
  });

  it('✖ with R2’s refusal when a key is wrong, and never the key', async () => {
    const env = await bucketWith({ 'postgres/a.dump.gz': 1 });
    writeFileSync(
      env,
      `R2_ENDPOINT=${s3!.url}\nR2_ACCESS_KEY_ID=${keys.accessKeyId}\nR2_SECRET_ACCESS_KEY=wrong-secret\nR2_BUCKET=${keys.bucket}\n`,
    );
    const r = await backupAgeCheck(env);
    expect(r.ok).toBe(false);
    expect(r.detail).toMatch(/SignatureDoesNotMatch/);
    expect(JSON.stringify(r)).not.toContain('wrong-secret');
  });
});

describe('disk and memory against the budget', () => {
  it('✔ on a KVM 2 with room; ✖ when the RAM is under the budget, little is free, or the disk is 85 % full', () => {
    const kvm2 = { totalMem: 8 * GiB - 250 * MiB, availableMem: 3 * GiB, diskSize: 100 * GiB, diskFree: 60 * GiB };
    expect(budgetCheck(kvm2, true).map((r) => r.ok)).toEqual([true, true]);
    const [memory] = budgetCheck({ ...kvm2, totalMem: 4 * GiB }, true);
    expect(memory).toMatchObject({ ok: false, detail: expect.stringMatching(/6208 MiB/) });
    expect(budgetCheck({ ...kvm2, totalMem: 4 * GiB }, false)[0]!.detail).toMatch(/5120 MiB/);
    expect(budgetCheck({ ...kvm2, availableMem: 200 * MiB }, true)[0]!.ok).toBe(false);
    const [, disk] = budgetCheck({ ...kvm2, diskFree: 10 * GiB }, true);
    expect(disk).toMatchObject({ ok: false, detail: expect.stringMatching(/90 %/) });
    expect(disk!.fix?.en).toMatch(/docker system prune|BACKUP_DIR|KEEP_LOCAL/);
  });
});

describe('doctor --vps-root', () => {
  it('adds the VPS lines to --json: schedule, backup age (via backup.env), memory, disk', async () => {
    s3 = await startS3({ ...keys, dir: mkdtempSync(join(tmpdir(), 'doctor-s3-')) });
    s3.put('postgres/new.dump.gz', Buffer.from('x'));
    const vps = root();
    file(join(vps, 'etc/cron.d/tienda-backup'), '0 3 * * * root true\n');
    file(
      join(vps, 'opt/tienda/ops/backup/backup.env'),
      `R2_ENDPOINT=${s3.url}\nR2_ACCESS_KEY_ID=${keys.accessKeyId}\nR2_SECRET_ACCESS_KEY=${keys.secretAccessKey}\nR2_BUCKET=${keys.bucket}\n`,
    );
    const dir = root();
    const record: DeployRecord = {
      dokployUrl: 'http://127.0.0.1:9',
      dokployVersion: 'v0.30.2',
      domains: { api: 'http://127.0.0.1:9', site: 'http://127.0.0.1:9', errors: 'http://127.0.0.1:9' },
      names: { project: 'tienda', database: 'tienda', backend: 'tienda-backend', frontend: 'tienda-frontend', compose: 'monitoring' },
    };
    writeFileSync(join(dir, '.pyme-stack-deploy.json'), JSON.stringify(record));
    const r = await execa('node', [cliBin(), 'doctor', '--json', '--vps-root', vps], {
      cwd: dir,
      env: { LANG: 'en_US.UTF-8' },
      reject: false,
    });
    expect(r.exitCode).toBe(1); // the sites are not there
    const checks = (JSON.parse(r.stdout) as { checks: { name: string; ok: boolean; fix?: string }[] }).checks;
    const byName = Object.fromEntries(checks.map((c) => [c.name, c]));
    expect(byName['backup schedule']).toMatchObject({ ok: true });
    expect(byName['backup in R2']).toMatchObject({ ok: true });
    expect(byName.memory).toBeDefined();
    // the fix names this app's unit
    writeFileSync(join(vps, 'opt/tienda/ops/backup/backup.env'), 'R2_BUCKET=x\n');
    const broken = await execa('node', [cliBin(), 'doctor', '--json', '--vps-root', vps], {
      cwd: dir,
      env: { LANG: 'en_US.UTF-8' },
      reject: false,
    });
    const age = (JSON.parse(broken.stdout) as { checks: { name: string; fix?: string }[] }).checks.find((c) => c.name === 'backup in R2');
    expect(age?.fix).toContain('journalctl -u tienda-backup.service');
    expect(byName.disk).toBeDefined();
    expect(r.stdout).not.toContain(keys.secretAccessKey);
  });
});
