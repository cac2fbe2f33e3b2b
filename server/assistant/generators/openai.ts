import { TimeoutError, TooManyRequestsError } from '../../../lib/errors/index.ts';
import { buildMessages, neutralizeChatControls } from '../prompts/index.ts';
import { AnswerFieldStreamer } from './answer-stream.ts';
import { answerJsonSchema, DEFAULT_LIMITS, type AnswerSchemaLimits } from './answer-json-schema.ts';
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

export interface OpenAIGeneratorOptions {
  /** e.g. http://gpu-box:8080/v1 (llama.cpp server, vLLM, any OpenAI-compatible endpoint). */
  baseUrl: string;
  apiKey?: string;
  model: string;
  /** Concurrent upstream requests; beyond that a bounded queue, then 429. */
  concurrency: number;
  queueLimit: number;
  timeoutMs: number;
  maxTokens: number;
  limits?: AnswerSchemaLimits;
  fetch?: typeof fetch;
}

/**
 * Any OpenAI-compatible `/v1/chat/completions` endpoint with streaming — how users scale out
 * across GPUs. Structured output via `response_format: json_schema`; the reply is still parsed
 * and validated with zod here, never trusted.
 */
export class OpenAIGenerator implements Generator {
  readonly kind = 'openai' as const;
  readonly model: string;
  private readonly pool: SlotPool<number>;

  constructor(private readonly options: OpenAIGeneratorOptions) {
    this.model = options.model;
    this.pool = new SlotPool(
      Array.from({ length: options.concurrency }, (_, i) => i),
      options.queueLimit,
    );
  }

  async *stream(request: GenerateRequest, signal: AbortSignal): AsyncIterable<GenerateEvent> {
    const started = performance.now();
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const combined = AbortSignal.any([signal, timeout]);
    const slot = await this.pool.acquire(combined);
    const queueMs = performance.now() - started;
    try {
      // Roles come only from us: content other than our system prompt cannot carry a control token
      // the upstream server's template or tokenizer would read as a turn boundary.
      const messages = buildMessages(request.grounding.mode, request.grounding, request.history, request.message).map(
        (m) => (m.role === 'system' ? m : { ...m, content: neutralizeChatControls(m.content) }),
      );
      const { res, url } = await this.post(
        {
          model: this.options.model,
          messages,
          stream: true,
          stream_options: { include_usage: true },
          max_tokens: this.options.maxTokens,
          temperature: 0,
          response_format: {
            type: 'json_schema',
            json_schema: {
              name: 'meridian_answer',
              strict: true,
              schema: answerJsonSchema(request.grounding, this.options.limits ?? DEFAULT_LIMITS),
            },
          },
        },
        combined,
        timeout,
        'text/event-stream',
      );
      if (res.status === 429)
        throw new TooManyRequestsError(`upstream ${url} is busy (429)`, Number(res.headers.get('retry-after') ?? 2));
      if (!res.ok || !res.body)
        throw new GenerationError(`upstream ${url} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);

      const streamer = new AnswerFieldStreamer();
      let raw = '';
      let firstTokenMs: number | undefined;
      let usage = { promptTokens: 0, completionTokens: 0 };
      let chunks = 0;
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const bytes of res.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(bytes, { stream: true });
          let nl: number;
          while ((nl = buffer.indexOf('\n')) >= 0) {
            const line = buffer.slice(0, nl).trim();
            buffer = buffer.slice(nl + 1);
            if (!line.startsWith('data:')) continue;
            const data = line.slice(5).trim();
            if (data === '[DONE]') continue;
            const json = JSON.parse(data) as {
              choices?: { delta?: { content?: string } }[];
              usage?: { prompt_tokens: number; completion_tokens: number };
            };
            if (json.usage)
              usage = { promptTokens: json.usage.prompt_tokens, completionTokens: json.usage.completion_tokens };
            const content = json.choices?.[0]?.delta?.content;
            if (!content) continue;
            firstTokenMs ??= performance.now() - started - queueMs;
            chunks++;
            raw += content;
            const delta = streamer.push(content);
            if (delta) yield { type: 'text-delta', delta };
          }
        }
      } catch (cause) {
        throw this.mapAbort(timeout, cause, `stream from ${url} failed: ${(cause as Error).message}`);
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch (cause) {
        throw new GenerationError(`upstream output is not valid JSON: ${(cause as Error).message}`);
      }
      const answer = AnswerSchema.safeParse(parsed);
      if (!answer.success)
        throw new GenerationError(
          `upstream output does not match AnswerSchema: ${answer.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        );
      if (usage.completionTokens === 0) usage.completionTokens = chunks;
      yield {
        type: 'final',
        answer: answer.data,
        usage,
        timings: { queueMs, firstTokenMs, totalMs: performance.now() - started },
      };
    } finally {
      this.pool.release(slot);
    }
  }

  /** Planning through the tools API: the model's tool calls, parsed; the planner validates them. */
  async plan(request: PlanningRequest, signal: AbortSignal): Promise<RawPlan> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const combined = AbortSignal.any([signal, timeout]);
    const slot = await this.pool.acquire(combined);
    try {
      const { res } = await this.post(
        {
          model: this.options.model,
          messages: [
            { role: 'system', content: request.system },
            { role: 'user', content: neutralizeChatControls(request.user) },
          ],
          tools: request.tools.map((t) => ({ type: 'function', function: t })),
          tool_choice: 'auto',
          temperature: 0,
          max_tokens: 400,
        },
        combined,
        timeout,
      );
      if (!res.ok) throw new GenerationError(`planning request answered ${res.status}`);
      const body = (await res.json()) as {
        choices?: { message?: { tool_calls?: { function?: { name?: string; arguments?: string } }[] } }[];
      };
      const calls = (body.choices?.[0]?.message?.tool_calls ?? []).map((c) => ({
        tool: String(c.function?.name ?? ''),
        input: c.function?.arguments ?? '{}',
      }));
      return { calls };
    } finally {
      this.pool.release(slot);
    }
  }

  /** POST to the endpoint's /chat/completions; a network failure or abort is mapped once, here. */
  private async post(
    body: object,
    signal: AbortSignal,
    timeout: AbortSignal,
    accept?: string,
  ): Promise<{ res: Response; url: string }> {
    const url = `${this.options.baseUrl.replace(/\/+$/, '')}/chat/completions`;
    try {
      const res = await (this.options.fetch ?? fetch)(url, {
        method: 'POST',
        signal,
        headers: {
          'content-type': 'application/json',
          ...(accept ? { accept } : {}),
          ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}),
        },
        body: JSON.stringify(body),
      });
      return { res, url };
    } catch (cause) {
      throw this.mapAbort(timeout, cause, `OpenAI-compatible endpoint ${url} unreachable: ${(cause as Error).message}`);
    }
  }

  private mapAbort(timeout: AbortSignal, cause: unknown, message: string): unknown {
    if (timeout.aborted) return new TimeoutError(`generation timed out after ${this.options.timeoutMs} ms`);
    if ((cause as Error)?.name === 'AbortError') return cause;
    return new GenerationError(message, { cause });
  }
}
