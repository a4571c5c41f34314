// Phone numbers in logs: enough to tell which phone (country code and last four digits), not
// enough to call it. Logs end up in Dokploy's UI, in support chats and in screenshots.

/** 525512345678 -> +52******5678 */
export function maskPhone(digits: string): string {
  const only = digits.replace(/\D/g, '');
  if (only.length < 8) return '+****';
  return `+${only.slice(0, 2)}${'*'.repeat(only.length - 6)}${only.slice(-4)}`;
}

/** Every run of 8 or more digits in text (a phone, a WhatsApp id such as 5215512345678@s.whatsapp.net), masked. */
export function maskPhones(text: string): string {
  return text.replace(/\+?\d{8,}/g, (digits) => maskPhone(digits));
}
