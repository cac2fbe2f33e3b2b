import type { Config } from '../../lib/config/index.ts';
import type { Logger } from '../../lib/log/index.ts';
import { isModelPresent } from '../../lib/models/index.ts';
import { buildOfflineModel, findTokenizerDir, MINILM_MODEL_ID, OFFLINE_MODEL_ID } from './offline/build.ts';
import type { CorpusSource } from './offline/corpus.ts';
import { defaultCorpusSources } from './offline/sources.ts';
import { createTransformersEmbedder } from './transformers-embedder.ts';
import type { Embedder } from './embedder.ts';

export type { Embedder } from './embedder.ts';
export { MINILM_MODEL_ID, OFFLINE_MODEL_ID } from './offline/build.ts';
export { createTransformersEmbedder } from './transformers-embedder.ts';

export type EmbedderChoice = Config['embedder'];

/** Which model `auto` means right now: MiniLM when its weights are present, else the offline model. */
export function chooseEmbedder(choice: EmbedderChoice, modelsDir: string): 'minilm' | 'offline' {
  if (choice !== 'auto') return choice;
  return isModelPresent(modelsDir, MINILM_MODEL_ID) ? 'minilm' : 'offline';
}

export interface CreateEmbedderOptions {
  config: Pick<Config, 'embedder' | 'modelsDir' | 'allowDownloads' | 'sharedDataDir' | 'seed'>;
  log?: Logger;
  /** Build the offline model when it is selected and missing (default true). */
  buildIfMissing?: boolean;
  /** Corpus for that build (default: defaultCorpusSources). */
  sources?: CorpusSource[];
  batchSize?: number;
  /** onnxruntime intra-op threads (default: one per core). */
  threads?: number;
}

/**
 * The embedder the config asks for, logged loudly. `minilm` is the real
 * Xenova/all-MiniLM-L6-v2 (downloaded when allowed and missing); `offline` is the project's own
 * static-embedding model, built on first use when missing.
 */
export async function createEmbedder(options: CreateEmbedderOptions): Promise<Embedder> {
  const { config, log } = options;
  const kind = chooseEmbedder(config.embedder, config.modelsDir);
  const say = (msg: string) => (log ? log.warn({ embedder: kind }, msg) : process.stderr.write(`${msg}\n`));
  if (kind === 'minilm') {
    const embedder = await createTransformersEmbedder({
      modelsDir: config.modelsDir,
      modelId: MINILM_MODEL_ID,
      kind,
      allowDownloads: config.allowDownloads,
      batchSize: options.batchSize,
      threads: options.threads,
    });
    say(
      `EMBEDDER: ${MINILM_MODEL_ID} (q8, ${embedder.dim}-d, sha256 ${embedder.fileHash.slice(0, 12)}…) — the real MiniLM`,
    );
    return embedder;
  }
  if (!isModelPresent(config.modelsDir, OFFLINE_MODEL_ID) && options.buildIfMissing !== false) {
    say(`EMBEDDER: offline model ${OFFLINE_MODEL_ID} is missing — building it now (npm run build:embedder)`);
    const sources = options.sources ?? (await defaultCorpusSources(config)).sources;
    await buildOfflineModel({
      modelsDir: config.modelsDir,
      tokenizerDir: findTokenizerDir(config.modelsDir, config.sharedDataDir),
      sources,
      seed: config.seed,
      log: (l) => (log ? log.info(l) : process.stderr.write(`${l}\n`)),
    });
  }
  const embedder = await createTransformersEmbedder({
    modelsDir: config.modelsDir,
    modelId: OFFLINE_MODEL_ID,
    kind: 'offline',
    allowDownloads: false,
    batchSize: options.batchSize,
    threads: options.threads,
  });
  const why =
    config.embedder === 'auto'
      ? `MiniLM weights not found at ${config.modelsDir}/${MINILM_MODEL_ID}/onnx/model_quantized.onnx`
      : 'MERIDIAN_EMBEDDER=offline';
  say(
    `EMBEDDER: OFFLINE static-embedding model ${OFFLINE_MODEL_ID} (${embedder.dim}-d, sha256 ${embedder.fileHash.slice(0, 12)}…) — NOT MiniLM (${why})`,
  );
  return embedder;
}
