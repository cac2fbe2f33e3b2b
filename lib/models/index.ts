import { existsSync } from 'node:fs';
import path from 'node:path';
import { ModelMissingError } from '../errors/index.ts';

/**
 * The ONE model resolver (embedder, reranker, LLM). Models live under `modelsDir` in the
 * Hugging Face layout `<org>/<name>/<files>`. Presence is decided by the weights file (for
 * transformers.js models `onnx/model_quantized.onnx`), never by the folder or `config.json`:
 * the shared tokenizer-only copies have configs but no weights.
 */

/** The files transformers.js reads for a q8 model (it ignores vocab.txt / special_tokens_map.json). */
export const TRANSFORMERS_Q8_FILES = [
  'config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'onnx/model_quantized.onnx',
] as const;
/** The file whose presence means "the model is here". */
export const TRANSFORMERS_PRESENCE_FILE = 'onnx/model_quantized.onnx';

export interface ResolveModelOptions {
  modelsDir: string;
  /** Hugging Face id, `<org>/<name>`. */
  modelId: string;
  /** Files the caller needs, relative to the model folder. */
  files?: readonly string[];
  /** The file whose presence means the model is installed (default: the q8 ONNX weights). */
  presenceFile?: string;
  /** May the hub be asked for missing files (config `allowDownloads`)? */
  allowDownloads: boolean;
}

export interface ResolvedModel {
  modelId: string;
  /** Absolute path of `<modelsDir>/<org>/<name>`. */
  dir: string;
  /** `local`: every file is on disk; `download`: transformers.js will fetch the missing ones into `dir`. */
  source: 'local' | 'download';
  missing: string[];
}

export function modelDir(modelsDir: string, modelId: string): string {
  return path.resolve(modelsDir, ...modelId.split('/'));
}

/** Which of `files` are missing for `modelId` under `modelsDir`. */
function missingModelFiles(
  modelsDir: string,
  modelId: string,
  files: readonly string[] = TRANSFORMERS_Q8_FILES,
): string[] {
  const dir = modelDir(modelsDir, modelId);
  return files.filter((f) => !existsSync(path.join(dir, f)));
}

export function isModelPresent(
  modelsDir: string,
  modelId: string,
  presenceFile: string = TRANSFORMERS_PRESENCE_FILE,
): boolean {
  return existsSync(path.join(modelDir(modelsDir, modelId), presenceFile));
}

/** The error message for a model that is not on disk and may not be downloaded. */
function modelMissingError(modelsDir: string, modelId: string, missing: string[], extra = ''): ModelMissingError {
  const dir = modelDir(modelsDir, modelId);
  const where = missing.map((f) => path.join(dir, f)).join(', ');
  const hint =
    `Put the files at: ${where} (Hugging Face layout <modelsDir>/${modelId}/…; download them from https://huggingface.co/${modelId}), ` +
    `or allow downloads (MERIDIAN_ALLOW_DOWNLOADS=true) on a machine that can reach huggingface.co.` +
    (extra ? ` ${extra}` : '');
  return new ModelMissingError(modelId, missing, hint);
}

/**
 * Resolve a model: local when every required file is present; otherwise `download` when allowed
 * (the caller then loads through transformers.js, which fetches into `dir` — see
 * `configureTransformers`); otherwise throw ModelMissingError naming the exact files.
 */
export function resolveModel(options: ResolveModelOptions): ResolvedModel {
  const {
    modelsDir,
    modelId,
    files = TRANSFORMERS_Q8_FILES,
    presenceFile = TRANSFORMERS_PRESENCE_FILE,
    allowDownloads,
  } = options;
  const dir = modelDir(modelsDir, modelId);
  const missing = missingModelFiles(modelsDir, modelId, files);
  const present = existsSync(path.join(dir, presenceFile)) && missing.length === 0;
  if (present) return { modelId, dir, source: 'local', missing: [] };
  const allMissing = missing.includes(presenceFile) ? missing : [...missing, presenceFile];
  if (allowDownloads) return { modelId, dir, source: 'download', missing: allMissing };
  throw modelMissingError(modelsDir, modelId, allMissing, 'Downloads are disabled.');
}

export interface TransformersEnvOptions {
  modelsDir: string;
  allowDownloads: boolean;
}

/** The subset of transformers.js `env` we set (typed loosely so tests can pass a plain object). */
export interface TransformersEnvLike {
  localModelPath: string;
  allowLocalModels: boolean;
  allowRemoteModels: boolean;
  cacheDir: string | null;
  useFSCache?: boolean;
}

/**
 * Configure transformers.js the same way for every caller: local models from `modelsDir`, and
 * downloads (when allowed) cached into the SAME folder so that a downloaded model is found locally
 * next time in the same layout (the file cache keys are `<org>/<name>/<file>`).
 */
export function applyTransformersEnv(env: TransformersEnvLike, options: TransformersEnvOptions): void {
  const dir = path.resolve(options.modelsDir);
  env.allowLocalModels = true;
  env.localModelPath = dir.endsWith(path.sep) ? dir : dir + path.sep;
  env.cacheDir = dir;
  env.useFSCache = true;
  env.allowRemoteModels = options.allowDownloads;
}

/** Import transformers.js and configure its env; returns the module. */
export async function loadTransformers(
  options: TransformersEnvOptions,
): Promise<typeof import('@huggingface/transformers')> {
  const transformers = await import('@huggingface/transformers');
  applyTransformersEnv(transformers.env as unknown as TransformersEnvLike, options);
  return transformers;
}

/**
 * Run a transformers.js load and turn "file not found / could not download" failures into
 * ModelMissingError naming the files (a failed download is the same situation for the user).
 */
export async function loadWithModelErrors<T>(
  resolved: ResolvedModel,
  modelsDir: string,
  load: () => Promise<T>,
): Promise<T> {
  try {
    return await load();
  } catch (err) {
    if (resolved.source === 'download') {
      const reason = err instanceof Error ? err.message : String(err);
      throw Object.assign(
        modelMissingError(modelsDir, resolved.modelId, resolved.missing, `Download failed: ${reason}`),
        { cause: err },
      );
    }
    throw err;
  }
}
