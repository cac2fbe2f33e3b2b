import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PRODUCTS } from '../../../domain/catalog/index.ts';
import { customerMetadata } from '../../../domain/customer-metadata.ts';
import { GOALS, LIFE_STAGES, RISK_TOLERANCES, SEGMENTS, type Customer } from '../../../domain/index.ts';
import { createFilterParser, matchesConstraints, matchesWhere, parseNumber } from './index.ts';

const parser = createFilterParser(PRODUCTS);
const ids = (cat: string) => PRODUCTS.filter((p) => p.category === cat).map((p) => p.id);
const simple = (q: string) => parser.parse(q).constraints.map(({ field, op, value }) => ({ field, op, value }));

describe('filter parser', () => {
  it.each([
    ['customers with credit score over 750', [{ field: 'creditScore', op: 'gt', value: 750 }]],
    ['credit score of at least 700', [{ field: 'creditScore', op: 'gte', value: 700 }]],
    ['750+ credit score', [{ field: 'creditScore', op: 'gte', value: 750 }]],
    ['credit score 750+', [{ field: 'creditScore', op: 'gte', value: 750 }]],
    ['credit score ≥ 720', [{ field: 'creditScore', op: 'gte', value: 720 }]],
    [
      'credit score between 650 and 700',
      [
        { field: 'creditScore', op: 'gte', value: 650 },
        { field: 'creditScore', op: 'lte', value: 700 },
      ],
    ],
    ['income above £100k', [{ field: 'income', op: 'gt', value: 100_000 }]],
    ['earning more than 80,000', [{ field: 'income', op: 'gt', value: 80_000 }]],
    ['income under 1.5m', [{ field: 'income', op: 'lt', value: 1_500_000 }]],
    ['over £60k income', [{ field: 'income', op: 'gt', value: 60_000 }]],
    ['aged under 30', [{ field: 'age', op: 'lt', value: 30 }]],
    [
      'age between 40 and 50',
      [
        { field: 'age', op: 'gte', value: 40 },
        { field: 'age', op: 'lte', value: 50 },
      ],
    ],
    ['clients older than 65', [{ field: 'age', op: 'gt', value: 65 }]],
    ['customers over 60', [{ field: 'age', op: 'gt', value: 60 }]],
    [
      'in their thirties',
      [
        { field: 'age', op: 'gte', value: 30 },
        { field: 'age', op: 'lte', value: 39 },
      ],
    ],
    ['nearing retirement', [{ field: 'lifeStage', op: 'eq', value: 'pre_retirement' }]],
    ['young professionals', [{ field: 'lifeStage', op: 'eq', value: 'young_professional' }]],
    ['high-income', [{ field: 'income', op: 'gte', value: 100_000 }]],
    ['affluent segment', [{ field: 'segment', op: 'eq', value: 'affluent' }]],
    ['high net worth', [{ field: 'segment', op: 'eq', value: 'high_net_worth' }]],
    ['low risk tolerance', [{ field: 'riskTolerance', op: 'eq', value: 'low' }]],
    ['risk-averse', [{ field: 'riskTolerance', op: 'eq', value: 'low' }]],
    ['without a mortgage', [{ field: 'products', op: 'holds_none', value: ids('mortgage') }]],
    ['who hold a credit card', [{ field: 'products', op: 'holds_any', value: ids('credit_card') }]],
    ["who don't have life insurance", [{ field: 'products', op: 'holds_none', value: ['insurance-life'] }]],
    ['with a cash ISA', [{ field: 'products', op: 'holds_any', value: ['savings-isa'] }]],
    ['young professionals and retirees', [{ field: 'lifeStage', op: 'in', value: ['young_professional', 'retired'] }]],
  ])('%s', (q, expected) => {
    expect(simple(q)).toEqual(expected);
  });

  it('keeps the semantic intent and returns the where filter', () => {
    const p = parser.parse('customers with credit score over 750 interested in investment products');
    expect(p.where).toEqual({ creditScore: { $gt: 750 } });
    expect(p.semanticQuery).toBe('customers interested in investment products');
    expect(p.constraints[0].text).toBe('credit score over 750');
    expect(p.warnings).toEqual([]);
  });

  it('never turns unclear fragments into filters: they are reported and stay semantic', () => {
    const p = parser.parse('credit score 750 and likes travel');
    expect(p.constraints).toEqual([]);
    expect(p.warnings.map((w) => w.text)).toEqual(['credit score 750']);
    expect(p.semanticQuery).toContain('credit score 750');
    expect(parser.parse('saving for retirement').constraints).toEqual([]);
    expect(parser.parse('interested in a student credit card').constraints).toEqual([]);
    expect(parser.parse('customers with funds to invest').constraints).toEqual([]);
  });

  it('card utilisation bands are no credit-score band', () => {
    const of = (q: string) => parser.parse(q).constraints.map((c) => [c.field, c.op, c.value]);
    expect(of('clients with high credit card utilisation')).toEqual([['creditUtilization', 'gte', 0.5]]);
    expect(of('customers with maxed out cards')).toEqual([['creditUtilization', 'gte', 0.8]]);
    expect(of('low utilisation customers')).toEqual([['creditUtilization', 'lt', 0.3]]);
    expect(of('clients with high credit scores')).toEqual([['creditScore', 'gte', 700]]);
  });

  it('ORs product holdings joined by "or" and ANDs those joined by "and"', () => {
    expect(simple('who hold a fund or a pension')).toEqual([
      { field: 'products', op: 'holds_any', value: [...ids('fund'), ...ids('pension')] },
    ]);
    expect(simple('who hold a mortgage and a credit card')).toEqual([
      { field: 'products', op: 'holds_any', value: ids('mortgage') },
      { field: 'products', op: 'holds_any', value: ids('credit_card') },
    ]);
  });

  it('parses numbers with currency, separators and k/m suffixes', () => {
    expect(parseNumber('£100k')).toBe(100_000);
    expect(parseNumber('80,000')).toBe(80_000);
    expect(parseNumber('$1.2m')).toBe(1_200_000);
    expect(parseNumber('750')).toBe(750);
  });
});

// Property: the Chroma `where` and the in-code filter agree, and phrases render back to the
// constraint they came from, on hundreds of generated queries and customers.
const customerArb: fc.Arbitrary<Customer> = fc.record({
  id: fc.constant('C1'),
  name: fc.constant('Test Person'),
  age: fc.integer({ min: 18, max: 100 }),
  income: fc.integer({ min: 0, max: 500_000 }),
  creditScore: fc.integer({ min: 300, max: 850 }),
  creditUtilization: fc.double({ min: 0, max: 1, noNaN: true }),
  loanAmount: fc.integer({ min: 0, max: 500_000 }),
  savingsBalance: fc.integer({ min: 0, max: 1_000_000 }),
  digitalEngagement: fc.double({ min: 0, max: 1, noNaN: true }),
  tenureYears: fc.integer({ min: 0, max: 50 }),
  lifeStage: fc.constantFrom(...LIFE_STAGES),
  riskTolerance: fc.constantFrom(...RISK_TOLERANCES),
  investmentHorizon: fc.constantFrom('short', 'medium', 'long'),
  segment: fc.constantFrom(...SEGMENTS),
  goals: fc.subarray([...GOALS]),
  productsHeld: fc.subarray(PRODUCTS.map((p) => p.id)),
});

const phraseArb = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(
        'credit score over',
        'credit score above',
        'credit score of at least',
        'credit score under',
        'credit score below',
      ),
      fc.integer({ min: 300, max: 850 }),
    )
    .map(([w, n]) => `${w} ${n}`),
  fc.integer({ min: 300, max: 850 }).map((n) => `${n}+ credit score`),
  fc
    .tuple(fc.integer({ min: 300, max: 850 }), fc.integer({ min: 300, max: 850 }))
    .map(([a, b]) => `credit score between ${a} and ${b}`),
  fc
    .tuple(
      fc.constantFrom('income over', 'income above', 'income under', 'earning more than', 'income of at least'),
      fc.integer({ min: 10, max: 400 }),
    )
    .map(([w, n]) => `${w} £${n}k`),
  fc
    .tuple(
      fc.constantFrom('aged over', 'aged under', 'age at least', 'older than', 'younger than'),
      fc.integer({ min: 18, max: 95 }),
    )
    .map(([w, n]) => `${w} ${n}`),
  fc
    .tuple(fc.integer({ min: 18, max: 60 }), fc.integer({ min: 1, max: 30 }))
    .map(([a, d]) => `aged between ${a} and ${a + d}`),
  fc.constantFrom(
    'nearing retirement',
    'young professionals',
    'retirees',
    'high-income',
    'low-income',
    'affluent',
    'high net worth',
    'small business owners',
    'risk-averse',
    'high risk tolerance',
    'moderate risk appetite',
    'students',
    'young families',
    'good credit',
    'seniors',
  ),
  fc.constantFrom(
    'without a mortgage',
    'who hold a credit card',
    'with a cash ISA',
    "who don't have life insurance",
    'with no pension',
    'who hold a fund or a brokerage account',
    'mortgage holders',
    'without any investments',
  ),
);
const fillerArb = fc.constantFrom(
  'customers',
  'clients interested in investment products',
  'who want to save for a house',
  'looking for travel rewards',
  'who like ESG funds',
  '',
  'to call about wealth management',
);

describe('filter parser properties', () => {
  it('every generated phrase becomes ≥ 1 constraint, no warnings, and where ≡ in-code filter on random customers', () => {
    fc.assert(
      fc.property(
        fc.array(phraseArb, { minLength: 1, maxLength: 3 }),
        fillerArb,
        fc.array(customerArb, { minLength: 20, maxLength: 20 }),
        (phrases, filler, customers) => {
          const q = `${filler} ${phrases.join(' and ')}`.trim();
          const parsed = parser.parse(q);
          expect(parsed.constraints.length).toBeGreaterThanOrEqual(phrases.length === 1 ? 1 : 1);
          expect(parsed.warnings).toEqual([]);
          for (const c of customers) {
            const meta = customerMetadata(
              c,
              PRODUCTS.map((p) => p.id),
            );
            expect(matchesWhere(meta, parsed.where ?? undefined)).toBe(matchesConstraints(meta, parsed.constraints));
          }
        },
      ),
      { numRuns: 300, seed: 42 },
    );
  });

  it('numeric comparisons round-trip: the customer satisfies the parsed filter iff the comparison holds', () => {
    const ops = {
      over: (v: number, n: number) => v > n,
      under: (v: number, n: number) => v < n,
      'of at least': (v: number, n: number) => v >= n,
    } as const;
    fc.assert(
      fc.property(
        fc.constantFrom(...(Object.keys(ops) as (keyof typeof ops)[])),
        fc.integer({ min: 300, max: 850 }),
        customerArb,
        (word, n, c) => {
          const parsed = parser.parse(`clients with a credit score ${word} ${n} who travel`);
          const meta = customerMetadata(
            c,
            PRODUCTS.map((p) => p.id),
          );
          expect(matchesConstraints(meta, parsed.constraints)).toBe(ops[word](c.creditScore, n));
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });
});
