// One table test per rule: values each rule accepts (and what they become) and values it rejects.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { questionByKey, questions, appNameFromDir, type AnswerKey, type Answers } from '../src/questions.js';
import { checkAnswer } from '../src/answers.js';
import { CliError } from '../src/errors.js';

const check = (key: AnswerKey, raw: unknown) => checkAnswer(questionByKey.get(key)!, raw, `--${questionByKey.get(key)!.flag}`, 'en');

const cases: { key: AnswerKey; accept: [unknown, unknown][]; reject: [unknown, RegExp][] }[] = [
  {
    key: 'appName',
    accept: [
      ['demo', 'demo'],
      ['tienda-2', 'tienda-2'],
      ['  pos  ', 'pos'],
      ['a'.repeat(40), 'a'.repeat(40)],
    ],
    reject: [
      ['', /must not be empty/],
      ['Tienda', /only lowercase letters, digits and hyphens, starting with a letter/],
      ['2tienda', /starting with a letter/],
      ['mi_tienda', /only lowercase/],
      ['tienda$(rm -rf ~)', /only lowercase/],
      ['a'.repeat(41), /at most 40 characters/],
    ],
  },
  {
    key: 'bunVersion',
    accept: [
      ['1.4.5', '1.4.5'],
      ['v1.2.0', '1.2.0'],
      ['1.1.0', '1.1.0'],
      ['2.0.10', '2.0.10'],
    ],
    reject: [
      ['1.4', /exact version x.y.z/],
      ['latest', /exact version/],
      ['1.0.36', /at least 1.1.0/],
      ['1.4.5-canary.1', /exact version/],
      ['^1.4.5', /exact version/],
    ],
  },
  {
    key: 'r2Bucket',
    accept: [
      ['abc', 'abc'],
      ['tienda-backups', 'tienda-backups'],
      ['0-9', '0-9'],
      ['a'.repeat(63), 'a'.repeat(63)],
    ],
    reject: [
      ['ab', /3 to 63 characters/],
      ['a'.repeat(64), /3 to 63/],
      ['Tienda', /only lowercase/],
      ['-tienda', /starting and ending/],
      ['tienda-', /starting and ending/],
      ['mi.bucket', /only lowercase/],
    ],
  },
  {
    key: 'alertPhone',
    accept: [
      ['+52 55 1234 5678', '+525512345678'],
      ['55 1234 5678', '+525512345678'],
      ['(55) 1234-5678', '+525512345678'],
      ['55.1234.5678', '+525512345678'],
      ['+52 1 55 1234 5678', '+525512345678'],
      ['0052 33 1234 5678', '+523312345678'],
      ['+1 (415) 555-0123', '+14155550123'],
    ],
    reject: [
      ['55-12', /a Mexican number needs 10 digits/],
      ['+52 55 1234 567', /a Mexican number needs 10 digits after \+52/],
      ['+52 55 1234 56789', /10 digits after \+52/],
      ['call me', /only digits, spaces, dashes/],
      ['+0 123 456 789', /country code cannot start with 0/],
      ['+1234567', /8 to 15 digits/],
      ['+1234567890123456', /8 to 15 digits/],
      ['', /phone number is required/],
    ],
  },
  {
    key: 'lang',
    accept: [
      ['es', 'es'],
      ['EN', 'en'],
    ],
    reject: [
      ['fr', /must be es or en/],
      ['', /es or en/],
    ],
  },
  {
    key: 'metrics',
    accept: [
      [true, true],
      [false, false],
      ['yes', true],
      ['no', false],
      ['sí', true],
    ],
    reject: [
      ['maybe', /yes or no/],
      [3, /yes or no/],
    ],
  },
  {
    key: 'deployMethod',
    accept: [
      ['api', 'api'],
      ['Webhook', 'webhook'],
    ],
    reject: [['ssh', /api or webhook/]],
  },
  {
    key: 'backupTime',
    accept: [
      ['03:00', '03:00'],
      ['3:30', '03:30'],
      ['23:59', '23:59'],
    ],
    reject: [
      ['24:00', /24-hour HH:MM/],
      ['3am', /HH:MM/],
      ['03:60', /HH:MM/],
    ],
  },
  {
    key: 'timezone',
    accept: [
      ['America/Mexico_City', 'America/Mexico_City'],
      ['America/Tijuana', 'America/Tijuana'],
      ['UTC', 'UTC'],
      // stored as IANA spells it: systemd's OnCalendar zone is a case-sensitive file name
      ['america/mexico_city', 'America/Mexico_City'],
      [' AMERICA/TIJUANA ', 'America/Tijuana'],
      ['utc', 'UTC'],
    ],
    reject: [
      ['Mexico/Nowhere', /IANA zone/],
      ['CST', /IANA zone/],
    ],
  },
];

for (const { key, accept, reject } of cases) {
  describe(`rule: ${key}`, () => {
    it.each(accept)('accepts %j as %j', (raw, stored) => {
      expect(check(key, raw)).toEqual(stored);
    });
    it.each(reject)('rejects %j', (raw, rule) => {
      let error: unknown;
      try {
        check(key, raw);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CliError);
      const message = (error as CliError).message;
      // names the flag, the value and the rule
      expect(message).toContain(`--${questionByKey.get(key)!.flag} ${typeof raw === 'string' ? JSON.stringify(raw) : String(raw)}:`);
      expect(message).toMatch(rule);
      expect((error as CliError).exitCode).toBe(1);
    });
  });
}

describe('app name default from the folder', () => {
  it.each([
    ['mi-tienda', 'mi-tienda'],
    ['Mi Tienda Ñandú', 'mi-tienda-nandu'],
    ['2024_pos', 'pos'],
    ['', 'mi-app'],
    ['...', 'mi-app'],
  ])('%j -> %j', (dir, name) => {
    expect(appNameFromDir(dir)).toBe(name);
    expect(check('appName', appNameFromDir(dir))).toBe(name);
  });
});

// Answers is derived from the table: a new row is a new key with the type its kind gives.
describe('the Answers type', () => {
  it('has one key per row, typed by kind and choices (checked by tsc)', () => {
    expectTypeOf<AnswerKey>().toEqualTypeOf<
      'appName' | 'bunVersion' | 'r2Bucket' | 'alertPhone' | 'lang' | 'metrics' | 'deployMethod' | 'backupTime' | 'timezone'
    >();
    expectTypeOf<Answers['metrics']>().toEqualTypeOf<boolean>();
    expectTypeOf<Answers['lang']>().toEqualTypeOf<'es' | 'en'>();
    expectTypeOf<Answers['deployMethod']>().toEqualTypeOf<'api' | 'webhook'>();
    expectTypeOf<Answers['appName']>().toEqualTypeOf<string>();
    expect(questions.map((q) => q.key).sort()).toEqual([
      'alertPhone',
      'appName',
      'backupTime',
      'bunVersion',
      'deployMethod',
      'lang',
      'metrics',
      'r2Bucket',
      'timezone',
    ]);
  });
});
