import type { Layout } from './train/features.ts';

/**
 * Weights of the DLRM-style ranking stage (train/ranker.ts), as plain row-major arrays, plus the
 * products' categorical codes: everything needed to score without tf.js. Shapes (d = dim,
 * H = hidden, F customer fields, Fp = 1 + product categoricals):
 * catEmb[i] [vocab_i, d], bagProj[i] [block_i, d], numW [max(1, numerics), d], numB [d],
 * prodEmb [P, d], prodCatEmb[j] [productVocab_j, d], hW [F(F−1)/2 + d, H], hB [H], topH [H, H],
 * topCp [F·Fp, H], topP [Fp·d, H], topT [H], topB [H], outW [H].
 */
export interface RankerParams {
  dim: number;
  hidden: number;
  useTowerScore: boolean;
  /** Per product categorical column, each product's code [P]. */
  productCodes: Int32Array[];
  catEmb: Float32Array[];
  bagProj: Float32Array[];
  numW: Float32Array;
  numB: Float32Array;
  prodEmb: Float32Array;
  prodCatEmb: Float32Array[];
  hW: Float32Array;
  hB: Float32Array;
  topH: Float32Array;
  topCp: Float32Array;
  topP: Float32Array;
  topT: Float32Array;
  topB: Float32Array;
  outW: Float32Array;
}

/**
 * The ranking stage's forward pass over Float32Arrays, for serving. Nothing product-side depends
 * on the customer, so it is folded once at construction: the product field vectors (id embedding,
 * categorical embeddings) into one table [P, Fp, d], and their top-layer term plus the top bias
 * into a per-product bias [P, H]. Per customer what remains is its field vectors, the
 * customer×customer summary h, and per product Fp·F dot products into the top layer.
 */
export class RankerKernel {
  private readonly P: number;
  private readonly F: number;
  private readonly Fp: number;
  private readonly nNum: number;
  /** Product field vectors [P, Fp, d]. */
  private readonly productFields: Float32Array;
  /** topB + product fields · topP, per product [P, H]. */
  private readonly productBias: Float32Array;
  /** topCp transposed [H, F·Fp]: each top unit's pre-activation is one short dot product per pair. */
  private readonly topCpT: Float32Array;

  constructor(
    private readonly w: RankerParams,
    private readonly layout: Pick<Layout, 'numeric' | 'categorical' | 'multiHot' | 'width'>,
    private readonly vocabSizes: readonly number[],
  ) {
    const d = w.dim;
    const H = w.hidden;
    this.P = w.prodEmb.length / d;
    this.nNum = layout.numeric[1] - layout.numeric[0];
    this.F = (this.nNum > 0 ? 1 : 0) + vocabSizes.length + layout.multiHot.length;
    this.Fp = 1 + w.prodCatEmb.length;
    const { P, F, Fp } = this;
    const expect = (what: string, got: number, want: number) => {
      if (got !== want) throw new Error(`ranking stage: ${what} has ${got} values, expected ${want}`);
    };
    vocabSizes.forEach((v, i) => expect(`catEmb[${i}]`, w.catEmb[i]?.length ?? 0, v * d));
    layout.multiHot.forEach((m, i) => expect(`bagProj[${i}]`, w.bagProj[i]?.length ?? 0, (m.end - m.start) * d));
    expect('hW', w.hW.length, ((F * (F - 1)) / 2 + d) * H);
    expect('topCp', w.topCp.length, F * Fp * H);
    expect('topP', w.topP.length, Fp * d * H);
    expect('outW', w.outW.length, H);
    w.productCodes.forEach((c, j) => expect(`productCodes[${j}]`, c.length, P));

    this.productFields = new Float32Array(P * Fp * d);
    for (let p = 0; p < P; p++) {
      this.productFields.set(w.prodEmb.subarray(p * d, (p + 1) * d), p * Fp * d);
      w.prodCatEmb.forEach((emb, j) => {
        const code = w.productCodes[j][p];
        if (code >= 0 && code * d < emb.length)
          this.productFields.set(emb.subarray(code * d, (code + 1) * d), (p * Fp + 1 + j) * d);
      });
    }
    this.productBias = new Float32Array(P * H);
    for (let p = 0; p < P; p++) {
      const bias = this.productBias.subarray(p * H, (p + 1) * H);
      bias.set(w.topB);
      const v = this.productFields.subarray(p * Fp * d, (p + 1) * Fp * d);
      for (let t = 0; t < Fp * d; t++) axpy(bias, v[t], w.topP, t * H, H);
    }
    const K = F * Fp;
    this.topCpT = new Float32Array(H * K);
    for (let k = 0; k < K; k++) for (let j = 0; j < H; j++) this.topCpT[j * K + k] = w.topCp[k * H + j];
  }

  /** Logits [n, P] for flat customer rows [n, width] and their two-tower scores [n, P]. */
  score(X: Float32Array, tower: Float32Array, n: number): Float32Array {
    const { w, P, F, Fp, nNum } = this;
    const d = w.dim;
    const H = w.hidden;
    const W = this.layout.width;
    const [n0] = this.layout.numeric;
    const [c0] = this.layout.categorical;
    const T = (F * (F - 1)) / 2;
    const out = new Float32Array(n * P);
    const C = new Float32Array(F * d);
    const hin = new Float32Array(T + d);
    const h = new Float32Array(H);
    const hTop = new Float32Array(H);
    const K = F * Fp;
    const dots = new Float32Array(P * K);
    const { productFields, productBias, topCpT } = this;
    const { useTowerScore, topT, outW } = w;
    for (let b = 0; b < n; b++) {
      const x = X.subarray(b * W, (b + 1) * W);
      C.fill(0);
      let f = 0;
      if (nNum > 0) {
        const field = C.subarray(0, d);
        field.set(w.numB);
        for (let i = 0; i < nNum; i++) axpy(field, x[n0 + i], w.numW, i * d, d);
        for (let k = 0; k < d; k++) if (field[k] < 0) field[k] = 0;
        f++;
      }
      for (let i = 0; i < this.vocabSizes.length; i++, f++) {
        const code = Math.trunc(x[c0 + i]);
        if (code >= 0 && code < this.vocabSizes[i]) C.set(w.catEmb[i].subarray(code * d, (code + 1) * d), f * d);
      }
      for (let i = 0; i < this.layout.multiHot.length; i++, f++) {
        const m = this.layout.multiHot[i];
        const field = C.subarray(f * d, (f + 1) * d);
        for (let c = m.start; c < m.end; c++) if (x[c] !== 0) axpy(field, x[c], w.bagProj[i], (c - m.start) * d, d);
      }
      // Customer × customer: upper triangle of the field dot products, then the first field.
      let t = 0;
      for (let i = 0; i < F; i++) for (let j = i + 1; j < F; j++) hin[t++] = dot(C, i * d, C, j * d, d);
      hin.set(C.subarray(0, d), T);
      h.set(w.hB);
      for (let i = 0; i < T + d; i++) if (hin[i] !== 0) axpy(h, hin[i], w.hW, i * H, H);
      hTop.fill(0);
      for (let i = 0; i < H; i++) if (h[i] > 0) axpy(hTop, h[i], w.topH, i * H, H);
      // Customer×product dots [P, F·Fp], then per top unit one short dot product per product, two
      // products at a time (each topCp column is read once for both).
      for (let p = 0; p < P; p++)
        for (let i = 0; i < F; i++)
          for (let g = 0; g < Fp; g++) {
            const ci = i * d;
            const pi = (p * Fp + g) * d;
            let s = 0;
            for (let k = 0; k < d; k++) s += C[ci + k] * productFields[pi + k];
            dots[p * K + i * Fp + g] = s;
          }
      for (let p = 0; p < P; p += 2) {
        const q = p + 1 < P ? p + 1 : p;
        const tp = useTowerScore ? tower[b * P + p] : 0;
        const tq = useTowerScore ? tower[b * P + q] : 0;
        let sp = 0;
        let sq = 0;
        for (let j = 0; j < H; j++) {
          const base = hTop[j];
          let ap = productBias[p * H + j] + base + tp * topT[j];
          let aq = productBias[q * H + j] + base + tq * topT[j];
          const o = j * K;
          for (let k = 0; k < K; k++) {
            const t = topCpT[o + k];
            ap += dots[p * K + k] * t;
            aq += dots[q * K + k] * t;
          }
          if (ap > 0) sp += ap * outW[j];
          if (aq > 0) sq += aq * outW[j];
        }
        out[b * P + p] = sp;
        out[b * P + q] = sq;
      }
    }
    return out;
  }
}

/** y += a · m[at .. at + len]. */
function axpy(y: Float32Array, a: number, m: Float32Array, at: number, len: number): void {
  for (let j = 0; j < len; j++) y[j] += a * m[at + j];
}

function dot(a: Float32Array, i: number, b: Float32Array, j: number, len: number): number {
  let s = 0;
  for (let k = 0; k < len; k++) s += a[i + k] * b[j + k];
  return s;
}
