// provision's and doctor's flags: parsed for their commands, refused for the others.
import { describe, expect, it } from 'vitest';
import { parseCli } from '../src/args.js';
import { UserError } from '../src/errors.js';

describe('provision and doctor flags', () => {
  it('provision takes its flags and a folder', () => {
    const o = parseCli(['provision', 'mi-app', '--domain', 'tienda.mx', '--github-provider', 'none', '--dry-run', '--yes']);
    expect(o).toMatchObject({
      command: 'provision',
      dir: 'mi-app',
      dryRun: true,
      yes: true,
      deploy: { domain: 'tienda.mx', 'github-provider': 'none' },
    });
  });

  it('doctor takes --json', () => {
    expect(parseCli(['doctor', '--json'])).toMatchObject({ command: 'doctor', json: true, deploy: {} });
  });

  it('the API key has no flag: it would show in ps and the shell history', () => {
    expect(() => parseCli(['provision', '--api-key', 'k'])).toThrow(UserError);
  });

  it('create and upgrade refuse them, naming them', () => {
    for (const argv of [
      ['app', '--domain', 'x.mx'],
      ['upgrade', '--json'],
    ]) {
      const error = (() => {
        try {
          parseCli(argv);
        } catch (e) {
          return e as UserError;
        }
      })();
      expect(error).toBeInstanceOf(UserError);
      expect(error!.text.en).toMatch(/^--(domain|json): only with `provision` or `doctor`/);
    }
  });
});
