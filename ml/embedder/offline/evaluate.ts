import type { Embedder } from '../embedder.ts';
import { isHeldOutFaq, readFaqPairs } from './corpus.ts';

/**
 * Bank-FAQ retrieval: each held-out question (never in the embedder's training corpus) must find
 * its own answer among ALL distinct answers of the file (held-out and training answers alike, so
 * training answers act as distractors). Metrics: MRR@10 and Recall@10. A BM25 baseline runs on the
 * same queries and corpus in the same run.
 */
export interface RetrievalMetrics {
  queries: number;
  corpus: number;
  mrr10: number;
  recall10: number;
}

export interface FaqEvalResult {
  embedder: { id: string; fileHash: string };
  dense: RetrievalMetrics;
  bm25: RetrievalMetrics;
  /** Reciprocal-rank fusion (k = 60) of the dense and BM25 rankings. */
  hybridRrf: RetrievalMetrics;
  split: string;
}

const words = (s: string) => s.toLowerCase().match(/[a-z0-9]+/g) ?? [];

/** Okapi BM25 (k1 = 1.2, b = 0.75) over lower-cased alphanumeric words. */
export class Bm25 {
  private readonly docs: Map<string, number>[];
  private readonly lengths: number[];
  private readonly df = new Map<string, number>();
  private readonly avgdl: number;
  constructor(
    texts: string[],
    private readonly k1 = 1.2,
    private readonly b = 0.75,
  ) {
    this.docs = texts.map((t) => {
      const tf = new Map<string, number>();
      for (const w of words(t)) tf.set(w, (tf.get(w) ?? 0) + 1);
      for (const w of tf.keys()) this.df.set(w, (this.df.get(w) ?? 0) + 1);
      return tf;
    });
    this.lengths = texts.map((t) => words(t).length);
    this.avgdl = this.lengths.reduce((a, b) => a + b, 0) / Math.max(1, texts.length);
  }
  scores(query: string): Float64Array {
    const n = this.docs.length;
    const out = new Float64Array(n);
    for (const w of new Set(words(query))) {
      const df = this.df.get(w);
      if (!df) continue;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      for (let i = 0; i < n; i++) {
        const tf = this.docs[i].get(w);
        if (!tf) continue;
        out[i] += (idf * tf * (this.k1 + 1)) / (tf + this.k1 * (1 - this.b + (this.b * this.lengths[i]) / this.avgdl));
      }
    }
    return out;
  }
}

/** Rank (1-based) of `gold` among `scores` (ties broken against the gold: pessimistic), or Infinity. */
export function rankOf(scores: ArrayLike<number>, gold: number): number {
  let rank = 1;
  for (let i = 0; i < scores.length; i++) if (i !== gold && scores[i] >= scores[gold]) rank++;
  return rank;
}

export function metricsFromRanks(ranks: number[], corpus: number): RetrievalMetrics {
  const mrr = ranks.reduce((s, r) => s + (r <= 10 ? 1 / r : 0), 0) / ranks.length;
  const recall = ranks.filter((r) => r <= 10).length / ranks.length;
  return { queries: ranks.length, corpus, mrr10: round(mrr), recall10: round(recall) };
}
const round = (x: number) => Math.round(x * 10000) / 10000;

/** Reciprocal-rank fusion of several score lists: Σ 1 / (k + rank). */
function rrf(lists: ArrayLike<number>[], k = 60): Float64Array {
  const n = lists[0].length;
  const out = new Float64Array(n);
  for (const scores of lists) {
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
    order.forEach((doc, r) => {
      out[doc] += 1 / (k + r + 1);
    });
  }
  return out;
}

export async function evaluateFaqRetrieval(
  embedder: Embedder,
  sharedDataDir: string,
  options: { maxQueries?: number } = {},
): Promise<FaqEvalResult> {
  const pairs = await readFaqPairs(sharedDataDir);
  const answers: string[] = [];
  const answerIndex = new Map<string, number>();
  for (const p of pairs)
    if (!answerIndex.has(p.answer)) {
      answerIndex.set(p.answer, answers.length);
      answers.push(p.answer);
    }
  let queries = pairs.filter((p) => isHeldOutFaq(p.question));
  if (options.maxQueries) queries = queries.slice(0, options.maxQueries);

  const answerVecs = await embedder.embed(answers);
  const queryVecs = await embedder.embed(queries.map((q) => q.question));
  const bm25 = new Bm25(answers);
  const denseRanks: number[] = [];
  const bm25Ranks: number[] = [];
  const rrfRanks: number[] = [];
  const scores = new Float64Array(answers.length);
  queries.forEach((q, qi) => {
    const gold = answerIndex.get(q.answer)!;
    const qv = queryVecs[qi];
    for (let a = 0; a < answers.length; a++) {
      const av = answerVecs[a];
      let s = 0;
      for (let d = 0; d < qv.length; d++) s += qv[d] * av[d];
      scores[a] = s;
    }
    const lexical = bm25.scores(q.question);
    denseRanks.push(rankOf(scores, gold));
    bm25Ranks.push(rankOf(lexical, gold));
    rrfRanks.push(rankOf(rrf([scores, lexical]), gold));
  });
  return {
    embedder: { id: embedder.id, fileHash: embedder.fileHash },
    dense: metricsFromRanks(denseRanks, answers.length),
    bm25: metricsFromRanks(bm25Ranks, answers.length),
    hybridRrf: metricsFromRanks(rrfRanks, answers.length),
    split:
      'queries: held-out FAQ questions (sha256(question) % 5 == 0, never in training); corpus: all distinct FAQ answers',
  };
}
