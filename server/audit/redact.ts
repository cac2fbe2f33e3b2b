/**
 * Personal data that stored text never keeps: card numbers, account numbers (IBANs, UK sort code +
 * account, long digit runs), email addresses and phone numbers become `[card]`, `[account]`,
 * `[email]`, `[phone]`. Applied to chat messages and answers before they reach the audit log, and
 * to feedback comments. Amounts ("£45,000", "4.5%") and product ids are left alone.
 */
const RULES: [RegExp, string][] = [
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '[email]'],
  // IBAN: country code, check digits, 11–30 alphanumerics (spaces every four allowed).
  [/\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b/g, '[account]'],
  // Card: 13–19 digits, optionally grouped by spaces or dashes (checked with Luhn below).
  [/\b\d(?:[ -]?\d){12,18}\b/g, '[card?]'],
  // Phone: + country code or a leading 0, 9–14 digits with spaces, dashes, dots or brackets.
  [/(?:\+\d{1,3}[ .-]?|\b0)(?:\(\d{1,4}\)[ .-]?)?\d{2,4}(?:[ .-]?\d{2,4}){2,4}\b/g, '[phone]'],
  // UK sort code with account number, then any run of 8+ digits (account numbers).
  [/\b\d{2}-\d{2}-\d{2}[ ,]+\d{8}\b/g, '[account]'],
  [/\b\d{2}-\d{2}-\d{2}\b/g, '[account]'],
  [/\b\d{8,}\b/g, '[account]'],
];

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function redactPii(text: string): string {
  let out = text;
  for (const [pattern, label] of RULES) {
    out = out.replace(pattern, (match) => {
      if (label !== '[card?]') return label;
      const digits = match.replace(/\D/g, '');
      // A Luhn-valid 13–19 digit number is a card; another long digit run is an account number.
      return luhn(digits) ? '[card]' : '[account]';
    });
  }
  return out;
}
