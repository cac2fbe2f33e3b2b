import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, type App } from '../http/env.ts';
import { requireDep, type AppDeps } from '../deps.ts';
import { NotFoundError } from '../../lib/errors/index.ts';
import type { InsightsService } from '../insights/service.ts';
import { loadAccessibleCustomer } from './customers.ts';
import { CustomerIdParam, ErrorSchema } from './schemas.ts';

const Figures = z.record(z.string(), z.union([z.number(), z.string()]));
const InsightSchema = z.object({
  kind: z.enum([
    'spending_trend',
    'high_frequency',
    'subscriptions',
    'overspending',
    'rising_utilization',
    'overdraft',
    'savings',
  ]),
  severity: z.enum(['info', 'warning']),
  text: z.string(),
  figures: Figures,
});
const InsightsResponseSchema = z
  .object({
    customerId: z.string(),
    source: z.enum(['synthetic', 'file']),
    period: z.object({ from: z.string(), to: z.string(), months: z.number() }),
    currency: z.string(),
    series: z.object({
      months: z.array(z.string()),
      income: z.array(z.number()),
      spend: z.array(z.number()),
      byCategory: z.record(z.string(), z.array(z.number())),
      utilization: z.array(z.number().nullable()),
    }),
    trends: z.array(
      z.object({
        category: z.string(),
        recentMonthly: z.number(),
        previousMonthly: z.number(),
        changePct: z.number().nullable(),
        direction: z.enum(['up', 'down', 'flat']),
      }),
    ),
    highFrequency: z.array(z.object({ category: z.string(), perMonth: z.number(), avgAmount: z.number() })),
    subscriptions: z.object({
      count: z.number(),
      monthlyTotal: z.number(),
      items: z.array(z.object({ merchant: z.string(), monthly: z.number(), firstMonth: z.string() })),
    }),
    alerts: z.array(InsightSchema),
    insights: z.array(InsightSchema),
    summary: z.string(),
    features: z.record(z.string(), z.unknown()),
  })
  .openapi('Insights');

const errors = {
  401: { description: 'no credential', content: { 'application/json': { schema: ErrorSchema } } },
  403: { description: 'another customer', content: { 'application/json': { schema: ErrorSchema } } },
  404: {
    description: 'no such customer, or no transactions for them',
    content: { 'application/json': { schema: ErrorSchema } },
  },
  503: {
    description: 'insights not configured on this server',
    content: { 'application/json': { schema: ErrorSchema } },
  },
};

/** GET /api/customers/:id/insights — RM: any customer; customer token: only its own id. */
export function insightRoutes(deps: AppDeps): App {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/customers/{id}/insights',
      tags: ['customers'],
      security: [{ bearer: [] }],
      summary:
        'Spending trends, high-frequency expenses, subscriptions and alerts, each with the figures it is computed from',
      request: { params: CustomerIdParam },
      responses: {
        200: { description: 'insights', content: { 'application/json': { schema: InsightsResponseSchema } } },
        ...errors,
      },
    }),
    async (c) => {
      const service = requireDep(deps.insights as InsightsService | undefined, 'insights (transactions)');
      const customer = await loadAccessibleCustomer(c, deps, c.req.valid('param').id);
      const insights = await service.forCustomer(customer);
      if (!insights) throw new NotFoundError(`no transactions for customer ${customer.id}`);
      return c.json({ ...insights, source: service.source } as z.infer<typeof InsightsResponseSchema>, 200);
    },
  );
  return app;
}
