import { describe, expect, it } from 'vitest';
import { PRODUCT_CATEGORIES, ProductSchema } from '../index.ts';
import { PRODUCTS, meetsEligibility, productById, productChunks, sentences } from './index.ts';

describe('product catalog', () => {
  it('has at least 24 products, each valid under ProductSchema with unique ids', () => {
    expect(PRODUCTS.length).toBeGreaterThanOrEqual(24);
    for (const p of PRODUCTS) expect(ProductSchema.parse(p)).toEqual(p);
    expect(new Set(PRODUCTS.map((p) => p.id)).size).toBe(PRODUCTS.length);
  });

  it('covers the required categories and variants', () => {
    const cats = new Set(PRODUCTS.map((p) => p.category));
    for (const c of PRODUCT_CATEGORIES) expect(cats, c).toContain(c);
    const deposits = PRODUCTS.filter((p) => p.category === 'term_deposit')
      .map((p) => p.durationMonths)
      .sort((a, b) => a - b);
    expect(deposits).toEqual([6, 12, 36]);
    expect(productById('wealth-premier')?.name).toMatch(/NEW/);
    expect(productById('card-premium-travel')?.annualFee).toBeGreaterThan(0);
    for (const id of [
      'mortgage-fixed-2y',
      'mortgage-tracker',
      'savings-bonus',
      'savings-easy-access',
      'fund-bond',
      'fund-balanced',
      'fund-equity',
      'fund-esg',
      'insurance-life',
      'insurance-home',
      'insurance-income-protection',
    ])
      expect(productById(id), id).toBeDefined();
  });

  it('every product has a rate, and terms of 3–6 sentences containing figures', () => {
    for (const p of PRODUCTS) {
      if (!['insurance', 'current_account'].includes(p.category))
        expect(p.expectedYieldPct ?? p.aprPct, p.id).toBeTypeOf('number');
      const n = sentences(p.terms).length;
      expect(n, p.id).toBeGreaterThanOrEqual(3);
      expect(n, p.id).toBeLessThanOrEqual(6);
      expect(p.terms, p.id).toMatch(/\d/);
    }
  });

  it('productChunks yields a fact sheet and terms chunks that cover every sentence', () => {
    const p = productById('deposit-12m')!;
    const chunks = productChunks(p);
    expect(chunks[0]).toMatchObject({ id: 'deposit-12m#facts', productId: 'deposit-12m' });
    expect(chunks[0].text).toContain('Expected yield 4.6% a year');
    expect(chunks[0].text).toContain('Term 12 months');
    const joined = chunks
      .slice(1)
      .map((c) => c.text)
      .join(' ');
    for (const s of sentences(p.terms)) expect(joined).toContain(s);
    expect(new Set(chunks.map((c) => c.id)).size).toBe(chunks.length);
    // Decimal points and thousands separators are not sentence ends.
    expect(sentences('Pay 4.60% on £1,000. Then stop.')).toEqual(['Pay 4.60% on £1,000.', 'Then stop.']);
  });

  it('meetsEligibility applies score, income and age bounds', () => {
    const premier = productById('wealth-premier')!;
    expect(meetsEligibility({ creditScore: 760, income: 150_000, age: 50 }, premier)).toBe(true);
    expect(meetsEligibility({ creditScore: 690, income: 150_000, age: 50 }, premier)).toBe(false);
    expect(meetsEligibility({ creditScore: 760, income: 90_000, age: 50 }, premier)).toBe(false);
    expect(meetsEligibility({ creditScore: 760, income: 150_000, age: 29 }, premier)).toBe(false);
    expect(meetsEligibility({ creditScore: 760, income: 150_000, age: 31 }, productById('card-student')!)).toBe(false);
  });
});
