/**
 * `npm run train:intent` — train and save only the chat's intent classifier (all 10,003 banking77
 * training rows, embedded with the configured embedder; same logistic regression and artifact as
 * `npm run eval:intent`, which additionally runs MTEB's 10-run protocol and the TF-IDF baseline and
 * rewrites docs/INTENT.md). Options: --if-needed (skip when the saved classifier already matches the
 * running embedder's sha256).
 */
import { loadConfig } from '../../lib/config/index.ts';
import { createEmbedder } from '../embedder/index.ts';
import { intentArtifactProblem, trainIntentClassifier } from './train.ts';

const config = loadConfig();
const say = (s: string) => process.stderr.write(`${s}\n`);
const embedder = await createEmbedder({ config });
try {
  const problem = intentArtifactProblem(config.artifactsDir, embedder);
  if (process.argv.includes('--if-needed') && !problem) {
    say(`intent classifier up to date for ${embedder.id} (sha256 ${embedder.fileHash.slice(0, 12)}…) — nothing to do`);
  } else {
    if (problem) say(`intent: ${problem} — training`);
    const r = await trainIntentClassifier({
      artifactsDir: config.artifactsDir,
      sharedDataDir: config.sharedDataDir,
      embedder,
      say,
    });
    say(
      `intent classifier saved to ${r.file}: ${r.trainRows} train rows, test accuracy ${r.accuracy.toFixed(4)} / macro-F1 ${r.macroF1.toFixed(4)} on ${r.testRows} rows, ` +
        `${r.iterations} L-BFGS iterations; ${r.seconds.total} s (embed ${r.seconds.embed} s, fit ${r.seconds.fit} s)`,
    );
  }
} finally {
  await embedder.dispose?.();
}
