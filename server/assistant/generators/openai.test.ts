import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TimeoutError } from '../../../lib/errors/index.ts';
import { GenerationError } from './errors.ts';
import { OpenAIGenerator } from './openai.ts';
import { testGrounding } from '../../../testkit/grounding.ts';
import type { GenerateEvent, GenerateRequest } from './types.ts';

/** A tiny fake OpenAI-compatible server: streams a fixed JSON answer in small chunks. */
const ANSWER = {
  answer: 'Hello "Ada": the Global Equity Fund fits [P1].',
  recommendations: [{ productId: 'global_equity_fund', why: 'long horizon', risks: 'capital at risk' }],
};
let server: Server;
let baseUrl: string;
const seen: { auth?: string; body: Record<string, unknown> }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const parsed = JSON.parse(body);
      seen.push({ auth: req.headers.authorization, body: parsed });
      if (parsed.model === 'broken') {
        res.writeHead(500).end('model crashed');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const text = parsed.model === 'garbage' ? '{"answer": "unterminated' : JSON.stringify(ANSWER);
      const pieces = text.match(/.{1,7}/gs)!;
      let i = 0;
      const tick = () => {
        if (res.destroyed) return;
        if (i < pieces.length) {
          res.write(`data: ${JSON.stringify({ choices: [{ delta: { content: pieces[i++] } }] })}\n\n`);
          setTimeout(tick, parsed.model === 'slow' ? 200 : 1);
        } else {
          res.write(
            `data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 321, completion_tokens: pieces.length } })}\n\n`,
          );
          res.end('data: [DONE]\n\n');
        }
      };
      tick();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const gen = (model: string, timeoutMs = 5000) =>
  new OpenAIGenerator({ baseUrl, apiKey: 'sk-test', model, concurrency: 2, queueLimit: 2, timeoutMs, maxTokens: 256 });
const request: GenerateRequest = {
  grounding: testGrounding(),
  history: [
    { role: 'user', content: 'hi' },
    { role: 'assistant', content: 'hello' },
  ],
  message: 'What fits me?',
  promptId: 'customer-advice',
  promptVersion: '1.0.0',
};
async function collect(it: AsyncIterable<GenerateEvent>) {
  const out: GenerateEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
}

describe('openai backend against a fake OpenAI-compatible server', () => {
  it('streams answer deltas and returns the validated answer with usage', async () => {
    const events = await collect(gen('zephyr').stream(request, new AbortController().signal));
    const final = events.at(-1)!;
    expect(final).toMatchObject({ type: 'final', answer: ANSWER, usage: { promptTokens: 321 } });
    const text = events.filter((e) => e.type === 'text-delta').map((e) => (e as { delta: string }).delta);
    expect(text.length).toBeGreaterThan(3);
    expect(text.join('')).toBe(ANSWER.answer);
    const sent = seen.at(-1)!;
    expect(sent.auth).toBe('Bearer sk-test');
    expect(sent.body).toMatchObject({ model: 'zephyr', stream: true });
    const messages = sent.body.messages as { role: string; content: string }[];
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(messages[0]!.content).toContain('<<<MERIDIAN_DATA>>>');
    expect(JSON.stringify(sent.body.response_format)).toContain('global_equity_fund');
  });

  it('maps upstream failures, invalid JSON and timeouts to typed errors', async () => {
    await expect(collect(gen('broken').stream(request, new AbortController().signal))).rejects.toBeInstanceOf(
      GenerationError,
    );
    await expect(collect(gen('garbage').stream(request, new AbortController().signal))).rejects.toThrow(
      /not valid JSON/,
    );
    await expect(collect(gen('slow', 300).stream(request, new AbortController().signal))).rejects.toBeInstanceOf(
      TimeoutError,
    );
  });

  it('aborts the upstream request when the client goes away', async () => {
    const ac = new AbortController();
    const p = collect(gen('slow').stream(request, ac.signal));
    setTimeout(() => ac.abort(new Error('client disconnected')), 100);
    await expect(p).rejects.toThrow();
  });
});
