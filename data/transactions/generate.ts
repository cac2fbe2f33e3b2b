import type { Customer } from '../../domain/index.ts';
import { Rng } from '../../lib/random/index.ts';
import type { SpendCategory, Transaction, TransactionCategory } from './schema.ts';

/**
 * Synthetic 12 months of transactions for one customer, consistent with the profile:
 * salary (or pension / irregular business income) from `income`; loan repayments amortizing
 * `loanAmount`; savings transfers whose rate rises with `savingsBalance` and saving goals; a credit
 * card whose month-end utilization drifts to the profile's `creditUtilization`; discretionary
 * spending that overshoots income for stretched customers (high utilization, thin savings), which
 * is what produces overdrafts. Deterministic from (seed, customer.id) alone.
 */
export interface TransactionGenOptions {
  seed: number;
  /** Last month generated, `YYYY-MM`; 12 months end here. */
  endMonth?: string;
  months?: number;
}

export const DEFAULT_END_MONTH = '2025-12';

interface Subscription {
  merchant: string;
  pence: number;
}
const SUBSCRIPTIONS: readonly Subscription[] = [
  { merchant: 'Netflix', pence: 1099 },
  { merchant: 'Spotify', pence: 1199 },
  { merchant: 'Disney+', pence: 799 },
  { merchant: 'Amazon Prime', pence: 899 },
  { merchant: 'Apple iCloud', pence: 299 },
  { merchant: 'YouTube Premium', pence: 1299 },
  { merchant: 'PureGym', pence: 2499 },
  { merchant: 'Xbox Game Pass', pence: 1099 },
  { merchant: 'The Times', pence: 2600 },
  { merchant: 'Microsoft Office', pence: 799 },
  { merchant: 'Audible', pence: 799 },
  { merchant: 'NOW TV', pence: 999 },
];

const MERCHANTS: Record<
  Exclude<SpendCategory, 'subscription' | 'loan_payment' | 'overdraft_fee' | 'housing' | 'utilities'>,
  readonly string[]
> = {
  groceries: ['Tesco', "Sainsbury's", 'Aldi', 'Lidl', 'Asda', 'Waitrose', 'Co-op'],
  transport: ['TfL', 'Trainline', 'Shell', 'BP', 'Uber', 'National Express'],
  dining: ['Pret A Manger', "Nando's", 'Costa', 'Deliveroo', 'Pizza Express', 'Wagamama', 'Local pub'],
  entertainment: ['Odeon', 'Ticketmaster', 'Steam', 'Waterstones', 'Vue'],
  shopping: ['Amazon', 'John Lewis', 'Argos', 'Next', 'Zara', 'IKEA', 'Boots'],
  travel: ['British Airways', 'easyJet', 'Booking.com', 'Airbnb', 'Premier Inn'],
  health: ['Boots Pharmacy', 'Specsavers', 'Bupa Dental'],
  education: ['Open University', 'Udemy', 'School trip fund'],
  cash: ['ATM withdrawal'],
};

/** Share of monthly discretionary budget and typical transactions a month, by category and life stage. */
type Mix = Partial<Record<keyof typeof MERCHANTS, [share: number, perMonth: number]>>;
const MIX: Record<Customer['lifeStage'], Mix> = {
  student: {
    groceries: [0.3, 6],
    transport: [0.12, 8],
    dining: [0.22, 10],
    entertainment: [0.12, 3],
    shopping: [0.14, 3],
    cash: [0.06, 2],
    education: [0.04, 1],
  },
  young_professional: {
    groceries: [0.24, 6],
    transport: [0.14, 10],
    dining: [0.2, 9],
    entertainment: [0.08, 3],
    shopping: [0.16, 4],
    travel: [0.12, 1],
    health: [0.03, 1],
    cash: [0.03, 1],
  },
  young_family: {
    groceries: [0.38, 10],
    transport: [0.13, 7],
    dining: [0.1, 4],
    entertainment: [0.06, 2],
    shopping: [0.18, 5],
    travel: [0.07, 1],
    health: [0.04, 1],
    education: [0.04, 1],
  },
  established_family: {
    groceries: [0.34, 9],
    transport: [0.14, 7],
    dining: [0.1, 4],
    entertainment: [0.06, 2],
    shopping: [0.16, 4],
    travel: [0.1, 1],
    health: [0.04, 1],
    education: [0.06, 1],
  },
  pre_retirement: {
    groceries: [0.3, 7],
    transport: [0.12, 5],
    dining: [0.12, 4],
    entertainment: [0.07, 2],
    shopping: [0.15, 3],
    travel: [0.18, 1],
    health: [0.06, 1],
  },
  retired: {
    groceries: [0.34, 7],
    transport: [0.08, 4],
    dining: [0.12, 3],
    entertainment: [0.08, 2],
    shopping: [0.12, 3],
    travel: [0.16, 1],
    health: [0.1, 2],
  },
};
/** Categories that usually go on the credit card rather than the debit card. */
const CARD_CATEGORIES = new Set(['dining', 'entertainment', 'shopping', 'travel']);

const HOUSING_SHARE: Record<Customer['lifeStage'], number> = {
  student: 0.32,
  young_professional: 0.3,
  young_family: 0.28,
  established_family: 0.24,
  pre_retirement: 0.18,
  retired: 0.1,
};

/** Net monthly pay from gross annual income (a rough UK-style tax band), in pence. */
export function netMonthlyPence(grossAnnual: number): number {
  const allowance = 12_570;
  const taxable = Math.max(0, grossAnnual - allowance);
  const tax =
    Math.min(taxable, 37_700) * 0.2 +
    Math.max(0, Math.min(taxable, 125_140 - allowance) - 37_700) * 0.4 +
    Math.max(0, grossAnnual - 125_140) * 0.45;
  const ni = Math.max(0, Math.min(grossAnnual, 50_270) - allowance) * 0.08 + Math.max(0, grossAnnual - 50_270) * 0.02;
  return Math.round(((grossAnnual - tax - ni) / 12) * 100);
}

/** Month-end credit utilization the card is steered to, first to last month. */
function utilizationPath(customer: Customer, rng: Rng, months: number): number[] {
  const end = customer.creditUtilization;
  const start = Math.min(0.98, Math.max(0, end + rng.uniform(-0.25, 0.2)));
  return Array.from({ length: months }, (_, m) => {
    const t = months === 1 ? 1 : m / (months - 1);
    const noise = m === months - 1 ? 0 : rng.normal(0, 0.02);
    return Math.min(0.99, Math.max(0, start + (end - start) * t + noise));
  });
}

/** Target share of income moved to savings each month. */
function targetSavingsRate(customer: Customer, rng: Rng): number {
  const cushion = customer.income > 0 ? Math.min(2, customer.savingsBalance / customer.income) : 0;
  const goal = customer.goals.includes('build_savings') || customer.goals.includes('buy_home') ? 0.04 : 0;
  const stretch = customer.creditUtilization > 0.7 ? -0.04 : 0;
  return Math.min(0.35, Math.max(0, 0.02 + 0.08 * cushion + goal + stretch + rng.normal(0, 0.015)));
}

const pad = (n: number) => String(n).padStart(2, '0');
function monthList(endMonth: string, months: number): { year: number; month: number; days: number }[] {
  const [y, mo] = endMonth.split('-').map(Number) as [number, number];
  const out = [];
  for (let i = months - 1; i >= 0; i--) {
    const idx = y * 12 + (mo - 1) - i;
    const year = Math.floor(idx / 12),
      month = (idx % 12) + 1;
    out.push({ year, month, days: new Date(Date.UTC(year, month, 0)).getUTCDate() });
  }
  return out;
}

interface Draft {
  day: number;
  account: 'current' | 'card';
  pence: number;
  category: TransactionCategory;
  merchant: string;
  /** Card repayment: computed once the month's card purchases are known. */
  cardRepayment?: boolean;
}

export function generateTransactions(customer: Customer, options: TransactionGenOptions): Transaction[] {
  const months = options.months ?? 12;
  const rng = Rng.forKey(options.seed, `tx:${customer.id}`);
  const calendar = monthList(options.endMonth ?? DEFAULT_END_MONTH, months);
  const net = netMonthlyPence(customer.income);
  const stage = customer.lifeStage;
  const retired = stage === 'retired';
  const irregular = customer.segment === 'small_business';

  // Fixed commitments.
  const housing = Math.round(net * HOUSING_SHARE[stage] * rng.uniform(0.85, 1.15));
  const utilities = Math.round(Math.max(6_000, net * 0.05));
  const monthlyRate = 0.07 / 12;
  const loanPayment =
    customer.loanAmount > 0
      ? Math.min(
          Math.round(net * 0.4),
          Math.round(((customer.loanAmount * monthlyRate) / (1 - (1 + monthlyRate) ** -60)) * 100),
        )
      : 0;
  const savingsRate = targetSavingsRate(customer, rng);
  const nSubs = Math.max(
    0,
    Math.min(
      SUBSCRIPTIONS.length,
      Math.round(rng.normal(1 + 4 * customer.digitalEngagement - (customer.age > 65 ? 1 : 0), 1)),
    ),
  );
  const subs = [...SUBSCRIPTIONS]; // picked without replacement
  const chosen: (Subscription & { day: number; fromMonth: number })[] = [];
  for (let i = 0; i < nSubs; i++) {
    const j = rng.int(0, subs.length - 1);
    const [s] = subs.splice(j, 1);
    chosen.push({ ...s!, day: rng.int(1, 28), fromMonth: rng.chance(0.2) ? rng.int(1, months - 1) : 0 });
  }

  // Card: limit from income; month-end utilization steered along a path ending at the profile's value.
  const limit = Math.round(Math.min(25_000, Math.max(500, customer.income * 0.2)) / 100) * 100 * 100;
  const utilPath = utilizationPath(customer, rng, months);
  const cardShare = 0.3 + 0.5 * customer.creditUtilization;

  // How stretched the customer is: overspending beyond income is what drives overdrafts.
  const stretch = Math.min(
    1,
    Math.max(
      0,
      customer.creditUtilization * 0.7 + (customer.savingsBalance < customer.income * 0.05 ? 0.35 : 0) - 0.15,
    ),
  );
  // Paid late in the month, so a comfortable account starts each month with about a month's outgoings.
  let currentBalance = Math.round(net * rng.uniform(0.9, 1.6) * (1 - 0.6 * stretch));
  let cardOwed = Math.round(utilPath[0]! * limit * rng.uniform(0.9, 1.1));

  const out: Transaction[] = [];
  const mix = MIX[stage];
  for (let m = 0; m < months; m++) {
    const { year, month, days } = calendar[m]!;
    const drafts: Draft[] = [];
    // Income.
    let income = 0;
    if (irregular) {
      const receipts = rng.int(1, 4);
      const monthTotal = Math.max(0, net * rng.normal(1, 0.35));
      for (let r = 0; r < receipts; r++) {
        const p = Math.round(monthTotal / receipts);
        drafts.push({
          day: rng.int(1, days),
          account: 'current',
          pence: p,
          category: 'other_income',
          merchant: 'Client payment',
        });
        income += p;
      }
    } else if (net > 0) {
      const p = Math.round(net * (1 + rng.normal(0, 0.01)));
      drafts.push({
        day: retired ? 1 : Math.min(days, 25),
        account: 'current',
        pence: p,
        category: retired ? 'other_income' : 'salary',
        merchant: retired ? 'Pension' : 'Employer payroll',
      });
      income += p;
    }
    if (rng.chance(0.15)) {
      const p = Math.round(rng.uniform(2_000, 20_000));
      drafts.push({
        day: rng.int(1, days),
        account: 'current',
        pence: p,
        category: 'other_income',
        merchant: rng.pick(['HMRC refund', 'Interest', 'Transfer in', 'Marketplace sale']),
      });
      income += p;
    }
    // Commitments.
    drafts.push({
      day: 1,
      account: 'current',
      pence: -housing,
      category: 'housing',
      merchant: customer.loanAmount > 100_000 ? 'Mortgage' : 'Rent',
    });
    const winter = month <= 2 || month >= 11 ? 1.3 : 1;
    drafts.push({
      day: 5,
      account: 'current',
      pence: -Math.round(utilities * winter * rng.uniform(0.9, 1.1)),
      category: 'utilities',
      merchant: 'Energy & water',
    });
    if (loanPayment > 0)
      drafts.push({
        day: 15,
        account: 'current',
        pence: -loanPayment,
        category: 'loan_payment',
        merchant: 'Loan repayment',
      });
    let subsTotal = 0;
    for (const s of chosen) {
      if (m < s.fromMonth) continue;
      drafts.push({
        day: Math.min(s.day, days),
        account: rng.chance(0.5) ? 'card' : 'current',
        pence: -s.pence,
        category: 'subscription',
        merchant: s.merchant,
      });
      subsTotal += s.pence;
    }
    const saving = Math.round(income * savingsRate);
    if (saving > 0)
      drafts.push({
        day: Math.min(days, 26),
        account: 'current',
        pence: -saving,
        category: 'savings_transfer',
        merchant: 'Transfer to savings',
      });

    // Discretionary spending: what is left, scaled by how stretched the customer is.
    const left = Math.max(net * 0.15, net - housing - utilities - loanPayment - subsTotal - saving);
    const factor = Math.max(0.5, 0.8 + 0.45 * stretch + rng.normal(0, 0.08)) * (month === 12 ? 1.15 : 1);
    const budget = left * factor;
    for (const [cat, [share, perMonth]] of Object.entries(mix) as [keyof typeof MERCHANTS, [number, number]][]) {
      const n = Math.max(
        cat === 'travel' || cat === 'education' || cat === 'health' ? 0 : 1,
        Math.round(perMonth * rng.uniform(0.6, 1.4) - (rng.chance(0.3) && perMonth <= 1 ? 1 : 0)),
      );
      if (n === 0) continue;
      const catTotal = budget * share * rng.uniform(0.7, 1.3);
      for (let k = 0; k < n; k++) {
        const p = Math.max(100, Math.round((catTotal / n) * rng.uniform(0.5, 1.5)));
        const onCard = CARD_CATEGORIES.has(cat) && rng.chance(cardShare);
        drafts.push({
          day: rng.int(1, days),
          account: onCard ? 'card' : 'current',
          pence: -p,
          category: cat,
          merchant: rng.pick(MERCHANTS[cat]),
        });
      }
    }
    drafts.push({
      day: Math.min(days, 20),
      account: 'current',
      pence: 0,
      category: 'card_payment',
      merchant: 'Credit card repayment',
      cardRepayment: true,
    });
    drafts.sort((a, b) => a.day - b.day);

    // Card repayment amount: steer month-end owed to the utilization path.
    const purchases = drafts.reduce((s, d) => (d.account === 'card' ? s - d.pence : s), 0);
    const target = Math.round(utilPath[m]! * limit);
    const owedBefore = cardOwed + purchases;
    const minimum = Math.min(owedBefore, Math.max(2_500, Math.round(cardOwed * 0.03)));
    const repayment = Math.max(minimum, Math.min(owedBefore, owedBefore - target));

    const date = (day: number) => `${year}-${pad(month)}-${pad(day)}`;
    let minBalance = currentBalance;
    for (const d of drafts) {
      if (d.cardRepayment) {
        if (repayment <= 0) continue;
        currentBalance -= repayment;
        cardOwed -= repayment;
        out.push({
          customerId: customer.id,
          date: date(d.day),
          account: 'current',
          amount: -repayment / 100,
          category: 'card_payment',
          merchant: d.merchant,
          balance: currentBalance / 100,
        });
        out.push({
          customerId: customer.id,
          date: date(d.day),
          account: 'card',
          amount: repayment / 100,
          category: 'card_payment',
          merchant: 'Payment received',
          balance: cardOwed === 0 ? 0 : -cardOwed / 100,
          creditLimit: limit / 100,
        });
      } else if (d.account === 'card') {
        cardOwed -= d.pence;
        out.push({
          customerId: customer.id,
          date: date(d.day),
          account: 'card',
          amount: d.pence / 100,
          category: d.category,
          merchant: d.merchant,
          balance: cardOwed === 0 ? 0 : -cardOwed / 100,
          creditLimit: limit / 100,
        });
      } else {
        currentBalance += d.pence;
        out.push({
          customerId: customer.id,
          date: date(d.day),
          account: 'current',
          amount: d.pence / 100,
          category: d.category,
          merchant: d.merchant,
          balance: currentBalance / 100,
        });
      }
      minBalance = Math.min(minBalance, currentBalance);
    }
    // Overdraft fee at month end when the account went below zero.
    if (minBalance < 0) {
      const fee = 500 + Math.round(Math.min(-minBalance, 200_000) * 0.01);
      currentBalance -= fee;
      out.push({
        customerId: customer.id,
        date: date(days),
        account: 'current',
        amount: -fee / 100,
        category: 'overdraft_fee',
        merchant: 'Overdraft charge',
        balance: currentBalance / 100,
      });
    }
  }
  return out;
}
