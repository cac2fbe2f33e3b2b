import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORIES_GGUF } from '../../../testkit/llama-model.ts';
import { TimeoutError, TooManyRequestsError } from '../../../lib/errors/index.ts';
import { silentLogger } from '../../../lib/log/index.ts';
import { LlamaGenerator, type LlamaGeneratorOptions } from './llama.ts';
import { testGrounding } from '../../../testkit/grounding.ts';
import { CUSTOMER_PROMPT, DATA_CLOSE, DATA_OPEN } from '../prompts/index.ts';
import { AnswerSchema, type GenerateEvent, type GenerateRequest } from './types.ts';

/** The real node-llama-cpp path on the tiny stories260K GGUF: mechanics, not prose. */

const shortPrompt = (r: GenerateRequest) => [
  { role: 'system' as const, content: 'Once upon a time there was a bank.' },
  { role: 'user' as const, content: r.message },
];

function options(over: Partial<LlamaGeneratorOptions> = {}): LlamaGeneratorOptions {
  return {
    modelPath: STORIES_GGUF,
    gpu: false,
    threads: 1,
    sequences: 2,
    contextSize: 4096,
    queueLimit: 1,
    timeoutMs: 60_000,
    maxTokens: 400,
    limits: { answerMaxChars: 120, fieldMaxChars: 40, maxRecommendations: 2 },
    buildPrompt: shortPrompt,
    log: silentLogger,
    ...over,
  };
}

const request = (message = 'Tell me a story.'): GenerateRequest => ({
  grounding: testGrounding(),
  history: [],
  message,
  promptId: 'test',
  promptVersion: '0',
});

async function collect(it: AsyncIterable<GenerateEvent>) {
  const events: (GenerateEvent & { at: number })[] = [];
  for await (const e of it) events.push({ ...e, at: performance.now() });
  return events;
}

describe('llama generator (node-llama-cpp, stories260K)', () => {
  let gen: LlamaGenerator;
  beforeAll(async () => {
    gen = await LlamaGenerator.create(options());
  }, 60_000);
  afterAll(async () => gen?.close());

  it('loads once with N sequences on CPU and reports what it runs on', () => {
    expect(gen.kind).toBe('llama');
    expect(gen.model).toBe('stories260K.gguf');
    expect(gen.info).toMatchObject({ backend: 'cpu', gpuLayers: 0, sequences: 2, threads: 1 });
    expect(gen.info.totalLayers).toBeGreaterThan(0);
  });

  it('renders the real grounded prompt through the resolved chat wrapper, data fenced in the system turn', async () => {
    const full = await LlamaGenerator.create(options({ buildPrompt: undefined, sequences: 1 }));
    try {
      expect(full.chatWrapperName).toBe('Llama2Chat'); // stories260K has no chat template
      const text = full.renderPrompt(request('What should I invest in?')).toString();
      expect(text).toContain(CUSTOMER_PROMPT.system.slice(0, 60));
      expect(text.indexOf(DATA_OPEN)).toBeLessThan(text.indexOf(DATA_CLOSE));
      expect(text.indexOf(DATA_CLOSE)).toBeLessThan(text.indexOf('What should I invest in?'));
      expect(full.promptTokens(request()).length).toBeGreaterThan(200);
    } finally {
      await full.close();
    }
  }, 60_000);

  it('streams grammar-valid JSON: answer deltas concatenate to the validated final answer', async () => {
    const events = await collect(gen.stream(request(), new AbortController().signal));
    const final = events.at(-1)!;
    expect(final.type).toBe('final');
    if (final.type !== 'final') return;
    expect(AnswerSchema.parse(final.answer)).toEqual(final.answer);
    const deltas = events.filter((e) => e.type === 'text-delta');
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.map((e) => (e as { delta: string }).delta).join('')).toBe(final.answer.answer);
    // constrained grammar: only grounded (suitable) products can even be generated
    for (const r of final.answer.recommendations)
      expect(['global_equity_fund', 'fixed_saver_2y']).toContain(r.productId);
    expect(final.usage.completionTokens).toBeGreaterThan(10);
    expect(final.timings!.promptEvalMs).toBeGreaterThan(0);
    expect(final.timings!.firstTokenMs).toBeGreaterThanOrEqual(0);
  }, 60_000);

  it('generates two conversations concurrently on two sequences of one context', async () => {
    const [a, b] = await Promise.all([
      collect(gen.stream(request('A cat.'), new AbortController().signal)),
      collect(gen.stream(request('A dog.'), new AbortController().signal)),
    ]);
    const firstDelta = (ev: typeof a) => ev.find((e) => e.type === 'text-delta')!.at;
    // each started streaming before the other finished: they overlapped
    expect(firstDelta(a)).toBeLessThan(b.at(-1)!.at);
    expect(firstDelta(b)).toBeLessThan(a.at(-1)!.at);
    expect(a.at(-1)!.type).toBe('final');
    expect(b.at(-1)!.type).toBe('final');
  }, 60_000);

  it('answers 429 with a queue position when sequences and queue are full', async () => {
    const acs = [new AbortController(), new AbortController(), new AbortController()];
    const seen: GenerateEvent[] = [];
    const running = acs.map(async (ac) => {
      try {
        for await (const e of gen.stream(request(), ac.signal)) seen.push(e);
      } catch (e) {
        return e;
      }
    });
    await new Promise((r) => setTimeout(r, 50));
    const err = await collect(gen.stream(request(), new AbortController().signal)).catch((e) => e);
    expect(err).toBeInstanceOf(TooManyRequestsError);
    expect(err.queuePosition).toBe(2);
    for (const ac of acs) ac.abort(new Error('test done'));
    await Promise.all(running);
    expect(seen).toContainEqual({ type: 'queued', position: 1 });
    expect(gen.queued).toBe(0);
  }, 60_000);

  it('stops generating when the consumer goes away (client disconnect) and frees the sequence', async () => {
    const t0 = performance.now();
    let deltas = 0;
    for await (const e of gen.stream(request(), new AbortController().signal)) {
      if (e.type === 'text-delta' && ++deltas === 2) break;
    }
    // Abort on the first streamed token, not after a fixed delay: a tiny model can finish a whole
    // answer in a few milliseconds, and then there would be nothing left to abort.
    const ac = new AbortController();
    const aborted = (async () => {
      for await (const e of gen.stream(request(), ac.signal))
        if (e.type === 'text-delta') ac.abort(new Error('client disconnected'));
    })();
    await expect(aborted).rejects.toThrow('client disconnected');
    // both sequences are free again: two new requests run without queueing
    const events = await Promise.all([
      collect(gen.stream(request(), new AbortController().signal)),
      collect(gen.stream(request(), new AbortController().signal)),
    ]);
    expect(events.flat().some((e) => e.type === 'queued')).toBe(false);
    expect(performance.now() - t0).toBeLessThan(55_000);
  }, 60_000);

  it('enforces the per-request timeout', async () => {
    const slow = await LlamaGenerator.create(options({ timeoutMs: 5, sequences: 1 }));
    try {
      const err = await collect(slow.stream(request(), new AbortController().signal)).catch((e) => e);
      expect(err).toBeInstanceOf(TimeoutError);
      expect(err.status).toBe(504);
      expect(slow.queued).toBe(0);
    } finally {
      await slow.close();
    }
  }, 60_000);
});
