import { NEW_PRODUCT_IDS } from '../../../domain/catalog/index.ts';
import type { Product, ProductCategory } from '../../../domain/index.ts';
import { escapeRegExp } from '../../../lib/regexp/index.ts';
import { NUMBER_WORDS } from '../../retrieval/filter/tokens.ts';
import { AMBIGUOUS_NAMES, PRODUCT_ALIASES } from './product-aliases.ts';

/**
 * Entity linking for the dialogue planner: products (full names, aliases, ids, "the new …"),
 * product categories, ordinal and pronoun references to what the conversation listed, and
 * customer ids. Works on `normalise`d text so "Two-Year Fixed" and "2 year fixed" link alike.
 */
/** Number words up to twelve, as digits: product names and aliases write "2 year", people write "two year". */
const SMALL_NUMBERS: Record<string, string> = Object.fromEntries(
  Object.entries(NUMBER_WORDS)
    .filter(([, n]) => n >= 1 && n <= 12)
    .map(([w, n]) => [w, String(n)]),
);
const SMALL_NUMBER_WORD = new RegExp(`\\b(?:${Object.keys(SMALL_NUMBERS).join('|')})\\b`, 'g');

export function normalise(text: string): string {
  return ` ${text
    .toLowerCase()
    .replace(/[‘’]/g, "'")
    .replace(/(\d)-(?=[a-z])/g, '$1 ')
    .replace(/-/g, ' ')
    .replace(SMALL_NUMBER_WORD, (w) => SMALL_NUMBERS[w]!)
    .replace(/\byrs?\b/g, 'year')
    .replace(/\bmonths?\b/g, 'month')
    .replace(/\byears\b/g, 'year')
    .replace(/[^a-z0-9%&£'.\s]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()} `;
}

export interface ProductMention {
  /** The words that named it. */
  text: string;
  /** One product, or several when the words name more than one ("the ISA"). */
  productIds: string[];
  start: number;
}

interface Term {
  phrase: string;
  productIds: string[];
}

const cache = new WeakMap<readonly Product[], Term[]>();

function termsFor(products: readonly Product[]): Term[] {
  const hit = cache.get(products);
  if (hit) return hit;
  const ids = new Set(products.map((p) => p.id));
  const terms: Term[] = [];
  for (const p of products) {
    const name = normalise(p.name.replace(/\(.*?\)/g, '')).trim();
    terms.push({ phrase: name, productIds: [p.id] });
    const noBrand = name.replace(/^meridian /, '');
    if (noBrand !== name) terms.push({ phrase: noBrand, productIds: [p.id] });
    terms.push({ phrase: p.id.replace(/-/g, ' '), productIds: [p.id] });
    terms.push({ phrase: p.id, productIds: [p.id] });
    for (const a of PRODUCT_ALIASES[p.id] ?? []) terms.push({ phrase: a, productIds: [p.id] });
  }
  for (const [phrase, list] of Object.entries(AMBIGUOUS_NAMES)) {
    const known = list.filter((id) => ids.has(id));
    if (known.length) terms.push({ phrase, productIds: known });
  }
  terms.sort((a, b) => b.phrase.length - a.phrase.length);
  cache.set(products, terms);
  return terms;
}

/**
 * Products named in the text, longest phrase first, each span used once: "the 5 year fixed
 * mortgage" is one mention of one product, "the ISA" one mention of two.
 */
export function linkProducts(text: string, products: readonly Product[]): ProductMention[] {
  const norm = normalise(text);
  const used: [number, number][] = [];
  const out: ProductMention[] = [];
  for (const t of termsFor(products)) {
    const re = new RegExp(`(?<=[\\s])${escapeRegExp(t.phrase)}s?(?=[\\s.'])`, 'g');
    for (const m of norm.matchAll(re)) {
      const s = m.index;
      const e = s + m[0].length;
      if (used.some(([a, b]) => s < b && e > a)) continue;
      used.push([s, e]);
      out.push({ text: m[0], productIds: t.productIds, start: s });
    }
  }
  // "the new product", "the new wealth product", "our latest launch": the products flagged new.
  const newIds = products.filter((p) => NEW_PRODUCT_IDS.has(p.id)).map((p) => p.id);
  const fresh = norm.match(
    / (?:new|newest|latest|just launched|recently launched) (?:[a-z]+ ){0,2}?(product|offer|offering|launch|service|account|fund|proposition)s? /,
  );
  if (fresh && newIds.length && !out.some((m) => m.productIds.some((id) => newIds.includes(id))))
    out.push({ text: fresh[0].trim(), productIds: newIds, start: fresh.index ?? 0 });
  return out.sort((a, b) => a.start - b.start);
}

const DEBT = /\bconsolidat\w*|\bone (?:monthly )?payment\b|\bmaxed out\b|\bpay off (?:my |all my )?(?:debts?|cards)\b/;
const CATEGORY_PATTERNS: [RegExp, ProductCategory[]][] = [
  [DEBT, ['personal_loan']],
  // A debit card comes with the current account; "card" alone is the credit card.
  [/\bcredit cards?\b|\b(?<!debit |bank |atm |cash )cards?\b/, ['credit_card']],
  [/\bdebit cards?\b/, ['current_account']],
  [
    /\bmortgages?\b|\bhome loans?\b|\bremortgag\w*|\bbuy(?:ing)? (?:a |my first )?(?:home|house|flat|property)\b/,
    ['mortgage'],
  ],
  [/\bloans?\b|\bborrow\w*|\blend\w*|\bfinance (?:a|my)\b/, ['personal_loan']],
  [/\bsav(?:e|es|ing|ings|er|ers)\b|\brainy day\b|\bemergency fund\b|\binterest on my\b/, ['savings', 'term_deposit']],
  [/\bdeposits?\b|\bfixed terms?\b|\bbonds?\b(?! fund)/, ['term_deposit']],
  [
    /\binvest\w*|\bfunds?\b|\bshares?\b|\bstocks?\b|\bportfolio\w*|\bequit(?:y|ies)\b|\bgrow (?:my )?(?:money|wealth)\b/,
    ['fund', 'brokerage', 'wealth_management'],
  ],
  [/\bwealth\b/, ['wealth_management']],
  [/\bpensions?\b|\bretirement (?:income|plan|planning|saving|savings|product)s?\b|\bannuit\w*/, ['pension']],
  [/\binsur\w*|\bcover\b|\bprotection\b|\bprotect (?:my|our)\b/, ['insurance']],
  [/\bcurrent accounts?\b|\bbank accounts?\b|\beveryday account\b|\boverdraft\b/, ['current_account']],
];

/** Product categories the text is about ("a card", "somewhere to save", "investing"). */
export function linkCategories(text: string): ProductCategory[] {
  const norm = normalise(text);
  const out: ProductCategory[] = [];
  for (const [re, cats] of CATEGORY_PATTERNS)
    if (re.test(norm)) for (const c of cats) if (!out.includes(c)) out.push(c);
  // "My cards are maxed out, I want one payment": a debt question, not a card question.
  if (DEBT.test(norm)) return out.filter((c) => c !== 'credit_card');
  return out;
}

const ORDINALS: [RegExp, number][] = [
  [/\b(?:first|1st|top)(?: one| option| product| client| customer)?\b|\b(?:number|no\.?|option|#) ?1\b/, 0],
  [/\b(?:second|2nd)\b|\b(?:number|no\.?|option|#) ?2\b/, 1],
  [/\b(?:third|3rd)\b|\b(?:number|no\.?|option|#) ?3\b/, 2],
  [/\b(?:fourth|4th)\b|\b(?:number|no\.?|option|#) ?4\b/, 3],
  [/\b(?:fifth|5th)\b|\b(?:number|no\.?|option|#) ?5\b/, 4],
  [/\b(?:last|final|bottom)(?: one| option| product| client| customer)?\b/, -1],
];

/** "the second one", "number 3", "the last option" → a 0-based index (−1 = last), or undefined. */
export function ordinalReference(text: string): number | undefined {
  const norm = normalise(text);
  // "first time buyer", "first home", "top up" and "top 5" are not references to a list.
  const cleaned = norm
    .replace(/ first (?:time|home|house|mortgage|car|job|child|baby) /g, ' ')
    .replace(/ top up /g, ' ')
    // "the top 5 by savings", "first 10 clients": how many to list, not one of the list.
    .replace(/ (?:top|first|last|bottom) (?:[2-9]|\d{2,}) /g, ' ');
  for (const [re, i] of ORDINALS) if (re.test(cleaned)) return i;
  return undefined;
}

/** "it", "that one", "this product" — a reference to the product the conversation is about. */
export function refersToFocusProduct(text: string): boolean {
  return /\b(?:it|its|that one|this one|that product|this product|that account|this account|that card|this card|the same one|that|this)\b/.test(
    normalise(text),
  );
}

/** "she", "her", "him", "this client", "they" (one client) — a reference to the focus client. */
export function refersToFocusClient(text: string): boolean {
  return /\b(?:she|her|hers|he|him|his|this client|that client|this customer|that customer|the client|the customer|them|they|their)\b/.test(
    normalise(text),
  );
}

/** "those clients", "these customers", "of them", "that list" — the last client list. */
export function refersToClientList(text: string): boolean {
  const norm = normalise(text);
  return (
    /\b(?:those|these) (?:clients|customers|people|ones)\b|\bof (?:them|those|these)\b|\bthat list\b|\bthe list\b|\bsame (?:clients|customers|group)\b/.test(
      norm,
    ) ||
    // "How many?", "how many is that?" right after a list: the list's clients.
    /^\s*(?:ok |okay |and |so )?how many(?: (?:is that|are there|was that|in total|altogether|in all|did you find|match|then))*\s*$/.test(
      norm,
    )
  );
}

/** Customer ids as the bank writes them (synthetic: C + 7 digits), in order of mention. */
export function linkCustomerIds(text: string, pattern: RegExp = /\b[Cc]\d{4,}\b/g): string[] {
  const re = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
  return [...new Set([...text.matchAll(re)].map((m) => m[0].toUpperCase()))];
}
