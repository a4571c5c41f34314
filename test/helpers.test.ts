// Each escaping helper is proven by reading its output back with the real parser of that context.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { envValue, jsonValue, shellWord, tsString, yamlScalar } from '../src/helpers.js';

const nasty = [
  'plain',
  "it's",
  '$(touch /tmp/pwned) `id` $HOME',
  'line\nbreak',
  'a: b # not a comment',
  '+525512345678',
  'yes',
  '"quoted" \\ back',
  '{{ secrets.X }}',
  'ñandú – 😀',
];

describe('escaping helpers', () => {
  it.each(nasty)('YAML scalar round-trips %j', (value) => {
    expect(parseYaml(`key: ${yamlScalar(value)}\n`)).toEqual({ key: value });
  });

  it.each(nasty)('shell word round-trips %j', (value) => {
    expect(execFileSync('bash', ['-c', `printf '%s' ${shellWord(value)}`], { encoding: 'utf8' })).toBe(value);
  });

  it.each(nasty)('JSON value round-trips %j', (value) => {
    expect(JSON.parse(`{"key": ${jsonValue(value)}}`)).toEqual({ key: value });
  });

  it.each(nasty)('TypeScript string round-trips %j', (value) => {
    // eslint-disable-next-line no-new-func
    expect(new Function(`return ${tsString(value)};`)()).toBe(value);
  });

  it.each(nasty.filter((v) => !/['\n]/.test(v)))('.env value round-trips %j through bash `set -a; source`', (value) => {
    const file = join(mkdtempSync(join(tmpdir(), 'env-')), '.env');
    writeFileSync(file, `KEY=${envValue(value)}\n`);
    expect(execFileSync('bash', ['-c', 'set -a; source "$1"; printf "%s" "$KEY"', 'bash', file], { encoding: 'utf8' })).toBe(value);
  });

  it('refuses a .env value it cannot write safely', () => {
    expect(() => envValue("it's")).toThrow(/cannot write "it's" safely into a .env file/);
  });
});
