import { SparseMatrix } from './features.ts';

/**
 * TF-IDF baseline features (word unigrams + bigrams, sublinear tf, smooth idf, L2-normalized rows),
 * fitted on training texts only — the classic non-neural reference for banking77.
 */
export interface TfidfModel {
  vocabulary: Map<string, number>;
  idf: Float32Array;
}

function tokenize(text: string): string[] {
  const words = text.toLowerCase().match(/[a-z0-9']+/g) ?? [];
  const out = [...words];
  for (let i = 0; i + 1 < words.length; i++) out.push(`${words[i]} ${words[i + 1]}`);
  return out;
}

export function fitTfidf(texts: string[], minDf = 1): TfidfModel {
  const df = new Map<string, number>();
  for (const t of texts) for (const term of new Set(tokenize(t))) df.set(term, (df.get(term) ?? 0) + 1);
  const terms = [...df.entries()]
    .filter(([, n]) => n >= minDf)
    .map(([t]) => t)
    .sort();
  const vocabulary = new Map(terms.map((t, i) => [t, i]));
  const idf = new Float32Array(terms.length);
  const n = texts.length;
  terms.forEach((t, i) => (idf[i] = Math.log((1 + n) / (1 + df.get(t)!)) + 1));
  return { vocabulary, idf };
}

export function transformTfidf(model: TfidfModel, texts: string[]): SparseMatrix {
  const indptr = new Int32Array(texts.length + 1);
  const indices: number[] = [];
  const values: number[] = [];
  texts.forEach((t, r) => {
    const counts = new Map<number, number>();
    for (const term of tokenize(t)) {
      const j = model.vocabulary.get(term);
      if (j !== undefined) counts.set(j, (counts.get(j) ?? 0) + 1);
    }
    const row = [...counts.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([j, c]) => [j, (1 + Math.log(c)) * model.idf[j]!] as const);
    const norm = Math.sqrt(row.reduce((s, [, v]) => s + v * v, 0)) || 1;
    for (const [j, v] of row) {
      indices.push(j);
      values.push(v / norm);
    }
    indptr[r + 1] = indices.length;
  });
  return new SparseMatrix(indptr, Int32Array.from(indices), Float32Array.from(values), model.vocabulary.size);
}
