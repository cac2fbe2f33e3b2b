import { INVESTMENT_CATEGORIES, type Product } from '../../../domain/index.ts';
import type { ConstraintOp } from '../../../domain/api/search.ts';
import { escapeRegExp } from '../../../lib/regexp/index.ts';

/**
 * Every phrase the RM-search filter parser turns into a constraint, in one place so that the
 * mapping is documented (docs/RETRIEVAL.md copies this table) and testable. Anything not listed
 * here stays in the semantic query; it is never turned into a filter by guesswork.
 */
type RuleConstraint = { field: string; op: ConstraintOp; value: number | string | string[] };
export interface PhraseRule {
  /** Case-insensitive, matched on word boundaries against the lower-cased query. */
  pattern: RegExp;
  /** Fixed constraints, or built from the match (named groups). */
  constraints: RuleConstraint[] | ((m: RegExpExecArray) => RuleConstraint[]);
  /** What the rule means, for the docs. */
  doc: string;
}

const LEVEL = 'low|medium|moderate|high';
const RISK_LEVEL: Record<string, string> = { low: 'low', medium: 'medium', moderate: 'medium', high: 'high' };
/** "low-risk products" is an intent about products, not the customer's risk tolerance. */
const NOT_PRODUCT =
  '(?![\\s-]+(?:products?|funds?|investments?|options?|portfolios?|bonds?|savings|accounts?|assets?|approach|strateg(?:y|ies)|multi))';

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
    pattern: r('retired|retirees?|pensioners|in\\s+retirement|(?:already\\s+)?drawing\\s+(?:a|their)\\s+pension'),
    constraints: [{ field: 'lifeStage', op: 'eq', value: 'retired' }],
    doc: '"retired", "retirees", "pensioners", "in retirement" → lifeStage = retired ("retirement" alone, e.g. "saving for retirement", is intent, not a filter)',
  },
  {
    pattern: r('young\\s+professionals?|early[\\s-]career\\s+professionals?'),
    constraints: [{ field: 'lifeStage', op: 'eq', value: 'young_professional' }],
    doc: '"young professional(s)", "early-career professionals" → lifeStage = young_professional',
  },
  {
    pattern: r(
      'young\\s+famil(?:y|ies)|new\\s+parents|(?:parents|families)\\s+(?:of|with)\\s+(?:young|small)\\s+(?:children|kids)|young\\s+parents',
    ),
    constraints: [{ field: 'lifeStage', op: 'eq', value: 'young_family' }],
    doc: '"young family/families", "new/young parents", "families with young children" → lifeStage = young_family',
  },
  {
    pattern: r(
      'established\\s+famil(?:y|ies)|(?:families|parents)\\s+(?:of|with)\\s+(?:teenagers|teens|older\\s+(?:children|kids))',
    ),
    constraints: [{ field: 'lifeStage', op: 'eq', value: 'established_family' }],
    doc: '"established families", "families with teenagers/older children" → lifeStage = established_family',
  },
  {
    pattern: r('(?<!(?:their|his|her|my|your|our|the|for)\\s+)(?:families|parents)'),
    constraints: [{ field: 'lifeStage', op: 'in', value: ['young_family', 'established_family'] }],
    doc: '"families", "parents" (otherwise) → lifeStage in (young_family, established_family)',
  },
  {
    pattern: r(
      '(?:university\\s+|uni\\s+)?(?:students?|undergraduates?|undergrads?)(?!\\s+(?:credit\\s+)?cards?|\\s+loans?|\\s+accounts?)',
    ),
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
    pattern: r('wealthy|rich|well[\\s-]off'),
    constraints: [{ field: 'segment', op: 'in', value: ['affluent', 'high_net_worth'] }],
    doc: '"wealthy", "rich", "well-off" → segment in (affluent, high_net_worth)',
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
  // Risk tolerance: levels, lists of levels ("low or medium risk") and investor temperament words.
  {
    pattern: r(
      `(?<a>${LEVEL})(?:\\s*(?:,|or|and|to|/)\\s*(?<b>${LEVEL}))?[\\s-]+risk(?:[\\s-]+(?:tolerance|appetite|profiles?|investors?|customers|clients|takers|attitude|rating|category|types?))?${NOT_PRODUCT}|risk[\\s-]+(?:tolerance|appetite|profile|rating|attitude)\\s*(?:of\\s+|is\\s+|:\\s*)?(?<c>${LEVEL})(?:\\s*(?:or|and|/)\\s*(?<d>${LEVEL}))?`,
    ),
    constraints: (m) => {
      const levels = [m.groups?.a, m.groups?.b, m.groups?.c, m.groups?.d]
        .filter((x): x is string => !!x)
        .map((x) => RISK_LEVEL[x.toLowerCase()]);
      const unique = [...new Set(levels)];
      return [
        unique.length === 1
          ? { field: 'riskTolerance', op: 'eq', value: unique[0] }
          : { field: 'riskTolerance', op: 'in', value: unique },
      ];
    },
    doc: '"low / medium (moderate) / high risk (tolerance, appetite, profile, investors …)", "risk tolerance of low", "low or medium risk" → riskTolerance = that level (in, for a list); not "low-risk products/funds" (intent)',
  },
  {
    pattern: r(
      `(?:risk[\\s-]+averse|conservative|cautious|careful|defensive)(?:\\s+(?:investors?|customers|clients|savers|profiles?|types?|ones))?${NOT_PRODUCT}`,
    ),
    constraints: [{ field: 'riskTolerance', op: 'eq', value: 'low' }],
    doc: '"risk-averse", "conservative", "cautious", "careful", "defensive" (investors/clients …) → riskTolerance = low',
  },
  {
    pattern: r(
      `(?:balanced|moderate)(?:\\s+(?:investors?|customers|clients|profiles?|types?|ones))${NOT_PRODUCT}|balanced(?![\\s-]+(?:multi|funds?|portfolios?|products?|approach|views?|diet|budgets?))`,
    ),
    constraints: [{ field: 'riskTolerance', op: 'eq', value: 'medium' }],
    doc: '"balanced" (not "balanced fund/portfolio"), "moderate investors/clients" → riskTolerance = medium',
  },
  {
    pattern: r(
      `(?:adventurous|aggressive|bold|risk[\\s-]+(?:takers|tolerant|seeking|seekers|hungry|loving)|growth[\\s-]+seeking)(?:\\s+(?:investors?|customers|clients|profiles?|types?|ones))?${NOT_PRODUCT}`,
    ),
    constraints: [{ field: 'riskTolerance', op: 'eq', value: 'high' }],
    doc: '"adventurous", "aggressive", "bold", "risk takers", "risk-tolerant/-seeking/-hungry" → riskTolerance = high',
  },
  // Generations: fixed age ranges (birth years 1997–2012, 1981–1996, 1965–1980, 1946–1964 as of 2026).
  {
    pattern: r('gen(?:eration)?[\\s-]?z(?:ers|\\s+customers|\\s+clients)?|zoomers'),
    constraints: [{ field: 'age', op: 'lte', value: 29 }],
    doc: '"gen Z", "generation Z", "zoomers" → age ≤ 29 (adults only: every customer is 18+)',
  },
  {
    pattern: r('millennials?|gen(?:eration)?[\\s-]?y'),
    constraints: [
      { field: 'age', op: 'gte', value: 30 },
      { field: 'age', op: 'lte', value: 45 },
    ],
    doc: '"millennial(s)", "gen Y" → 30 ≤ age ≤ 45',
  },
  {
    pattern: r('gen(?:eration)?[\\s-]?x(?:ers)?'),
    constraints: [
      { field: 'age', op: 'gte', value: 46 },
      { field: 'age', op: 'lte', value: 61 },
    ],
    doc: '"gen X", "generation X" → 46 ≤ age ≤ 61',
  },
  {
    pattern: r('(?:baby[\\s-]+)?boomers?'),
    constraints: [
      { field: 'age', op: 'gte', value: 62 },
      { field: 'age', op: 'lte', value: 80 },
    ],
    doc: '"baby boomers", "boomers" → 62 ≤ age ≤ 80',
  },
  // Digital engagement (share of interactions through app/web, 0–1).
  {
    pattern: r(
      "(?:not|aren't|isn't|rarely|never)\\s+(?:very\\s+)?(?:digitally\\s+(?:engaged|active)|active\\s+online|online|on\\s+the\\s+app|using\\s+the\\s+app)|digitally\\s+(?:disengaged|inactive|excluded)|(?:low|little|poor)\\s+digital\\s+engagement|offline|branch[\\s-]+(?:customers|clients|users|based|preferring|loyal|only)|prefer(?:s|ring)?\\s+(?:the\\s+)?branch(?:es)?|non[\\s-]digital",
    ),
    constraints: [{ field: 'digitalEngagement', op: 'lt', value: 0.3 }],
    doc: '"not digitally engaged", "not active online", "digitally disengaged", "low digital engagement", "offline", "branch customers", "prefer the branch" → digitalEngagement < 0.3',
  },
  {
    pattern: r(
      '(?:highly\\s+|very\\s+)?digitally\\s+(?:engaged|active|savvy)|(?:very\\s+)?active\\s+online|online[\\s-]+(?:first|savvy|active)|digital[\\s-]+(?:first|natives?|savvy)|tech[\\s-]+savvy|(?:heavy\\s+|regular\\s+)?(?:app|mobile[\\s-]+banking|online[\\s-]+banking)\\s+users|(?:high|strong)\\s+digital\\s+engagement|mobile[\\s-]+first|digitally\\s+minded',
    ),
    constraints: [{ field: 'digitalEngagement', op: 'gte', value: 0.7 }],
    doc: '"digitally engaged/active/savvy", "active online", "online-first", "digital-first", "digital natives", "tech-savvy", "app users", "mobile banking users", "high digital engagement" → digitalEngagement ≥ 0.7',
  },
  // Income bands.
  {
    pattern: r('(?:high|higher|big)[\\s-]+(?:income|incomes|earners?|earning)|top\\s+earners|well[\\s-]paid'),
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
  // Card utilisation bands: before the credit bands, so "high credit card utilisation" is no credit score.
  {
    pattern: r(
      '(?:very\\s+high|maxed[\\s-]+out)\\s+(?:credit\\s+)?(?:card\\s+)?(?:utili[sz]ation|usage|balances?)|maxed[\\s-]+out\\s+(?:credit\\s+)?cards?',
    ),
    constraints: [{ field: 'creditUtilization', op: 'gte', value: 0.8 }],
    doc: '"very high (card) utilisation", "maxed-out cards" → creditUtilization ≥ 0.8',
  },
  {
    pattern: r('(?:high|heavy|elevated)\\s+(?:credit\\s+)?(?:card\\s+)?(?:utili[sz]ation|usage)'),
    constraints: [{ field: 'creditUtilization', op: 'gte', value: 0.5 }],
    doc: '"high (credit card) utilisation" → creditUtilization ≥ 0.5',
  },
  {
    pattern: r('(?:low|light)\\s+(?:credit\\s+)?(?:card\\s+)?(?:utili[sz]ation|usage)'),
    constraints: [{ field: 'creditUtilization', op: 'lt', value: 0.3 }],
    doc: '"low (credit card) utilisation" → creditUtilization < 0.3',
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

const GROUP_TERMS: Record<string, string[]> = {
  'fixed(?:[\\s-]rate)? mortgages?': ['mortgage-fixed-2y', 'mortgage-fixed-5y'],
  'fixed[\\s-]rate (?:savings|deposits?|bonds?)': ['deposit-6m', 'deposit-12m', 'deposit-36m'],
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
  // Words naming a few products of a category at once.
  for (const [term, ids] of Object.entries(GROUP_TERMS)) {
    const present = ids.filter((id) => products.some((p) => p.id === id));
    if (present.length) terms.push({ term, productIds: present });
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
  .concat(Object.entries(GROUP_TERMS).map(([w, ids]) => `${ids.join(', ')}: ${w}`))
  .concat(Object.entries(PRODUCT_ALIASES).map(([id, w]) => `${id}: ${w.join(', ')}`));
