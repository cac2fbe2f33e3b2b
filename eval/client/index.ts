import type { Customer } from '../../domain/index.ts';
import { collectUiMessageStream, type CollectedStream } from './sse.ts';

export * from './sse.ts';

/** Anything that answers a Request: `globalThis.fetch` for a URL, `app.fetch` in-process. */
export type FetchLike = (request: Request) => Promise<Response>;

export interface ClientOptions {
  baseUrl: string;
  fetch: FetchLike;
  rmKey: string;
  /** Per-request timeout (chat answers can be slow on CPU). */
  timeoutMs?: number;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`HTTP ${status}: ${body.slice(0, 200)}`);
  }
}

/** The Meridian HTTP API as eval uses it. Same code for a remote URL and the in-process app. */
export class MeridianClient {
  private readonly tokens = new Map<string, Promise<string>>();
  constructor(private readonly options: ClientOptions) {}

  private async request(method: string, path: string, auth: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${auth}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const req = new Request(new URL(path, this.options.baseUrl), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 120_000),
    });
    return this.options.fetch(req);
  }

  private async json<T>(
    method: string,
    path: string,
    auth: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const res = await this.request(method, path, auth, body);
    const text = await res.text();
    if (!res.ok) throw new HttpError(res.status, text);
    return { status: res.status, body: JSON.parse(text) as T };
  }

  /** A customer JWT minted by the server (POST /api/auth/customer-token, RM only); cached per id. */
  customerToken(customerId: string): Promise<string> {
    let t = this.tokens.get(customerId);
    if (!t) {
      t = this.json<{ token: string }>('POST', '/api/auth/customer-token', this.options.rmKey, { customerId }).then(
        (r) => r.body.token,
      );
      t.catch(() => this.tokens.delete(customerId));
      this.tokens.set(customerId, t);
    }
    return t;
  }

  async getCustomer(customerId: string): Promise<Customer | undefined> {
    try {
      return (await this.json<Customer>('GET', `/api/customers/${encodeURIComponent(customerId)}`, this.options.rmKey))
        .body;
    } catch (err) {
      if (err instanceof HttpError && err.status === 404) return undefined;
      throw err;
    }
  }

  async search(query: string, k: number): Promise<{ status: number; body: unknown }> {
    const res = await this.request('POST', '/api/rm/search', this.options.rmKey, { query, k });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* keep text */
    }
    return { status: res.status, body };
  }

  /** One chat turn; the answer is collected from the SSE UI-message stream. */
  async chat(input: {
    mode: 'customer' | 'rm';
    customerId?: string;
    conversationId?: string;
    message: string;
  }): Promise<{ status: number; stream?: CollectedStream; error?: string }> {
    const auth = input.mode === 'customer' ? await this.customerToken(input.customerId!) : this.options.rmKey;
    const res = await this.request('POST', '/api/chat', auth, {
      mode: input.mode,
      customerId: input.customerId,
      conversationId: input.conversationId,
      message: input.message,
    });
    if (!res.ok || !res.body)
      return { status: res.status, error: `HTTP ${res.status}: ${(await res.text()).slice(0, 300)}` };
    return { status: res.status, stream: await collectUiMessageStream(res.body) };
  }
}
