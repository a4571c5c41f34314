import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskPhone, maskPhones } from '../src/mask.ts';

test('a phone keeps its country code and last four digits only', () => {
  assert.equal(maskPhone('525512345678'), '+52******5678');
  assert.equal(maskPhone('123'), '+****');
});

test('phones and WhatsApp ids inside a text are masked, other numbers stay', () => {
  assert.equal(maskPhones('send to 5215512345678@s.whatsapp.net failed (code 428)'), 'send to +52*******5678@s.whatsapp.net failed (code 428)');
});
