import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SHARED_DATA_DIR } from '../../eval/stack/fixtures.ts';
import { intentArtifactPath, loadIntentModel, saveIntentModel } from './artifact.ts';
import { loadBanking77, undersample } from './banking77.ts';
import { tfidfBaseline } from './evaluate.ts';
import { DenseMatrix } from './features.ts';
import { predictAll, predictVector, trainLogistic } from './logistic.ts';
import { accuracy, macroF1 } from './metrics.ts';
import { ESCALATION_INTENTS, routeIntent } from './routes.ts';

describe('multinomial logistic regression', () => {
  it('fits separable classes and matches the finite-difference gradient of its objective', () => {
    // Three Gaussian blobs in 2-D.
    const xs: number[] = [],
      ys: number[] = [];
    let s = 7;
    const rand = () => (s = (s * 16807) % 2147483647) / 2147483647 - 0.5;
    const centers = [
      [3, 0],
      [-3, 0],
      [0, 3],
    ];
    for (let i = 0; i < 90; i++) {
      const c = i % 3;
      xs.push(centers[c]![0]! + rand(), centers[c]![1]! + rand());
      ys.push(c);
    }
    const X = new DenseMatrix(Float32Array.from(xs), 90, 2);
    const y = Int32Array.from(ys);
    const model = trainLogistic(X, y, 3, { C: 1, maxIter: 100 });
    expect(accuracy(y, predictAll(model, X))).toBe(1);
    const p = predictVector(model, Float32Array.from([3, 0]));
    expect(p[0]).toBeGreaterThan(0.9);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    // At the optimum the L2-penalized objective's gradient vanishes: (Σ (p − y) x) + W / C ≈ 0.
    const grad = new Float64Array(6);
    for (let i = 0; i < 90; i++) {
      const pi = predictVector(model, X.data.subarray(i * 2, i * 2 + 2));
      for (let c = 0; c < 3; c++)
        for (let j = 0; j < 2; j++) grad[c * 2 + j] += (pi[c]! - (y[i] === c ? 1 : 0)) * X.data[i * 2 + j]!;
    }
    for (let k = 0; k < 6; k++) expect(Math.abs(grad[k]! + model.weights[k]! / 1)).toBeLessThan(1e-2);
  });

  it('macro-F1 is the unweighted mean of per-class F1', () => {
    const truth = Int32Array.from([0, 0, 1, 1, 2, 2]);
    const pred = Int32Array.from([0, 1, 1, 1, 2, 0]);
    // class 0: tp1 fp1 fn1 → 0.5; class 1: tp2 fp1 fn0 → 0.8; class 2: tp1 fp0 fn1 → 2/3
    expect(macroF1(truth, pred, 3)).toBeCloseTo((0.5 + 0.8 + 2 / 3) / 3, 10);
    expect(accuracy(truth, pred)).toBeCloseTo(4 / 6, 10);
  });
});

describe('banking77', () => {
  it('reads the real CRLF files with quoted line breaks: 10,003 / 3,080 rows, 77 intents', async () => {
    const d = await loadBanking77(SHARED_DATA_DIR);
    expect(d.labels).toHaveLength(77);
    expect(d.train).toHaveLength(10_003);
    expect(d.test).toHaveLength(3_080);
    expect(d.train.some((e) => e.text.includes('\n'))).toBe(true);
    expect(new Set(d.test.map((e) => e.label)).size).toBe(77);
    const idx = undersample(d.train, 8, 1);
    expect(idx).toHaveLength(616);
    expect(undersample(d.train, 8, 1)).toEqual(idx);
  });

  it('intent accuracy is reproducible: TF-IDF + LR on a 10-per-intent subset, scored on 770 test rows', async () => {
    const d = await loadBanking77(SHARED_DATA_DIR);
    const train = undersample(d.train, 10, 3).map((i) => d.train[i]!);
    const test = undersample(d.test, 10, 3).map((i) => d.test[i]!);
    const a = tfidfBaseline({ labels: d.labels, train, test });
    // Deterministic end to end (seeded subset, deterministic optimizer): the same figures every run.
    const again = tfidfBaseline({ labels: d.labels, train: train.slice(), test: test.slice() });
    expect([again.accuracy, again.macroF1]).toEqual([a.accuracy, a.macroF1]);
    // Far above chance (1/77 ≈ 0.013); the full run (npm run eval:intent) reaches 0.87.
    expect(a.accuracy).toBeGreaterThan(0.45);
  }, 60_000);
});

describe('intent routing', () => {
  const labels = ['compromised_card', 'get_physical_card', 'balance_not_updated_after_bank_transfer', 'request_refund'];
  it('routes confident fraud/dispute intents to escalation, product interest to recommendations, the rest to FAQ', () => {
    expect(routeIntent(labels, [0.9, 0.05, 0.05, 0])).toMatchObject({
      route: 'escalate',
      escalate: true,
      escalationReason: 'fraud',
    });
    expect(routeIntent(labels, [0.05, 0.9, 0.05, 0])).toMatchObject({ route: 'recommendations', escalate: false });
    expect(routeIntent(labels, [0.05, 0.05, 0.9, 0])).toMatchObject({ route: 'faq', escalate: false });
  });
  it('escalates when escalation intents together are likely, even without a confident top intent', () => {
    expect(routeIntent(labels, [0.3, 0.2, 0.2, 0.3])).toMatchObject({
      route: 'escalate',
      escalate: true,
      escalationMass: 0.6,
    });
    expect(routeIntent(labels, [0.1, 0.3, 0.3, 0.3])).toMatchObject({ route: 'general', escalate: false });
  });
  it('names only real banking77 intents', async () => {
    const d = await loadBanking77(SHARED_DATA_DIR);
    for (const l of Object.keys(ESCALATION_INTENTS)) expect(d.labels).toContain(l);
  });
});

describe('classifier artifact', () => {
  it('round-trips and refuses another embedder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'intent-'));
    try {
      const X = new DenseMatrix(Float32Array.from([1, 0, 0, 1, 1, 0.1, 0.1, 1]), 4, 2);
      const model = trainLogistic(X, Int32Array.from([0, 1, 0, 1]), 2);
      const embedder = { id: 'e', kind: 'offline' as const, dim: 2, fileHash: 'abc' };
      const file = intentArtifactPath(dir, 'offline');
      await saveIntentModel(file, model, {
        embedder,
        labels: ['a', 'b'],
        C: 1,
        trainedOn: { dataset: 'toy', rows: 4 },
        metrics: { accuracy: 1, macroF1: 1, testRows: 4 },
      });
      const loaded = await loadIntentModel(file, embedder);
      expect([...loaded.model.weights]).toEqual([...model.weights]);
      expect([...loaded.model.bias]).toEqual([...model.bias]);
      await expect(loadIntentModel(file, { ...embedder, fileHash: 'other' })).rejects.toThrow(
        /trained on e .*not the running embedder/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
