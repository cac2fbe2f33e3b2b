/**
 * Tokens and quantities for the RM filter grammar. A token keeps its character span in the query,
 * so every constraint and every warning can point back at the words it came from.
 */
export interface Token {
  /** Lower-cased text ("’" folded to "'"). */
  text: string;
  start: number;
  end: number;
  kind: 'number' | 'word' | 'symbol';
}

const TOKEN = /\d+(?:,\d{3})*(?:\.\d+)?|\.\d+|[\p{L}]+(?:['’][\p{L}]+)*|[^\s\p{L}\d]/gu;

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const t = m[0];
    out.push({
      text: t.toLowerCase().replace(/’/g, "'"),
      start: m.index,
      end: m.index + t.length,
      kind: /^[\d.]/.test(t) ? 'number' : /^\p{L}/u.test(t) ? 'word' : 'symbol',
    });
  }
  return out;
}

/** How a quantity was written: it decides which fields it can belong to. */
export type QuantityUnit = 'money' | 'percent' | 'years' | 'plain' | 'decade';

export interface Quantity {
  value: number;
  unit: QuantityUnit;
  /** Token index range [from, to). */
  from: number;
  to: number;
}

const UNITS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
/** Every number word this parser reads on its own ("seven", "forty"): the one table of them. */
export const NUMBER_WORDS: Readonly<Record<string, number>> = { ...UNITS, ...TENS };
/** "forties" → 40 (decade words). */
export const DECADE_WORDS: Record<string, number> = {
  twenties: 20,
  thirties: 30,
  forties: 40,
  fifties: 50,
  sixties: 60,
  seventies: 70,
  eighties: 80,
  nineties: 90,
};
const MULTIPLIERS: Record<string, number> = {
  k: 1e3,
  thousand: 1e3,
  grand: 1e3,
  m: 1e6,
  mn: 1e6,
  mil: 1e6,
  million: 1e6,
  bn: 1e9,
  billion: 1e9,
};
const SPOKEN_AMOUNTS: [string[], number][] = [
  [['half', 'a', 'million'], 5e5],
  [['half', 'a', 'mil'], 5e5],
  [['half', 'a', 'mill'], 5e5],
  [['a', 'quarter', 'of', 'a', 'million'], 2.5e5],
  [['quarter', 'of', 'a', 'million'], 2.5e5],
  [['a', 'million'], 1e6],
  [['a', 'hundred', 'grand'], 1e5],
  [['a', 'hundred', 'thousand'], 1e5],
  [['a', 'grand'], 1e3],
];
const CURRENCY_SYMBOLS = new Set(['£', '$', '€']);
const CURRENCY_WORDS = new Set(['pounds', 'quid', 'gbp', 'sterling']);

const adjacent = (a: Token | undefined, b: Token | undefined) =>
  a !== undefined && b !== undefined && a.end === b.start;

/** A number written in words ("twenty five", "a hundred", "ten"), or undefined. */
function wordNumber(tokens: Token[], i: number): { value: number; to: number } | undefined {
  let j = i;
  let value = 0;
  let seen = false;
  if (tokens[j]?.text === 'a' && tokens[j + 1]?.text === 'hundred') {
    value = 100;
    j += 2;
    seen = true;
  } else {
    const t = tokens[j]?.text ?? '';
    if (t in TENS) {
      value = TENS[t];
      j++;
      seen = true;
      const dash = tokens[j]?.text === '-' ? 1 : 0;
      const u = tokens[j + dash]?.text ?? '';
      if (u in UNITS && UNITS[u] > 0 && UNITS[u] < 10) {
        value += UNITS[u];
        j += dash + 1;
      }
    } else if (t in UNITS) {
      value = UNITS[t];
      j++;
      seen = true;
    }
    if (seen && tokens[j]?.text === 'hundred') {
      value *= 100;
      j++;
    }
  }
  return seen ? { value, to: j } : undefined;
}

/**
 * The quantity starting at token i: optional currency, a number (digits or words), an optional
 * multiplier (k, m, thousand, grand, million), an optional unit (%, percent, per cent, pounds,
 * years), or a decade ("40s", "40's").
 */
export function readQuantity(tokens: Token[], i: number, options: { words?: boolean } = {}): Quantity | undefined {
  let j = i;
  let money = false;
  if (CURRENCY_SYMBOLS.has(tokens[j]?.text ?? '')) {
    money = true;
    j++;
  }
  let value: number;
  const t = tokens[j];
  if (!t) return undefined;
  // "half a million", "a quarter of a million", "a million".
  const words = tokens.slice(j, j + 5).map((x) => x.text);
  for (const [phrase, v] of SPOKEN_AMOUNTS) {
    if (phrase.every((w, n) => words[n] === w)) return { value: v, unit: 'money', from: i, to: j + phrase.length };
  }
  if (t.kind === 'number') {
    value = Number(t.text.replace(/,/g, ''));
    j++;
  } else if (options.words !== false && !money) {
    const w = wordNumber(tokens, j);
    if (!w) return undefined;
    value = w.value;
    j = w.to;
  } else return undefined;
  if (!Number.isFinite(value)) return undefined;
  const numTok = tokens[j - 1];

  // Decade: "40s", "40's" (digits written flush against the s).
  const next = tokens[j];
  if (
    !money &&
    t.kind === 'number' &&
    Number.isInteger(value) &&
    value >= 10 &&
    value <= 99 &&
    adjacent(numTok, next)
  ) {
    if (next.text === 's' || next.text === "'s") return { value, unit: 'decade', from: i, to: j + 1 };
    if (next.text === "'" && tokens[j + 1]?.text === 's' && adjacent(next, tokens[j + 1]))
      return { value, unit: 'decade', from: i, to: j + 2 };
  }

  let unit: QuantityUnit = money ? 'money' : 'plain';
  const mult = tokens[j];
  if (mult && mult.text in MULTIPLIERS && (mult.text.length > 1 || adjacent(numTok, mult) || mult.text === 'k')) {
    // A lone "m" separated by a space is too ambiguous ("5 m"); "k" and the words are not.
    value *= MULTIPLIERS[mult.text];
    unit = 'money';
    j++;
  }
  const u = tokens[j];
  if (u?.text === '%' || u?.text === 'percent' || u?.text === 'pc' || u?.text === 'pct') {
    if (unit === 'plain') {
      unit = 'percent';
      j++;
    }
  } else if (u?.text === 'per' && tokens[j + 1]?.text === 'cent') {
    if (unit === 'plain') {
      unit = 'percent';
      j += 2;
    }
  } else if (u && CURRENCY_WORDS.has(u.text)) {
    unit = 'money';
    j++;
  } else if (u && /^(?:years?|yrs?)$/.test(u.text) && unit === 'plain') {
    unit = 'years';
    j++;
    if (tokens[j]?.text === "'") j++;
  }
  return { value: Math.round(value * 1e6) / 1e6, unit, from: i, to: j };
}

/** "£100k" → 100000, "1.5m" → 1500000, "80,000" → 80000; NaN when it is not one quantity. */
export function parseNumber(text: string): number {
  const tokens = tokenize(text);
  const q = readQuantity(tokens, 0);
  return q && q.to === tokens.length ? q.value : Number.NaN;
}
