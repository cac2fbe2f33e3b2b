import { z } from 'zod';

export const PRODUCT_CATEGORIES = [
  'current_account',
  'credit_card',
  'personal_loan',
  'mortgage',
  'savings',
  'term_deposit',
  'fund',
  'brokerage',
  'wealth_management',
  'insurance',
  'pension',
] as const;

/** Categories whose products are investments: they always carry the investment disclaimer. */
export const INVESTMENT_CATEGORIES: ReadonlySet<string> = new Set([
  'fund',
  'brokerage',
  'wealth_management',
  'pension',
]);

const EligibilitySchema = z.object({
  minCreditScore: z.number().int().min(300).max(850).default(300),
  minIncome: z.number().min(0).default(0),
  minAge: z.number().int().min(0).default(18),
  maxAge: z.number().int().min(0).max(120).default(120),
});

export const ProductSchema = z.object({
  id: z.string().regex(/^[a-z0-9_-]{1,64}$/),
  name: z.string().min(1),
  category: z.enum(PRODUCT_CATEGORIES),
  /** 1 (capital safe) … 5 (speculative). */
  riskLevel: z.number().int().min(1).max(5),
  /** Expected annual yield in percent (savings, deposits, funds), if any. */
  expectedYieldPct: z.number().optional(),
  /** Annual percentage rate in percent (cards, loans, mortgages), if any. */
  aprPct: z.number().optional(),
  /** Term in months; 0 = open-ended. */
  durationMonths: z.number().int().min(0),
  annualFee: z.number().min(0),
  /** Other fees, in words ("1% entry fee", "0.45% a year management fee"). */
  feeNotes: z.string().default(''),
  eligibility: EligibilitySchema,
  /** A short terms document, chunked into the `products` collection. */
  terms: z.string().min(1),
});
export type Product = z.infer<typeof ProductSchema>;
export type ProductCategory = Product['category'];

export const isInvestment = (p: Pick<Product, 'category'>) => INVESTMENT_CATEGORIES.has(p.category);
