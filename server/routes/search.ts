import { createRoute } from '@hono/zod-openapi';
import { createRouter, type App } from '../http/env.ts';
import { requireDep, type AppDeps } from '../deps.ts';
import { requireStaff } from '../http/auth.ts';
import { SearchNotUnderstoodSchema, SearchRequestSchema, SearchResponseSchema } from '../../domain/api/search.ts';
import { parseQuery } from '../retrieval/filter/index.ts';
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
        422: {
          description: 'strict: part of the query looked like a filter but was not understood (listed)',
          content: { 'application/json': { schema: SearchNotUnderstoodSchema.openapi('SearchNotUnderstood') } },
        },
        503: {
          description: 'Chroma unavailable (Retry-After)',
          content: { 'application/json': { schema: ErrorSchema } },
        },
      },
    }),
    async (c) => {
      const staff = requireStaff(c);
      const { query, k, variant, strict } = c.req.valid('json');
      const retrieval = requireDep(deps.retrieval, 'retrieval');
      if (strict) {
        const { warnings } = parseQuery(query, { products: deps.products });
        if (warnings.length)
          return c.json(
            {
              error: {
                code: 'not_understood' as const,
                message: `not understood: ${warnings.map((w) => `"${w.text}" (${w.reason})`).join('; ')}`,
                field: 'query' as const,
                warnings,
              },
            },
            422,
          );
      }
      const response = await retrieval.search(query, {
        k,
        variant,
        signal: c.get('signal'),
        ...(staff.role === 'rm' ? { rmId: staff.rmId } : {}),
      });
      return c.json({ ...response, parsed: { ...response.parsed, where: response.parsed.where ?? null } }, 200);
    },
  );
  return app;
}
