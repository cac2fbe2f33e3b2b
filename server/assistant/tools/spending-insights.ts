import { z } from 'zod';
import { ForbiddenError } from '../../../lib/errors/index.ts';
import { defineTool } from './types.ts';

const InsightSchema = z.object({ kind: z.string(), severity: z.string(), text: z.string() });

/** The signed-in customer's spending insights from their transactions (the insights service). */
export const spendingInsightsTool = defineTool({
  name: 'spending_insights',
  description: "The signed-in customer's spending: summary, alerts and insights from their recent transactions.",
  scope: 'customer',
  input: z.object({}),
  output: z.object({
    available: z.boolean(),
    period: z.object({ from: z.string(), to: z.string() }).optional(),
    summary: z.string().optional(),
    alerts: z.array(InsightSchema),
    insights: z.array(InsightSchema),
  }),
  async run(ctx) {
    if (!ctx.customer) throw new ForbiddenError('no signed-in customer');
    const g = ctx.insights ? await ctx.insights.forChat(ctx.customer) : undefined;
    if (!g) return { available: false, alerts: [], insights: [] };
    const pick = (xs: typeof g.alerts) => xs.map((x) => ({ kind: x.kind, severity: x.severity, text: x.text }));
    return {
      available: true,
      period: { from: g.period.from, to: g.period.to },
      summary: g.summary,
      alerts: pick(g.alerts),
      insights: pick(g.insights),
    };
  },
  facts: (out) =>
    out.available
      ? [
          `spending ${out.period?.from} to ${out.period?.to}: ${out.summary}`,
          ...out.alerts.map((a) => `alert (${a.kind}): ${a.text}`),
          ...out.insights.map((i) => `insight (${i.kind}): ${i.text}`),
        ]
      : ['no transactions on file'],
});
