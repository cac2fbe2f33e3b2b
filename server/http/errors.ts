import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ZodError } from 'zod';
import { MeridianError, TooManyRequestsError, UnavailableError, ValidationError } from '../../lib/errors/index.ts';
import type { Logger } from '../../lib/log/index.ts';
import type { Metrics } from './metrics.ts';

interface ErrorBody {
  error: { code: string; message: string; field?: string; requestId?: string; queuePosition?: number };
}

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
    const code =
      status === 413
        ? 'payload_too_large'
        : status === 404
          ? 'not_found'
          : status === 401
            ? 'unauthorized'
            : 'http_error';
    body = {
      error: { code, message: err.message || (status === 413 ? 'request body too large' : 'error'), requestId },
    };
    if (status === 413) body.error.field = 'body';
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
