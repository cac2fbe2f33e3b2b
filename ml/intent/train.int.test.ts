import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestEmbedder, SHARED_DATA_DIR } from '../../eval/stack/fixtures.ts';
import { loadIntentModel, intentArtifactPath } from './artifact.ts';
import { loadIntentService } from './classifier.ts';
import { intentArtifactProblem, trainIntentClassifier } from './train.ts';

/**
 * `npm run train:intent` / `--prepare` path on a subset (3 rows per intent, scored on 2 per intent):
 * trains with the real embedder, saves the artifact tied to its sha256, and the staleness check
 * accepts it for that embedder and names the problem for a missing file or another embedder.
 */
describe('trainIntentClassifier (production classifier only)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'intent-train-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('trains, saves, loads; intentArtifactProblem says when to retrain', async () => {
    const embedder = await createTestEmbedder();
    expect(intentArtifactProblem(dir, embedder)).toMatch(/classifier-offline\.json is missing/);
    const r = await trainIntentClassifier({
      artifactsDir: dir,
      sharedDataDir: SHARED_DATA_DIR,
      embedder,
      perLabel: 3,
      testPerLabel: 2,
      progress: false,
    });
    expect(r).toMatchObject({ file: intentArtifactPath(dir, 'offline'), trainRows: 231, testRows: 154 });
    expect(r.accuracy).toBeGreaterThan(1 / 77);
    const loaded = await loadIntentModel(r.file, embedder);
    expect(loaded.meta).toMatchObject({
      trainedOn: { rows: 231 },
      metrics: { accuracy: r.accuracy, testRows: 154 },
      embedder: { fileHash: embedder.fileHash },
    });
    expect(intentArtifactProblem(dir, embedder)).toBeUndefined();
    expect(
      intentArtifactProblem(dir, { ...embedder, kind: 'offline', dim: embedder.dim, fileHash: 'f'.repeat(64) }),
    ).toMatch(/trained for another embedder \(sha256 [0-9a-f]{12}…, running ffffffffffff…\)/);
    const intent = await (await loadIntentService(dir, embedder)).classifyIntent('I lost my card');
    expect(intent.top).toHaveLength(3);
  }, 120_000);
});
