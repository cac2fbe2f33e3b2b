/**
 * Load benchmark: `npm run bench:load -- --duration 60 --chats 16 --searches 4`.
 *
 * The REAL server (`tsx server/main.ts`, template generator, offline embedder, fallback reranker,
 * the recommender in its worker pool) as its own process on 127.0.0.1 over 10,000 ingested
 * customers (the RM search bench's corpus, reused), recommender artifacts trained once under
 * .meridian/bench/artifacts. For `duration` seconds, closed loops on loopback:
 *   - `chats` customer chats, each its own customer (token minted with the bench secret), one
 *     message after another: first byte and first text-delta of each stream, whole turn;
 *   - `searches` RM searches (default variant hybrid+rerank, the RM search bench's queries);
 *   - a /healthz probe every 100 ms.
 * Event-loop delay of the SERVER (perf_hooks.monitorEventLoopDelay through prom-client's default
 * metrics, reset by a scrape at the start, read at the end). Bounded: every request has a timeout
 * and the run stops at `duration`. Writes the "Under load" section of docs/BENCHMARKS.md.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { freePort, startChroma } from '../lib/chroma-server/index.ts';
import { mintCustomerToken } from '../server/http/auth.ts';
import { getTestModelsDir, REPO_ROOT } from '../eval/stack/fixtures.ts';
import { generateCustomers } from '../data/synthetic/index.ts';
import { ensureIngested, RM_KEY, RM_QUERIES, startServer } from './harness.ts';
import { writeBenchmarkSection } from './doc-section.ts';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    duration: { type: 'string', default: '60' },
    chats: { type: 'string', default: '16' },
    searches: { type: 'string', default: '4' },
    warmup: { type: 'string', default: '5' },
    'client-nice': { type: 'string', default: '10' },
    'no-write': { type: 'boolean', default: false },
  },
});
const duration = Number(values.duration);
const chats = Number(values.chats);
const searches = Number(values.searches);
const warmup = Number(values.warmup);
const clientNice = Number(values['client-nice']);
const N = 10_000;
const SECRET = 'bench-load-jwt-secret-0123456789';
const REQUEST_TIMEOUT_MS = 30_000;
const MESSAGES = [
  'Which savings account would suit me?',
  'Should I consider a pension, and why?',
  'What investment would fit my risk tolerance?',
  'Can I get a better credit card?',
  'How do I save for a home deposit?',
];

const pct = (xs: number[], p: number) => {
  if (!xs.length) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

function ensureArtifacts(dir: string): void {
  if (existsSync(path.join(dir, 'recommender', 'synthetic', 'manifest.json'))) return;
  const r = spawnSync(
    path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'),
    ['ml/recommender/train/cli.ts', '--dataset', 'synthetic', '--variant', 'mlp', '--epochs', '6', '--quiet'],
    {
      cwd: REPO_ROOT,
      stdio: 'inherit',
      env: {
        ...process.env,
        MERIDIAN_ARTIFACTS_DIR: dir,
        MERIDIAN_STATE_DIR: path.join(REPO_ROOT, '.meridian', 'bench', 'state'),
      },
    },
  );
  if (r.status !== 0) throw new Error('training the recommender for the load bench failed');
}

async function eventLoopDelay(url: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/^meridian_nodejs_eventloop_lag_(\w+)_seconds (\S+)$/gm))
    out[m[1]] = Number(m[2]) * 1000;
  return out;
}

const artifactsDir = path.join(REPO_ROOT, '.meridian', 'bench', 'artifacts');
ensureArtifacts(artifactsDir);
const dataDir = await ensureIngested(N);
const chroma = await startChroma({ dataDir, port: await freePort(), handleSignals: true, timeoutMs: 60_000 });
const server = await startServer(chroma.url, await getTestModelsDir(), {
  MERIDIAN_ARTIFACTS_DIR: artifactsDir,
  MERIDIAN_JWT_SECRET: SECRET,
  MERIDIAN_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
});

const chat = { firstByte: [] as number[], firstText: [] as number[], turn: [] as number[], ok: 0, errors: 0 };
const search = { latency: [] as number[], ok: 0, errors: 0 };
const health = { latency: [] as number[], ok: 0, errors: 0 };
const errorSamples: string[] = [];
const noteError = (what: string) => errorSamples.length < 5 && errorSamples.push(what);

let stopAt = 0;
/** Requests that started before this are warm-up (JIT, first SHAP of each customer): not counted. */
let measureFrom = 0;
const counted = (t0: number) => t0 >= measureFrom;
async function chatLoop(customerId: string, turnOffset: number) {
  const token = (await mintCustomerToken(SECRET, customerId)).token;
  for (let turn = turnOffset; performance.now() < stopAt; turn++) {
    const t0 = performance.now();
    try {
      const res = await fetch(`${server.url}/api/chat`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ message: MESSAGES[turn % MESSAGES.length] }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      if (!res.ok || !res.body) {
        if (!counted(t0)) continue;
        chat.errors++;
        noteError(`chat ${res.status} ${(await res.text()).slice(0, 160)}`);
        continue;
      }
      const decoder = new TextDecoder();
      let firstByte: number | undefined;
      let firstText: number | undefined;
      let body = '';
      const reader = res.body.getReader();
      for (;;) {
        const { done, value: chunk } = await reader.read();
        if (done) break;
        firstByte ??= performance.now() - t0;
        if (firstText === undefined) {
          body += decoder.decode(chunk, { stream: true });
          if (body.includes('"type":"text-delta"')) firstText = performance.now() - t0;
        }
      }
      if (!counted(t0)) continue;
      chat.firstByte.push(firstByte ?? Number.NaN);
      if (firstText !== undefined) chat.firstText.push(firstText);
      chat.turn.push(performance.now() - t0);
      chat.ok++;
    } catch (err) {
      if (!counted(t0)) continue;
      chat.errors++;
      noteError(`chat ${(err as Error).message}`);
    }
  }
}

async function searchLoop(offset: number) {
  for (let i = offset; performance.now() < stopAt; i++) {
    const t0 = performance.now();
    try {
      const res = await fetch(`${server.url}/api/rm/search`, {
        method: 'POST',
        headers: { authorization: `Bearer ${RM_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ query: RM_QUERIES[i % RM_QUERIES.length], k: 3 }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      await res.arrayBuffer();
      if (!counted(t0)) continue;
      if (!res.ok) {
        search.errors++;
        noteError(`search ${res.status}`);
        continue;
      }
      search.latency.push(performance.now() - t0);
      search.ok++;
    } catch (err) {
      if (!counted(t0)) continue;
      search.errors++;
      noteError(`search ${(err as Error).message}`);
    }
  }
}

/**
 * The /healthz probe, in its own thread at the server's priority (created before this thread
 * lowers its own): a health checker is another process in production, and its latency must not
 * include the time this busy, niced thread takes to get to a response.
 */
const HEALTH_PROBE = `
const { parentPort, workerData } = require('node:worker_threads');
parentPort.once('message', async ({ warmupMs, durationMs }) => {
  const from = performance.now() + warmupMs, stop = from + durationMs;
  const latency = []; let ok = 0, errors = 0;
  while (performance.now() < stop) {
    const t0 = performance.now();
    try {
      const res = await fetch(workerData.url + '/healthz', { signal: AbortSignal.timeout(workerData.timeoutMs) });
      await res.arrayBuffer();
      if (t0 >= from) { if (res.ok) { latency.push(performance.now() - t0); ok++; } else errors++; }
    } catch { if (t0 >= from) errors++; }
    await new Promise((r) => setTimeout(r, 100));
  }
  parentPort.postMessage({ latency, ok, errors });
});`;
const healthProbe = new Worker(HEALTH_PROBE, {
  eval: true,
  workerData: { url: server.url, timeoutMs: REQUEST_TIMEOUT_MS },
});

function healthLoop(): Promise<void> {
  return new Promise((resolve, reject) => {
    healthProbe.once('message', (r: typeof health) => {
      Object.assign(health, r);
      resolve();
    });
    healthProbe.once('error', reject);
    healthProbe.postMessage({ warmupMs: warmup * 1000, durationMs: duration * 1000 });
  });
}

// The clients share the server's cores here (in production they are other machines): they yield
// to the server so its event-loop delay measures the server, not the bench's own JSON parsing.
// Set after the server and Chroma started (children inherit a process's niceness); on Linux it is
// this thread's, the one that runs every client loop.
if (clientNice) os.setPriority(clientNice);

let delay: Record<string, number> = {};
const loadStart = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
try {
  const started = performance.now();
  measureFrom = started + warmup * 1000;
  stopAt = measureFrom + duration * 1000;
  // A scrape resets the server's event-loop histogram: the measured window starts after warm-up.
  const reset = new Promise<void>((resolve) =>
    setTimeout(() => eventLoopDelay(server.url).then(() => resolve(), resolve), warmup * 1000),
  );
  await Promise.all([
    reset,
    // The first customers of the ingested corpus (same generator, same seed).
    ...[...generateCustomers({ seed: 42, count: chats })].map((g, i) => chatLoop(g.customer.id, i)),
    ...Array.from({ length: searches }, (_, i) => searchLoop(i * 3)),
    healthLoop(),
  ]);
  const wall = (performance.now() - measureFrom) / 1000;
  delay = await eventLoopDelay(server.url);
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–');
  const section = `## Under load

Command: \`npm run bench:load -- --duration ${duration} --chats ${chats} --searches ${searches} --warmup ${warmup} --client-nice ${clientNice}\` (${new Date().toISOString()}, ${os.availableParallelism()} cores, load average ${loadStart} at the start, ${load} at the end).
The real server (\`tsx server/main.ts\`: template generator, offline embedder, fallback reranker, recommender in its
worker pool at the default size) over ${N.toLocaleString('en')} customers in a Chroma child, on 127.0.0.1; in the bench process, closed
loops for ${warmup} s of warm-up (not counted) then ${duration} s: ${chats} customer chats (one customer each, a new message as soon as the last answer ended), ${searches} RM
searches (hybrid+rerank, ${RM_QUERIES.length} rotating queries) and a /healthz probe every 100 ms (its own thread at the server's
priority). Event-loop delay is the
server's (\`perf_hooks.monitorEventLoopDelay\` via prom-client, over the run). Targets: event-loop p99 ≤ 50 ms, /healthz
p99 ≤ 50 ms, zero errors, chat first byte p95 ≤ 1 s. The chat and search clients run at nice ${clientNice} (they stand in for
other machines).

| measure | p50 ms | p95 ms | p99 ms | max ms | completed | per s | errors |
|---|---|---|---|---|---|---|---|
| server event-loop delay | ${f(delay.p50)} | – | ${f(delay.p99)} | ${f(delay.max)} | – | – | – |
| /healthz | ${f(pct(health.latency, 50))} | ${f(pct(health.latency, 95))} | ${f(pct(health.latency, 99))} | ${f(Math.max(...health.latency))} | ${health.ok} | ${f(health.ok / wall)} | ${health.errors} |
| chat first byte | ${f(pct(chat.firstByte, 50))} | ${f(pct(chat.firstByte, 95))} | ${f(pct(chat.firstByte, 99))} | ${f(Math.max(...chat.firstByte))} | ${chat.ok} | ${f(chat.ok / wall)} | ${chat.errors} |
| chat first text | ${f(pct(chat.firstText, 50))} | ${f(pct(chat.firstText, 95))} | ${f(pct(chat.firstText, 99))} | ${f(Math.max(...chat.firstText))} | ${chat.firstText.length} | – | – |
| chat whole turn | ${f(pct(chat.turn, 50))} | ${f(pct(chat.turn, 95))} | ${f(pct(chat.turn, 99))} | ${f(Math.max(...chat.turn))} | ${chat.ok} | – | – |
| RM search | ${f(pct(search.latency, 50))} | ${f(pct(search.latency, 95))} | ${f(pct(search.latency, 99))} | ${f(Math.max(...search.latency))} | ${search.ok} | ${f(search.ok / wall)} | ${search.errors} |
${errorSamples.length ? `\nFirst errors: ${errorSamples.map((e) => `\`${e}\``).join('; ')}\n` : ''}`;
  if (!values['no-write']) writeBenchmarkSection('bench:load', 'Under load', section);
  process.stdout.write(section);
} finally {
  await healthProbe.terminate();
  server.stop();
  await chroma.stop();
}
process.exit(0);
