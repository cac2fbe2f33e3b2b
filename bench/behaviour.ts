/**
 * Behaviour benchmark: transaction generation and feature computation throughput.
 *   npx tsx bench/behaviour.ts [--customers 100000] [--seed 42]
 * Customers stream one at a time (bounded memory). Each phase is reported as a ratio against a
 * reference measured in the same run on the same rows, so machine noise cancels out:
 *   generation  vs  serializing the same rows with JSON.stringify (the floor for writing them);
 *   features    vs  one pass totalling amounts by (month, category) in a Map (the floor for aggregating them).
 */
import { parseArgs } from 'node:util';
import { cpus } from 'node:os';
import { generateTransactions } from '../data/transactions/generate.ts';
import { formatTransactions } from '../data/transactions/write.ts';
import { variedCustomers } from '../testkit/transactions-customers.ts';
import { computeBehaviour } from '../data/behaviour/features.ts';

const { values } = parseArgs({
  options: { customers: { type: 'string', default: '100000' }, seed: { type: 'string', default: '42' } },
});
const count = Number(values.customers);
const seed = Number(values.seed);

let tGen = 0,
  tFormat = 0,
  tRefJson = 0,
  tFeat = 0,
  tRefSum = 0;
let rows = 0,
  bytes = 0,
  sink = 0;
const t0 = performance.now();
for (const customer of variedCustomers(count)) {
  let a = performance.now();
  const tx = generateTransactions(customer, { seed });
  let b = performance.now();
  tGen += b - a;
  const text = formatTransactions(tx, 'jsonl');
  a = performance.now();
  tFormat += a - b;
  let ref = '';
  for (const r of tx) ref += `${JSON.stringify(r)}\n`;
  b = performance.now();
  tRefJson += b - a;
  const f = computeBehaviour(customer.id, tx);
  a = performance.now();
  tFeat += a - b;
  const totals = new Map<string, number>();
  for (const r of tx) {
    const key = r.date.slice(0, 7) + r.category;
    totals.set(key, (totals.get(key) ?? 0) + r.amount);
  }
  const s = totals.size;
  b = performance.now();
  tRefSum += b - a;
  rows += tx.length;
  bytes += text.length;
  sink += ref.length + f.savingsRate + s; // keep results alive
  if (customer.id.endsWith('0000') && process.stderr.isTTY) process.stderr.write(`\r${customer.id}`);
}
const wall = (performance.now() - t0) / 1000;
const perS = (ms: number) => (count / (ms / 1000)).toFixed(0);
const result = {
  customers: count,
  rows,
  rowsPerCustomer: +(rows / count).toFixed(1),
  jsonlMB: +(bytes / 1e6).toFixed(0),
  generation: {
    seconds: +(tGen / 1000).toFixed(1),
    customersPerS: +perS(tGen),
    rowsPerS: +(rows / (tGen / 1000)).toFixed(0),
  },
  generationPlusJsonl: { seconds: +((tGen + tFormat) / 1000).toFixed(1), customersPerS: +perS(tGen + tFormat) },
  referenceJsonStringify: { seconds: +(tRefJson / 1000).toFixed(1) },
  generationPlusJsonlVsReference: +((tGen + tFormat) / tRefJson).toFixed(2),
  features: {
    seconds: +(tFeat / 1000).toFixed(1),
    customersPerS: +perS(tFeat),
    rowsPerS: +(rows / (tFeat / 1000)).toFixed(0),
  },
  referenceGroupByPass: { seconds: +(tRefSum / 1000).toFixed(2) },
  featuresVsReference: +(tFeat / tRefSum).toFixed(1),
  wallSeconds: +wall.toFixed(1),
  cpus: cpus().length,
  node: process.version,
  checksum: sink > 0,
};
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
