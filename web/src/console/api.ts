/**
 * The console's HTTP client: the RM credential lives in sessionStorage (gone when the tab
 * closes) and is sent as a Bearer token; errors become `ApiError` with the server's message.
 */
const KEY = 'meridian.rm.credential';

export const credential = {
  get: (): string => sessionStorage.getItem(KEY) ?? '',
  set: (value: string): void => sessionStorage.setItem(KEY, value),
  clear: (): void => sessionStorage.removeItem(KEY),
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Called on 401 anywhere: the console goes back to sign-in. */
let onUnauthorized: (message: string) => void = () => undefined;
export function setUnauthorizedHandler(handler: (message: string) => void): void {
  onUnauthorized = handler;
}

export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; signal?: AbortSignal; token?: string } = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: {
        authorization: `Bearer ${init.token ?? credential.get()}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: init.signal ?? AbortSignal.timeout(30_000),
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'Could not reach the Meridian server.');
  }
  if (res.ok) return (await res.json()) as T;
  const body = (await res.json().catch(() => null)) as {
    error?: { code?: string; message?: string; field?: string };
  } | null;
  const message = body?.error?.message ?? `HTTP ${res.status}`;
  const error = new ApiError(res.status, message, body?.error?.code, body?.error?.field);
  if (res.status === 401 && init.token === undefined) onUnauthorized(message);
  throw error;
}

// ---- Response shapes: the server's own wire types (domain/api), imported as types only ----

export type { SearchResponse } from '../../../domain/api/search.ts';
export type { RecommendationsResponse } from '../../../domain/api/recommendations.ts';
export type RecommendationItem =
  import('../../../domain/api/recommendations.ts').RecommendationsResponse['items'][number];

export interface EmbeddingPoint {
  id: string;
  kind?: string;
  type?: string;
  label?: string;
  name?: string;
  x: number;
  y: number;
}

/** GET /api/rm/escalations: customer messages the intent classifier flagged for a person. */
interface Escalation {
  auditId: string;
  time: string;
  customerId: string | null;
  mode: 'customer' | 'rm';
  intent: string;
  confidence: number;
  reason: string | null;
  message: string;
}
export interface EscalationsResponse {
  escalations: Escalation[];
}
