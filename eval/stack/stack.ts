/**
 * startTestStack(): the whole server on real parts, for integration tests —
 * a real Chroma child, the offline embedder through transformers.js (eval/stack), a small
 * synthetic dataset ingested with ingestAll, the tiny trained recommender
 * (trainForTests, cached), a small intent classifier (banking77 subset, cached), and createApp. The ingested Chroma data dir is built once per content key under
 * .meridian/test-cache/stack-<key>/ and copied for each stack (ingestion is the slow part).
 *
 *   const stack = await startTestStack({ customers: 300 });
 *   const res = await stack.app.request('/api/rm/search', { method: 'POST', headers: stack.rm(), body: … });
 *   await stack.stop();
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Config } from '../../lib/config/index.ts';
import { freePort, startChroma, type ChromaServer } from '../../lib/chroma-server/index.ts';
import { ChromaVectorStore } from '../../lib/vector-store/chroma.ts';
import { silentLogger, type Logger } from '../../lib/log/index.ts';
import { generateCustomers } from '../../data/synthetic/index.ts';
import type { Customer } from '../../domain/index.ts';
import { ingestAll } from '../../ingest/pipeline/index.ts';
import type { Embedder } from '../../ml/embedder/embedder.ts';
import { createApp } from '../../server/app.ts';
import type { App } from '../../server/http/env.ts';
import type { AppDeps } from '../../server/deps.ts';
import { buildDeps } from '../../server/bootstrap.ts';
import { loadRecommender, projectEmbeddings } from '../../ml/recommender/index.ts';
import { trainForTests } from './recommender.ts';
import { PRODUCTS } from '../../domain/catalog/index.ts';
import { mintCustomerToken } from '../../server/http/auth.ts';
import type { RetrievalHandle } from '../../server/retrieval/index.ts';
import { loadIntentService } from '../../ml/intent/classifier.ts';
import { trainIntentClassifier } from '../../ml/intent/train.ts';
import { createTestEmbedder, REPO_ROOT, SHARED_DATA_DIR, testConfigWithModels, withLock } from './fixtures.ts';

const TEST_RM_KEY = 'test-rm-key';

export interface TestStackOptions {
  /** Synthetic customers to ingest (default 300). */
  customers?: number;
  seed?: number;
  /** Bank-FAQ passages in the knowledge collection (default 200). */
  knowledge?: number;
  /** Config overrides (rate limits, timeouts, reranker …). */
  config?: Partial<Config>;
  /** Deps overrides (a generator, a fake clock …). Default generator: none (chat answers 503). */
  deps?: Partial<AppDeps>;
  /** Train (cached) and load the tiny recommender (default true). */
  recommender?: boolean;
  /**
   * Train (cached) and load a small intent classifier — banking77, 20 rows per intent, same
   * logistic regression as `npm run train:intent` — so chat routing/escalation is exercised
   * (default true; ~10 s on the first run, then cached).
   */
  intent?: boolean;
  /** Also listen on 127.0.0.1 (for browser/autocannon tests). */
  listen?: boolean;
  log?: Logger;
}

export interface TestStack {
  app: App;
  deps: AppDeps & { retrieval: RetrievalHandle };
  config: Config;
  /** Base URL when `listen: true`. */
  url?: string;
  chroma: ChromaServer;
  /** The ingested customers (generator output, with hidden attributes stripped). */
  customers: Customer[];
  rmKey: string;
  /** Authorization headers for an RM (JSON content type included). */
  rm(): Record<string, string>;
  customerToken(id: string): Promise<string>;
  /** Authorization headers for a customer token (JSON content type included). */
  asCustomer(id: string): Promise<Record<string, string>>;
  /** Kill the Chroma child (to test outages) and start it again on the same data. */
  stopChroma(): Promise<void>;
  restartChroma(): Promise<void>;
  stop(): Promise<void>;
}

/** Hash of the non-test sources in `dirs` (relative to the repo): cache keys change when the code that built a cached thing changes. */
function sourceHash(dirs: string[]): string {
  const h = createHash('sha256');
  for (const dir of dirs) {
    const abs = path.join(REPO_ROOT, dir);
    if (!existsSync(abs)) continue;
    for (const f of readdirSync(abs).sort())
      if (f.endsWith('.ts') && !f.includes('.test.')) h.update(f).update(readFileSync(path.join(abs, f)));
  }
  return h.digest('hex').slice(0, 16);
}

/** The ingested Chroma data dir for (customers, seed, knowledge, embedder), built once. */
async function ingestedTemplate(
  config: Config,
  embedder: Embedder,
  customers: Customer[],
  knowledge: number,
  seed: number,
): Promise<string> {
  // Keyed on everything that shapes the records: the embedder, the data, and the code that turns
  // them into documents and metadata (a template change must not reuse stale descriptions).
  const key = createHash('sha256')
    .update(`${embedder.id}|${embedder.fileHash}|${customers.length}|${seed}|${knowledge}|v2`)
    .update(JSON.stringify(customers))
    .update(sourceHash(['ingest/pipeline', 'data/describe', 'domain', 'data/behaviour', 'data/importers']))
    .digest('hex')
    .slice(0, 16);
  const root = path.join(REPO_ROOT, '.meridian', 'test-cache', `stack-${key}`);
  const dataDir = path.join(root, 'chroma');
  await withLock(root, path.join(root, 'READY'), async () => {
    rmSync(dataDir, { recursive: true, force: true });
    const server = await startChroma({ dataDir, port: await freePort(), handleSignals: false, timeoutMs: 60_000 });
    try {
      const store = new ChromaVectorStore({ url: server.url });
      await ingestAll({ config, store, embedder, customers, maxKnowledge: knowledge, progress: false });
    } finally {
      await server.stop();
    }
    writeFileSync(path.join(root, 'READY'), new Date().toISOString());
  });
  return dataDir;
}

/** the tiny trained recommender (trainForTests), artifacts cached per source hash. */
async function tinyRecommender(): Promise<Partial<AppDeps>> {
  const key = sourceHash(['ml/recommender', 'data/synthetic', 'domain/catalog']);
  const root = path.join(REPO_ROOT, '.meridian', 'test-cache', `recsys-${key}`);
  const artifactsDir = path.join(root, 'artifacts');
  await withLock(root, path.join(root, 'READY'), async () => {
    rmSync(artifactsDir, { recursive: true, force: true });
    await trainForTests({ dir: artifactsDir, customers: 400, epochs: 2 });
    writeFileSync(path.join(root, 'READY'), new Date().toISOString());
  });
  const recommender = await loadRecommender({ artifactsDir, products: PRODUCTS });
  return { recommender, embeddingMap: projectEmbeddings(recommender) };
}

/** Rows per banking77 intent for the test classifier: 10 leaves every probability under the routing threshold; 20 routes fraud/disputes/complaints. */
const TEST_INTENT_PER_LABEL = 20;

/** A small intent classifier on the test embedder (trainIntentClassifier on 20 rows per intent), cached per embedder + source hash. */
async function smallIntentClassifier(embedder: Embedder): Promise<Partial<AppDeps>> {
  const key = createHash('sha256')
    .update(`${embedder.fileHash}|${TEST_INTENT_PER_LABEL}|${sourceHash(['ml/intent'])}`)
    .digest('hex')
    .slice(0, 16);
  const root = path.join(REPO_ROOT, '.meridian', 'test-cache', `intent-${key}`);
  const artifactsDir = path.join(root, 'artifacts');
  await withLock(root, path.join(root, 'READY'), async () => {
    rmSync(artifactsDir, { recursive: true, force: true });
    await trainIntentClassifier({
      artifactsDir,
      sharedDataDir: SHARED_DATA_DIR,
      embedder,
      perLabel: TEST_INTENT_PER_LABEL,
      testPerLabel: 5,
      progress: false,
    });
    writeFileSync(path.join(root, 'READY'), new Date().toISOString());
  });
  return { intent: await loadIntentService(artifactsDir, embedder) };
}

export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const n = options.customers ?? 300;
  const seed = options.seed ?? 42;
  const log = options.log ?? silentLogger;
  const base = await testConfigWithModels();
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'meridian-stack-'));
  const config: Config = {
    ...base,
    stateDir,
    artifactsDir: path.join(stateDir, 'artifacts'),
    supervisorApiKeys: [TEST_RM_KEY],
    reranker: 'fallback',
    generator: 'template',
    seed,
    customers: n,
    ...options.config,
  };
  const embedder = await createTestEmbedder();
  const customers = [...generateCustomers({ seed, count: n })].map((g) => g.customer);
  const template = await ingestedTemplate(config, embedder, customers, options.knowledge ?? 200, seed);
  const dataDir = path.join(stateDir, 'chroma');
  cpSync(template, dataDir, { recursive: true });
  const port = await freePort();
  let chroma = await startChroma({ dataDir, port, handleSignals: false, timeoutMs: 60_000 });
  const store = new ChromaVectorStore({ url: chroma.url });

  const recommenderDeps =
    options.recommender === false
      ? {}
      : await tinyRecommender().catch((err) => {
          log.warn({ err: (err as Error).message }, 'tiny recommender unavailable');
          return {};
        });
  const intentDeps =
    options.intent === false
      ? {}
      : await smallIntentClassifier(embedder).catch((err) => {
          log.warn({ err: (err as Error).message }, 'test intent classifier unavailable');
          return {};
        });
  const deps = await buildDeps({
    config,
    log,
    store,
    embedder,
    overrides: { recommender: undefined, generator: undefined, ...recommenderDeps, ...intentDeps, ...options.deps },
  });
  if (!deps.recommender) delete deps.recommender;
  await deps.retrieval.whenReady;
  const app = createApp(deps);

  let server: ServerType | undefined;
  let url: string | undefined;
  if (options.listen) {
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve());
    });
    url = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
  }
  const customerToken = async (id: string) => (await mintCustomerToken(config.jwtSecret, id)).token;
  return {
    app,
    deps,
    config,
    url,
    get chroma() {
      return chroma;
    },
    customers,
    rmKey: TEST_RM_KEY,
    rm: () => ({ authorization: `Bearer ${TEST_RM_KEY}`, 'content-type': 'application/json' }),
    customerToken,
    asCustomer: async (id) => ({
      authorization: `Bearer ${await customerToken(id)}`,
      'content-type': 'application/json',
    }),
    async stopChroma() {
      await chroma.stop();
    },
    async restartChroma() {
      chroma = await startChroma({ dataDir, port, handleSignals: false, timeoutMs: 60_000 });
    },
    async stop() {
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      await chroma.stop();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
