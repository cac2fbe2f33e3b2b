import { describe, expect, it } from 'vitest';
import { pairedBootstrap } from './paired.ts';

describe('pairedBootstrap', () => {
  it('a constant difference has a zero-width interval at that difference', () => {
    const r = pairedBootstrap([0.5, 0.7, 0.9], [0.4, 0.6, 0.8], { resamples: 200 });
    expect(r.mean).toBeCloseTo(0.1, 12);
    expect(r.low).toBeCloseTo(0.1, 12);
    expect(r.high).toBeCloseTo(0.1, 12);
    expect([r.wins, r.losses]).toEqual([3, 0]);
  });

  it('interval covers the mean and excludes 0 only for a clear shift', () => {
    const b = Array.from({ length: 400 }, (_, i) => (i % 7) / 7);
    const shifted = b.map((v, i) => v + (i % 2 ? 0.05 : 0.01));
    const noisy = b.map((v, i) => v + (i % 2 ? 0.05 : -0.05));
    const clear = pairedBootstrap(shifted, b);
    expect(clear.low).toBeGreaterThan(0);
    expect(clear.low).toBeLessThanOrEqual(clear.mean);
    expect(clear.high).toBeGreaterThanOrEqual(clear.mean);
    expect(clear.signP).toBeLessThan(1e-6);
    const none = pairedBootstrap(noisy, b);
    expect(none.low).toBeLessThan(0);
    expect(none.high).toBeGreaterThan(0);
    expect(none.signP).toBeGreaterThan(0.5);
  });

  it('rejects unpaired input', () => {
    expect(() => pairedBootstrap([1], [1, 2])).toThrow(/1 vs 2/);
  });
});
