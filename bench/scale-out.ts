/**
 * Scale-out benchmark: `npm run bench:scale-out -- [--customers 300] [--duration 10] [--connections 8]`.
 *
 * One throwaway PostgreSQL and one Chroma (the test stack's ingested synthetic customers); real
 * server processes (`tsx server/main.ts`, template generator) started from the environment like
 * deployed instances. autocannon drives a fixed mix — RM search (POST /api/rm/search, rotating
 * queries) and customer chat (POST /api/chat, a new conversation each, so every chat writes an audit
 * record and a conversation row) alternating 1:1 — at the same total concurrency against:
 *   1. one instance with the embedded state (no DATABASE_URL), for what PostgreSQL costs;
 *   2. one instance on PostgreSQL — the reference;
 *   3. two instances on the same PostgreSQL and Chroma, connections split between them.
 * Reported: requests/s and the ratio to the reference, p50/p99 latency, non-2xx counts, and the
 * audit chain verified after the two-instance run. Writes the "Scale-out" section of docs/BENCHMARKS.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { testConfig } from '../lib/config/index.ts';
import { silentLogger } from '../lib/log/index.ts';
import { startTestStack } from '../eval/stack/stack.ts';
import { PgAuditLog } from '../server/db/audit-log.ts';
import { openDatabase } from '../server/db/index.ts';
import { startTestPostgres } from '../testkit/postgres.ts';
import { type ServerInstance, stackInstanceEnv, startServerInstance } from '../testkit/server-instance.ts';
import { writeBenchmarkSection } from './doc-section.ts';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    customers: { type: 'string', default: '300' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '8' },
    'no-write': { type: 'boolean', default: false },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);

const QUERIES = [
  'customers with credit score over 750 interested in investment products',
  'high-income young professionals saving to buy a home',
  'clients nearing retirement planning for retirement income',
  'risk-averse customers building savings',
  'affluent customers interested in wealth management',
  'customers interested in sustainable ESG investing',
];
const CHATS = [
  'Which savings product suits me?',
  'Can I get a better rate on my savings?',
  'What credit card would suit me?',
  'Should I consider an ISA?',
  'How could I save for a house deposit?',
  'What mortgage could I get?',
];

const loadAtStart = os.loadavg()[0]!;
const [pg, stack] = await Promise.all([
  startTestPostgres(),
  startTestStack({ customers: Number(values.customers), recommender: false, intent: false }),
]);
const stateDir = mkdtempSync(path.join(os.tmpdir(), 'meridian-bench-scale-'));
const env = (database: boolean): Record<string, string> =>
  stackInstanceEnv(stack, { stateDir, ...(database ? { databaseUrl: pg.url } : {}), rateLimitPerMin: 1_000_000 });

const tokens = await Promise.all(stack.customers.slice(0, CHATS.length).map((c) => stack.customerToken(c.id)));
const mix = QUERIES.flatMap((query, i) => [
  {
    method: 'POST' as const,
    path: '/api/rm/search',
    headers: { authorization: `Bearer ${stack.rmKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query, k: 5 }),
  },
  {
    method: 'POST' as const,
    path: '/api/chat',
    headers: { authorization: `Bearer ${tokens[i]}`, 'content-type': 'application/json' },
    body: JSON.stringify({ message: CHATS[i] }),
  },
]);

interface Load {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
}

/** The mix against each instance at once, `connections` split evenly; totals summed, latency of the slowest. */
async function drive(instances: ServerInstance[], seconds: number): Promise<Load> {
  const per = Math.max(1, Math.floor(connections / instances.length));
  const results = await Promise.all(
    instances.map((i) => autocannon({ url: i.url, connections: per, duration: seconds, requests: mix })),
  );
  const requests = results.reduce((s, r) => s + r.requests.total, 0);
  return {
    requests,
    rps: requests / seconds,
    p50: Math.max(...results.map((r) => r.latency.p50)),
    p99: Math.max(...results.map((r) => r.latency.p99)),
    non2xx: results.reduce((s, r) => s + r.non2xx + r.errors, 0),
  };
}

async function measure(count: number, database: boolean): Promise<Load> {
  const instances = await Promise.all(Array.from({ length: count }, () => startServerInstance({ env: env(database) })));
  try {
    await drive(instances, 2); // warm-up: JIT, pools, Chroma caches
    return await drive(instances, duration);
  } finally {
    await Promise.all(instances.map((i) => i.stop()));
  }
}

process.stderr.write('one instance, embedded state…\n');
const embedded = await measure(1, false);
process.stderr.write('one instance, PostgreSQL…\n');
const one = await measure(1, true);
process.stderr.write('two instances, PostgreSQL…\n');
const two = await measure(2, true);

const db = await openDatabase({ ...testConfig(), databaseUrl: pg.url }, silentLogger);
const verdict = await new PgAuditLog(db).verify();
await db.close();
await Promise.all([pg.stop(), stack.stop()]);
rmSync(stateDir, { recursive: true, force: true });

const row = (name: string, l: Load) =>
  `| ${name} | ${l.rps.toFixed(1)} | **${(l.rps / one.rps).toFixed(2)}** | ${l.p50} / ${l.p99} | ${l.non2xx} |`;
const section = `## Scale-out

Throughput of the RM search + chat mix (1:1, ${QUERIES.length} rotating searches, chats as ${CHATS.length} customers, each chat
a new conversation: an audit record and a conversation row per chat) on real server processes, ${connections} connections in
total for ${duration} s after a 2 s warm-up, ${values.customers} synthetic customers in one shared Chroma, template generator.
Reference in the same run: one instance on PostgreSQL. Machine: ${os.cpus().length} cores, load average ${loadAtStart.toFixed(1)} at start.

Command: \`npm run bench:scale-out -- --customers ${values.customers} --duration ${duration} --connections ${connections}\`

| set-up | requests/s | ratio | p50 / p99 ms | non-2xx |
|---|---|---|---|---|
${row('one instance, embedded state (memory + JSONL)', embedded)}
${row('one instance, PostgreSQL (reference)', one)}
${row('two instances, one PostgreSQL', two)}

A second instance adds throughput only where there are idle cores for it: every part here (both instances, Chroma,
PostgreSQL, autocannon) shares this machine's cores, so the two-instance figure is the cost of coordination through the
database with no extra hardware, not a scaling factor; in a deployment each instance gets its own cores (docs/DEPLOYMENT.md).
What PostgreSQL costs one instance: per API request one rate-limit upsert; per chat a readiness ping, one conversation
upsert and one audit transaction on the chain head row.

Audit chain after all runs: ${verdict.ok ? `${verdict.length} records from every instance verify as one chain` : `BROKEN at ${verdict.brokenAt} (${verdict.reason})`}.
`;
if (!values['no-write']) writeBenchmarkSection('bench:scale-out', 'Scale-out', section);
process.stdout.write(section);
process.exit(0);
