import { createRoute } from '@hono/zod-openapi';
import { createRouter, type App } from '../http/env.ts';
import { requireDep, type AppDeps } from '../deps.ts';
import { requireRm } from '../http/auth.ts';
import { SearchRequestSchema, SearchResponseSchema } from '../../domain/api/search.ts';
import { ErrorSchema } from './schemas.ts';

/** POST /api/rm/search: natural-language RM search (filters + hybrid retrieval + rerank). */
export function searchRoutes(deps: AppDeps): App {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/rm/search',
      tags: ['rm'],
      security: [{ bearer: [] }],
      request: {
        body: {
          required: true,
          content: {
            'application/json': {
              schema: SearchRequestSchema.openapi('SearchRequest', {
                example: { query: 'customers with credit score over 750 interested in investment products' },
              }),
            },
          },
        },
      },
      responses: {
        200: {
          description: 'results',
          content: { 'application/json': { schema: SearchResponseSchema.openapi('SearchResponse') } },
        },
        400: { description: 'bad input', content: { 'application/json': { schema: ErrorSchema } } },
        401: { description: 'no credential', content: { 'application/json': { schema: ErrorSchema } } },
        403: { description: 'not an RM', content: { 'application/json': { schema: ErrorSchema } } },
        503: {
          description: 'Chroma unavailable (Retry-After)',
          content: { 'application/json': { schema: ErrorSchema } },
        },
      },
    }),
    async (c) => {
      requireRm(c);
      const { query, k, variant } = c.req.valid('json');
      const retrieval = requireDep(deps.retrieval, 'retrieval');
      const response = await retrieval.search(query, { k, variant, signal: c.get('signal') });
      return c.json({ ...response, parsed: { ...response.parsed, where: response.parsed.where ?? null } }, 200);
    },
  );
  return app;
}
