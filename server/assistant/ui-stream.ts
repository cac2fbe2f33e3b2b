/**
 * Vercel AI SDK UI-message stream protocol v1: Server-Sent Events whose `data:` lines are JSON
 * chunks (`start`, `text-start`, `text-delta`, `text-end`, `data-*`, `finish`, `error`), ended
 * by `data: [DONE]`. Clients detect it by the `x-vercel-ai-ui-message-stream: v1` header.
 */
export const UI_MESSAGE_STREAM_HEADERS: Record<string, string> = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  'x-vercel-ai-ui-message-stream': 'v1',
  'x-accel-buffering': 'no',
};

export type UIMessageChunk =
  | { type: 'start'; messageId?: string; messageMetadata?: unknown }
  | { type: 'start-step' }
  | { type: 'text-start'; id: string }
  | { type: 'text-delta'; id: string; delta: string }
  | { type: 'text-end'; id: string }
  | { type: `data-${string}`; id?: string; data: unknown; transient?: boolean }
  | { type: 'finish-step' }
  | { type: 'finish'; messageMetadata?: unknown }
  | { type: 'error'; errorText: string };

export const encodeChunk = (chunk: UIMessageChunk): string => `data: ${JSON.stringify(chunk)}\n\n`;
export const DONE_LINE = 'data: [DONE]\n\n';

/** Parse an SSE body back into chunks (tests, bench, eval clients). */
export function parseUIMessageStream(body: string): { chunks: UIMessageChunk[]; done: boolean } {
  const chunks: UIMessageChunk[] = [];
  let done = false;
  for (const event of body.split('\n\n')) {
    const data = event
      .split('\n')
      .filter((l) => l.startsWith('data:'))
      .map((l) => l.slice(5).trimStart())
      .join('\n');
    if (!data) continue;
    if (data === '[DONE]') done = true;
    else chunks.push(JSON.parse(data) as UIMessageChunk);
  }
  return { chunks, done };
}
