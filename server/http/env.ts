import { OpenAPIHono } from '@hono/zod-openapi';
import type { Principal } from './auth.ts';
import { zodToValidationError } from './errors.ts';

/** Variables every handler can read: `c.get('requestId')`, `c.get('principal')`, `c.get('signal')`. */
type AppEnv = {
  Variables: {
    requestId: string;
    principal: Principal | undefined;
    /** Aborts when the client disconnects or the request's deadline (config.requestTimeoutMs) passes. */
    signal: AbortSignal;
  };
};
export type App = OpenAPIHono<AppEnv>;

/**
 * An app or route group. zod validation failures of params, query and body become a 400 naming
 * the field; every group needs the hook because OpenAPIHono applies it per instance.
 */
export function createRouter(): App {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw zodToValidationError(result.error, String(result.target));
    },
  });
}
