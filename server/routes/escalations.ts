import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, type App } from '../http/env.ts';
import { requireDep, type AppDeps } from '../deps.ts';
import { canSee, requireStaff } from '../http/auth.ts';
import type { AuditLog } from '../audit/index.ts';
import { ErrorSchema } from './schemas.ts';

/** Characters of the customer's message shown in the list (the full text stays in the audit log). */
const MESSAGE_EXCERPT_CHARS = 200;

const Query = z.object({
  limit: z.coerce
    .number()
    .int('limit: a whole number')
    .min(1, 'limit: at least 1')
    .max(500, 'limit: at most 500')
    .default(50)
    .openapi({ example: 50 }),
});

const Escalation = z
  .object({
    auditId: z.string(),
    time: z.string(),
    customerId: z.string().nullable(),
    mode: z.enum(['customer', 'rm']),
    intent: z.string(),
    confidence: z.number(),
    reason: z.string().nullable().openapi({ description: 'fraud, dispute or complaint (server/intent/routes.ts)' }),
    message: z.string().openapi({ description: `first ${MESSAGE_EXCERPT_CHARS} characters of the message` }),
  })
  .openapi('Escalation');
const Response = z.object({ escalations: z.array(Escalation) }).openapi('Escalations');

/**
 * GET /api/rm/escalations?limit=50 — staff only; an RM gets their own book's customers'. Answers whose message the intent classifier flagged
 * for human escalation (complaints, disputes, fraud-like intents), read from the append-only
 * audit log, newest first.
 */
export function escalationRoutes(deps: AppDeps): App {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/rm/escalations',
      tags: ['rm'],
      security: [{ bearer: [] }],
      summary:
        'Chat messages flagged for human escalation (fraud, disputes, complaints), newest first, from the audit log',
      request: { query: Query },
      responses: {
        200: { description: 'escalations', content: { 'application/json': { schema: Response } } },
        400: { description: 'bad limit', content: { 'application/json': { schema: ErrorSchema } } },
        401: { description: 'no credential', content: { 'application/json': { schema: ErrorSchema } } },
        403: { description: 'not an RM', content: { 'application/json': { schema: ErrorSchema } } },
        503: { description: 'no audit log on this server', content: { 'application/json': { schema: ErrorSchema } } },
      },
    }),
    async (c) => {
      const staff = requireStaff(c);
      const audit = requireDep(deps.audit as AuditLog | undefined, 'audit log');
      if (typeof audit.escalations !== 'function') requireDep(undefined, 'audit log with escalations');
      const { limit } = c.req.valid('query');
      let records = await audit.escalations!(staff.role === 'supervisor' ? limit : Math.min(5000, limit * 20));
      if (staff.role !== 'supervisor') {
        // An RM sees the escalations of their own book's customers (read further back, then filtered).
        const ids = [...new Set(records.flatMap((r) => (r.customerId ? [r.customerId] : [])))];
        const signal = c.get('signal');
        const visible = new Set<string>();
        await Promise.all(
          ids.map(async (id) => {
            const customer = deps.book?.current()?.get(id) ?? (await deps.customers.get(id, signal));
            if (customer && canSee(staff, customer)) visible.add(id);
          }),
        );
        records = records.filter((r) => r.customerId !== undefined && visible.has(r.customerId)).slice(0, limit);
      }
      return c.json(
        {
          escalations: records.map((r) => ({
            auditId: r.auditId,
            time: r.at,
            customerId: r.customerId ?? null,
            mode: r.mode,
            intent: r.intent!.label,
            confidence: r.intent!.confidence,
            reason: r.intent!.escalationReason ?? null,
            message: [...r.message].slice(0, MESSAGE_EXCERPT_CHARS).join(''), // whole code points
          })),
        },
        200,
      );
    },
  );
  return app;
}
