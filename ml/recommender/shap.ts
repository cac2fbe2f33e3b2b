import { Rng } from '../../lib/random/index.ts';
/**
 * Shapley values of a model's scores over feature GROUPS (interventional SHAP):
 *   v(S) = mean over background rows b of f(x_S, b_rest)   (group columns in S from the customer,
 *                                                           the rest from the background row)
 *   φ_i  = Σ_{S ⊆ G∖{i}} |S|!(|G|−|S|−1)!/|G|! · (v(S ∪ {i}) − v(S))
 * Exact: every coalition is enumerated (2^G·|background| rows, scored in batches — all products
 * at once, since one customer-tower pass scores every product). Efficiency holds by construction:
 * Σφ_i = v(G) − v(∅) = f(x) − E_b[f(b)]. Above `maxExactGroups` groups, permutation sampling
 * (antithetic pairs) is used; it also satisfies efficiency exactly for each permutation.
 */
type BatchScorer = (rows: Float32Array, n: number) => Float32Array | Promise<Float32Array>;

export interface ShapInput {
  x: Float32Array;
  background: Float32Array;
  backgroundSize: number;
  width: number;
  /** Column indices per group, in group order. */
  groups: number[][];
  /** Number of outputs (products) per row returned by `score`. */
  outputs: number;
  score: BatchScorer;
  maxExactGroups?: number;
  permutations?: number;
  batchRows?: number;
  seed?: number;
}

export interface ShapResult {
  method: 'exact' | 'permutation';
  /** [outputs]: E_b f(b). */
  base: Float64Array;
  /** [outputs]: f(x) as evaluated inside the SHAP batch. */
  full: Float64Array;
  /** values[g][o]. */
  values: Float64Array[];
}

/** v(S) for many coalitions (bit masks), each averaged over the background. */
async function coalitionValues(inp: ShapInput, masks: readonly number[]): Promise<Float64Array[]> {
  const { x, background, backgroundSize: B, width: W, groups, outputs: P } = inp;
  const batchRows = inp.batchRows ?? 16_384;
  const perBatch = Math.max(1, Math.floor(batchRows / B));
  const out: Float64Array[] = [];
  for (let s = 0; s < masks.length; s += perBatch) {
    const chunk = masks.slice(s, s + perBatch);
    const rows = new Float32Array(chunk.length * B * W);
    chunk.forEach((mask, ci) => {
      for (let b = 0; b < B; b++) {
        const off = (ci * B + b) * W;
        rows.set(background.subarray(b * W, (b + 1) * W), off);
        for (let g = 0; g < groups.length; g++)
          if (mask & (1 << g)) for (const col of groups[g]) rows[off + col] = x[col];
      }
    });
    const scores = await inp.score(rows, chunk.length * B);
    chunk.forEach((_, ci) => {
      const v = new Float64Array(P);
      for (let b = 0; b < B; b++) for (let p = 0; p < P; p++) v[p] += scores[(ci * B + b) * P + p];
      for (let p = 0; p < P; p++) v[p] /= B;
      out.push(v);
    });
  }
  return out;
}

function factorials(n: number): number[] {
  const f = [1];
  for (let i = 1; i <= n; i++) f.push(f[i - 1] * i);
  return f;
}

export async function shapleyValues(inp: ShapInput): Promise<ShapResult> {
  const G = inp.groups.length;
  const P = inp.outputs;
  const full = (1 << G) - 1;
  if (G <= (inp.maxExactGroups ?? 12)) {
    const masks = Array.from({ length: 1 << G }, (_, m) => m);
    const v = await coalitionValues(inp, masks);
    const f = factorials(G);
    const values = Array.from({ length: G }, () => new Float64Array(P));
    for (let m = 0; m <= full; m++) {
      const size = popcount(m);
      for (let i = 0; i < G; i++) {
        if (m & (1 << i)) continue;
        const w = (f[size] * f[G - size - 1]) / f[G];
        const with_ = v[m | (1 << i)];
        const without = v[m];
        const vi = values[i];
        for (let p = 0; p < P; p++) vi[p] += w * (with_[p] - without[p]);
      }
    }
    return { method: 'exact', base: v[0], full: v[full], values };
  }
  // Permutation SHAP with antithetic pairs (a permutation and its reverse).
  const rand = Rng.uniform(inp.seed ?? 7);
  const nPerm = Math.max(2, inp.permutations ?? 64);
  const perms: number[][] = [];
  for (let k = 0; k < nPerm / 2; k++) {
    const perm = Array.from({ length: G }, (_, i) => i);
    for (let i = G - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [perm[i], perm[j]] = [perm[j], perm[i]];
    }
    perms.push(perm, [...perm].reverse());
  }
  const needed = new Set<number>([0, full]);
  for (const perm of perms) {
    let m = 0;
    for (const g of perm) needed.add((m |= 1 << g));
  }
  const maskList = [...needed];
  const vals = await coalitionValues(inp, maskList);
  const v = new Map(maskList.map((m, i) => [m, vals[i]]));
  const values = Array.from({ length: G }, () => new Float64Array(P));
  for (const perm of perms) {
    let m = 0;
    for (const g of perm) {
      const before = v.get(m)!;
      m |= 1 << g;
      const after = v.get(m)!;
      for (let p = 0; p < P; p++) values[g][p] += (after[p] - before[p]) / perms.length;
    }
  }
  return { method: 'permutation', base: v.get(0)!, full: v.get(full)!, values };
}

function popcount(m: number): number {
  let c = 0;
  while (m) {
    m &= m - 1;
    c++;
  }
  return c;
}
