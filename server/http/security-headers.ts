import type { MiddlewareHandler } from 'hono';
import type { secureHeaders } from 'hono/secure-headers';
import { UnauthorizedError } from '../../lib/errors/index.ts';
import { equalsConstantTime } from './auth.ts';
import { isLoopback } from './client-address.ts';

type Csp = NonNullable<NonNullable<Parameters<typeof secureHeaders>[0]>['contentSecurityPolicy']>;

/**
 * The Content-Security-Policy of every response: scripts only from this origin (no inline script, no
 * eval, no CDN), styles from this origin (inline style attributes allowed: the chart and Swagger UI
 * set them), images also as data: URIs, fetches to this origin, nothing framed inside us, and
 * `frame-ancestors` from config (the bank pages allowed to frame the console or widget).
 */
export function contentSecurityPolicy(frameAncestors: readonly string[]): Csp {
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    frameSrc: ["'none'"],
    frameAncestors: frameAncestors.length ? [...frameAncestors] : ["'none'"],
  };
}

/**
 * /readyz and /metrics describe the server's insides (model names, queue depths, collection
 * sizes). With a metrics token they need `Authorization: Bearer <token>`; without one they answer
 * only loopback clients (a scraper on the same host), and 401 to everyone else.
 */
export function opsAccess(options: { metricsToken?: string; trustProxy: readonly string[] }): MiddlewareHandler {
  return async (c, next) => {
    if (options.metricsToken !== undefined) {
      const presented = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization')?.trim() ?? '')?.[1] ?? '';
      if (!equalsConstantTime(presented, options.metricsToken))
        throw new UnauthorizedError('this endpoint needs the metrics token (Authorization: Bearer <token>)');
    } else if (!isLoopback(c, options.trustProxy)) {
      throw new UnauthorizedError('this endpoint answers loopback clients only unless MERIDIAN_METRICS_TOKEN is set');
    }
    await next();
  };
}
