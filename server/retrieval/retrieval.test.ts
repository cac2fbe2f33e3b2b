import { describe, expect, it } from 'vitest';
import { reciprocalRankFusion } from './fuse.ts';
import { LexicalIndex, slim, slimMatches } from './bm25.ts';
import { createFallbackReranker } from './rerank/fallback.ts';
import { PRODUCTS } from '../../domain/catalog/index.ts';
import { reasonLine } from './hybrid.ts';
import { explainConstraints } from './filter/explain.ts';
import { stem, terms } from './text.ts';
import type { Constraint } from '../../domain/api/search.ts';

describe('reciprocal rank fusion', () => {
  it('sums 1/(60+rank) over lists and orders by it', () => {
    const fused = reciprocalRankFusion([
      ['a', 'b', 'c'],
      ['c', 'a'],
    ]);
    expect(fused.map((f) => f.id)).toEqual(['a', 'c', 'b']);
    expect(fused[0].fused).toBeCloseTo(1 / 61 + 1 / 62, 10);
    expect(fused[1].ranks).toEqual([3, 1]);
    expect(fused[2].ranks).toEqual([2, undefined]);
  });
});

describe('text', () => {
  it('stems plurals and -ing, drops stop words', () => {
    expect(stem('investments')).toBe('invest');
    expect(stem('investment')).toBe('invest');
    expect(terms('Customers interested in the investment products')).toEqual(['interest', 'invest', 'product']);
  });
});

describe('BM25 lexical index with in-code filter', () => {
  const index = new LexicalIndex();
  index.add([
    {
      id: 'a',
      document: 'Retired teacher interested in investment funds and pensions.',
      metadata: {
        creditScore: 780,
        age: 70,
        lifeStage: 'retired',
        'holds_fund-bond': true,
        'holds_mortgage-fixed-2y': false,
      },
    },
    {
      id: 'b',
      document: 'Young professional saving for a first home with a mortgage.',
      metadata: {
        creditScore: 690,
        age: 28,
        lifeStage: 'young_professional',
        'holds_fund-bond': false,
        'holds_mortgage-fixed-2y': true,
      },
    },
    {
      id: 'c',
      document: 'Investment minded engineer, keen on funds.',
      metadata: {
        creditScore: 720,
        age: 40,
        lifeStage: 'established_family',
        'holds_fund-bond': false,
        'holds_mortgage-fixed-2y': false,
      },
    },
  ]);
  it('ranks by BM25 and reports matched terms', () => {
    const hits = index.search('investment funds', { constraints: [], limit: 10 });
    expect(hits.map((h) => h.id).sort()).toEqual(['a', 'c']);
    expect(hits[0].terms.length).toBeGreaterThan(0);
  });
  it('applies the parsed constraints to candidates', () => {
    const c: Constraint[] = [{ field: 'creditScore', op: 'gt', value: 750, text: 'credit score over 750' }];
    expect(index.search('investment funds', { constraints: c, limit: 10 }).map((h) => h.id)).toEqual(['a']);
    const none: Constraint[] = [
      { field: 'products', op: 'holds_none', value: ['mortgage-fixed-2y'], text: 'without a mortgage' },
    ];
    expect(index.filterIds(none).sort()).toEqual(['a', 'c']);
  });
  it('slim records keep only filter fields and held products', () => {
    const r = slim({ creditScore: 700, name: 'x', 'holds_fund-bond': true, holds_x: false });
    expect(r.values).toEqual({ creditScore: 700 });
    expect([...r.held]).toEqual(['fund-bond']);
    expect(slimMatches(r, [{ field: 'products', op: 'holds_any', value: ['fund-bond'], text: '' }])).toBe(true);
  });
});

describe('fallback reranker (lexical part)', () => {
  it('prefers passages that cover more of the query, weighted by IDF', async () => {
    const r = createFallbackReranker();
    const scores = await r.score('pension for retirement income', [
      'A pension pays retirement income.',
      'A credit card with cashback.',
      'Retirement planning advice.',
    ]);
    expect(scores[0]).toBeGreaterThan(scores[2]);
    expect(scores[2]).toBeGreaterThan(scores[1]);
    expect(r.kind).toBe('fallback');
  });
});

describe('fallback reranker (dense part)', () => {
  it('uses the cosines it is given and embeds only the passages without one', async () => {
    const embedded: string[][] = [];
    const unit = (i: number) => Float32Array.from({ length: 4 }, (_, j) => (j === i ? 1 : 0));
    const embedder = {
      id: 'fake',
      kind: 'offline' as const,
      dim: 4,
      fileHash: 'x',
      async embed(texts: string[]) {
        embedded.push(texts);
        // query → e0; "pension" passages → e0 (cosine 1), others → e1 (cosine 0)
        return texts.map((t, i) => (i === 0 || /pension/i.test(t) ? unit(0) : unit(1)));
      },
    };
    const r = createFallbackReranker({ embedder, idf: () => 1 });
    const passages = ['A pension pays income.', 'A credit card.', 'Pension transfers.'];
    const given = await r.score('pension', passages, { similarities: [1, 0, undefined] });
    expect(embedded).toEqual([['pension', 'Pension transfers.']]);
    const all = await r.score('pension', passages);
    expect(given).toEqual(all);
    embedded.length = 0;
    await r.score('pension', passages, { similarities: [1, 0, 1] });
    expect(embedded).toEqual([]);
  });
});

describe('reason line', () => {
  it('names the client, the value behind each constraint and the words shared with the query', () => {
    const meta = { name: 'Ada Khan', creditScore: 824, savingsBalance: 120_500, age: 44, holds_mortgage: false };
    const satisfied = explainConstraints(
      meta,
      [
        { field: 'creditScore', op: 'gt', value: 750, text: 'credit score over 750' },
        { field: 'savingsBalance', op: 'gte', value: 100_000, text: 'at least £100k saved' },
        { field: 'age', op: 'gte', value: 40, text: 'in their 40s' },
        { field: 'age', op: 'lte', value: 49, text: 'in their 40s' },
      ],
      PRODUCTS,
    );
    expect(reasonLine('Ada Khan', satisfied, ['investment', 'pension'])).toBe(
      'Ada Khan: credit score 824, above 750; savings £120,500, at least £100,000; age 44, between 40 and 49. Profile mentions investment, pension.',
    );
    const noMortgage = explainConstraints(
      { productsHeld: ['savings-isa'] },
      [
        {
          field: 'products',
          op: 'holds_none',
          value: PRODUCTS.filter((p) => p.category === 'mortgage').map((p) => p.id),
          text: '',
        },
      ],
      PRODUCTS,
    );
    expect(noMortgage).toEqual(['no mortgage']);
  });
});
