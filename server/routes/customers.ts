import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, type App } from '../http/env.ts';
import { requireDep, type AppDeps } from '../deps.ts';
import { assertCanSee, audienceOf, canSee, customerIdFor, requireAny } from '../http/auth.ts';
import { NotFoundError } from '../../lib/errors/index.ts';
import { CustomerSchema, type Customer, viewCustomer } from '../../domain/index.ts';
import { CustomerIdParam, ErrorSchema } from './schemas.ts';
import type { Context } from 'hono';

const errors = {
  401: { description: 'no credential', content: { 'application/json': { schema: ErrorSchema } } },
  403: {
    description: 'another customer, or (an RM) a customer outside your book',
    content: { 'application/json': { schema: ErrorSchema } },
  },
  404: { description: 'no such customer', content: { 'application/json': { schema: ErrorSchema } } },
  503: { description: 'Chroma unavailable (Retry-After)', content: { 'application/json': { schema: ErrorSchema } } },
};

/**
 * Load a customer the caller may see (`canSee`: a customer token only its own id, an RM their book,
 * a supervisor anyone). The full record, for computing on: a route that returns customer fields
 * passes them through viewCustomer.
 */
export async function loadAccessibleCustomer(c: Context, deps: AppDeps, id: string): Promise<Customer> {
  const customerId = customerIdFor(c, id);
  const customer = await deps.customers.get(customerId, c.get('signal'));
  if (!customer) throw new NotFoundError(`customer ${customerId} not found`);
  assertCanSee(requireAny(c), customer);
  return customer;
}

/** GET /api/customers/:id and GET /api/customers/:id/embedding-map. */
export function customerRoutes(deps: AppDeps): App {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/customers/{id}',
      tags: ['customers'],
      security: [{ bearer: [] }],
      request: { params: CustomerIdParam },
      responses: {
        200: { description: 'profile', content: { 'application/json': { schema: CustomerSchema } } },
        ...errors,
      },
    }),
    async (c) => {
      const customer = await loadAccessibleCustomer(c, deps, c.req.valid('param').id);
      return c.json(viewCustomer(customer, audienceOf(requireAny(c))), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/customers/{id}/embedding-map',
      tags: ['customers'],
      security: [{ bearer: [] }],
      request: { params: CustomerIdParam },
      responses: {
        200: {
          description: '2-D projection of customers and products around this customer',
          content: {
            'application/json': {
              schema: z.object({
                customerId: z.string(),
                method: z.string(),
                points: z.array(
                  z.object({
                    id: z.string(),
                    kind: z.enum(['customer', 'product']),
                    x: z.number(),
                    y: z.number(),
                    label: z.string().optional(),
                  }),
                ),
              }),
            },
          },
        },
        ...errors,
      },
    }),
    async (c) => {
      const customer = await loadAccessibleCustomer(c, deps, c.req.valid('param').id);
      const map = await requireDep(deps.embeddingMap, 'embedding map (recommender artifacts)').forCustomer(
        customer,
        c.get('signal'),
      );
      // Products, and the customers the caller may see: a customer only themself, an RM their book.
      const principal = requireAny(c);
      const book = deps.book?.current();
      const points = map.points.filter((p) => {
        if (p.kind === 'product' || p.id === customer.id || principal.role === 'supervisor') return true;
        const other = book?.get(p.id);
        return other !== undefined && canSee(principal, other);
      });
      return c.json({ customerId: customer.id, method: map.method, points }, 200);
    },
  );
  return app;
}
