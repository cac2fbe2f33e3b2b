import type { Customer } from '../../domain/index.ts';

/**
 * How an RM says numbers: money rounded to a sensible unit, credit scores as a band plus the
 * exact score, shares as whole percentages. Each function is one documented rule (docs/DATA.md).
 */

/** £0 → "£0"; £650 → "about £650"; £6,540 → "about £6.5k"; £68,200 → "about £68k"; £1,240,000 → "about £1.2m". */
export function money(amount: number): string {
  const a = Math.abs(amount);
  if (a === 0) return '£0';
  if (a < 1_000) return `about £${Math.round(a / 10) * 10 || Math.round(a)}`;
  if (a < 10_000) return `about £${trim((a / 1_000).toFixed(1))}k`;
  if (a < 999_500) return `about £${Math.round(a / 1_000)}k`;
  return `about £${trim((a / 1_000_000).toFixed(1))}m`;
}
const trim = (s: string) => s.replace(/\.0$/, '');

/** Credit score bands used throughout Meridian (descriptions, search synonyms). */
const CREDIT_BANDS = [
  { min: 750, band: 'excellent' },
  { min: 700, band: 'good' },
  { min: 650, band: 'fair' },
  { min: 580, band: 'weak' },
  { min: 300, band: 'poor' },
] as const;

export const creditBand = (score: number) =>
  (CREDIT_BANDS.find((b) => score >= b.min) ?? CREDIT_BANDS[CREDIT_BANDS.length - 1]).band;

const percent = (share: number) => `${Math.round(share * 100)}%`;

export function utilizationPhrase(u: number): string {
  const level = u < 0.3 ? 'low' : u < 0.6 ? 'moderate' : 'high';
  return `${level} credit utilisation (${percent(u)} of limits used)`;
}

export function tenurePhrase(years: number): string {
  if (years === 0) return 'joined the bank this year';
  return `customer for ${years} year${years === 1 ? '' : 's'}`;
}

export function digitalPhrase(engagement: number): string {
  if (engagement >= 0.7) return 'banks mostly through the app';
  if (engagement >= 0.3) return 'uses both the app and the branch';
  return 'prefers the branch and phone';
}

export const LIFE_STAGE_WORDS: Record<Customer['lifeStage'], string> = {
  student: 'student',
  young_professional: 'young professional',
  young_family: 'young family',
  established_family: 'established family',
  pre_retirement: 'pre-retirement',
  retired: 'retired',
};

export const SEGMENT_WORDS: Record<Customer['segment'], string> = {
  mass: 'mass market',
  affluent: 'affluent',
  high_net_worth: 'high-net-worth',
  student: 'student',
  small_business: 'small-business',
};

export const GOAL_WORDS: Record<Customer['goals'][number], string> = {
  build_savings: 'building savings',
  buy_home: 'buying a home',
  retirement: 'planning for retirement',
  wealth_growth: 'growing wealth',
  debt_consolidation: 'consolidating debt',
  education: 'paying for education',
  travel: 'travel',
  protect_family: 'protecting the family',
};

export const HORIZON_WORDS: Record<Customer['investmentHorizon'], string> = {
  short: 'short (under 3 years)',
  medium: 'medium (3–7 years)',
  long: 'long (over 7 years)',
};

/** "a", "a and b", "a, b and c". */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
