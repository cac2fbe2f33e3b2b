/**
 * Server-sent events parsing for the AI SDK UI-message stream (protocol v1).
 *
 * The server writes `data: <json>` lines separated by blank lines and ends with `data: [DONE]`.
 * Chunks from `fetch` can split anywhere (mid-line, mid-UTF-8 sequence), so the parser buffers
 * until it sees a full event. Pure: no DOM, no network — unit tested in Node. The one parser of the
 * stream: the widget, the console, the eval runner and the server's tests all read it through here.
 */
import { STREAM_DONE, type UIMessageChunk } from '../../../domain/api/chat-stream.ts';

/** One event of the UI-message stream, plus the stream's end and anything this client does not know. */
export type UiStreamEvent =
  | UIMessageChunk
  | { type: 'abort' }
  | { type: 'done' }
  | { type: 'other'; raw: Record<string, unknown> };

/**
 * Incremental SSE parser: `push` text as it arrives; `onData` gets the payload of every complete
 * event (multiple `data:` lines joined with "\n", as the SSE spec says). Comments (`:`) and other
 * fields (`event:`, `id:`, `retry:`) are ignored — the UI-message stream uses only `data:`.
 */
export class SseParser {
  private buffer = '';
  private dataLines: string[] = [];

  constructor(private readonly onData: (data: string) => void) {}

  push(text: string): void {
    this.buffer += text;
    let newline: number;
    while ((newline = this.nextLineEnd()) >= 0) {
      let line = this.buffer.slice(0, newline);
      // A "\r\n" pair is one line end; a lone "\r" at the very end may still get its "\n".
      const skip = this.buffer[newline] === '\r' && this.buffer[newline + 1] === '\n' ? 2 : 1;
      this.buffer = this.buffer.slice(newline + skip);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      this.line(line);
    }
  }

  /** End of input: a final event without the trailing blank line still counts. */
  end(): void {
    if (this.buffer.length > 0) {
      this.line(this.buffer);
      this.buffer = '';
    }
    this.dispatch();
  }

  private nextLineEnd(): number {
    const n = this.buffer.indexOf('\n');
    const r = this.buffer.indexOf('\r');
    if (r >= 0 && (n < 0 || r < n)) {
      // "\r" as the last char: wait for the next chunk to know whether "\n" follows.
      if (r === this.buffer.length - 1) return n >= 0 && n < r ? n : -1;
      return r;
    }
    return n;
  }

  private line(line: string): void {
    if (line === '') {
      this.dispatch();
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.dataLines.push(value);
  }

  private dispatch(): void {
    if (this.dataLines.length === 0) return;
    const data = this.dataLines.join('\n');
    this.dataLines = [];
    this.onData(data);
  }
}

/** Turn one `data:` payload into a typed event; malformed JSON becomes a protocol error event. */
export function parseUiStreamData(data: string): UiStreamEvent {
  if (data.trim() === STREAM_DONE) return { type: 'done' };
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return { type: 'error', errorText: `The server sent a malformed stream event (${data.slice(0, 40)}…).` };
  }
  if (!json || typeof json !== 'object' || typeof (json as { type?: unknown }).type !== 'string') {
    return { type: 'other', raw: (json ?? {}) as Record<string, unknown> };
  }
  const event = json as Record<string, unknown> & { type: string };
  switch (event.type) {
    case 'text-delta':
      // v1 uses `delta`; early drafts used `textDelta`.
      return {
        type: 'text-delta',
        id: String(event.id ?? ''),
        delta: String(event.delta ?? event.textDelta ?? ''),
      };
    case 'error':
      return { type: 'error', errorText: String(event.errorText ?? event.error ?? 'The server reported an error.') };
    case 'start':
    case 'start-step':
    case 'finish-step':
    case 'text-start':
    case 'text-end':
    case 'finish':
    case 'abort':
      return event as UiStreamEvent;
    case 'tool-input-available':
      return {
        type: 'tool-input-available',
        toolCallId: String(event.toolCallId ?? ''),
        toolName: String(event.toolName ?? ''),
        input: event.input,
      };
    case 'tool-output-available':
      return { type: 'tool-output-available', toolCallId: String(event.toolCallId ?? ''), output: event.output };
    case 'tool-output-error':
      return {
        type: 'tool-output-error',
        toolCallId: String(event.toolCallId ?? ''),
        errorText: String(event.errorText ?? ''),
      };
    default:
      if (event.type.startsWith('data-'))
        return { type: event.type as `data-${string}`, id: event.id as string | undefined, data: event.data };
      return { type: 'other', raw: event };
  }
}

/** A whole stream body (tests, benches): its events in order, and whether `[DONE]` arrived. */
export function parseUiMessageStream(body: string): { chunks: UiStreamEvent[]; done: boolean } {
  const chunks: UiStreamEvent[] = [];
  let done = false;
  const parser = new SseParser((data) => {
    const event = parseUiStreamData(data);
    if (event.type === 'done') done = true;
    else chunks.push(event);
  });
  parser.push(body);
  parser.end();
  return { chunks, done };
}
