// The generated prometheus.yml in a real Prometheus (Debian's): it loads the config and every
// alert rule, and scrapes the backend's /metrics with the bearer token from the secret file the
// compose file mounts. The backend's address comes from backend-targets.json, as the compose file
// writes it from BACKEND_APP_NAME; here it names a fake backend on loopback.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANSWER_SETS, renderSet } from './support/generate.js';
import { freePort } from './support/postgres.js';
import { requireTool } from './support/tools.js';

const TOKEN = 'prometheus-e2e-metrics-token';
const answers = ANSWER_SETS.en;

describe('generated prometheus.yml in a real Prometheus', () => {
  it('loads the rules and scrapes the backend with the bearer token', async () => {
    const files = await renderSet({ ...answers, metrics: true });
    const dir = mkdtempSync(join(tmpdir(), 'prometheus-'));
    for (const name of ['prometheus.yml', 'alert-rules.yml']) writeFileSync(join(dir, name), files.get(`ops/monitoring/${name}`)!.content);
    mkdirSync(join(dir, 'secrets'));
    writeFileSync(join(dir, 'secrets/metrics_token'), TOKEN);

    // A fake backend that answers /metrics only with the right token, like the generated one.
    const seen: string[] = [];
    const backend = createServer((req, res) => {
      seen.push(req.headers.authorization ?? '');
      if (req.url !== '/metrics' || req.headers.authorization !== `Bearer ${TOKEN}`) return res.writeHead(401).end();
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
      res.end('http_requests_total{method="GET",route="/health",status="200"} 3\n');
    });
    await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r));
    const backendAddress = `127.0.0.1:${(backend.address() as AddressInfo).port}`;
    writeFileSync(join(dir, 'backend-targets.json'), JSON.stringify([{ targets: [backendAddress] }]));

    const port = await freePort();
    let log = '';
    const prometheus = spawn(
      requireTool('prometheus'),
      ['--config.file=prometheus.yml', `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`],
      { cwd: dir },
    );
    prometheus.stdout!.on('data', (d) => (log += d));
    prometheus.stderr!.on('data', (d) => (log += d));
    const api = `http://127.0.0.1:${port}/api/v1`;
    const get = async (path: string) => {
      try {
        const r = await fetch(`${api}${path}`);
        // biome-ignore lint/suspicious/noExplicitAny: Prometheus answers differ per endpoint; each test reads the fields it knows.
        return r.ok ? ((await r.json()) as { data: any }).data : undefined;
      } catch {
        return undefined;
      }
    };
    try {
      let rules: { rules: { name: string; type: string }[] }[] | undefined;
      for (let i = 0; i < 150 && !rules?.length; i++) {
        if (prometheus.exitCode !== null) throw new Error(`prometheus exited (${prometheus.exitCode}):\n${log}`);
        rules = (await get('/rules'))?.groups;
        if (!rules?.length) await new Promise((r) => setTimeout(r, 100));
      }
      const alerts = (rules ?? [])
        .flatMap((g) => g.rules)
        .filter((r) => r.type === 'alerting')
        .map((r) => r.name);
      expect(alerts.sort(), log).toEqual([
        'BackendErrors',
        'BackendSlow',
        'BackupNeverRecorded',
        'BackupTooOld',
        'HighCpu',
        'HighDisk',
        'HighMemory',
        'TargetDown',
      ]);

      // Scrapes start at an offset inside the 60 s interval.
      let up: string | undefined;
      for (let i = 0; i < 90 && up !== '1'; i++) {
        const result = (await get(`/query?query=${encodeURIComponent('up{job="backend"}')}`))?.result as
          | { value: [number, string] }[]
          | undefined;
        up = result?.[0]?.value[1];
        if (up !== '1') await new Promise((r) => setTimeout(r, 1000));
      }
      expect(seen, log).toContain(`Bearer ${TOKEN}`);
      expect(up).toBe('1');
    } finally {
      prometheus.kill('SIGTERM');
      backend.close();
    }
  }, 150_000);
});
