/**
 * The `Embedder` seam. Two implementations, both through transformers.js `feature-extraction`
 * (mean pooling, L2-normalized): the real `Xenova/all-MiniLM-L6-v2` (q8) and the project's own
 * offline static-embedding model built in the same Hugging Face layout.
 */
import type { EmbedderInfo } from '../../lib/vector-store/types.ts';

export type { EmbedderInfo };

export interface Embedder extends EmbedderInfo {
  /** Unit-length vectors, one per text, in order. */
  embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]>;
  dispose?(): Promise<void>;
}
