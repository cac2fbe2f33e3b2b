import type { Config } from '../../../lib/config/index.ts';
import { ConfigError } from '../../../lib/config/index.ts';
import type { Logger } from '../../../lib/log/index.ts';
import { expectedModelPath, isModelPresent, resolveLlmModelFile } from './model-file.ts';
import { LlamaGenerator } from './llama.ts';
import { OpenAIGenerator } from './openai.ts';
import { TemplateGenerator } from './template.ts';
import type { Generator } from './types.ts';

export * from './types.ts';

type GeneratorConfig = Pick<
  Config,
  | 'generator'
  | 'llmModel'
  | 'llmGpu'
  | 'llmThreads'
  | 'llmSequences'
  | 'llmContextSize'
  | 'llmQueue'
  | 'llmTimeoutMs'
  | 'llmMaxTokens'
  | 'openaiBaseUrl'
  | 'openaiApiKey'
  | 'openaiModel'
  | 'modelsDir'
  | 'allowDownloads'
>;

/**
 * Backend choice (config `generator`): `auto` = llama when the model file is present, else the
 * template backend (logged loudly: answers are then deterministic text, not an LLM's).
 * Loads the model once, here, at start — never per request.
 */
export async function createGenerator(config: GeneratorConfig, log: Logger): Promise<Generator> {
  let choice = config.generator;
  if (choice === 'auto') {
    if (isModelPresent(config.llmModel, config.modelsDir)) choice = 'llama';
    else {
      log.warn(
        { expected: expectedModelPath(config.llmModel, config.modelsDir), llmModel: config.llmModel },
        `!!! NO CHAT MODEL: generator=auto found no GGUF at ${expectedModelPath(config.llmModel, config.modelsDir)} — using the TEMPLATE generator (deterministic answers, no LLM). Put the file there or set MERIDIAN_GENERATOR=llama to download it. !!!`,
      );
      choice = 'template';
    }
  }
  if (choice === 'template') {
    log.info('generator: template (no LLM)');
    return new TemplateGenerator();
  }
  if (choice === 'openai') {
    if (!config.openaiBaseUrl)
      throw new ConfigError(
        'OPENAI_BASE_URL',
        'required when MERIDIAN_GENERATOR=openai (e.g. http://localhost:8080/v1)',
      );
    log.info({ baseUrl: config.openaiBaseUrl, model: config.openaiModel }, 'generator: openai-compatible endpoint');
    return new OpenAIGenerator({
      baseUrl: config.openaiBaseUrl,
      apiKey: config.openaiApiKey,
      model: config.openaiModel,
      concurrency: config.llmSequences,
      queueLimit: config.llmQueue,
      timeoutMs: config.llmTimeoutMs,
      maxTokens: config.llmMaxTokens,
    });
  }
  const modelPath = await resolveLlmModelFile({
    llmModel: config.llmModel,
    modelsDir: config.modelsDir,
    allowDownloads: config.allowDownloads,
    log,
  });
  return LlamaGenerator.create({
    modelPath,
    gpu: config.llmGpu === 'false' ? false : config.llmGpu,
    threads: config.llmThreads,
    sequences: config.llmSequences,
    contextSize: config.llmContextSize,
    queueLimit: config.llmQueue,
    timeoutMs: config.llmTimeoutMs,
    maxTokens: config.llmMaxTokens,
    log,
  });
}
