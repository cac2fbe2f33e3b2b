import { parseUiStreamData, SseParser } from '../../web/src/shared/sse.ts';
import type { ChatMeta, DataPart, RecommendationItem, ToolCall } from '../assertions/types.ts';

/**
 * Collects a UI-message stream (parsed by the one stream parser, web/src/shared/sse.ts) into the
 * answer text, `data-recommendations` and `data-meta`.
 */
export interface CollectedStream {
  text: string;
  recommendations: RecommendationItem[];
  meta?: ChatMeta;
  /** Tool calls, joined by call id, in the order they started. */
  tools: ToolCall[];
  /** Every `data-*` part, in order. */
  data: DataPart[];
  /** Every parsed event, in order (for debugging and json-schema checks). */
  events: { type: string; [k: string]: unknown }[];
  finished: boolean;
  done: boolean;
  error?: string;
}

/** Normalize whatever shape the data part carries into {productId, …}[] */
function normalizeRecommendations(data: unknown): RecommendationItem[] {
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
  const out: CollectedStream = {
    text: '',
    recommendations: [],
    tools: [],
    data: [],
    events: [],
    finished: false,
    done: false,
  };
  const tool = (id: string, name = ''): ToolCall => {
    let call = out.tools.find((t) => t.id === id);
    if (!call) out.tools.push((call = { id, name }));
    if (name) call.name = name;
    return call;
  };
  const handle = (data: string) => {
    const event = parseUiStreamData(data);
    switch (event.type) {
      case 'done':
        out.done = true;
        return;
      case 'other':
        out.events.push(event.raw as CollectedStream['events'][number]);
        return;
      case 'text-delta':
        out.text += event.delta;
        break;
      case 'error':
        out.error = event.errorText;
        break;
      case 'finish':
        out.finished = true;
        break;
      case 'tool-input-available':
        tool(event.toolCallId, event.toolName).input = event.input;
        break;
      case 'tool-output-available':
        tool(event.toolCallId).output = event.output;
        break;
      case 'tool-output-error':
        tool(event.toolCallId).error = event.errorText;
        break;
      default:
        if (event.type.startsWith('data-'))
          out.data.push({ type: event.type as DataPart['type'], data: (event as { data: unknown }).data });
        if (event.type === 'data-recommendations') out.recommendations = normalizeRecommendations(event.data);
        else if (event.type === 'data-meta') out.meta = { ...(out.meta ?? {}), ...(event as { data: ChatMeta }).data };
    }
    out.events.push(event as CollectedStream['events'][number]);
  };
  const parser = new SseParser(handle);
  return {
    push(chunk: string) {
      parser.push(chunk);
    },
    end(): CollectedStream {
      parser.end();
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
