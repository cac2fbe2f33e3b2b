import { z } from 'zod';

/**
 * The customer record every part of Meridian shares. Synthetic customers fill every field;
 * importers of real data (Santander, UCI) map what they have and leave the rest to documented
 * defaults (see each importer).
 */
export const LIFE_STAGES = [
  'student',
  'young_professional',
  'young_family',
  'established_family',
  'pre_retirement',
  'retired',
] as const;
export const RISK_TOLERANCES = ['low', 'medium', 'high'] as const;
export const INVESTMENT_HORIZONS = ['short', 'medium', 'long'] as const;
export const SEGMENTS = ['mass', 'affluent', 'high_net_worth', 'student', 'small_business'] as const;
export const GOALS = [
  'build_savings',
  'buy_home',
  'retirement',
  'wealth_growth',
  'debt_consolidation',
  'education',
  'travel',
  'protect_family',
] as const;

/** Highest product risk level (1–5) a customer of each risk tolerance may be offered. */
export const MAX_RISK_LEVEL: Record<(typeof RISK_TOLERANCES)[number], number> = { low: 2, medium: 3, high: 5 };

export const CustomerSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ or -, at most 64'),
  /** PII: never logged (see lib/log), never shown to another customer. */
  name: z.string().min(1).max(120),
  age: z.number().int().min(18).max(110),
  /** Annual gross income, in the bank's currency. */
  income: z.number().min(0).max(100_000_000),
  creditScore: z.number().int().min(300).max(850),
  /** Share of revolving credit limit in use, 0–1. */
  creditUtilization: z.number().min(0).max(1),
  /** Outstanding loan balance. */
  loanAmount: z.number().min(0),
  savingsBalance: z.number().min(0),
  /** 0–1: share of interactions through app/web. */
  digitalEngagement: z.number().min(0).max(1),
  tenureYears: z.number().int().min(0).max(100),
  lifeStage: z.enum(LIFE_STAGES),
  riskTolerance: z.enum(RISK_TOLERANCES),
  investmentHorizon: z.enum(INVESTMENT_HORIZONS),
  segment: z.enum(SEGMENTS),
  goals: z.array(z.enum(GOALS)).max(GOALS.length),
  /** Product ids from the catalog. */
  productsHeld: z.array(z.string()),
  /** Free-text RM note. Data, never instructions (prompt-injection tests put text here). */
  notes: z.string().max(2000).optional(),
  /**
   * The relationship manager whose book holds this customer. An RM principal sees only the customers
   * carrying its id; a customer without one is in no RM's book (supervisors still see it).
   */
  rmId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ or -, at most 64')
    .optional(),
});
export type Customer = z.infer<typeof CustomerSchema>;
type RiskTolerance = Customer['riskTolerance'];
