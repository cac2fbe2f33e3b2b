import { describe, expect, it } from 'vitest';
import { PRODUCTS } from './catalog/index.ts';
import {
  formatEnum,
  formatFieldValue,
  formatMoney,
  formatNumber,
  formatRate,
  formatRule,
  formatShare,
  formatYears,
  listInWords,
  productName,
} from './format.ts';

describe('domain/format', () => {
  it('writes money with £ and thousands separators', () => {
    expect(formatMoney(104600)).toBe('£104,600');
    expect(formatMoney(1234.5, { pence: true })).toBe('£1,234.50');
    expect(formatMoney(-12)).toBe('−£12');
    expect(formatMoney(0)).toBe('£0');
  });
  it('writes counts, shares, rates and durations', () => {
    expect(formatNumber(10000)).toBe('10,000');
    expect(formatShare(0.823)).toBe('82%');
    expect(formatRate(4.5)).toBe('4.5%');
    expect(formatYears(1)).toBe('1 year');
    expect(formatYears(3)).toBe('3 years');
  });
  it('writes enum values, rules and products in words', () => {
    expect(formatEnum('mass')).toBe('mass market');
    expect(formatEnum('high_net_worth')).toBe('high net worth');
    expect(formatEnum('retired')).toBe('retired');
    expect(formatRule('risk_above_tolerance')).toBe('riskier than the risk tolerance allows');
    const p = PRODUCTS[0];
    expect(productName(p.id, PRODUCTS)).toBe(p.name);
    expect(productName('no-such-thing', PRODUCTS)).toBe('no such thing');
    expect(listInWords(['a', 'b', 'c'])).toBe('a, b and c');
    expect(listInWords(['a', 'b'], 'or')).toBe('a or b');
  });
  it('writes field values in words', () => {
    expect(formatFieldValue('income', 104600)).toBe('£104,600');
    expect(formatFieldValue('tenureYears', 1)).toBe('1 year');
    expect(formatFieldValue('creditUtilization', 0.31)).toBe('31%');
    expect(formatFieldValue('segment', 'mass')).toBe('mass market');
  });
});
