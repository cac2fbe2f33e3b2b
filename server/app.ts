import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { TimeoutError } from '../lib/errors/index.ts';
import type { AppDeps } from './deps.ts';
import { authMiddleware } from './http/auth.ts';
import { clientAddress } from './http/client-address.ts';
import { contentSecurityPolicy, opsAccess } from './http/security-headers.ts';
import { type App, createRouter } from './http/env.ts';
import { errorResponse } from './http/errors.ts';
import { rateLimitMiddleware } from './http/rate-limit.ts';
import { docsRoutes } from './routes/docs.ts';
import { routeGroups } from './routes/index.ts';

/** Paths (prefixes) that are not under the API's auth, body limit and rate limit. */
const PUBLIC_PREFIXES = ['/healthz', '/readyz', '/metrics', '/docs', '/openapi.json', '/api/embed/check'];
/** Paths whose state lives in the database when there is one (conversations, audit, feedback). */
const DATABASE_PATHS = ['/api/chat', '/api/feedback', '/api/rm/escalations'];

/**
 * Build the HTTP app from its dependencies. No I/O happens here: deps arrive connected and built
 * once (server/bootstrap.ts). Every route group of server/routes/index.ts is mounted on the result.
 */
export function createApp(deps: AppDeps): App {
  const { config, log, metrics } = deps;
  const app = createRouter();

  app.use('*', requestId());
  // Latency histogram per route pattern + one access-log line per request (no PII: ids only).
  app.use('*', async (c, next) => {
    const start = performance.now();
    await next();
    const seconds = (performance.now() - start) / 1000;
    const route =
      c.req.routePath && c.req.routePath !== '*' && c.req.routePath !== '/*' ? c.req.routePath : 'unmatched';
    metrics.httpDuration.observe({ method: c.req.method, route, status: String(c.res.status) }, seconds);
    log.debug(
      {
        requestId: c.get('requestId'),
        method: c.req.method,
        route,
        status: c.res.status,
        ms: Math.round(seconds * 1000),
      },
      'request',
    );
  });
  app.use(
    '*',
    secureHeaders({
      crossOriginResourcePolicy: 'cross-origin',
      contentSecurityPolicy: contentSecurityPolicy(config.frameAncestors),
      // frame-ancestors decides who may frame us; the older header would contradict it.
      xFrameOptions: false,
    }),
  );
  app.use(
    '*',
    cors({
      origin: (origin) => (config.corsOrigins.includes(origin) ? origin : null),
      allowHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      exposeHeaders: ['X-Request-Id', 'Retry-After', 'x-vercel-ai-ui-message-stream'],
      maxAge: 600,
    }),
  );
  // Deadline for every request: handlers get `c.get('signal')`; a handler still running when it
  // fires is answered 504. Streaming handlers return their Response early and own their timeout.
  app.use('*', async (c, next) => {
    const controller = new AbortController();
    const clientSignal = c.req.raw.signal;
    const onClientAbort = () => controller.abort(new Error('client disconnected'));
    clientSignal?.addEventListener('abort', onClientAbort, { once: true });
    c.set('signal', controller.signal);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const err = new TimeoutError(`request timed out after ${config.requestTimeoutMs} ms`);
        controller.abort(err);
        reject(err);
      }, config.requestTimeoutMs);
    });
    try {
      await Promise.race([next(), deadline]);
    } finally {
      clearTimeout(timer);
      clientSignal?.removeEventListener('abort', onClientAbort);
    }
  });
  const isPublic = (path: string) => PUBLIC_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`));
  app.use('/api/*', bodyLimit({ maxSize: config.bodyLimitBytes }));
  const addressOf = (c: Parameters<typeof clientAddress>[0]) => clientAddress(c, config.trustProxy);
  const auth = authMiddleware({
    rmApiKeys: config.rmApiKeys,
    supervisorApiKeys: config.supervisorApiKeys,
    jwtSecret: config.jwtSecret,
    revocations: deps.revocations,
    failuresPerMin: config.authFailuresPerMin,
    clientAddress: addressOf,
    metrics,
  });
  const limit = rateLimitMiddleware(config.rateLimitPerMin, addressOf, metrics, deps.rateLimits);
  const ops = opsAccess({ metricsToken: config.metricsToken, trustProxy: config.trustProxy });
  app.use('/readyz', ops);
  app.use('/metrics', ops);
  app.use('/api/*', async (c, next) => (isPublic(c.req.path) ? next() : auth(c, next)));
  app.use('/api/*', limit);
  const { database } = deps;
  if (database)
    for (const p of DATABASE_PATHS)
      app.use(p, async (_c, next) => {
        await database.ping(); // UnavailableError → 503 with Retry-After
        await next();
      });

  app.onError((err, c) => errorResponse(err, c, log, metrics));
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `no route ${c.req.method} ${c.req.path}` } }, 404));

  app.route('/', docsRoutes());
  for (const group of routeGroups(deps)) app.route('/', group);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'RM API key, RM JWT (role rm) or customer JWT (role customer, sub = customer id)',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Meridian API',
      version: '0.1.0',
      description: 'RM search, customer profiles, recommendations and chat.',
    },
  });
  return app;
}
