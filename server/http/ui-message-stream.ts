import { STREAM_DONE, type UIMessageChunk } from '../../domain/api/chat-stream.ts';
import type { Logger } from '../../lib/log/index.ts';

/** Clients detect the AI SDK UI-message stream by `x-vercel-ai-ui-message-stream: v1`. */
const UI_MESSAGE_STREAM_HEADERS: Record<string, string> = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  'x-vercel-ai-ui-message-stream': 'v1',
  'x-accel-buffering': 'no',
};

const encodeChunk = (chunk: UIMessageChunk): string => `data: ${JSON.stringify(chunk)}\n\n`;
const DONE_LINE = `data: ${STREAM_DONE}\n\n`;

export interface UiMessageStreamOptions {
  /** The message's chunks between `start-step` and `finish-step`. */
  chunks: AsyncIterator<UIMessageChunk>;
  /** The first chunk, when the caller already awaited it (to turn early refusals into HTTP errors). */
  first?: Promise<IteratorResult<UIMessageChunk>>;
  /** Aborted when the request is over for the server (client gone, deadline): no error chunk then. */
  signal: AbortSignal;
  /** Called when the client cancels the body. */
  onCancel(): void;
  /** Called once when the stream is over, however it ended (frees the caller's chat slot). */
  onClose?(): void;
  log: Logger;
  requestId?: string;
}

/**
 * An SSE Response framing `chunks` as one UI message: `start`, `start-step`, the chunks,
 * `finish-step`, `finish`, `[DONE]`. A failure mid-stream becomes an `error` chunk (the message of
 * a client error, a generic text otherwise) followed by `[DONE]`.
 */
export function uiMessageStreamResponse(options: UiMessageStreamOptions): Response {
  const { chunks, signal, log } = options;
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      // Chunks produced in the same tick leave as one write: a template answer is dozens of small
      // deltas, and a socket write per delta was the main thread's largest cost under load.
      let pending = '';
      let scheduled = false;
      const flush = () => {
        scheduled = false;
        if (!pending) return;
        const text = pending;
        pending = '';
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          /* cancelled */
        }
      };
      const write = (text: string) => {
        pending += text;
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      };
      const send = (chunk: UIMessageChunk) => write(encodeChunk(chunk));
      try {
        send({ type: 'start', messageId: crypto.randomUUID() });
        send({ type: 'start-step' });
        let next = await (options.first ?? chunks.next());
        while (!next.done) {
          send(next.value);
          next = await chunks.next();
        }
        send({ type: 'finish-step' });
        send({ type: 'finish' });
        write(DONE_LINE);
      } catch (err) {
        if (!signal.aborted) {
          log.error({ err, requestId: options.requestId }, 'chat stream failed');
          try {
            const status = (err as { status?: number }).status;
            send({
              type: 'error',
              errorText:
                status && status < 500 ? (err as Error).message : 'The assistant failed to answer. Please try again.',
            });
            write(DONE_LINE);
          } catch {
            /* client already gone */
          }
        }
      } finally {
        flush();
        options.onClose?.();
        try {
          controller.close();
        } catch {
          /* cancelled */
        }
      }
    },
    cancel() {
      options.onClose?.();
      options.onCancel();
      void chunks.return?.(undefined);
    },
  });
  return new Response(stream, { status: 200, headers: UI_MESSAGE_STREAM_HEADERS });
}
