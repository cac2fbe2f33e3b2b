import type { ProductCategory } from '../../domain/index.ts';
import type { Preferences } from './preferences.ts';
import type { Profile } from './profile.ts';
import type { Rng } from '../../lib/random/index.ts';

/**
 * Short RM notes for some customers (~15%). Like real notes they are noisy hints: an interest
 * note names the customer's top-affinity category only part of the time, so notes help but do
 * not reveal the hidden preferences.
 */
const INTEREST: Record<ProductCategory, string[]> = {
  current_account: ['Asked about switching their main current account to us.'],
  credit_card: ['Asked about a card with travel or cashback rewards.', 'Wants a higher credit limit.'],
  personal_loan: [
    'Mentioned wanting to spread the cost of a car or home improvements.',
    'Asked about combining card balances into one payment.',
  ],
  mortgage: ['Looking at properties; asked about mortgage rates.', 'Remortgage due within the next year.'],
  savings: ['Wants somewhere better to keep an emergency fund.', 'Asked about ISA allowances.'],
  term_deposit: ['Has a lump sum to put away for a fixed period.', 'Prefers a guaranteed rate to market risk.'],
  fund: ['Interested in starting to invest monthly.', 'Asked about sustainable / ESG investing.'],
  brokerage: ['Wants to buy individual shares.', 'Trades with another platform; asked about our fees.'],
  wealth_management: [
    'Recently received a large inheritance; wants it managed.',
    'Asked to speak to someone about wealth planning.',
  ],
  insurance: ['New baby on the way; asked about life cover.', 'Home insurance renewal coming up.'],
  pension: ['Worried about retirement income; asked about pensions.', 'Consolidating old workplace pensions.'],
};
const GENERAL = [
  'Prefers contact by phone in the afternoon.',
  'Prefers email; do not call at work.',
  'Long-standing customer, visits the branch monthly.',
  'Complained about app login problems last quarter; resolved.',
  'Self-employed; income varies month to month.',
  'Recently changed jobs.',
];

export function drawNotes(rng: Rng, profile: Profile, prefs: Preferences): string | undefined {
  if (!rng.chance(0.15)) return undefined;
  const parts: string[] = [];
  if (rng.chance(0.7)) {
    const cats = Object.entries(prefs.categoryAffinity)
      .filter(([c]) => c !== 'current_account')
      .sort((a, b) => b[1] - a[1]);
    // Mostly the top interest, sometimes the second or a random one (notes are noisy).
    const pick = rng.chance(0.6) ? cats[0] : rng.chance(0.5) ? cats[1] : rng.pick(cats);
    parts.push(rng.pick(INTEREST[pick[0] as ProductCategory]));
  }
  if (parts.length === 0 || rng.chance(0.3)) parts.push(rng.pick(GENERAL));
  if (profile.segment === 'small_business' && rng.chance(0.5)) parts.push('Runs a small business.');
  return parts.join(' ');
}
