import { describe, expect, it } from 'vitest';
import type { UIMessageChunk } from '../../domain/api/chat-stream.ts';
import { silentLogger } from '../../lib/log/index.ts';
import { uiMessageStreamResponse } from './ui-message-stream.ts';

async function* deltas(n: number, pause: boolean): AsyncGenerator<UIMessageChunk> {
  yield { type: 'text-start', id: 't' };
  for (let i = 0; i < n; i++) {
    if (pause && i % 10 === 0) await new Promise((r) => setTimeout(r, 2));
    yield { type: 'text-delta', id: 't', delta: `w${i} ` };
  }
  yield { type: 'text-end', id: 't' };
}

async function reads(res: Response): Promise<string[]> {
  const out: string[] = [];
  const decoder = new TextDecoder();
  const reader = res.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return out;
    out.push(decoder.decode(value));
  }
}

const respond = (chunks: AsyncIterator<UIMessageChunk>) =>
  uiMessageStreamResponse({ chunks, signal: new AbortController().signal, onCancel() {}, log: silentLogger });

describe('uiMessageStreamResponse', () => {
  it('sends the chunks produced in one tick as one body chunk, framed exactly as before', async () => {
    const parts = await reads(respond(deltas(50, false)));
    expect(parts.length).toBeLessThanOrEqual(2);
    const events = parts
      .join('')
      .split('\n\n')
      .filter(Boolean)
      .map((l) => l.replace(/^data: /, ''));
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e) as UIMessageChunk);
    expect(chunks.map((c) => c.type).slice(0, 3)).toEqual(['start', 'start-step', 'text-start']);
    expect(chunks.filter((c) => c.type === 'text-delta')).toHaveLength(50);
    expect(chunks.slice(-2).map((c) => c.type)).toEqual(['finish-step', 'finish']);
  });

  it('still streams: chunks separated by real waits leave in separate writes', async () => {
    const parts = await reads(respond(deltas(50, true)));
    expect(parts.length).toBeGreaterThanOrEqual(5);
    expect(parts.join('')).toContain('"delta":"w49 "');
  });

  it('an error mid-stream is flushed after what was already produced', async () => {
    async function* failing(): AsyncGenerator<UIMessageChunk> {
      yield { type: 'text-start', id: 't' };
      yield { type: 'text-delta', id: 't', delta: 'partial' };
      throw new Error('boom');
    }
    const text = (await reads(respond(failing()))).join('');
    expect(text.indexOf('partial')).toBeLessThan(text.indexOf('"type":"error"'));
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
  });
});
