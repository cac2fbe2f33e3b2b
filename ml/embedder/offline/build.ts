import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createProgress } from '../../../lib/progress/index.ts';
import { modelDir } from '../../../lib/models/index.ts';
import { encodeStaticEmbeddingModel } from './onnx.ts';
import { trainStaticEmbeddings } from './train.ts';
import type { CorpusSource } from './corpus.ts';

export const OFFLINE_MODEL_ID = 'meridian/static-embedding-minilm-vocab';
export const MINILM_MODEL_ID = 'Xenova/all-MiniLM-L6-v2';
const OFFLINE_SCHEMA_VERSION = 1;
const OFFLINE_DIM = 384;
/** Tokenizer/config files copied verbatim from the real MiniLM so tokenization is identical. */
const TOKENIZER_FILES = [
  'config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'special_tokens_map.json',
  'vocab.txt',
] as const;
const MANIFEST_FILE = 'meridian-model.json';

/** Where the real MiniLM tokenizer is: the models dir if it has one, else the shared copy beside the data dir. */
export function findTokenizerDir(modelsDir: string, sharedDataDir: string): string {
  const candidates = [
    modelDir(modelsDir, MINILM_MODEL_ID),
    path.resolve(sharedDataDir, '..', 'models', ...MINILM_MODEL_ID.split('/')),
  ];
  const found = candidates.find((d) => existsSync(path.join(d, 'tokenizer.json')));
  if (!found) {
    throw new Error(
      `The MiniLM tokenizer is needed to build the offline embedder; put tokenizer.json, tokenizer_config.json and config.json of ${MINILM_MODEL_ID} in one of: ${candidates.join(', ')}`,
    );
  }
  return found;
}

export interface BuildOptions {
  modelsDir: string;
  tokenizerDir: string;
  sources: CorpusSource[];
  seed: number;
  dim?: number;
  window?: number;
  minCount?: number;
  eigenPower?: number;
  removeMean?: boolean;
  log?: (line: string) => void;
  silentProgress?: boolean;
}

export interface BuildResult {
  modelId: string;
  dir: string;
  fileHash: string;
  manifest: OfflineManifest;
}

interface OfflineManifest {
  schemaVersion: number;
  modelId: string;
  dim: number;
  seed: number;
  fileHash: string;
  corpus: { name: string; documents: number }[];
  corpusHash: string;
  documents: number;
  tokens: number;
  activeTokens: number;
  ppmiNonZeros: number;
  heldOut: string;
  buildSeconds: number;
}

/**
 * Build the offline static-embedding model into `<modelsDir>/meridian/static-embedding-minilm-vocab/`
 * in the Hugging Face layout transformers.js reads. Deterministic for a seed and corpus; written
 * to a temporary folder and renamed into place (atomic for readers).
 */
export async function buildOfflineModel(options: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  const log = options.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const dim = options.dim ?? OFFLINE_DIM;
  const { AutoTokenizer } = await import('@huggingface/transformers');
  const tokenizer = await AutoTokenizer.from_pretrained(path.resolve(options.tokenizerDir));
  // Vocabulary size and special tokens from the real tokenizer.json (the ONNX table must cover every id).
  const tokJson = JSON.parse(readFileSync(path.join(options.tokenizerDir, 'tokenizer.json'), 'utf8')) as {
    model: { vocab: Record<string, number> };
    added_tokens?: { id: number; special: boolean }[];
  };
  const vocabSize = Math.max(...Object.values(tokJson.model.vocab)) + 1;
  const specialIds = (tokJson.added_tokens ?? []).filter((t) => t.special).map((t) => t.id);

  const docs: Int32Array[] = [];
  const corpus: { name: string; documents: number }[] = [];
  const corpusHash = createHash('sha256');
  for (const source of options.sources) {
    const progress = createProgress({
      label: `tokenizing ${source.name}`,
      unit: 'texts',
      silent: options.silentProgress,
    });
    let n = 0;
    for await (const text of source.texts() as AsyncIterable<string>) {
      corpusHash.update(text).update('\n');
      docs.push(Int32Array.from(tokenizer.encode(text, { add_special_tokens: false })));
      n++;
      progress.tick();
    }
    progress.done();
    corpus.push({ name: source.name, documents: n });
  }
  log(
    `offline embedder: training on ${docs.length} documents (${corpus.map((c) => `${c.name}: ${c.documents}`).join(', ')})`,
  );

  const trained = trainStaticEmbeddings(docs, {
    vocabSize,
    dim,
    seed: options.seed,
    specialIds,
    window: options.window,
    minCount: options.minCount,
    eigenPower: options.eigenPower,
    removeMean: options.removeMean,
    onStep: (s) => log(`offline embedder: ${s}`),
  });
  const onnx = encodeStaticEmbeddingModel({
    weights: trained.weights,
    vocabSize,
    dim,
    metadata: {
      seed: String(options.seed),
      corpus_hash: corpusHash.digest('hex').slice(0, 16),
      meridian_schema: String(OFFLINE_SCHEMA_VERSION),
    },
  });
  const fileHash = createHash('sha256').update(onnx).digest('hex');

  const dir = modelDir(options.modelsDir, OFFLINE_MODEL_ID);
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  mkdirSync(path.join(tmp, 'onnx'), { recursive: true });
  for (const f of TOKENIZER_FILES) {
    const src = path.join(options.tokenizerDir, f);
    if (existsSync(src)) copyFileSync(src, path.join(tmp, f));
  }
  writeFileSync(path.join(tmp, 'onnx', 'model_quantized.onnx'), onnx);
  const manifest: OfflineManifest = {
    schemaVersion: OFFLINE_SCHEMA_VERSION,
    modelId: OFFLINE_MODEL_ID,
    dim,
    seed: options.seed,
    fileHash,
    corpus,
    corpusHash: createHash('sha256').update(JSON.stringify(corpus)).digest('hex').slice(0, 16),
    documents: trained.documents,
    tokens: trained.tokens,
    activeTokens: trained.activeTokens,
    ppmiNonZeros: trained.nonZeros,
    heldOut: 'bank FAQ pairs whose sha256(lowercased question) % 5 == 0 are excluded from training',
    buildSeconds: Math.round((performance.now() - started) / 100) / 10,
  };
  writeFileSync(path.join(tmp, MANIFEST_FILE), JSON.stringify(manifest, null, 2));
  // Swap into place: readers see either the old complete folder or the new complete one.
  const old = `${dir}.old-${process.pid}-${Date.now()}`;
  mkdirSync(path.dirname(dir), { recursive: true });
  if (existsSync(dir)) renameSync(dir, old);
  renameSync(tmp, dir);
  rmSync(old, { recursive: true, force: true });
  log(
    `offline embedder: wrote ${dir} (${trained.activeTokens} token vectors, sha256 ${fileHash.slice(0, 12)}…, ${manifest.buildSeconds}s)`,
  );
  return { modelId: OFFLINE_MODEL_ID, dir, fileHash, manifest };
}

function readOfflineManifest(modelsDir: string): OfflineManifest | undefined {
  const file = path.join(modelDir(modelsDir, OFFLINE_MODEL_ID), MANIFEST_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as OfflineManifest) : undefined;
}
