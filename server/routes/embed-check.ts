import type { EmbedCheck, EmbedProblem } from '../../domain/api/embed-check.ts';
import type { AppDeps } from '../deps.ts';
import { authenticate } from '../http/auth.ts';
import { createRouter, type App } from '../http/env.ts';

/** A JWT is three base64url parts; anything longer than this is not a token we minted. */
const MAX_TOKEN_CHARS = 4096;

/**
 * POST /api/embed/check (no auth; body: the widget's token as text/plain, so the browser sends it
 * without a CORS preflight). Answers every origin, because its job is to explain a blocked
 * embedding: the widget calls it when the chat cannot be reached or is refused, and shows the
 * problems in words. Each problem is also logged, so the server's operator sees misconfigured
 * embeddings without asking the site owner for a screenshot.
 */
export function embedCheckRoutes(deps: AppDeps): App {
  const app = createRouter();
  app.post('/api/embed/check', async (c) => {
    const origin = c.req.header('origin') ?? null;
    const token = (await c.req.text()).trim().slice(0, MAX_TOKEN_CHARS);
    const problems: EmbedProblem[] = [];
    const own = new URL(c.req.url).origin;
    if (origin !== null && origin !== own && !deps.config.corsOrigins.includes(origin))
      problems.push('origin_not_allowed');
    let customerId: string | undefined;
    if (!token) problems.push('token_missing');
    else {
      try {
        const principal = await authenticate(`Bearer ${token}`, {
          rmApiKeys: deps.config.rmApiKeys,
          supervisorApiKeys: deps.config.supervisorApiKeys,
          jwtSecret: deps.config.jwtSecret,
          revocations: deps.revocations,
        });
        if (principal?.role === 'customer') {
          customerId = principal.customerId;
          if (!(await deps.customers.get(customerId, c.get('signal')))) problems.push('customer_not_found');
        }
      } catch (err) {
        // A revoked token reads as expired to a site owner: either way the page needs a fresh one.
        const message = (err as Error).message;
        problems.push(/"exp" claim|revoked/.test(message) ? 'token_expired' : 'token_invalid');
      }
    }
    if (problems.length) deps.log.warn({ origin, problems, customerId }, 'widget embedding misconfigured');
    const body: EmbedCheck = { origin, ok: problems.length === 0, problems, customerId };
    return c.json(body, 200, { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-store' });
  });
  return app;
}
