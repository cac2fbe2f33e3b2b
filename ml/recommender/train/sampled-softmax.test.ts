import { describe, expect, it } from 'vitest';
import { buildSoftmaxBatch, MASKED } from './sampled-softmax.ts';
import { Rng } from '../../../lib/random/index.ts';

describe('buildSoftmaxBatch', () => {
  const positivesOf = [[0, 2], [1], [2]];
  const excludedOf = [[3], [], [0]];
  const popularity = Float64Array.from([0.4, 0.2, 0.3, 0.1]);
  const negativeDist = Float64Array.from([0.25, 0.25, 0.25, 0.25]);
  // examples: customer 0 → product 0, customer 0 → product 2, customer 1 → 1, customer 2 → 2
  const b = buildSoftmaxBatch({
    customers: [0, 0, 1, 2],
    positives: [0, 2, 1, 2],
    positivesOf,
    excludedOf,
    popularity,
    negativeDist,
    negatives: 6,
    rand: Rng.uniform(1),
  });
  const C = b.candidates.length;
  const at = (i: number, product: number) => b.mask[i * C + [...b.candidates].indexOf(product)];

  it('deduplicates candidates and labels each row with its positive', () => {
    expect(new Set(b.candidates).size).toBe(C);
    expect([...b.labels].map((l) => b.candidates[l])).toEqual([0, 2, 1, 2]);
  });
  it('masks accidental hits (other positives of the same customer) but never the label', () => {
    expect(at(0, 2)).toBe(MASKED); // customer 0's other positive
    expect(at(1, 0)).toBe(MASKED);
    expect(at(0, 0)).toBe(0);
    expect(at(1, 2)).toBe(0);
    expect(at(2, 0)).toBe(0); // customer 1 does not own 0
  });
  it('masks held products', () => {
    if ([...b.candidates].includes(3)) expect(at(0, 3)).toBe(MASKED);
    expect(at(3, 0)).toBe(MASKED); // customer 2 holds product 0
  });
  it('log-Q is the log inclusion probability: popular items get a smaller correction', () => {
    const q = (p: number) => b.logQ[[...b.candidates].indexOf(p)];
    expect(q(0)).toBeCloseTo(Math.log(1 - 0.6 ** 4 * 0.75 ** 6), 5);
    expect(q(0)).toBeGreaterThan(q(1));
    for (const v of b.logQ) expect(v).toBeLessThanOrEqual(0);
  });
});
