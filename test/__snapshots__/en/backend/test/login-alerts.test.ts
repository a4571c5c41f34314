import { expect, test } from 'bun:test';
import { failedLoginRule } from '../src/login-alerts.ts';

function setup() {
  let clock = 0;
  const sent: string[] = [];
  const record = failedLoginRule({ alert: (text) => sent.push(text), now: () => clock });
  return { record, sent, advance: (ms: number) => (clock += ms) };
}

test('10 failed logins in 5 minutes raise nothing; the 11th raises one alert', () => {
  const { record, sent, advance } = setup();
  for (let i = 0; i < 10; i++) {
    record();
    advance(1000);
  }
  expect(sent).toHaveLength(0);
  record();
  expect(sent).toHaveLength(1);
});

test('an attack that goes on raises one alert per 5 minutes, not one per failure', () => {
  const { record, sent, advance } = setup();
  for (let i = 0; i < 200; i++) {
    record();
    advance(1000); // 200 failures over 200 s
  }
  expect(sent).toHaveLength(1);
  advance(5 * 60_000);
  for (let i = 0; i < 11; i++) record();
  expect(sent).toHaveLength(2);
});

test('failures spread wider than the window never alert', () => {
  const { record, sent, advance } = setup();
  for (let i = 0; i < 100; i++) {
    record();
    advance(31_000); // 10 per 310 s: never more than 10 inside 5 minutes
  }
  expect(sent).toHaveLength(0);
});
