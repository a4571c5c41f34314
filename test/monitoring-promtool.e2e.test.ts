// The generated ops/monitoring/, checked offline for every answer combination: the compose file
// against the Compose Specification schema and the rules of stack-facts (pinned images, memory
// limits within the stated budget, nothing public), and the Prometheus, Alertmanager and Grafana
// files with promtool and amtool. Each check also fails on a deliberately broken input.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { FileMap } from '../src/file-map.js';
import { ANSWER_SETS, renderSet } from './support/generate.js';
import { REPO, requireTool } from './support/tools.js';
import { composePolicy, memoryMiB, statedBudget, type Compose } from './fixtures/monitoring-policy.js';

const DIR = 'ops/monitoring';
const COMPOSE = `${DIR}/docker-compose.monitoring.yml`;
const SCHEMA = join(REPO, 'test', 'fixtures', 'compose-spec', 'compose-spec.json');

/** Compose Specification validator (draft-07). The file names its meta-schema by an https URL ajv does not know. */
function composeValidator() {
  if (!existsSync(SCHEMA)) throw new Error(`${SCHEMA} is missing: the compose schema is vendored in test/fixtures/compose-spec`);
  const { $schema: _metaSchema, ...schema } = JSON.parse(readFileSync(SCHEMA, 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(schema);
  return (doc: unknown) => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
}
const validateCompose = composeValidator();

/** Writes the generated ops/monitoring/ to a temp folder, as it lands on the VPS. */
function writeMonitoring(files: FileMap): string {
  const root = mkdtempSync(join(tmpdir(), 'monitoring-'));
  for (const [path, file] of files) {
    if (!path.startsWith(`${DIR}/`)) continue;
    const target = join(root, path.slice(DIR.length + 1));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.content);
  }
  return root;
}

function run(tool: string, args: string[], cwd: string) {
  const r = spawnSync(requireTool(tool), args, { cwd, encoding: 'utf8' });
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
}

const COMBINATIONS = [
  { name: 'es', answers: ANSWER_SETS.es },
  { name: 'es+metrics', answers: { ...ANSWER_SETS.es, metrics: true } },
  { name: 'en', answers: ANSWER_SETS.en },
  { name: 'en-metrics', answers: { ...ANSWER_SETS.en, metrics: false } },
];

const CORE = ['glitchtip', 'glitchtip-postgres', 'glitchtip-valkey', 'relay'];
const METRICS = ['prometheus', 'alertmanager', 'grafana', 'node-exporter', 'cadvisor'];

for (const { name, answers } of COMBINATIONS) {
  describe(`generated monitoring (${name})`, async () => {
    const files = await renderSet(answers);
    const text = (path: string) => {
      const file = files.get(path);
      if (!file) throw new Error(`${path} is not generated`);
      return file.content.toString('utf8');
    };
    const source = text(COMPOSE);
    const compose = parse(source) as Compose;

    it('validates against the Compose Specification schema', () => {
      expect(validateCompose(compose)).toEqual([]);
    });

    it('has GlitchTip 6.2.6 all-in-one, its retention in GLITCHTIP_RETENTION_DAYS, its Postgres and Valkey, the relay, and the metrics services only with metrics', () => {
      expect(Object.keys(compose.services)).toEqual(answers.metrics ? [...CORE, ...METRICS] : CORE);
      expect(compose.services.glitchtip.image).toBe('glitchtip/glitchtip:6.2.6');
      // GLITCHTIP_MAX_EVENT_LIFE_DAYS is only a fallback for GLITCHTIP_RETENTION_DAYS (glitchtip-backend settings.py).
      expect(compose.services.glitchtip.environment?.GLITCHTIP_RETENTION_DAYS).toBe('30');
      expect(compose.services.glitchtip.environment).not.toHaveProperty('GLITCHTIP_MAX_EVENT_LIFE_DAYS');
      expect(compose.services.glitchtip.environment?.SERVER_ROLE).toBe('all_in_one');
      expect(compose.services.glitchtip.environment?.VALKEY_URL).toBe('redis://glitchtip-valkey:6379/0');
      expect(compose.services.relay.build).toEqual({ context: '../../alerts' });
      expect(compose.services.relay.environment?.ALERTS_LANG).toBe(answers.lang);
    });

    it("puts GlitchTip and the relay on Dokploy's network, the relay under the name the backend is told to use", () => {
      expect(compose.networks).toEqual({ 'dokploy-network': { external: true } });
      expect(compose.services.glitchtip.networks).toEqual(['default', 'dokploy-network']);
      const relayNetworks = compose.services.relay.networks as Record<string, { aliases?: string[] } | null>;
      expect(relayNetworks['dokploy-network']?.aliases).toEqual([`${answers.appName}-relay`]);
      expect(text('CHECKLIST.md')).toContain(`ALERTS_URL=http://${answers.appName}-relay:3001`);
    });

    // GlitchTip's alert webhooks go through glitchtip/url_validation.py, which refuses URLs that
    // resolve to private IPs unless GLITCHTIP_ALLOW_PRIVATE_IPS is true; the relay is on one.
    it('lets GlitchTip call the relay on the compose network (a private IP)', () => {
      expect(compose.services.glitchtip.environment?.GLITCHTIP_ALLOW_PRIVATE_IPS).toBe('True');
      expect(compose.services.glitchtip.environment?.ENABLE_USER_REGISTRATION).toBe('False');
      expect(text('CHECKLIST.md')).toContain('http://relay:3001/glitchtip/<ALERTS_TOKEN>');
    });

    it('follows the policy: pinned images, memory limits, restart, health checks, nothing public, named volumes', () => {
      expect(composePolicy(compose)).toEqual([]);
    });

    it('stops the deploy with a message for each missing secret, and lists each in .env.example', () => {
      const required = [...source.matchAll(/\$\{(\w+):\?[^}]+\}/g)].map((m) => m[1]);
      const expected = ['GLITCHTIP_DB_PASSWORD', 'GLITCHTIP_SECRET_KEY', 'GLITCHTIP_DOMAIN', 'ALERTS_TOKEN'];
      if (answers.metrics) expected.push('GRAFANA_ADMIN_PASSWORD', 'METRICS_TOKEN', 'BACKEND_APP_NAME');
      expect([...new Set(required)].sort()).toEqual(expected.sort());
      // No bare ${VAR}: an unset one would silently become an empty string.
      expect(source.match(/\$\{\w+\}/g)).toBeNull();
      const envExample = text('.env.example');
      for (const variable of expected) expect(envExample).toMatch(new RegExp(`^${variable}=`, 'm'));
    });

    it('keeps the memory limits within the budget written at the top of the file', () => {
      const budget = statedBudget(source);
      const sum = Object.values(compose.services).reduce((total, s) => total + memoryMiB(s.deploy!.resources!.limits!.memory!), 0);
      expect(budget.total).toBe(8192); // Hostinger KVM 2
      expect(budget.os).toBeGreaterThanOrEqual(1536);
      expect(budget.os + budget.app + budget.monitoringMax + budget.free).toBe(budget.total);
      expect(budget.statedSum).toBe(sum);
      expect(sum).toBeLessThanOrEqual(budget.monitoringMax);
      expect(text('CHECKLIST.md')).toContain(`${sum} MiB`);
    });

    if (!answers.metrics) {
      it('has no metrics files', () => {
        expect([...files.keys()].filter((p) => p.startsWith(DIR))).toEqual([COMPOSE]);
      });
      return;
    }

    const root = writeMonitoring(files);
    // The compose file mounts these secrets at run time; the checks only need them to exist.
    mkdirSync(join(root, 'secrets'));
    writeFileSync(join(root, 'secrets/metrics_token'), 'test-token');
    writeFileSync(join(root, 'secrets/alerts_token'), 'test-token');

    it('prometheus.yml passes promtool check config (with its rule file)', () => {
      const r = run('promtool', ['check', 'config', 'prometheus.yml'], root);
      expect(r.out).toContain('SUCCESS');
      expect(r.ok, r.out).toBe(true);
    });

    it('the check written at the top of prometheus.yml passes as written, in the folder as generated', () => {
      const bare = writeMonitoring(files); // no secrets/: they exist only inside the container
      const hint = /^# Check it: (promtool .*?) \(/m.exec(readFileSync(join(bare, 'prometheus.yml'), 'utf8'))?.[1];
      expect(hint).toBe('promtool check config --syntax-only prometheus.yml');
      const [command, ...args] = hint!.split(' ');
      const r = run(command!, args, bare);
      expect(r.ok, r.out).toBe(true);
    });

    // Dokploy names an app's service "<name>-<6 random characters>": the backend's address is one
    // variable, written by Compose (configs.content is interpolated) into prometheus' file_sd file.
    it('scrapes the backend at BACKEND_APP_NAME:3000, the one value set in the Environment tab', () => {
      const prometheus = parse(readFileSync(join(root, 'prometheus.yml'), 'utf8')) as {
        scrape_configs: { job_name: string; file_sd_configs?: { files: string[] }[]; static_configs?: unknown }[];
      };
      const job = prometheus.scrape_configs.find((j) => j.job_name === 'backend')!;
      expect(job.static_configs).toBeUndefined();
      expect(job.file_sd_configs).toEqual([{ files: ['backend-targets.json'] }]);
      const mount = (compose.services.prometheus as { configs?: { source: string; target: string }[] }).configs;
      expect(mount).toEqual([{ source: 'backend_targets', target: '/etc/prometheus/backend-targets.json' }]);
      const content = (compose as { configs?: Record<string, { content: string }> }).configs!.backend_targets!.content;
      const written = content.replace(/\$\{BACKEND_APP_NAME:\?[^}]+\}/, 'tienda-demo-backend-a1b2c3');
      expect(JSON.parse(written)).toEqual([{ targets: ['tienda-demo-backend-a1b2c3:3000'] }]);
      expect(text('CHECKLIST.md')).toContain('docker service ls | grep backend');
    });

    it('alert-rules.yml passes promtool check rules and covers the thresholds with for: 5m', () => {
      const r = run('promtool', ['check', 'rules', 'alert-rules.yml'], root);
      expect(r.ok, r.out).toBe(true);
      const rules = (parse(readFileSync(join(root, 'alert-rules.yml'), 'utf8')) as RuleFile).groups.flatMap((g) => g.rules);
      expect(Object.fromEntries(rules.map((r) => [r.alert, r.for]))).toEqual({
        HighCpu: '5m',
        HighMemory: '5m',
        HighDisk: '5m',
        BackendErrors: '5m',
        BackendSlow: '5m',
        TargetDown: '5m',
        BackupTooOld: '5m',
        BackupNeverRecorded: '26h',
      });
      const expr = (alert: string) => rules.find((r) => r.alert === alert)!.expr;
      expect(expr('HighCpu')).toMatch(/> 85$/);
      expect(expr('HighMemory')).toMatch(/> 90$/);
      expect(expr('HighDisk')).toMatch(/> 85$/);
      expect(expr('BackendErrors')).toMatch(/http_requests_total\{job="backend", status=~"5\.\."\}.* \* 60 > 10$/);
      expect(expr('BackendSlow')).toMatch(/^histogram_quantile\(0\.95, .*http_request_duration_seconds_bucket.*> 5$/);
      expect(expr('BackupTooOld')).toBe('time() - pyme_backup_last_success_timestamp_seconds > 26 * 3600');
    });

    it('each alert fires after 5 minutes over its threshold and not before (promtool test rules)', () => {
      const r = run('promtool', ['test', 'rules', 'alert-rules.test.yml'], root);
      expect(r.out).toContain('SUCCESS');
      expect(r.ok, r.out).toBe(true);
    });

    it('promtool test rules fails when a rule fires a minute early', () => {
      const broken = mkdtempSync(join(tmpdir(), 'monitoring-broken-'));
      const rules = readFileSync(join(root, 'alert-rules.yml'), 'utf8');
      const early = rules.replace(/(- alert: HighMemory\n(?:.*\n)*?\s+for: )5m/, '$14m');
      expect(early).not.toBe(rules);
      writeFileSync(join(broken, 'alert-rules.yml'), early);
      writeFileSync(join(broken, 'alert-rules.test.yml'), readFileSync(join(root, 'alert-rules.test.yml')));
      const r = run('promtool', ['test', 'rules', 'alert-rules.test.yml'], broken);
      expect(r.ok).toBe(false);
      expect(r.out).toContain('alertname: HighMemory, time: 14m');
    });

    it('promtool check rules fails on a broken expression', () => {
      const broken = mkdtempSync(join(tmpdir(), 'monitoring-broken-'));
      writeFileSync(join(broken, 'alert-rules.yml'), readFileSync(join(root, 'alert-rules.yml'), 'utf8').replace('> 85', '>> 85'));
      expect(run('promtool', ['check', 'rules', 'alert-rules.yml'], broken).ok).toBe(false);
    });

    it('alertmanager.yml passes amtool check-config and sends to the relay with the bearer token', () => {
      const r = run('amtool', ['check-config', 'alertmanager.yml'], root);
      expect(r.ok, r.out).toBe(true);
      const am = parse(readFileSync(join(root, 'alertmanager.yml'), 'utf8'));
      expect(am.receivers[0].webhook_configs[0]).toMatchObject({
        url: 'http://relay:3001/alertmanager',
        http_config: { authorization: { type: 'Bearer', credentials_file: 'secrets/alerts_token' } },
      });
      const broken = join(mkdtempSync(join(tmpdir(), 'monitoring-broken-')), 'alertmanager.yml');
      writeFileSync(broken, readFileSync(join(root, 'alertmanager.yml'), 'utf8').replace('receiver: whatsapp', 'receiver: nobody'));
      expect(run('amtool', ['check-config', broken], root).ok).toBe(false);
    });

    it('the secrets the configs read are the ones the compose file mounts', () => {
      expect(compose.services.prometheus.secrets).toEqual([{ source: 'metrics_token', target: '/etc/prometheus/secrets/metrics_token' }]);
      expect(compose.services.alertmanager.secrets).toEqual([{ source: 'alerts_token', target: '/etc/alertmanager/secrets/alerts_token' }]);
      expect(compose.secrets).toEqual({ metrics_token: { environment: 'METRICS_TOKEN' }, alerts_token: { environment: 'ALERTS_TOKEN' } });
      expect(compose.services.prometheus.command).toEqual(
        expect.arrayContaining([
          '--config.file=/etc/prometheus/prometheus.yml',
          '--storage.tsdb.path=/prometheus',
          '--storage.tsdb.retention.time=15d',
        ]),
      );
    });

    it('Grafana gets the Prometheus data source and one dashboard whose queries all parse', () => {
      const datasource = parse(readFileSync(join(root, 'grafana/provisioning/datasources/prometheus.yml'), 'utf8'));
      expect(datasource.datasources).toEqual([
        expect.objectContaining({ uid: 'prometheus', type: 'prometheus', url: 'http://prometheus:9090' }),
      ]);
      const dashboard = JSON.parse(readFileSync(join(root, 'grafana/dashboards/vps.json'), 'utf8')) as Dashboard;
      expect(dashboard.title).toBe(`${answers.appName}: ${answers.lang === 'es' ? 'VPS y backend' : 'VPS and backend'}`);
      const targets = dashboard.panels.flatMap((p) => p.targets.map((t) => ({ ...t, panel: p })));
      expect(targets.length).toBeGreaterThanOrEqual(8);
      for (const t of targets) expect([t.datasource.uid, t.panel.datasource.uid]).toEqual(['prometheus', 'prometheus']);
      // promtool has no "check expression": it parses each query as a recording rule instead.
      const asRules = (exprs: string[]) => ({
        groups: [{ name: 'dashboard', rules: exprs.map((expr, i) => ({ record: `panel_${i}`, expr })) }],
      });
      const check = (exprs: string[]) => {
        const dir = mkdtempSync(join(tmpdir(), 'dashboard-'));
        writeFileSync(join(dir, 'rules.yml'), JSON.stringify(asRules(exprs)));
        return run('promtool', ['check', 'rules', 'rules.yml'], dir);
      };
      const r = check(targets.map((t) => t.expr));
      expect(r.ok, r.out).toBe(true);
      expect(check(['sum(rate(http_requests_total[5m])']).ok).toBe(false);
    });
  });
}

describe('the policy check catches what it is for', () => {
  const good = async () => parse((await renderSet(ANSWER_SETS.en)).get(COMPOSE)!.content.toString('utf8')) as Compose;

  it('flags a public port, a latest tag, a missing memory limit, an anonymous volume and an obsolete version key', async () => {
    const compose = await good();
    compose.version = '3.8';
    compose.services.grafana.ports = ['3000:3000'];
    compose.services.prometheus.image = 'prom/prometheus:latest';
    compose.services.cadvisor.image = 'ghcr.io/google/cadvisor';
    delete compose.services.alertmanager.deploy;
    compose.services.glitchtip.volumes = ['/code/uploads'];
    compose.services.relay.restart = undefined;
    expect(composePolicy(compose)).toEqual([
      'top-level version: key is obsolete',
      'glitchtip: volume /code/uploads is anonymous; use a named volume',
      'relay: no restart policy',
      'prometheus: image prom/prometheus:latest is not pinned',
      'alertmanager: no memory limit under deploy.resources.limits',
      'grafana: port 3000:3000 is not bound to 127.0.0.1',
      'cadvisor: image ghcr.io/google/cadvisor is not pinned',
    ]);
  });

  it('the schema rejects a misspelled key', async () => {
    const compose = (await good()) as unknown as { services: Record<string, Record<string, unknown>> };
    compose.services.glitchtip.restat = 'always';
    expect(validateCompose(compose).join('\n')).toContain('must NOT have additional properties');
  });

  it('reads memory sizes as Compose does', () => {
    expect([memoryMiB('768M'), memoryMiB('1g'), memoryMiB('512mb'), memoryMiB('1048576k')]).toEqual([768, 1024, 512, 1024]);
    expect(() => memoryMiB('lots')).toThrow();
  });
});

interface RuleFile {
  groups: { name: string; rules: { alert: string; expr: string; for: string }[] }[];
}
interface Dashboard {
  title: string;
  panels: { datasource: { uid: string }; targets: { expr: string; datasource: { uid: string } }[] }[];
}
