import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { ModelMissingError } from '../../../lib/errors/index.ts';
import { silentLogger } from '../../../lib/log/index.ts';
import { DEFAULT_LLM_URI, expectedModelPath, localFileNameForUri, resolveLlmModelFile } from './model-file.ts';

describe('chat model file resolution', () => {
  it('maps the default hf: URI to one documented local path', () => {
    expect(localFileNameForUri(DEFAULT_LLM_URI)).toBe('zephyr-7b-beta.Q4_K_M.gguf');
    expect(expectedModelPath(DEFAULT_LLM_URI, '/m')).toBe('/m/gguf/zephyr-7b-beta.Q4_K_M.gguf');
    expect(expectedModelPath('../shared/models/gguf/stories260K.gguf', '/m')).toBe(
      path.resolve('../shared/models/gguf/stories260K.gguf'),
    );
  });

  it('says exactly which file to put where when absent and downloads are off', async () => {
    const err = await resolveLlmModelFile({
      llmModel: DEFAULT_LLM_URI,
      modelsDir: '/nonexistent/models',
      allowDownloads: false,
      log: silentLogger,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(ModelMissingError);
    expect(err.message).toContain('/nonexistent/models/gguf/zephyr-7b-beta.Q4_K_M.gguf');
    expect(err.message).toContain('https://huggingface.co/TheBloke/zephyr-7B-beta-GGUF');
  });
});
