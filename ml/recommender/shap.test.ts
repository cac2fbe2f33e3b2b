import { describe, expect, it } from 'vitest';
import { shapleyValues } from './shap.ts';
import { fitPca2, project } from './projection.ts';

// f(row) = [Σ w·x, Σ w·x + x0·x1] for a 5-column row; groups {0,1}, {2}, {3,4}.
const W = 5;
const w = [0.5, -1, 2, 0.25, 3];
const f = (rows: Float32Array, n: number) => {
  const out = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    let lin = 0;
    for (let c = 0; c < W; c++) lin += w[c] * rows[i * W + c];
    out[i * 2] = lin;
    out[i * 2 + 1] = lin + rows[i * W] * rows[i * W + 2];
  }
  return out;
};
const x = Float32Array.from([1, 2, 3, 4, 5]);
const background = Float32Array.from([0, 0, 0, 0, 0, 1, -1, 0.5, 2, 0, -2, 1, 1, 1, 1]);
const groups = [[0, 1], [2], [3, 4]];
const base = { x, background, backgroundSize: 3, width: W, groups, outputs: 2, score: f };

describe('Shapley values over feature groups', () => {
  it('exact: a linear model gets Σ w·(x − mean background) per group', async () => {
    const r = await shapleyValues(base);
    expect(r.method).toBe('exact');
    const mean = [0, 1, 2, 3, 4].map((c) => (background[c] + background[W + c] + background[2 * W + c]) / 3);
    groups.forEach((cols, g) => {
      const expected = cols.reduce((s, c) => s + w[c] * (x[c] - mean[c]), 0);
      expect(r.values[g][0]).toBeCloseTo(expected, 5);
    });
  });
  it('exact: efficiency — values sum to f(x) − E[f(background)] within 1e-4, interactions included', async () => {
    const r = await shapleyValues(base);
    for (let p = 0; p < 2; p++) {
      const sum = r.values.reduce((s, v) => s + v[p], 0);
      const fx = f(x, 1)[p];
      const bg = f(background, 3);
      const ef = (bg[p] + bg[2 + p] + bg[4 + p]) / 3;
      expect(Math.abs(sum - (fx - ef))).toBeLessThan(1e-4);
      expect(Math.abs(r.full[p] - fx)).toBeLessThan(1e-4);
    }
  });
  it('permutation SHAP (used above the exact limit) is also efficient and exact for additive models', async () => {
    const r = await shapleyValues({ ...base, maxExactGroups: 1, permutations: 8 });
    expect(r.method).toBe('permutation');
    const exact = await shapleyValues(base);
    for (let g = 0; g < 3; g++) expect(r.values[g][0]).toBeCloseTo(exact.values[g][0], 5);
    const sum = r.values.reduce((s, v) => s + v[1], 0);
    expect(Math.abs(sum - (r.full[1] - r.base[1]))).toBeLessThan(1e-4);
  });
});

describe('PCA projection', () => {
  it('first axis follows the direction of largest variance', () => {
    // points spread along (1,1,0), little along (1,-1,0)
    const pts = [
      [-2, -2, 0],
      [2, 2, 0],
      [-1, -1, 0.1],
      [1, 1, -0.1],
      [0.1, -0.1, 0],
    ];
    const data = Float32Array.from(pts.flat());
    const p = fitPca2(data, 5, 3);
    expect(Math.abs(p.axes[0][0])).toBeCloseTo(Math.SQRT1_2, 2);
    expect(Math.abs(p.axes[0][1])).toBeCloseTo(Math.SQRT1_2, 2);
    expect(p.explained[0]).toBeGreaterThan(0.95);
    const a = project(p, data, 0);
    const b = project(p, data, 3);
    expect(Math.sign(a.x)).toBe(-Math.sign(b.x));
  });
});
