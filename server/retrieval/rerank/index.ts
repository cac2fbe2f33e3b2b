import type { Config } from '../../../lib/config/index.ts';
import type { Logger } from '../../../lib/log/index.ts';
import type { Embedder } from '../../../ml/embedder/embedder.ts';
import type { Reranker } from '../reranker.ts';
import { crossEncoderPresent, loadCrossEncoder } from './cross-encoder.ts';
import { createFallbackReranker } from './fallback.ts';

/** No rerank stage: keeps the fused order (scores are all 0). */
const noReranker: Reranker = { id: 'none', kind: 'none', score: async (_q, p) => p.map(() => 0) };

/**
 * Pick the reranker from config `reranker`: `cross-encoder` (required: fails if absent and not
 * downloadable), `fallback`, `none`, or `auto` = cross-encoder when its weights are on disk (or
 * downloadable), else the fallback — logged loudly either way.
 */
export async function createReranker(
  config: Pick<Config, 'reranker' | 'modelsDir' | 'allowDownloads'>,
  embedder: Embedder | undefined,
  log?: Logger,
): Promise<Reranker> {
  if (config.reranker === 'none') return noReranker;
  if (config.reranker === 'fallback') return createFallbackReranker({ embedder });
  const present = crossEncoderPresent(config.modelsDir);
  if (config.reranker === 'cross-encoder' || present) {
    const r = await loadCrossEncoder({ modelsDir: config.modelsDir, allowDownloads: config.allowDownloads });
    log?.info({ reranker: r.id }, 'reranker: cross-encoder');
    return r;
  }
  if (config.allowDownloads) {
    try {
      const r = await loadCrossEncoder({ modelsDir: config.modelsDir, allowDownloads: true });
      log?.info({ reranker: r.id }, 'reranker: cross-encoder (downloaded)');
      return r;
    } catch (err) {
      log?.warn(
        { err: (err as Error).message },
        'reranker: cross-encoder download failed; using the fallback reranker',
      );
    }
  }
  const fallback = createFallbackReranker({ embedder });
  log?.warn(
    { reranker: fallback.id },
    `reranker: cross-encoder weights absent (${config.modelsDir}/Xenova/ms-marco-MiniLM-L-6-v2/onnx/model_quantized.onnx); using the fallback reranker`,
  );
  return fallback;
}
