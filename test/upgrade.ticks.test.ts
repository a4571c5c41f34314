// CHECKLIST.md: the founder's ticks never turn into conflicts with the template's wording.
import { describe, expect, it } from 'vitest';
import { mergeChecklist } from '../src/upgrade/ticks.js';

const labels = { ours: 'yours', base: 'old', theirs: 'new' };
const lines = (...l: string[]) => `${l.join('\n')}\n`;

describe('mergeChecklist', () => {
  it('a tick next to a line the template added merges cleanly, tick kept', () => {
    const base = lines('- [ ] a', '- [ ] b');
    const ours = lines('- [x] a', '- [ ] b');
    const theirs = lines('- [ ] a', '- [ ] a2', '- [ ] b');
    expect(mergeChecklist(ours, base, theirs, labels)).toEqual({ text: lines('- [x] a', '- [ ] a2', '- [ ] b'), conflicts: 0 });
  });

  it('the tick follows an item the template reworded; [X], * and numbered lists count', () => {
    const base = lines('1. [ ] rent the VPS', '* [ ] open R2', '- [ ] deploy');
    const ours = lines('1. [X] rent the VPS', '* [x] open R2', '- [ ] deploy');
    const theirs = lines('1. [ ] rent the VPS (KVM 2)', '* [ ] open R2', '- [ ] deploy with Dokploy');
    expect(mergeChecklist(ours, base, theirs, labels)).toEqual({
      text: lines('1. [x] rent the VPS (KVM 2)', '* [x] open R2', '- [ ] deploy with Dokploy'),
      conflicts: 0,
    });
  });

  it('the same item twice: only as many ticks as the founder made', () => {
    const base = lines('- [ ] check', '- [ ] check');
    const ours = lines('- [x] check', '- [ ] check');
    expect(mergeChecklist(ours, base, lines('# new', '- [ ] check', '- [ ] check'), labels).text).toBe(
      lines('# new', '- [x] check', '- [ ] check'),
    );
  });

  it('a real edit of the same line is still a conflict, with the tick on the founder side', () => {
    const base = lines('- [ ] deploy');
    const ours = lines('- [x] deploy on Friday');
    const theirs = lines('- [ ] deploy with Dokploy');
    const result = mergeChecklist(ours, base, theirs, labels);
    expect(result.conflicts).toBe(1);
    expect(result.text).toBe(
      lines(
        '<<<<<<< yours',
        '- [x] deploy on Friday',
        '||||||| old',
        '- [ ] deploy',
        '=======',
        '- [ ] deploy with Dokploy',
        '>>>>>>> new',
      ),
    );
  });

  it('issue 27: a tick stays on its own item when the template adds an item of the same wording earlier', () => {
    const base = lines('## OPS-001 Connect', '- [ ] Frontend: create it', '- [ ] In its Environment tab paste', '- [ ] Deploy');
    const ours = lines('## OPS-001 Connect', '- [ ] Frontend: create it', '- [x] In its Environment tab paste', '- [ ] Deploy');
    const theirs = lines(
      '## OPS-001 Connect',
      '- [ ] Backend: create it',
      '- [ ] In its Environment tab paste',
      '- [ ] Frontend: create it',
      '- [ ] In its Environment tab paste',
      '- [ ] Deploy',
    );
    expect(mergeChecklist(ours, base, theirs, labels)).toEqual({
      text: lines(
        '## OPS-001 Connect',
        '- [ ] Backend: create it',
        '- [ ] In its Environment tab paste',
        '- [ ] Frontend: create it',
        '- [x] In its Environment tab paste',
        '- [ ] Deploy',
      ),
      conflicts: 0,
    });
  });

  it('issue 27: the same wording in two sections: the tick stays in its section', () => {
    const base = lines('## OPS-002 CI', '- [ ] Save', '## OPS-004 Errors', '- [ ] Save');
    const ours = lines('## OPS-002 CI', '- [ ] Save', '## OPS-004 Errors', '- [x] Save');
    const theirs = lines('## OPS-001 New', '- [ ] Save', '## OPS-002 CI', '- [ ] Save', '## OPS-004 Errors', '- [ ] Save');
    expect(mergeChecklist(ours, base, theirs, labels).text).toBe(
      lines('## OPS-001 New', '- [ ] Save', '## OPS-002 CI', '- [ ] Save', '## OPS-004 Errors', '- [x] Save'),
    );
  });

  it('issue 27: a tick never lands on the base or template side of a conflict block', () => {
    const base = lines('- [ ] pick a plan', '- [ ] rent it');
    const ours = lines('- [ ] pick a plan (KVM 1)', '- [x] rent it');
    const theirs = lines('- [ ] pick a plan (KVM 2)', '- [ ] rent it');
    // Founder and template rewrote the first line: a conflict; the founder's tick is on a line outside it.
    const result = mergeChecklist(ours, base, theirs, labels);
    expect(result.conflicts).toBe(1);
    expect(result.text.endsWith('- [x] rent it\n')).toBe(true);
    const block = result.text.slice(result.text.indexOf('||||||| '), result.text.indexOf('>>>>>>> '));
    expect(block).not.toContain('[x]');
  });

  it('issue 27: a tick reworded by the template onto a line inside a conflict is not put on the template side', () => {
    // The template reworded `rent it` (one for one) and, next to it, rewrote `a` as the founder
    // did: both lines end up in one conflict block; the reworded line is on the template side.
    const base = lines('- [ ] a', '- [ ] rent it');
    const ours = lines('- [ ] a1', '- [x] rent it');
    const theirs = lines('- [ ] a2', '- [ ] rent it now');
    const result = mergeChecklist(ours, base, theirs, labels);
    expect(result.conflicts).toBe(1);
    const start = result.text.indexOf('||||||| ');
    expect(result.text.slice(start)).not.toContain('[x]');
    expect(result.text.slice(0, start)).toContain('- [x] rent it\n'); // the founder's own line, on their side
  });

  it('issue 27: a tick that cannot be carried over is named, never dropped silently', () => {
    // The template replaced the ticked item by two new ones: no line is that item any more.
    const base = lines('- [ ] one', '- [ ] old step', '- [ ] three');
    const ours = lines('- [ ] one', '- [x] old step', '- [ ] three');
    const theirs = lines('- [ ] one', '- [ ] new step A', '- [ ] new step B', '- [ ] three');
    const result = mergeChecklist(ours, base, theirs, labels);
    expect(result.text).not.toContain('[x]');
    expect(result.lostTicks).toEqual(['- [x] old step']);
    // A tick that found its line is not reported.
    expect(mergeChecklist(lines('- [x] one'), lines('- [ ] one'), lines('- [ ] one', '- [ ] two'), labels).lostTicks).toBeUndefined();
  });
});
