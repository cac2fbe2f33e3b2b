/**
 * The `Embedder` seam. Two implementations, both through transformers.js `feature-extraction`
 * (mean pooling, L2-normalized): the real `Xenova/all-MiniLM-L6-v2` (q8) and the project's own
 * offline static-embedding model built in the same Hugging Face layout.
 */
export interface EmbedderInfo {
  /** Model id, e.g. `Xenova/all-MiniLM-L6-v2` or `meridian/static-minilm-vocab`. */
  id: string;
  /** Which implementation: the real MiniLM or the offline static model. */
  kind: 'minilm' | 'offline';
  dim: number;
  /** SHA-256 of the ONNX weights file: collections record it; a mismatch is refused. */
  fileHash: string;
}

export interface Embedder extends EmbedderInfo {
  /** Unit-length vectors, one per text, in order. */
  embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]>;
  dispose?(): Promise<void>;
}
