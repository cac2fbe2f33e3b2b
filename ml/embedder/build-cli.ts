/**
 * `npm run build:embedder -- [options]`: build the offline static-embedding model into
 * `<modelsDir>/meridian/static-embedding-minilm-vocab/` and (with --eval) measure bank-FAQ retrieval.
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../../lib/config/index.ts';
import { buildOfflineModel, findTokenizerDir, OFFLINE_MODEL_ID } from './offline/build.ts';
import { defaultCorpusSources, DEFAULT_CORPUS_CUSTOMERS } from './offline/sources.ts';
import { evaluateFaqRetrieval } from './offline/evaluate.ts';
import { createTransformersEmbedder } from './transformers-embedder.ts';

const HELP = `Usage: npm run build:embedder -- [options]

Builds Meridian's offline embedding model (${OFFLINE_MODEL_ID}): static token vectors over the
MiniLM WordPiece vocabulary learned from bank FAQs (training split), banking77, product terms and
synthetic customer descriptions (PPMI + randomized eigendecomposition, IDF-weighted), written as a
Gather-only ONNX graph beside the real MiniLM tokenizer so transformers.js loads it through
feature-extraction. Deterministic for a seed; written atomically.

Options:
  --models-dir <dir>   models directory (MERIDIAN_MODELS_DIR, default models)
  --seed <n>           seed (MERIDIAN_SEED, default 42)
  --customers <n>      synthetic customer descriptions in the corpus (default ${DEFAULT_CORPUS_CUSTOMERS})
  --eval               after building, measure bank-FAQ question→answer retrieval (MRR@10, Recall@10)
                       on held-out questions, with BM25 and dense+BM25 (RRF) in the same run
  --eval-only          measure the model already in the models dir, without rebuilding
  -h, --help           show this help`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      'models-dir': { type: 'string' },
      seed: { type: 'string' },
      customers: { type: 'string' },
      eval: { type: 'boolean' },
      'eval-only': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const env = { ...process.env };
  if (values['models-dir']) env.MERIDIAN_MODELS_DIR = values['models-dir'];
  if (values.seed) env.MERIDIAN_SEED = values.seed;
  const config = loadConfig(env);
  if (!values['eval-only']) {
    const customers = values.customers ? Number(values.customers) : undefined;
    const { sources, missing } = await defaultCorpusSources(config, { customers });
    for (const m of missing) process.stderr.write(`warning: corpus file missing, skipped: ${m}\n`);
    const result = await buildOfflineModel({
      modelsDir: config.modelsDir,
      tokenizerDir: findTokenizerDir(config.modelsDir, config.sharedDataDir),
      sources,
      seed: config.seed,
    });
    process.stdout.write(`${JSON.stringify(result.manifest, null, 2)}\n`);
  }
  if (values.eval || values['eval-only']) {
    const embedder = await createTransformersEmbedder({
      modelsDir: config.modelsDir,
      modelId: OFFLINE_MODEL_ID,
      kind: 'offline',
      allowDownloads: false,
    });
    const r = await evaluateFaqRetrieval(embedder, config.sharedDataDir);
    process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
  }
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`build:embedder failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
