import { describe, expect, it } from 'vitest';
import { averageRanks, spearman } from './rank-correlation.ts';

describe('Spearman rank correlation', () => {
  it('averages tied ranks', () => expect(averageRanks([10, 20, 20, 5])).toEqual([2, 3.5, 3.5, 1]));
  it('is 1 for any monotone map, −1 reversed, NaN when constant', () => {
    expect(spearman([1, 2, 3, 4], [1, 4, 9, 100])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNaN();
  });
  it('matches the textbook formula without ties', () => {
    const a = [1, 2, 3, 4, 5];
    const b = [2, 1, 4, 3, 5];
    const d2 = a.reduce((s, _, i) => s + (a[i] - b[i]) ** 2, 0);
    expect(spearman(a, b)).toBeCloseTo(1 - (6 * d2) / (5 * 24), 12);
  });
});
