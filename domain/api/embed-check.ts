import { z } from 'zod';

/**
 * POST /api/embed/check: why an embedded widget cannot work on this page, in codes the widget turns
 * into words a site owner can act on. Open to every origin (it says only what the caller already
 * knows: its own origin and its own token), so it answers even when CORS blocks the chat.
 */
const EMBED_PROBLEMS = [
  'origin_not_allowed',
  'token_missing',
  'token_expired',
  'token_invalid',
  'customer_not_found',
] as const;
export type EmbedProblem = (typeof EMBED_PROBLEMS)[number];

export const EmbedCheckSchema = z.object({
  /** The Origin header the server saw (null when the browser sent none). */
  origin: z.string().nullable(),
  ok: z.boolean(),
  problems: z.array(z.enum(EMBED_PROBLEMS)),
  /** The customer the token is for, when it is a valid customer token. */
  customerId: z.string().optional(),
});
export type EmbedCheck = z.infer<typeof EmbedCheckSchema>;
