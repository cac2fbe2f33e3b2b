import type { Config } from '../../lib/config/index.ts';
import type { Customer, Product } from '../../domain/index.ts';
import { generateCustomers } from '../../data/synthetic/index.ts';
import { RULE_CHECKS } from '../../ml/recommender/suitability.ts';
import type { Knowledge } from '../assertions/types.ts';
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

export function defaultKnowledge(options: { customers: Iterable<Customer>; products?: Product[] }): Knowledge {
  return buildKnowledge({ customers: options.customers, products: options.products, suitability: recsysSuitability });
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
    knowledge: defaultKnowledge({ customers }),
  });
}
