import { describe, expect, it } from 'vitest';
import { PRODUCTS } from '../../../domain/catalog/index.ts';
import type { Customer } from '../../../domain/index.ts';
import { GUARANTEE_ANSWER } from '../prompts/index.ts';
import { trimToTopic } from '../grounding.ts';
import { buildContext, checkRecommendations, needsDisclaimer, SentenceGate } from '../guardrails/index.ts';
import { applySuitability } from '../../../ml/recommender/suitability.ts';
import { templateAnswer } from './template.ts';
import { detectTopic } from './template-topic.ts';
import { TEST_CUSTOMER } from '../../../testkit/grounding.ts';
import type { Grounding } from './types.ts';

/**
 * Content of the template answers on fixed groundings built from the real catalog and the real
 * suitability rules, with a fixed recommender ranking (the order the lead saw for a retired,
 * medium-risk customer: everyday products first, investments further down).
 */
const RETIREE: Customer = {
  ...TEST_CUSTOMER,
  id: 'C0000881',
  name: 'Pat Example',
  age: 68,
  lifeStage: 'retired',
  riskTolerance: 'medium',
  investmentHorizon: 'medium',
  goals: ['retirement'],
  productsHeld: ['current-everyday'],
  notes: '',
};
const RANKING = [
  'current-premier',
  'card-cashback',
  'deposit-6m',
  'savings-easy-access',
  'insurance-travel',
  'card-balance-transfer',
  'deposit-12m',
  'loan-personal',
  'fund-balanced',
  'savings-isa',
  'pension-annuity',
  'fund-bond',
  'wealth-managed-portfolio',
  'mortgage-fixed-5y',
  'brokerage-stocks-isa',
  'pension-sipp',
  'insurance-home',
  'fund-equity',
  'fund-emerging',
  'brokerage-trading',
  'wealth-premier',
];

/** What buildGrounding produces: the whole suitable ranking, trimmed to the top 5 plus the message's topic. */
function groundingFor(customer: Customer, message: string, ranking = RANKING): Grounding {
  const { allowed, excluded } = applySuitability(customer, PRODUCTS);
  const ranked = ranking
    .filter((id) => allowed.has(id))
    .map((productId, i) => ({
      productId,
      rank: i + 1,
      score: Number((0.9 - i * 0.03).toFixed(3)),
      similarity: 0.5,
      explanation: {
        baseValue: 0.4,
        method: 'exact' as const,
        contributions: [{ group: 'age_life_stage', label: 'Life stage', featureValue: 'retired', value: 0.04 }],
      },
    }));
  const items = trimToTopic(ranked, message, PRODUCTS);
  const ids = new Set([...items.map((i) => i.productId), ...excluded.map((e) => e.productId)]);
  return {
    mode: 'customer',
    customer,
    products: PRODUCTS.filter((p) => ids.has(p.id)),
    passages: [],
    recommendations: { customerId: customer.id, modelVersion: 'two-tower@fixed', items, excluded },
  };
}

const category = (id: string) => PRODUCTS.find((p) => p.id === id)!.category;
const listedNames = (answer: string) => [...answer.matchAll(/^\d+\. ([^:]+):/gm)].map((m) => m[1]);

/** The answer as the chat would show it: every sentence through the guardrails, recommendations checked. */
function guarded(g: Grounding, message: string) {
  const a = templateAnswer(g, message);
  const ctx = buildContext(g, message);
  const gate = new SentenceGate(ctx);
  gate.push(a.answer);
  gate.flush();
  expect(gate.violations).toEqual([]);
  expect(checkRecommendations(a, ctx)).toEqual([]);
  // Structured recommendations = the numbered list, in order.
  expect(listedNames(a.answer)).toEqual(a.recommendations.map((r) => PRODUCTS.find((p) => p.id === r.productId)!.name));
  // Never a product outside the grounded recommended set.
  const grounded = new Set(g.recommendations!.items.map((i) => i.productId));
  for (const r of a.recommendations) expect(grounded.has(r.productId)).toBe(true);
  return a;
}

describe('template answers the question asked', () => {
  it('investment + guarantee question: suitable investments, why equity funds are out, no guarantee, capital-safe options', () => {
    const msg = 'Which investment would suit me? Is anything guaranteed?';
    const g = groundingFor(RETIREE, msg);
    const a = guarded(g, msg);
    const recs = a.recommendations.map((r) => r.productId);
    expect(recs.slice(0, 3)).toEqual(['fund-balanced', 'pension-annuity', 'fund-bond']);
    expect(
      recs.slice(0, 3).every((id) => ['fund', 'brokerage', 'wealth_management', 'pension'].includes(category(id))),
    ).toBe(true);
    expect(a.answer).toContain('these suitable investment products fit best:');
    expect(a.answer).not.toMatch(/Cashback Credit Card|Premier Current Account/);
    expect(a.answer).toContain(GUARANTEE_ANSWER.text);
    // Capital-safe (risk level 1 savings/deposits) from the grounding, listed and in the structure.
    expect(recs.slice(3)).toEqual(['deposit-6m', 'savings-easy-access']);
    expect(a.answer).toContain('at risk level 1 of 5:\n4. 6-Month Fixed Term Deposit');
    // Exclusions of the topic cited with the rule's numbers.
    expect(a.answer).toContain(
      "Not suitable: Global Equity Growth Fund (risk level 4 above tolerance 'medium' (max 3)); Sustainable Future ESG Fund (risk level 4 above tolerance 'medium' (max 3)); Emerging Markets Opportunities Fund (risk level 5 above tolerance 'medium' (max 3)).",
    );
    expect(a.recommendations[0]!.risks).toContain('Capital at risk');
    expect(needsDisclaimer(a, g)).toBe(true);
  });

  it('says plainly when no investment is suitable, citing the exclusion rules, then offers what does fit', () => {
    const cautious: Customer = {
      ...RETIREE,
      riskTolerance: 'low',
      productsHeld: ['current-everyday', 'fund-bond', 'pension-annuity'],
    };
    const msg = 'Which investment would suit me?';
    // A ranking whose only suitable investments are already held: none left in the topic.
    const g = groundingFor(
      cautious,
      msg,
      RANKING.filter(
        (id) => !['fund-balanced', 'wealth-managed-portfolio', 'brokerage-stocks-isa', 'pension-sipp'].includes(id),
      ),
    );
    const a = guarded(g, msg);
    expect(a.answer).toMatch(/^None of our investment products is suitable for you right now: /);
    expect(a.answer).toContain('Sterling Bond Fund (customer already holds fund-bond)');
    expect(a.answer).toContain("Global Equity Growth Fund (risk level 4 above tolerance 'low' (max 2))");
    expect(a.answer).toContain('these other products fit best:');
    expect(a.recommendations.map((r) => r.productId)).toEqual(['current-premier', 'card-cashback', 'deposit-6m']);
  });

  it('savings question: savings and deposits only', () => {
    const msg = 'Where should I keep my savings to earn interest?';
    const a = guarded(groundingFor(RETIREE, msg), msg);
    expect(a.recommendations.map((r) => r.productId)).toEqual(['deposit-6m', 'savings-easy-access', 'deposit-12m']);
    expect(a.answer).toContain('these suitable savings and deposit products fit best:');
    expect(a.answer).not.toContain(GUARANTEE_ANSWER.text);
  });

  it('borrowing question: loans and mortgages from the grounding', () => {
    const msg = 'Could I borrow money for a new kitchen?';
    const g = groundingFor(RETIREE, msg);
    const a = guarded(g, msg);
    const recs = a.recommendations.map((r) => r.productId);
    expect(recs.length).toBeGreaterThan(0);
    for (const id of recs) expect(['personal_loan', 'mortgage']).toContain(category(id));
    expect(recs[0]).toBe('loan-personal');
    expect(needsDisclaimer(a, g)).toBe(false);
  });

  it('guarantee question alone: the honest sentence and the capital-safe products', () => {
    const msg = 'Can I lose money with you?';
    const a = guarded(groundingFor(RETIREE, msg), msg);
    expect(a.answer).toContain(GUARANTEE_ANSWER.text);
    expect(a.answer).toContain('6-Month Fixed Term Deposit');
    expect(a.answer).not.toMatch(/will (?:definitely|certainly) grow|risk-free/i);
  });

  it('off-topic or general questions get the overall best fits (no topic claimed), identically', () => {
    const g = groundingFor(RETIREE, 'What is the weather like today?');
    const a = guarded(g, 'What is the weather like today?');
    expect(a.answer).toContain('these products fit best:');
    expect(a.answer).not.toMatch(/suitable \w+ products fit best|None of our/);
    expect(a.recommendations.map((r) => r.productId)).toEqual(['current-premier', 'card-cashback', 'deposit-6m']);
    expect(templateAnswer(g, 'What is the weather like today?')).toEqual(a);
  });

  it('a named product comes first; a named unsuitable product is refused with its rule', () => {
    const msg = 'Tell me about the Cash ISA.';
    const a = guarded(groundingFor(RETIREE, msg), msg);
    expect(a.recommendations[0]!.productId).toBe('savings-isa');
    const b = guarded(
      groundingFor(RETIREE, 'What about the Emerging Markets Opportunities Fund?'),
      'What about the Emerging Markets Opportunities Fund?',
    );
    expect(b.answer).toMatch(
      /^Not suitable for you: Emerging Markets Opportunities Fund \(risk level 5 above tolerance 'medium' \(max 3\)\)\./,
    );
    expect(b.recommendations.map((r) => r.productId)).not.toContain('fund-emerging');
  });

  it('RM mode keeps the overall ranking whatever the topic', () => {
    const msg = 'Which investment would suit C0000881?';
    const g = { ...groundingFor(RETIREE, msg), mode: 'rm' as const };
    const a = templateAnswer(g, msg);
    expect(a.recommendations.map((r) => r.productId)).toEqual(['current-premier', 'card-cashback', 'deposit-6m']);
    expect(a.answer).toContain('For C0000881 (');
    expect(a.answer).not.toContain(GUARANTEE_ANSWER.text);
  });
});

describe('detectTopic / trimToTopic', () => {
  it('maps keywords to topics, with the ambiguous cases resolved', () => {
    expect(detectTopic('Which investment would suit me? Is anything guaranteed?')).toMatchObject({
      topics: ['investment'],
      guarantee: true,
    });
    expect(detectTopic('Where should I keep an emergency fund?').topics).toEqual(['savings']);
    expect(detectTopic('Tell me about the Cash ISA', PRODUCTS).topics).toEqual(['savings']);
    expect(detectTopic('Is a stocks and shares ISA right for me?').topics).toEqual(['investment']);
    expect(detectTopic('Do I need home insurance?').topics).toEqual(['insurance']);
    expect(detectTopic("I'm saving for my first home").topics).toEqual(['savings', 'lending']);
    expect(detectTopic('How can I protect my family?').topics).toEqual(['insurance']);
    expect(detectTopic('hello there')).toMatchObject({ topics: [], guarantee: false });
    expect(detectTopic('can you help', [], 'getting_virtual_card').topics).toEqual(['cards']);
  });

  it('keeps the top 5 and adds up to 3 suitable products per asked-about category, in rank order', () => {
    const items = RANKING.map((productId) => ({ productId }));
    expect(trimToTopic(items, 'hi', PRODUCTS).map((i) => i.productId)).toEqual(RANKING.slice(0, 5));
    const inv = trimToTopic(items, 'any investments?', PRODUCTS).map((i) => i.productId);
    expect(inv).toEqual([
      ...RANKING.slice(0, 5),
      'fund-balanced',
      'pension-annuity',
      'fund-bond',
      'wealth-managed-portfolio',
      'brokerage-stocks-isa',
      'pension-sipp',
      'fund-equity',
      'brokerage-trading',
      'wealth-premier',
    ]);
  });
});
