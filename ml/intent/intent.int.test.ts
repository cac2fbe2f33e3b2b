import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestEmbedder, SHARED_DATA_DIR } from '../../eval/stack/fixtures.ts';
import type { Embedder } from '../embedder/embedder.ts';
import { intentArtifactPath, saveIntentModel } from './artifact.ts';
import { loadBanking77, undersample, type Banking77 } from './banking77.ts';
import { loadIntentService } from './classifier.ts';
import { embedAll, fullTrain } from './evaluate.ts';
import { predictVector } from './logistic.ts';

/**
 * The real path on a subset: the offline embedder through transformers.js → LR on 10 examples per
 * intent → scored on 770 test rows → saved → loaded as the chat's classifyIntent.
 * The full run is `npm run eval:intent` (docs/INTENT.md).
 */
describe('intent classifier on embeddings (offline model)', () => {
  let embedder: Embedder;
  let data: Banking77;
  const dir = mkdtempSync(join(tmpdir(), 'intent-int-'));
  beforeAll(async () => {
    [embedder, data] = await Promise.all([createTestEmbedder(), loadBanking77(SHARED_DATA_DIR)]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('trains, scores well above chance, saves, and classifies chat messages with routing', async () => {
    const train = undersample(data.train, 10, 5).map((i) => data.train[i]!);
    const test = undersample(data.test, 10, 5).map((i) => data.test[i]!);
    const Xtr = await embedAll(
      embedder,
      train.map((e) => e.text),
    );
    const Xte = await embedAll(
      embedder,
      test.map((e) => e.text),
    );
    const result = fullTrain(Xtr, train, Xte, test, data.labels.length);
    expect(result.accuracy).toBeGreaterThan(0.35);
    expect(result.macroF1).toBeGreaterThan(0.3);

    await saveIntentModel(intentArtifactPath(dir, embedder.kind), result.model, {
      embedder: { id: embedder.id, kind: embedder.kind, dim: embedder.dim, fileHash: embedder.fileHash },
      labels: data.labels,
      C: 1,
      trainedOn: { dataset: 'banking77 subset', rows: train.length },
      metrics: { accuracy: result.accuracy, macroF1: result.macroF1, testRows: test.length },
    });
    const service = await loadIntentService(dir, embedder);
    const message = 'I think someone has stolen my card details and is using them';
    const intent = await service.classifyIntent(message);
    const [vector] = await embedder.embed([message]);
    const probs = predictVector(result.model, vector!);
    expect(intent.label).toBe(data.labels[probs.indexOf(Math.max(...probs))]);
    expect(intent.confidence).toBeCloseTo(Math.max(...probs), 4);
    expect(intent.top).toHaveLength(3);
    expect(intent.model.fileHash).toBe(embedder.fileHash);
    expect(['escalate', 'recommendations', 'faq', 'general']).toContain(intent.route);
    expect(intent.escalate).toBe(intent.route === 'escalate');
  }, 120_000);
});
