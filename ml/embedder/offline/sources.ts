import type { Config } from '../../../lib/config/index.ts';
import { PRODUCTS, productChunks } from '../../../domain/catalog/index.ts';
import { describeCustomer } from '../../../data/describe/index.ts';
import { generateCustomers } from '../../../data/synthetic/index.ts';
import { sharedDataSources, type CorpusSource } from './corpus.ts';

/** Synthetic customers described for the training corpus (a sample: the template repeats). */
export const DEFAULT_CORPUS_CUSTOMERS = 3000;

/**
 * The default training corpus of the offline embedder: bank FAQs (training split only) and
 * banking77 train from the shared data dir, plus the project's own domain texts: every product
 * passage (facts + terms chunks) and descriptions of synthetic customers (seeded; a different
 * seed stream from the ingested dataset is not needed — the template is what is learned).
 */
export async function defaultCorpusSources(
  config: Pick<Config, 'sharedDataDir' | 'seed'>,
  options: { customers?: number } = {},
): Promise<{ sources: CorpusSource[]; missing: string[] }> {
  const { sources, missing } = sharedDataSources(config.sharedDataDir);
  sources.push({
    name: 'product catalog passages',
    texts: function* () {
      for (const p of PRODUCTS) for (const chunk of productChunks(p)) yield chunk.text;
    },
  });
  const customers = options.customers ?? DEFAULT_CORPUS_CUSTOMERS;
  sources.push({
    name: `synthetic customer descriptions (${customers})`,
    texts: function* () {
      for (const g of generateCustomers({ seed: config.seed, count: customers }))
        yield describeCustomer(g.customer, PRODUCTS, { includeNotes: true });
    },
  });
  return { sources, missing };
}
