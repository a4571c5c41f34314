// The CHECKLIST's Dokploy steps name what Dokploy's screens show.
import { describe, expect, it } from 'vitest';
import { ANSWER_SETS, renderSet } from './support/generate.js';

describe.each(Object.entries(ANSWER_SETS))('CHECKLIST (%s): Dokploy Swarm Update Config', (_set, answers) => {
  // Since Dokploy v0.26.6 Update Config is a form, not a JSON box: its labels and choices as in
  // apps/dokploy/components/dashboard/application/advanced/cluster/swarm-forms/update-config-form.tsx
  // (Dokploy v0.30.2): Parallelism, Delay (nanoseconds), Failure Action (Pause/Continue/Rollback),
  // Monitor (nanoseconds), Max Failure Ratio, Order (Stop First/Start First), "Save Update Config".
  it('names each form field with its value, and no JSON to paste', async () => {
    const checklist = (await renderSet(answers)).get('CHECKLIST.md')!.content.toString('utf8');
    const step = checklist.split('\n- [ ] ').find((s) => s.includes('Swarm Settings → Update Config'));
    expect(step).toBeDefined();
    for (const field of [
      '**Parallelism** `1`',
      '**Delay (nanoseconds)** `10000000000`',
      '**Failure Action** `Rollback`',
      '**Monitor (nanoseconds)** `30000000000`',
      '**Max Failure Ratio** `0`',
      '**Order** `Start First`',
      '**Save Update Config**',
    ]) {
      expect(step).toContain(field);
    }
    expect(step).not.toContain('"FailureAction"');
  });
});
