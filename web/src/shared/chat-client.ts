/**
 * The chat stream client shared by the widget and the RM console: POST /api/chat, read the SSE
 * body incrementally, hand typed events to the caller. Network failures, HTTP errors and
 * in-stream `error` events all end in one `ChatError` with a message fit to show a person.
 */
import type { ChatMeta as WireChatMeta } from '../../../domain/api/chat-stream.ts';
import { SseParser, parseUiStreamData, type UiStreamEvent } from './sse.ts';

export interface ChatRequestBody {
  mode: 'customer' | 'rm';
  message: string;
  conversationId?: string;
  customerId?: string;
}

export interface RecommendationCard {
  productId: string;
  product: string;
  category?: string;
  score?: number;
  why: string;
  risks: string;
  disclaimer?: string;
}

/** The `data-meta` part, as the server sends it (fields may be absent from older servers). */
export type ChatMeta = Partial<WireChatMeta>;

/** What else rides on `data-recommendations`: exclusions (with the rule) and, in RM mode, clients to call. */
export interface RecommendationExtras {
  excluded: { productId: string; product: string; rule: string; detail: string }[];
  clients: { customerId: string; score?: number; reason: string }[];
}

export interface ChatHandlers {
  onText?(delta: string): void;
  onRecommendations?(cards: RecommendationCard[], extras: RecommendationExtras): void;
  /** The request waits for a free generation slot (`data-queued {position}`). */
  onQueued?(position: number): void;
  onMeta?(meta: ChatMeta): void;
  onEvent?(event: UiStreamEvent): void;
}

export type ChatErrorKind = 'network' | 'http' | 'stream' | 'aborted';

export class ChatError extends Error {
  constructor(
    readonly kind: ChatErrorKind,
    message: string,
    readonly status?: number,
    readonly retryAfterS?: number,
  ) {
    super(message);
    this.name = 'ChatError';
  }
  /** Network hiccups, 429 and 5xx are worth a retry; a 4xx other than 429 is not. */
  get retryable(): boolean {
    return (
      this.kind === 'network' ||
      this.kind === 'stream' ||
      (this.kind === 'http' && (this.status === 429 || (this.status ?? 0) >= 500))
    );
  }
}

const str = (v: unknown): string => (typeof v === 'string' ? v : v == null ? '' : String(v));

/** Accept `[…]`, `{items:[…]}` or `{recommendations:[…]}`; name the product however the server does. */
export function normaliseRecommendations(data: unknown): RecommendationCard[] {
  const obj = data as Record<string, unknown> | null;
  const list = Array.isArray(data)
    ? data
    : Array.isArray(obj?.items)
      ? obj!.items
      : Array.isArray(obj?.recommendations)
        ? obj!.recommendations
        : [];
  return (list as Record<string, unknown>[])
    .filter((r) => r && typeof r === 'object')
    .map((r) => {
      const product = (r.product ?? {}) as Record<string, unknown>;
      return {
        productId: str(r.productId ?? product.id),
        product: str(r.productName ?? r.name ?? product.name ?? r.productId),
        category: (r.category ?? product.category) as string | undefined,
        score: typeof r.score === 'number' ? r.score : undefined,
        why: str(r.why),
        risks: str(r.risks),
        disclaimer: r.disclaimer ? str(r.disclaimer) : undefined,
      };
    });
}

export function normaliseExtras(data: unknown): RecommendationExtras {
  const obj = (data && typeof data === 'object' && !Array.isArray(data) ? data : {}) as Record<string, unknown>;
  const rows = (v: unknown) =>
    Array.isArray(v) ? (v as Record<string, unknown>[]).filter((r) => r && typeof r === 'object') : [];
  return {
    excluded: rows(obj.excluded).map((r) => ({
      productId: str(r.productId),
      product: str(r.productName ?? r.name ?? r.productId),
      rule: str(r.rule),
      detail: str(r.detail),
    })),
    clients: rows(obj.clients).map((r) => ({
      customerId: str(r.customerId),
      score: typeof r.score === 'number' ? r.score : undefined,
      reason: str(r.reason),
    })),
  };
}

/** Best human message from a JSON error body `{error:{code,message,field?}}`. */
async function httpErrorMessage(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { error?: { message?: string; field?: string } };
    if (body?.error?.message)
      return body.error.field ? `${body.error.message} (${body.error.field})` : body.error.message;
  } catch {
    /* not JSON */
  }
  if (res.status === 401 || res.status === 403) return 'You are not signed in or not allowed to use this assistant.';
  if (res.status === 429) return 'The assistant is busy. Please try again in a moment.';
  if (res.status >= 500) return 'The assistant is temporarily unavailable.';
  return `The request failed (HTTP ${res.status}).`;
}

/**
 * Send one message and stream the answer. Resolves when the stream ends normally
 * (`[DONE]`, `finish`, or end of body); rejects with `ChatError` otherwise.
 */
export async function streamChat(options: {
  server: string;
  token: string;
  body: ChatRequestBody;
  signal?: AbortSignal;
  handlers: ChatHandlers;
  fetchImpl?: typeof fetch;
}): Promise<void> {
  const { server, token, body, signal, handlers } = options;
  const url = new URL('/api/chat', server || location.href).toString();
  let res: Response;
  try {
    res = await (options.fetchImpl ?? fetch)(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
      signal,
    });
  } catch (_err) {
    if (signal?.aborted) throw new ChatError('aborted', 'Stopped.');
    throw new ChatError('network', 'Could not reach the assistant. Check your connection and try again.');
  }
  if (!res.ok || !res.body) {
    const retryAfter = Number(res.headers.get('retry-after')) || undefined;
    throw new ChatError('http', await httpErrorMessage(res), res.status, retryAfter);
  }

  let failure: ChatError | undefined;
  let done = false;
  const parser = new SseParser((data) => {
    if (done) return;
    const event = parseUiStreamData(data);
    handlers.onEvent?.(event);
    if (event.type === 'text-delta') handlers.onText?.(event.delta);
    else if (event.type === 'data-recommendations') {
      const data = (event as { data: unknown }).data;
      handlers.onRecommendations?.(normaliseRecommendations(data), normaliseExtras(data));
    } else if (event.type === 'data-queued')
      handlers.onQueued?.(Number(((event as { data: unknown }).data as { position?: unknown })?.position) || 0);
    else if (event.type === 'data-meta') handlers.onMeta?.(((event as { data: unknown }).data ?? {}) as ChatMeta);
    else if (event.type === 'error') failure ??= new ChatError('stream', event.errorText);
    else if (event.type === 'done') done = true;
  });

  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  try {
    // Read to the end even after [DONE]: the server closes right after it, and cancelling instead
    // would mark the response as aborted (devtools, proxies) for no gain.
    for (;;) {
      const { value, done: eof } = await reader.read();
      if (eof) break;
      parser.push(decoder.decode(value, { stream: true }));
    }
    parser.push(decoder.decode());
    parser.end();
  } catch {
    if (signal?.aborted) throw new ChatError('aborted', 'Stopped.');
    throw new ChatError('network', 'The connection was lost while the answer was streaming. Try again.');
  } finally {
    reader.releaseLock?.();
  }
  if (failure) throw failure;
}
