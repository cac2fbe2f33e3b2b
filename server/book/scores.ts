import type { Customer, Product } from '../../domain/index.ts';
import { checkSuitability } from '../../ml/recommender/suitability.ts';
import type { Recommender } from '../../ml/recommender/types.ts';
import type { CustomerBook } from './book.ts';

interface RankedClient {
  customer: Customer;
  productId: string;
  score: number;
  /** Share of suitable clients scoring below this one, 0–1 (how strong a fit, in the book's terms). */
  percentile: number;
}

export interface BookRanking {
  clients: RankedClient[];
  /** Clients considered (after the filter), suitable for at least one target, and the exclusions by rule. */
  considered: number;
  suitable: number;
  excludedByRule: Record<string, number>;
}

/**
 * Two-tower scores of every product for every client of the book, computed once per (book
 * version, model version) in one batched pass and kept (10,000 clients × 35 products = 1.4 MB),
 * so ranking the whole book for a product is a scan, not a model call per client.
 */
export class BookScores {
  private cached?: { key: string; productIndex: Map<string, number>; scores: Float32Array; P: number };
  private pending?: Promise<NonNullable<BookScores['cached']>>;

  constructor(
    private readonly book: CustomerBook,
    private readonly recommender: Recommender,
    private readonly products: readonly Product[],
  ) {}

  private async matrix() {
    const key = `${this.book.version}|${this.recommender.modelVersion}`;
    if (this.cached?.key === key) return this.cached;
    if (!this.pending) {
      const scoreMatrix = this.recommender.scoreMatrix?.bind(this.recommender);
      if (!scoreMatrix) throw new Error('this recommender cannot score the book in batch');
      this.pending = scoreMatrix(this.book.all()).then(({ productIds, scores }) => {
        this.cached = { key, productIndex: new Map(productIds.map((id, i) => [id, i])), scores, P: productIds.length };
        this.pending = undefined;
        return this.cached;
      });
    }
    return this.pending;
  }

  /** Start computing ahead of the first question. */
  warm(): Promise<unknown> {
    return this.matrix();
  }

  /**
   * Every client passing `include`, scored for the best of `productIds` they are suitable for
   * (already held or failing a rule: left out, counted by rule), best first, top `k`.
   */
  async rank(productIds: readonly string[], include: (c: Customer) => boolean, k: number): Promise<BookRanking> {
    const m = await this.matrix();
    const targets = productIds
      .map((id) => ({ product: this.products.find((p) => p.id === id), col: m.productIndex.get(id) }))
      .filter((t): t is { product: Product; col: number } => t.product !== undefined && t.col !== undefined);
    const customers = this.book.all();
    const excludedByRule: Record<string, number> = {};
    const scored: { i: number; productId: string; score: number }[] = [];
    let considered = 0;
    for (let i = 0; i < customers.length; i++) {
      const c = customers[i]!;
      if (!include(c)) continue;
      considered++;
      let best: { productId: string; score: number } | undefined;
      let firstRule: string | undefined;
      for (const t of targets) {
        const ex = checkSuitability(c, t.product);
        if (ex) {
          firstRule ??= ex.rule;
          continue;
        }
        const s = m.scores[i * m.P + t.col]!;
        if (!best || s > best.score) best = { productId: t.product.id, score: s };
      }
      if (best) scored.push({ i, ...best });
      else if (firstRule) excludedByRule[firstRule] = (excludedByRule[firstRule] ?? 0) + 1;
    }
    scored.sort((a, b) => b.score - a.score || customers[a.i]!.id.localeCompare(customers[b.i]!.id));
    const n = scored.length;
    return {
      clients: scored.slice(0, k).map((s, rank) => ({
        customer: customers[s.i]!,
        productId: s.productId,
        score: s.score,
        percentile: n > 1 ? (n - 1 - rank) / (n - 1) : 1,
      })),
      considered,
      suitable: n,
      excludedByRule,
    };
  }
}
