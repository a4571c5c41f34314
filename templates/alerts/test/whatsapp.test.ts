import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CompanionWebClientType, getCompanionWebClientType } from '@whiskeysockets/baileys';
import { BROWSER } from '../src/whatsapp.ts';

// Baileys maps the browser name to the companion platform it sends when pairing
// (Utils/companion-reg-client-utils.js); pairing codes were reported to fail for anything but Chrome.
test('the relay links as Chrome, not as an unknown web client', () => {
  assert.equal(getCompanionWebClientType(BROWSER), CompanionWebClientType.CHROME);
  assert.equal(getCompanionWebClientType(['Ubuntu', 'Alerts', '22.04.4']), CompanionWebClientType.OTHER_WEB_CLIENT);
});
