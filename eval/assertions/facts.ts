import type { Customer, Product } from '../../domain/index.ts';
import { escapeRegExp } from '../../lib/regexp/index.ts';

/**
 * Helpers shared by the grounding assertions: the numbers an answer states, and the products it
 * names. Not an assertion type itself.
 */

export interface StatedNumber {
  text: string;
  value: number;
  percent: boolean;
}

/** Numbers as an RM would write them: 4.5%, £82,000, 82k, £1.2m, 750, −0.34. Years like 2025 stay numbers. */
export function statedNumbers(text: string): StatedNumber[] {
  const out: StatedNumber[] = [];
  // Not inside identifiers such as `deposit-12m` or `C0000032`.
  const re = /(?<![\w.\-−])([-−])?[£$€]?\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s?(%|k\b|m\b|bn\b)?/gi;
  for (const m of text.matchAll(re)) {
    let value = Number(`${m[2]!.replace(/,/g, '')}${m[3] ? `.${m[3]}` : ''}`);
    if (m[1]) value = -value;
    const unit = m[4]?.toLowerCase();
    if (unit === 'k') value *= 1e3;
    else if (unit === 'm') value *= 1e6;
    else if (unit === 'bn') value *= 1e9;
    out.push({ text: m[0].trim(), value, percent: unit === '%' });
  }
  return out;
}

/** Every number a product's catalog entry states (fields and numbers inside its terms/fee notes). */
export function productNumbers(p: Product): number[] {
  const fields = [
    p.riskLevel,
    p.expectedYieldPct,
    p.aprPct,
    p.durationMonths,
    p.durationMonths / 12,
    p.annualFee,
    p.eligibility.minCreditScore,
    p.eligibility.minIncome,
    p.eligibility.minAge,
    p.eligibility.maxAge,
  ];
  return [
    ...fields.filter((x): x is number => typeof x === 'number'),
    ...statedNumbers(`${p.terms} ${p.feeNotes} ${p.name}`).map((n) => n.value),
  ];
}

export function customerNumbers(c: Customer): number[] {
  return [
    c.age,
    c.income,
    c.creditScore,
    c.creditUtilization,
    c.creditUtilization * 100,
    c.loanAmount,
    c.savingsBalance,
    c.digitalEngagement * 100,
    c.tenureYears,
    c.productsHeld.length,
  ];
}

/** Does `n` state the grounded value `v` (allowing the rounding a writer would do)? */
export function sameNumber(n: number, v: number): boolean {
  if (n === v) return true;
  if (v === 0) return Math.abs(n) < 1e-9;
  for (const dp of [0, 1, 2, 3, 4]) if (Number(v.toFixed(dp)) === n) return true;
  // "£82k" for 82,350; "£1.2m" for 1,234,000.
  return Math.abs(n - v) / Math.abs(v) <= 0.01 && n >= 1000;
}

/** Catalog products the text names, by id or by full name (case-insensitive, word-bounded). */
export function mentionedProducts(text: string, catalog: Map<string, Product>): string[] {
  const hits: string[] = [];
  for (const p of catalog.values()) {
    const byId = new RegExp(`(?<![\\w-])${escapeRegExp(p.id)}(?![\\w-])`, 'i').test(text);
    const byName = new RegExp(`(?<!\\w)${escapeRegExp(p.name)}(?!\\w)`, 'i').test(text);
    if (byId || byName) hits.push(p.id);
  }
  return hits;
}

/** Is a product id among the grounding ids (which may be namespaced, e.g. `products:cc-1#0`)? */
export function groundedId(id: string, groundingIds: readonly string[]): boolean {
  return groundingIds.some((g) => g === id || g.split(/[:#/|]/).includes(id));
}
