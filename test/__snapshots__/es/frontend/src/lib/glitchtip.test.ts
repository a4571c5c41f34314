import { describe, expect, it } from 'vitest';
import { TRACES_SAMPLE_RATE, withoutSessions } from './glitchtip.ts';

describe('GlitchTip settings', () => {
  it('drops the session integration and keeps the rest', () => {
    const names = withoutSessions([{ name: 'BrowserSession' }, { name: 'GlobalHandlers' }, { name: 'BrowserTracing' }]);
    expect(names.map((i) => i.name)).toEqual(['GlobalHandlers', 'BrowserTracing']);
  });

  it('samples one trace in ten', () => {
    expect(TRACES_SAMPLE_RATE).toBe(0.1);
  });
});
