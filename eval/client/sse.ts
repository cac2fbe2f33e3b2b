import type { ChatMeta, RecommendationItem } from '../assertions/types.ts';

/**
 * A reader for the Vercel AI SDK UI-message stream (protocol v1) over SSE: `data: {json}` events —
 * start, text-start, text-delta, text-end, data-*, error, finish — then `data: [DONE]`.
 * Collects the answer text, `data-recommendations` and `data-meta`.
 */
export interface CollectedStream {
  text: string;
  recommendations: RecommendationItem[];
  meta?: ChatMeta;
  /** Every parsed event, in order (for debugging and json-schema checks). */
  events: { type: string; [k: string]: unknown }[];
  finished: boolean;
  done: boolean;
  error?: string;
}

/** Normalize whatever shape the data part carries into {productId, …}[] */
export function normalizeRecommendations(data: unknown): RecommendationItem[] {
  const list = Array.isArray(data)
    ? data
    : data && typeof data === 'object'
      ? ((data as Record<string, unknown>).recommendations ?? (data as Record<string, unknown>).items ?? [])
      : [];
  if (!Array.isArray(list)) return [];
  return list
    .filter((x): x is Record<string, unknown> => !!x && typeof x === 'object')
    .map((x) => ({ ...x, productId: String(x.productId ?? x.id ?? '') }))
    .filter((x) => x.productId !== '');
}

export function createStreamCollector() {
  const out: CollectedStream = { text: '', recommendations: [], events: [], finished: false, done: false };
  let buffer = '';
  const handleEvent = (raw: string) => {
    const data = raw
      .split('\n')
      .filter((l) => l.startsWith('data:'))
      .map((l) => l.slice(5).replace(/^ /, ''))
      .join('\n');
    if (!data) return;
    if (data === '[DONE]') {
      out.done = true;
      return;
    }
    let event: { type: string; [k: string]: unknown };
    try {
      event = JSON.parse(data);
    } catch {
      out.error ??= `unparseable SSE data: ${data.slice(0, 120)}`;
      return;
    }
    out.events.push(event);
    switch (event.type) {
      case 'text-delta':
        out.text += String(event.delta ?? '');
        break;
      case 'data-recommendations':
        out.recommendations = normalizeRecommendations(event.data);
        break;
      case 'data-meta':
        out.meta = { ...(out.meta ?? {}), ...(event.data as ChatMeta) };
        break;
      case 'error':
        out.error = String(event.errorText ?? 'stream error');
        break;
      case 'finish':
        out.finished = true;
        break;
    }
  };
  return {
    push(chunk: string) {
      // Normalize CRLF over the whole buffer: a \r\n pair may straddle two chunks.
      buffer = (buffer + chunk).replace(/\r\n/g, '\n');
      let idx: number;
      while ((idx = buffer.indexOf('\n\n')) >= 0) {
        handleEvent(buffer.slice(0, idx));
        buffer = buffer.slice(idx + 2);
      }
    },
    end(): CollectedStream {
      if (buffer.trim()) handleEvent(buffer);
      buffer = '';
      return out;
    },
  };
}

/** Read a whole SSE response body. */
export async function collectUiMessageStream(body: ReadableStream<Uint8Array>): Promise<CollectedStream> {
  const collector = createStreamCollector();
  const decoder = new TextDecoder();
  const reader = body.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    collector.push(decoder.decode(value, { stream: true }));
  }
  collector.push(decoder.decode());
  return collector.end();
}
