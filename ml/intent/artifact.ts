import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { IncompatibleError } from '../../lib/errors/index.ts';
import type { EmbedderInfo } from '../embedder/embedder.ts';
import type { LogisticModel } from './logistic.ts';

/**
 * The trained intent classifier on disk: JSON with base64 Float32 weights, a schema version, and
 * the embedder it was trained on (id, kind, dim, ONNX sha256). Loading it beside another embedder
 * is refused — the weights are meaningless on other vectors.
 */
export const INTENT_SCHEMA_VERSION = 1;

const ArtifactSchema = z.object({
  schemaVersion: z.literal(INTENT_SCHEMA_VERSION),
  kind: z.literal('intent-logistic-regression'),
  embedder: z.object({
    id: z.string(),
    kind: z.enum(['minilm', 'offline']),
    dim: z.number().int(),
    fileHash: z.string(),
  }),
  labels: z.array(z.string()).min(2),
  C: z.number(),
  trainedOn: z.object({ dataset: z.string(), rows: z.number().int() }),
  metrics: z.object({ accuracy: z.number(), macroF1: z.number(), testRows: z.number().int() }),
  createdAt: z.string(),
  iterations: z.number().int(),
  weights: z.string(),
  bias: z.string(),
});
export type IntentArtifact = z.infer<typeof ArtifactSchema>;

export interface LoadedIntentModel {
  meta: Omit<IntentArtifact, 'weights' | 'bias'>;
  model: LogisticModel;
}

export const intentArtifactPath = (artifactsDir: string, kind: EmbedderInfo['kind']) =>
  join(artifactsDir, 'intent', `classifier-${kind}.json`);

const toB64 = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
const fromB64 = (s: string) => {
  const buf = Buffer.from(s, 'base64');
  return new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
};

export async function saveIntentModel(
  file: string,
  model: LogisticModel,
  meta: Omit<IntentArtifact, 'weights' | 'bias' | 'schemaVersion' | 'kind' | 'createdAt' | 'iterations'>,
): Promise<void> {
  const artifact: IntentArtifact = {
    schemaVersion: INTENT_SCHEMA_VERSION,
    kind: 'intent-logistic-regression',
    ...meta,
    createdAt: new Date().toISOString(),
    iterations: model.iterations,
    weights: toB64(model.weights),
    bias: toB64(model.bias),
  };
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, JSON.stringify(artifact));
  await rename(tmp, file);
}

export async function loadIntentModel(file: string, embedder: EmbedderInfo): Promise<LoadedIntentModel> {
  if (!existsSync(file))
    throw new IncompatibleError(
      `intent classifier ${file} not found: run npm run train:intent (or npm start, which trains it)`,
    );
  const raw = JSON.parse(await readFile(file, 'utf8')) as { schemaVersion?: unknown };
  if (raw.schemaVersion !== INTENT_SCHEMA_VERSION) {
    throw new IncompatibleError(
      `intent classifier ${file} has schema version ${String(raw.schemaVersion)}, expected ${INTENT_SCHEMA_VERSION}: rerun npm run train:intent`,
    );
  }
  const a = ArtifactSchema.parse(raw);
  if (a.embedder.fileHash !== embedder.fileHash || a.embedder.dim !== embedder.dim) {
    throw new IncompatibleError(
      `intent classifier ${file} was trained on ${a.embedder.id} (sha256 ${a.embedder.fileHash.slice(0, 12)}…), not the running embedder ${embedder.id} (sha256 ${embedder.fileHash.slice(0, 12)}…): rerun npm run train:intent`,
    );
  }
  const { weights, bias, ...meta } = a;
  const model: LogisticModel = {
    classes: a.labels.length,
    dim: a.embedder.dim,
    weights: fromB64(weights),
    bias: fromB64(bias),
    iterations: a.iterations,
    finalLoss: NaN,
  };
  if (model.weights.length !== model.classes * model.dim)
    throw new IncompatibleError(
      `intent classifier ${file}: weights have ${model.weights.length} values, expected ${model.classes}×${model.dim}`,
    );
  return { meta, model };
}
