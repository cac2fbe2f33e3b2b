/**
 * `npm run eval:retrieval [-- --customers 2000]`: retrieval quality of RM search and of the chat's
 * passage retrieval, for the variants dense-only, BM25-only, hybrid (RRF) and hybrid + rerank.
 *
 * 1. RM search: the labeled queries (eval/retrieval/queries.json) against a real Chroma holding
 *    N synthetic customers (seed 42), through the app's POST /api/rm/search (in process). Ground
 *    truth from the generator's attributes (labels.ts). Filter precision, nDCG@3, MRR@10, Recall@20.
 * 2. Bank FAQs (real data, ../shared/data/bank-faqs): every unique answer indexed as a knowledge
 *    passage; each held-out question (never used to train the offline embedder) retrieves; the
 *    relevant passage is its answer. MRR@10 and Recall@10.
 * Writes eval/retrieval/results.json and docs/RETRIEVAL.md.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PRODUCT_IDS } from '../../domain/catalog/index.ts';
import { customerMetadata } from '../../domain/customer-metadata.ts';
import { generateCustomers } from '../../data/synthetic/index.ts';
import { FAQ_FILE, isHeldOutFaq, readFaqPairs } from '../../ml/embedder/offline/corpus.ts';
import { matchesConstraints } from '../../server/retrieval/filter/index.ts';
import { buildPassageIndex, retrievePassages } from '../../server/retrieval/passages.ts';
import type { SearchVariant } from '../../domain/api/search.ts';
import { startTestStack } from '../stack/stack.ts';
import { REPO_ROOT, SHARED_DATA_DIR, startTestChroma } from '../stack/fixtures.ts';
import { filterConstraints, loadQueries, matchesIntent } from './labels.ts';
import { mean, ndcgAtK, recallAtK, reciprocalRank } from '../../ml/metrics/ranking.ts';
import { renderRetrievalDoc } from './report.ts';
import { loadPhrasings, scorePhrasing, summarizePhrasings } from './phrasings.ts';
import type { ParsedQuery } from '../../domain/api/search.ts';

const VARIANTS: SearchVariant[] = ['dense', 'bm25', 'hybrid', 'hybrid+rerank'];
const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};

export interface RmVariantResult {
  variant: SearchVariant;
  filterPrecision: number;
  checked: number;
  ndcg3: number;
  mrr10: number;
  recall20: number;
  recall20capped: number;
  meanMs: number;
}
export interface FaqVariantResult {
  variant: SearchVariant;
  mrr10: number;
  recall10: number;
  meanMs: number;
}

async function main() {
  const customersN = arg('customers', 2000);
  const seed = 42;
  const started = Date.now();
  process.stderr.write(
    `eval:retrieval — ${customersN} synthetic customers (seed ${seed}), real Chroma, offline embedder\n`,
  );
  const stack = await startTestStack({ customers: customersN, seed, knowledge: 0, recommender: false });
  const { embedder, reranker } = stack.deps;
  const gen = [...generateCustomers({ seed, count: customersN })];
  const queries = loadQueries();

  // Ground truth.
  const labels = queries.map((q) => {
    const constraints = filterConstraints(q.filter);
    const satisfying = new Set<string>();
    const relevant = new Set<string>();
    for (const g of gen) {
      if (!matchesConstraints(customerMetadata(g.customer, PRODUCT_IDS), constraints)) continue;
      satisfying.add(g.customer.id);
      if (matchesIntent(g.customer, g.preferences, q.intent)) relevant.add(g.customer.id);
    }
    return { q, constraints, satisfying, relevant };
  });
  const groundTruth = Object.fromEntries(
    labels.map((l) => [l.q.id, { query: l.q.query, satisfying: l.satisfying.size, relevant: [...l.relevant].sort() }]),
  );
  writeFileSync(
    path.join(REPO_ROOT, 'eval', 'retrieval', `relevant.seed${seed}.n${customersN}.json`),
    `${JSON.stringify({ seed, customers: customersN, queries: groundTruth }, null, 1)}\n`,
  );

  const rm: RmVariantResult[] = [];
  const perQuery: Record<string, Record<string, { ndcg3: number; mrr10: number; parsed: unknown }>> = {};
  for (const variant of VARIANTS) {
    const nd: number[] = [],
      mr: number[] = [],
      rc: number[] = [],
      rcc: number[] = [],
      times: number[] = [];
    let ok = 0,
      checked = 0;
    for (const l of labels) {
      const t0 = performance.now();
      const res = await stack.app.request('/api/rm/search', {
        method: 'POST',
        headers: stack.rm(),
        body: JSON.stringify({ query: l.q.query, k: 20, variant }),
      });
      times.push(performance.now() - t0);
      if (res.status !== 200) throw new Error(`${l.q.id}: HTTP ${res.status} ${await res.text()}`);
      const body = (await res.json()) as { results: { customerId: string }[]; parsed: unknown };
      const ranked = body.results.map((r) => r.customerId);
      for (const id of ranked) {
        checked++;
        if (l.satisfying.has(id)) ok++;
      }
      nd.push(ndcgAtK(l.relevant, ranked, 3));
      mr.push(reciprocalRank(l.relevant, ranked, 10));
      rc.push(recallAtK(l.relevant, ranked, 20));
      rcc.push(recallAtK(l.relevant, ranked, 20, { capped: true }));
      (perQuery[l.q.id] ??= {})[variant] = {
        ndcg3: nd.at(-1)!,
        mrr10: mr.at(-1)!,
        parsed: variant === 'hybrid+rerank' ? body.parsed : undefined,
      };
    }
    rm.push({
      variant,
      filterPrecision: checked ? ok / checked : 1,
      checked,
      ndcg3: mean(nd),
      mrr10: mean(mr),
      recall20: mean(rc),
      recall20capped: mean(rcc),
      meanMs: mean(times),
    });
    process.stderr.write(`rm ${variant}: ${JSON.stringify(rm.at(-1))}\n`);
  }
  // Hand-written RM phrasings: the parse against the expected constraints and warnings, and every
  // returned customer (top 20) against the hand-written filter.
  const phrasingScores = [];
  let phrasingOk = 0;
  let phrasingChecked = 0;
  for (const p of loadPhrasings()) {
    const res = await stack.app.request('/api/rm/search', {
      method: 'POST',
      headers: stack.rm(),
      body: JSON.stringify({ query: p.query, k: 20 }),
    });
    if (res.status !== 200) throw new Error(`${p.id}: HTTP ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { results: { customerId: string }[]; parsed: ParsedQuery };
    phrasingScores.push(scorePhrasing(p, { ...body.parsed, k: body.parsed.k ?? undefined }));
    const constraints = filterConstraints(p.filter);
    const byId = new Map(gen.map((g) => [g.customer.id, g.customer]));
    for (const r of body.results) {
      phrasingChecked++;
      const c = byId.get(r.customerId);
      if (c && matchesConstraints(c, constraints)) phrasingOk++;
    }
  }
  const phrasings = {
    ...summarizePhrasings(phrasingScores),
    filterPrecision: phrasingChecked ? phrasingOk / phrasingChecked : 1,
    checked: phrasingChecked,
    misses: phrasingScores
      .filter((s) => s.missing.length || s.extra.length || s.missingWarnings.length || !s.kOk)
      .map((s) => ({
        id: s.id,
        query: s.query,
        missing: s.missing,
        extra: s.extra,
        missingWarnings: s.missingWarnings,
      })),
  };
  process.stderr.write(`phrasings: ${JSON.stringify({ ...phrasings, misses: phrasings.misses.length })}\n`);
  await stack.stop();

  // Bank FAQ question → answer.
  let faq: FaqVariantResult[] = [];
  let faqInfo = { answers: 0, questions: 0, file: FAQ_FILE };
  if (existsSync(path.join(SHARED_DATA_DIR, FAQ_FILE))) {
    const pairs = await readFaqPairs(SHARED_DATA_DIR);
    const answerId = new Map<string, string>();
    for (const p of pairs) if (!answerId.has(p.answer)) answerId.set(p.answer, `ans-${answerId.size}`);
    const heldOut = [
      ...new Map(pairs.filter((p) => isHeldOutFaq(p.question)).map((p) => [p.question, p])).values(),
    ].slice(0, arg('faq-limit', 100_000));
    const relevantFor = (q: string) =>
      new Set(pairs.filter((p) => p.question === q).map((p) => answerId.get(p.answer)!));
    const chroma = await startTestChroma();
    try {
      await chroma.store.ensureCollection('knowledge', embedder);
      const answers = [...answerId.entries()];
      for (let i = 0; i < answers.length; i += 64) {
        const batch = answers.slice(i, i + 64);
        const vecs = await embedder.embed(batch.map(([a]) => a));
        await chroma.store.upsert(
          'knowledge',
          batch.map(([a, id], j) => ({ id, embedding: vecs[j], document: a, metadata: { source: 'bank-faqs' } })),
        );
      }
      const index = await buildPassageIndex(chroma.store);
      faqInfo = { answers: answers.length, questions: heldOut.length, file: FAQ_FILE };
      for (const variant of VARIANTS) {
        const mr: number[] = [],
          rc: number[] = [],
          times: number[] = [];
        for (const p of heldOut) {
          const t0 = performance.now();
          const got = await retrievePassages(
            { store: chroma.store, embedder, reranker, index, products: [] },
            p.question,
            undefined,
            { k: 10, variant },
          );
          times.push(performance.now() - t0);
          const rel = relevantFor(p.question);
          const ranked = got.map((g) => g.id);
          mr.push(reciprocalRank(rel, ranked, 10));
          rc.push(recallAtK(rel, ranked, 10));
        }
        faq.push({ variant, mrr10: mean(mr), recall10: mean(rc), meanMs: mean(times) });
        process.stderr.write(`faq ${variant}: ${JSON.stringify(faq.at(-1))}\n`);
      }
    } finally {
      await chroma.stop();
    }
  } else {
    process.stderr.write(`${FAQ_FILE} not found under ${SHARED_DATA_DIR}: FAQ evaluation skipped\n`);
    faq = [];
  }

  const results = {
    createdAt: new Date().toISOString(),
    command: `npm run eval:retrieval -- --customers ${customersN}`,
    embedder: { id: embedder.id, kind: embedder.kind, fileHash: embedder.fileHash },
    reranker: reranker.id,
    customers: customersN,
    seed,
    queries: queries.length,
    relevantPerQuery: {
      min: Math.min(...labels.map((l) => l.relevant.size)),
      median: labels.map((l) => l.relevant.size).sort((a, b) => a - b)[labels.length >> 1],
      max: Math.max(...labels.map((l) => l.relevant.size)),
    },
    rm,
    phrasings,
    faq,
    faqInfo,
    perQuery,
    wallS: Math.round((Date.now() - started) / 1000),
  };
  mkdirSync(path.join(REPO_ROOT, 'eval', 'retrieval'), { recursive: true });
  writeFileSync(path.join(REPO_ROOT, 'eval', 'retrieval', 'results.json'), `${JSON.stringify(results, null, 1)}\n`);
  writeFileSync(path.join(REPO_ROOT, 'docs', 'RETRIEVAL.md'), renderRetrievalDoc(results));
  process.stderr.write(`wrote eval/retrieval/results.json and docs/RETRIEVAL.md (${results.wallS}s)\n`);
  const bad = [...rm, { variant: 'phrasings', filterPrecision: phrasings.filterPrecision }].filter(
    (r) => r.filterPrecision !== 1,
  );
  if (bad.length) {
    process.stderr.write(
      `FILTER PRECISION BELOW 1.0: ${bad.map((b) => `${b.variant} ${b.filterPrecision}`).join(', ')}\n`,
    );
    process.exit(1);
  }
  process.exit(0);
}

main().catch((err) => {
  process.stderr.write(`eval:retrieval failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
