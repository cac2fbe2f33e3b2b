import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, type App } from '../http/env.ts';
import { requireDep, type AppDeps } from '../deps.ts';
import { requireAny } from '../http/auth.ts';
import { ForbiddenError, NotFoundError } from '../../lib/errors/index.ts';
import { AUDIT_ID_PATTERN, type FeedbackStore } from '../feedback/store.ts';
import { ErrorSchema } from './schemas.ts';

/** What the feedback route needs from the audit log, when present: look an answer up by id. */
interface AuditLookup {
  get(auditId: string): Promise<{ customerId?: string; principal?: { id: string } } | undefined>;
}

const Body = z
  .object({
    auditId: z
      .string()
      .regex(AUDIT_ID_PATTERN, 'the audit id of an answer (data-meta auditId)')
      .openapi({ example: 'a1b2c3' }),
    rating: z.enum(['up', 'down']),
    comment: z.string().trim().max(2000, 'at most 2000 characters').optional(),
  })
  .strict()
  .openapi('FeedbackRequest');

const Stored = z
  .object({ id: z.string(), auditId: z.string(), rating: z.enum(['up', 'down']), createdAt: z.string() })
  .openapi('FeedbackStored');

/**
 * POST /api/feedback — any signed-in caller (RM or customer) rates an answer by its audit id.
 * With the audit log wired in, an unknown audit id is 404 and only the principal the answer was
 * given to may rate it (403).
 */
export function feedbackRoutes(deps: AppDeps): App {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/feedback',
      tags: ['chat'],
      security: [{ bearer: [] }],
      summary: 'Thumbs up/down and an optional comment on an answer, stored append-only with its audit id',
      request: { body: { required: true, content: { 'application/json': { schema: Body } } } },
      responses: {
        201: { description: 'stored', content: { 'application/json': { schema: Stored } } },
        400: { description: 'bad input (names the field)', content: { 'application/json': { schema: ErrorSchema } } },
        401: { description: 'no credential', content: { 'application/json': { schema: ErrorSchema } } },
        403: {
          description: 'an answer given to someone else',
          content: { 'application/json': { schema: ErrorSchema } },
        },
        404: { description: 'no answer with that audit id', content: { 'application/json': { schema: ErrorSchema } } },
        503: { description: 'feedback store not configured', content: { 'application/json': { schema: ErrorSchema } } },
      },
    }),
    async (c) => {
      const principal = requireAny(c);
      const store = requireDep(deps.feedback as FeedbackStore | undefined, 'feedback store');
      const input = c.req.valid('json');
      const audit = deps.audit as Partial<AuditLookup> | undefined;
      if (audit && typeof audit.get === 'function') {
        const entry = await audit.get(input.auditId);
        if (!entry) throw new NotFoundError(`auditId: no answer with audit id ${input.auditId}`);
        // Only whoever got the answer rates it: not another customer, not a customer rating an
        // RM-mode answer about them, not another RM.
        if (entry.principal?.id !== principal.id)
          throw new ForbiddenError('only the caller who got an answer may rate it');
      }
      const by =
        principal.role === 'customer'
          ? { role: 'customer' as const, id: principal.customerId }
          : { role: principal.role, id: principal.id };
      const record = await store.add(input, by);
      return c.json(
        { id: record.id, auditId: record.auditId, rating: record.rating, createdAt: record.createdAt },
        201,
      );
    },
  );
  return app;
}
