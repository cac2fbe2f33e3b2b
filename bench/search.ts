import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import os from 'node:os';
import autocannon from 'autocannon';
import { ensureIngested, machineBusyMs, RM_KEY, RM_QUERIES as QUERIES, startServer, treeCpuMs } from './harness.ts';
import { freePort, startChroma } from '../lib/chroma-server/index.ts';
import { ChromaVectorStore } from '../lib/vector-store/chroma.ts';
import { PRODUCTS } from '../domain/catalog/index.ts';
import { createFilterParser } from '../server/retrieval/filter/index.ts';
import { LexicalIndex } from '../server/retrieval/bm25.ts';
import { MiniSearchLexicalIndex } from '../testkit/bm25-reference.ts';
import { createTestEmbedder, getTestModelsDir } from '../eval/stack/fixtures.ts';
import { writeBenchmarkSection } from './doc-section.ts';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    sizes: { type: 'string', default: '10000,100000' },
    duration: { type: 'string', default: '10' },
    'no-write': { type: 'boolean', default: false },
  },
});
const sizes = values.sizes!.split(',').map(Number);
const duration = Number(values.duration);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

async function stageSums(url: string): Promise<Record<string, { sum: number; count: number }>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const out: Record<string, { sum: number; count: number }> = {};
  for (const m of text.matchAll(/meridian_retrieval_stage_seconds_(sum|count)\{stage="(\w+)"\} ([\d.e+-]+)/g)) {
    (out[m[2]] ??= { sum: 0, count: 0 })[m[1] as 'sum' | 'count'] = Number(m[3]);
  }
  return out;
}

/** The processes whose CPU a search costs: the server and Chroma. */
interface CpuSources {
  serverPid?: number;
  chromaPid?: number;
}

async function cannon(url: string, connections: number, variant: string, seconds: number, cpu: CpuSources = {}) {
  const before = await stageSums(url);
  const cpu0 = { server: treeCpuMs(cpu.serverPid), chroma: treeCpuMs(cpu.chromaPid), machine: machineBusyMs() };
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: QUERIES.map((q) => ({
      method: 'POST' as const,
      path: '/api/rm/search',
      headers: { authorization: `Bearer ${RM_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: q, k: 3, variant }),
    })),
  });
  const cpuMs = {
    server: treeCpuMs(cpu.serverPid) - cpu0.server,
    chroma: treeCpuMs(cpu.chromaPid) - cpu0.chroma,
    machine: machineBusyMs() - cpu0.machine,
  };
  const after = await stageSums(url);
  const stages: Record<string, number> = {};
  for (const [stage, a] of Object.entries(after)) {
    const b = before[stage] ?? { sum: 0, count: 0 };
    stages[stage] = a.count > b.count ? ((a.sum - b.sum) / (a.count - b.count)) * 1000 : 0;
  }
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: result.requests.average,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    stages,
    // Per completed request: what the server and Chroma burn, and the machine in all (incl. the client).
    cpuPerRequest: {
      server: cpuMs.server / Math.max(1, result.requests.total),
      chroma: cpuMs.chroma / Math.max(1, result.requests.total),
      machine: cpuMs.machine / Math.max(1, result.requests.total),
    },
  };
}

interface Row {
  n: number;
  variant: string;
  c: number;
  p50: number;
  p99: number;
  rps: number;
  total: number;
  non2xx: number;
  errors: number;
  stages: Record<string, number>;
  cpuPerRequest: { server: number; chroma: number; machine: number };
  rawP50: number;
  rawP99: number;
  rawIdsP50: number;
}
const rows: Row[] = [];
interface LexRow {
  n: number;
  buildFast: number;
  buildRef: number;
  fastP50: number;
  fastP99: number;
  refP50: number;
  refP99: number;
  sameTop: number;
  queries: number;
}
const lexRows: LexRow[] = [];

/** Production BM25 vs the MiniSearch reference on the same documents and queries, in this process. */
async function lexicalCompare(n: number, store: ChromaVectorStore): Promise<{ row: LexRow; index: LexicalIndex }> {
  const fast = new LexicalIndex();
  const ref = new MiniSearchLexicalIndex();
  let buildFast = 0;
  let buildRef = 0;
  for (let offset = 0; offset < n; offset += 2000) {
    const page = await store.get('customers', { limit: 2000, offset, include: ['documents', 'metadatas'] });
    let t0 = performance.now();
    fast.add(page);
    buildFast += performance.now() - t0;
    t0 = performance.now();
    ref.add(page);
    buildRef += performance.now() - t0;
  }
  const parser = createFilterParser(PRODUCTS);
  const parsed = QUERIES.map((q) => {
    const p = parser.parse(q);
    return { text: p.semanticQuery || q, constraints: p.constraints };
  });
  const tf: number[] = [];
  const tr: number[] = [];
  let sameTop = 0;
  const reps = n >= 50_000 ? 3 : 10;
  for (let rep = 0; rep < reps; rep++) {
    for (const p of parsed) {
      let t0 = performance.now();
      const a = fast.search(p.text, { constraints: p.constraints, limit: 50 });
      tf.push(performance.now() - t0);
      t0 = performance.now();
      const b = ref.search(p.text, { constraints: p.constraints, limit: 50 });
      tr.push(performance.now() - t0);
      if (
        rep === 0 &&
        a.length === b.length &&
        a.every((h, i) => h.id === b[i].id && Math.abs(h.score - b[i].score) <= 1e-5)
      )
        sameTop++;
    }
  }
  const row = {
    n,
    buildFast,
    buildRef,
    fastP50: pct(tf, 50),
    fastP99: pct(tf, 99),
    refP50: pct(tr, 50),
    refP99: pct(tr, 99),
    sameTop,
    queries: parsed.length,
  };
  process.stderr.write(
    `${n} lexical: typed-array p50 ${row.fastP50.toFixed(2)} ms, MiniSearch p50 ${row.refP50.toFixed(1)} ms, identical top-50 ${sameTop}/${parsed.length}\n`,
  );
  return { row, index: fast };
}
const modelsDir = await getTestModelsDir();
for (const n of sizes) {
  const dataDir = await ensureIngested(n);
  const chroma = await startChroma({ dataDir, port: await freePort(), handleSignals: true, timeoutMs: 60_000 });
  const server = await startServer(chroma.url, modelsDir);
  try {
    // Reference: raw Chroma query with the same parsed where + the same query vectors, sequential.
    const embedder = await createTestEmbedder();
    const store = new ChromaVectorStore({ url: chroma.url });
    const parser = createFilterParser(PRODUCTS);
    const lex = await lexicalCompare(n, store);
    lexRows.push(lex.row);
    const prepared = await Promise.all(
      QUERIES.map(async (q) => {
        const p = parser.parse(q);
        const ids = p.constraints.length ? lex.index.filterIds(p.constraints) : undefined;
        return { where: p.where, ids, vec: (await embedder.embed([p.semanticQuery || q]))[0] };
      }),
    );
    // Two floors, alternating: the query with the parsed `where` (what Chroma alone would do), and
    // the query the server's dense stage now sends (the filter evaluated on its columns → ids).
    const raw: number[] = [];
    const rawIds: number[] = [];
    for (let i = 0; i < 120; i++) {
      const p = prepared[i % prepared.length];
      let t0 = performance.now();
      await store.query('customers', p.vec, { k: 50, where: p.where ?? undefined, embedder, include: [] });
      if (i >= 12) raw.push(performance.now() - t0);
      if (p.ids?.length === 0) continue;
      t0 = performance.now();
      await store.query('customers', p.vec, {
        k: p.ids ? Math.min(50, p.ids.length) : 50,
        ...(p.ids ? { ids: p.ids } : {}),
        embedder,
        include: [],
      });
      if (i >= 12) rawIds.push(performance.now() - t0);
    }
    const rawP50 = pct(raw, 50),
      rawP99 = pct(raw, 99),
      rawIdsP50 = pct(rawIds, 50);
    await cannon(server.url, 1, 'hybrid', 3); // warm-up
    for (const variant of ['hybrid', 'hybrid+rerank']) {
      for (const c of [1, 16]) {
        const r = await cannon(server.url, c, variant, duration, { serverPid: server.pid, chromaPid: chroma.pid });
        rows.push({ n, variant, c, ...r, rawP50, rawP99, rawIdsP50 });
        process.stderr.write(
          `${n} ${variant} c=${c}: p50 ${r.p50} ms p99 ${r.p99} ms ${r.rps.toFixed(1)} req/s (raw chroma p50 ${rawP50.toFixed(1)} ms) stages ${JSON.stringify(r.stages)}\n`,
        );
      }
    }
  } finally {
    server.stop();
    await chroma.stop();
  }
}

const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const cores = os.availableParallelism();
const f = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–');
const table = rows
  .map(
    (r) =>
      `| ${r.n.toLocaleString('en')} | ${r.variant} | ${r.c} | ${f(r.p50)} | ${f(r.p99)} | ${f(r.rps)} | ${r.total} | ${r.non2xx + r.errors} | ${['parse', 'embed', 'vector', 'bm25', 'fuse', 'rerank'].map((s) => f(r.stages[s] ?? 0)).join(' / ')} | ${f(r.rawP50)} / ${f(r.rawP99)} | ${(r.p50 / r.rawP50).toFixed(2)} | ${f(r.rawIdsP50)} | ${(r.p50 / r.rawIdsP50).toFixed(2)} | ${f(r.cpuPerRequest.server)} / ${f(r.cpuPerRequest.chroma)} / ${f(r.cpuPerRequest.machine)} | ${f((cores * 1000) / r.cpuPerRequest.machine)} |`,
  )
  .join('\n');
const lexTable = lexRows
  .map(
    (r) =>
      `| ${r.n.toLocaleString('en')} | ${r.fastP50.toFixed(2)} / ${r.fastP99.toFixed(2)} | ${r.refP50.toFixed(1)} / ${r.refP99.toFixed(1)} | ${(r.refP50 / r.fastP50).toFixed(0)}× | ${r.sameTop}/${r.queries} | ${(r.buildFast / 1000).toFixed(1)} / ${(r.buildRef / 1000).toFixed(1)} |`,
  )
  .join('\n');
const section = `## RM search

Command: \`npm run bench:search -- --sizes ${sizes.join(',')} --duration ${duration}\` (${new Date().toISOString()}, load average at the end: ${load}).
The real server (\`tsx server/main.ts\`, offline embedder, fallback reranker, Chroma child via CHROMA_URL) in its
own process on 127.0.0.1; autocannon in the bench process, ${QUERIES.length} rotating RM queries, k = 3, ${duration} s per cell.
\`hybrid\` = parse + dense (Chroma with where) + BM25 (filtered) + RRF, no rerank stage; \`hybrid+rerank\` adds the
fallback reranker over the top 20 (the cross-encoder's weights are not available here). Stage means (ms) from the
server's \`meridian_retrieval_stage_seconds\` histogram during the cell (concurrent stages overlap, so they can exceed
p50). References in the same run, sequential, no server, same query vectors, k = 50, ids + distances only,
alternating: **raw Chroma (where)** = the query with the parsed \`where\` (Chroma evaluating the filter), and
**raw Chroma (ids)** = the query the dense stage now sends (the filter evaluated on the server's typed-array columns,
Chroma searching the matching ids). Ratio = search p50 ÷ that floor's p50. The fallback reranker takes the dense
cosines and the stored vectors (no re-embedding); candidates' documents and metadata come from memory.
Targets at 10k: hybrid+rerank at concurrency 1 p50 ≤ 1.5× raw Chroma (where) p50 and p99 ≤ 150 ms; at concurrency 16, throughput ≥ 4× concurrency 1's.

CPU per request (ms, from /proc over the cell): the server process tree, the Chroma child, and the whole machine
(both cores: server, Chroma, the autocannon client, anything else running). CPU-bound ceiling = ${cores} cores × 1000 ÷ the
machine's CPU ms per request: the most requests/s this machine could serve at that cost, whatever the concurrency.

| customers | variant | concurrency | p50 ms | p99 ms | req/s | requests | errors | stages parse / embed / vector / bm25 / fuse / rerank (mean ms) | raw Chroma (where) p50 / p99 ms | ratio | raw Chroma (ids) p50 ms | ratio | CPU ms per request server / Chroma / machine | CPU-bound ceiling req/s |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
${table}

Lexical stage alone (in the bench process, same documents read from Chroma, the ${QUERIES.length} queries' semantic part + parsed
filters, top 50, alternating the two indexes): production typed-array BM25 (server/retrieval/bm25.ts) vs the MiniSearch
index it replaced (testkit/bm25-reference.ts, the reference).

| customers | typed-array p50 / p99 ms | MiniSearch p50 / p99 ms | speed-up (p50) | identical top 50 (ids, scores ±1e-5) | build s typed / MiniSearch |
|---|---|---|---|---|---|
${lexTable}
`;
if (!values['no-write']) writeBenchmarkSection('bench:search', 'RM search', section);
process.stdout.write(section);
process.exit(0);
