/** What the benchmarks that drive the real server share: the ingested corpus and the server process. */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePort, startChroma } from '../lib/chroma-server/index.ts';
import { ChromaVectorStore } from '../lib/vector-store/chroma.ts';
import { generateCustomers } from '../data/synthetic/index.ts';
import { ingestAll } from '../ingest/pipeline/index.ts';
import { createTestEmbedder, REPO_ROOT, SHARED_DATA_DIR } from '../eval/stack/fixtures.ts';
import { testConfig } from '../lib/config/index.ts';

export const RM_KEY = 'bench-rm-key-0123456789';
/** Rotating RM queries (filters of every kind: numeric, categorical, holds_any / holds_none). */
export const RM_QUERIES = [
  'customers with credit score over 750 interested in investment products',
  'high-income young professionals saving to buy a home',
  'clients nearing retirement planning for retirement income',
  'young professionals without a mortgage who want to buy a home',
  'retirees who like to travel',
  'customers who hold a credit card and want to consolidate debt',
  'risk-averse customers building savings',
  'affluent customers interested in wealth management',
  'customers aged over 60 who hold a pension',
  'customers interested in sustainable ESG investing',
  'income between 40k and 70k customers who want to buy a home',
  'customers with a lump sum who prefer a guaranteed rate',
];

/** CPU ms used so far by `pid` and its descendants (Linux /proc; 0 where it cannot be read). */
export function treeCpuMs(pid: number | undefined): number {
  if (pid === undefined) return 0;
  const hz = 100; // USER_HZ on Linux
  let total = 0;
  const visit = (p: number) => {
    try {
      // Fields after the command name (which may hold spaces): utime is the 12th, stime the 13th.
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += ((Number(fields[11]) + Number(fields[12])) * 1000) / hz;
      for (const task of readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim().split(/\s+/))
        if (task) visit(Number(task));
    } catch {
      /* gone, or not Linux */
    }
  };
  visit(pid);
  return total;
}

/** CPU ms the whole machine spent busy so far (all cores; /proc/stat). */
export function machineBusyMs(): number {
  try {
    const [, ...f] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    const idle = f[3] + f[4];
    return ((f.reduce((a, b) => a + b, 0) - idle) * 1000) / 100;
  } catch {
    return 0;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** N synthetic customers (seed 42) in a persistent Chroma dir under .meridian/bench/, ingested once and reused. */
export async function ensureIngested(n: number): Promise<string> {
  const dir = path.join(REPO_ROOT, '.meridian', 'bench', `search-n${n}`);
  const dataDir = path.join(dir, 'chroma');
  if (existsSync(path.join(dir, 'READY'))) return dataDir;
  mkdirSync(dir, { recursive: true });
  const chroma = await startChroma({ dataDir, port: await freePort(), handleSignals: true, timeoutMs: 60_000 });
  try {
    const embedder = await createTestEmbedder();
    const store = new ChromaVectorStore({ url: chroma.url });
    const customers = (function* () {
      for (const g of generateCustomers({ seed: 42, count: n })) yield g.customer;
    })();
    const t0 = performance.now();
    await ingestAll({
      config: { ...testConfig(), stateDir: dir, sharedDataDir: SHARED_DATA_DIR, seed: 42, customers: n },
      store,
      embedder,
      customers,
      collections: ['customers'],
      progress: true,
    });
    process.stderr.write(`ingested ${n} customers in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
  } finally {
    await chroma.stop();
  }
  writeFileSync(path.join(dir, 'READY'), new Date().toISOString());
  return dataDir;
}

/**
 * The real server (`tsx server/main.ts`) as its own process on 127.0.0.1 over `chromaUrl`: offline
 * embedder, fallback reranker, template generator, no downloads, rate limit off; `env` adds or
 * overrides settings. Resolves when the lexical index is built.
 */
export async function startServer(
  chromaUrl: string,
  modelsDir: string,
  env: Record<string, string> = {},
): Promise<{ url: string; pid: number | undefined; stop: () => void }> {
  const port = await freePort();
  const child = spawn(path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), ['server/main.ts'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      CHROMA_URL: chromaUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
      NODE_ENV: 'production',
      MERIDIAN_MODELS_DIR: modelsDir,
      MERIDIAN_EMBEDDER: 'offline',
      MERIDIAN_RERANKER: 'fallback',
      MERIDIAN_GENERATOR: 'template',
      MERIDIAN_ALLOW_DOWNLOADS: 'false',
      MERIDIAN_SUPERVISOR_API_KEYS: RM_KEY,
      MERIDIAN_JWT_SECRET: 'bench-jwt-secret-0123456789abcdef',
      MERIDIAN_RATE_LIMIT_PER_MIN: '1000000',
      MERIDIAN_STATE_DIR: path.join(REPO_ROOT, '.meridian', 'bench', 'state'),
      MERIDIAN_ARTIFACTS_DIR: path.join(REPO_ROOT, '.meridian', 'bench', 'no-artifacts'),
      ...env,
    },
  });
  let err = '';
  child.stderr!.on('data', (b) => (err = (err + b).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 600_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${err}`);
    try {
      const r = await (await fetch(`${url}/readyz`)).json();
      if (r.checks?.lexicalIndex?.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error('server not ready');
    await sleep(500);
  }
  return { url, pid: child.pid, stop: () => child.kill('SIGTERM') };
}
