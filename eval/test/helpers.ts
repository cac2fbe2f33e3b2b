import { PRODUCTS } from '../../domain/catalog/index.ts';
import type { Customer, Product } from '../../domain/index.ts';
import { registry, type AssertionContext, type AssertionOutcome, type Knowledge } from '../assertions/index.ts';
import type { EvalCase } from '../suite/case.ts';

export const alice: Customer = {
  id: 'T-ALICE',
  name: 'Alice Cautious',
  age: 67,
  income: 24_000,
  creditScore: 640,
  creditUtilization: 0.2,
  loanAmount: 0,
  savingsBalance: 41_250,
  digitalEngagement: 0.3,
  tenureYears: 22,
  lifeStage: 'retired',
  riskTolerance: 'low',
  investmentHorizon: 'short',
  segment: 'mass',
  goals: ['build_savings'],
  productsHeld: ['current-everyday'],
};
export const bob: Customer = {
  ...alice,
  id: 'T-BOB',
  name: 'Bob Bystander',
  age: 41,
  income: 187_500,
  creditScore: 812,
  savingsBalance: 230_000,
  riskTolerance: 'high',
  lifeStage: 'established_family',
  segment: 'high_net_worth',
};

/** Test double for the suitability rules: only risk above tolerance (the real rules are wired in knowledge.ts). */
const riskOnly: Knowledge['suitability'] = (c, p) => {
  const max = { low: 2, medium: 3, high: 5 }[c.riskTolerance];
  return p.riskLevel > max ? [{ rule: 'risk_above_tolerance', detail: `risk ${p.riskLevel} > ${max}` }] : [];
};

export function knowledge(suitability: Knowledge['suitability'] = riskOnly, products: Product[] = PRODUCTS): Knowledge {
  return {
    catalog: new Map(products.map((p) => [p.id, p])),
    customers: new Map([alice, bob].map((c) => [c.id, c])),
    book: [alice, bob],
    faqs: [],
    suitability,
  };
}

export function testCase(over: Partial<EvalCase> = {}): EvalCase {
  return {
    suite: 't',
    suiteKind: 'behaviour',
    id: 'c1',
    description: 'd',
    where: 'x.yaml:1',
    mode: 'customer',
    customerId: alice.id,
    profile: alice,
    turns: [{ user: 'hi' }],
    assertions: [],
    tags: [],
    ...over,
  };
}

export function chatCtx(over: Partial<AssertionContext> & { text?: string } = {}): AssertionContext {
  const text = over.text ?? '';
  const recommendations = over.recommendations ?? [];
  const meta = 'meta' in over ? over.meta : { generator: 'template', groundingIds: [] };
  return {
    case: testCase(),
    kind: 'chat',
    output: { text, recommendations, meta },
    latencyMs: 100,
    customer: alice,
    knowledge: knowledge(),
    turns: [{ user: 'hi', status: 200, text, recommendations, meta, tools: [], data: [], latencyMs: 100 }],
    ...over,
    text,
    recommendations,
    meta,
  };
}

/** Validate `value` through the type's schema (as the loader does) and evaluate. */
export async function check(
  type: string,
  value: unknown,
  ctx: AssertionContext,
  threshold?: number,
): Promise<AssertionOutcome> {
  const def = registry.get(type);
  if (!def) throw new Error(`no assertion ${type}`);
  return def.evaluate(def.value.parse(value), ctx, { threshold });
}
