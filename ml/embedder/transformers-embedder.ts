import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import {
  loadTransformers,
  loadWithModelErrors,
  resolveModel,
  TRANSFORMERS_PRESENCE_FILE,
} from '../../lib/models/index.ts';
import type { Embedder } from './embedder.ts';

/**
 * An Embedder over transformers.js `feature-extraction` (q8 weights, mean pooling, L2-normalized).
 * Both the real MiniLM and the offline static model load through exactly this code.
 */
export interface TransformersEmbedderOptions {
  modelsDir: string;
  modelId: string;
  kind: Embedder['kind'];
  allowDownloads: boolean;
  /** Texts per ONNX run. */
  batchSize?: number;
  /** onnxruntime intra-op threads (default: its own, one per core). */
  threads?: number;
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function createTransformersEmbedder(options: TransformersEmbedderOptions): Promise<Embedder> {
  const { modelsDir, modelId, kind, allowDownloads } = options;
  const batchSize = options.batchSize ?? 64;
  const resolved = resolveModel({ modelsDir, modelId, allowDownloads });
  const { pipeline } = await loadTransformers({ modelsDir, allowDownloads });
  const extractor = await loadWithModelErrors(resolved, modelsDir, () =>
    pipeline('feature-extraction', modelId, {
      dtype: 'q8',
      ...(options.threads ? { session_options: { intraOpNumThreads: options.threads, interOpNumThreads: 1 } } : {}),
    }),
  );
  // After a download the weights are in the models dir too (cacheDir = modelsDir).
  const fileHash = await sha256File(path.join(resolved.dir, TRANSFORMERS_PRESENCE_FILE));

  const run = async (texts: string[]): Promise<Float32Array[]> => {
    const out = await extractor(texts, { pooling: 'mean', normalize: true });
    const [n, d] = out.dims as [number, number];
    const data = out.data as Float32Array;
    const vectors: Float32Array[] = [];
    for (let i = 0; i < n; i++) {
      const v = data.slice(i * d, (i + 1) * d);
      // A text made only of tokens without vectors pools to 0 and normalizes to NaN: keep it 0.
      if (Number.isNaN(v[0])) v.fill(0);
      vectors.push(v);
    }
    return vectors;
  };
  const probe = await run(['dimension probe']);
  const dim = probe[0].length;

  return {
    id: modelId,
    kind,
    dim,
    fileHash,
    async embed(texts, signal) {
      const result: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += batchSize) {
        signal?.throwIfAborted();
        const batch = texts.slice(i, i + batchSize);
        result.push(...(await run(batch)));
      }
      return result;
    },
    async dispose() {
      await extractor.dispose();
    },
  };
}
