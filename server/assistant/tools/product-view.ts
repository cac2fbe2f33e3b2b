import { z } from 'zod';
import { NEW_PRODUCT_IDS } from '../../../domain/catalog/index.ts';
import { formatMoney, formatRate } from '../../../domain/format.ts';
import { isInvestment, type Product } from '../../../domain/index.ts';

/** A catalog product as tools return it: the figures people ask about, nothing internal. */
export const ProductFactsSchema = z.object({
  id: z.string(),
  name: z.string(),
  category: z.string(),
  riskLevel: z.number(),
  annualFee: z.number(),
  feeNotes: z.string(),
  aprPct: z.number().optional(),
  expectedYieldPct: z.number().optional(),
  durationMonths: z.number(),
  eligibility: z.object({ minCreditScore: z.number(), minIncome: z.number(), minAge: z.number(), maxAge: z.number() }),
  investment: z.boolean(),
  isNew: z.boolean(),
  terms: z.string(),
});
export type ProductFacts = z.infer<typeof ProductFactsSchema>;

export function productFacts(p: Product): ProductFacts {
  return {
    id: p.id,
    name: p.name,
    category: p.category,
    riskLevel: p.riskLevel,
    annualFee: p.annualFee,
    feeNotes: p.feeNotes,
    ...(p.aprPct !== undefined ? { aprPct: p.aprPct } : {}),
    ...(p.expectedYieldPct !== undefined ? { expectedYieldPct: p.expectedYieldPct } : {}),
    durationMonths: p.durationMonths,
    eligibility: { ...p.eligibility },
    investment: isInvestment(p),
    isNew: NEW_PRODUCT_IDS.has(p.id),
    terms: p.terms,
  };
}

/** Eligibility rules in words ("a credit score of at least 700 and an income of at least £40,000"), or undefined when any adult qualifies. */
export function eligibilityWords(e: ProductFacts['eligibility']): string | undefined {
  const rules: string[] = [];
  if (e.minCreditScore > 300) rules.push(`a credit score of at least ${e.minCreditScore}`);
  if (e.minIncome > 0) rules.push(`an income of at least ${formatMoney(e.minIncome)} a year`);
  if (e.minAge > 18) rules.push(`being aged ${e.minAge} or over`);
  if (e.maxAge < 120) rules.push(`being aged ${e.maxAge} or under`);
  if (!rules.length) return undefined;
  return rules.length === 1 ? rules[0] : `${rules.slice(0, -1).join(', ')} and ${rules.at(-1)}`;
}

/** One grounding line with every figure of the product. */
export function productFactLine(p: ProductFacts): string {
  const parts = [
    `product ${p.id}: ${p.name}`,
    `category ${p.category.replace(/_/g, ' ')}`,
    `risk level ${p.riskLevel} of 5`,
    `annual fee ${formatMoney(p.annualFee)}`,
  ];
  if (p.feeNotes) parts.push(`fees: ${p.feeNotes}`);
  if (p.aprPct !== undefined) parts.push(`APR ${formatRate(p.aprPct)}`);
  if (p.expectedYieldPct !== undefined) parts.push(`expected yield ${formatRate(p.expectedYieldPct)} a year`);
  parts.push(p.durationMonths > 0 ? `term ${p.durationMonths} months` : 'no fixed term');
  parts.push(`eligibility: ${eligibilityWords(p.eligibility) ?? 'any adult'}`);
  if (p.isNew) parts.push('new product');
  // The terms text is what the answer quotes for details: its figures are grounded with it.
  parts.push(`terms: ${p.terms}`);
  return parts.join(' | ');
}
