import type { Product } from '../../../domain/index.ts';
import { PRODUCTS } from '../../../domain/catalog/index.ts';
import type { Constraint, ParsedQuery, ParseWarning } from '../../../domain/api/search.ts';
import { PHRASE_RULES, productTerms } from './vocabulary.ts';
import { constraintsToWhere } from './where.ts';
import { FIELD_WORDS, isFieldOrComparatorAt, parseNumeric } from './numeric.ts';
import { NUMBER_WORDS, readQuantity, tokenize } from './tokens.ts';

/**
 * RM natural-language query → structured constraints, warnings, the semantic remainder and a
 * requested count. Deterministic; one implementation for RM search, the RM assistant's book
 * tools and the eval assertions.
 *
 *   parseQuery(text) → { constraints, warnings, semanticQuery, k?, where }
 *     constraints: AND-ed {field, op, value, text}; `text` is the query's words it came from.
 *     warnings: {text, start, end, reason} for every number, comparator or field word that did
 *       not become a constraint (query.slice(start, end) === text). Nothing is silently dropped:
 *       a caller that must not guess (strict search, the assistant) asks about these.
 *     semanticQuery: the query without the understood phrases (warned words stay in it).
 *     k: a count the query asked for ("show me 5", "top ten"), at most 50.
 *   matchesConstraints(customerOrMetadata, constraints) (./where.ts): the same semantics as the
 *     Chroma `where`, on a plain Customer or on stored metadata.
 *
 * Stages, each consuming the words it understood so a later one cannot reuse them:
 * 1. requested count; 2. holdings ("who hold / without / don't have / never had …" + product or
 * category words, lists with or/and); 3. numeric conditions (./numeric.ts: the grammar of
 * comparators, quantities and field nouns); 4. named groups (./vocabulary.ts: life stage, segment,
 * risk, generations, digital engagement, bands); 5. the leftover scan that turns any remaining
 * number, comparator + field word or qualitative field word ("high savings") into a warning.
 * "or" between alternatives of one field is `in` / holds-any; "or" across different fields
 * cannot be one AND-ed filter and is reported as a warning instead of searched as an AND.
 */

const g = (s: string) => new RegExp(s, 'gi');
const B = String.raw`(?<![\w£$€])`;
/** "a loan balance over £20k" is an amount (numeric stage), not only a holding. */
const NOT_AMOUNT = String.raw`(?!\s+(?:balances?|amounts?|outstanding)\b)`;
const LOAN_AMOUNT_NEXT =
  /^\s+(?:of\s+)?(?:over|above|under|below|more\s+than|less\s+than|at\s+least|at\s+most|exceeding|in\s+excess\s+of|between)\s+[£$€]?\d/i;
const ARTICLE = String.raw`(?:an?\s+|the\s+|our\s+|your\s+|any\s+|existing\s+|an\s+existing\s+|one\s+or\s+more\s+|their\s+own\s+|their\s+)?`;
const NEGATED_HOLD = [
  'without',
  'lacking',
  'missing',
  'with\\s+no',
  'excluding\\s+(?:those|anyone|customers|clients)\\s+with',
  'not\\s+(?:holding|having|owning)',
  'no',
  '(?:who|that|which)\\s+(?:have|hold|own|has|holds|owns)\\s+no',
  "(?:who|that|which)?\\s*(?:do|does|did)\\s*(?:n't|not)\\s+(?:yet\\s+|currently\\s+|already\\s+)?(?:have|hold|own|got)(?:\\s+got)?",
  "(?:who|that|which)?\\s*(?:'ve|have|has|had)?\\s*never\\s+(?:had|held|owned|taken\\s+out|opened|got)",
  "(?:who|that|which)?\\s*(?:haven't|hasn't|have\\s+not|has\\s+not)\\s+(?:got|taken\\s+out|opened)?",
].join('|');

export interface FilterParser {
  parse(query: string): ParsedQuery;
}

/** Build a parser for a product catalog (product names and categories become holding terms). */
export function createFilterParser(products: Product[]): FilterParser {
  const terms = productTerms(products);
  const TERM = `(?:${terms.map((t) => t.term).join('|')})`;
  const LIST = `${TERM}(?:\\s*(?:,\\s*(?:or|and)?|or|and|nor|/)\\s*(?:(?:either|neither)\\s+)?${ARTICLE}${TERM})*`;
  const termRe = new RegExp(`(?<![\\w-])(?:${terms.map((t) => `(${t.term})`).join('|')})(?![\\w-])`, 'gi');
  const anyTermRe = new RegExp(`(?<![\\w-])${TERM}(?![\\w-])`, 'gi');
  // "with funds to invest", "with insurance needs": money or a need, not a holding.
  const GENERIC = String.raw`(?:funds?|investments?|deposits?|insurance|loans?)\s+(?:to|for|available|needs?|questions?|queries|goals?|plans?|interest)\b`;
  const holdingRules: { re: RegExp; held: boolean }[] = [
    {
      re: g(`${B}(?:${NEGATED_HOLD})\\s+(?:(?:either|any|a|an)\\s+)?${ARTICLE}(?<list>${LIST})(?![\\w-])${NOT_AMOUNT}`),
      held: false,
    },
    {
      re: g(
        `${B}(?:(?:who|that|which)\\s+)?(?:already\\s+|currently\\s+|still\\s+)?(?:hold|holds|holding|have|has|having|own|owns|owning|carrying|carries|carry|'ve\\s+got|have\\s+got|has\\s+got|got|(?:are|is)\\s+on)\\s+${ARTICLE}(?<list>${LIST})(?![\\w-])${NOT_AMOUNT}`,
      ),
      held: true,
    },
    {
      re: g(
        `${B}with\\s+(?:an?\\s+|any\\s+|existing\\s+|an\\s+existing\\s+|(?!${GENERIC}))(?<list>${LIST})(?![\\w-])${NOT_AMOUNT}`,
      ),
      held: true,
    },
    { re: g(`${B}(?<list>${LIST})\\s+(?:holders|owners|customers|clients)(?![\\w-])`), held: true },
  ];

  const andHoldingRe = g(
    `${B}(?:and|plus|but|as\\s+well\\s+as|,)\\s+(?:also\\s+)?(?:with\\s+|holding\\s+|carrying\\s+)?(?:an?|any|existing)\\s+(?<list>${LIST})(?![\\w-])${NOT_AMOUNT}`,
  );
  const idsOf = (text: string): string[][] => {
    const out: string[][] = [];
    for (const m of text.matchAll(termRe)) {
      const i = m.slice(1).findIndex((x) => x !== undefined);
      if (i >= 0) out.push(terms[i].productIds);
    }
    return out;
  };

  return {
    parse(query: string): ParsedQuery {
      // `masked`: what later stages may still read; `semantic`: what stays in the semantic query.
      let masked = query;
      let semantic = query;
      const found: (Constraint & { at: number })[] = [];
      const warnings: ParseWarning[] = [];
      const blank = (s: string, start: number, end: number) =>
        s.slice(0, start) + ' '.repeat(end - start) + s.slice(end);
      const consume = (start: number, end: number, keepSemantic = false) => {
        masked = blank(masked, start, end);
        if (!keepSemantic) semantic = blank(semantic, start, end);
      };
      const text = (start: number, end: number) => query.slice(start, end).trim();
      let k: number | undefined;

      // 1. Requested count.
      for (const re of COUNT_RULES) {
        for (const m of [...masked.matchAll(re)]) {
          const raw = m.groups!.n.toLowerCase();
          const n = /^\d+$/.test(raw) ? Number(raw) : COUNT_WORDS[raw];
          if (!n || k !== undefined) continue;
          const start = m.index + m[0].search(/\S/);
          const end = m.index + m[0].length;
          k = Math.min(n, 50);
          if (n > 50) warnings.push({ text: text(start, end), start, end, reason: 'at most 50 results are returned' });
          consume(start, end);
        }
      }

      // 2. Holdings.
      for (const rule of holdingRules) {
        for (const m of [...masked.matchAll(rule.re)]) {
          const at = m.index + m[0].search(/\S/);
          const end = m.index + m[0].length;
          if (masked.slice(m.index, end) !== m[0]) continue; // overlapped by an earlier match
          // "with loans over £30k" is a loan balance (numeric stage), not only a holding.
          if (/\b(?:loans?|debts?)$/i.test(m.groups!.list) && LOAN_AMOUNT_NEXT.test(masked.slice(end))) continue;
          const groups = idsOf(m.groups!.list);
          if (groups.length === 0) continue;
          const conj = /\band\b/i.test(m.groups!.list) && !/\bor\b/i.test(m.groups!.list);
          if (rule.held && conj) {
            for (const ids of groups)
              found.push({ field: 'products', op: 'holds_any', value: [...new Set(ids)], text: text(at, end), at });
          } else {
            found.push({
              field: 'products',
              op: rule.held ? 'holds_any' : 'holds_none',
              value: [...new Set(groups.flat())],
              text: text(at, end),
              at,
            });
          }
          consume(at, end);
        }
      }

      // 2b. "… and a credit card" right after another holding or a condition: one more holding.
      const andHeld = () => {
        for (const m of [...masked.matchAll(andHoldingRe)]) {
          const at = m.index + m[0].search(/\S/);
          const end = m.index + m[0].length;
          if (query.slice(m.index, end) !== m[0]) continue; // spans a consumed phrase
          const before = query.slice(0, at).trimEnd().length;
          if (!found.some((c) => c.at + c.text.length === before)) continue;
          const groups = idsOf(m.groups!.list);
          if (!groups.length) continue;
          const conj = /\band\b/i.test(m.groups!.list) && !/\bor\b/i.test(m.groups!.list);
          const text0 = text(at, end);
          if (conj)
            for (const ids of groups)
              found.push({ field: 'products', op: 'holds_any', value: [...new Set(ids)], text: text0, at });
          else found.push({ field: 'products', op: 'holds_any', value: [...new Set(groups.flat())], text: text0, at });
          consume(at, end);
        }
      };
      andHeld();

      // 3. Numeric conditions.
      const numeric = parseNumeric(query, tokenize(masked));
      found.push(...numeric.constraints);
      warnings.push(...numeric.warnings);
      for (const [s, e] of numeric.consumed)
        consume(
          s,
          e,
          numeric.warnings.some((w) => w.start === s),
        );

      // 4. Named groups.
      for (const rule of PHRASE_RULES) {
        for (const m of [...masked.matchAll(rule.pattern)]) {
          const at = m.index;
          const end = at + m[0].length;
          const built = typeof rule.constraints === 'function' ? rule.constraints(m) : rule.constraints;
          for (const c of built) found.push({ ...c, text: text(at, end), at });
          consume(at, end);
        }
      }

      andHeld();

      // 5. Leftovers (product names such as "2-Year Fixed Mortgage" are intent, not numbers).
      let scan = masked;
      for (const m of masked.matchAll(anyTermRe)) scan = blank(scan, m.index, m.index + m[0].length);
      warnings.push(...leftoverWarnings(query, scan));

      found.sort((a, b) => a.at - b.at);
      const kept = orAcrossFields(query, found, warnings);
      const constraints = mergeCategorical(kept.map(({ at: _at, ...c }) => c));
      warnings.sort((a, b) => a.start - b.start);
      return {
        constraints,
        where: constraintsToWhere(constraints),
        semanticQuery: cleanSemantic(semantic),
        warnings,
        ...(k !== undefined ? { k } : {}),
      };
    },
  };
}

/**
 * "retirees or high net worth": alternatives on different fields cannot be one AND-ed filter.
 * Both sides become warnings (the search is not narrowed to their intersection). Alternatives on
 * one field ("retirees or students", "a mortgage or a loan") are merged into `in` / holds-any.
 */
function orAcrossFields(
  query: string,
  found: (Constraint & { at: number })[],
  warnings: ParseWarning[],
): (Constraint & { at: number })[] {
  const drop = new Set<number>();
  const end = (c: Constraint & { at: number }) => c.at + c.text.length;
  for (let i = 1; i < found.length; i++) {
    const a = found[i - 1];
    const b = found[i];
    if (a.at === b.at) continue;
    const gap = query.slice(end(a), b.at);
    if (!/^[\s,]*(?:or|either|or\s+else)\s*$/i.test(gap)) continue;
    const sameField = a.field === b.field && typeof a.value !== 'number' && typeof b.value !== 'number';
    if (sameField) {
      if (a.field === 'products' && a.op === 'holds_any' && b.op === 'holds_any') {
        b.value = [...new Set([...(a.value as string[]), ...(b.value as string[])])];
        b.text = `${a.text} or ${b.text}`;
        b.at = a.at;
        drop.add(i - 1);
      }
      continue;
    }
    for (const j of [i - 1, i]) {
      const c = found[j];
      for (let x = 0; x < found.length; x++) if (found[x].at === c.at) drop.add(x);
    }
  }
  const out: (Constraint & { at: number })[] = [];
  const warned = new Set<number>();
  found.forEach((c, i) => {
    if (!drop.has(i)) out.push(c);
    else if (!warned.has(c.at) && !(i + 1 < found.length && found[i + 1].at === c.at && drop.has(i + 1) && false)) {
      warned.add(c.at);
      if (found.some((o, x) => x !== i && !drop.has(x) && o.at === c.at)) return;
      warnings.push({
        text: c.text,
        start: c.at,
        end: c.at + c.text.length,
        reason: `"or" between conditions on different fields (${FIELD_WORDS[c.field] ?? c.field}) cannot be searched as one filter: search each separately`,
      });
    }
  });
  return out;
}

const parsers = new WeakMap<readonly Product[], FilterParser>();

/** Parse with the bank's catalog (or `products`); parsers are built once per catalog. */
export function parseQuery(text: string, options: { products?: readonly Product[] } = {}): ParsedQuery {
  const products = options.products ?? PRODUCTS;
  let parser = parsers.get(products);
  if (!parser) parsers.set(products, (parser = createFilterParser([...products])));
  return parser.parse(text);
}

/** "young professionals and retirees": several values of one categorical field mean either (→ in). */
function mergeCategorical(constraints: Constraint[]): Constraint[] {
  const out: Constraint[] = [];
  for (const c of constraints) {
    const categorical = c.op === 'eq' || c.op === 'in';
    const prev =
      categorical && typeof c.value !== 'number'
        ? out.find((o) => o.field === c.field && (o.op === 'eq' || o.op === 'in') && typeof o.value !== 'number')
        : undefined;
    if (!prev) {
      out.push({ ...c });
      continue;
    }
    const list = (x: Constraint) => (x.op === 'in' ? (x.value as string[]) : [x.value as string]);
    const values = new Set([...list(prev), ...list(c)]);
    if (prev.text !== c.text) prev.text = `${prev.text}; ${c.text}`;
    if (values.size === 1) continue;
    prev.op = 'in';
    prev.value = [...values];
  }
  return out;
}

/** Adjectives that grade a field without a number ("high savings", "long tenure"). */
const QUALITATIVE = new Set(
  'high higher highest low lower lowest large larger big bigger biggest small smaller heavy heavier light substantial significant sizeable sizable poor strong weak decent healthy modest minimal little long longer short shorter new newer recent older massive huge good bad excellent'.split(
    ' ',
  ),
);
/** Words that only appear in amounts: left over, they mean an amount was not read. */
const AMOUNT_WORDS = new Set([
  'million',
  'mil',
  'thousand',
  'grand',
  'figures',
  'figure',
  'billion',
  'percent',
  'quid',
]);
const LINK_EDGE = new Set('of in a an the their with and or is are at to'.split(' '));

/** Every number, comparator + field word or graded field word still in `masked` → a warning. */
function leftoverWarnings(query: string, masked: string): ParseWarning[] {
  const tokens = tokenize(masked);
  const out: ParseWarning[] = [];
  const push = (from: number, to: number, reason: string) => {
    while (from < to - 1 && LINK_EDGE.has(tokens[from].text)) from++;
    while (to - 1 > from && LINK_EDGE.has(tokens[to - 1].text)) to--;
    const start = tokens[from].start;
    const end = tokens[to - 1].end;
    out.push({ text: query.slice(start, end), start, end, reason });
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const q = t.kind === 'number' || ['£', '$', '€'].includes(t.text) ? readQuantity(tokens, i) : undefined;
    if (q) {
      let from = i;
      let to = q.to;
      // Take the field/comparator words around the number into the same warning.
      for (let k = 0; k < 3 && from > 0; k++) {
        let hit = false;
        for (let s = Math.max(0, from - 4); s < from; s++) {
          const end = isFieldOrComparatorAt(tokens, s);
          if (end !== undefined && end >= from) {
            from = s;
            hit = true;
            break;
          }
        }
        if (!hit) break;
      }
      const after = isFieldOrComparatorAt(tokens, to);
      if (after !== undefined) to = after;
      push(from, to, 'a number that is not part of any filter the parser understands');
      i = to - 1;
      continue;
    }
    if (t.kind !== 'word') continue;
    if (t.text === 'by' || (t.text === 'ranked' && tokens[i + 1]?.text === 'by')) {
      const at = t.text === 'by' ? i + 1 : i + 2;
      const skip = ['highest', 'largest', 'biggest', 'most', 'lowest', 'smallest', 'their', 'the'].includes(
        tokens[at]?.text ?? '',
      )
        ? 1
        : 0;
      const end = nounAfter(tokens, at + skip);
      if (end !== undefined) {
        push(i, end, 'ordering by a field is not supported here: results are ordered by relevance');
        i = end - 1;
        continue;
      }
    }
    if (AMOUNT_WORDS.has(t.text)) {
      push(i, i + 1, 'an amount word that is not part of any filter the parser understands');
      continue;
    }
    if (QUALITATIVE.has(t.text)) {
      const end = nounAfter(tokens, i + 1);
      if (end !== undefined) {
        push(i, end, 'no threshold is defined for this: give a number (e.g. "over £50k", "at least 10 years")');
        i = end - 1;
        continue;
      }
    }
    const cmpEnd = isFieldOrComparatorAt(tokens, i);
    if (cmpEnd !== undefined && isComparatorWord(t.text)) {
      const end = nounAfter(tokens, cmpEnd) ?? nounAfter(tokens, cmpEnd + 1);
      if (end !== undefined) {
        push(i, end, 'a comparison without a number');
        i = end - 1;
      }
    }
  }
  return out;
}

const COMPARATOR_WORDS = new Set(
  'over above under below more less greater fewer higher lower least most exceeding between older younger'.split(' '),
);
const isComparatorWord = (w: string) => COMPARATOR_WORDS.has(w);
const FIELD_NOUN_WORDS = new Set(
  'income incomes salary salaries earnings savings balance balances utilisation utilization score scores rating tenure engagement borrowing borrowings debt debts loan loans age'.split(
    ' ',
  ),
);
/** A field noun at i (or after "credit"/"digital"/"loan"), returning its end. */
function nounAfter(tokens: ReturnType<typeof tokenize>, i: number): number | undefined {
  const t = tokens[i]?.text;
  if (!t) return undefined;
  if (FIELD_NOUN_WORDS.has(t)) return i + 1;
  const n = tokens[i + 1]?.text;
  if ((t === 'credit' || t === 'digital' || t === 'loan' || t === 'savings') && n && FIELD_NOUN_WORDS.has(n))
    return i + 2;
  if (t === 'credit' && n !== 'card' && n !== 'cards') return i + 1;
  return undefined;
}

/** Counts written as words ("top ten", "a dozen"): the number words, plus two that only count. */
const COUNT_WORDS: Record<string, number> = {
  ...Object.fromEntries(Object.entries(NUMBER_WORDS).filter(([, n]) => n > 0)),
  dozen: 12,
  hundred: 100,
};
const COUNT = `(?<n>\\d{1,4}|${Object.keys(COUNT_WORDS).join('|')})`;
const COUNT_RULES = [
  g(
    `${B}(?:show|give|find|list|get|return|pull|fetch|display|bring|pick|suggest|surface)(?:\\s+(?:me|us))?(?:\\s+(?:up|out))?(?:\\s+(?:the|a))?(?:\\s+(?:top|first|best|leading))?\\s+${COUNT}(?![\\w%£$.,-])(?!\\s*(?:k|thousand|grand|million|percent|years?|%|\\+|or\\s+(?:more|less|older|younger)))`,
  ),
  g(`${B}(?:the\\s+)?(?:top|first|best)\\s+${COUNT}(?![\\w%£$.,-])(?!\\s*(?:k|thousand|grand|million|percent|%))`),
];

const CONNECTOR = '(?:with|who|whom|whose|that|which|are|is|have|has|and|or|but|also|aged|of|a|an|the|in|,|;)';

/** The semantic remainder: consumed phrases removed, dangling connectives tidied. */
function cleanSemantic(masked: string): string {
  let s = masked.replace(/\s+/g, ' ').trim();
  for (let i = 0; i < 4; i++) {
    const before = s;
    s = s
      .replace(new RegExp(`(?<![\\w-])${CONNECTOR}(?:\\s+${CONNECTOR})*\\s*$`, 'i'), '')
      .replace(new RegExp(`^\\s*(?:${CONNECTOR}\\s+)+`, 'i'), '')
      .replace(/(?<![\w-])(with|who|whose|that|and|or|aged|of|a|an|the)\s+(?=(?:and|or|who|with|,)(?![\w-]))/gi, '')
      .replace(
        /(?<![\w-])(?:with|who|and|,)\s+(?=(?:are\s+|is\s+)?(?:interested|looking|keen|wanting|seeking|planning|likely|hoping)(?![\w-]))/gi,
        '',
      )
      .replace(/\s*,\s*(?=,|$)/g, '')
      .replace(/\s+/g, ' ')
      .trim();
    if (s === before) break;
  }
  return s;
}
