/**
 * Chat benchmark, in ONE run on the same model (default: the tiny stories260K GGUF on CPU):
 *  1. tokens/s streamed through POST /api/chat (real HTTP + SSE + guardrails + audit) ÷ tokens/s
 *     of raw node-llama-cpp generation (LlamaCompletion, same prompt tokens, same JSON grammar,
 *     same threads) — decode phase, runs interleaved raw/chat so machine noise cancels;
 *  2. time-to-first-token with the full grounded prompt, split into retrieval, queue, prompt
 *     evaluation, first token (model) and first text released to the client (sentence gate);
 *  3. aggregate tokens/s with 1, 4 and 8 concurrent chats (one context, 8 sequences).
 *
 *   npx tsx bench/chat.ts [--model path.gguf] [--runs 6] [--threads 1] [--gpu auto] [--out docs/BENCHMARKS.md]
 */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { getLlama, LlamaCompletion, LlamaLogLevel, type LlamaGrammar } from 'node-llama-cpp';
import { silentLogger } from '../lib/log/index.ts';
import { createApp } from '../server/app.ts';
import { MemoryAuditLog } from '../server/audit/index.ts';
import { InMemoryConversationStore, type ChatMeta } from '../server/assistant/index.ts';
import { fakeAppDeps } from '../testkit/chat-deps.ts';
import { answerJsonSchema, type AnswerSchemaLimits } from '../server/assistant/generators/answer-json-schema.ts';
import { LlamaGenerator } from '../server/assistant/generators/llama.ts';
import { testGrounding } from '../testkit/grounding.ts';
import { STORIES_GGUF } from '../testkit/llama-model.ts';
import type { GenerateRequest } from '../server/assistant/generators/types.ts';
import { mintCustomerToken } from '../server/http/auth.ts';
import { createChatService } from '../server/bootstrap.ts';
import { parseUiMessageStream } from '../web/src/shared/sse.ts';

const { values: args } = parseArgs({
  options: {
    model: { type: 'string', default: STORIES_GGUF },
    runs: { type: 'string', default: '6' },
    threads: { type: 'string', default: '1' },
    gpu: { type: 'string', default: 'false' },
    'max-tokens': { type: 'string', default: '1000' },
  },
});
const runs = Number(args.runs);
const threads = Number(args.threads);
const gpu = args.gpu === 'false' ? false : (args.gpu as 'auto');
const maxTokens = Number(args['max-tokens']);
// A minimum answer length makes every run generate a long, comparable output (decode dominates).
const limits: AnswerSchemaLimits = {
  answerMaxChars: 900,
  answerMinChars: 700,
  fieldMaxChars: 60,
  maxRecommendations: 2,
};
// Short prompt for throughput (the serving path's overhead, not prompt content, is measured);
// the TTFT section uses the full grounded prompt.
const shortPrompt = (r: GenerateRequest) => [
  { role: 'system' as const, content: 'Once upon a time there was a little bank.' },
  { role: 'user' as const, content: r.message },
];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (x: number, d = 1) => x.toFixed(d);

async function chatServer(gen: LlamaGenerator) {
  const audit = new MemoryAuditLog();
  const deps = fakeAppDeps(gen, { audit });
  deps.chat = createChatService(deps, { conversations: new InMemoryConversationStore() });
  const app = createApp(deps);
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/chat`;
  const token = (await mintCustomerToken('test-secret-test-secret-123', 'C000042')).token;
  /** One chat over HTTP; returns client-side timings and the server's meta. */
  const ask = async (message: string) => {
    const t0 = performance.now();
    const res = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ message }),
    });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let body = '';
    let firstText: number | undefined;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      body += decoder.decode(value, { stream: true });
      if (firstText === undefined && body.includes('"text-delta"')) firstText = performance.now() - t0;
    }
    const end = performance.now() - t0;
    const { chunks } = parseUiMessageStream(body);
    const metaChunk = chunks.find((c) => c.type === 'data-meta') as { data: ChatMeta } | undefined;
    if (!metaChunk) throw new Error(`chat failed: HTTP ${res.status} ${body.slice(0, 400)}`);
    const meta = metaChunk.data;
    return { end, firstText, meta };
  };
  return { ask, close: () => server.close() };
}

async function main() {
  const cores = os.availableParallelism();
  console.error(`model ${args.model}, threads ${threads}, gpu ${gpu}, cores ${cores}, runs ${runs}`);
  const common = {
    modelPath: args.model!,
    gpu,
    threads,
    contextSize: 4096,
    queueLimit: 16,
    timeoutMs: 600_000,
    maxTokens,
    limits,
    log: silentLogger,
  } as const;

  // ── 1. raw vs chat, decode tokens/s ────────────────────────────────────────────────────────
  const gen1 = await LlamaGenerator.create({ ...common, sequences: 1, buildPrompt: shortPrompt });
  const llama = await getLlama({ gpu, maxThreads: threads, logLevel: LlamaLogLevel.error });
  const model = await llama.loadModel({ modelPath: args.model!, gpuLayers: 'auto' });
  const ctx = await model.createContext({ sequences: 1, contextSize: 4096, threads });
  const seq = ctx.getSequence();
  const grammar = (await llama.createGrammarForJsonSchema(
    answerJsonSchema(testGrounding(), limits) as never,
  )) as LlamaGrammar;
  const chat1 = await chatServer(gen1);
  const messages = [
    'Tell me a story about a cat.',
    'Once upon a time, a dog went to the park.',
    'Lily wanted to save money.',
  ];

  const raw = async (message: string) => {
    const tokens = gen1.promptTokens({
      grounding: testGrounding(),
      history: [],
      message,
      promptId: 'bench',
      promptVersion: '0',
    });
    await seq.clearHistory();
    const completion = new LlamaCompletion({ contextSequence: seq });
    const t0 = performance.now();
    let first: number | undefined;
    let n = 0;
    await completion.generateCompletionWithMeta(tokens, {
      grammar,
      maxTokens,
      onToken: (t) => {
        first ??= performance.now();
        n += t.length;
      },
    });
    const end = performance.now();
    completion.dispose({ disposeSequence: false });
    return { tokens: n, decodeMs: end - first!, totalMs: end - t0 };
  };

  await raw(messages[0]!); // warm-up both paths
  await chat1.ask(messages[0]!);
  const rawRates: number[] = [];
  const chatRates: number[] = [];
  const rawE2E: number[] = [];
  const chatE2E: number[] = [];
  let rawTokens = 0;
  let chatTokens = 0;
  let attemptsOk = 0;
  for (let i = 0; i < runs; i++) {
    const m = messages[i % messages.length]!;
    // alternate which path goes first, so drift on the shared machine cancels
    let r!: Awaited<ReturnType<typeof raw>>;
    let c!: Awaited<ReturnType<typeof chat1.ask>>;
    if (i % 2 === 0) {
      r = await raw(m);
      c = await chat1.ask(m);
    } else {
      c = await chat1.ask(m);
      r = await raw(m);
    }
    rawRates.push((r.tokens - 1) / (r.decodeMs / 1000));
    rawE2E.push(r.tokens / (r.totalMs / 1000));
    rawTokens += r.tokens;
    const t = c.meta.timings as Record<string, number>;
    // decode phase through the whole path = client wall time − retrieval − queue − prompt eval − (first token) sampling start
    const decodeMs = c.end - (t.retrieval ?? 0) - (t.queue ?? 0) - (t.promptEval ?? 0) - (t.firstToken ?? 0);
    const n = c.meta.usage?.completionTokens ?? 0;
    chatRates.push((n - 1) / (decodeMs / 1000));
    chatE2E.push(n / (c.end / 1000));
    chatTokens += n;
    if (c.meta.attempts === 1 && c.meta.generator === 'llama') attemptsOk++;
  }
  const ratio = median(chatRates) / median(rawRates);
  chat1.close();

  // ── 2. TTFT with the full grounded prompt ──────────────────────────────────────────────────
  const genFull = await LlamaGenerator.create({ ...common, sequences: 1 });
  const chatFull = await chatServer(genFull);
  // Reference: raw LlamaCompletion time to first token on the same full prompt.
  const fullTokens = genFull.promptTokens({
    grounding: testGrounding(),
    history: [],
    message: 'What should I invest in for my retirement?',
    promptId: 'bench',
    promptVersion: '0',
  });
  await seq.clearHistory();
  const refCompletion = new LlamaCompletion({ contextSequence: seq });
  const tRef = performance.now();
  let rawFirstMs = 0;
  await refCompletion.generateCompletionWithMeta(fullTokens, {
    grammar,
    maxTokens: 2,
    onToken: () => {
      rawFirstMs ||= performance.now() - tRef;
    },
  });
  refCompletion.dispose({ disposeSequence: false });
  const ttft: Record<string, number>[] = [];
  for (let i = 0; i < Math.max(2, Math.ceil(runs / 3)); i++) {
    const c = await chatFull.ask('What should I invest in for my retirement?');
    const t = c.meta.timings as Record<string, number>;
    ttft.push({
      retrieval: t.retrieval ?? 0,
      queue: t.queue ?? 0,
      promptEval: t.promptEval ?? 0,
      firstToken: t.firstToken ?? 0,
      firstTextServer: t.ttft ?? NaN,
      firstTextClient: c.firstText ?? NaN,
      promptTokens: c.meta.usage?.promptTokens ?? 0,
    });
  }
  chatFull.close();
  await genFull.close();

  // ── 3. aggregate tokens/s with 1, 4, 8 concurrent chats ────────────────────────────────────
  const gen8 = await LlamaGenerator.create({ ...common, sequences: 8, buildPrompt: shortPrompt });
  const chat8 = await chatServer(gen8);
  await chat8.ask(messages[0]!);
  const concurrency: { n: number; tokens: number; seconds: number; aggregate: number; perChat: number }[] = [];
  const levels = [1, 4, 8];
  const samples = new Map<number, { tokens: number; seconds: number }[]>(levels.map((n) => [n, []]));
  for (let rep = 0; rep < 3; rep++) {
    for (const n of rep % 2 ? [...levels].reverse() : levels) {
      const t0 = performance.now();
      const results = await Promise.all(Array.from({ length: n }, (_, i) => chat8.ask(messages[i % messages.length]!)));
      const seconds = (performance.now() - t0) / 1000;
      samples.get(n)!.push({ tokens: results.reduce((s, r) => s + (r.meta.usage?.completionTokens ?? 0), 0), seconds });
    }
  }
  for (const n of levels) {
    const best = [...samples.get(n)!].sort((a, b) => b.tokens / b.seconds - a.tokens / a.seconds);
    const med = best[1]!; // median of 3 repetitions
    concurrency.push({
      n,
      tokens: med.tokens,
      seconds: med.seconds,
      aggregate: med.tokens / med.seconds,
      perChat: med.tokens / n / med.seconds,
    });
  }
  chat8.close();
  await gen8.close();
  await gen1.close();
  await ctx.dispose();
  await model.dispose();
  await llama.dispose();

  const mt = (k: string) => median(ttft.map((x) => x[k]!));
  const lines = [
    `Model: \`${args.model!.split('/').at(-1)}\` on ${gen1.info.backend}${gen1.info.gpuNames.length ? ` (${gen1.info.gpuNames.join(', ')})` : ''}, ${threads} thread(s), ${gen1.info.gpuLayers}/${gen1.info.totalLayers} layers offloaded; ${runs} interleaved runs, JSON-schema grammar, max ${maxTokens} tokens.`,
    '',
    '| Path | Median decode tokens/s | Median end-to-end tokens/s | Tokens generated |',
    '|---|---|---|---|',
    `| raw node-llama-cpp (LlamaCompletion, same prompt tokens + grammar) | ${fmt(median(rawRates))} | ${fmt(median(rawE2E))} | ${rawTokens} |`,
    `| streamed through POST /api/chat (HTTP + SSE + guardrails + audit) | ${fmt(median(chatRates))} | ${fmt(median(chatE2E))} | ${chatTokens} |`,
    `| **ratio chat ÷ raw** | **${fmt(ratio, 3)}** (target ≥ 0.95) | **${fmt(median(chatE2E) / median(rawE2E), 3)}** | ${attemptsOk}/${runs} chat runs answered by the model on the first attempt |`,
    '',
    `Time to first token, full grounded customer prompt (${ttft[0]!.promptTokens} prompt tokens with this model's 512-token vocabulary), median of ${ttft.length}; raw LlamaCompletion on the same prompt: first token after ${fmt(rawFirstMs)} ms:`,
    '',
    '| Retrieval + grounding | Queue | Prompt evaluation | First token (sampling) | First text released (server) | First text at client |',
    '|---|---|---|---|---|---|',
    `| ${fmt(mt('retrieval'), 2)} ms | ${fmt(mt('queue'), 2)} ms | ${fmt(mt('promptEval'))} ms | ${fmt(mt('firstToken'))} ms | ${fmt(mt('firstTextServer'))} ms | ${fmt(mt('firstTextClient'))} ms |`,
    '',
    '| Concurrent chats (median of 3 repetitions) | Tokens | Wall s | Aggregate tokens/s | Per-chat tokens/s |',
    '|---|---|---|---|---|',
    ...concurrency.map(
      (c) => `| ${c.n} | ${c.tokens} | ${fmt(c.seconds, 2)} | ${fmt(c.aggregate)} | ${fmt(c.perChat)} |`,
    ),
  ];
  console.log(lines.join('\n'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
