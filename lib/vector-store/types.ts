/**
 * The `VectorStore` seam. Production is Chroma only (child `chroma run` or `CHROMA_URL`); the
 * interface exists so tests and callers name what they use, not a second database.
 */
type MetadataValue = string | number | boolean;
export type Metadata = Record<string, MetadataValue>;
/** Chroma `where` syntax: `{ field: { $gte: 750 } }`, `{ $and: [...] }`, `{ field: value }`. */
export type Where = Record<string, unknown>;

export const COLLECTIONS = ['customers', 'products', 'knowledge'] as const;
export type CollectionName = (typeof COLLECTIONS)[number];

export interface VectorRecord {
  id: string;
  embedding: Float32Array | number[];
  document: string;
  metadata: Metadata;
}

export interface VectorHit {
  id: string;
  /** Cosine distance (collections use `hnsw:space = cosine`): similarity = 1 − distance. */
  distance: number;
  document: string;
  metadata: Metadata;
}

export interface VectorStore {
  /** Throws UnavailableError when the server does not answer. */
  heartbeat(signal?: AbortSignal): Promise<void>;
  /**
   * Create the collection if missing, recording the embedder in its metadata; if it exists with
   * another embedder (id, file hash or dim), throw IncompatibleError.
   */
  ensureCollection(name: CollectionName, embedder: EmbedderInfo): Promise<void>;
  /** The embedder a collection was built with, or undefined when it does not exist. */
  collectionEmbedder(name: CollectionName): Promise<EmbedderInfo | undefined>;
  upsert(name: CollectionName, records: VectorRecord[]): Promise<void>;
  /** Nearest neighbours of one query vector among records matching `where`. */
  /**
   * `include` (default both) limits what comes back besides ids and distances: RM search asks for
   * neither and fetches documents only for the few candidates it reranks/returns (much less JSON).
   */
  query(
    name: CollectionName,
    embedding: Float32Array | number[],
    options: {
      k: number;
      where?: Where;
      /** Search only these records (exact search over them), instead of or besides `where`. */
      ids?: string[];
      embedder: EmbedderInfo;
      include?: ('documents' | 'metadatas')[];
    },
  ): Promise<VectorHit[]>;
  get(
    name: CollectionName,
    options: {
      ids?: string[];
      where?: Where;
      limit?: number;
      offset?: number;
      include?: ('documents' | 'metadatas' | 'embeddings')[];
    },
  ): Promise<(Omit<VectorHit, 'distance'> & { embedding?: number[] })[]>;
  count(name: CollectionName): Promise<number>;
  deleteCollection(name: CollectionName): Promise<void>;
}

/** The embedding model a collection was built with (recorded on the collection; a mismatch is refused). */
export interface EmbedderInfo {
  /** Model id, e.g. `Xenova/all-MiniLM-L6-v2` or `meridian/static-minilm-vocab`. */
  id: string;
  /** Which implementation: the real MiniLM or the offline static model. */
  kind: 'minilm' | 'offline';
  dim: number;
  /** SHA-256 of the ONNX weights file: collections record it; a mismatch is refused. */
  fileHash: string;
}
