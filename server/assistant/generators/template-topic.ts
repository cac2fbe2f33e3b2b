import type { Product, ProductCategory } from '../../../domain/index.ts';

/**
 * What a message is about, in product terms: the topics (groups of catalog categories) it names,
 * whether it asks about guarantees / losing money, and any product it names. Deterministic
 * keyword rules — used by the `template` generator to answer the question asked, and by the chat
 * grounding to make sure the recommender's suitable products of the asked-about topic are in the
 * grounding (the template never adds a product from outside it).
 */
export type Topic = 'investment' | 'savings' | 'lending' | 'cards' | 'insurance' | 'everyday';

const TOPIC_CATEGORIES: Readonly<Record<Topic, readonly ProductCategory[]>> = {
  investment: ['fund', 'brokerage', 'wealth_management', 'pension'],
  savings: ['savings', 'term_deposit'],
  lending: ['personal_loan', 'mortgage'],
  cards: ['credit_card'],
  insurance: ['insurance'],
  everyday: ['current_account'],
};

/** How the answer names a topic ("our investment products"). */
export const TOPIC_WORDS: Readonly<Record<Topic, string>> = {
  investment: 'investment',
  savings: 'savings and deposit',
  lending: 'borrowing',
  cards: 'credit card',
  insurance: 'insurance',
  everyday: 'current account',
};

// Order matters only for the order topics are reported in; every matching topic is kept.
const TOPIC_PATTERNS: [Topic, RegExp][] = [
  // "cash ISA" is a savings product; "emergency fund" is savings, not a fund.
  [
    'investment',
    /\binvest\w*|(?<!emergency\s)\bfunds?\b|(?<!cash\s)\bisas?\b|stocks? and shares|\bpensions?\b|\bannuit\w*|\bbrokerage\b|\bwealth\b|\bshares?\b|\bstocks?\b|\bportfolio\w*|\bequit(?:y|ies)\b|\bbonds?\b|\bretire\w*/i,
  ],
  [
    'savings',
    /\bsav(?:e|es|ed|ing|ings|er|ers)\b|\bdeposits?\b|\binterest\b|cash isas?|emergency fund|\brainy day\b|\bput (?:it |money |a lump sum )?away\b/i,
  ],
  [
    'lending',
    /\bborrow\w*|\bloans?\b|\bmortgages?\b|\bhome(?!\s+insurance)\b|\bhouse\b|\bproperty\b|\bdebts?\b|\bconsolidat\w*|\bcar finance\b/i,
  ],
  ['cards', /\bcards?\b/i],
  ['insurance', /\binsur\w*|\bprotect\w*|\bcover\b|life cover/i],
  ['everyday', /current accounts?|everyday account|\bbank account\b/i],
];

/** "Is anything guaranteed?", "risk-free", "can I lose money?", "is it safe?" */
const GUARANTEE_QUESTION =
  /\bguarantee\w*|\brisk[- ]?free\b|\bno[- ]risk\b|\bsafe(?:ly|st|ty)?\b|\blos(?:e|ing)\b|\bcapital\b.*\bprotected\b|\bsecure\b/i;

/** banking77 labels that say which product the customer is asking about. */
const INTENT_TOPICS: [RegExp, Topic][] = [[/card|visa|mastercard|apple_pay|top_up/i, 'cards']];

export interface MessageTopic {
  topics: Topic[];
  /** Categories of those topics, in topic order. */
  categories: ProductCategory[];
  guarantee: boolean;
  /** Catalog products the message names (by name or id). */
  named: Product[];
}

export function detectTopic(message: string, products: readonly Product[] = [], intentLabel?: string): MessageTopic {
  const topics: Topic[] = [];
  for (const [topic, re] of TOPIC_PATTERNS) if (re.test(message)) topics.push(topic);
  // Named products: "the Cash ISA" is a savings question even though it says ISA.
  const text = message.toLowerCase();
  const named = products.filter(
    (p) => text.includes(p.name.toLowerCase()) || new RegExp(`\\b${p.id.replace(/[-]/g, '\\-')}\\b`).test(text),
  );
  for (const p of named) {
    const t = (Object.keys(TOPIC_CATEGORIES) as Topic[]).find((k) => TOPIC_CATEGORIES[k].includes(p.category));
    if (t && !topics.includes(t)) topics.unshift(t);
  }
  if (!topics.length && intentLabel) for (const [re, t] of INTENT_TOPICS) if (re.test(intentLabel)) topics.push(t);
  return {
    topics,
    categories: topics.flatMap((t) => TOPIC_CATEGORIES[t]),
    guarantee: GUARANTEE_QUESTION.test(message),
    named,
  };
}

/**
 * Categories whose suitable products the grounding must carry for this message: the topics'
 * categories, plus capital-safe savings and deposits when the customer asks about guarantees.
 */
export function groundingCategories(t: MessageTopic): Set<ProductCategory> {
  const out = new Set<ProductCategory>(t.categories);
  if (t.guarantee) for (const c of TOPIC_CATEGORIES.savings) out.add(c);
  return out;
}
