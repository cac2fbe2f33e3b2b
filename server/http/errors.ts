import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ZodError } from 'zod';
import { MeridianError, TooManyRequestsError, UnavailableError, ValidationError } from '../../lib/errors/index.ts';
import type { Logger } from '../../lib/log/index.ts';
import type { Metrics } from './metrics.ts';

interface ErrorBody {
  error: { code: string; message: string; field?: string; requestId?: string; queuePosition?: number };
}

/** Framework errors (body parsing, body limit, routing) in the same shape as ours, naming the field. */
const HTTP_ERRORS: Record<number, { code: string; message?: string; field?: string }> = {
  400: { code: 'invalid_input', field: 'body' },
  401: { code: 'unauthorized' },
  404: { code: 'not_found' },
  413: { code: 'payload_too_large', message: 'body: request body too large', field: 'body' },
  415: {
    code: 'unsupported_media_type',
    message: 'content-type: the body must be sent as application/json',
    field: 'content-type',
  },
};

/** First zod issue → ValidationError naming the field (dotted path, prefixed by where it came from). */
export function zodToValidationError(error: ZodError, target: string): ValidationError {
  const issue = error.issues[0];
  const path = issue?.path?.length ? issue.path.map(String).join('.') : target;
  return new ValidationError(path, issue?.message ?? 'invalid');
}

/**
 * The one place errors become HTTP responses. Typed errors keep their status; anything else is a
 * 500 with a generic message (details only in the log). Nothing rethrows, so nothing crashes.
 */
export function errorResponse(err: unknown, c: Context, log: Logger, metrics?: Metrics): Response {
  const requestId = c.get('requestId') as string | undefined;
  let status = 500;
  let body: ErrorBody;
  const headers: Record<string, string> = {};
  if (c.req.raw.signal?.aborted && !(err instanceof MeridianError && err.status < 500)) {
    // The client went away before the headers: nginx's 499, not a server failure.
    metrics?.errors.inc({ code: 'client_closed' });
    log.info({ requestId, path: c.req.path }, 'client closed the request');
    return c.json({ error: { code: 'client_closed', message: 'client closed the request', requestId } }, 499 as 400);
  }
  if (err instanceof MeridianError) {
    status = err.status;
    body = { error: { code: err.code, message: err.message, requestId } };
    if (err instanceof ValidationError) body.error.field = err.field;
    if (err instanceof UnavailableError || err instanceof TooManyRequestsError)
      headers['Retry-After'] = String(Math.max(1, Math.ceil(err.retryAfterS)));
    if (err instanceof TooManyRequestsError && err.queuePosition !== undefined)
      body.error.queuePosition = err.queuePosition;
  } else if (err instanceof HTTPException) {
    status = err.status;
    const known = HTTP_ERRORS[status];
    body = {
      error: {
        code: known?.code ?? 'http_error',
        message: known?.message ?? `${known?.field ? `${known.field}: ` : ''}${err.message || 'error'}`,
        ...(known?.field ? { field: known.field } : {}),
        requestId,
      },
    };
  } else if (isBadJson(err)) {
    status = 400;
    body = { error: { code: 'invalid_input', message: 'body: malformed JSON', field: 'body', requestId } };
  } else {
    body = { error: { code: 'internal', message: 'internal error', requestId } };
  }
  if (status >= 500) log.error({ err, requestId, path: c.req.path }, 'request failed');
  else log.info({ requestId, path: c.req.path, status, code: body.error.code }, 'request rejected');
  metrics?.errors.inc({ code: body.error.code });
  return c.json(body, status as 400, headers);
}

function isBadJson(err: unknown): boolean {
  return err instanceof SyntaxError && /JSON/i.test(err.message);
}
