import type { UIMessageChunk } from '../../domain/api/chat-stream.ts';
import type { ChatEvent } from './service.ts';

const TEXT_ID = 'text-1';

/**
 * A chat turn's events as UI-message chunks: text deltas inside one `text-start`/`text-end`
 * block (closed before any data part), the queue position as a transient data part.
 */
export async function* chatEventChunks(events: AsyncIterator<ChatEvent>): AsyncGenerator<UIMessageChunk> {
  let textOpen = false;
  for (let next = await events.next(); !next.done; next = await events.next()) {
    const ev = next.value;
    if (ev.type === 'text') {
      if (!textOpen) yield { type: 'text-start', id: TEXT_ID };
      textOpen = true;
      yield { type: 'text-delta', id: TEXT_ID, delta: ev.delta };
      continue;
    }
    if (ev.type === 'queued') {
      yield { type: 'data-queued', data: { position: ev.position }, transient: true };
      continue;
    }
    if (textOpen) yield { type: 'text-end', id: TEXT_ID };
    textOpen = false;
    switch (ev.type) {
      case 'recommendations':
        yield { type: 'data-recommendations', data: ev.data };
        break;
      case 'meta':
        yield { type: 'data-meta', data: ev.data };
        break;
      case 'tool':
        yield {
          type: 'tool-input-available',
          toolCallId: ev.result.id,
          toolName: ev.result.tool,
          input: ev.result.input,
        };
        yield ev.result.ok
          ? { type: 'tool-output-available', toolCallId: ev.result.id, output: ev.result.output }
          : { type: 'tool-output-error', toolCallId: ev.result.id, errorText: ev.result.error };
        break;
      case 'citations':
        yield { type: 'data-citations', data: ev.data };
        break;
      default:
        ev satisfies never;
    }
  }
  if (textOpen) yield { type: 'text-end', id: TEXT_ID };
}
