import { computeBehaviour, describeBehaviour, type BehaviourFeatures } from '../../data/behaviour/index.ts';
import type { SpendCategory, Transaction } from '../../data/transactions/schema.ts';

/**
 * Spending insights for one customer. Each item carries `figures`: the numbers it was computed
 * from, exactly as they appear in its `text`, so the chat's number guardrail can check any figure
 * the answer quotes against the grounding, and a test can recompute them from the transactions.
 */
export interface Insight {
  kind:
    | 'spending_trend'
    | 'high_frequency'
    | 'subscriptions'
    | 'overspending'
    | 'rising_utilization'
    | 'overdraft'
    | 'savings';
  severity: 'info' | 'warning';
  text: string;
  figures: Record<string, number | string>;
}

interface CategoryTrend {
  category: SpendCategory;
  /** Mean monthly spend over the last `window` months. */
  recentMonthly: number;
  /** Mean monthly spend over the `window` months before those. */
  previousMonthly: number;
  /** (recent − previous) / previous, in percent, rounded; null when previous is 0. */
  changePct: number | null;
  direction: 'up' | 'down' | 'flat';
}

export interface Insights {
  customerId: string;
  period: { from: string; to: string; months: number };
  currency: string;
  /** Chart series: month labels and totals (income, spend) and spend by category. */
  series: {
    months: string[];
    income: number[];
    spend: number[];
    byCategory: Partial<Record<SpendCategory, number[]>>;
    utilization: (number | null)[];
  };
  trends: CategoryTrend[];
  highFrequency: BehaviourFeatures['highFrequency'];
  subscriptions: { count: number; monthlyTotal: number; items: BehaviourFeatures['subscriptions'] };
  alerts: Insight[];
  insights: Insight[];
  /** The RM-style sentence (same function the customer description uses). */
  summary: string;
  features: Pick<
    BehaviourFeatures,
    | 'savingsRate'
    | 'incomeStability'
    | 'totalIncome'
    | 'totalSpend'
    | 'spendToIncome'
    | 'overdraftMonths'
    | 'utilizationFirst'
    | 'utilizationLast'
    | 'utilizationSlope'
  >;
}

export interface InsightOptions {
  currency?: string;
  /** Months compared in trends and overspending (default 3: last quarter vs the one before). */
  window?: number;
  /** Minimum change in percent for a trend to be called up/down. */
  trendPct?: number;
  /** Utilization slope per month above which the utilization alert fires. */
  utilizationSlope?: number;
}

const r2 = (x: number) => Math.round(x * 100) / 100;
const money = (cur: string, x: number) =>
  `${cur}${x.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const pct = (x: number) => `${Math.round(x * 100)}%`;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
/** Habits and bills compared in trends (not transfers, fees or repayments). */
const TREND_EXCLUDED: ReadonlySet<string> = new Set(['overdraft_fee', 'loan_payment']);

export function computeInsights(
  customerId: string,
  transactions: readonly Transaction[],
  options: InsightOptions = {},
): Insights {
  const cur = options.currency ?? '£';
  const window = options.window ?? 3;
  const trendPct = options.trendPct ?? 15;
  const f = computeBehaviour(customerId, transactions);
  const n = f.months.length;
  const recentIdx = [Math.max(0, n - window), n];
  const prevIdx = [Math.max(0, n - 2 * window), Math.max(0, n - window)];
  const span = (a: number[], [s, e]: number[]) => a.slice(s, e);

  const trends: CategoryTrend[] = [];
  if (n >= 2 * window) {
    for (const [cat, series] of Object.entries(f.monthlySpendByCategory) as [SpendCategory, number[]][]) {
      if (TREND_EXCLUDED.has(cat)) continue;
      const recentMonthly = r2(sum(span(series, recentIdx)) / window);
      const previousMonthly = r2(sum(span(series, prevIdx)) / window);
      const changePct =
        previousMonthly > 0 ? Math.round(((recentMonthly - previousMonthly) / previousMonthly) * 100) : null;
      const direction =
        changePct === null
          ? recentMonthly > 0
            ? 'up'
            : 'flat'
          : changePct >= trendPct
            ? 'up'
            : changePct <= -trendPct
              ? 'down'
              : 'flat';
      trends.push({ category: cat, recentMonthly, previousMonthly, changePct, direction });
    }
    trends.sort(
      (a, b) =>
        Math.abs(b.recentMonthly - b.previousMonthly) - Math.abs(a.recentMonthly - a.previousMonthly) ||
        a.category.localeCompare(b.category),
    );
  }

  const insights: Insight[] = [];
  const alerts: Insight[] = [];
  const from = f.months[0] ?? '',
    to = f.months[n - 1] ?? '';
  for (const t of trends.filter((t) => t.direction !== 'flat').slice(0, 3)) {
    insights.push({
      kind: 'spending_trend',
      severity: 'info',
      text: `${t.category.replaceAll('_', ' ')} spending ${t.direction} ${t.changePct === null ? 'from nothing' : `${Math.abs(t.changePct)}%`}: ${money(cur, t.recentMonthly)}/month over the last ${window} months vs ${money(cur, t.previousMonthly)}/month the ${window} before`,
      figures: {
        category: t.category,
        recentMonthly: t.recentMonthly,
        previousMonthly: t.previousMonthly,
        changePct: t.changePct ?? 'n/a',
        months: window,
      },
    });
  }
  for (const h of f.highFrequency.slice(0, 3)) {
    insights.push({
      kind: 'high_frequency',
      severity: 'info',
      text: `${h.category.replaceAll('_', ' ')}: ${h.perMonth} purchases a month, ${money(cur, h.avgAmount)} on average`,
      figures: {
        category: h.category,
        perMonth: h.perMonth,
        avgAmount: h.avgAmount,
        count: Math.round(h.perMonth * n),
        months: n,
      },
    });
  }
  insights.push({
    kind: 'subscriptions',
    severity: 'info',
    text:
      f.subscriptionCount === 0
        ? 'no active subscriptions'
        : `${f.subscriptionCount} active subscriptions costing ${money(cur, f.subscriptionMonthlyTotal)}/month (${f.subscriptions.map((s) => `${s.merchant} ${money(cur, s.monthly)}`).join(', ')})`,
    figures: {
      count: f.subscriptionCount,
      monthlyTotal: f.subscriptionMonthlyTotal,
      month: to,
      ...Object.fromEntries(f.subscriptions.map((s) => [`monthly:${s.merchant}`, s.monthly])),
    },
  });
  insights.push({
    kind: 'savings',
    severity: 'info',
    text: `moved ${money(cur, f.savingsTransferred)} to savings, ${pct(f.savingsRate)} of ${money(cur, f.totalIncome)} income (${from} to ${to})`,
    figures: { savingsTransferred: f.savingsTransferred, totalIncome: f.totalIncome, savingsRate: f.savingsRate },
  });

  // Overspending: spending above income over the last window.
  if (n >= window) {
    const income = r2(sum(span(f.monthlyIncome, recentIdx)));
    const spend = r2(sum(span(f.monthlySpend, recentIdx)));
    if (spend > income) {
      alerts.push({
        kind: 'overspending',
        severity: 'warning',
        text: `spent ${money(cur, spend)} against ${money(cur, income)} income over the last ${window} months (${Math.round((spend / Math.max(income, 0.01)) * 100)}% of income)`,
        figures: {
          spend,
          income,
          ratio: income > 0 ? Math.round((spend / income) * 10_000) / 10_000 : 'n/a',
          months: window,
          from: f.months[recentIdx[0]!]!,
          to,
        },
      });
    }
  }
  if (f.overdraftMonths.length > 0) {
    alerts.push({
      kind: 'overdraft',
      severity: f.overdraftMonths.length >= 3 ? 'warning' : 'info',
      text: `overdrawn in ${f.overdraftMonths.length} of ${n} months (${f.overdraftMonths.join(', ')}); ${money(cur, f.overdraftFees)} in overdraft fees`,
      figures: { months: f.overdraftMonths.length, of: n, fees: f.overdraftFees },
    });
  }
  const slopeLimit = options.utilizationSlope ?? 0.02;
  if (
    f.utilizationFirst !== null &&
    f.utilizationLast !== null &&
    f.utilizationSlope >= slopeLimit &&
    f.utilizationLast > f.utilizationFirst
  ) {
    alerts.push({
      kind: 'rising_utilization',
      severity: f.utilizationLast >= 0.7 ? 'warning' : 'info',
      text: `credit card utilization rising from ${pct(f.utilizationFirst)} to ${pct(f.utilizationLast)} (about ${Math.round(f.utilizationSlope * 1000) / 10} points a month)`,
      figures: { from: f.utilizationFirst, to: f.utilizationLast, slopePerMonth: f.utilizationSlope, months: n },
    });
  }

  return {
    customerId,
    period: { from, to, months: n },
    currency: cur,
    series: {
      months: f.months,
      income: f.monthlyIncome,
      spend: f.monthlySpend,
      byCategory: f.monthlySpendByCategory,
      utilization: f.monthlyUtilization,
    },
    trends,
    highFrequency: f.highFrequency,
    subscriptions: { count: f.subscriptionCount, monthlyTotal: f.subscriptionMonthlyTotal, items: f.subscriptions },
    alerts,
    insights,
    summary: describeBehaviour(f, { currency: cur }),
    features: {
      savingsRate: f.savingsRate,
      incomeStability: f.incomeStability,
      totalIncome: f.totalIncome,
      totalSpend: f.totalSpend,
      spendToIncome: f.spendToIncome,
      overdraftMonths: f.overdraftMonths,
      utilizationFirst: f.utilizationFirst,
      utilizationLast: f.utilizationLast,
      utilizationSlope: f.utilizationSlope,
    },
  };
}
