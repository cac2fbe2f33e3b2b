/**
 * Typed errors. Each carries the HTTP status it maps to; the server's one error handler turns
 * them into JSON (`{ error: { code, message, field? } }`). CLIs print `message` and exit non-zero.
 */
export class MeridianError extends Error {
  readonly status: number = 500;
  readonly code: string = 'internal';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad input: names the field (or file:line) and the reason. */
export class ValidationError extends MeridianError {
  override readonly status = 400;
  override readonly code = 'invalid_input';
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

export class NotFoundError extends MeridianError {
  override readonly status = 404;
  override readonly code = 'not_found';
}

export class UnauthorizedError extends MeridianError {
  override readonly status = 401;
  override readonly code = 'unauthorized';
}

export class ForbiddenError extends MeridianError {
  override readonly status = 403;
  override readonly code = 'forbidden';
}

/** A dependency (Chroma, the LLM) is down or busy; clients should retry after `retryAfterS`. */
export class UnavailableError extends MeridianError {
  override readonly status = 503;
  override readonly code = 'unavailable';
  constructor(
    message: string,
    readonly retryAfterS = 5,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class TooManyRequestsError extends MeridianError {
  override readonly status = 429;
  override readonly code = 'too_many_requests';
  constructor(
    message: string,
    readonly retryAfterS = 1,
    readonly queuePosition?: number,
  ) {
    super(message);
  }
}

export class TimeoutError extends MeridianError {
  override readonly status = 504;
  override readonly code = 'timeout';
}

/** Model files are missing: the message names the exact files and where to put them. */
export class ModelMissingError extends MeridianError {
  override readonly status = 503;
  override readonly code = 'model_missing';
  constructor(
    readonly modelId: string,
    readonly missingFiles: string[],
    hint: string,
  ) {
    super(`Model ${modelId} is not available. Missing: ${missingFiles.join(', ')}. ${hint}`);
  }
}

/** A collection or artifact was built with another embedding model / feature schema. */
export class IncompatibleError extends MeridianError {
  override readonly status = 409;
  override readonly code = 'incompatible';
}

/** Run `fn` with an AbortSignal that fires after `ms`; rejects with TimeoutError. */
export async function withTimeout<T>(
  ms: number,
  what: string,
  fn: (signal: AbortSignal) => Promise<T>,
  parent?: AbortSignal,
): Promise<T> {
  const controller = new AbortController();
  const onParentAbort = () => controller.abort(parent?.reason);
  parent?.addEventListener('abort', onParentAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new TimeoutError(`${what} timed out after ${ms} ms`);
      controller.abort(err);
      reject(err);
    }, ms);
  });
  try {
    return await Promise.race([fn(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
    parent?.removeEventListener('abort', onParentAbort);
  }
}
