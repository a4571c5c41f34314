// Turns what people type into E.164. Mexican numbers are the common case:
// "55 1234 5678", "+52 55 1234 5678" and the old mobile prefix "+52 1 55 1234 5678" all mean +525512345678.
import { type Msg, msg } from './i18n.js';

export type PhoneResult = { ok: true; e164: string } | { ok: false; rule: Msg };

const SEPARATORS = /[\s\-.()]/g;
const fail = (es: string, en: string): PhoneResult => ({ ok: false, rule: msg(es, en) });

export function normalisePhone(input: string): PhoneResult {
  const compact = input.trim().replace(SEPARATORS, '');
  if (compact === '') return fail('se necesita un número de teléfono', 'a phone number is required');
  if (!/^\+?\d+$/.test(compact)) {
    return fail(
      'solo dígitos, espacios, guiones, puntos, paréntesis y un + inicial',
      'only digits, spaces, dashes, dots, parentheses and a leading + are allowed',
    );
  }
  const international = compact.startsWith('+') || compact.startsWith('00');
  const digits = compact.startsWith('00') ? compact.slice(2) : compact.replace(/^\+/, '');

  if (!international) {
    if (digits.length === 10) return { ok: true, e164: `+52${digits}` };
    return fail(
      'un número mexicano necesita 10 dígitos; otros países se escriben con + y su código',
      'a Mexican number needs 10 digits; write other countries with + and the country code',
    );
  }
  if (digits.startsWith('52')) {
    let national = digits.slice(2);
    // WhatsApp may still register "521" + 10 digits; the relay resolves the real JID with onWhatsApp.
    if (national.length === 11 && national.startsWith('1')) national = national.slice(1);
    if (national.length !== 10)
      return fail('un número mexicano necesita 10 dígitos después de +52', 'a Mexican number needs 10 digits after +52');
    return { ok: true, e164: `+52${national}` };
  }
  if (digits.startsWith('0')) return fail('un código de país no empieza con 0', 'a country code cannot start with 0');
  if (digits.length < 8 || digits.length > 15) {
    return fail('un número internacional tiene de 8 a 15 dígitos después del +', 'an international number has 8 to 15 digits after the +');
  }
  return { ok: true, e164: `+${digits}` };
}
