import { describe, expect, test } from 'bun:test';
import { Registry } from 'prom-client';
import { HttpSeries } from '../src/http-series.ts';

const exposition = async (series: HttpSeries) => {
  const registry = new Registry();
  for (const metric of series.metrics({ name: 'req_total', help: 'r' }, { name: 'dur_seconds', help: 'd' })) registry.registerMetric(metric);
  return registry.metrics();
};

describe('HttpSeries', () => {
  test('counts per method, route and status; buckets are cumulative and a value on a bound is in it', async () => {
    const series = new HttpSeries([0.1, 1]);
    for (const seconds of [0.05, 0.1, 0.5, 3]) series.record('GET', '/a', 200, seconds);
    series.record('POST', '/a', 200, 0.2);
    series.record('GET', '/a', 500, 0.01);
    const text = await exposition(series);
    expect(text).toContain('# TYPE req_total counter');
    expect(text).toContain('req_total{method="GET",route="/a",status="200"} 4');
    expect(text).toContain('req_total{method="POST",route="/a",status="200"} 1');
    expect(text).toContain('req_total{method="GET",route="/a",status="500"} 1');
    expect(text).toContain('# TYPE dur_seconds histogram');
    const labels = 'method="GET",route="/a",status="200"';
    expect(text).toContain(`dur_seconds_bucket{le="0.1",${labels}} 2`);
    expect(text).toContain(`dur_seconds_bucket{le="1",${labels}} 3`);
    expect(text).toContain(`dur_seconds_bucket{le="+Inf",${labels}} 4`);
    expect(Number(new RegExp(`^dur_seconds_sum\\{${labels}\\} (\\S+)$`, 'm').exec(text)?.[1])).toBeCloseTo(3.65, 9);
    expect(text).toContain(`dur_seconds_count{${labels}} 4`);
  });

  test("label values are escaped by prom-client's registry", async () => {
    const series = new HttpSeries([1]);
    series.record('GET', '/say/"hi"\\', 200, 0);
    expect(await exposition(series)).toContain('req_total{method="GET",route="/say/\\"hi\\"\\\\",status="200"} 1');
  });

  test('registry.resetMetrics() starts the counts over', async () => {
    const series = new HttpSeries([1]);
    const registry = new Registry();
    for (const metric of series.metrics({ name: 'req_total', help: 'r' }, { name: 'dur_seconds', help: 'd' })) registry.registerMetric(metric);
    series.record('GET', '/a', 200, 0);
    registry.resetMetrics();
    expect(await registry.metrics()).not.toContain('req_total{');
  });
});
