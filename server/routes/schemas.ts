import { z } from '@hono/zod-openapi';

/** Shared OpenAPI schemas for responses. */
export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      field: z.string().optional(),
      requestId: z.string().optional(),
    }),
  })
  .openapi('Error');

export const CustomerIdParam = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ or -, at most 64')
    .openapi({ param: { name: 'id', in: 'path' }, example: 'C000001' }),
});
