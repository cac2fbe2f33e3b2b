import path from 'node:path';
import { testConfig } from '../lib/config/index.ts';
import { silentLogger } from '../lib/log/index.ts';
import { LlamaGenerator, type LlamaGeneratorOptions } from '../server/assistant/generators/llama.ts';

/** The tiny real GGUF used by the node-llama-cpp tests and the chat bench: `<sharedDataDir>/../models/gguf/stories260K.gguf`. */
export const STORIES_GGUF = path.resolve(testConfig().sharedDataDir, '../models/gguf/stories260K.gguf');

/** The real generator on stories260K, on the CPU with one thread; each test states only what it changes. */
export function tinyLlama(options: Partial<LlamaGeneratorOptions> = {}): Promise<LlamaGenerator> {
  return LlamaGenerator.create({
    modelPath: STORIES_GGUF,
    gpu: false,
    threads: 1,
    sequences: 2,
    contextSize: 2048,
    queueLimit: 4,
    timeoutMs: 60_000,
    maxTokens: 500,
    log: silentLogger,
    ...options,
  });
}
