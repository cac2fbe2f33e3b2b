import { INCOME_CATEGORIES, SPEND_CATEGORIES, type SpendCategory, type Transaction } from '../transactions/schema.ts';

/**
 * Behaviour features of one customer from their transactions. Every figure is a plain sum, ratio
 * or least-squares slope of the rows given — docs/INTENT.md § "Behaviour features" defines each —
 * so the insights, the customer description and the chat grounding all quote the same numbers.
 */
export interface BehaviourFeatures {
  customerId: string;
  /** Every month from the first to the last transaction, `YYYY-MM` (empty months included). */
  months: string[];
  monthlyIncome: number[];
  /** Spending (spend categories, both accounts, refunds netted) per month. */
  monthlySpend: number[];
  monthlySpendByCategory: Partial<Record<SpendCategory, number[]>>;
  avgMonthlySpendByCategory: Partial<Record<SpendCategory, number>>;
  /** Transactions per month by spend category (count / months). */
  perMonthCountByCategory: Partial<Record<SpendCategory, number>>;
  totalIncome: number;
  totalSpend: number;
  savingsTransferred: number;
  /** savingsTransferred / totalIncome (0 without income). */
  savingsRate: number;
  /** 1 − coefficient of variation of monthly income, clamped to [0, 1]; 0 without income. */
  incomeStability: number;
  subscriptions: { merchant: string; monthly: number; firstMonth: string }[];
  subscriptionCount: number;
  subscriptionMonthlyTotal: number;
  /** Months in which the current account went below zero (balance) or was charged an overdraft fee. */
  overdraftMonths: string[];
  overdraftFees: number;
  /** Month-end card utilization (owed / limit), carried forward over months without card rows; null before the first. */
  monthlyUtilization: (number | null)[];
  utilizationFirst: number | null;
  utilizationLast: number | null;
  /** Least-squares slope of monthly utilization, per month. */
  utilizationSlope: number;
  /** Spend categories with at least `HIGH_FREQUENCY_PER_MONTH` transactions a month, most frequent first. */
  highFrequency: { category: SpendCategory; perMonth: number; avgAmount: number }[];
  /** totalSpend / totalIncome (0 without income). */
  spendToIncome: number;
}

const HIGH_FREQUENCY_PER_MONTH = 4;
/** Spending that is a commitment rather than a habit: never reported as "high-frequency". */
const NOT_HABITS: ReadonlySet<string> = new Set([
  'housing',
  'utilities',
  'loan_payment',
  'overdraft_fee',
  'subscription',
]);
const INCOME: ReadonlySet<string> = new Set(INCOME_CATEGORIES);
const SPEND: ReadonlySet<string> = new Set(SPEND_CATEGORIES);

const r2 = (x: number) => Math.round(x * 100) / 100;
const r4 = (x: number) => Math.round(x * 10_000) / 10_000;

function monthRange(first: string, last: string): string[] {
  const [y0, m0] = first.split('-').map(Number) as [number, number];
  const [y1, m1] = last.split('-').map(Number) as [number, number];
  const out: string[] = [];
  for (let i = y0 * 12 + m0 - 1; i <= y1 * 12 + m1 - 1; i++)
    out.push(`${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
  return out;
}

/** Least-squares slope of y against 0..n-1, over the non-null points. */
export function slope(ys: (number | null)[]): number {
  let n = 0,
    sx = 0,
    sy = 0,
    sxx = 0,
    sxy = 0;
  ys.forEach((y, x) => {
    if (y === null) return;
    n++;
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  });
  const den = n * sxx - sx * sx;
  return n < 2 || den === 0 ? 0 : (n * sxy - sx * sy) / den;
}

/** Rows of one customer, in any order (sorted by date here; same-day rows keep their order). */
export function computeBehaviour(customerId: string, rows: readonly Transaction[]): BehaviourFeatures {
  const sorted = rows
    .map((r, i) => [r, i] as const)
    .sort((a, b) => (a[0].date < b[0].date ? -1 : a[0].date > b[0].date ? 1 : a[1] - b[1]))
    .map(([r]) => r);
  const months = sorted.length
    ? monthRange(sorted[0]!.date.slice(0, 7), sorted[sorted.length - 1]!.date.slice(0, 7))
    : [];
  const index = new Map(months.map((m, i) => [m, i]));
  const n = months.length;
  const monthlyIncome = new Array<number>(n).fill(0);
  const monthlySpend = new Array<number>(n).fill(0);
  const byCat: Partial<Record<SpendCategory, number[]>> = {};
  const countByCat: Partial<Record<SpendCategory, number>> = {};
  let savingsTransferred = 0,
    overdraftFees = 0;
  const overdrawn = new Array<boolean>(n).fill(false);
  const cardEnd = new Array<number | null>(n).fill(null);
  const subs = new Map<string, { lastMonth: number; lastAmount: number; firstMonth: number }>();

  for (const t of sorted) {
    const m = index.get(t.date.slice(0, 7))!;
    const cat = t.category;
    if (INCOME.has(cat)) {
      monthlyIncome[m] += t.amount;
    } else if (SPEND.has(cat)) {
      const c = cat as SpendCategory;
      const arr = (byCat[c] ??= new Array<number>(n).fill(0));
      arr[m] -= t.amount;
      monthlySpend[m] -= t.amount;
      if (t.amount < 0) countByCat[c] = (countByCat[c] ?? 0) + 1;
      if (c === 'overdraft_fee') {
        overdraftFees -= t.amount;
        overdrawn[m] = true;
      }
      if (c === 'subscription' && t.amount < 0) {
        const s = subs.get(t.merchant);
        if (!s) subs.set(t.merchant, { lastMonth: m, lastAmount: -t.amount, firstMonth: m });
        else if (m > s.lastMonth) {
          s.lastMonth = m;
          s.lastAmount = -t.amount;
        } else if (m === s.lastMonth) s.lastAmount += -t.amount;
      }
    } else if (cat === 'savings_transfer' && t.account === 'current') {
      savingsTransferred -= t.amount;
    }
    if (t.account === 'current' && t.balance !== undefined && t.balance < 0) overdrawn[m] = true;
    if (t.account === 'card' && t.balance !== undefined && t.creditLimit)
      cardEnd[m] = Math.max(0, -t.balance) / t.creditLimit;
  }

  // Carry card utilization forward over months without card activity.
  const monthlyUtilization: (number | null)[] = [];
  let carry: number | null = null;
  for (let m = 0; m < n; m++) {
    if (cardEnd[m] !== null) carry = cardEnd[m]!;
    monthlyUtilization.push(carry === null ? null : r4(carry));
  }
  const utilValues = monthlyUtilization.filter((u): u is number => u !== null);

  const totalIncome = r2(monthlyIncome.reduce((a, b) => a + b, 0));
  const totalSpend = r2(monthlySpend.reduce((a, b) => a + b, 0));
  const meanIncome = n ? totalIncome / n : 0;
  const sdIncome = n ? Math.sqrt(monthlyIncome.reduce((a, x) => a + (x - meanIncome) ** 2, 0) / n) : 0;
  const incomeStability = meanIncome > 0 ? Math.max(0, Math.min(1, 1 - sdIncome / meanIncome)) : 0;

  // A subscription is current when it was charged in the final month.
  const subscriptions = [...subs.entries()]
    .filter(([, s]) => s.lastMonth === n - 1)
    .map(([merchant, s]) => ({ merchant, monthly: r2(s.lastAmount), firstMonth: months[s.firstMonth]! }))
    .sort((a, b) => b.monthly - a.monthly || a.merchant.localeCompare(b.merchant));

  const avgMonthlySpendByCategory: Partial<Record<SpendCategory, number>> = {};
  const perMonthCountByCategory: Partial<Record<SpendCategory, number>> = {};
  const monthlySpendByCategory: Partial<Record<SpendCategory, number[]>> = {};
  for (const [c, arr] of Object.entries(byCat) as [SpendCategory, number[]][]) {
    monthlySpendByCategory[c] = arr.map(r2);
    avgMonthlySpendByCategory[c] = r2(arr.reduce((a, b) => a + b, 0) / n);
    perMonthCountByCategory[c] = r2((countByCat[c] ?? 0) / n);
  }
  const highFrequency = (Object.entries(perMonthCountByCategory) as [SpendCategory, number][])
    .filter(([c, k]) => !NOT_HABITS.has(c) && k >= HIGH_FREQUENCY_PER_MONTH)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([category, perMonth]) => ({
      category,
      perMonth,
      avgAmount: r2(byCat[category]!.reduce((a, b) => a + b, 0) / Math.max(1, countByCat[category] ?? 0)),
    }));

  return {
    customerId,
    months,
    monthlyIncome: monthlyIncome.map(r2),
    monthlySpend: monthlySpend.map(r2),
    monthlySpendByCategory,
    avgMonthlySpendByCategory,
    perMonthCountByCategory,
    totalIncome,
    totalSpend,
    savingsTransferred: r2(savingsTransferred),
    savingsRate: totalIncome > 0 ? r4(savingsTransferred / totalIncome) : 0,
    incomeStability: r4(incomeStability),
    subscriptions,
    subscriptionCount: subscriptions.length,
    subscriptionMonthlyTotal: r2(subscriptions.reduce((a, s) => a + s.monthly, 0)),
    overdraftMonths: months.filter((_, m) => overdrawn[m]),
    overdraftFees: r2(overdraftFees),
    monthlyUtilization,
    utilizationFirst: utilValues.length ? utilValues[0]! : null,
    utilizationLast: utilValues.length ? utilValues[utilValues.length - 1]! : null,
    utilizationSlope: r4(slope(monthlyUtilization)),
    highFrequency,
    spendToIncome: totalIncome > 0 ? r4(totalSpend / totalIncome) : 0,
  };
}
