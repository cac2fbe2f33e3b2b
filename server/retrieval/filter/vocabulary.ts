import { INVESTMENT_CATEGORIES, type Product } from '../../../domain/index.ts';
import type { ConstraintOp } from '../../../domain/api/search.ts';
import { escapeRegExp } from '../../../lib/regexp/index.ts';

/**
 * Every phrase the RM-search filter parser turns into a constraint, in one place so that the
 * mapping is documented (docs/RETRIEVAL.md copies this table) and testable. Anything not listed
 * here stays in the semantic query; it is never turned into a filter by guesswork.
 */
export interface PhraseRule {
  /** Case-insensitive, matched on word boundaries against the lower-cased query. */
  pattern: RegExp;
  constraints: { field: string; op: ConstraintOp; value: number | string | string[] }[];
  /** What the rule means, for the docs. */
  doc: string;
}

const r = (source: string) => new RegExp(`(?<![\\w-])(?:${source})(?![\\w-])`, 'gi');

/** Named groups of customers → constraints. Order matters: earlier rules consume text first. */
export const PHRASE_RULES: PhraseRule[] = [
  // Life stage (synthetic generator's lifeStage).
  {
    pattern: r(
      '(?:nearing|approaching|close to|near|nearly at|coming up to|near to)\\s+retirement|pre[\\s-]?retire(?:ment|es|ees)(?:\\s+(?:customers|clients|age))?',
    ),
    constraints: [{ field: 'lifeStage', op: 'eq', value: 'pre_retirement' }],
    doc: '"nearing / approaching / close to retirement", "pre-retirement", "pre-retirees" → lifeStage = pre_retirement',
  },
  {
    pattern: r('retired|retirees|pensioners'),
    constraints: [{ field: 'lifeStage', op: 'eq', value: 'retired' }],
    doc: '"retired", "retirees", "pensioners" → lifeStage = retired ("retirement" alone, e.g. "saving for retirement", is intent, not a filter)',
  },
  {
    pattern: r('young\\s+professionals?|early[\\s-]career\\s+professionals?'),
    constraints: [{ field: 'lifeStage', op: 'eq', value: 'young_professional' }],
    doc: '"young professional(s)", "early-career professionals" → lifeStage = young_professional',
  },
  {
    pattern: r('young\\s+famil(?:y|ies)|new\\s+parents'),
    constraints: [{ field: 'lifeStage', op: 'eq', value: 'young_family' }],
    doc: '"young family/families", "new parents" → lifeStage = young_family',
  },
  {
    pattern: r('established\\s+famil(?:y|ies)'),
    constraints: [{ field: 'lifeStage', op: 'eq', value: 'established_family' }],
    doc: '"established families" → lifeStage = established_family',
  },
  {
    pattern: r('(?:university\\s+)?students?(?!\\s+(?:credit\\s+)?cards?|\\s+loans?|\\s+accounts?)'),
    constraints: [{ field: 'lifeStage', op: 'eq', value: 'student' }],
    doc: '"student(s)" (not "student card/loan/account") → lifeStage = student',
  },
  // Segment.
  {
    pattern: r('(?:in\\s+the\\s+)?(?:high[\\s-]+net[\\s-]+worth|hnw|hnwis?)(?:\\s+segment)?'),
    constraints: [{ field: 'segment', op: 'eq', value: 'high_net_worth' }],
    doc: '"high net worth", "HNW(I)" → segment = high_net_worth',
  },
  {
    pattern: r('(?:in\\s+the\\s+)?affluent(?:\\s+segment)?'),
    constraints: [{ field: 'segment', op: 'eq', value: 'affluent' }],
    doc: '"affluent" → segment = affluent',
  },
  {
    pattern: r(
      '(?:in\\s+the\\s+)?(?:mass[\\s-]+(?:market|segment)|retail\\s+(?:segment|customers|clients|banking\\s+customers))(?:\\s+segment)?',
    ),
    constraints: [{ field: 'segment', op: 'eq', value: 'mass' }],
    doc: '"mass market", "mass segment", "retail segment/customers" → segment = mass',
  },
  {
    pattern: r(
      '(?:in\\s+the\\s+)?(?:small[\\s-]+business(?:es)?(?:\\s+(?:owners|customers|clients|segment))?|business\\s+owners|smes?|sole\\s+traders)',
    ),
    constraints: [{ field: 'segment', op: 'eq', value: 'small_business' }],
    doc: '"small business (owners)", "business owners", "SME(s)", "sole traders" → segment = small_business',
  },
  // Risk tolerance.
  {
    pattern: r(
      '(?:low|conservative|cautious)[\\s-]+risk[\\s-]+(?:tolerance|appetite|profile)|risk[\\s-]+(?:tolerance|appetite|profile)\\s+(?:of\\s+|is\\s+)?low|risk[\\s-]+averse|conservative\\s+investors|cautious\\s+investors',
    ),
    constraints: [{ field: 'riskTolerance', op: 'eq', value: 'low' }],
    doc: '"low risk tolerance/appetite", "risk-averse", "conservative/cautious investors" → riskTolerance = low',
  },
  {
    pattern: r(
      '(?:medium|moderate|balanced)[\\s-]+risk[\\s-]+(?:tolerance|appetite|profile)|risk[\\s-]+(?:tolerance|appetite|profile)\\s+(?:of\\s+|is\\s+)?(?:medium|moderate)',
    ),
    constraints: [{ field: 'riskTolerance', op: 'eq', value: 'medium' }],
    doc: '"medium/moderate/balanced risk tolerance" → riskTolerance = medium',
  },
  {
    pattern: r(
      'high[\\s-]+risk[\\s-]+(?:tolerance|appetite|profile)|risk[\\s-]+(?:tolerance|appetite|profile)\\s+(?:of\\s+|is\\s+)?high|risk[\\s-]+(?:takers|tolerant|seeking|seekers)|aggressive\\s+investors|adventurous\\s+investors',
    ),
    constraints: [{ field: 'riskTolerance', op: 'eq', value: 'high' }],
    doc: '"high risk tolerance/appetite", "risk takers", "risk-tolerant", "aggressive/adventurous investors" → riskTolerance = high',
  },
  // Income bands.
  {
    pattern: r('high[\\s-]+(?:income|incomes|earners?|earning)|top\\s+earners|well[\\s-]paid'),
    constraints: [{ field: 'income', op: 'gte', value: 100_000 }],
    doc: '"high-income", "high earners", "well-paid" → income ≥ 100,000',
  },
  {
    pattern: r('(?:middle|mid)[\\s-]+(?:income|incomes|earners?)'),
    constraints: [
      { field: 'income', op: 'gte', value: 30_000 },
      { field: 'income', op: 'lte', value: 75_000 },
    ],
    doc: '"middle-income" → 30,000 ≤ income ≤ 75,000',
  },
  {
    pattern: r('low[\\s-]+(?:income|incomes|earners?|earning)'),
    constraints: [{ field: 'income', op: 'lt', value: 25_000 }],
    doc: '"low-income", "low earners" → income < 25,000',
  },
  // Credit bands (FICO-style bands).
  {
    pattern: r('(?:excellent|exceptional)\\s+credit(?:\\s+(?:scores?|ratings?|histor(?:y|ies)))?'),
    constraints: [{ field: 'creditScore', op: 'gte', value: 800 }],
    doc: '"excellent credit (score)" → creditScore ≥ 800',
  },
  {
    pattern: r('(?:good|high|strong|great)\\s+credit(?:\\s+(?:scores?|ratings?|histor(?:y|ies)))?'),
    constraints: [{ field: 'creditScore', op: 'gte', value: 700 }],
    doc: '"good/high/strong credit (score)" → creditScore ≥ 700',
  },
  {
    pattern: r('fair\\s+credit(?:\\s+(?:scores?|ratings?))?'),
    constraints: [
      { field: 'creditScore', op: 'gte', value: 580 },
      { field: 'creditScore', op: 'lt', value: 670 },
    ],
    doc: '"fair credit" → 580 ≤ creditScore < 670',
  },
  {
    pattern: r('(?:poor|bad|low|weak)\\s+credit(?:\\s+(?:scores?|ratings?|histor(?:y|ies)))?'),
    constraints: [{ field: 'creditScore', op: 'lt', value: 580 }],
    doc: '"poor/bad/low credit (score)" → creditScore < 580',
  },
  // Age bands.
  {
    pattern: r('seniors|elderly(?:\\s+(?:customers|clients))?|older\\s+(?:customers|clients|people)|over[\\s-]65s'),
    constraints: [{ field: 'age', op: 'gte', value: 65 }],
    doc: '"seniors", "elderly", "older customers", "over-65s" → age ≥ 65',
  },
  {
    pattern: r('young\\s+(?:customers|clients|people|adults)'),
    constraints: [{ field: 'age', op: 'lte', value: 35 }],
    doc: '"young customers/clients/people/adults" → age ≤ 35',
  },
];

/** Product words → catalog product ids (for "who hold …" / "without …"). */
export interface ProductTerm {
  term: string;
  productIds: string[];
}

const CATEGORY_TERMS: Record<string, string[]> = {
  current_account: ['current accounts?', 'checking accounts?', 'bank accounts?'],
  credit_card: ['credit cards?'],
  personal_loan: ['personal loans?', 'loans?'],
  mortgage: ['mortgages?', 'home loans?'],
  savings: ['savings accounts?', 'savings products?', 'savers?'],
  term_deposit: ['term deposits?', 'fixed[\\s-]term deposits?', 'fixed deposits?', 'deposits?'],
  fund: ['investment funds?', 'funds?'],
  brokerage: ['brokerage(?: accounts?)?', 'share dealing accounts?', 'trading accounts?'],
  wealth_management: ['wealth management(?: products?| services?)?', 'managed portfolios?'],
  insurance: ['insurance(?: polic(?:y|ies)| products?)?'],
  pension: ['pensions?(?: products?)?'],
};

/** Extra aliases for single products (besides their catalog names). */
const PRODUCT_ALIASES: Record<string, string[]> = {
  'insurance-life': ['life insurance', 'life cover'],
  'insurance-home': ['home insurance'],
  'insurance-travel': ['travel insurance'],
  'insurance-income-protection': ['income protection(?: insurance)?'],
  'pension-sipp': ['sipps?'],
  'pension-annuity': ['annuit(?:y|ies)'],
  'savings-isa': ['cash isas?'],
  'brokerage-stocks-isa': ['stocks (?:and|&) shares isas?'],
  'loan-car': ['car (?:loans?|finance)'],
  'loan-debt-consolidation': ['debt consolidation loans?'],
  'mortgage-tracker': ['tracker mortgages?'],
  'mortgage-first-time': ['first[\\s-]time buyer mortgages?'],
  'card-cashback': ['cashback cards?'],
  'card-balance-transfer': ['balance transfer cards?'],
  'card-premium-travel': ['travel (?:rewards )?cards?'],
  'card-student': ['student (?:credit )?cards?'],
};

/** All product terms as regex sources, longest first so "life insurance" beats "insurance". */
export function productTerms(products: Product[]): ProductTerm[] {
  const terms: ProductTerm[] = [];
  for (const p of products) {
    const name = p.name
      .toLowerCase()
      .replace(/\s*\(.*?\)\s*/g, ' ')
      .trim();
    terms.push({ term: `${escapeRegExp(name)}s?`, productIds: [p.id] });
    const noBrand = name.replace(/^meridian\s+/, '');
    if (noBrand !== name) terms.push({ term: escapeRegExp(noBrand), productIds: [p.id] });
    for (const alias of PRODUCT_ALIASES[p.id] ?? []) terms.push({ term: alias, productIds: [p.id] });
  }
  for (const [category, words] of Object.entries(CATEGORY_TERMS)) {
    const ids = products.filter((p) => p.category === category).map((p) => p.id);
    if (ids.length) for (const w of words) terms.push({ term: w, productIds: ids });
  }
  const investmentIds = products.filter((p) => INVESTMENT_CATEGORIES.has(p.category)).map((p) => p.id);
  for (const w of ['investment products?', 'investments?']) terms.push({ term: w, productIds: investmentIds });
  const isaIds = products.filter((p) => /\bisa\b/i.test(p.name)).map((p) => p.id);
  if (isaIds.length) terms.push({ term: 'isas?', productIds: isaIds });
  return terms.sort((a, b) => b.term.length - a.term.length);
}

/** Docs table of the product words (category → words). */
export const PRODUCT_WORDS_DOC = Object.entries(CATEGORY_TERMS)
  .map(([c, w]) => `${c}: ${w.join(', ')}`)
  .concat([
    'investment categories (fund, brokerage, wealth_management, pension): investment products, investments',
    'every ISA: isa(s)',
  ])
  .concat(Object.entries(PRODUCT_ALIASES).map(([id, w]) => `${id}: ${w.join(', ')}`));
