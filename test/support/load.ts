// HTTP load with autocannon on 127.0.0.1, sampling a container's memory while it runs.
import autocannon from 'autocannon';
import { cpuMicros, memoryMiB } from './stack.js';

export interface LoadResult {
  requestsPerSecond: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  /** Highest `docker stats` memory seen during the load, MiB. */
  peakMiB: number;
  /** The container's CPU time per answered request, µs: steadier than req/s on shared cores. */
  cpuMicrosPerRequest: number;
}

export async function load(
  url: string,
  container: string,
  seconds = 10,
  connections = 50,
  headers: Record<string, string> = {},
): Promise<LoadResult> {
  let peakMiB = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peakMiB = Math.max(peakMiB, await memoryMiB(container));
      await new Promise((r) => setTimeout(r, 500));
    }
  })();
  const cpuBefore = await cpuMicros(container);
  const result = await autocannon({ url, duration: seconds, connections, headers });
  const cpuAfter = await cpuMicros(container);
  sampling = false;
  await sampler;
  peakMiB = Math.max(peakMiB, await memoryMiB(container));
  return {
    requestsPerSecond: result.requests.average,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    peakMiB,
    cpuMicrosPerRequest: (cpuAfter - cpuBefore) / Math.max(1, result.requests.total),
  };
}
