import type { Config } from '../../lib/config/index.ts';
import type { Customer, Product } from '../../domain/index.ts';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { generateCustomers } from '../../data/synthetic/index.ts';
import { FAQS_FILE, importFaqs } from '../../data/importers/faqs.ts';
import { RULE_CHECKS } from '../../ml/recommender/suitability.ts';
import type { FaqPassage, Knowledge } from '../assertions/types.ts';
import { buildKnowledge, urlTarget, type EvalTarget } from './target.ts';

/**
 * The suitability rules (ml/recommender/suitability.ts), reused as they are — every rule a
 * product breaks, not only the first, so a report names all of them.
 */
const recsysSuitability: Knowledge['suitability'] = (customer, product) =>
  RULE_CHECKS.flatMap(([rule, check]) => {
    const detail = check(customer, product);
    return detail ? [{ rule, detail }] : [];
  });

/**
 * The customers a default server holds: DATA's generator with the configured seed and count (the
 * same records `npm run generate` writes and ingestion stores). Used by no-foreign-pii.
 */
function generatedCustomers(seed: number, count: number): Customer[] {
  return [...generateCustomers({ seed, count })].map((g) => g.customer);
}

/**
 * The bank-FAQ passages ingestion puts in the knowledge collection — the same importer, ids and
 * order, the first `max` when ingestion was limited. Empty when the file is absent.
 */
export async function ingestedFaqs(sharedDataDir: string, max?: number): Promise<FaqPassage[]> {
  const file = path.join(sharedDataDir, FAQS_FILE);
  if (!existsSync(file)) return [];
  const { rows } = await importFaqs(file);
  return (max ? rows.slice(0, max) : rows).map((d) => ({
    id: d.id,
    question: d.question,
    answer: d.answer,
    class: d.class,
  }));
}

export function defaultKnowledge(options: {
  customers: Iterable<Customer>;
  products?: Product[];
  faqs?: readonly FaqPassage[];
}): Knowledge {
  const book = [...options.customers];
  return buildKnowledge({ book, faqs: options.faqs, products: options.products, suitability: recsysSuitability });
}

/** `--url`: a running server; its customers are assumed to be the generator's (seed/count from config). */
export async function urlTargetFromConfig(options: {
  url: string;
  rmKey: string;
  config: Config;
  timeoutMs?: number;
}): Promise<EvalTarget> {
  const customers = generatedCustomers(options.config.seed, Math.min(options.config.customers, 100_000));
  return urlTarget({
    url: options.url,
    rmKey: options.rmKey,
    timeoutMs: options.timeoutMs,
    knowledge: defaultKnowledge({ customers, faqs: await ingestedFaqs(options.config.sharedDataDir) }),
  });
}
