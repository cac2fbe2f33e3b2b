import { describe, expect, it } from 'vitest';
import { apk, mapk, ndcgAtK, poolMetrics, precisionAtK, rankingMetrics, recallAtK, reciprocalRank } from './ranking.ts';

describe('Kaggle AP@7 / MAP@7 (hand-computed)', () => {
  it('single relevant item at rank 1, 2, 8', () => {
    expect(apk(['a'], ['a', 'b', 'c'])).toBe(1);
    expect(apk(['a'], ['b', 'a'])).toBe(0.5);
    expect(apk(['a'], ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'a'])).toBe(0); // rank 8 is outside the top 7
  });
  it('two relevant items: hits at 1 and 3 → (1/1 + 2/3)/2', () => {
    expect(apk(['a', 'c'], ['a', 'b', 'c', 'd'])).toBeCloseTo((1 + 2 / 3) / 2, 12);
  });
  it('divides by min(|actual|, 7), not |actual|', () => {
    const actual = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];
    expect(apk(actual, ['1', '2', '3', '4', '5', '6', '7'])).toBe(1);
  });
  it('one relevant of three found at rank 2 → (1/2)/3', () => {
    expect(apk(['x', 'y', 'z'], ['a', 'y', 'b'])).toBeCloseTo(0.5 / 3, 12);
  });
  it('duplicates in the prediction count once; no actual → 0', () => {
    expect(apk(['a'], ['a', 'a'])).toBe(1);
    expect(apk(['a', 'b'], ['a', 'a', 'b'])).toBeCloseTo((1 + 2 / 3) / 2, 12);
    expect(apk([], ['a'])).toBe(0);
  });
  it('MAP@7 is the mean over customers', () => {
    expect(mapk([['a'], ['a'], []], [['a'], ['b', 'a'], ['c']])).toBeCloseTo((1 + 0.5 + 0) / 3, 12);
    expect(() => mapk([['a']], [])).toThrow();
  });
});

describe('other ranking metrics', () => {
  const actual = ['b', 'd'];
  const pred = ['a', 'b', 'c', 'd', 'e'];
  it('precision, recall, MRR', () => {
    expect(precisionAtK(actual, pred, 3)).toBeCloseTo(1 / 3, 12);
    expect(precisionAtK(actual, pred, 5)).toBeCloseTo(2 / 5, 12);
    expect(recallAtK(actual, pred, 3)).toBe(0.5);
    expect(recallAtK(actual, pred, 5)).toBe(1);
    expect(reciprocalRank(actual, pred)).toBe(0.5);
    expect(reciprocalRank(['z'], pred)).toBe(0);
  });
  it('nDCG with log2 discounts', () => {
    const dcg = 1 / Math.log2(3) + 1 / Math.log2(5);
    const idcg = 1 + 1 / Math.log2(3);
    expect(ndcgAtK(actual, pred, 5)).toBeCloseTo(dcg / idcg, 12);
    expect(ndcgAtK(['a'], pred, 3)).toBe(1);
  });
  it('rankingMetrics + pooling weights by n', () => {
    const m1 = rankingMetrics([['a']], [['a']]);
    const m2 = rankingMetrics([['a'], ['a'], ['a']], [['b'], ['b'], ['b']]);
    expect(m1.map7).toBe(1);
    expect(poolMetrics([m1, m2]).map7).toBeCloseTo(0.25, 12);
    expect(poolMetrics([m1, m2]).n).toBe(4);
  });
});

describe('retrieval metrics (same module)', () => {
  const rel = new Set(['a', 'c']);
  it('nDCG@3 against the ideal ranking', () => {
    expect(ndcgAtK(rel, ['a', 'c', 'x'], 3)).toBeCloseTo(1, 10);
    expect(ndcgAtK(rel, ['x', 'a', 'c'], 3)).toBeCloseTo(
      (1 / Math.log2(3) + 1 / Math.log2(4)) / (1 + 1 / Math.log2(3)),
      10,
    );
    expect(ndcgAtK(rel, ['x', 'y', 'z'], 3)).toBe(0);
  });
  it('MRR@10 and Recall@k (plain and capped)', () => {
    expect(reciprocalRank(rel, ['x', 'y', 'c'], 10)).toBeCloseTo(1 / 3, 10);
    expect(reciprocalRank(rel, ['x'], 10)).toBe(0);
    expect(recallAtK(rel, ['a', 'x'], 20)).toBe(0.5);
    const many = new Set(Array.from({ length: 50 }, (_, i) => `r${i}`));
    expect(
      recallAtK(
        many,
        Array.from({ length: 20 }, (_, i) => `r${i}`),
        20,
      ),
    ).toBeCloseTo(0.4, 10);
    expect(
      recallAtK(
        many,
        Array.from({ length: 20 }, (_, i) => `r${i}`),
        20,
        { capped: true },
      ),
    ).toBe(1);
  });
});
