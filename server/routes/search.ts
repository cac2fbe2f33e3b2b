import { createRoute, z } from '@hono/zod-openapi';
import type { App } from '../app.ts';
import { requireDep, type AppDeps } from '../deps.ts';
import { requireRm } from '../http/auth.ts';
import { ErrorSchema } from './schemas.ts';

const ScoresSchema = z.object({
  dense: z.number().nullable(),
  lexical: z.number().nullable(),
  fused: z.number(),
  rerank: z.number().nullable(),
});
export const SearchResponseSchema = z
  .object({
    query: z.string(),
    parsed: z.object({
      constraints: z.array(
        z.object({
          field: z.string(),
          op: z.string(),
          value: z.union([z.number(), z.string(), z.array(z.string())]),
          text: z.string(),
        }),
      ),
      where: z.record(z.string(), z.unknown()).nullable(),
      semanticQuery: z.string(),
      unparsed: z.array(z.string()),
    }),
    results: z.array(
      z.object({
        customerId: z.string(),
        summary: z.string(),
        scores: ScoresSchema,
        reason: z.string(),
        metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
      }),
    ),
    timings: z.object({
      parse: z.number(),
      embed: z.number(),
      vector: z.number(),
      bm25: z.number(),
      fuse: z.number(),
      rerank: z.number(),
      total: z.number(),
    }),
    reranker: z.string(),
  })
  .openapi('SearchResponse');

/** POST /api/rm/search: natural-language RM search (filters + hybrid retrieval + rerank). */
export function register(app: App, deps: AppDeps) {
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
              schema: z.object({
                query: z
                  .string()
                  .trim()
                  .min(1, 'must not be empty')
                  .max(500, 'at most 500 characters')
                  .openapi({ example: 'customers with credit score over 750 interested in investment products' }),
                k: z.number().int().min(1).max(50).default(3),
                variant: z.enum(['dense', 'bm25', 'hybrid', 'hybrid+rerank']).default('hybrid+rerank'),
              }),
            },
          },
        },
      },
      responses: {
        200: { description: 'results', content: { 'application/json': { schema: SearchResponseSchema } } },
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
}
