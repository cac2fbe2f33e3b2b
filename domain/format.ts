/**
 * How Meridian writes values for people: money, percentages, durations, enum values, product and
 * rule names. The console, the widget and the assistant's answers all use these, so a figure reads
 * the same wherever it is shown. Pure: no DOM, no Intl options that vary by host locale.
 */
import type { Product } from './product.ts';

const GBP_WHOLE = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const GBP_PENCE = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const PLAIN = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

/** "£104,600"; with `pence`, "£1,234.50". Negative amounts as "−£12". */
export function formatMoney(amount: number, options: { pence?: boolean; currency?: string } = {}): string {
  const symbol = options.currency ?? '£';
  const body = (options.pence ? GBP_PENCE : GBP_WHOLE).format(Math.abs(amount));
  return `${amount < 0 ? '−' : ''}${symbol}${body}`;
}

/** A count with thousands separators: "10,000". */
export const formatNumber = (n: number): string => PLAIN.format(n);

/** A share in [0, 1] as "82%"; `digits` decimals (default 0). */
export function formatShare(share: number, digits = 0): string {
  return `${(share * 100).toFixed(digits)}%`;
}

/** A rate already in percent (4.5 → "4.5%"). */
export const formatRate = (percent: number): string => `${PLAIN.format(percent)}%`;

/** "1 year", "3 years", "1 month". */
function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatNumber(n)} ${n === 1 ? singular : pluralForm}`;
}

export const formatYears = (years: number): string => plural(years, 'year');

const ENUM_LABELS: Readonly<Record<string, string>> = {
  // segments
  mass: 'mass market',
  affluent: 'affluent',
  high_net_worth: 'high net worth',
  small_business: 'small business',
  // life stages
  young_professional: 'young professional',
  young_family: 'young family',
  established_family: 'established family',
  pre_retirement: 'pre-retirement',
  // goals
  build_savings: 'building savings',
  buy_home: 'buying a home',
  wealth_growth: 'growing wealth',
  debt_consolidation: 'consolidating debt',
  protect_family: 'protecting family',
  // product categories
  current_account: 'current account',
  credit_card: 'credit card',
  personal_loan: 'personal loan',
  term_deposit: 'term deposit',
  wealth_management: 'wealth management',
};

/** An enum value in words: "high_net_worth" → "high net worth", "young_family" → "young family". */
export function formatEnum(value: string): string {
  return ENUM_LABELS[value] ?? value.replace(/_/g, ' ');
}

/** Plain-words names of the suitability and eligibility rules (ids stay in data and audit). */
const RULE_LABELS: Readonly<Record<string, string>> = {
  already_held: 'already held',
  category_already_held: 'already has one of this kind',
  risk_above_tolerance: 'riskier than the risk tolerance allows',
  min_credit_score: 'credit score below the minimum',
  min_income: 'income below the minimum',
  min_age: 'below the minimum age',
  max_age: 'above the maximum age',
};

export function formatRule(rule: string): string {
  return RULE_LABELS[rule] ?? formatEnum(rule);
}

/** A product's name from its id; unknown ids are shown in words rather than raw. */
export function productName(id: string, products: readonly Pick<Product, 'id' | 'name'>[]): string {
  return products.find((p) => p.id === id)?.name ?? formatEnum(id.replace(/-/g, '_'));
}

/** "a, b and c". */
export function listInWords(items: readonly string[], conjunction = 'and'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

/** Customer fields in words, as the console labels them and search reasons name them. */
const FIELD_LABELS: Readonly<Record<string, string>> = {
  creditScore: 'credit score',
  creditUtilization: 'credit utilisation',
  income: 'income',
  age: 'age',
  segment: 'segment',
  riskTolerance: 'risk tolerance',
  lifeStage: 'life stage',
  investmentHorizon: 'investment horizon',
  savingsBalance: 'savings balance',
  loanAmount: 'loan outstanding',
  tenureYears: 'tenure',
  digitalEngagement: 'digital engagement',
  productCount: 'number of products',
  products: 'products',
  goals: 'goals',
};

const formatField = (field: string): string =>
  FIELD_LABELS[field] ?? field.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

const MONEY_FIELDS = new Set(['income', 'savingsBalance', 'loanAmount']);
const SHARE_FIELDS = new Set(['creditUtilization', 'digitalEngagement']);

/** A field's value in words: money with £, shares as %, tenure in years, enum values spelled out. */
export function formatFieldValue(field: string, value: unknown): string {
  if (typeof value === 'number') {
    if (MONEY_FIELDS.has(field)) return formatMoney(value);
    if (SHARE_FIELDS.has(field)) return formatShare(value);
    if (field === 'tenureYears') return formatYears(value);
    return formatNumber(value);
  }
  if (Array.isArray(value)) return value.length ? value.map((v) => formatEnum(String(v))).join(', ') : 'none';
  return value == null || value === '' ? '—' : formatEnum(String(value));
}
