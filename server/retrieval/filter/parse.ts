import type { Product } from '../../../domain/index.ts';
import type { Constraint, ConstraintOp, ParsedQuery } from '../../../domain/api/search.ts';
import { PHRASE_RULES, productTerms } from './vocabulary.ts';
import { constraintsToWhere } from './where.ts';
import { escapeRegExp } from '../../../lib/regexp/index.ts';

/**
 * RM natural-language query → structured constraints + Chroma `where` + the remaining semantic
 * query. Rule-based and deterministic: each rule consumes the words it understood (they are
 * shown back as `constraint.text`); everything else stays in the semantic query. Fragments that
 * look like constraints but match no rule (a number with a comparator, a field name next to a
 * number) are listed in `unparsed` and stay semantic — never silently a filter.
 */

const NUM = String.raw`[£$€]?\s?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s?(?:k|m|mn|thousand|million))?(?![\w])`;
const OPS: [string, ConstraintOp][] = [
  ['in excess of', 'gt'],
  ['greater than', 'gt'],
  ['higher than', 'gt'],
  ['more than', 'gt'],
  ['upwards of', 'gt'],
  ['exceeding', 'gt'],
  ['exceeds', 'gt'],
  ['over', 'gt'],
  ['above', 'gt'],
  ['>', 'gt'],
  ['no less than', 'gte'],
  ['not less than', 'gte'],
  ['at least', 'gte'],
  ['minimum of', 'gte'],
  ['minimum', 'gte'],
  ['min', 'gte'],
  ['>=', 'gte'],
  ['=>', 'gte'],
  ['≥', 'gte'],
  ['less than', 'lt'],
  ['lower than', 'lt'],
  ['fewer than', 'lt'],
  ['beneath', 'lt'],
  ['under', 'lt'],
  ['below', 'lt'],
  ['<', 'lt'],
  ['no more than', 'lte'],
  ['not more than', 'lte'],
  ['at most', 'lte'],
  ['maximum of', 'lte'],
  ['maximum', 'lte'],
  ['max', 'lte'],
  ['up to', 'lte'],
  ['<=', 'lte'],
  ['=<', 'lte'],
  ['≤', 'lte'],
];
const POSTS: [string, ConstraintOp][] = [
  ['or more', 'gte'],
  ['or above', 'gte'],
  ['and above', 'gte'],
  ['or higher', 'gte'],
  ['and up', 'gte'],
  ['or over', 'gte'],
  ['and over', 'gte'],
  ['plus', 'gte'],
  ['+', 'gte'],
  ['or less', 'lte'],
  ['or below', 'lte'],
  ['and below', 'lte'],
  ['or lower', 'lte'],
  ['or under', 'lte'],
  ['and under', 'lte'],
];
const alt = (words: string[]) => words.map((w) => escapeRegExp(w).replace(/ /g, '\\s+')).join('|');
const CMP = `(?:${alt(OPS.map((o) => o[0]))})`;
const POST = `(?:${alt(POSTS.map((o) => o[0]))})`;
const FIELD = String.raw`credit[\s-]*scores?|credit[\s-]*ratings?|fico(?:[\s-]*scores?)?|scores?|(?:annual\s+|yearly\s+|household\s+|gross\s+)?(?:incomes?|salar(?:y|ies))|earnings|earning|earns?|making|makes|ages?|aged`;
const LINK = String.raw`(?:\s+(?:is|are|of|that\s+is|which\s+is|being|in\s+the\s+range|in\s+the\s+range\s+of|a|an|the))*\s*:?\s*`;
const B = String.raw`(?<![\w£$€])`;

const opOf = (text: string, table: [string, ConstraintOp][]): ConstraintOp => {
  const norm = text.toLowerCase().replace(/\s+/g, ' ').trim();
  return table.find(([w]) => w === norm)?.[1] ?? 'gte';
};
const fieldOf = (text: string): string =>
  /credit|fico|score/i.test(text) ? 'creditScore' : /^age/i.test(text.trim()) ? 'age' : 'income';

/** "£100k" → 100000, "1.5m" → 1500000, "80,000" → 80000. */
export function parseNumber(text: string): number {
  const t = text.toLowerCase().replace(/[£$€,\s]/g, '');
  const m = /^(\d+(?:\.\d+)?)(k|m|mn|thousand|million)?$/.exec(t);
  if (!m) return Number.NaN;
  const mult = !m[2] ? 1 : m[2] === 'k' || m[2] === 'thousand' ? 1e3 : 1e6;
  return Math.round(Number(m[1]) * mult * 100) / 100;
}

const DECADES: Record<string, number> = {
  twenties: 20,
  thirties: 30,
  forties: 40,
  fifties: 50,
  sixties: 60,
  seventies: 70,
  eighties: 80,
};

interface NumericRule {
  re: RegExp;
  /** Build constraints from the match (null = not applicable, leave the text alone). */
  build(m: RegExpExecArray): Omit<Constraint, 'text'>[] | null;
}

const g = (s: string) => new RegExp(s, 'gi');
const between = (field: string, a: number, b: number): Omit<Constraint, 'text'>[] => {
  const [lo, hi] = a <= b ? [a, b] : [b, a];
  return [
    { field, op: 'gte', value: lo },
    { field, op: 'lte', value: hi },
  ];
};

const NUMERIC_RULES: NumericRule[] = [
  // credit score between 700 and 800 / income from 50k to 80k / age 30-40
  {
    re: g(`${B}(?<f>${FIELD})${LINK}(?:between|from)?\\s*(?<a>${NUM})\\s*(?:and|to|-|–|—)\\s*(?<b>${NUM})`),
    build: (m) => between(fieldOf(m.groups!.f), parseNumber(m.groups!.a), parseNumber(m.groups!.b)),
  },
  // between 700 and 800 credit score
  {
    re: g(`${B}between\\s+(?<a>${NUM})\\s*(?:and|to|-)\\s*(?<b>${NUM})\\s+(?:in\\s+|of\\s+)?(?<f>${FIELD})`),
    build: (m) => between(fieldOf(m.groups!.f), parseNumber(m.groups!.a), parseNumber(m.groups!.b)),
  },
  // credit score over 750 / income of at least £80k / aged under 30
  {
    re: g(`${B}(?<f>${FIELD})${LINK}(?<c>${CMP})\\s*(?<a>${NUM})`),
    build: (m) => [{ field: fieldOf(m.groups!.f), op: opOf(m.groups!.c, OPS), value: parseNumber(m.groups!.a) }],
  },
  // credit score 750+ / income 100k or more
  {
    re: g(`${B}(?<f>${FIELD})${LINK}(?<a>${NUM})\\s*(?<p>${POST})`),
    build: (m) => [{ field: fieldOf(m.groups!.f), op: opOf(m.groups!.p, POSTS), value: parseNumber(m.groups!.a) }],
  },
  // over 750 credit score / more than £100k income / above 700 in credit score
  {
    re: g(`${B}(?<c>${CMP})\\s*(?<a>${NUM})\\s+(?:in\\s+|of\\s+|a\\s+|an\\s+)?(?<f>${FIELD})`),
    build: (m) => [{ field: fieldOf(m.groups!.f), op: opOf(m.groups!.c, OPS), value: parseNumber(m.groups!.a) }],
  },
  // 750+ credit score / 100k+ income
  {
    re: g(`${B}(?<a>${NUM})\\s*(?<p>${POST})\\s+(?:in\\s+|of\\s+)?(?<f>${FIELD})`),
    build: (m) => [{ field: fieldOf(m.groups!.f), op: opOf(m.groups!.p, POSTS), value: parseNumber(m.groups!.a) }],
  },
  // older than 50 / younger than 30
  {
    re: g(`${B}(?<c>older|younger)\\s+than\\s+(?<a>\\d{1,3})(?:\\s*years?(?:[\\s-]+old)?)?(?![\\w])`),
    build: (m) => [{ field: 'age', op: /older/i.test(m.groups!.c) ? 'gt' : 'lt', value: Number(m.groups!.a) }],
  },
  // over 60 years old / under 30 year-olds
  {
    re: g(`${B}(?<c>${CMP})\\s*(?<a>\\d{1,3})\\s*(?:years?[\\s-]+old|years?\\s+of\\s+age|year[\\s-]olds|yo)(?![\\w])`),
    build: (m) => [{ field: 'age', op: opOf(m.groups!.c, OPS), value: Number(m.groups!.a) }],
  },
  // 65 or older / 30 years old or younger / 60+ years old
  {
    re: g(
      `${B}(?<a>\\d{1,3})\\s*(?:years?[\\s-]+old\\s+)?(?<p>or\\s+older|and\\s+older|or\\s+younger|and\\s+younger)(?![\\w])`,
    ),
    build: (m) => [{ field: 'age', op: /older/i.test(m.groups!.p) ? 'gte' : 'lte', value: Number(m.groups!.a) }],
  },
  {
    re: g(`${B}(?<a>\\d{1,3})\\s*\\+\\s*(?:years?[\\s-]+old|year[\\s-]olds)(?![\\w])`),
    build: (m) => [{ field: 'age', op: 'gte', value: Number(m.groups!.a) }],
  },
  // in their 50s / in their thirties
  {
    re: g(
      `${B}in\\s+their\\s+(?:(?<n>[2-9]0)'?s|(?<w>twenties|thirties|forties|fifties|sixties|seventies|eighties))(?![\\w])`,
    ),
    build: (m) => {
      const d = m.groups!.n ? Number(m.groups!.n) : DECADES[m.groups!.w.toLowerCase()];
      return between('age', d, d + 9);
    },
  },
  // over-50s / under-30s
  {
    re: g(`${B}(?<c>over|under)[\\s-](?<a>[1-9]\\d)'?s(?![\\w])`),
    build: (m) => [{ field: 'age', op: /over/i.test(m.groups!.c) ? 'gte' : 'lt', value: Number(m.groups!.a) }],
  },
  // customers over 60 (a plain 2–3 digit number 18–110 after a customer noun, no currency/unit)
  {
    re: g(
      `(?<=(?:customers|clients|people|individuals|members|those)\\s+(?:who\\s+are\\s+|aged\\s+)?)(?<c>${CMP})\\s*(?<a>\\d{2,3})(?![\\d.,%]|\\s*(?:k|m|thousand|million|\\+)(?![\\w])|\\s*(?:in\\s+)?(?:credit|fico|score|income|salary|savings|balance|products))`,
    ),
    build: (m) => {
      const a = Number(m.groups!.a);
      return a >= 18 && a <= 110 ? [{ field: 'age', op: opOf(m.groups!.c, OPS), value: a }] : null;
    },
  },
];

const ARTICLE = String.raw`(?:an?\s+|any\s+|existing\s+|an\s+existing\s+|one\s+or\s+more\s+)?`;

export interface FilterParser {
  parse(query: string): ParsedQuery;
}

/** Build a parser for a product catalog (product names and categories become holding terms). */
export function createFilterParser(products: Product[]): FilterParser {
  const terms = productTerms(products);
  const TERM = `(?:${terms.map((t) => t.term).join('|')})`;
  const LIST = `${TERM}(?:\\s*(?:,\\s*(?:or|and)?|or|and|nor)\\s*${ARTICLE}${TERM})*`;
  const termRe = new RegExp(`(?<![\\w-])(?:${terms.map((t) => `(${t.term})`).join('|')})(?![\\w-])`, 'gi');
  const GENERIC = String.raw`(?:funds?|investments?|deposits?|insurance|loans?)\b`;
  const holdingRules: { re: RegExp; held: boolean }[] = [
    {
      re: g(
        `${B}(?:without|lacking|with\\s+no|(?:who|that|which)\\s+(?:have|hold|own)\\s+no|(?:who|that|which)?\\s*(?:do|does)\\s*(?:n't|not)\\s+(?:yet\\s+)?(?:have|hold|own)|not\\s+holding|no)\\s+${ARTICLE}(?<list>${LIST})(?![\\w-])`,
      ),
      held: false,
    },
    {
      re: g(
        `${B}(?:(?:who|that|which)\\s+)?(?:already\\s+|currently\\s+)?(?:hold|holds|holding|have|has|having|own|owns|owning)\\s+${ARTICLE}(?<list>${LIST})(?![\\w-])`,
      ),
      held: true,
    },
    {
      re: g(`${B}with\\s+(?:an?\\s+|any\\s+|existing\\s+|an\\s+existing\\s+|(?!${GENERIC}))(?<list>${LIST})(?![\\w-])`),
      held: true,
    },
    { re: g(`${B}(?<list>${LIST})\\s+(?:holders|owners)(?![\\w-])`), held: true },
  ];

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
      let masked = query;
      const spans: [number, number][] = [];
      const found: (Constraint & { at: number })[] = [];
      const consume = (start: number, end: number) => {
        spans.push([start, end]);
        masked = masked.slice(0, start) + ' '.repeat(end - start) + masked.slice(end);
      };
      const text = (start: number, end: number) => query.slice(start, end).trim();

      for (const rule of holdingRules) {
        for (const m of [...masked.matchAll(rule.re)]) {
          const at = m.index!;
          const end = at + m[0].length;
          if (masked.slice(at, end) !== m[0]) continue; // overlapped by an earlier match
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
      for (const rule of NUMERIC_RULES) {
        rule.re.lastIndex = 0;
        for (const m of [...masked.matchAll(rule.re)]) {
          const built = rule.build(m);
          if (!built || built.some((c) => typeof c.value === 'number' && !Number.isFinite(c.value))) continue;
          const at = m.index!;
          const end = at + m[0].length;
          for (const c of built) found.push({ ...c, text: text(at, end), at });
          consume(at, end);
        }
      }
      for (const rule of PHRASE_RULES) {
        for (const m of [...masked.matchAll(rule.pattern)]) {
          const at = m.index!;
          const end = at + m[0].length;
          for (const c of rule.constraints) found.push({ ...c, text: text(at, end), at });
          consume(at, end);
        }
      }

      found.sort((a, b) => a.at - b.at);
      const constraints = mergeCategorical(found.map(({ at: _at, ...c }) => c));
      const unparsed = findUnparsed(masked);
      return { constraints, where: constraintsToWhere(constraints), semanticQuery: cleanSemantic(masked), unparsed };
    },
  };
}

/** "young professionals and retirees": several values of one categorical field mean either (→ in). */
function mergeCategorical(constraints: Constraint[]): Constraint[] {
  const out: Constraint[] = [];
  for (const c of constraints) {
    const prev = c.op === 'eq' ? out.find((o) => o.field === c.field && (o.op === 'eq' || o.op === 'in')) : undefined;
    if (!prev) {
      out.push(c);
      continue;
    }
    const values = new Set([
      ...(prev.op === 'in' ? (prev.value as string[]) : [prev.value as string]),
      c.value as string,
    ]);
    if (values.size === 1) continue;
    prev.op = 'in';
    prev.value = [...values];
    prev.text = `${prev.text}; ${c.text}`;
  }
  return out;
}

const UNPARSED = [
  g(`${B}(?:${FIELD})(?:\\s+\\S+){0,2}?\\s*(?:${CMP}\\s*)?${NUM}(?:\\s*${POST})?`),
  g(`${B}${CMP}\\s*${NUM}(?:\\s*${POST})?`),
  g(`${B}${NUM}\\s*${POST}`),
  g(`${B}between\\s+${NUM}\\s*(?:and|to|-)\\s*${NUM}`),
  g(`[£$€]\\s?\\d[\\d,.]*(?:\\s?(?:k|m|thousand|million))?`),
];

function findUnparsed(masked: string): string[] {
  let rest = masked;
  const out: string[] = [];
  for (const re of UNPARSED) {
    for (const m of [...rest.matchAll(re)]) {
      out.push(m[0].trim());
      rest = rest.slice(0, m.index!) + ' '.repeat(m[0].length) + rest.slice(m.index! + m[0].length);
    }
  }
  return out;
}

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
