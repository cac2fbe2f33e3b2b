import { Rng } from '../lib/random/index.ts';
import { PRODUCTS } from '../domain/catalog/index.ts';
import type { Constraint, ConstraintOp } from '../domain/api/search.ts';

/**
 * A generator of RM search phrasings with the constraints each one means: templates × fields ×
 * comparators × units × negation. Written independently of the parser's tables (its own word
 * lists, its own rendering of values), so the tests that use it check the parser against an
 * intended reading rather than against itself.
 */
export interface GeneratedPhrasing {
  query: string;
  intended: Pick<Constraint, 'field' | 'op' | 'value'>[];
}

/** A constraint as a comparable string (value lists sorted, numbers rounded). */
export const constraintKey = (c: Pick<Constraint, 'field' | 'op' | 'value'>) =>
  `${c.field} ${c.op} ${
    Array.isArray(c.value)
      ? [...c.value].sort().join(',')
      : typeof c.value === 'number'
        ? Math.round(c.value * 1e6) / 1e6
        : c.value
  }`;

type Bound = { op: ConstraintOp; value: number };
interface FieldGrammar {
  field: string;
  /** A value in the field's stored unit. */
  draw(rng: Rng): number;
  /** Ways to write a value (stored unit in, words out). */
  render: ((v: number) => string)[];
  /** Noun phrases that go before the comparison ("income over …"). */
  before: string[];
  /** Noun phrases that go after the value ("… in savings"), if any. */
  after: string[];
  /** Stored value → the value the comparison is written with, and back (shares are written as %). */
  written?: (v: number) => number;
  eq?: boolean;
}

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(0, xs.length - 1)];
const thousands = (v: number) => v.toLocaleString('en-GB');

const FIELDS: FieldGrammar[] = [
  {
    field: 'creditScore',
    draw: (rng) => rng.int(52, 82) * 10,
    render: [(v) => `${v}`],
    before: ['credit score', 'credit rating', 'FICO score', 'credit score of', 'a credit score'],
    after: ['credit score'],
    eq: true,
  },
  {
    field: 'income',
    draw: (rng) => rng.int(2, 30) * 5000,
    render: [
      (v) => `£${v / 1000}k`,
      (v) => `${v / 1000}k`,
      (v) => `£${thousands(v)}`,
      (v) => `${v / 1000} thousand`,
      (v) => `${v / 1000} grand`,
    ],
    before: ['income', 'salary', 'annual income', 'earning', 'an income of'],
    after: ['income', 'salary'],
  },
  {
    field: 'savingsBalance',
    draw: (rng) => rng.int(1, 40) * 5000,
    render: [(v) => `£${v / 1000}k`, (v) => `${v / 1000}k`, (v) => `£${thousands(v)}`, (v) => `${v / 1000} thousand`],
    before: ['savings', 'savings balance', 'savings of'],
    after: ['in savings', 'saved', 'of savings'],
  },
  {
    field: 'loanAmount',
    draw: (rng) => rng.int(1, 40) * 5000,
    render: [(v) => `£${v / 1000}k`, (v) => `${v / 1000}k`, (v) => `£${thousands(v)}`],
    before: ['loan balance', 'debt', 'borrowing', 'outstanding loans'],
    after: ['of debt', 'in loans', 'borrowed'],
  },
  {
    field: 'age',
    draw: (rng) => rng.int(20, 80),
    render: [(v) => `${v}`],
    before: ['aged', 'age', 'who are'],
    after: ['years old', 'years of age'],
    eq: true,
  },
  {
    field: 'creditUtilization',
    draw: (rng) => rng.int(1, 19) * 0.05,
    written: (v) => Math.round(v * 100),
    render: [(v) => `${v}%`, (v) => `${v} percent`, (v) => `${v} per cent`],
    before: ['utilisation', 'credit utilization', 'card utilisation', 'using'],
    after: ['of their limit', 'of their credit limit'],
  },
  {
    field: 'digitalEngagement',
    draw: (rng) => rng.int(1, 19) * 0.05,
    written: (v) => Math.round(v * 100),
    render: [(v) => `${v}%`, (v) => `${v} percent`],
    before: ['digital engagement', 'engagement'],
    after: [],
  },
  {
    field: 'tenureYears',
    draw: (rng) => rng.int(1, 25),
    render: [(v) => `${v} years`],
    before: ['tenure', 'with us for', 'been with the bank for', 'tenure of'],
    after: ['with us'],
    eq: true,
  },
];

/** Comparators, written before the value or after it. */
const PRE: Record<string, string[]> = {
  gt: ['over', 'above', 'more than', 'greater than', 'in excess of', 'exceeding', 'higher than'],
  gte: ['at least', 'no less than', 'a minimum of', 'not under', 'not below'],
  lt: ['under', 'below', 'less than', 'lower than'],
  lte: ['at most', 'no more than', 'up to', 'a maximum of', 'not over', 'not above'],
  eq: ['exactly'],
};
const POST: Record<string, string[]> = {
  gte: ['or more', 'or above', 'and above', 'or higher', '+'],
  lte: ['or less', 'or below', 'or lower'],
};
const PERSON = ['customers', 'clients', 'people', 'RM clients'];
const FILLER = ['', 'interested in investing', 'who want to travel', 'to call this week', 'for a pension review'];

const HOLDINGS: { text: (term: string) => string; op: 'holds_any' | 'holds_none' }[] = [
  { text: (t) => `who hold ${t}`, op: 'holds_any' },
  { text: (t) => `with ${t}`, op: 'holds_any' },
  { text: (t) => `who have ${t}`, op: 'holds_any' },
  { text: (t) => `without ${t}`, op: 'holds_none' },
  { text: (t) => `with no ${t.replace(/^an? /, '')}`, op: 'holds_none' },
  { text: (t) => `who don't have ${t}`, op: 'holds_none' },
  { text: (t) => `lacking ${t}`, op: 'holds_none' },
  { text: (t) => `who have never had ${t}`, op: 'holds_none' },
];
const ids = (category: string) => PRODUCTS.filter((p) => p.category === category).map((p) => p.id);
const PRODUCT_WORDS: { term: string; ids: string[] }[] = [
  { term: 'a mortgage', ids: ids('mortgage') },
  { term: 'a credit card', ids: ids('credit_card') },
  { term: 'a pension', ids: ids('pension') },
  { term: 'life insurance', ids: ['insurance-life'] },
  { term: 'a cash ISA', ids: ['savings-isa'] },
  { term: 'a savings account', ids: ids('savings') },
  { term: 'a personal loan', ids: ['loan-personal'] },
  { term: 'a term deposit', ids: ids('term_deposit') },
];

/** One condition on a field, as words and the constraints it means. */
function condition(rng: Rng, f: FieldGrammar): { text: string; bounds: Bound[] } {
  const w = (v: number) => (f.written ? f.written(v) : v);
  const show = (v: number) => pick(rng, f.render)(w(v));
  const a = f.draw(rng);
  const style = rng.int(0, 9);
  const before = pick(rng, f.before);
  const after = f.after.length ? pick(rng, f.after) : undefined;
  const ops = Object.keys(PRE).filter((op) => op !== 'eq' || f.eq);
  if (style <= 1) {
    // Range.
    let b = f.draw(rng);
    if (b === a) b = a + (f.written ? 0.05 : f.field === 'creditScore' ? 10 : 1);
    const [lo, hi] = a < b ? [a, b] : [b, a];
    const r = f.render[0];
    const form = pick(rng, [
      `between ${r(w(lo))} and ${r(w(hi))}`,
      `from ${r(w(lo))} to ${r(w(hi))}`,
      `${r(w(lo))} to ${r(w(hi))}`,
    ]);
    return {
      text: f.field === 'tenureYears' && before.endsWith('for') ? `${before} ${form}` : `${before} ${form}`,
      bounds: [
        { op: 'gte', value: lo },
        { op: 'lte', value: hi },
      ],
    };
  }
  if (style <= 3) {
    // Post comparator: "700 or more", "£50k+".
    const op = pick(rng, Object.keys(POST));
    const post = pick(rng, POST[op]);
    const value = `${show(a)}${post === '+' ? '+' : ` ${post}`}`;
    const text = after && rng.chance(0.5) ? `${value} ${after}` : `${before} ${value}`;
    return { text, bounds: [{ op: op as ConstraintOp, value: a }] };
  }
  const op = pick(rng, ops);
  const cmp = pick(rng, PRE[op]);
  if (after && style <= 6)
    return { text: `${cmp} ${show(a)} ${after}`, bounds: [{ op: op as ConstraintOp, value: a }] };
  return { text: `${before} ${cmp} ${show(a)}`, bounds: [{ op: op as ConstraintOp, value: a }] };
}

/** `count` phrasings from `seed`: 1–2 conditions on different fields, maybe a holding, a filler. */
export function generatePhrasings(count: number, seed = 2024): GeneratedPhrasing[] {
  const rng = new Rng(seed);
  const out: GeneratedPhrasing[] = [];
  while (out.length < count) {
    const n = rng.chance(0.4) ? 2 : 1;
    const fields = [...FIELDS].sort(() => rng.next() - 0.5).slice(0, n);
    const parts: string[] = [];
    const intended: GeneratedPhrasing['intended'] = [];
    for (const f of fields) {
      const c = condition(rng, f);
      parts.push(c.text);
      for (const b of c.bounds) intended.push({ field: f.field, op: b.op, value: Math.round(b.value * 1e6) / 1e6 });
    }
    // "clients who are over 60", "customers with us for 5+ years": no "with" before these.
    const bare = /^(?:who are|with us|been with)/.test(parts[0]) || (fields[0].field === 'age' && rng.chance(0.3));
    const first = fields[0].field === 'age' && bare && /^(?:aged|age) /.test(parts[0]) ? parts[0] : parts[0];
    let text = `${pick(rng, PERSON)}${bare ? '' : ' with'} ${[first, ...parts.slice(1)].join(' and ')}`;
    if (rng.chance(0.4)) {
      const h = pick(rng, HOLDINGS);
      const p = pick(rng, PRODUCT_WORDS);
      text += ` ${h.text(p.term)}`;
      intended.push({ field: 'products', op: h.op, value: p.ids });
    }
    const filler = pick(rng, FILLER);
    out.push({ query: `${text} ${filler}`.trim(), intended });
  }
  return out;
}
