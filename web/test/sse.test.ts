import { describe, expect, it } from 'vitest';
import { ChatError, normaliseExtras, normaliseRecommendations, streamChat } from '../src/shared/chat-client.ts';
import { parseUiStreamData, SseParser } from '../src/shared/sse.ts';

const collect = (chunks: string[]) => {
  const out: string[] = [];
  const parser = new SseParser((d) => out.push(d));
  for (const c of chunks) parser.push(c);
  parser.end();
  return out;
};

describe('SseParser', () => {
  const stream =
    'data: {"type":"start"}\n\ndata: {"type":"text-delta","id":"t","delta":"Hé"}\n\n: keep-alive\n\ndata: [DONE]\n\n';

  it('splits events on blank lines and ignores comments', () => {
    expect(collect([stream])).toEqual(['{"type":"start"}', '{"type":"text-delta","id":"t","delta":"Hé"}', '[DONE]']);
  });

  it('gives the same events however the bytes are chunked (every split point)', () => {
    const whole = collect([stream]);
    for (let i = 1; i < stream.length; i++) expect(collect([stream.slice(0, i), stream.slice(i)])).toEqual(whole);
    expect(collect(stream.split(''))).toEqual(whole);
  });

  it('handles CRLF and CR line ends, split between \\r and \\n', () => {
    expect(collect(['data: a\r', '\n\r\ndata: b\r\r'])).toEqual(['a', 'b']);
  });

  it('joins multi-line data with \\n and ignores other fields', () => {
    expect(collect(['event: x\nid: 3\ndata: one\ndata:two\n\n'])).toEqual(['one\ntwo']);
  });

  it('flushes a last event without a trailing blank line', () => {
    expect(collect(['data: tail'])).toEqual(['tail']);
  });
});

describe('parseUiStreamData', () => {
  it('types the AI SDK v1 events', () => {
    expect(parseUiStreamData('[DONE]')).toEqual({ type: 'done' });
    expect(parseUiStreamData('{"type":"text-delta","id":"1","delta":"x"}')).toEqual({
      type: 'text-delta',
      id: '1',
      delta: 'x',
    });
    expect(parseUiStreamData('{"type":"data-meta","data":{"template":true}}')).toEqual({
      type: 'data-meta',
      id: undefined,
      data: { template: true },
    });
    expect(parseUiStreamData('{"type":"error","errorText":"boom"}')).toEqual({ type: 'error', errorText: 'boom' });
    expect(parseUiStreamData('{"type":"start-step"}')).toEqual({ type: 'start-step' });
    expect(parseUiStreamData('{"type":"reasoning-start"}')).toEqual({
      type: 'other',
      raw: { type: 'reasoning-start' },
    });
  });

  it('turns malformed JSON into an error event instead of throwing', () => {
    expect(parseUiStreamData('{nope').type).toBe('error');
  });
});

describe('normaliseRecommendations', () => {
  it('accepts arrays, {items} and {recommendations}, naming products from any field', () => {
    const a = normaliseRecommendations([{ productId: 'p1', name: 'Saver', why: 'w', risks: 'r', disclaimer: 'd' }]);
    expect(a).toEqual([
      {
        productId: 'p1',
        product: 'Saver',
        category: undefined,
        score: undefined,
        why: 'w',
        risks: 'r',
        disclaimer: 'd',
      },
    ]);
    expect(
      normaliseRecommendations({
        items: [{ productId: 'p2', product: { name: 'Fund', category: 'fund' }, why: '', risks: '' }],
      })[0],
    ).toMatchObject({ product: 'Fund', category: 'fund' });
    expect(normaliseRecommendations({ recommendations: [{ productId: 'p3' }] })[0].product).toBe('p3');
    expect(normaliseRecommendations(null)).toEqual([]);
  });

  it('reads exclusions and RM clients from the RecommendationsData part', () => {
    const data = {
      items: [],
      excluded: [
        { productId: 'crypto', productName: 'Crypto Tracker', rule: 'risk_above_tolerance', detail: 'risk 5 > 3' },
      ],
      clients: [{ customerId: 'C1', score: 0.8, reason: 'credit 781' }],
    };
    expect(normaliseExtras(data)).toEqual({
      excluded: [
        { productId: 'crypto', product: 'Crypto Tracker', rule: 'risk_above_tolerance', detail: 'risk 5 > 3' },
      ],
      clients: [{ customerId: 'C1', score: 0.8, reason: 'credit 781' }],
    });
    expect(normaliseExtras([])).toEqual({ excluded: [], clients: [] });
  });
});

/** A fetch double that streams the given chunks as the response body. */
function fakeFetch(chunks: string[], init: { status?: number; json?: unknown } = {}): typeof fetch {
  return (async () => {
    if (init.status && init.status >= 400)
      return new Response(JSON.stringify(init.json ?? {}), {
        status: init.status,
        headers: { 'content-type': 'application/json', 'retry-after': '7' },
      });
    const enc = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const c of chunks) controller.enqueue(enc.encode(c));
        controller.close();
      },
    });
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  }) as typeof fetch;
}

describe('streamChat', () => {
  const events = [
    { type: 'start', messageId: 'm' },
    { type: 'text-start', id: 't' },
    { type: 'text-delta', id: 't', delta: 'Hello ' },
    { type: 'text-delta', id: 't', delta: 'there' },
    { type: 'text-end', id: 't' },
    { type: 'data-recommendations', data: [{ productId: 'isa', name: 'Cash ISA', why: 'saves', risks: 'none' }] },
    { type: 'data-meta', data: { template: true, auditId: 'a1', generator: 'template' } },
    { type: 'finish' },
  ];
  const body = `${events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join('')}data: [DONE]\n\n`;

  it('delivers text deltas, recommendation cards and meta, with UTF-8 split across chunks', async () => {
    const bytes = new TextEncoder().encode(body.replace('there', 'thère'));
    // Split inside the two-byte "è" to check streaming decode.
    const cut = new TextEncoder().encode(body.slice(0, body.indexOf('there') + 2)).length + 1;
    const fetchImpl = (async () =>
      new Response(
        new ReadableStream({
          start(c) {
            c.enqueue(bytes.slice(0, cut));
            c.enqueue(bytes.slice(cut));
            c.close();
          },
        }),
      )) as typeof fetch;
    let text = '';
    const seen: unknown[] = [];
    await streamChat({
      server: 'http://x',
      token: 't',
      body: { mode: 'customer', message: 'hi' },
      fetchImpl,
      handlers: { onText: (d) => (text += d), onRecommendations: (c) => seen.push(c), onMeta: (m) => seen.push(m) },
    });
    expect(text).toBe('Hello thère');
    expect(seen).toEqual([
      [expect.objectContaining({ productId: 'isa', product: 'Cash ISA' })],
      { template: true, auditId: 'a1', generator: 'template' },
    ]);
  });

  it('rejects with a readable, retryable ChatError on an in-stream error', async () => {
    const err = await streamChat({
      server: 'http://x',
      token: 't',
      body: { mode: 'customer', message: 'hi' },
      fetchImpl: fakeFetch(['data: {"type":"error","errorText":"model failed"}\n\n']),
      handlers: {},
    }).catch((e) => e);
    expect(err).toBeInstanceOf(ChatError);
    expect(err.message).toBe('model failed');
    expect(err.retryable).toBe(true);
  });

  it('maps HTTP errors to the server message; 403 is not retryable, 429 is', async () => {
    const forbidden = await streamChat({
      server: 'http://x',
      token: 't',
      body: { mode: 'customer', message: 'hi' },
      fetchImpl: fakeFetch([], { status: 403, json: { error: { code: 'forbidden', message: 'not your data' } } }),
      handlers: {},
    }).catch((e) => e);
    expect([forbidden.kind, forbidden.status, forbidden.message, forbidden.retryable]).toEqual([
      'http',
      403,
      'not your data',
      false,
    ]);
    const busy = await streamChat({
      server: 'http://x',
      token: 't',
      body: { mode: 'customer', message: 'hi' },
      fetchImpl: fakeFetch([], { status: 429 }),
      handlers: {},
    }).catch((e) => e);
    expect([busy.retryable, busy.retryAfterS]).toEqual([true, 7]);
  });

  it('maps a failed fetch to a network error and an aborted one to "aborted"', async () => {
    const failing = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    const net = await streamChat({
      server: 'http://x',
      token: 't',
      body: { mode: 'customer', message: 'hi' },
      fetchImpl: failing,
      handlers: {},
    }).catch((e) => e);
    expect([net.kind, net.retryable]).toEqual(['network', true]);
    const controller = new AbortController();
    controller.abort();
    const stopped = await streamChat({
      server: 'http://x',
      token: 't',
      body: { mode: 'customer', message: 'hi' },
      signal: controller.signal,
      fetchImpl: failing,
      handlers: {},
    }).catch((e) => e);
    expect(stopped.kind).toBe('aborted');
  });
});
