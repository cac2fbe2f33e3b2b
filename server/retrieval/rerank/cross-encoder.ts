import { isModelPresent, loadTransformers, loadWithModelErrors, resolveModel } from '../../../lib/models/index.ts';
import type { Reranker } from '../reranker.ts';

/**
 * The cross-encoder reranker: `Xenova/ms-marco-MiniLM-L-6-v2` (q8) through transformers.js
 * (AutoTokenizer + AutoModelForSequenceClassification), resolved by the same model resolver and
 * directory rules as the embedder (lib/models). Scores are the model's relevance logits.
 */
export const CROSS_ENCODER_ID = 'Xenova/ms-marco-MiniLM-L-6-v2';

export interface CrossEncoderOptions {
  modelsDir: string;
  allowDownloads: boolean;
  modelId?: string;
  /** Pairs scored per forward pass (default: all of a call's candidates in one ONNX run). */
  batchSize?: number;
  maxLength?: number;
}

export function crossEncoderPresent(modelsDir: string, modelId = CROSS_ENCODER_ID): boolean {
  return isModelPresent(modelsDir, modelId);
}

export async function loadCrossEncoder(options: CrossEncoderOptions): Promise<Reranker> {
  const modelId = options.modelId ?? CROSS_ENCODER_ID;
  const resolved = resolveModel({ modelsDir: options.modelsDir, modelId, allowDownloads: options.allowDownloads });
  const transformers = await loadTransformers({ modelsDir: options.modelsDir, allowDownloads: options.allowDownloads });
  const [tokenizer, model] = await loadWithModelErrors(resolved, options.modelsDir, () =>
    Promise.all([
      transformers.AutoTokenizer.from_pretrained(modelId),
      transformers.AutoModelForSequenceClassification.from_pretrained(modelId, { dtype: 'q8' }),
    ]),
  );
  // One forward pass over every candidate (20 by default): one padded [n, len] batch beats n/16
  // sequential passes — each ONNX run has fixed overhead and the wasm backend parallelises inside a run.
  const batchSize = options.batchSize ?? Number.POSITIVE_INFINITY;
  const maxLength = options.maxLength ?? 256;
  return {
    id: modelId,
    kind: 'cross-encoder',
    async score(query, passages, { signal } = {}) {
      const out: number[] = [];
      for (let i = 0; i < passages.length; i += batchSize) {
        signal?.throwIfAborted();
        const batch = passages.slice(i, i + batchSize);
        const inputs = tokenizer(new Array(batch.length).fill(query), {
          text_pair: batch,
          padding: true,
          truncation: true,
          max_length: maxLength,
        });
        const { logits } = await model(inputs);
        const data = logits.data as Float32Array;
        const width = logits.dims[1] ?? 1;
        // One logit per pair (ms-marco); for 2-class heads, the "relevant" logit.
        for (let j = 0; j < batch.length; j++) out.push(Number(data[j * width + (width - 1)]));
      }
      return out;
    },
  };
}
