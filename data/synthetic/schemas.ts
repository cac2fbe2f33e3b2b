import { z } from 'zod';
import { PRODUCT_CATEGORIES } from '../../domain/index.ts';

/** Version of the synthetic dataset layout; bump when a file's shape or the model changes. */
export const SYNTHETIC_SCHEMA_VERSION = 2;

export const SYNTHETIC_FILES = {
  customers: 'customers.jsonl',
  preferences: 'preferences.jsonl',
  adoptions: 'adoptions.jsonl',
  products: 'products.json',
  manifest: 'manifest.json',
} as const;

/** One line of preferences.jsonl: hidden, for evaluation only — never a model feature. */
export const PreferencesSchema = z.object({
  id: z.string().min(1),
  taste: z.array(z.number()),
  categoryAffinity: z.record(z.enum(PRODUCT_CATEGORIES), z.number()),
  productAffinity: z.record(z.string(), z.number()),
});

/** One line of adoptions.jsonl: products added in the NEXT period (may be empty). */
export const AdoptionSchema = z.object({
  id: z.string().min(1),
  added: z.array(z.string()),
});
export type Adoption = z.infer<typeof AdoptionSchema>;

const FileInfoSchema = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().min(0),
  lines: z.number().int().min(0),
});

export const ManifestSchema = z.object({
  schemaVersion: z.literal(SYNTHETIC_SCHEMA_VERSION),
  generator: z.literal('meridian-synthetic'),
  seed: z.number().int(),
  count: z.number().int().min(0),
  files: z.record(z.string(), FileInfoSchema),
  stats: z.object({
    meanProductsHeld: z.number(),
    adders: z.number().int(),
    meanAddedPerAdder: z.number(),
  }),
});
export type Manifest = z.infer<typeof ManifestSchema>;
