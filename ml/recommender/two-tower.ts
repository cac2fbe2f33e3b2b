import * as tf from '@tensorflow/tfjs';
import type { RecommenderArtifacts } from './train/artifacts.ts';
import { syntheticRawCustomer } from './train/datasets/synthetic.ts';
import { customerInputs, l2normalize } from './train/model.ts';
import type { Customer, Product } from '../../domain/index.ts';
import type { EmbeddingMapPoint } from '../../domain/api/embedding-map.ts';
import { describeGroup } from './describe.ts';
import { fitPca2, project, type Projection } from './projection.ts';
import { shapleyValues } from './shap.ts';
import { tidyData } from './tidy-data.ts';
import { rankerScorer } from './train/ranker.ts';
import { applySuitability } from './suitability.ts';
import { NotFoundError } from '../../lib/errors/index.ts';
import type { ProductRecommendation, ProductScore, Recommendations, Recommender, ShapExplanation } from './types.ts';

export interface TwoTowerOptions {
  /** Background rows used for SHAP (≤ the artifacts' sample; default 32). */
  shapBackground?: number;
  /** Rows per forward pass (2048: larger batches measured slower on the wasm backend — memory growth, cache). */
  batchRows?: number;
}

/**
 * Serving side of the recommender: customer tower forward pass + one matmul against the
 * precomputed, normalized product embeddings, then — when the artifacts carry one — the ranking
 * stage over those scores (train/ranker.ts, rebuilt from ranker.json); the served score is then the two-stage logit.
 * Suitability rules run after scoring on every call; SHAP explains the served score of the
 * products actually recommended. Customer embeddings (the map, look-alikes) stay the towers' cosine space.
 */
export class TwoTowerRecommender implements Recommender {
  readonly modelVersion: string;
  private readonly productMatrix: tf.Tensor2D;
  private readonly productIndex: Map<string, number>;
  private readonly catalog: Map<string, Product>;
  private projection?: Projection;
  private readonly ranker?: ReturnType<typeof rankerScorer>;

  constructor(
    readonly artifacts: RecommenderArtifacts,
    readonly products: readonly Product[],
    private readonly options: TwoTowerOptions = {},
  ) {
    this.modelVersion = artifacts.manifest.modelVersion;
    const ids = artifacts.manifest.productIds;
    // Stored transposed [d, P]: the wasm matmul is several times slower with transposeB.
    this.productMatrix = tf.tidy(
      () =>
        tf
          .tensor2d(artifacts.productEmbeddings, [ids.length, artifacts.manifest.embeddingDim])
          .transpose() as tf.Tensor2D,
    );
    this.productIndex = new Map(ids.map((id, i) => [id, i]));
    this.catalog = new Map(products.map((p) => [p.id, p]));
    if (artifacts.ranker) this.ranker = rankerScorer(artifacts.pre, artifacts.ranker);
  }

  /** 'two-stage' when the ranking stage serves, else 'towers'. */
  get servedModel(): 'two-stage' | 'towers' {
    return this.ranker ? 'two-stage' : 'towers';
  }

  get productIds(): readonly string[] {
    return this.artifacts.manifest.productIds;
  }
  get featureGroups() {
    return this.artifacts.pre.spec.customer.groups;
  }

  /** Preprocess customers into flat model rows (train-fitted statistics). */
  rows(customers: readonly Customer[]): Float32Array {
    return this.artifacts.pre.transform(customers.map(syntheticRawCustomer));
  }

  /** Normalized customer embeddings [n, d]. */
  embedRows(rows: Float32Array, n: number): Float32Array {
    const W = this.artifacts.pre.layout.width;
    return tidyData(() => {
      const x = tf.tensor2d(rows.subarray(0, n * W), [n, W]);
      return l2normalize(
        this.artifacts.customerTower.predict(customerInputs(this.artifacts.pre, x), {
          batchSize: this.options.batchRows ?? 2048,
        }) as tf.Tensor2D,
      );
    });
  }

  /** Cosine similarities [n, P] for flat rows (batch scoring). Scores are these × temperature. */
  similarityRows(rows: Float32Array, n: number): Float32Array {
    const W = this.artifacts.pre.layout.width;
    const chunk = this.options.batchRows ?? 2048;
    if (n > chunk) {
      const out = new Float32Array(n * this.productIds.length);
      for (let s = 0; s < n; s += chunk)
        out.set(
          this.similarityRows(rows.subarray(s * W, Math.min(n, s + chunk) * W), Math.min(chunk, n - s)),
          s * this.productIds.length,
        );
      return out;
    }
    return tidyData(() => {
      const x = tf.tensor2d(rows.subarray(0, n * W), [n, W]);
      const u = l2normalize(
        this.artifacts.customerTower.predict(customerInputs(this.artifacts.pre, x), {
          batchSize: this.options.batchRows ?? 2048,
        }) as tf.Tensor2D,
      );
      return tf.matMul(u, this.productMatrix);
    });
  }

  /** Served scores [n, P]: the ranking stage over cosine × temperature when present, else cosine × temperature. */
  scoreRows(rows: Float32Array, n: number): Float32Array {
    return this.scoreAndSimilarity(rows, n).scores;
  }

  private scoreAndSimilarity(rows: Float32Array, n: number): { scores: Float32Array; sims: Float32Array } {
    const sims = this.similarityRows(rows, n);
    const t = this.artifacts.temperature;
    const tower = new Float32Array(sims.length);
    for (let i = 0; i < sims.length; i++) tower[i] = sims[i] * t;
    return { sims, scores: this.ranker ? this.ranker.score(rows, tower, n) : tower };
  }

  async scoreMatrix(customers: readonly Customer[]): Promise<{ productIds: readonly string[]; scores: Float32Array }> {
    const chunk = this.options.batchRows ?? 2048;
    const P = this.productIds.length;
    const scores = new Float32Array(customers.length * P);
    for (let s = 0; s < customers.length; s += chunk) {
      const part = customers.slice(s, s + chunk);
      scores.set(this.scoreRows(this.rows(part), part.length), s * P);
      // Yield between chunks: a 10,000-client ranking must not hold the event loop for its whole run.
      await new Promise((r) => setImmediate(r));
    }
    return { productIds: this.productIds, scores };
  }

  async recommend(customer: Customer, options: { k?: number; explain?: boolean } = {}): Promise<Recommendations> {
    const k = Math.max(1, Math.min(options.k ?? 5, this.productIds.length));
    const row = this.rows([customer]);
    const { scores, sims } = this.scoreAndSimilarity(row, 1);
    // Hard rules over the whole catalog the model knows; nothing can switch them off.
    const scored = this.productIds.map((id) => this.catalog.get(id)).filter((p): p is Product => !!p);
    const { allowed, excluded } = applySuitability(customer, scored);
    const ranked = scored
      .filter((p) => allowed.has(p.id))
      .map((p) => ({ id: p.id, at: this.productIndex.get(p.id)! }))
      .sort((a, b) => scores[b.at] - scores[a.at] || a.id.localeCompare(b.id))
      .slice(0, k);
    const items: ProductRecommendation[] = ranked.map((r, i) => ({
      productId: r.id,
      rank: i + 1,
      score: scores[r.at],
      similarity: sims[r.at],
    }));
    if (options.explain && items.length) {
      const explanations = await this.explain(
        customer,
        row,
        items.map((it) => it.productId),
      );
      items.forEach((it) => (it.explanation = explanations.get(it.productId)));
    }
    return { customerId: customer.id, items, excluded, modelVersion: this.modelVersion };
  }

  async scoreProduct(customers: readonly Customer[], productId: string): Promise<ProductScore[]> {
    const p = this.productIndex.get(productId);
    const product = this.catalog.get(productId);
    if (p === undefined || !product) throw new NotFoundError(`the recommender does not know product ${productId}`);
    if (!customers.length) return [];
    const P = this.productIds.length;
    const { scores, sims } = this.scoreAndSimilarity(this.rows(customers), customers.length);
    const scored = this.productIds.map((id) => this.catalog.get(id)).filter((x): x is Product => !!x);
    return customers.map((customer, c) => {
      const { allowed, excluded } = applySuitability(customer, scored);
      const exclusion = excluded.find((e) => e.productId === productId);
      if (exclusion) return { customerId: customer.id, suitable: false, exclusion };
      const score = scores[c * P + p];
      // Rank among the suitable products, with recommend()'s order (score, then id).
      let rank = 1;
      for (const other of allowed) {
        const o = scores[c * P + this.productIndex.get(other)!];
        if (o > score || (o === score && other.localeCompare(productId) < 0)) rank++;
      }
      return { customerId: customer.id, suitable: true, score, similarity: sims[c * P + p], rank };
    });
  }

  /** SHAP values of the score of each product in `productIds` over the feature groups. */
  async explain(
    customer: Customer,
    row: Float32Array = this.rows([customer]),
    productIds: readonly string[] = this.productIds,
  ): Promise<Map<string, ShapExplanation>> {
    const pre = this.artifacts.pre;
    const groups = pre.spec.customer.groups;
    const bgAll = this.artifacts.background;
    const W = pre.layout.width;
    const nBg = Math.min(this.options.shapBackground ?? 32, bgAll.ids.length);
    const res = await shapleyValues({
      x: row,
      background: bgAll.rows.subarray(0, nBg * W),
      backgroundSize: nBg,
      width: W,
      groups: groups.map((g) => pre.layout.groupColumns.get(g.id) ?? []),
      outputs: this.productIds.length,
      score: (rows, n) => this.scoreRows(rows, n),
      batchRows: this.options.batchRows ?? 2048,
    });
    const out = new Map<string, ShapExplanation>();
    for (const id of productIds) {
      const p = this.productIndex.get(id);
      if (p === undefined) continue;
      out.set(id, {
        baseValue: res.base[p],
        method: res.method,
        contributions: groups.map((g, gi) => ({
          group: g.id,
          label: g.label,
          featureValue: describeGroup(g.id, customer),
          value: res.values[gi][p],
        })),
      });
    }
    return out;
  }

  /** 2-D PCA of the product embeddings, with background customers and this customer projected onto it. */
  embeddingMap(customer: Customer): { method: string; points: EmbeddingMapPoint[]; explained: [number, number] } {
    const dim = this.artifacts.manifest.embeddingDim;
    this.projection ??= fitPca2(this.artifacts.productEmbeddings, this.productIds.length, dim);
    const proj = this.projection;
    const points: EmbeddingMapPoint[] = this.productIds.map((id, i) => ({
      id,
      kind: 'product' as const,
      ...project(proj, this.artifacts.productEmbeddings, i * dim),
      label: this.catalog.get(id)?.name ?? id,
    }));
    const bg = this.artifacts.background;
    const bgEmb = this.embedRows(bg.rows, bg.ids.length);
    bg.ids.forEach(
      (id, i) => id !== customer.id && points.push({ id, kind: 'customer', ...project(proj, bgEmb, i * dim) }),
    );
    const me = this.embedRows(this.rows([customer]), 1);
    points.push({ id: customer.id, kind: 'customer', ...project(proj, me, 0), label: 'this customer' });
    return {
      method: `PCA of two-tower embeddings (product variance explained ${(proj.explained[0] * 100).toFixed(0)}% + ${(proj.explained[1] * 100).toFixed(0)}%)`,
      points,
      explained: proj.explained,
    };
  }

  dispose(): void {
    this.productMatrix.dispose();
    this.ranker?.dispose();
  }
}
