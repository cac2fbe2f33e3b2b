/**
 * Assistant benchmark, in ONE run on this machine:
 *  1. book aggregates (count with a parsed filter, mean, median by segment) over 10k / 100k / 1M
 *     synthetic customers, as a ratio to the floor: one bare loop over the same array;
 *  2. book-wide ranking of one product over 10,000 clients (two-tower scores for every client after
 *     suitability): cold (the batched score matrix) and warm (a scan of the cached matrix);
 *  3. a customer turn on the template composer, plan + tools + answer, through POST /api/chat on the
 *     in-process stack (real Chroma, offline embedder, tiny trained recommender), concurrency 1.
 *
 *   npx tsx bench/assistant.ts [--sizes 10000,100000,1000000] [--turns 60]
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PRODUCTS } from '../domain/catalog/index.ts';
import { generateCustomer } from '../data/synthetic/index.ts';
import type { Customer } from '../domain/index.ts';
import { loadRecommender } from '../ml/recommender/index.ts';
import { trainForTests } from '../eval/stack/recommender.ts';
import { startTestStack } from '../eval/stack/stack.ts';
import { aggregate } from '../server/book/aggregate.ts';
import { InMemoryBook } from '../server/book/book.ts';
import { BookScores } from '../server/book/scores.ts';
import { TemplateGenerator } from '../server/assistant/generators/template.ts';
import { createFilterParser, matchesConstraints } from '../server/retrieval/filter/index.ts';
import { parseUiMessageStream } from '../web/src/shared/sse.ts';

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000,1000000' },
    turns: { type: 'string', default: '60' },
  },
});

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const time = (f: () => unknown, reps = 5) => {
  const out: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    f();
    out.push(performance.now() - t);
  }
  return pct(out, 50);
};
const f1 = (x: number) => x.toFixed(1);

console.log(
  `# Assistant benchmark (${new Date().toISOString()}, ${os.cpus().length} cores, load ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')})\n`,
);

// 1. Aggregates.
const parser = createFilterParser(PRODUCTS);
const filter = parser.parse('retired clients with savings over £50k who hold a mortgage').constraints;
console.log(
  '| customers | floor loop ms | count (parsed filter) ms | ratio | mean income ms | median savings by segment ms | heap MB |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const n of args.sizes.split(',').map(Number)) {
  const customers: Customer[] = new Array(n);
  for (let i = 0; i < n; i++) customers[i] = generateCustomer(42, i).customer;
  const floor = time(() => {
    let s = 0;
    for (const c of customers) s += c.income;
    return s;
  });
  const count = time(() => aggregate(customers, (c) => matchesConstraints(c, filter), { metric: 'count' }));
  const mean = time(() => aggregate(customers, () => true, { metric: 'mean', field: 'income' }));
  const median = time(
    () => aggregate(customers, () => true, { metric: 'median', field: 'savingsBalance', groupBy: 'segment' }),
    3,
  );
  const heap = process.memoryUsage().heapUsed / 2 ** 20;
  console.log(
    `| ${n.toLocaleString('en-GB')} | ${f1(floor)} | ${f1(count)} | ${f1(count / floor)}× | ${f1(mean)} | ${f1(median)} | ${heap.toFixed(0)} |`,
  );
}

// 2. Book-wide ranking of one product over 10,000 clients.
const dir = mkdtempSync(path.join(os.tmpdir(), 'meridian-bench-rec-'));
const { artifactsDir } = await trainForTests({ dir });
const recommender = await loadRecommender({ artifactsDir, products: PRODUCTS });
const book = new InMemoryBook(Array.from({ length: 10_000 }, (_, i) => generateCustomer(42, i).customer));
const scores = new BookScores(book, recommender, PRODUCTS);
let t = performance.now();
await scores.rank(['wealth-premier'], () => true, 10);
const cold = performance.now() - t;
const warm: number[] = [];
for (let i = 0; i < 10; i++) {
  t = performance.now();
  await scores.rank(['mortgage-fixed-5y'], () => true, 10);
  warm.push(performance.now() - t);
}
console.log(
  `\n| book-wide ranking, 10,000 clients | ms |\n| --- | --- |\n| cold (score matrix + scan) | ${f1(cold)} |\n| warm p50 (scan of cached scores) | ${f1(pct(warm, 50))} |`,
);

// 3. Customer turns through the HTTP API on the in-process stack.
const stack = await startTestStack({
  customers: 200,
  knowledge: 100_000,
  deps: { generator: new TemplateGenerator() },
  config: { rateLimitPerMin: 1_000_000, chatsPerPrincipal: 1000 },
});
const messages = [
  'What is the annual fee on the platinum card?',
  'How do I change my PIN?',
  "what's my balance",
  'Thanks, bye',
  'what savings account would suit me?',
  'could I get a mortgage?',
  'compare the cash isa and the easy access saver',
  'where does my money go each month?',
  'is my money guaranteed?',
  'what rate does the bonus saver pay',
];
const totals: number[] = [];
const byIntent = new Map<string, number[]>();
const n = Number(args.turns);
for (let i = 0; i < n; i++) {
  const customer = stack.customers[i % 50]!.id;
  const message = messages[i % messages.length]!;
  t = performance.now();
  const res = await stack.app.request('/api/chat', {
    method: 'POST',
    headers: await stack.asCustomer(customer),
    body: JSON.stringify({ message }),
  });
  const { chunks } = parseUiMessageStream(await res.text());
  const ms = performance.now() - t;
  // The first turn of each customer pays its cold SHAP pass; both are reported.
  totals.push(ms);
  const meta = chunks.find((c) => c.type === 'data-meta') as { data: { plan: { intent: string } } } | undefined;
  const intent = meta?.data.plan.intent ?? 'error';
  byIntent.set(intent, [...(byIntent.get(intent) ?? []), ms]);
}
await stack.stop();
console.log(
  `\n| customer turn (template, c=1, ${n} turns) | p50 ms | p95 ms |\n| --- | --- | --- |\n| all | ${f1(pct(totals, 50))} | ${f1(pct(totals, 95))} |`,
);
for (const [intent, xs] of [...byIntent].sort()) console.log(`| ${intent} | ${f1(pct(xs, 50))} | ${f1(pct(xs, 95))} |`);
process.exit(0);
