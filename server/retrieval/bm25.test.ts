import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateCustomers } from '../../data/synthetic/index.ts';
import { customerRecord } from '../../ingest/pipeline/records.ts';
import { PRODUCT_IDS, PRODUCTS } from '../../domain/catalog/index.ts';
import { LIFE_STAGES, RISK_TOLERANCES, SEGMENTS } from '../../domain/customer.ts';
import type { Metadata } from '../../lib/vector-store/types.ts';
import { LexicalIndex } from './bm25.ts';
import { MiniSearchLexicalIndex } from '../../testkit/bm25-reference.ts';
import { slim, slimMatches } from './bm25-columns.ts';
import { createFilterParser } from './filter/index.ts';
import type { Constraint } from '../../domain/api/search.ts';

/**
 * The typed-array BM25 index must rank exactly like the MiniSearch reference it replaced: same top-20
 * ids in the same order, scores within 1e-5, same matched terms — with and without filters.
 */
type Doc = { id: string; document: string; metadata: Metadata };

function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function both(docs: Doc[], pageSize = 250) {
  const fast = new LexicalIndex();
  const ref = new MiniSearchLexicalIndex();
  for (let i = 0; i < docs.length; i += pageSize) {
    fast.add(docs.slice(i, i + pageSize));
    ref.add(docs.slice(i, i + pageSize));
  }
  return { fast, ref };
}

function expectSame(
  fast: LexicalIndex,
  ref: MiniSearchLexicalIndex,
  query: string,
  constraints: Constraint[],
  limit = 20,
) {
  const a = fast.search(query, { constraints, limit });
  const b = ref.search(query, { constraints, limit });
  const where = `query ${JSON.stringify(query)} constraints ${JSON.stringify(constraints)}`;
  expect(
    a.map((h) => h.id),
    where,
  ).toEqual(b.map((h) => h.id));
  a.forEach((h, i) => {
    expect(Math.abs(h.score - b[i].score), where).toBeLessThanOrEqual(1e-5);
    expect(h.terms, where).toEqual(b[i].terms);
  });
  return a.length;
}

// A generated corpus: 1,200 synthetic customers (the production descriptions and metadata).
const corpus: Doc[] = [];
for (const g of generateCustomers({ seed: 7, count: 1200 })) {
  const r = customerRecord(g.customer);
  corpus.push({ id: r.id, document: r.document, metadata: r.metadata });
}
const { fast, ref } = both(corpus);

describe('typed-array BM25 ≡ MiniSearch reference', () => {
  it('same top-20 on 300 generated queries with generated constraints', () => {
    const rand = rng(42);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
    const vocab = [...new Set(corpus.slice(0, 200).flatMap((d) => d.document.split(/\s+/)))];
    const extra = [
      'the',
      'customers',
      'investments',
      'investing',
      'saving',
      'zzzunknown',
      '£50k',
      '750',
      'ESG',
      'travel,',
      'home!',
      'retirement-income',
    ];
    const constraintArb = (): Constraint => {
      const kind = Math.floor(rand() * 6);
      if (kind === 0)
        return {
          field: pick(['creditScore', 'income', 'age'] as const),
          op: pick(['gt', 'gte', 'lt', 'lte'] as const),
          value: pick([30, 45, 60, 650, 720, 800, 25_000, 60_000, 120_000]),
          text: 'num',
        };
      if (kind === 1) return { field: 'lifeStage', op: 'eq', value: pick(LIFE_STAGES), text: 'life stage' };
      if (kind === 2)
        return {
          field: pick(['segment', 'riskTolerance'] as const),
          op: 'in',
          value: [pick(SEGMENTS), pick(RISK_TOLERANCES), pick(SEGMENTS)],
          text: 'in',
        };
      if (kind === 3)
        return { field: 'products', op: 'holds_any', value: [pick(PRODUCT_IDS), pick(PRODUCT_IDS)], text: 'holds' };
      if (kind === 4) return { field: 'products', op: 'holds_none', value: [pick(PRODUCT_IDS)], text: 'holds none' };
      return { field: 'notAField', op: 'eq', value: 'x', text: 'unknown field' };
    };
    let nonEmpty = 0;
    let filtered = 0;
    for (let q = 0; q < 300; q++) {
      const words = Array.from({ length: 1 + Math.floor(rand() * 8) }, () =>
        rand() < 0.85 ? pick(vocab) : pick(extra),
      );
      if (rand() < 0.2) words.push(words[0]); // repeated query term counts twice in MiniSearch
      const constraints = rand() < 0.6 ? Array.from({ length: 1 + Math.floor(rand() * 2) }, constraintArb) : [];
      const n = expectSame(fast, ref, words.join(' '), constraints);
      if (n) nonEmpty++;
      if (n && constraints.length) filtered++;
    }
    expect(nonEmpty).toBeGreaterThan(200);
    expect(filtered).toBeGreaterThan(60);
  });

  it('same top-50 on the labeled RM queries, through the real parser', () => {
    const parser = createFilterParser(PRODUCTS);
    const queries = (
      JSON.parse(readFileSync(new URL('../../eval/retrieval/queries.json', import.meta.url), 'utf8')) as {
        queries: { query: string }[];
      }
    ).queries;
    for (const { query } of queries) {
      const p = parser.parse(query);
      expectSame(fast, ref, p.semanticQuery || query, p.constraints, 50);
    }
  });

  it('ties are ordered like MiniSearch (earliest query term first, then insertion order)', () => {
    const docs: Doc[] = [
      { id: 'a', document: 'pension savings', metadata: {} },
      { id: 'b', document: 'travel savings', metadata: {} },
      { id: 'c', document: 'pension savings', metadata: {} },
      { id: 'd', document: 'travel savings', metadata: {} },
      { id: 'e', document: 'mortgage', metadata: {} },
    ];
    const t = both(docs, 2);
    expectSame(t.fast, t.ref, 'travel pension', []);
    expectSame(t.fast, t.ref, 'pension travel savings savings', []);
    expect(t.fast.search('travel pension', { constraints: [], limit: 10 }).map((h) => h.id)).toEqual([
      'b',
      'd',
      'a',
      'c',
    ]);
    expect(t.fast.search('nothing-here the', { constraints: [], limit: 10 })).toEqual([]);
    expect(t.fast.search('   ', { constraints: [], limit: 10 })).toEqual([]);
  });

  it('re-adding an id updates its metadata (filter) but not its text, like the reference', () => {
    const t = both([
      { id: 'a', document: 'pension pension', metadata: { age: 70 } },
      { id: 'b', document: 'pension', metadata: { age: 40 } },
    ]);
    const update = [{ id: 'a', document: 'mortgage', metadata: { age: 30 } }];
    t.fast.add(update);
    t.ref.add(update);
    expect(t.fast.size).toBe(2);
    const over = [{ field: 'age', op: 'gt', value: 50, text: 'over 50' }] as Constraint[];
    expectSame(t.fast, t.ref, 'pension', over);
    expect(t.fast.search('pension', { constraints: over, limit: 5 })).toEqual([]);
    expectSame(t.fast, t.ref, 'pension mortgage', []);
  });

  it('the column filter agrees with slimMatches on every record', () => {
    const rand = rng(9);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
    const sample = corpus.slice(0, 300);
    const small = both(sample).fast;
    for (let i = 0; i < 40; i++) {
      const c: Constraint[] = [
        { field: 'income', op: pick(['gt', 'lte'] as const), value: pick([20_000, 50_000, 90_000]), text: '' },
        {
          field: 'products',
          op: pick(['holds_any', 'holds_none'] as const),
          value: [pick(PRODUCT_IDS), 'no-such-product'],
          text: '',
        },
      ].slice(0, 1 + (i % 2));
      const want = sample.filter((d) => slimMatches(slim(d.metadata), c)).map((d) => d.id);
      expect(small.filterIds(c)).toEqual(want);
    }
  });
});

describe('typed-array BM25 robustness', () => {
  it('a filter that throws leaves no scores behind for the next query', () => {
    const t = both([
      { id: 'a', document: 'pension savings', metadata: { age: 70 } },
      { id: 'b', document: 'travel', metadata: { age: 40 } },
    ]);
    const bad = [{ field: 'products', op: 'holds_any', value: 42, text: 'malformed' }] as unknown as Constraint[];
    expect(() => t.fast.search('pension', { constraints: bad, limit: 5 })).toThrow();
    expectSame(t.fast, t.ref, 'pension travel', []);
    expectSame(t.fast, t.ref, 'savings', []);
  });
});
