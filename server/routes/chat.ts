import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, type App } from '../http/env.ts';
import { requireDep, type AppDeps } from '../deps.ts';
import { ForbiddenError, ValidationError } from '../../lib/errors/index.ts';
import { customerIdFor, requireAny, requireStaff } from '../http/auth.ts';
import { loadAccessibleCustomer } from './customers.ts';
import { chatEventChunks } from '../assistant/stream-parts.ts';
import { uiMessageStreamResponse } from '../http/ui-message-stream.ts';
import { ConcurrencyLimiter } from '../http/rate-limit.ts';
import { ErrorSchema } from './schemas.ts';

/** Longest wait for the first chat event before the SSE headers go out. */
const FIRST_EVENT_WAIT_MS = 5_000;

const Message = z.string().trim().min(1, 'required').max(4000, 'at most 4000 characters');
const UiPart = z.object({ type: z.string(), text: z.string().optional() }).passthrough();
const UiMessage = z
  .object({
    role: z.enum(['system', 'user', 'assistant']),
    content: z.string().optional(),
    parts: z.array(UiPart).optional(),
  })
  .passthrough();

/** Our body, or the AI SDK's `{ id, messages }` (useChat's default transport), plus our fields. */
const ChatBodySchema = z
  .object({
    mode: z.enum(['customer', 'rm']).optional(),
    conversationId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,100}$/)
      .optional(),
    customerId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/)
      .optional(),
    message: Message.optional(),
    id: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,100}$/)
      .optional(),
    messages: z.array(UiMessage).max(200).optional(),
  })
  .openapi('ChatRequest');

function lastUserText(messages: z.infer<typeof UiMessage>[] | undefined): string | undefined {
  const m = [...(messages ?? [])].reverse().find((x) => x.role === 'user');
  if (!m) return undefined;
  return (
    m.content ??
    m.parts
      ?.filter((p) => p.type === 'text')
      .map((p) => p.text ?? '')
      .join('')
  );
}

/** POST /api/chat: grounded advice streamed as the AI SDK UI-message stream (v1). */
export function chatRoutes(deps: AppDeps): App {
  const app = createRouter();
  const open = new ConcurrencyLimiter(deps.config.chatsPerPrincipal);
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/chat',
      tags: ['chat'],
      security: [{ bearer: [] }],
      request: { body: { required: true, content: { 'application/json': { schema: ChatBodySchema } } } },
      responses: {
        200: {
          description:
            'SSE, AI SDK UI-message stream v1: start, text-*, data-recommendations, data-meta, finish, [DONE]',
          content: { 'text/event-stream': { schema: z.string() } },
        },
        400: { description: 'bad input', content: { 'application/json': { schema: ErrorSchema } } },
        401: { description: 'no credential', content: { 'application/json': { schema: ErrorSchema } } },
        403: {
          description: 'wrong role or another customer',
          content: { 'application/json': { schema: ErrorSchema } },
        },
        429: {
          description: 'generation queue full (queuePosition, Retry-After), or this caller has too many chats open',
          content: { 'application/json': { schema: ErrorSchema } },
        },
        503: { description: 'no generator configured', content: { 'application/json': { schema: ErrorSchema } } },
      },
    }),
    async (c) => {
      const principal = requireAny(c);
      const body = c.req.valid('json');
      const message = Message.safeParse(body.message ?? lastUserText(body.messages));
      if (!message.success)
        throw new ValidationError(
          body.messages ? 'messages' : 'message',
          message.error.issues[0]?.message ?? 'required',
        );
      const mode = body.mode ?? (principal.role === 'customer' ? 'customer' : 'rm');
      let customerId: string | undefined;
      if (mode === 'customer') {
        if (principal.role !== 'customer')
          throw new ForbiddenError('customer mode needs a customer token (RMs use mode "rm")');
        customerId = customerIdFor(c, body.customerId);
      } else {
        requireStaff(c);
        // The client the console has open: 404 or 403 (not in your book) now, not a vaguer answer later.
        if (body.customerId !== undefined) await loadAccessibleCustomer(c, deps, body.customerId);
        customerId = body.customerId;
      }
      const service = requireDep(deps.chat, 'chat generator');
      const text = message.data;
      const release = open.enter(principal.id);
      try {
        return await streamChat();
      } catch (err) {
        release();
        throw err;
      }

      async function streamChat(): Promise<Response> {
        // Generation is aborted when the client disconnects (request signal or stream cancel).
        const ac = new AbortController();
        const onClientGone = () => ac.abort(new Error('client disconnected'));
        c.req.raw.signal?.addEventListener('abort', onClientGone, { once: true });
        // The request deadline (app middleware) covers the wait for the first event; generation has its own timeout.
        const signal = AbortSignal.any([ac.signal, c.get('signal')]);
        const chunks = chatEventChunks(
          service
            .chat(
              {
                mode,
                principal,
                conversationId: body.conversationId ?? body.id,
                customerId,
                message: text,
                requestId: c.get('requestId'),
              },
              signal,
            )
            [Symbol.asyncIterator](),
        );
        // Wait briefly for the first chunk before answering, so refusals (404, 403, 429 queue full)
        // are plain HTTP errors; a slow first token (long prompt evaluation on CPU) must not hold
        // the headers past the request deadline, so after FIRST_EVENT_WAIT_MS the stream starts anyway.
        const first = chunks.next();
        first.catch(() => {}); // handled below or in the stream
        const waited = await Promise.race([
          first.then(
            () => 'chunk' as const,
            (err) => ({ err }),
          ),
          new Promise<'timer'>((r) =>
            setTimeout(() => r('timer'), Math.min(FIRST_EVENT_WAIT_MS, deps.config.requestTimeoutMs / 2)),
          ),
        ]);
        if (typeof waited === 'object') {
          c.req.raw.signal?.removeEventListener('abort', onClientGone);
          throw waited.err;
        }
        return uiMessageStreamResponse({
          chunks,
          first,
          signal,
          onCancel: onClientGone,
          onClose: release,
          log: deps.log,
          requestId: c.get('requestId'),
        });
      }
    },
  );
  return app;
}
