import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { decodeModelSummary, encodeStaticEmbeddingModel } from './onnx.ts';
import { jacobiEigen, seededRandom } from './linalg.ts';
import { trainStaticEmbeddings } from './train.ts';
import { Bm25, metricsFromRanks, rankOf } from './evaluate.ts';

describe('static-embedding ONNX graph', () => {
  it('encodes a Gather graph that onnxruntime runs: output[b,s] = weights[input_ids[b,s]]', async () => {
    const V = 6;
    const D = 3;
    const weights = Float32Array.from({ length: V * D }, (_, i) => i / 10);
    const bytes = encodeStaticEmbeddingModel({ weights, vocabSize: V, dim: D, metadata: { seed: '1' } });
    expect(decodeModelSummary(bytes)).toMatchObject({
      opTypes: ['Gather'],
      inputs: ['input_ids', 'attention_mask'],
      outputs: ['last_hidden_state'],
      dims: [V, D],
      metadata: { seed: '1' },
    });
    const session = await ort.InferenceSession.create(bytes);
    const ids = BigInt64Array.from([5n, 0n, 2n, 1n]);
    const out = await session.run({
      input_ids: new ort.Tensor('int64', ids, [2, 2]),
      attention_mask: new ort.Tensor('int64', BigInt64Array.from([1n, 1n, 1n, 0n]), [2, 2]),
    });
    const h = out.last_hidden_state;
    expect(h.dims).toEqual([2, 2, D]);
    expect(Array.from(h.data as Float32Array).map((x) => Math.round(x * 10))).toEqual([
      15, 16, 17, 0, 1, 2, 6, 7, 8, 3, 4, 5,
    ]);
  });

  it('rejects weights of the wrong size', () => {
    expect(() => encodeStaticEmbeddingModel({ weights: new Float32Array(5), vocabSize: 2, dim: 3 })).toThrow(
      /expected 2×3/,
    );
  });
});

describe('linear algebra', () => {
  it('Jacobi finds the eigenpairs of a symmetric matrix', () => {
    const a = Float64Array.from([2, 1, 0, 1, 2, 0, 0, 0, 5]);
    const { values, vectors } = jacobiEigen(a, 3);
    expect(
      Array.from(values)
        .sort((x, y) => x - y)
        .map((v) => Number(v.toFixed(6))),
    ).toEqual([1, 3, 5]);
    for (let j = 0; j < 3; j++) {
      // A v = λ v
      for (let i = 0; i < 3; i++) {
        let av = 0;
        for (let k = 0; k < 3; k++) av += a[i * 3 + k] * vectors[k * 3 + j];
        expect(av).toBeCloseTo(values[j] * vectors[i * 3 + j], 6);
      }
    }
  });

  it('the seeded PRNG is deterministic', () => {
    const a = seededRandom(9);
    const b = seededRandom(9);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });
});

describe('training', () => {
  it('learns that tokens sharing contexts are similar, zeroes special tokens, and is seed-deterministic', () => {
    // Tokens 10/11 appear in the same contexts (20..23), 12 in other contexts (30..33); 0 is special.
    const docs: number[][] = [];
    for (let i = 0; i < 40; i++) {
      docs.push([0, 20 + (i % 4), 10, 21 + (i % 3), 0]);
      docs.push([0, 20 + (i % 4), 11, 22 - (i % 3), 0]);
      docs.push([0, 30 + (i % 4), 12, 31 + (i % 3), 0]);
    }
    const opts = { vocabSize: 40, dim: 4, seed: 3, specialIds: [0], window: 2, minCount: 1 };
    const a = trainStaticEmbeddings(docs, opts);
    const b = trainStaticEmbeddings(docs, opts);
    expect(Array.from(a.weights)).toEqual(Array.from(b.weights));
    const row = (t: number) => Array.from(a.weights.slice(t * 4, t * 4 + 4));
    const cos = (x: number[], y: number[]) =>
      x.reduce((s, v, i) => s + v * y[i], 0) / (Math.hypot(...x) * Math.hypot(...y));
    expect(row(0).every((v) => v === 0)).toBe(true);
    expect(row(5).every((v) => v === 0)).toBe(true);
    expect(cos(row(10), row(11))).toBeGreaterThan(cos(row(10), row(12)));
  });
});

describe('retrieval metrics', () => {
  it('ranks pessimistically on ties and computes MRR@10 / Recall@10', () => {
    expect(rankOf([0.5, 0.9, 0.5], 0)).toBe(3);
    expect(rankOf([0.9, 0.1], 0)).toBe(1);
    expect(metricsFromRanks([1, 2, 11], 10)).toEqual({ queries: 3, corpus: 10, mrr10: 0.5, recall10: 0.6667 });
  });

  it('BM25 prefers the document sharing rare query words', () => {
    const bm = new Bm25(['how to block a lost card', 'home loan interest rate', 'open a savings account']);
    const s = bm.scores('what is the interest rate on my home loan');
    expect(s[1]).toBeGreaterThan(s[0]);
    expect(s[1]).toBeGreaterThan(s[2]);
  });
});
