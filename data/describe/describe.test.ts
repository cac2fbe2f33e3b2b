import { describe, expect, it } from 'vitest';
import type { Customer } from '../../domain/index.ts';
import { creditBand, describeCustomer, listWords, money } from './index.ts';
import { productById } from '../../domain/catalog/index.ts';
import { generateCustomers } from '../synthetic/index.ts';

const family: Customer = {
  id: 'C0000042',
  name: 'Priya Patel',
  age: 42,
  income: 68_200,
  creditScore: 782,
  creditUtilization: 0.214,
  loanAmount: 183_450,
  savingsBalance: 12_340,
  digitalEngagement: 0.81,
  tenureYears: 9,
  lifeStage: 'young_family',
  riskTolerance: 'medium',
  investmentHorizon: 'long',
  segment: 'mass',
  goals: ['buy_home', 'protect_family'],
  productsHeld: ['savings-easy-access', 'card-cashback'],
  notes: 'Asked about life cover.\nPrefers email.',
};

const student: Customer = {
  ...family,
  id: 'C0000007',
  age: 19,
  income: 0,
  creditScore: 575,
  creditUtilization: 0.72,
  loanAmount: 0,
  savingsBalance: 0,
  digitalEngagement: 0.2,
  tenureYears: 1,
  lifeStage: 'student',
  riskTolerance: 'high',
  investmentHorizon: 'short',
  segment: 'student',
  goals: [],
  productsHeld: [],
  notes: undefined,
};

describe('describeCustomer', () => {
  it('renders the documented template for a fixed customer', () => {
    expect(describeCustomer(family)).toBe(
      '42-year-old young family customer (mass market segment), income about £68k a year, excellent credit score (782), ' +
        'low credit utilisation (21% of limits used). Savings about £12k; owes about £183k in loans. ' +
        'Customer for 9 years, banks mostly through the app. Medium risk tolerance, long (over 7 years) investment horizon. ' +
        'Holds Easy Access Saver (savings account) and Cashback Credit Card (credit card). ' +
        'Goals: buying a home and protecting the family. RM note: "Asked about life cover. Prefers email."',
    );
  });

  it('phrases the empty and edge cases', () => {
    const text = describeCustomer(student);
    expect(text).toContain('19-year-old student customer (student segment), income none, poor credit score (575)');
    expect(text).toContain('high credit utilisation (72% of limits used)');
    expect(text).toContain('Savings none; no outstanding loans.');
    expect(text).toContain('Customer for 1 year, prefers the branch and phone.');
    expect(text).toContain('Holds no products with us yet. No stated goals.');
    expect(text).not.toContain('RM note');
  });

  it('can leave out notes and append extra sentences', () => {
    const text = describeCustomer(family, undefined, {
      includeNotes: false,
      extraSentences: ['Spends about £420 a month on groceries.'],
    });
    expect(text).not.toContain('RM note');
    expect(text.endsWith('Spends about £420 a month on groceries.')).toBe(true);
  });

  it('keeps an unknown product id visible rather than dropping it', () => {
    expect(describeCustomer({ ...family, productsHeld: ['legacy-bond'] })).toContain('Holds legacy-bond.');
  });
});

describe('RM phrasing', () => {
  it('rounds money as an RM says it', () => {
    expect(money(0)).toBe('£0');
    expect(money(648)).toBe('about £650');
    expect(money(6_540)).toBe('about £6.5k');
    expect(money(7_000)).toBe('about £7k');
    expect(money(68_200)).toBe('about £68k');
    expect(money(999_400)).toBe('about £999k');
    expect(money(1_240_000)).toBe('about £1.2m');
  });
  it('bands credit scores at documented thresholds', () => {
    expect([850, 750, 749, 700, 699, 650, 649, 580, 579, 300].map(creditBand)).toEqual([
      'excellent',
      'excellent',
      'good',
      'good',
      'fair',
      'fair',
      'weak',
      'weak',
      'poor',
      'poor',
    ]);
  });
  it('joins lists in English', () => {
    expect(listWords(['a'])).toBe('a');
    expect(listWords(['a', 'b'])).toBe('a and b');
    expect(listWords(['a', 'b', 'c'])).toBe('a, b and c');
  });
});

describe('describeCustomer on generated customers', () => {
  it('always states the exact age and credit score, every held product, and stays one paragraph', () => {
    for (const { customer } of generateCustomers({ seed: 8, count: 300 })) {
      const text = describeCustomer(customer);
      expect(text.startsWith(`${customer.age}-year-old `)).toBe(true);
      expect(text).toContain(`credit score (${customer.creditScore})`);
      for (const id of customer.productsHeld) expect(text).toContain(productById(id)!.name);
      expect(text).not.toMatch(/\n|undefined|NaN/);
    }
  });
});
