/**
 * Recommendation wire shapes, defined once: the recommender returns `Recommendations`; the
 * routes send `RecommendationsResponse` (each item and exclusion with its catalog entry); the
 * console reads the same type.
 */
import { z } from 'zod';
import { ProductSchema } from '../product.ts';

/** Shapley value of one feature group for one product's score. */
const ShapContributionSchema = z.object({
  /** Feature group id, e.g. `income`, `credit`, `age_life_stage`, `risk_tolerance`, `products_held`. */
  group: z.string(),
  /** Human label, e.g. "Income". */
  label: z.string(),
  /** The customer's value in words ("£82,000 a year"). */
  featureValue: z.string(),
  value: z.number(),
});
type ShapContribution = z.infer<typeof ShapContributionSchema>;

const ShapExplanationSchema = z.object({
  /** Expected score over the background sample. */
  baseValue: z.number(),
  /** Sum of contributions = score − baseValue (efficiency, |error| ≤ 1e-4). */
  contributions: z.array(ShapContributionSchema),
  method: z.enum(['exact', 'permutation']),
});
export type ShapExplanation = z.infer<typeof ShapExplanationSchema>;

const ProductRecommendationSchema = z.object({
  productId: z.string(),
  rank: z.number(),
  /** Model score: the two-stage logit when the ranking stage serves, else the temperature-scaled cosine. */
  score: z.number(),
  /** Raw cosine similarity of the two towers' embeddings. */
  similarity: z.number(),
  explanation: ShapExplanationSchema.optional(),
});
export type ProductRecommendation = z.infer<typeof ProductRecommendationSchema>;

const ExclusionSchema = z.object({
  productId: z.string(),
  /** The suitability rule's id (ml/recommender/suitability.ts); shown in words via domain/format. */
  rule: z.string(),
  /** Why, with the numbers: "risk level 4 above tolerance 'low' (max 2)". */
  detail: z.string(),
});
export type Exclusion = z.infer<typeof ExclusionSchema>;

const RecommendationsSchema = z.object({
  customerId: z.string().optional(),
  items: z.array(ProductRecommendationSchema),
  excluded: z.array(ExclusionSchema),
  /** Artifact version + model variant, for the audit trail. */
  modelVersion: z.string(),
});
export type Recommendations = z.infer<typeof RecommendationsSchema>;

/** What the recommendation routes send: each item and exclusion with its catalog entry. */
export const RecommendationsResponseSchema = RecommendationsSchema.extend({
  items: z.array(ProductRecommendationSchema.extend({ product: ProductSchema.optional() })),
  excluded: z.array(ExclusionSchema.extend({ product: ProductSchema.optional() })),
});
export type RecommendationsResponse = z.infer<typeof RecommendationsResponseSchema>;
