import { describe, expect, it } from 'vitest';
import type { FeatureSpec, RawCustomer } from '../../ml/recommender/train/features.ts';
import { expandByPositive, GbdtEncoder, trainGbdt } from './gbdt.ts';

const spec: FeatureSpec = {
  dataset: 'tiny',
  productIds: ['a', 'b', 'c'],
  product: { numeric: [], categorical: [] },
  customer: {
    numeric: [{ name: 'age', group: 'g' }],
    categorical: [{ name: 'seg', group: 'g' }],
    multiHot: [
      { name: 'now', group: 'g', vocab: ['a', 'b', 'c'] },
      { name: 'before', group: 'g', vocab: ['a', 'b', 'c'] },
    ],
    groups: [{ id: 'g', label: 'G' }],
  },
};
const customer = (age: number, seg: string, now: string[], before: string[]): RawCustomer => ({
  id: `${age}${seg}`,
  numeric: { age },
  categorical: { seg },
  multiHot: { now, before },
});

describe('GBDT peer', () => {
  const features = { numeric: ['age'], categorical: ['seg'], flags: ['now', 'before'], ownedBlocks: ['now', 'before'] };

  it('encodes fields, flags (absent = missing) and owned / newly-held counts', () => {
    const enc = new GbdtEncoder(spec, features, [customer(30, 'x', [], []), customer(40, 'y', [], [])]);
    expect(enc.width).toBe(1 + 1 + 6 + 2 + 1);
    const row = Array.from(enc.encode([customer(35, 'y', ['a', 'b'], ['b'])]));
    expect(row).toEqual([35, 2, 1, 1, -1, -1, 1, -1, 2, 1, 1]);
    expect(Array.from(enc.encode([customer(35, 'unseen', [], [])])).slice(0, 2)).toEqual([35, 0]);
  });

  it('rejects a feature that is not a multi-hot block of the spec', () => {
    expect(() => new GbdtEncoder(spec, { ...features, flags: ['nope'] }, [])).toThrow(/nope/);
  });

  it('XGBoost (wasm) learns a separable multiclass problem and returns class probabilities', async () => {
    const n = 300;
    const W = 3;
    const X = new Float32Array(n * W).fill(-1);
    const y = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      X[i * W + (i % 3)] = 1;
      y[i] = i % 3;
    }
    const expanded = expandByPositive(
      X,
      W,
      Array.from({ length: n }, (_, i) => [i % 3]),
    );
    expect(Array.from(expanded.labels)).toEqual(Array.from(y));
    const model = await trainGbdt(expanded.X, expanded.labels, W, 3, { rounds: 10, maxDepth: 2 });
    const p = model.score(X.subarray(0, 3 * W), 3);
    model.free();
    for (let i = 0; i < 3; i++) {
      const row = Array.from(p.subarray(i * 3, i * 3 + 3));
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(row.indexOf(Math.max(...row))).toBe(i);
    }
  });
});
