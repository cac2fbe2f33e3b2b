import type { Constraint, ConstraintOp, ParseWarning } from '../../../domain/api/search.ts';
import { DECADE_WORDS, type Quantity, type QuantityUnit, readQuantity, type Token } from './tokens.ts';

/**
 * The numeric part of the RM filter grammar, over tokens:
 *
 *   condition := [not] comparator quantity [post]        "over 750", "not more than £2k", "30k or more"
 *              | quantity post                           "750+", "65 or older"
 *              | between quantity (and|to|-) quantity    "between 700 and 800"
 *              | from quantity (to|-) quantity           "from 40 to 50"
 *              | quantity (to|-) quantity                "aged 30-40"
 *              | [in their] [early|mid|late] decade      "in their 40s", "late thirties", "over-50s"
 *              | quantity                                 only after "aged"/"age" or before "years old" (= that age)
 *   quantity  := [£|$|€] number [k|m|thousand|grand|million] [%|percent|per cent|pounds|years]
 *
 * The field comes from the nearest field noun on either side ("credit score over 750", "over £30k
 * in savings"), else from the comparator ("older than"), else from the kind of value (a bare
 * 16–110 after a person noun is an age: "retirees over 65"), else from the previous condition
 * joined by "and" ("credit score over 700 and under 800"). A condition whose field cannot be
 * found, whose value cannot belong to its field, or that is joined to another by "or" is returned
 * as a warning with its span — never as a guessed filter.
 */

interface FieldSpec {
  field: string;
  accepts(q: Quantity): boolean;
  /** Value in the stored unit (shares in 0–1). */
  convert(q: Quantity): number;
}
const money = (q: Quantity) => q.unit === 'money' || q.unit === 'plain';
const share = (q: Quantity) => (q.unit === 'percent' || q.value > 1 ? q.value / 100 : q.value);
const isShare = (q: Quantity) =>
  (q.unit === 'percent' && q.value <= 100) || (q.unit === 'plain' && q.value >= 0 && q.value <= 100);
const id = (q: Quantity) => q.value;
const NUMERIC_FIELDS: Record<string, FieldSpec> = {
  creditScore: {
    field: 'creditScore',
    accepts: (q) => q.unit === 'plain' && q.value >= 250 && q.value <= 900,
    convert: id,
  },
  income: { field: 'income', accepts: money, convert: id },
  savingsBalance: { field: 'savingsBalance', accepts: money, convert: id },
  loanAmount: { field: 'loanAmount', accepts: money, convert: id },
  age: {
    field: 'age',
    accepts: (q) => (q.unit === 'plain' || q.unit === 'years' || q.unit === 'decade') && q.value >= 0 && q.value <= 120,
    convert: id,
  },
  tenureYears: {
    field: 'tenureYears',
    accepts: (q) => (q.unit === 'years' || q.unit === 'plain') && q.value <= 100,
    convert: id,
  },
  creditUtilization: { field: 'creditUtilization', accepts: isShare, convert: share },
  digitalEngagement: { field: 'digitalEngagement', accepts: isShare, convert: share },
  productCount: { field: 'productCount', accepts: (q) => q.unit === 'plain' && q.value <= 60, convert: id },
};

/** Field nouns (words; a hyphen may sit between them). `person`: also a person noun ("savers"). */
interface Noun {
  words: string[];
  field: string;
  person?: boolean;
  side?: 'left' | 'right';
}
const nouns = (field: string, list: string[], extra: Partial<Noun> = {}): Noun[] =>
  list.map((w) => ({ words: w.split(' '), field, ...extra }));
const NOUNS: Noun[] = [
  ...nouns('creditScore', [
    'credit score',
    'credit scores',
    'credit rating',
    'credit ratings',
    'fico score',
    'fico scores',
    'fico',
    'score',
    'scores',
    'rating',
    'ratings',
  ]),
  ...nouns('income', [
    'income',
    'incomes',
    'salary',
    'salaries',
    'earnings',
    'earning',
    'earns',
    'earn',
    'making',
    'makes',
    'paid',
    'pay',
    'take home',
    'annual income',
    'household income',
    'gross income',
    'yearly income',
    'annual salary',
  ]),
  ...nouns('income', ['a year', 'per year', 'per annum', 'pa', 'annually', 'a yr', 'per yr'], { side: 'right' }),
  ...nouns('income', ['earners'], { person: true }),
  // "clients on 50k+", "on less than £30k": an amount someone is on is a salary.
  ...nouns('income', ['on'], { person: true, side: 'left' }),
  ...nouns('age', ['age', 'ages', 'aged', 'the age of', 'age of']),
  ...nouns(
    'age',
    ['years old', 'year old', 'year olds', 'years of age', 'year of age', 'of age', 'yrs old', 'yo', 'old', 'olds'],
    { side: 'right' },
  ),
  ...nouns('savingsBalance', [
    'savings',
    'savings balance',
    'savings balances',
    'saved',
    'saved up',
    'saving',
    'put away',
    'put aside',
    'cash savings',
    'in savings',
    'saved up',
  ]),
  ...nouns('savingsBalance', ['savers'], { person: true }),
  ...nouns('creditUtilization', [
    'utilisation',
    'utilization',
    'credit utilisation',
    'credit utilization',
    'card utilisation',
    'card utilization',
    'utilisation rate',
    'utilization rate',
    'utilised',
    'utilized',
    'credit usage',
    'limit usage',
    'of their limit',
    'of their limits',
    'of their credit limit',
    'of their credit limits',
    'of the limit',
    'of limit',
    'of their credit',
    'of credit limit',
    'of their available credit',
  ]),
  ...nouns('creditUtilization', ['using', 'use', 'uses', 'used'], { side: 'left' }),
  ...nouns('digitalEngagement', [
    'digital engagement',
    'engagement',
    'digital usage',
    'digital activity',
    'online engagement',
    'digital score',
    'app usage',
    'online activity',
    'digitally engaged',
  ]),
  ...nouns('loanAmount', [
    'loan balance',
    'loan balances',
    'loan amount',
    'loans',
    'loan',
    'borrowing',
    'borrowings',
    'borrowed',
    'owe',
    'owes',
    'owing',
    'debt',
    'debts',
    'outstanding loans',
    'outstanding borrowing',
    'outstanding debt',
    'outstanding',
    'in debt',
    'of debt',
    'in loans',
    'lending',
  ]),
  ...nouns('loanAmount', ['borrowers'], { person: true }),
  ...nouns('tenureYears', [
    'tenure',
    'with us',
    'with the bank',
    'been with us',
    'banked with us',
    'banking with us',
    'been banking with us',
    'relationship',
    'customer for',
    'customers for',
    'client for',
    'clients for',
    'member for',
    'members for',
    'with meridian',
    'years with us',
    'with us for',
    'with the bank for',
    'been with us for',
    'been with the bank for',
    'banked with us for',
    'banking with us for',
    'been banking with us for',
    'with meridian for',
  ]),
  ...nouns('productCount', ['products', 'products held', 'product holdings', 'holdings', 'accounts']),
];
/** Words after "credit" that make it something other than the score. */
const CREDIT_NOT_SCORE = new Set([
  'card',
  'cards',
  'limit',
  'limits',
  'utilisation',
  'utilization',
  'usage',
  'history',
  'line',
]);

const PERSON_NOUNS = new Set(
  'customers customer clients client people persons individuals members those folks investors savers borrowers earners retirees pensioners students professionals families parents couples men women adults holders owners homeowners prospects ones anyone everyone users households'.split(
    ' ',
  ),
);

const LEFT_LINK = new Set(
  'is are was were of at a an the that which who whose currently balance balances level levels total being has have having been their his her with'.split(
    ' ',
  ),
);
const RIGHT_LINK = new Set('in of a an the their his her on per total worth sitting held kept put'.split(' '));
const PERSON_LINK = new Set('who are is that which all any currently being aged'.split(' '));

interface Comparator {
  words: string[];
  op: ConstraintOp;
  /** Comparators that name their field ("older than" is about age). */
  field?: string;
}
const cmp = (op: ConstraintOp, list: string[], field?: string): Comparator[] =>
  list.map((w) => ({ words: w.split(' '), op, ...(field ? { field } : {}) }));

/** Comparators before the quantity, longest match wins. */
const PRE: Comparator[] = [
  ...cmp('gte', [
    'greater than or equal to',
    'more than or equal to',
    'at least',
    'no less than',
    'not less than',
    'no fewer than',
    'not fewer than',
    'no lower than',
    'not lower than',
    'not below',
    'not under',
    'minimum of',
    'a minimum of',
    'minimum',
    'min',
    'starting at',
    'starting from',
    '> =',
    '≥',
    '= >',
  ]),
  ...cmp('lte', [
    'less than or equal to',
    'at most',
    'no more than',
    'not more than',
    'no higher than',
    'not higher than',
    'no greater than',
    'not greater than',
    'not above',
    'not over',
    'not exceeding',
    'maximum of',
    'a maximum of',
    'maximum',
    'max',
    'up to',
    'upto',
    '< =',
    '≤',
    '= <',
  ]),
  ...cmp('gt', [
    'more than',
    'greater than',
    'higher than',
    'larger than',
    'bigger than',
    'in excess of',
    'upwards of',
    'upward of',
    'exceeding',
    'exceeds',
    'exceed',
    'over',
    'above',
    'north of',
    'beyond',
    '>',
  ]),
  ...cmp('lt', [
    'less than',
    'lower than',
    'fewer than',
    'smaller than',
    'beneath',
    'under',
    'below',
    'south of',
    'sub',
    '<',
  ]),
  ...cmp('eq', ['exactly', 'precisely', 'equal to', 'equals', 'of exactly', '=']),
  ...cmp('gt', ['older than'], 'age'),
  ...cmp('lt', ['younger than'], 'age'),
  ...cmp('lte', ['no older than', 'not older than'], 'age'),
  ...cmp('gte', ['no younger than', 'not younger than'], 'age'),
  ...cmp('gt', ['longer than'], 'tenureYears'),
].sort((a, b) => b.words.length - a.words.length);

/** Comparators after the quantity. */
const POST: Comparator[] = [
  ...cmp('gte', [
    'or more',
    'or above',
    'and above',
    'or higher',
    'and higher',
    'or greater',
    'and up',
    'and upwards',
    'or over',
    'and over',
    'plus',
    'or better',
    'at least',
    'minimum',
    'min',
    '+',
  ]),
  ...cmp('lte', [
    'or less',
    'or below',
    'and below',
    'or lower',
    'or under',
    'and under',
    'or fewer',
    'at most',
    'maximum',
    'max',
    'tops',
  ]),
  ...cmp('gte', ['or older', 'and older'], 'age'),
  ...cmp('lte', ['or younger', 'and younger'], 'age'),
].sort((a, b) => b.words.length - a.words.length);

const NEGATE: Record<string, ConstraintOp> = { gt: 'lte', gte: 'lt', lt: 'gte', lte: 'gt' };
const RANGE_JOIN = new Set(['and', 'to', '-', '–', '—', 'through', 'until', 'till', '&']);

/** Does the phrase `words` start at token i (hyphens between words allowed)? Returns the end index. */
function matchAt(tokens: Token[], i: number, words: string[]): number | undefined {
  let j = i;
  for (let w = 0; w < words.length; w++) {
    if (w > 0 && tokens[j]?.text === '-' && words[w] !== '-') j++;
    if (tokens[j]?.text !== words[w]) return undefined;
    j++;
  }
  return j;
}

/** A post comparator ("or more", "and under") — unless a number follows: "under 25 or over 65". */
function readPost(tokens: Token[], i: number): { item: Comparator; to: number } | undefined {
  const post = longest(tokens, i, POST);
  if (!post) return undefined;
  const next = tokens[post.to];
  if (next && (next.kind === 'number' || ['£', '$', '€', '-', 'than'].includes(next.text))) return undefined;
  // "… and up to 70%": "up to" starts the next condition.
  if (next?.text === 'to' && post.item.words.at(-1) === 'up') return undefined;
  return post;
}

function longest<T extends { words: string[] }>(
  tokens: Token[],
  i: number,
  list: T[],
): { item: T; to: number } | undefined {
  let best: { item: T; to: number } | undefined;
  for (const item of list) {
    const to = matchAt(tokens, i, item.words);
    if (to !== undefined && (!best || to > best.to)) best = { item, to };
  }
  return best;
}

/** The comparator phrase starting at i ("not" before a plain comparator negates it). */
function readComparator(tokens: Token[], i: number): { op: ConstraintOp; field?: string; to: number } | undefined {
  const direct = longest(tokens, i, PRE);
  if (direct) return { op: direct.item.op, field: direct.item.field, to: direct.to };
  if (tokens[i]?.text === 'not' || tokens[i]?.text === 'never') {
    const inner = longest(tokens, i + 1, PRE);
    if (inner && inner.item.op in NEGATE) return { op: NEGATE[inner.item.op], field: inner.item.field, to: inner.to };
  }
  return undefined;
}

interface Condition {
  from: number;
  to: number;
  bounds: { op: ConstraintOp; q: Quantity }[];
  field?: string;
  /** A bare quantity: only an age or a product count can take it without a comparator. */
  bare?: boolean;
}

const DECADE_PREFIX: Record<string, [number, number]> = { early: [0, 3], mid: [4, 6], late: [7, 9] };

/** A decade form starting at i: "in their 40s", "late thirties", "mid-40s", "40-somethings". */
function readDecade(tokens: Token[], i: number): Condition | undefined {
  let j = i;
  if (tokens[j]?.text === 'in' && ['their', 'his', 'her', 'the'].includes(tokens[j + 1]?.text ?? '')) j += 2;
  let part: [number, number] = [0, 9];
  const pre = tokens[j]?.text ?? '';
  if (pre in DECADE_PREFIX) {
    part = DECADE_PREFIX[pre];
    j++;
    if (tokens[j]?.text === '-') j++;
  }
  let decade: number | undefined;
  let to = j;
  const word = tokens[j]?.text ?? '';
  if (word in DECADE_WORDS) {
    decade = DECADE_WORDS[word];
    to = j + 1;
  } else {
    const q = readQuantity(tokens, j, { words: false });
    if (q?.unit === 'decade' && q.value % 10 === 0) {
      decade = q.value;
      to = q.to;
    } else if (
      q?.unit === 'plain' &&
      q.value % 10 === 0 &&
      tokens[q.to]?.text === '-' &&
      tokens[q.to + 1]?.text === 'somethings'
    ) {
      decade = q.value;
      to = q.to + 2;
    }
  }
  if (decade === undefined) return undefined;
  const lo = decade + part[0];
  const hi = decade + part[1];
  const mk = (value: number): Quantity => ({ value, unit: 'plain', from: i, to });
  return {
    from: i,
    to,
    field: 'age',
    bounds: [
      { op: 'gte', q: mk(lo) },
      { op: 'lte', q: mk(hi) },
    ],
  };
}

/** "six figures", "a six-figure salary", "seven figures": at least 100,000 / 1,000,000. */
function readFigures(tokens: Token[], i: number): Condition | undefined {
  const n = { five: 1e4, six: 1e5, seven: 1e6, eight: 1e7 }[tokens[i]?.text ?? ''];
  if (!n) return undefined;
  const j = tokens[i + 1]?.text === '-' ? i + 2 : i + 1;
  if (!['figures', 'figure'].includes(tokens[j]?.text ?? '')) return undefined;
  return { from: i, to: j + 1, bounds: [{ op: 'gte', q: { value: n, unit: 'money', from: i, to: j + 1 } }] };
}

/** A condition starting at token i, or undefined. */
function readCondition(tokens: Token[], i: number): Condition | undefined {
  const decade = readDecade(tokens, i);
  if (decade) return decade;
  const figures = readFigures(tokens, i);
  if (figures) return figures;
  const t = tokens[i]?.text;
  if (t === 'between' || t === 'from') {
    const a = readQuantity(tokens, i + 1);
    if (a && RANGE_JOIN.has(tokens[a.to]?.text ?? '') && (t === 'between' || tokens[a.to]?.text !== 'and')) {
      const b = readQuantity(tokens, a.to + 1);
      if (b) return range(i, a, b);
    }
    return undefined;
  }
  const c = readComparator(tokens, i);
  if (c) {
    // "over-50s": a hyphen flush between comparator and number.
    const at = tokens[c.to]?.text === '-' && tokens[c.to].start === tokens[c.to - 1].end ? c.to + 1 : c.to;
    const q = readQuantity(tokens, at);
    if (!q) return undefined;
    // "over-50s" / "under 30s": a group of ages, 50 and over / under 30.
    if (q.unit === 'decade') {
      const op: ConstraintOp = c.op === 'gt' ? 'gte' : c.op === 'lt' ? 'lt' : c.op;
      return { from: i, to: q.to, field: 'age', bounds: [{ op, q: { ...q, unit: 'plain' } }] };
    }
    const post = readPost(tokens, q.to);
    return { from: i, to: post?.to ?? q.to, field: c.field ?? post?.item.field, bounds: [{ op: c.op, q }] };
  }
  const q = readQuantity(tokens, i, { words: false });
  if (!q) return undefined;
  const post = readPost(tokens, q.to);
  if (post) return { from: i, to: post.to, field: post.item.field, bounds: [{ op: post.item.op, q }] };
  if (RANGE_JOIN.has(tokens[q.to]?.text ?? '') && tokens[q.to]?.text !== 'and') {
    const b = readQuantity(tokens, q.to + 1);
    if (b && b.value > q.value && (b.unit === q.unit || b.unit === 'years' || q.unit === 'money' || b.unit === 'money'))
      return range(i, q, b);
  }
  return { from: i, to: q.to, bounds: [{ op: 'eq', q }], bare: true };
}

function range(from: number, a: Quantity, b: Quantity): Condition {
  // "£30k to 50k", "30 to 40 years": a unit written once applies to both ends.
  const unit: QuantityUnit = a.unit !== 'plain' ? a.unit : b.unit;
  const scale = (q: Quantity) =>
    q.unit === 'plain' && unit === 'money' && a.unit === 'plain' && b.value >= 1000 && q === a && q.value < 1000
      ? 1000
      : 1;
  const qa = { ...a, unit, value: a.value * scale(a) };
  const qb = { ...b, unit };
  const [lo, hi] = qa.value <= qb.value ? [qa, qb] : [qb, qa];
  return {
    from,
    to: b.to,
    bounds: [
      { op: 'gte', q: lo },
      { op: 'lte', q: hi },
    ],
  };
}

interface NounHit {
  field: string;
  person: boolean;
  from: number;
  to: number;
  dist: number;
}

function nounEndingAt(tokens: Token[], end: number): NounHit | undefined {
  let best: NounHit | undefined;
  for (const n of NOUNS) {
    if (n.side === 'right') continue;
    for (let len = n.words.length; len <= n.words.length + 2; len++) {
      const from = end - len;
      if (from < 0) break;
      if (matchAt(tokens, from, n.words) === end && (!best || from < best.from))
        best = { field: n.field, person: !!n.person, from, to: end, dist: 0 };
    }
  }
  return best;
}

function nounStartingAt(tokens: Token[], i: number): NounHit | undefined {
  const hit = longest(
    tokens,
    i,
    NOUNS.filter((n) => n.side !== 'left'),
  );
  if (!hit) return undefined;
  return { field: hit.item.field, person: !!hit.item.person, from: i, to: hit.to, dist: 0 };
}

/** Nearest field noun left of token `from` (link words skipped). */
function leftNoun(tokens: Token[], from: number): NounHit | undefined {
  let end = from;
  for (let skipped = 0; skipped <= 3; skipped++) {
    const hit = nounEndingAt(tokens, end);
    if (hit) {
      // "credit card over £5k" is not a credit score.
      if (hit.field === 'creditScore' && tokens[hit.to]?.text && CREDIT_NOT_SCORE.has(tokens[hit.to].text))
        return undefined;
      return { ...hit, dist: skipped };
    }
    if (tokens[end]?.text === 'credit' && CREDIT_NOT_SCORE.has(tokens[end + 1]?.text ?? '')) return undefined;
    const prev = tokens[end - 1];
    if (!prev || !LEFT_LINK.has(prev.text)) return undefined;
    end--;
  }
  return undefined;
}

/** Nearest field noun right of token `to` (link words skipped). */
function rightNoun(tokens: Token[], to: number): NounHit | undefined {
  let i = to;
  for (let skipped = 0; skipped <= 2; skipped++) {
    const hit = nounStartingAt(tokens, i);
    if (hit) {
      if (
        tokens[i]?.text === 'credit' ||
        (hit.field === 'creditScore' && CREDIT_NOT_SCORE.has(tokens[hit.to]?.text ?? ''))
      )
        return hit.field === 'creditScore' && CREDIT_NOT_SCORE.has(tokens[hit.to]?.text ?? '')
          ? undefined
          : { ...hit, dist: skipped };
      return { ...hit, dist: skipped };
    }
    if (tokens[i]?.text === 'credit' && !CREDIT_NOT_SCORE.has(tokens[i + 1]?.text ?? ''))
      return { field: 'creditScore', person: false, from: i, to: i + 1, dist: skipped };
    if (!RIGHT_LINK.has(tokens[i]?.text ?? '')) return undefined;
    i++;
  }
  return undefined;
}

/** A person noun just before the condition ("retirees over 65", "clients who are over 60"). */
function personBefore(tokens: Token[], from: number): boolean {
  // "… and who are over 60": a predicate about the people themselves.
  const prev = tokens[from - 1]?.text;
  if ((prev === 'are' || prev === "who're") && ['who', 'that', 'which', 'and'].includes(tokens[from - 2]?.text ?? ''))
    return true;
  let j = from - 1;
  for (let skipped = 0; skipped <= 3 && j >= 0; skipped++, j--) {
    if (PERSON_NOUNS.has(tokens[j].text)) return true;
    if (!PERSON_LINK.has(tokens[j].text)) return false;
  }
  return false;
}

/** Does this field noun take this quantity? Person-form nouns ("savers") only take amounts. */
function fits(n: NounHit, q: Quantity): boolean {
  if (n.person && !(q.unit === 'money' || (q.unit === 'plain' && q.value >= 1000))) return false;
  return NUMERIC_FIELDS[n.field].accepts(q);
}

const MONTHLY = [['a', 'month'], ['per', 'month'], ['monthly'], ['pcm'], ['a', 'mo']];

export interface NumericResult {
  constraints: (Constraint & { at: number })[];
  warnings: ParseWarning[];
  /** Character spans understood (constraints and warnings), to remove from the semantic query. */
  consumed: [number, number][];
}

/** Find every numeric condition in the tokens of `text`. */
export function parseNumeric(text: string, tokens: Token[]): NumericResult {
  const out: NumericResult = { constraints: [], warnings: [], consumed: [] };
  const span = (from: number, to: number): [number, number] => [tokens[from].start, tokens[to - 1].end];
  const slice = ([s, e]: [number, number]) => text.slice(s, e);
  const claimed = new Set<number>();
  interface Resolved {
    cond: Condition;
    field?: string;
    span: [number, number];
    reason?: string;
    monthly?: boolean;
  }
  const found: Resolved[] = [];

  for (let i = 0; i < tokens.length; i++) {
    const cond = readCondition(tokens, i);
    if (!cond) continue;
    const q = cond.bounds[cond.bounds.length - 1].q;
    const left = leftNoun(tokens, cond.from);
    let right = rightNoun(tokens, cond.to);
    let field = cond.field;
    let from = cond.from;
    let to = cond.to;
    let reason: string | undefined;
    const take = (n: NounHit) => {
      from = Math.min(from, n.from);
      to = Math.max(to, n.to);
      for (let k = n.from; k < n.to; k++) claimed.add(k);
    };
    const usable = (n: NounHit | undefined) =>
      n && !claimed.has(n.from) && (n.field === field || (!field && cond.bounds.every((b) => fits(n, b.q))));
    if (field) {
      if (left && left.field === field && !claimed.has(left.from)) take(left);
      if (right && right.field === field) take(right);
    } else {
      const l = usable(left) ? left : undefined;
      const r = usable(right) ? right : undefined;
      // Person-form nouns ("savers", "on") are weak: a proper field noun on the other side wins.
      const rank = (n: NounHit) => n.dist + (n.person ? 3 : 0);
      const pick = l && r ? (rank(r) < rank(l) ? r : l) : (l ?? r);
      if (pick) {
        field = pick.field;
        take(pick);
        if (pick === l && r && r.field === field) take(r);
      } else if (
        cond.bounds.every((b) => NUMERIC_FIELDS.age.accepts(b.q) && b.q.value >= 16 && b.q.value <= 110) &&
        q.unit !== 'years' &&
        personBefore(tokens, cond.from) &&
        !cond.bare
      ) {
        field = 'age';
      } else if (q.unit === 'years' && !cond.bare && tokens[cond.from - 1]?.text === 'for') {
        field = 'tenureYears';
        from = cond.from - 1;
      } else if (q.unit === 'years' && !cond.bare && personBefore(tokens, cond.from)) {
        field = 'age';
      } else if ((left && !claimed.has(left.from)) || right) {
        // A field noun is right there but cannot take this value ("credit score over 80%").
        const near = left && !claimed.has(left.from) && (!right || left.dist <= right.dist) ? left : right!;
        from = Math.min(from, near.from);
        to = Math.max(to, near.to);
        reason = `this value cannot be ${/^[aeiou]/.test(FIELD_WORDS[near.field]) ? 'an' : 'a'} ${FIELD_WORDS[near.field]}`;
      } else {
        const prev = found.at(-1);
        const between = prev ? tokens.slice(prev.cond.to, cond.from).map((t) => t.text) : [];
        if (
          prev?.field &&
          !prev.reason &&
          between.length <= 2 &&
          between.every((w) => ['and', 'but', ',', 'or', 'yet'].includes(w)) &&
          cond.bounds.every((b) => NUMERIC_FIELDS[prev.field!].accepts(b.q))
        )
          field = prev.field;
      }
      if (right && right.field === field && !claimed.has(right.from)) take(right);
    }
    if (cond.bare) {
      // A number with no comparator is a filter only where it reads as "that value".
      if (field === 'age' && (left?.field === 'age' || right?.field === 'age')) {
        /* "aged 45", "45 years old" */
      } else if (field === 'productCount') {
        /* "with 3 products" */
      } else if (field) reason = 'a number without a comparator (over, under, at least, exactly …)';
      else {
        // A bare number with no field near it: reported by the final scan, not consumed here.
        continue;
      }
    }
    if (!field) reason ??= 'no field for this condition: say which (income, savings, credit score, age …)';
    else if (!cond.bounds.every((b) => NUMERIC_FIELDS[field!].accepts(b.q)))
      reason = `this value cannot be ${/^[aeiou]/.test(FIELD_WORDS[field] ?? field) ? 'an' : 'a'} ${FIELD_WORDS[field] ?? field}`;
    let monthly = false;
    if (field === 'income' && !reason) {
      for (const m of MONTHLY) {
        const end = matchAt(tokens, to, m);
        if (end !== undefined) {
          monthly = true;
          to = end;
          break;
        }
      }
    }
    found.push({ cond, field, span: span(from, to), reason, monthly });
    i = to - 1;
    right = undefined;
  }

  // "under 25 or over 65", "income over 100k or savings over 50k": alternatives across numeric
  // conditions are not one AND-ed filter; report both rather than search for the intersection.
  for (let n = 1; n < found.length; n++) {
    const gap = text.slice(found[n - 1].span[1], found[n].span[0]);
    if (/^[\s,]*(?:or|either)\b[\s\w]{0,20}$/i.test(gap) && /^\W*or\W/i.test(`${gap} `)) {
      for (const r of [found[n - 1], found[n]])
        r.reason ??= '"or" between numeric conditions is not supported: search each one separately';
    }
  }

  for (const r of found) {
    out.consumed.push(r.span);
    if (r.reason || !r.field) {
      out.warnings.push({
        text: slice(r.span),
        start: r.span[0],
        end: r.span[1],
        reason: r.reason ?? 'not understood',
      });
      continue;
    }
    const spec = NUMERIC_FIELDS[r.field];
    for (const b of r.cond.bounds) {
      let value = spec.convert(b.q);
      if (r.monthly) value *= 12;
      out.constraints.push({ field: r.field, op: b.op, value, text: slice(r.span), at: r.span[0] });
    }
  }
  return out;
}

/** Field names in words, for warnings and reasons. */
export const FIELD_WORDS: Record<string, string> = {
  creditScore: 'credit score',
  income: 'income',
  age: 'age',
  savingsBalance: 'savings',
  loanAmount: 'loan balance',
  tenureYears: 'tenure',
  creditUtilization: 'credit utilisation',
  digitalEngagement: 'digital engagement',
  productCount: 'products held',
  segment: 'segment',
  riskTolerance: 'risk tolerance',
  lifeStage: 'life stage',
};

/** Field nouns, comparators, for the docs. */
export const NUMERIC_DOC = {
  fields: Object.fromEntries(
    Object.keys(NUMERIC_FIELDS).map((f) => [f, NOUNS.filter((n) => n.field === f).map((n) => n.words.join(' '))]),
  ),
  comparators: Object.fromEntries(
    (['gt', 'gte', 'lt', 'lte', 'eq'] as const).map((op) => [
      op,
      [...PRE, ...POST].filter((c) => c.op === op).map((c) => `${c.words.join(' ')}${c.field ? ` (${c.field})` : ''}`),
    ]),
  ),
};

/** Is this token a field noun or comparator word (for the leftover scan)? */
export function isFieldOrComparatorAt(tokens: Token[], i: number): number | undefined {
  const n =
    nounStartingAt(tokens, i) ??
    longest(
      tokens,
      i,
      NOUNS.filter((x) => x.side === 'left'),
    );
  if (n) return n.to;
  return readComparator(tokens, i)?.to ?? longest(tokens, i, POST)?.to;
}
