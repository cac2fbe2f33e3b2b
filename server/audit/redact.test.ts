import { describe, expect, it } from 'vitest';
import { redactPii } from './redact.ts';

describe('redactPii', () => {
  it('removes card numbers, account numbers, emails and phone numbers', () => {
    const text =
      'My card 4111 1111 1111 1111 and 5500-0000-0000-0004, account 12345678 sort code 20-00-00, ' +
      'IBAN GB29 NWBK 6016 1331 9268 19, mail ada.lovelace@example.co.uk, call +44 20 7946 0958 or 07700 900123.';
    const out = redactPii(text);
    for (const leaked of ['4111', '5500', '12345678', '20-00-00', 'NWBK', 'lovelace', '7946', '900123'])
      expect(out).not.toContain(leaked);
    expect(out).toContain('[card]');
    expect(out).toContain('[account]');
    expect(out).toContain('[email]');
    expect(out).toContain('[phone]');
  });
  it('keeps amounts, rates, ages, years and product ids', () => {
    const text = 'With £45,000 saved at 4.5% for 2 years, age 52, in 2026: fixed_saver_2y (C000042), score 742.';
    expect(redactPii(text)).toBe(text);
  });
});
