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
});
