import { existsSync, readFileSync } from 'node:fs';
import type { Embedder } from '../embedder/embedder.ts';
import { createProgress } from '../../lib/progress/index.ts';
import { intentArtifactPath, INTENT_SCHEMA_VERSION, saveIntentModel } from './artifact.ts';
import { loadBanking77, undersample, type Banking77 } from './banking77.ts';
import { embedAll, fullTrain, LR_C } from './evaluate.ts';

/**
 * Train and save the chat's intent classifier only — the "full train" row of `npm run eval:intent`
 * without the MTEB 10-run protocol and the TF-IDF baseline: every banking77 training row embedded
 * with the given embedder, the same logistic regression (C = 1, 100 L-BFGS iterations), scored on
 * the test split (the artifact records its accuracy), saved to artifacts/intent/classifier-<kind>.json
 * tied to the embedder's sha256. Used by `npm run train:intent`, `server/main.ts --prepare` and
 * (on a per-label subset) the test stack.
 */
export interface TrainIntentOptions {
  artifactsDir: string;
  sharedDataDir: string;
  embedder: Embedder;
  /** Train on this many random rows per intent instead of all 10,003 (tests). */
  perLabel?: number;
  /** Score on this many test rows per intent instead of all 3,080 (tests). */
  testPerLabel?: number;
  /** Show an embedding progress bar and L-BFGS iteration lines (default true). */
  progress?: boolean;
  say?: (line: string) => void;
  data?: Banking77;
}

export interface TrainIntentResult {
  file: string;
  trainRows: number;
  testRows: number;
  accuracy: number;
  macroF1: number;
  iterations: number;
  seconds: { embed: number; fit: number; total: number };
}

export async function trainIntentClassifier(options: TrainIntentOptions): Promise<TrainIntentResult> {
  const { embedder } = options;
  const say = options.say ?? ((s: string) => process.stderr.write(`${s}\n`));
  const t0 = performance.now();
  const data = options.data ?? (await loadBanking77(options.sharedDataDir));
  const train = options.perLabel ? undersample(data.train, options.perLabel, 7).map((i) => data.train[i]!) : data.train;
  const test = options.testPerLabel
    ? undersample(data.test, options.testPerLabel, 7).map((i) => data.test[i]!)
    : data.test;
  const showProgress = options.progress !== false;
  const progress = showProgress
    ? createProgress({
        label: `intent: embed banking77 (${embedder.kind})`,
        total: train.length + test.length,
        unit: 'texts',
      })
    : undefined;
  const Xtr = await embedAll(
    embedder,
    train.map((e) => e.text),
    (n) => progress?.tick(n),
  );
  const Xte = await embedAll(
    embedder,
    test.map((e) => e.text),
    (n) => progress?.tick(n),
  );
  progress?.done();
  const tEmbed = performance.now();
  if (showProgress)
    say(
      `intent: fitting logistic regression on ${train.length} rows × ${embedder.dim} dims, ${data.labels.length} intents (≤ 100 L-BFGS iterations) …`,
    );
  const onIteration = showProgress
    ? (iter: number, loss: number) => {
        if (iter % 10 === 0) say(`intent: L-BFGS iteration ${iter}/100, loss ${loss.toFixed(1)}`);
      }
    : undefined;
  const full = fullTrain(Xtr, train, Xte, test, data.labels.length, onIteration);
  const tFit = performance.now();
  const file = intentArtifactPath(options.artifactsDir, embedder.kind);
  await saveIntentModel(file, full.model, {
    embedder: { id: embedder.id, kind: embedder.kind, dim: embedder.dim, fileHash: embedder.fileHash },
    labels: data.labels,
    C: LR_C,
    trainedOn: {
      dataset: options.perLabel ? `banking77/train.csv (${options.perLabel} per intent)` : 'banking77/train.csv',
      rows: train.length,
    },
    metrics: { accuracy: full.accuracy, macroF1: full.macroF1, testRows: full.testRows },
  });
  const s = (a: number, b: number) => Math.round((b - a) / 100) / 10;
  return {
    file,
    trainRows: train.length,
    testRows: test.length,
    accuracy: full.accuracy,
    macroF1: full.macroF1,
    iterations: full.model.iterations,
    seconds: { embed: s(t0, tEmbed), fit: s(tEmbed, tFit), total: s(t0, performance.now()) },
  };
}

/**
 * Why the saved classifier cannot serve this embedder, or undefined when it can: missing, another
 * schema version, or trained on another embedder (sha256 / dimension).
 */
export function intentArtifactProblem(
  artifactsDir: string,
  embedder: Pick<Embedder, 'kind' | 'fileHash' | 'dim'>,
): string | undefined {
  const file = intentArtifactPath(artifactsDir, embedder.kind);
  if (!existsSync(file)) return `${file} is missing`;
  try {
    // Only the header fields are needed; the weights are a few MB of base64 — parsing once at startup is fine.
    const a = JSON.parse(readFileSync(file, 'utf8')) as {
      schemaVersion?: unknown;
      embedder?: { fileHash?: unknown; dim?: unknown };
    };
    if (a.schemaVersion !== INTENT_SCHEMA_VERSION)
      return `${file} has schema version ${String(a.schemaVersion)}, expected ${INTENT_SCHEMA_VERSION}`;
    if (a.embedder?.fileHash !== embedder.fileHash || a.embedder?.dim !== embedder.dim) {
      return `${file} was trained for another embedder (sha256 ${String(a.embedder?.fileHash).slice(0, 12)}…, running ${embedder.fileHash.slice(0, 12)}…)`;
    }
  } catch (err) {
    return `${file} is unreadable (${(err as Error).message})`;
  }
  return undefined;
}
