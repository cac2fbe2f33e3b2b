import { describe, expect, it } from 'vitest';
import { PRODUCTS } from '../../domain/catalog/index.ts';
import { formatRule } from '../../domain/format.ts';
import { TEST_CUSTOMER } from '../../testkit/grounding.ts';
import { applySuitability } from './suitability.ts';
import { SUITABILITY_RULES } from './types.ts';

describe('suitability by category', () => {
  const holder = {
    ...TEST_CUSTOMER,
    creditScore: 850,
    income: 500_000,
    age: 40,
    riskTolerance: 'high' as const,
    productsHeld: ['mortgage-fixed-5y', 'current-everyday'],
  };

  it('a client with a mortgage is offered no second mortgage, and one current account excludes the others', () => {
    const { allowed, excluded } = applySuitability(holder, PRODUCTS);
    for (const p of PRODUCTS.filter((x) => x.category === 'mortgage' || x.category === 'current_account')) {
      expect(allowed.has(p.id)).toBe(false);
    }
    const second = excluded.find((e) => e.productId === 'mortgage-fixed-2y');
    expect(second?.rule).toBe('category_already_held');
    expect(second?.detail).toMatch(/already holds a mortgage \(.+\); a second one is not suitable/);
    expect(excluded.find((e) => e.productId === 'mortgage-fixed-5y')?.rule).toBe('already_held');
  });

  it('other categories are unaffected: several savings products may be held', () => {
    const saver = { ...holder, productsHeld: ['savings-easy-access'] };
    const { allowed } = applySuitability(saver, PRODUCTS);
    expect(allowed.has('savings-isa')).toBe(true);
  });

  it('every rule has words', () => {
    for (const rule of SUITABILITY_RULES) expect(formatRule(rule)).not.toContain('_');
  });
});
