import type { Grounding } from './types.ts';

export interface AnswerSchemaLimits {
  answerMaxChars: number;
  fieldMaxChars: number;
  maxRecommendations: number;
  /** Force a minimum answer length (the chat bench uses it so runs generate comparable, long outputs). */
  answerMinChars?: number;
  /** Force at least this many recommendations (tests use 1 to exercise guardrails on real output). */
  minRecommendations?: number;
}
export const DEFAULT_LIMITS: AnswerSchemaLimits = { answerMaxChars: 1500, fieldMaxChars: 400, maxRecommendations: 3 };

/** Product ids the answer may recommend: the recommender's suitable items only (never exclusions). */
export function groundedProductIds(g: Grounding): string[] {
  return [...new Set(g.recommendations?.items.map((i) => i.productId) ?? [])];
}

/**
 * JSON schema (node-llama-cpp's GBNF subset) for AnswerSchema. `answer` comes first so it can be
 * streamed. With `constrainProducts`, `productId` is an enum of grounded ids — defence in depth;
 * guardrails still check every answer.
 */
export function answerJsonSchema(g: Grounding, limits: AnswerSchemaLimits = DEFAULT_LIMITS, constrainProducts = true) {
  const ids = groundedProductIds(g);
  const productId = constrainProducts && ids.length ? { enum: ids } : { type: 'string', maxLength: 64 };
  return {
    type: 'object',
    properties: {
      answer: {
        type: 'string',
        maxLength: limits.answerMaxChars,
        ...(limits.answerMinChars ? { minLength: limits.answerMinChars } : {}),
      },
      recommendations: {
        type: 'array',
        maxItems: constrainProducts && ids.length === 0 ? 0 : limits.maxRecommendations,
        ...(limits.minRecommendations ? { minItems: limits.minRecommendations } : {}),
        items: {
          type: 'object',
          properties: {
            productId,
            why: { type: 'string', maxLength: limits.fieldMaxChars },
            risks: { type: 'string', maxLength: limits.fieldMaxChars },
          },
        },
      },
    },
  } as const;
}
