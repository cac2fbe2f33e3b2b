import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, type App } from '../http/env.ts';
import type { AppDeps } from '../deps.ts';
import { assertCanSee, mintCustomerToken, requireStaff } from '../http/auth.ts';
import { NotFoundError } from '../../lib/errors/index.ts';
import { ErrorSchema } from './schemas.ts';

/** POST /api/auth/customer-token (staff, for a customer they may see): mint a customer JWT for demos and the widget. */
export function authRoutes(deps: AppDeps): App {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/auth/customer-token',
      tags: ['auth'],
      security: [{ bearer: [] }],
      request: {
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.object({
                customerId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ or -, at most 64'),
                ttlSeconds: z
                  .number()
                  .int()
                  .min(60)
                  .max(7 * 24 * 3600)
                  .default(3600),
              }),
            },
          },
        },
      },
      responses: {
        200: {
          description: 'token',
          content: {
            'application/json': {
              schema: z.object({ token: z.string(), customerId: z.string(), expiresAt: z.string() }),
            },
          },
        },
        401: { description: 'no credential', content: { 'application/json': { schema: ErrorSchema } } },
        403: {
          description: 'not an RM, or a customer outside your book',
          content: { 'application/json': { schema: ErrorSchema } },
        },
        404: { description: 'no such customer', content: { 'application/json': { schema: ErrorSchema } } },
      },
    }),
    async (c) => {
      const staff = requireStaff(c);
      const { customerId, ttlSeconds } = c.req.valid('json');
      const customer = await deps.customers.get(customerId, c.get('signal'));
      if (!customer) throw new NotFoundError(`customer ${customerId} not found`);
      // A token for a customer is a way to read them: only for customers the RM may see.
      assertCanSee(staff, customer);
      const { token, expiresAt } = await mintCustomerToken(deps.config.jwtSecret, customerId, ttlSeconds);
      return c.json({ token, customerId, expiresAt }, 200);
    },
  );
  return app;
}
