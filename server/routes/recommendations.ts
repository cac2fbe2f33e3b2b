import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, type App } from '../http/env.ts';
import { requireDep, type AppDeps } from '../deps.ts';
import { requireAny } from '../http/auth.ts';
import { CustomerSchema, type Customer, type Product } from '../../domain/index.ts';
import { RecommendationsResponseSchema } from '../../domain/api/recommendations.ts';
import type { Recommendations } from '../../ml/recommender/types.ts';
import { CustomerIdParam, ErrorSchema } from './schemas.ts';
import { loadAccessibleCustomer } from './customers.ts';

const RecommendationsSchema = RecommendationsResponseSchema.openapi('Recommendations');

const errors = {
  400: { description: 'bad input', content: { 'application/json': { schema: ErrorSchema } } },
  401: { description: 'no credential', content: { 'application/json': { schema: ErrorSchema } } },
  403: { description: 'another customer', content: { 'application/json': { schema: ErrorSchema } } },
  404: { description: 'no such customer', content: { 'application/json': { schema: ErrorSchema } } },
  429: {
    description: 'the recommender worker queue is full (Retry-After)',
    content: { 'application/json': { schema: ErrorSchema } },
  },
  503: {
    description: 'recommender or Chroma unavailable (Retry-After)',
    content: { 'application/json': { schema: ErrorSchema } },
  },
};

/** Attach catalog details to each recommended and excluded product. */
function withProducts(recs: Recommendations, products: Product[]) {
  const byId = new Map(products.map((p) => [p.id, p]));
  return {
    ...recs,
    items: recs.items.map((i) => ({ ...i, product: byId.get(i.productId) })),
    excluded: recs.excluded.map((e) => ({ ...e, product: byId.get(e.productId) })),
  };
}

const AdHocProfile = CustomerSchema.extend({
  id: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .default('adhoc'),
  name: z.string().min(1).max(120).default('Ad-hoc profile'),
  productsHeld: z.array(z.string()).default([]),
  goals: CustomerSchema.shape.goals.default([]),
});

/** GET /api/customers/:id/recommendations?k=5 and POST /api/recommendations (ad-hoc profile). */
export function recommendationRoutes(deps: AppDeps): App {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/customers/{id}/recommendations',
      tags: ['recommendations'],
      security: [{ bearer: [] }],
      request: {
        params: CustomerIdParam,
        query: z.object({
          k: z.coerce.number().int().min(1).max(20).default(5),
          explain: z.enum(['true', 'false']).default('true'),
        }),
      },
      responses: {
        200: {
          description: 'two-tower top-k after suitability, with SHAP and exclusions',
          content: { 'application/json': { schema: RecommendationsSchema } },
        },
        ...errors,
      },
    }),
    async (c) => {
      const customer = await loadAccessibleCustomer(c, deps, c.req.valid('param').id);
      const { k, explain } = c.req.valid('query');
      const recommender = requireDep(deps.recommender, 'recommender');
      const recs = await recommender.recommend(customer, { k, explain: explain === 'true', signal: c.req.raw.signal });
      return c.json(withProducts({ ...recs, customerId: customer.id }, deps.products), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/recommendations',
      tags: ['recommendations'],
      security: [{ bearer: [] }],
      request: {
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.object({
                profile: AdHocProfile,
                k: z.number().int().min(1).max(20).default(5),
                explain: z.boolean().default(true),
              }),
            },
          },
        },
      },
      responses: {
        200: {
          description: 'recommendations for an ad-hoc profile',
          content: { 'application/json': { schema: RecommendationsSchema } },
        },
        ...errors,
      },
    }),
    async (c) => {
      requireAny(c);
      const { profile, k, explain } = c.req.valid('json');
      const recommender = requireDep(deps.recommender, 'recommender');
      // The id is only a label here; never look anything up by it (a customer could name another id).
      const customer: Customer = { ...profile, id: 'adhoc' };
      const recs = await recommender.recommend(customer, { k, explain, signal: c.req.raw.signal });
      return c.json(withProducts({ ...recs, customerId: undefined }, deps.products), 200);
    },
  );
  return app;
}
