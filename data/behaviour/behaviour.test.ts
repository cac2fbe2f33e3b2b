import { describe, expect, it } from 'vitest';
import type { Transaction } from '../transactions/schema.ts';
import { sampleCustomer } from '../../testkit/transactions-customers.ts';
import { computeBehaviour, slope } from './features.ts';
import { describeBehaviour } from './phrase.ts';
import { BEHAVIOUR_FEATURE_NAMES, behaviourFeatures } from './vector.ts';

const t = (
  date: string,
  amount: number,
  category: Transaction['category'],
  merchant = 'M',
  extra: Partial<Transaction> = {},
): Transaction => ({
  customerId: 'H1',
  date,
  account: 'current',
  amount,
  category,
  merchant,
  ...extra,
});
const card = (
  date: string,
  amount: number,
  category: Transaction['category'],
  owed: number,
  limit = 1000,
): Transaction => t(date, amount, category, 'Card', { account: 'card', balance: -owed, creditLimit: limit });

/**
 * Three hand-checked months (Jan–Mar 2025):
 *   income   2000 / 2000 / 2600 (salary + a 600 refund in March)        total 6600
 *   savings  200 / 200 / 260 transferred                                 total 660 → rate 0.1
 *   spend    Jan 1000 rent + 60 groceries×… (see rows)                     checked per category
 *   subs     Netflix 10.99 (Jan–Mar), Gym 25 (Feb–Mar), Old 5 (Jan only) → 2 active, 35.99/month
 *   overdraft: balance −50 in February → 1 month; fee 5 in February
 *   card utilization month-end 0.20, 0.35, 0.50 → slope 0.15/month
 */
const rows: Transaction[] = [
  t('2025-01-01', -1000, 'housing', 'Rent', { balance: 500 }),
  t('2025-01-05', -10.99, 'subscription', 'Netflix'),
  t('2025-01-06', -5, 'subscription', 'Old'),
  t('2025-01-10', -30, 'groceries', 'Tesco'),
  t('2025-01-12', -30, 'groceries', 'Tesco'),
  t('2025-01-14', -30, 'groceries', 'Tesco'),
  t('2025-01-16', -30, 'groceries', 'Tesco'),
  card('2025-01-20', -200, 'dining', 200),
  t('2025-01-25', 2000, 'salary', 'Employer', { balance: 1500 }),
  t('2025-01-26', -200, 'savings_transfer', 'Savings'),
  t('2025-02-01', -1000, 'housing', 'Rent', { balance: -50 }),
  t('2025-02-05', -10.99, 'subscription', 'Netflix'),
  t('2025-02-06', -25, 'subscription', 'Gym'),
  t('2025-02-10', -40, 'groceries', 'Tesco'),
  t('2025-02-11', -40, 'groceries', 'Tesco'),
  t('2025-02-12', -40, 'groceries', 'Tesco'),
  t('2025-02-13', -40, 'groceries', 'Tesco'),
  t('2025-02-14', -40, 'groceries', 'Tesco'),
  card('2025-02-20', -150, 'shopping', 350),
  t('2025-02-25', 2000, 'salary', 'Employer', { balance: 1900 }),
  t('2025-02-26', -200, 'savings_transfer', 'Savings'),
  t('2025-02-28', -5, 'overdraft_fee', 'Bank'),
  t('2025-03-01', -1000, 'housing', 'Rent', { balance: 700 }),
  t('2025-03-05', -10.99, 'subscription', 'Netflix'),
  t('2025-03-06', -25, 'subscription', 'Gym'),
  t('2025-03-10', -50, 'groceries', 'Tesco'),
  t('2025-03-11', -50, 'groceries', 'Tesco'),
  t('2025-03-12', -50, 'groceries', 'Tesco'),
  t('2025-03-13', -50, 'groceries', 'Tesco'),
  t('2025-03-14', 10, 'groceries', 'Tesco refund'),
  card('2025-03-15', -200, 'dining', 550),
  card('2025-03-20', 50, 'card_payment', 500),
  t('2025-03-20', -50, 'card_payment', 'Card repayment'),
  t('2025-03-25', 2000, 'salary', 'Employer'),
  t('2025-03-26', 600, 'other_income', 'HMRC refund'),
  t('2025-03-27', -260, 'savings_transfer', 'Savings'),
];

describe('behaviour features (hand-checked set)', () => {
  const f = computeBehaviour('H1', [...rows].reverse()); // input order must not matter

  it('months, income, savings rate, income stability', () => {
    expect(f.months).toEqual(['2025-01', '2025-02', '2025-03']);
    expect(f.monthlyIncome).toEqual([2000, 2000, 2600]);
    expect(f.totalIncome).toBe(6600);
    expect(f.savingsTransferred).toBe(660);
    expect(f.savingsRate).toBe(0.1);
    // mean 2200, population sd = sqrt(((200²)·2 + 400²)/3) = 282.84 → 1 − 0.12856
    expect(f.incomeStability).toBeCloseTo(1 - Math.sqrt((2 * 200 ** 2 + 400 ** 2) / 3) / 2200, 4);
  });

  it('monthly spend by category (refunds netted, transfers excluded)', () => {
    expect(f.monthlySpendByCategory.groceries).toEqual([120, 200, 190]);
    expect(f.monthlySpendByCategory.housing).toEqual([1000, 1000, 1000]);
    expect(f.monthlySpendByCategory.dining).toEqual([200, 0, 200]);
    expect(f.monthlySpendByCategory.subscription).toEqual([15.99, 35.99, 35.99]);
    expect((f.monthlySpendByCategory as Record<string, unknown>).card_payment).toBeUndefined();
    expect(f.monthlySpend).toEqual([1335.99, 1390.99, 1425.99]);
    expect(f.avgMonthlySpendByCategory.groceries).toBe(170);
    expect(f.spendToIncome).toBeCloseTo((1335.99 + 1390.99 + 1425.99) / 6600, 4);
  });

  it('subscriptions: active in the last month only', () => {
    expect(f.subscriptionCount).toBe(2);
    expect(f.subscriptionMonthlyTotal).toBe(35.99);
    expect(f.subscriptions.map((s) => s.merchant)).toEqual(['Gym', 'Netflix']);
    expect(f.subscriptions.find((s) => s.merchant === 'Netflix')!.firstMonth).toBe('2025-01');
  });

  it('overdraft months and fees', () => {
    expect(f.overdraftMonths).toEqual(['2025-02']);
    expect(f.overdraftFees).toBe(5);
  });

  it('credit utilization trend', () => {
    expect(f.monthlyUtilization).toEqual([0.2, 0.35, 0.5]);
    expect(f.utilizationSlope).toBeCloseTo(0.15, 6);
    expect(slope([null, 0.1, 0.3])).toBeCloseTo(0.2, 6);
  });

  it('high-frequency categories (≥ 4 purchases a month; refunds not counted)', () => {
    expect(f.highFrequency).toEqual([{ category: 'groceries', perMonth: 4.33, avgAmount: 39.23 }]);
  });

  it('RM-style phrase quotes those figures', () => {
    expect(describeBehaviour(f)).toBe(
      'saves about 10% of income; 2 subscriptions (£36/month); overdrawn once in 3 months; card utilization rising (20% → 50%); spends most often on groceries (4×/month)',
    );
  });
});

describe('behaviour vector for the customer tower', () => {
  it('has one value per name, finite, and is deterministic', () => {
    const c = sampleCustomer();
    const a = behaviourFeatures(c, 42),
      b = behaviourFeatures(c, 42);
    expect(a.values).toHaveLength(BEHAVIOUR_FEATURE_NAMES.length);
    expect([...a.values].every(Number.isFinite)).toBe(true);
    expect([...a.values]).toEqual([...b.values]);
    expect(a.values[BEHAVIOUR_FEATURE_NAMES.indexOf('bh_savings_rate')]).toBeCloseTo(a.features.savingsRate, 6);
  });
});

describe('behaviourPhrase (for the customer description)', () => {
  it('is the phrase of the customer’s own synthetic transactions', async () => {
    const { behaviourPhrase } = await import('./describe.ts');
    const { generateTransactions } = await import('../transactions/generate.ts');
    const c = sampleCustomer({ id: 'D1', savingsBalance: 40_000, goals: ['build_savings'] });
    expect(behaviourPhrase(c, 42)).toBe(
      describeBehaviour(computeBehaviour('D1', generateTransactions(c, { seed: 42 }))),
    );
    expect(behaviourPhrase(c, 42)).toMatch(
      /^saves about \d+% of income; \d+ subscriptions? \(£\d+\/month\)|no subscriptions/,
    );
  });
});
