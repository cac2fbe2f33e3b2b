import MiniSearch from 'minisearch';
import type { Metadata } from '../lib/vector-store/types.ts';
import type { Constraint } from '../domain/api/search.ts';
import { BM25_PARAMS, processTerm } from '../server/retrieval/bm25-analyzer.ts';
import { slim, slimMatches, type LexicalHit, type SlimRecord } from '../server/retrieval/bm25-columns.ts';

/**
 * The previous production lexical index — MiniSearch's BM25+ with per-record slim metadata and the
 * filter as a MiniSearch `filter` callback — kept as the REFERENCE that the typed-array index
 * (bm25.ts) must reproduce: bm25.test.ts compares top-20 ids and scores on generated queries, and
 * bench/search.ts times both in the same run. Not used on the request path.
 */
export class MiniSearchLexicalIndex {
  private readonly mini = new MiniSearch<{ id: string; text: string }>({
    fields: ['text'],
    idField: 'id',
    processTerm,
    searchOptions: { combineWith: 'OR', prefix: false, fuzzy: false, bm25: BM25_PARAMS },
  });
  private readonly records = new Map<string, SlimRecord>();

  get size(): number {
    return this.records.size;
  }

  add(docs: { id: string; document: string; metadata: Metadata }[]): void {
    const fresh = docs.filter((d) => !this.records.has(d.id));
    for (const d of docs) this.records.set(d.id, slim(d.metadata));
    this.mini.addAll(fresh.map((d) => ({ id: d.id, text: d.document })));
  }

  search(query: string, options: { constraints: Constraint[]; limit: number }): LexicalHit[] {
    if (!query.trim()) return [];
    const hits = this.mini.search(query, {
      filter: options.constraints.length
        ? (r) => slimMatches(this.records.get(String(r.id))!, options.constraints)
        : undefined,
    });
    return hits.slice(0, options.limit).map((h) => ({ id: String(h.id), score: h.score, terms: h.terms }));
  }
}
