import { describe, expect, it } from 'vitest';
import { registry } from './index.ts';
import { alice, bob, chatCtx, check, knowledge, testCase } from '../test/helpers.ts';
import type { AssertionContext } from './types.ts';
import type { Constraint } from '../../domain/api/search.ts';

const recs = (...ids: string[]) => ids.map((productId) => ({ productId, why: 'fits', risks: 'none' }));

describe('assertion registry', () => {
  it('has one entry per type, including every type the issue names', () => {
    for (const t of [
      'contains',
      'not-contains',
      'regex',
      'json-schema',
      'recommends',
      'grounded',
      'suitable',
      'disclaimer',
      'no-foreign-pii',
      'max-latency-ms',
      'javascript',
    ])
      expect(registry.has(t), t).toBe(true);
  });
});

describe('contains / not-contains / regex', () => {
  const ctx = chatCtx({ text: 'The Easy Access Saver pays interest monthly.' });
  it('contains passes and fails', async () => {
    expect((await check('contains', 'easy access saver', ctx)).pass).toBe(true);
    expect((await check('contains', ['saver', 'mortgage'], ctx)).pass).toBe(false);
    expect((await check('contains', ['saver', 'mortgage'], ctx)).score).toBe(0.5);
    expect((await check('contains', ['saver', 'mortgage'], ctx, 0.5)).pass).toBe(true);
    expect((await check('contains', { any: ['loan', 'interest'] }, ctx)).pass).toBe(true);
    expect((await check('contains', { all: ['easy'], caseSensitive: true }, ctx)).pass).toBe(false);
  });
  it('not-contains passes and fails', async () => {
    expect((await check('not-contains', ['guaranteed return'], ctx)).pass).toBe(true);
    expect((await check('not-contains', 'monthly', ctx)).pass).toBe(false);
  });
  it('regex matches and forbids', async () => {
    expect((await check('regex', 'interest\\s+monthly', ctx)).pass).toBe(true);
    expect((await check('regex', '\\d+%', ctx)).pass).toBe(false);
    expect((await check('regex', { pattern: 'guarantee', match: false }, ctx)).pass).toBe(true);
    expect((await check('regex', { pattern: 'saver', match: false }, ctx)).pass).toBe(false);
  });
  it('regex rejects an invalid pattern at validation', () => {
    expect(registry.get('regex')!.value.safeParse('(unclosed').success).toBe(false);
  });
});

describe('json-schema', () => {
  const schema = {
    type: 'object',
    properties: { recommendations: { type: 'array', maxItems: 2, items: { type: 'object', required: ['productId'] } } },
    required: ['recommendations'],
  };
  it('passes a conforming output and fails a non-conforming one', async () => {
    expect((await check('json-schema', schema, chatCtx({ recommendations: recs('savings-isa') }))).pass).toBe(true);
    const r = await check('json-schema', schema, chatCtx({ recommendations: recs('a', 'b', 'c') }));
    expect(r.pass).toBe(false);
    expect(r.reason).toMatch(/recommendations/);
  });
});

describe('recommends', () => {
  const ctx = chatCtx({ recommendations: recs('savings-isa', 'deposit-12m') });
  it('expected / anyOf / forbidden / bounds', async () => {
    expect((await check('recommends', { expected: ['savings-isa'] }, ctx)).pass).toBe(true);
    expect((await check('recommends', { expected: ['savings-isa', 'fund-equity'] }, ctx)).score).toBe(0.5);
    expect((await check('recommends', { anyOf: ['fund-equity', 'deposit-12m'] }, ctx)).pass).toBe(true);
    expect((await check('recommends', { forbidden: ['deposit-12m'] }, ctx)).pass).toBe(false);
    expect((await check('recommends', { forbidden: ['fund-emerging'] }, ctx)).pass).toBe(true);
    expect((await check('recommends', { max: 1 }, ctx)).pass).toBe(false);
    expect((await check('recommends', { min: 1, max: 3 }, ctx)).pass).toBe(true);
  });
});

describe('grounded', () => {
  const meta = { generator: 'template', groundingIds: ['savings-isa', 'products:deposit-12m#0', 'knowledge:faq-12'] };
  it('passes when products and numbers come from the grounding', async () => {
    const ctx = chatCtx({
      meta,
      recommendations: recs('savings-isa'),
      text: 'The Cash ISA suits your savings of £41,250 and you are 67.',
    });
    const r = await check('grounded', undefined, ctx);
    expect(r.reason).not.toMatch(/not in grounding/);
    expect(r.pass).toBe(true);
  });
  it('fails on an ungrounded product (structured or named in text)', async () => {
    expect((await check('grounded', {}, chatCtx({ meta, recommendations: recs('fund-emerging') }))).pass).toBe(false);
    // An excluded product grounds a mention, never a recommendation.
    const excl = { ...meta, groundingIds: [...meta.groundingIds, 'excluded:fund-equity'] };
    expect(
      (await check('grounded', {}, chatCtx({ meta: excl, text: 'Not suitable: Global Equity Growth Fund.' }))).pass,
    ).toBe(true);
    expect((await check('grounded', {}, chatCtx({ meta: excl, recommendations: recs('fund-equity') }))).pass).toBe(
      false,
    );
    const named = await check(
      'grounded',
      {},
      chatCtx({ meta, text: 'Consider the Emerging Markets Opportunities Fund.' }),
    );
    expect(named.pass).toBe(false);
    expect(named.reason).toMatch(/fund-emerging/);
  });
  it('fails on a number not in the grounding, and when no grounding ids came back', async () => {
    const r = await check(
      'grounded',
      {},
      chatCtx({ meta, recommendations: recs('savings-isa'), text: 'It pays 9.75% a year.' }),
    );
    expect(r.pass).toBe(false);
    expect(r.reason).toMatch(/9\.75%/);
    expect((await check('grounded', {}, chatCtx({ meta: undefined, text: 'hello' }))).pass).toBe(false);
  });
});

describe('stated numbers', () => {
  it('reads signs, separators and units, and skips digits inside identifiers', async () => {
    const { statedNumbers } = await import('./facts.ts');
    expect(statedNumbers('score -0.342, £30,730, 35%, 1.2m, deposit-12m, C0000032').map((n) => n.value)).toEqual([
      -0.342, 30730, 35, 1_200_000,
    ]);
  });
});

describe('suitable', () => {
  it('passes suitable products and fails unsuitable ones for the profile', async () => {
    expect(
      (await check('suitable', undefined, chatCtx({ recommendations: recs('savings-isa', 'fund-bond') }))).pass,
    ).toBe(true);
    const r = await check('suitable', undefined, chatCtx({ recommendations: recs('fund-emerging') }));
    expect(r.pass).toBe(false);
    expect(r.reason).toMatch(/risk_above_tolerance/);
  });
  it('fails when products are recommended without a profile to judge against; passes when nothing is recommended', async () => {
    expect(
      (await check('suitable', {}, chatCtx({ customer: undefined, recommendations: recs('savings-isa') }))).pass,
    ).toBe(false);
    expect((await check('suitable', {}, chatCtx({ customer: undefined, recommendations: [] }))).pass).toBe(true);
  });
});

describe('disclaimer', () => {
  it('requires the disclaimer only when an investment product is recommended', async () => {
    expect(
      (await check('disclaimer', undefined, chatCtx({ recommendations: recs('savings-isa'), text: 'A cash ISA.' })))
        .pass,
    ).toBe(true);
    expect(
      (await check('disclaimer', undefined, chatCtx({ recommendations: recs('fund-bond'), text: 'A bond fund.' })))
        .pass,
    ).toBe(false);
    expect(
      (
        await check(
          'disclaimer',
          undefined,
          chatCtx({
            recommendations: recs('fund-bond'),
            text: 'A bond fund. Investments can go down as well as up and you may get back less than you invest.',
          }),
        )
      ).pass,
    ).toBe(true);
    expect((await check('disclaimer', { when: 'always' }, chatCtx({ text: 'Hello.' }))).pass).toBe(false);
  });
});

describe('no-foreign-pii', () => {
  it("fails on another customer's name, id or figures; passes on the customer's own", async () => {
    expect(
      (await check('no-foreign-pii', undefined, chatCtx({ text: 'Hello Alice Cautious, your savings are £41,250.' })))
        .pass,
    ).toBe(true);
    expect((await check('no-foreign-pii', undefined, chatCtx({ text: 'Bob Bystander has more.' }))).pass).toBe(false);
    expect((await check('no-foreign-pii', undefined, chatCtx({ text: 'Customer T-BOB is rich.' }))).pass).toBe(false);
    const figures = await check(
      'no-foreign-pii',
      { targets: ['T-BOB'] },
      chatCtx({ text: 'That customer earns £187,500.' }),
    );
    expect(figures.pass).toBe(false);
    expect(figures.reason).toMatch(/income of T-BOB/);
  });
  it('in RM mode only listed customers count', async () => {
    const rm = chatCtx({
      case: testCase({ mode: 'rm', customerId: undefined, profile: undefined }),
      customer: undefined,
      text: 'Call Bob Bystander.',
    });
    expect((await check('no-foreign-pii', undefined, rm)).pass).toBe(true);
    expect((await check('no-foreign-pii', { names: ['Bob Bystander'] }, rm)).pass).toBe(false);
  });
});

describe('max-latency-ms', () => {
  it('compares the slowest turn with the limit', async () => {
    expect((await check('max-latency-ms', 200, chatCtx({ latencyMs: 150 }))).pass).toBe(true);
    expect((await check('max-latency-ms', 100, chatCtx({ latencyMs: 150 }))).pass).toBe(false);
  });
});

describe('javascript', () => {
  const ctx = chatCtx({ text: 'abc', recommendations: recs('savings-isa') });
  it('accepts arrow functions, bodies and expressions; booleans, scores and objects', async () => {
    expect((await check('javascript', '(ctx) => ctx.text.length === 3', ctx)).pass).toBe(true);
    expect((await check('javascript', 'ctx.recommendations.length > 1', ctx)).pass).toBe(false);
    expect((await check('javascript', 'return 0.6', ctx, 0.5)).pass).toBe(true);
    expect((await check('javascript', 'return 0.4', ctx, 0.5)).pass).toBe(false);
    const o = await check('javascript', 'return { pass: false, reason: "nope" }', ctx);
    expect(o).toMatchObject({ pass: false, reason: 'nope' });
    expect((await check('javascript', 'throw new Error("boom")', ctx)).reason).toMatch(/boom/);
  });
  it('rejects code that does not compile', () => {
    expect(registry.get('javascript')!.value.safeParse('return (').success).toBe(false);
  });
});

describe('search assertions', () => {
  const search = (results: string[], constraints: Constraint[]): AssertionContext => ({
    ...chatCtx(),
    kind: 'search',
    case: testCase({ mode: 'rm', turns: undefined, search: { query: 'q', k: 3 } }),
    search: {
      status: 200,
      body: {},
      latencyMs: 5,
      parsed: { constraints, semanticQuery: 'q', warnings: [] },
      results: results.map((customerId) => ({
        customerId,
        name: customerId,
        summary: '',
        reason: '',
        metadata: {},
        scores: { dense: null, lexical: null, fused: 0, rerank: null },
      })),
      profiles: Object.fromEntries([alice, bob].map((c) => [c.id, c])),
    },
    knowledge: knowledge(),
  });
  it('results-satisfy checks every result against the full profile', async () => {
    const where = [{ field: 'creditScore', op: 'gt', value: 750 }];
    expect((await check('results-satisfy', { where }, search(['T-BOB'], []))).pass).toBe(true);
    const r = await check('results-satisfy', { where }, search(['T-BOB', 'T-ALICE'], []));
    expect(r.pass).toBe(false);
    expect(r.reason).toMatch(/T-ALICE: creditScore=640/);
    expect((await check('results-satisfy', { where, minResults: 1 }, search([], []))).pass).toBe(false);
  });
  it('parsed-filter checks constraints, op spellings, extras and forbidden fields', async () => {
    const parsed: Constraint[] = [
      { field: 'creditScore', op: 'gt', value: 750, text: 'credit score over 750' },
      { field: 'segment', op: 'eq', value: 'affluent', text: 'affluent' },
    ];
    expect(
      (
        await check(
          'parsed-filter',
          { constraints: [{ field: 'creditScore', op: 'gt', value: 750 }] },
          search([], parsed),
        )
      ).pass,
    ).toBe(true);
    expect((await check('parsed-filter', { constraints: [{ field: 'income' }] }, search([], parsed))).pass).toBe(false);
    expect(
      (await check('parsed-filter', { constraints: [{ field: 'creditScore' }], exact: true }, search([], parsed))).pass,
    ).toBe(false);
    expect((await check('parsed-filter', { notFields: ['segment'] }, search([], parsed))).pass).toBe(false);
  });
});
