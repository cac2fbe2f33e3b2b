import type { BehaviourFeatures } from './features.ts';

/**
 * The behaviour sentence appended to a customer's description, phrased as an RM would say it:
 * "saves about 12% of income; 4 subscriptions (£46/month); overdrawn twice this year; card
 * utilization rising (35% → 62%); spends most often on groceries (9×/month) and dining (6×/month)".
 * Every number comes straight from `computeBehaviour`.
 */
export interface PhraseOptions {
  currency?: string;
}

const TIMES = ['never', 'once', 'twice'];
const label = (c: string) => c.replaceAll('_', ' ');

export function describeBehaviour(f: BehaviourFeatures, options: PhraseOptions = {}): string {
  const cur = options.currency ?? '£';
  if (f.months.length === 0) return 'no transaction history';
  const parts: string[] = [];
  const pct = Math.round(f.savingsRate * 100);
  parts.push(f.savingsRate <= 0 ? 'saves nothing from income' : `saves about ${pct}% of income`);
  if (f.incomeStability < 0.8 && f.totalIncome > 0) parts.push('irregular income');
  parts.push(
    f.subscriptionCount === 0
      ? 'no subscriptions'
      : `${f.subscriptionCount} subscription${f.subscriptionCount === 1 ? '' : 's'} (${cur}${Math.round(f.subscriptionMonthlyTotal)}/month)`,
  );
  const od = f.overdraftMonths.length;
  const period = f.months.length === 12 ? 'this year' : `in ${f.months.length} months`;
  parts.push(
    od === 0 ? `never overdrawn ${period}` : `overdrawn ${od < TIMES.length ? TIMES[od] : `${od} times`} ${period}`,
  );
  if (f.utilizationFirst !== null && f.utilizationLast !== null) {
    const a = Math.round(f.utilizationFirst * 100),
      b = Math.round(f.utilizationLast * 100);
    const trend = f.utilizationSlope > 0.01 ? 'rising' : f.utilizationSlope < -0.01 ? 'falling' : 'steady';
    parts.push(trend === 'steady' ? `card utilization steady at ${b}%` : `card utilization ${trend} (${a}% → ${b}%)`);
  }
  const top = f.highFrequency.slice(0, 2).map((h) => `${label(h.category)} (${Math.round(h.perMonth)}×/month)`);
  if (top.length) parts.push(`spends most often on ${top.join(' and ')}`);
  if (f.spendToIncome > 1) parts.push(`spent ${Math.round(f.spendToIncome * 100)}% of income`);
  return parts.join('; ');
}
