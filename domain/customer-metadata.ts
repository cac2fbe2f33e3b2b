import type { Metadata } from '../lib/vector-store/types.ts';
import { CustomerSchema, GOALS, type Customer } from './customer.ts';

/**
 * The filterable metadata stored with each record of the `customers` collection — the contract
 * between ingestion (writes it) and retrieval (filters on it with Chroma `where` and in code).
 *
 * - Scalars keep the Customer field names (`creditScore`, `income`, `age`, `segment`, …).
 * - Every catalog product gets a boolean `holds_<productId>` (true/false, never absent), so that
 *   "holds any of" is `$or` of `true` and "holds none of" is `$and` of `false`.
 * - Every goal gets a boolean `goal_<goal>`; lists are also kept as comma-joined strings.
 * Chroma metadata cannot hold arrays, hence the flattening; `customerFromMetadata` inverts it.
 */
export const HOLDS_PREFIX = 'holds_';
const GOAL_PREFIX = 'goal_';
export const holdsKey = (productId: string) => `${HOLDS_PREFIX}${productId}`;

export function customerMetadata(customer: Customer, productIds: readonly string[]): Metadata {
  const held = new Set(customer.productsHeld);
  const goals = new Set<string>(customer.goals);
  const meta: Metadata = {
    id: customer.id,
    name: customer.name,
    age: customer.age,
    income: customer.income,
    creditScore: customer.creditScore,
    creditUtilization: customer.creditUtilization,
    loanAmount: customer.loanAmount,
    savingsBalance: customer.savingsBalance,
    digitalEngagement: customer.digitalEngagement,
    tenureYears: customer.tenureYears,
    lifeStage: customer.lifeStage,
    riskTolerance: customer.riskTolerance,
    investmentHorizon: customer.investmentHorizon,
    segment: customer.segment,
    goals: customer.goals.join(','),
    productsHeld: customer.productsHeld.join(','),
    productCount: customer.productsHeld.length,
  };
  if (customer.notes !== undefined) meta.notes = customer.notes;
  if (customer.rmId !== undefined) meta.rmId = customer.rmId;
  for (const id of new Set([...productIds, ...held])) meta[holdsKey(id)] = held.has(id);
  for (const g of GOALS) meta[`${GOAL_PREFIX}${g}`] = goals.has(g);
  return meta;
}

const split = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v.split(',') : []);

/** Inverse of customerMetadata (validated: a malformed record throws naming the field). */
export function customerFromMetadata(meta: Metadata): Customer {
  return CustomerSchema.parse({
    id: meta.id,
    name: meta.name,
    age: meta.age,
    income: meta.income,
    creditScore: meta.creditScore,
    creditUtilization: meta.creditUtilization,
    loanAmount: meta.loanAmount,
    savingsBalance: meta.savingsBalance,
    digitalEngagement: meta.digitalEngagement,
    tenureYears: meta.tenureYears,
    lifeStage: meta.lifeStage,
    riskTolerance: meta.riskTolerance,
    investmentHorizon: meta.investmentHorizon,
    segment: meta.segment,
    goals: split(meta.goals),
    productsHeld: split(meta.productsHeld),
    ...(typeof meta.notes === 'string' ? { notes: meta.notes } : {}),
    ...(typeof meta.rmId === 'string' ? { rmId: meta.rmId } : {}),
  });
}
