import os from 'node:os';
import path from 'node:path';
import {
  getLlama,
  LlamaCompletion,
  LlamaLogLevel,
  LlamaText,
  SpecialTokensText,
  resolveChatWrapper,
  type ChatHistoryItem,
  type ChatWrapper,
  type Llama,
  type LlamaContext,
  type LlamaContextSequence,
  type LlamaGrammar,
  type LlamaModel,
  type Token,
} from 'node-llama-cpp';
import { TimeoutError } from '../../../lib/errors/index.ts';
import type { Logger } from '../../../lib/log/index.ts';
import { buildMessages, isZephyrModel, type ChatMessage, zephyrSegments } from '../prompts/index.ts';
import { AnswerFieldStreamer } from './answer-stream.ts';
import { answerJsonSchema, DEFAULT_LIMITS, type AnswerSchemaLimits } from './answer-json-schema.ts';
import { AsyncQueue } from './async-queue.ts';
import { GenerationError } from './errors.ts';
import { SlotPool } from './slots.ts';
import {
  AnswerSchema,
  type GenerateEvent,
  type GenerateRequest,
  type Generator,
  type PlanningRequest,
  type RawPlan,
} from './types.ts';

export interface LlamaGeneratorOptions {
  modelPath: string;
  /** 'auto' = CUDA/Vulkan/Metal when present, else CPU. */
  gpu: 'auto' | 'cuda' | 'vulkan' | 'metal' | false;
  /** CPU threads; 0 = all cores. Never above the core count (oversubscription is ~25× slower). */
  threads: number;
  /** Parallel sequences in the one context = concurrent conversations. */
  sequences: number;
  /** Context size per sequence, tokens. */
  contextSize: number;
  /** Requests allowed to wait for a sequence; more → 429. */
  queueLimit: number;
  timeoutMs: number;
  maxTokens: number;
  /** Restrict `productId` to grounded ids in the grammar (default true; tests turn it off to exercise guardrails). */
  constrainProducts?: boolean;
  limits?: AnswerSchemaLimits;
  /** The conversation to render; defaults to prompts/buildMessages (tests pass a short one to keep CPU time low). */
  buildPrompt?: (request: GenerateRequest) => ChatMessage[];
  log: Logger;
}

export interface LlamaRuntimeInfo {
  backend: string;
  gpuNames: string[];
  vramTotalBytes: number;
  vramFreeBytes: number;
  gpuLayers: number;
  totalLayers: number;
  threads: number;
  sequences: number;
  contextSize: number;
  chatFormat: string;
}

/** Zephyr's template as LlamaText: markers are special-token text, message contents plain text. */
export function zephyrText(messages: readonly ChatMessage[]): LlamaText {
  return LlamaText(zephyrSegments(messages).map((s) => (s.control ? new SpecialTokensText(s.text) : s.text)));
}

/**
 * In-process node-llama-cpp: ONE model, ONE context with N sequences (concurrent conversations),
 * a bounded queue beyond that, a per-request timeout and abort on client disconnect. Output is
 * constrained by a JSON-schema grammar, validated with zod, and the `answer` field is streamed
 * as it is generated.
 */
export class LlamaGenerator implements Generator {
  readonly kind = 'llama' as const;
  readonly model: string;
  private grammars = new Map<string, Promise<LlamaGrammar>>();

  private constructor(
    private readonly llama: Llama,
    private readonly llamaModel: LlamaModel,
    private readonly context: LlamaContext,
    private readonly pool: SlotPool<LlamaContextSequence>,
    private readonly options: LlamaGeneratorOptions,
    readonly info: LlamaRuntimeInfo,
  ) {
    this.model = path.basename(options.modelPath);
  }

  static async create(options: LlamaGeneratorOptions): Promise<LlamaGenerator> {
    const cores = os.availableParallelism();
    const threads = Math.max(1, Math.min(options.threads || cores, cores));
    const llama = await getLlama({ gpu: options.gpu, maxThreads: threads, logLevel: LlamaLogLevel.error });
    const model = await llama.loadModel({ modelPath: options.modelPath, gpuLayers: 'auto' });
    const context = await model.createContext({
      sequences: options.sequences,
      contextSize: options.contextSize,
      threads,
    });
    const sequences = Array.from({ length: options.sequences }, () => context.getSequence());
    const vram = llama.gpu ? await llama.getVramState() : { total: 0, free: 0 };
    const chatTemplate = (model.fileInfo.metadata as { tokenizer?: { chat_template?: string } }).tokenizer
      ?.chat_template;
    const zephyr = isZephyrModel({ fileName: options.modelPath, chatTemplate });
    const info: LlamaRuntimeInfo = {
      backend: llama.gpu || 'cpu',
      gpuNames: llama.gpu ? await llama.getGpuDeviceNames() : [],
      vramTotalBytes: vram.total,
      vramFreeBytes: vram.free,
      gpuLayers: model.gpuLayers,
      totalLayers: model.fileInsights.totalLayers,
      threads,
      sequences: options.sequences,
      contextSize: context.contextSize,
      chatFormat: zephyr ? 'zephyr' : 'node-llama-cpp chat wrapper',
    };
    options.log.info(
      { model: path.basename(options.modelPath), ...info },
      `llama generator ready: ${info.backend}${info.gpuNames.length ? ` (${info.gpuNames.join(', ')})` : ''}, ${info.gpuLayers}/${info.totalLayers} layers offloaded, ${info.sequences} sequences`,
    );
    return new LlamaGenerator(llama, model, context, new SlotPool(sequences, options.queueLimit), options, info);
  }

  get queued(): number {
    return this.pool.queued;
  }

  /**
   * Prompt tokens (without BOS: LlamaCompletion prepends it when the model needs one). Only the chat
   * format's own markers are special tokens: message text (the user's, history, grounding) is
   * tokenized as plain text, so typed control tokens cannot open a turn.
   */
  promptTokens(request: GenerateRequest): Token[] {
    const tokens = this.renderPrompt(request).tokenize(this.llamaModel.tokenizer);
    const bos = this.llamaModel.tokens.bos;
    return tokens[0] === bos ? tokens.slice(1) : tokens;
  }

  /**
   * Zephyr: the exact chat template (prompts/zephyrSegments), markers as special tokens and text as
   * text. Other models: node-llama-cpp's resolved chat wrapper (message text is plain LlamaText there).
   */
  renderPrompt(request: GenerateRequest): LlamaText {
    const messages =
      this.options.buildPrompt?.(request) ??
      buildMessages(request.grounding.mode, request.grounding, request.history, request.message);
    if (this.info.chatFormat === 'zephyr') return zephyrText(messages);
    const chatHistory: ChatHistoryItem[] = messages.map((m) =>
      m.role === 'assistant' ? { type: 'model', response: [m.content] } : { type: m.role, text: m.content },
    );
    chatHistory.push({ type: 'model', response: [] });
    return this.resolveWrapper().generateContextState({ chatHistory }).contextText;
  }

  get chatWrapperName(): string {
    return this.info.chatFormat === 'zephyr' ? 'zephyr' : this.resolveWrapper().wrapperName;
  }

  private wrapper?: ChatWrapper;
  private resolveWrapper(): ChatWrapper {
    return (this.wrapper ??= resolveChatWrapper(this.llamaModel));
  }

  private grammarFor(request: GenerateRequest): Promise<LlamaGrammar> {
    const schema = answerJsonSchema(
      request.grounding,
      this.options.limits ?? DEFAULT_LIMITS,
      this.options.constrainProducts ?? true,
    );
    const key = JSON.stringify(schema);
    let g = this.grammars.get(key);
    if (!g) {
      if (this.grammars.size > 256) this.grammars.clear();
      // node-llama-cpp infers its grammar type from a literal schema; ours is built at run time.
      g = this.llama.createGrammarForJsonSchema(schema as never) as Promise<LlamaGrammar>;
      this.grammars.set(key, g);
    }
    return g;
  }

  async *stream(request: GenerateRequest, signal: AbortSignal): AsyncIterable<GenerateEvent> {
    const started = performance.now();
    const timeout = new AbortController();
    const timer = setTimeout(
      () => timeout.abort(new TimeoutError(`generation timed out after ${this.options.timeoutMs} ms`)),
      this.options.timeoutMs,
    );
    const combined = AbortSignal.any([signal, timeout.signal]);
    const events = new AsyncQueue<GenerateEvent>();
    const run = this.run(request, combined, events, started).then(
      () => events.close(),
      (e) => events.fail(combined.aborted ? combined.reason : e),
    );
    try {
      yield* events;
    } finally {
      clearTimeout(timer);
      // Consumer stopped early (client disconnected): stop generating and free the sequence.
      if (!combined.aborted) timeout.abort(new Error('stream consumer stopped'));
      await run;
    }
  }

  private async run(
    request: GenerateRequest,
    signal: AbortSignal,
    events: AsyncQueue<GenerateEvent>,
    started: number,
  ): Promise<void> {
    const sequence = await this.pool.acquire(signal, (position) => events.push({ type: 'queued', position }));
    const queueMs = performance.now() - started;
    try {
      const tokens = this.promptTokens(request);
      const grammar = await this.grammarFor(request);
      signal.throwIfAborted();
      // Evaluate the prompt (minus its last token) first, so prompt evaluation and first-token
      // latency are measured apart; LlamaCompletion reuses this evaluated prefix.
      const t0 = performance.now();
      await sequence.clearHistory();
      const bos = this.llamaModel.tokens.shouldPrependBosToken ? this.llamaModel.tokens.bos : null;
      const prefix = [...(bos !== null ? [bos] : []), ...tokens.slice(0, -1)];
      if (prefix.length > 0) await sequence.evaluateWithoutGeneratingNewTokens(prefix);
      signal.throwIfAborted();
      const t1 = performance.now();
      let firstTokenAt: number | undefined;
      let completionTokens = 0;
      const streamer = new AnswerFieldStreamer();
      const completion = new LlamaCompletion({ contextSequence: sequence });
      try {
        const result = await completion.generateCompletionWithMeta(tokens, {
          grammar,
          maxTokens: this.options.maxTokens,
          signal,
          onToken: (t) => {
            firstTokenAt ??= performance.now();
            completionTokens += t.length;
          },
          onTextChunk: (text) => {
            const delta = streamer.push(text);
            if (delta) events.push({ type: 'text-delta', delta });
          },
        });
        if (result.metadata.stopReason === 'maxTokens')
          throw new GenerationError(`answer truncated at maxTokens=${this.options.maxTokens} before the JSON closed`);
        let parsed: unknown;
        try {
          parsed = JSON.parse(result.response);
        } catch (cause) {
          throw new GenerationError(`model output is not valid JSON: ${(cause as Error).message}`);
        }
        const answer = AnswerSchema.safeParse(parsed);
        if (!answer.success)
          throw new GenerationError(
            `model output does not match AnswerSchema: ${answer.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
          );
        const end = performance.now();
        events.push({
          type: 'final',
          answer: answer.data,
          usage: { promptTokens: tokens.length, completionTokens },
          timings: {
            queueMs,
            promptEvalMs: t1 - t0,
            firstTokenMs: firstTokenAt !== undefined ? firstTokenAt - t1 : undefined,
            totalMs: end - started,
          },
        });
      } finally {
        completion.dispose({ disposeSequence: false });
      }
    } finally {
      this.pool.release(sequence);
    }
  }

  /**
   * Planning under a JSON-schema grammar: the prompt is the tool list and the question (user text
   * tokenized as plain text), the output a RawPlan. Bounded by the same timeout and sequence pool.
   */
  async plan(request: PlanningRequest, signal: AbortSignal): Promise<RawPlan> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const combined = AbortSignal.any([signal, timeout]);
    const sequence = await this.pool.acquire(combined, () => {});
    try {
      const grammar = await this.llama.createGrammarForJsonSchema(request.schema as never);
      const tools = request.tools.map(
        (t) => `- ${t.name}: ${t.description} Parameters: ${JSON.stringify(t.parameters)}`,
      );
      const text = zephyrText([
        { role: 'system', content: `${request.system}\nTools:\n${tools.join('\n')}\nAnswer with JSON only.` },
        { role: 'user', content: request.user },
      ]);
      const tokens = text.tokenize(this.llamaModel.tokenizer);
      await sequence.clearHistory();
      const completion = new LlamaCompletion({ contextSequence: sequence });
      try {
        const result = await completion.generateCompletionWithMeta(tokens, {
          grammar,
          maxTokens: Math.min(this.options.maxTokens, 400),
          signal: combined,
        });
        if (result.metadata.stopReason === 'maxTokens')
          throw new GenerationError('plan truncated before the JSON closed');
        try {
          return JSON.parse(result.response) as RawPlan;
        } catch (cause) {
          throw new GenerationError(`plan is not valid JSON: ${(cause as Error).message}`);
        }
      } finally {
        completion.dispose({ disposeSequence: false });
      }
    } catch (err) {
      if (timeout.aborted) throw new TimeoutError(`planning timed out after ${this.options.timeoutMs} ms`);
      throw err;
    } finally {
      this.pool.release(sequence);
    }
  }

  async close(): Promise<void> {
    await this.context.dispose();
    await this.llamaModel.dispose();
    await this.llama.dispose();
  }
}
