import { describe, expect, it } from 'vitest';
import { mrrAt, ndcgAt, recallAt } from './retrieval-legacy.ts';

describe('ranking metrics', () => {
  const rel = new Set(['a', 'c']);
  it('nDCG@3 against the ideal ranking', () => {
    expect(ndcgAt(['a', 'c', 'x'], rel, 3)).toBeCloseTo(1, 10);
    expect(ndcgAt(['x', 'a', 'c'], rel, 3)).toBeCloseTo(
      (1 / Math.log2(3) + 1 / Math.log2(4)) / (1 + 1 / Math.log2(3)),
      10,
    );
    expect(ndcgAt(['x', 'y', 'z'], rel, 3)).toBe(0);
  });
  it('MRR@10 and Recall@k (plain and capped)', () => {
    expect(mrrAt(['x', 'y', 'c'], rel, 10)).toBeCloseTo(1 / 3, 10);
    expect(mrrAt(['x'], rel, 10)).toBe(0);
    expect(recallAt(['a', 'x'], rel, 20)).toBe(0.5);
    const many = new Set(Array.from({ length: 50 }, (_, i) => `r${i}`));
    expect(
      recallAt(
        Array.from({ length: 20 }, (_, i) => `r${i}`),
        many,
        20,
      ),
    ).toBeCloseTo(0.4, 10);
    expect(
      recallAt(
        Array.from({ length: 20 }, (_, i) => `r${i}`),
        many,
        20,
        true,
      ),
    ).toBe(1);
  });
});
