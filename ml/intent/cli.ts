/**
 * `npm run eval:intent` — reproduce the banking77 intent results and save the chat's classifier.
 * For every embedding model available here: embed train + test, score MTEB's protocol and a
 * full-train fit, save the full-train classifier (artifacts/intent/classifier-<kind>.json, tied
 * to the embedder's sha256), and rewrite the results table in docs/INTENT.md. Also a TF-IDF
 * baseline. Options: --no-docs (do not touch docs), --experiments N (MTEB runs, default 10),
 * --reuse-tfidf (take the TF-IDF row from the last artifacts/intent/metrics.json: it does not
 * depend on the embedder, and it costs minutes).
 */
import { cpus } from 'node:os';
import { writeFile, mkdir, rename, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../lib/config/index.ts';
import { createProgress } from '../../lib/progress/index.ts';
import { isModelPresent } from '../../lib/models/index.ts';
import { createEmbedder, MINILM_MODEL_ID } from '../embedder/index.ts';
import { loadBanking77 } from './banking77.ts';
import { embedAll, fullTrain, mtebProtocol, tfidfBaseline, LR_C, MTEB_EXPERIMENTS, type Score } from './evaluate.ts';
import { intentArtifactPath, saveIntentModel } from './artifact.ts';
import { MTEB_MINILM, renderResults, writeResultsBlock, type ResultRow } from './report.ts';

const args = process.argv.slice(2);
const writeDocs = !args.includes('--no-docs');
const expIdx = args.indexOf('--experiments');
const experiments = expIdx >= 0 ? Number(args[expIdx + 1]) : MTEB_EXPERIMENTS;

const config = loadConfig();
const say = (s: string) => process.stderr.write(`${s}\n`);
const data = await loadBanking77(config.sharedDataDir);
say(`banking77: ${data.train.length} train, ${data.test.length} test, ${data.labels.length} intents`);

const rows: ResultRow[] = [
  {
    model: 'sentence-transformers/all-MiniLM-L6-v2',
    features: 'MiniLM embeddings',
    protocol: 'published',
    note: `published MTEB figure: accuracy ${MTEB_MINILM.accuracy}, macro-F1 ${MTEB_MINILM.macroF1} (not computed here)`,
  },
];

const metricsFile = join(config.artifactsDir, 'intent', 'metrics.json');
let tfidf: Score | undefined;
if (args.includes('--reuse-tfidf') && existsSync(metricsFile)) {
  const previous = JSON.parse(await readFile(metricsFile, 'utf8')) as { rows: ResultRow[] };
  tfidf = previous.rows.find((r) => r.features === 'sparse TF-IDF')?.score;
  if (tfidf) say(`TF-IDF baseline: reused from ${metricsFile} (acc ${tfidf.accuracy.toFixed(4)})`);
}
if (!tfidf) {
  say('TF-IDF baseline …');
  tfidf = tfidfBaseline(data);
  say(`  tfidf: acc ${tfidf.accuracy.toFixed(4)} macro-F1 ${tfidf.macroF1.toFixed(4)}`);
}

for (const kind of ['minilm', 'offline'] as const) {
  if (kind === 'minilm' && !isModelPresent(config.modelsDir, MINILM_MODEL_ID)) {
    const note = `weights not available here (${config.modelsDir}/${MINILM_MODEL_ID}/onnx/model_quantized.onnx missing); rerun with the weights present`;
    rows.push({ model: MINILM_MODEL_ID, features: 'MiniLM embeddings (q8)', protocol: 'mteb', note });
    say(`minilm: ${note}`);
    continue;
  }
  const embedder = await createEmbedder({ config: { ...config, embedder: kind } });
  const progress = createProgress({
    label: `embed banking77 (${kind})`,
    total: data.train.length + data.test.length,
    unit: 'texts',
  });
  const Xtr = await embedAll(
    embedder,
    data.train.map((e) => e.text),
    (n) => progress.tick(n),
  );
  const Xte = await embedAll(
    embedder,
    data.test.map((e) => e.text),
    (n) => progress.tick(n),
  );
  progress.done();
  const features = kind === 'minilm' ? 'MiniLM embeddings (q8)' : 'offline static embeddings (MiniLM vocab)';
  say(`${kind}: MTEB protocol (${experiments} experiments) …`);
  const mteb = mtebProtocol(Xtr, data.train, Xte, data.test, data.labels.length, experiments);
  rows.push({
    model: embedder.id,
    features,
    protocol: 'mteb',
    score: mteb,
    note: `sha256 ${embedder.fileHash.slice(0, 12)}…`,
  });
  say(`  mteb: acc ${mteb.accuracy.toFixed(4)} ± ${mteb.accuracyStd!.toFixed(4)}  macro-F1 ${mteb.macroF1.toFixed(4)}`);
  say(`${kind}: full train …`);
  const full = fullTrain(Xtr, data.train, Xte, data.test, data.labels.length);
  rows.push({
    model: embedder.id,
    features,
    protocol: 'full',
    score: full,
    note: `saved as ${intentArtifactPath(config.artifactsDir, kind)}`,
  });
  say(
    `  full: acc ${full.accuracy.toFixed(4)}  macro-F1 ${full.macroF1.toFixed(4)}  (${full.model.iterations} L-BFGS iterations)`,
  );
  await saveIntentModel(intentArtifactPath(config.artifactsDir, kind), full.model, {
    embedder: { id: embedder.id, kind: embedder.kind, dim: embedder.dim, fileHash: embedder.fileHash },
    labels: data.labels,
    C: LR_C,
    trainedOn: { dataset: 'banking77/train.csv', rows: data.train.length },
    metrics: { accuracy: full.accuracy, macroF1: full.macroF1, testRows: full.testRows },
  });
  await embedder.dispose?.();
}
rows.push({
  model: 'TF-IDF (word 1–2-grams, min df 2)',
  features: 'sparse TF-IDF',
  protocol: 'full',
  score: tfidf,
  note: 'non-neural reference',
});

const context = {
  command: 'npm run eval:intent',
  date: new Date().toISOString().slice(0, 10),
  machine: `${cpus().length} CPU cores, no GPU`,
};
await mkdir(join(config.artifactsDir, 'intent'), { recursive: true });
await writeFile(
  `${metricsFile}.tmp`,
  JSON.stringify(
    { context, rows: rows.map((r) => ({ ...r, score: r.score && { ...r.score, model: undefined } })) },
    null,
    2,
  ),
);
await rename(`${metricsFile}.tmp`, metricsFile);
if (writeDocs) await writeResultsBlock('docs/INTENT.md', renderResults(rows, context));
process.stdout.write(`${renderResults(rows, context)}\n`);
