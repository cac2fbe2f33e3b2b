import type { Metadata } from '../../lib/vector-store/types.ts';
import type { Constraint } from '../../domain/api/search.ts';
import { BM25_PARAMS, processTerm, queryTerms, tokenize } from './bm25-analyzer.ts';
import { MetadataColumns, type LexicalHit } from './bm25-columns.ts';

export { slim, slimMatches, type LexicalHit } from './bm25-columns.ts';

// No document-frequency pruning of query terms: tried (drop terms in > 50% of documents, to stop
// BM25 scoring every document) and measured worse — nDCG@3 hybrid 0.973 → 0.957 on eval/retrieval —
// because term frequency of templated words ("savings" twice = also a savings goal) carries signal.

/**
 * The lexical half of hybrid retrieval: BM25 over customer descriptions, built once at start from
 * the customers collection, filtered in code by the same constraints as the Chroma `where`.
 *
 * Why not MiniSearch itself (the previous implementation, kept as the reference in
 * bm25-reference.ts): the templated descriptions share most words, so every query touches nearly
 * every document, and MiniSearch builds a result object + match map per touched document and
 * sorts them all — ~0.5 s per query at 100k customers. This index computes the SAME scores from
 * compact arrays: postings per term (Int32Array document numbers + Uint16Array term frequencies,
 * ascending), per-document length norms, a Float64Array score accumulator, typed-array metadata
 * columns for the filter, and a bounded heap for the top N (no full sort).
 *
 * Equivalence with MiniSearch 7.2 (pinned by bm25.test.ts against the reference, ids AND scores):
 * same analyzer (bm25-analyzer.ts), same BM25+ formula and parameters, MiniSearch's field length
 * (distinct raw tokens) and its running average, term contributions summed in query-term order in
 * float64 (a repeated query term counts twice), × the number of distinct query terms matched, and
 * ties ordered like MiniSearch's stable sort (the document first reached by the earliest query
 * term, then by insertion). Weights are computed per posting in float64 rather than precomputed
 * as float32: precomputing would cost 4 bytes more per posting and float32 rounding would merge or
 * swap near-ties, i.e. change the ranking; the per-posting arithmetic is a few flops.
 */
export class LexicalIndex {
  private readonly ids: string[] = [];
  private readonly docOf = new Map<string, number>();
  private readonly termOf = new Map<string, number>();
  private readonly termNames: string[] = [];
  private postDocs: Int32Array[] = [];
  private postTfs: Uint16Array[] = [];
  private postLen: number[] = [];
  private fieldLength = new Int32Array(1024);
  private avgFieldLength = 0;
  /** k1·(1 − b + b·len/avg) per document; rebuilt when documents were added since. */
  private norm = new Float64Array(0);
  private normFresh = false;
  private readonly columns = new MetadataColumns();
  // Per-query scratch, zeroed again after every search (searches are synchronous).
  private acc = new Float64Array(0);
  private matched = new Uint16Array(0);
  private touched = new Int32Array(0);

  get size(): number {
    return this.ids.length;
  }

  add(docs: { id: string; document: string; metadata: Metadata }[]): void {
    const fresh: { id: string; document: string }[] = [];
    for (const d of docs) {
      const existing = this.docOf.get(d.id);
      if (existing !== undefined) this.columns.set(existing, d.metadata);
      else fresh.push(d);
    }
    // Metadata of a fresh id is written once it has a number; a batch repeating a fresh id keeps the last.
    const lastMeta = new Map(docs.map((d) => [d.id, d.metadata]));
    for (const d of fresh) {
      if (this.docOf.has(d.id)) throw new Error(`LexicalIndex: duplicate id ${d.id} in one batch`);
      const doc = this.ids.length;
      this.ids.push(d.id);
      this.docOf.set(d.id, doc);
      this.columns.set(doc, lastMeta.get(d.id)!);
      this.indexText(doc, d.document);
    }
    this.normFresh = false;
  }

  private indexText(doc: number, text: string): void {
    const tokens = tokenize(text);
    const length = new Set(tokens).size;
    if (doc >= this.fieldLength.length) {
      const wider = new Int32Array(this.fieldLength.length * 2);
      wider.set(this.fieldLength);
      this.fieldLength = wider;
    }
    this.fieldLength[doc] = length;
    // MiniSearch's running mean, same operations in the same order (bit-identical average).
    this.avgFieldLength = (this.avgFieldLength * doc + length) / (doc + 1);
    const tf = new Map<string, number>();
    for (const raw of tokens) {
      const t = processTerm(raw);
      if (t) tf.set(t, (tf.get(t) ?? 0) + 1);
    }
    for (const [term, f] of tf) {
      let t = this.termOf.get(term);
      if (t === undefined) {
        t = this.postDocs.length;
        this.termOf.set(term, t);
        this.termNames.push(term);
        this.postDocs.push(new Int32Array(4));
        this.postTfs.push(new Uint16Array(4));
        this.postLen.push(0);
      }
      const n = this.postLen[t];
      if (n === this.postDocs[t].length) {
        const docs = new Int32Array(n * 2);
        docs.set(this.postDocs[t]);
        this.postDocs[t] = docs;
        const tfs = new Uint16Array(n * 2);
        tfs.set(this.postTfs[t]);
        this.postTfs[t] = tfs;
      }
      this.postDocs[t][n] = doc;
      this.postTfs[t][n] = Math.min(f, 0xffff);
      this.postLen[t] = n + 1;
    }
  }

  private prepare(): void {
    if (this.normFresh) return;
    const n = this.ids.length;
    const { k, b } = BM25_PARAMS;
    this.norm = new Float64Array(n);
    for (let i = 0; i < n; i++) this.norm[i] = k * (1 - b + (b * this.fieldLength[i]) / this.avgFieldLength);
    if (this.acc.length < n) {
      this.acc = new Float64Array(n);
      this.matched = new Uint16Array(n);
      this.touched = new Int32Array(n);
    }
    this.normFresh = true;
  }

  /** Ids of all records satisfying the constraints. */
  filterIds(constraints: Constraint[]): string[] {
    const ok = this.columns.compile(constraints);
    return ok ? this.ids.filter((_, i) => ok(i)) : [...this.ids];
  }

  search(query: string, options: { constraints: Constraint[]; limit: number }): LexicalHit[] {
    if (!query.trim() || !this.ids.length || options.limit <= 0) return [];
    this.prepare();
    const qTerms = queryTerms(query);
    const { k, d } = BM25_PARAMS;
    const N = this.ids.length;
    const { acc, matched, touched, norm } = this;
    let nTouched = 0;
    // Scratch is zeroed in `finally`, so a throwing filter can never leak scores into the next query.
    try {
      const seen = new Set<number>();
      const termIds: number[] = [];
      for (const term of qTerms) {
        const t = this.termOf.get(term);
        if (t === undefined) continue;
        const firstOccurrence = !seen.has(t);
        seen.add(t);
        if (firstOccurrence) termIds.push(t);
        const docs = this.postDocs[t];
        const tfs = this.postTfs[t];
        const df = this.postLen[t];
        const idf = Math.log(1 + (N - df + 0.5) / (df + 0.5));
        for (let p = 0; p < df; p++) {
          const doc = docs[p];
          const tf = tfs[p];
          const s = idf * (d + (tf * (k + 1)) / (tf + norm[doc]));
          if (matched[doc] === 0) {
            touched[nTouched++] = doc;
            acc[doc] = s;
            matched[doc] = 1;
          } else {
            acc[doc] = acc[doc] + s;
            if (firstOccurrence) matched[doc]++;
          }
        }
      }
      const ok = this.columns.compile(options.constraints);
      const top = selectTop(touched, nTouched, acc, matched, options.limit, ok);
      return top.map(({ doc, score }) => ({ id: this.ids[doc], score, terms: this.matchedTerms(doc, termIds) }));
    } finally {
      for (let i = 0; i < nTouched; i++) {
        acc[touched[i]] = 0;
        matched[touched[i]] = 0;
      }
    }
  }

  /** The distinct query terms in `doc`, ordered as MiniSearch reports them (Object.keys order). */
  private matchedTerms(doc: number, termIds: number[]): string[] {
    const match: Record<string, true> = {};
    for (const t of termIds) if (contains(this.postDocs[t], this.postLen[t], doc)) match[this.termNames[t]] = true;
    return Object.keys(match);
  }
}

function contains(sorted: Int32Array, n: number, x: number): boolean {
  let lo = 0;
  let hi = n - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid];
    if (v === x) return true;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * Top `limit` of the touched documents passing `ok`, by score (accumulated × distinct terms
 * matched) descending, ties by touch order — a bounded min-heap, O(touched · log limit).
 */
function selectTop(
  touched: Int32Array,
  n: number,
  acc: Float64Array,
  matched: Uint16Array,
  limit: number,
  ok: ((doc: number) => boolean) | undefined,
): { doc: number; score: number }[] {
  const heapScore: number[] = [];
  const heapPos: number[] = [];
  // a is "worse" than b: lower score, or equal score and reached later.
  const worse = (i: number, j: number) =>
    heapScore[i] < heapScore[j] || (heapScore[i] === heapScore[j] && heapPos[i] > heapPos[j]);
  const swap = (i: number, j: number) => {
    [heapScore[i], heapScore[j]] = [heapScore[j], heapScore[i]];
    [heapPos[i], heapPos[j]] = [heapPos[j], heapPos[i]];
  };
  const siftDown = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let w = i;
      if (l < heapScore.length && worse(l, w)) w = l;
      if (r < heapScore.length && worse(r, w)) w = r;
      if (w === i) return;
      swap(i, w);
      i = w;
    }
  };
  for (let p = 0; p < n; p++) {
    const doc = touched[p];
    const score = acc[doc] * matched[doc];
    if (heapScore.length === limit) {
      // Root = worst kept; later positions lose ties, so only a strictly higher score gets in.
      if (score <= heapScore[0]) continue;
      if (ok && !ok(doc)) continue;
      heapScore[0] = score;
      heapPos[0] = p;
      siftDown(0);
      continue;
    }
    if (ok && !ok(doc)) continue;
    heapScore.push(score);
    heapPos.push(p);
    for (let i = heapScore.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!worse(i, parent)) break;
      swap(i, parent);
      i = parent;
    }
  }
  const order = heapScore.map((_, i) => i).sort((i, j) => heapScore[j] - heapScore[i] || heapPos[i] - heapPos[j]);
  return order.map((i) => ({ doc: touched[heapPos[i]], score: heapScore[i] }));
}
