import type { Embedder } from '../../../ml/embedder/embedder.ts';
import type { Reranker } from '../reranker.ts';
import { terms } from '../text.ts';

/**
 * The documented fallback when the cross-encoder's weights are absent: a blend of
 *   - dense: cosine(query, passage) from the configured embedder (the same model as retrieval),
 *     mapped from [-1, 1] to [0, 1];
 *   - lexical coverage: the IDF-weighted share of the query's content terms (stemmed) found in
 *     the passage, IDF from the document frequencies of the lexical index when given, else
 *     within the candidate set; plus a bonus for query bigrams that occur verbatim.
 * score = DENSE_WEIGHT · dense + (1 − DENSE_WEIGHT) · (0.8 · coverage + 0.2 · bigrams).
 * The cosines come from the caller when it has them (`similarities`: Chroma's distances, stored
 * vectors), so a search embeds only its query; passages without one are embedded here.
 * Unlike RRF (ranks only) it looks at each candidate's text against the whole query, which is
 * what a cross-encoder does; docs/RETRIEVAL.md reports what it gains over plain fusion.
 */
export const DENSE_WEIGHT = 0.5;

export interface FallbackRerankerOptions {
  embedder?: Embedder;
  /** Inverse document frequency of a (stemmed) term over the whole corpus. */
  idf?: (term: string) => number;
  denseWeight?: number;
}

export function createFallbackReranker(options: FallbackRerankerOptions = {}): Reranker {
  const w = options.embedder ? (options.denseWeight ?? DENSE_WEIGHT) : 0;
  return {
    id: options.embedder ? `fallback:lexical+dense(${options.embedder.id})` : 'fallback:lexical',
    kind: 'fallback',
    async score(query, passages, { signal, similarities } = {}) {
      if (passages.length === 0) return [];
      const q = [...new Set(terms(query))];
      const docs = passages.map((p) => terms(p));
      const sets = docs.map((d) => new Set(d));
      const idf =
        options.idf ??
        ((t: string) => {
          const df = sets.filter((s) => s.has(t)).length;
          return Math.log(1 + (sets.length - df + 0.5) / (df + 0.5));
        });
      const weights = q.map((t) => idf(t));
      const total = weights.reduce((a, b) => a + b, 0) || 1;
      const qTerms = terms(query);
      const bigrams = qTerms.slice(1).map((t, i) => `${qTerms[i]} ${t}`);
      const lexical = sets.map((s, di) => {
        const coverage = q.reduce((acc, t, i) => acc + (s.has(t) ? weights[i] : 0), 0) / total;
        if (bigrams.length === 0) return coverage;
        const d = docs[di];
        const docBigrams = new Set(d.slice(1).map((t, i) => `${d[i]} ${t}`));
        return 0.8 * coverage + 0.2 * (bigrams.filter((b) => docBigrams.has(b)).length / bigrams.length);
      });
      if (w === 0 || !options.embedder || q.length === 0) return lexical;
      const cosines = passages.map((_, i) => similarities?.[i] ?? Number.NaN);
      const missing = cosines.flatMap((c, i) => (Number.isNaN(c) ? [i] : []));
      if (missing.length) {
        const [qv, ...pv] = await options.embedder.embed([query, ...missing.map((i) => passages[i])], signal);
        missing.forEach((pi, mi) => {
          const v = pv[mi];
          let dot = 0;
          for (let j = 0; j < v.length; j++) dot += v[j] * qv[j];
          cosines[pi] = dot;
        });
      }
      return cosines.map((cos, i) => w * ((cos + 1) / 2) + (1 - w) * lexical[i]);
    },
  };
}
