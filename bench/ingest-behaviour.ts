/**
 * Customer ingestion with and without the behaviour sentence in the description:
 * `npx tsx bench/ingest-behaviour.ts [--customers 2000] [--rounds 2]`.
 *
 * The same synthetic customers through ingestAll (describe → embed → upsert into a fresh Chroma
 * child), alternating profile-only and with-behaviour runs (A B B A …) so teammates' load on the
 * shared cores falls on both; reports customers/s for each and the ratio.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../lib/config/index.ts';
import { freePort, startChroma } from '../lib/chroma-server/index.ts';
import { ChromaVectorStore } from '../lib/vector-store/chroma.ts';
import { createEmbedder } from '../ml/embedder/index.ts';
import { generateCustomers } from '../data/synthetic/index.ts';
import { ingestAll, syntheticBehaviour } from '../ingest/pipeline/index.ts';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    customers: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '2' },
    seed: { type: 'string', default: '42' },
  },
});
const n = Number(values.customers),
  rounds = Number(values.rounds),
  seed = Number(values.seed);
const config = loadConfig();
const embedder = await createEmbedder({ config });
const customers = [...generateCustomers({ seed, count: n })].map((g) => g.customer);
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-behaviour-'));
const chroma = await startChroma({ dataDir, port: await freePort(), handleSignals: true, timeoutMs: 60_000 });
const store = new ChromaVectorStore({ url: chroma.url });
const rates: Record<'profile' | 'behaviour', number[]> = { profile: [], behaviour: [] };
try {
  // Warm-up (model load, collection creation) outside the timings.
  await ingestAll({
    config,
    store,
    embedder,
    customers: customers.slice(0, 200),
    collections: ['customers'],
    reset: true,
    progress: false,
    behaviour: false,
  });
  for (let r = 0; r < rounds; r++) {
    const order: ('profile' | 'behaviour')[] = r % 2 === 0 ? ['profile', 'behaviour'] : ['behaviour', 'profile'];
    for (const variant of order) {
      const t0 = performance.now();
      await ingestAll({
        config,
        store,
        embedder,
        customers,
        collections: ['customers'],
        reset: true,
        progress: false,
        behaviour: variant === 'behaviour' ? syntheticBehaviour(seed) : false,
      });
      const rate = n / ((performance.now() - t0) / 1000);
      rates[variant].push(rate);
      process.stderr.write(`round ${r + 1} ${variant}: ${rate.toFixed(0)} customers/s\n`);
    }
  }
} finally {
  await chroma.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const profile = mean(rates.profile),
  behaviour = mean(rates.behaviour);
process.stdout.write(
  `${n} customers, ${rounds} rounds, embedder ${embedder.id}: profile-only ${profile.toFixed(0)} customers/s, with behaviour ${behaviour.toFixed(0)} customers/s, ratio ${(behaviour / profile).toFixed(2)}\n`,
);
