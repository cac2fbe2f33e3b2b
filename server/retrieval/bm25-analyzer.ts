import { STOP_WORDS, stem } from './text.ts';

/**
 * The lexical analyzer shared by the typed-array BM25 index (bm25.ts) and its MiniSearch reference
 * (bm25-reference.ts): MiniSearch's default tokenizer (split on Unicode spaces/punctuation), then
 * lower-case, stop words dropped, light stemming (text.ts). Field length is MiniSearch's: the number
 * of distinct RAW tokens (before processTerm, stop words and the empty trailing token included) —
 * reproduced exactly so both indexes give the same scores.
 */
const SPACE_OR_PUNCTUATION = /[\n\r\p{Z}\p{P}]+/u;

/** MiniSearch's defaults (k1 = 1.2, b = 0.7, BM25+ delta 0.5), spelled out so both sides agree. */
export const BM25_PARAMS = { k: 1.2, b: 0.7, d: 0.5 } as const;

export const tokenize = (text: string): string[] => text.split(SPACE_OR_PUNCTUATION);

export function processTerm(term: string): string | null {
  const t = term.toLowerCase();
  return STOP_WORDS.has(t) ? null : stem(t);
}

/** Processed query terms in order, duplicates kept (MiniSearch scores a repeated term twice). */
export function queryTerms(query: string): string[] {
  const out: string[] = [];
  for (const raw of tokenize(query)) {
    const t = processTerm(raw);
    if (t) out.push(t);
  }
  return out;
}
