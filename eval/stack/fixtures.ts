/**
 * Shared test helpers (everyone uses these; keep them small and stable):
 *   getTestModelsDir()   a models dir holding the built offline embedder (built once, cached under
 *                        .meridian/test-cache/<content hash>/, safe under concurrent vitest workers);
 *   createTestEmbedder() the offline embedder loaded through the real transformers.js path;
 *   startTestChroma()    a real `chroma run` child on a free port with a temp data dir.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { testConfig, type Config } from '../../lib/config/index.ts';
import { freePort, startChroma } from '../../lib/chroma-server/index.ts';
import { ChromaVectorStore } from '../../lib/vector-store/chroma.ts';
import { buildOfflineModel, findTokenizerDir, OFFLINE_MODEL_ID } from '../../ml/embedder/offline/build.ts';
import { defaultCorpusSources } from '../../ml/embedder/offline/sources.ts';
import { createTransformersEmbedder } from '../../ml/embedder/transformers-embedder.ts';
import type { Embedder } from '../../ml/embedder/embedder.ts';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHARED_DATA_DIR = path.resolve(REPO_ROOT, '..', 'shared', 'data');
export const SHARED_MODELS_DIR = path.resolve(REPO_ROOT, '..', 'shared', 'models');
/** Customers used for the test build's description corpus (small: the build must stay fast). */
const TEST_BUILD_CUSTOMERS = 500;
const TEST_SEED = 42;

/** Hash of everything the offline model depends on: builder sources and corpus inputs. */
function buildKey(): string {
  const h = createHash('sha256');
  const dirs = [
    path.join(REPO_ROOT, 'ml', 'embedder', 'offline'),
    path.join(REPO_ROOT, 'data', 'describe'),
    path.join(REPO_ROOT, 'domain', 'catalog'),
    path.join(REPO_ROOT, 'data', 'synthetic'),
  ];
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).sort()) {
      if (!f.endsWith('.ts') || f.includes('.test.')) continue;
      h.update(f).update(readFileSync(path.join(dir, f)));
    }
  }
  for (const f of ['bank-faqs/BankFAQs.csv', 'banking77/train.csv']) {
    const p = path.join(SHARED_DATA_DIR, f);
    h.update(f).update(existsSync(p) ? String(statSync(p).size) : 'missing');
  }
  h.update(`customers=${TEST_BUILD_CUSTOMERS} seed=${TEST_SEED}`);
  return h.digest('hex').slice(0, 16);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Build something expensive once across concurrent vitest workers: the first worker to take the
 * lock (an atomic mkdir under `root`) runs `build`, which must leave `ready` behind; the others
 * wait for it. A lock older than 5 minutes is from a killed run and is broken.
 */
export async function withLock(root: string, ready: string, build: () => Promise<void>): Promise<void> {
  mkdirSync(root, { recursive: true });
  const lock = path.join(root, 'LOCK');
  const deadline = Date.now() + 10 * 60_000;
  while (!existsSync(ready)) {
    try {
      mkdirSync(lock);
    } catch {
      try {
        if (Date.now() - statSync(lock).mtimeMs > 5 * 60_000) rmSync(lock, { recursive: true, force: true });
      } catch {
        /* raced with its removal */
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`);
      await sleep(250);
      continue;
    }
    try {
      if (!existsSync(ready)) await build();
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

let modelsDirPromise: Promise<string> | undefined;

/** A models dir with the offline embedder built from the shared corpora, once across workers. */
export function getTestModelsDir(): Promise<string> {
  modelsDirPromise ??= (async () => {
    const root = path.join(REPO_ROOT, '.meridian', 'test-cache', `offline-${buildKey()}`);
    const modelsDir = path.join(root, 'models');
    const ready = path.join(root, 'READY');
    await withLock(root, ready, async () => {
      const config = { sharedDataDir: SHARED_DATA_DIR, seed: TEST_SEED };
      const { sources } = await defaultCorpusSources(config, { customers: TEST_BUILD_CUSTOMERS });
      await buildOfflineModel({
        modelsDir,
        tokenizerDir: findTokenizerDir(modelsDir, SHARED_DATA_DIR),
        sources,
        seed: TEST_SEED,
        log: () => {},
        silentProgress: true,
      });
      writeFileSync(ready, new Date().toISOString());
    });
    return modelsDir;
  })();
  return modelsDirPromise;
}

/** Config for tests whose models dir has the offline embedder (MiniLM absent → `auto` = offline). */
export async function testConfigWithModels(overrides: Partial<Config> = {}): Promise<Config> {
  return testConfig({
    modelsDir: await getTestModelsDir(),
    sharedDataDir: SHARED_DATA_DIR,
    allowDownloads: false,
    embedder: 'offline',
    ...overrides,
  });
}

let embedderPromise: Promise<Embedder> | undefined;
/** The offline embedder through transformers.js feature-extraction (one per worker). */
export function createTestEmbedder(): Promise<Embedder> {
  embedderPromise ??= getTestModelsDir().then((modelsDir) =>
    createTransformersEmbedder({ modelsDir, modelId: OFFLINE_MODEL_ID, kind: 'offline', allowDownloads: false }),
  );
  return embedderPromise;
}

export interface TestChroma {
  url: string;
  store: ChromaVectorStore;
  dataDir: string;
  pid?: number;
  stop(): Promise<void>;
}

/** A real Chroma child on a free port with a fresh temp data dir; `stop()` ends it and removes the dir. */
export async function startTestChroma(): Promise<TestChroma> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'meridian-chroma-'));
  const server = await startChroma({ dataDir, port: await freePort(), handleSignals: false, timeoutMs: 60_000 });
  return {
    url: server.url,
    store: new ChromaVectorStore({ url: server.url }),
    dataDir,
    pid: server.pid,
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
