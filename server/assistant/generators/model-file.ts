import { existsSync } from 'node:fs';
import path from 'node:path';
import { ModelMissingError } from '../../../lib/errors/index.ts';
import { createProgress } from '../../../lib/progress/index.ts';
import type { Logger } from '../../../lib/log/index.ts';

/**
 * Where the chat GGUF lives. ONE documented place: `<modelsDir>/gguf/<file>`; for the default
 * `hf:TheBloke/zephyr-7B-beta-GGUF:Q4_K_M` that is `<modelsDir>/gguf/zephyr-7b-beta.Q4_K_M.gguf`.
 * `llmModel` may also be a plain path to a .gguf file.
 */
export const DEFAULT_LLM_URI = 'hf:TheBloke/zephyr-7B-beta-GGUF:Q4_K_M';

/** Local file name for an `hf:<owner>/<repo>-GGUF:<QUANT>` URI (TheBloke naming: `<repo minus -GGUF, lower-case>.<QUANT>.gguf`). */
export function localFileNameForUri(uri: string): string {
  const m = /^hf:([^/]+)\/([^:]+?)(?::([^/]+))?$/.exec(uri);
  if (!m) return path.basename(uri);
  const repo = m[2]!;
  const quant = m[3];
  if (repo.endsWith('.gguf')) return path.basename(repo);
  const base = repo.replace(/-GGUF$/i, '').toLowerCase();
  return quant ? `${base}.${quant}.gguf` : `${base}.gguf`;
}

export function expectedModelPath(llmModel: string, modelsDir: string): string {
  if (!llmModel.startsWith('hf:')) return path.resolve(llmModel);
  return path.resolve(modelsDir, 'gguf', localFileNameForUri(llmModel));
}

export const isModelPresent = (llmModel: string, modelsDir: string) =>
  existsSync(expectedModelPath(llmModel, modelsDir));

/** The file to load: present locally, or downloaded (with a progress bar) when allowed, else ModelMissingError naming the file. */
export async function resolveLlmModelFile(options: {
  llmModel: string;
  modelsDir: string;
  allowDownloads: boolean;
  log: Logger;
  signal?: AbortSignal;
}): Promise<string> {
  const { llmModel, modelsDir, allowDownloads, log } = options;
  const file = expectedModelPath(llmModel, modelsDir);
  if (existsSync(file)) return file;
  const hint = llmModel.startsWith('hf:')
    ? `Put the GGUF file at ${file} (e.g. download ${llmModel.replace(/^hf:/, 'https://huggingface.co/').replace(/:([^/]+)$/, '')} → ${path.basename(file)}), or set MERIDIAN_ALLOW_DOWNLOADS=true with network access, or MERIDIAN_GENERATOR=template to run without an LLM.`
    : 'Set MERIDIAN_LLM_MODEL to an existing .gguf file, or MERIDIAN_GENERATOR=template to run without an LLM.';
  if (!llmModel.startsWith('hf:') || !allowDownloads) throw new ModelMissingError(llmModel, [file], hint);
  const { resolveModelFile } = await import('node-llama-cpp');
  log.info({ uri: llmModel, file }, 'downloading chat model');
  let progress: ReturnType<typeof createProgress> | undefined;
  let last = 0;
  try {
    return await resolveModelFile(llmModel, {
      directory: path.dirname(file),
      fileName: path.basename(file),
      cli: false,
      signal: options.signal,
      onProgress: ({ totalSize, downloadedSize }) => {
        progress ??= createProgress({
          label: `download ${path.basename(file)}`,
          total: Math.round(totalSize / 2 ** 20),
          unit: 'MiB',
        });
        const mib = Math.floor(downloadedSize / 2 ** 20);
        if (mib > last) progress.tick(mib - last);
        last = mib;
      },
    });
  } catch (cause) {
    throw new ModelMissingError(llmModel, [file], `Download failed (${(cause as Error).message}). ${hint}`);
  } finally {
    progress?.done();
  }
}
