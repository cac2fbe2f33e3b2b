import { NotFoundError } from '../../lib/errors/index.ts';
import { type Customer, type Product, viewCustomer } from '../../domain/index.ts';
import type { CustomerRepository } from '../retrieval/customers.ts';
import type { RetrievalService } from '../retrieval/service.ts';
import type { Grounding } from './generators/types.ts';
import type { Recommender } from '../../ml/recommender/types.ts';
import { behaviourGrounding } from './behaviour-grounding.ts';
import { detectTopic, groundingCategories } from './generators/template-topic.ts';

/** Recommender items every grounding carries (the overall best fits), before topic items are added. */
const GROUNDING_TOP_K = 5;
/** Suitable products of each asked-about category added beyond the top GROUNDING_TOP_K. */
const GROUNDING_PER_CATEGORY = 3;

export interface GroundingDeps {
  customers: CustomerRepository;
  products: Product[];
  recommender?: Recommender;
  retrieval?: Pick<RetrievalService, 'search' | 'retrievePassages'>;
  /** intent classifier and spending insights (optional). */
  intent?: object;
  insights?: object;
}

export interface GroundingTimings {
  customer: number;
  recommend: number;
  passages: number;
  search: number;
  total: number;
}

const CATEGORY_WORDS: [RegExp, string][] = [
  [/wealth[- ]management/i, 'wealth_management'],
  [/\bmortgages?\b/i, 'mortgage'],
  [/credit[- ]cards?/i, 'credit_card'],
  [/personal[- ]loans?|\bloans?\b/i, 'personal_loan'],
  [/\bpensions?\b|retirement (?:plan|product)/i, 'pension'],
  [/\bsavings?\b/i, 'savings'],
  [/term[- ]deposits?|fixed[- ](?:rate )?(?:saver|deposit)/i, 'term_deposit'],
  [/\bfunds?\b/i, 'fund'],
  [/\bbrokerage|shares? dealing/i, 'brokerage'],
  [/\binsurance\b/i, 'insurance'],
  [/current accounts?/i, 'current_account'],
];

/** Products an RM question is about: named products first, else every product of a named category. */
function productsMentioned(message: string, products: Product[]): Product[] {
  const text = message.toLowerCase();
  const named = products.filter((p) => text.includes(p.name.toLowerCase()) || text.includes(p.id));
  if (named.length) return named;
  for (const [re, category] of CATEGORY_WORDS)
    if (re.test(message)) return products.filter((p) => p.category === category);
  return [];
}

const since = (t: number) => performance.now() - t;

/** Top GROUNDING_TOP_K items plus up to GROUNDING_PER_CATEGORY of each category the message asks about, in rank order. */
export function trimToTopic<T extends { productId: string }>(
  items: readonly T[],
  message: string,
  products: readonly Product[],
): T[] {
  const byId = new Map(products.map((p) => [p.id, p]));
  const topic = detectTopic(message, products);
  const wanted = groundingCategories(topic);
  const named = new Set(topic.named.map((p) => p.id));
  const perCategory = new Map<string, number>();
  return items.filter((item, i) => {
    const category = byId.get(item.productId)?.category;
    if (i < GROUNDING_TOP_K || named.has(item.productId)) return true;
    if (!category || !wanted.has(category)) return false;
    const n = perCategory.get(category) ?? 0;
    perCategory.set(category, n + 1);
    return n < GROUNDING_PER_CATEGORY;
  });
}

/**
 * Everything an answer may rest on: the customer's profile; the recommender's top products after
 * suitability (scores, SHAP, exclusions); the top-3 reranked passages; in RM mode the clients
 * ranked for the question.
 */
export async function buildGrounding(
  deps: GroundingDeps,
  input: { mode: 'customer' | 'rm'; customerId?: string; message: string },
  signal: AbortSignal,
): Promise<{ grounding: Grounding; timings: GroundingTimings }> {
  const t0 = performance.now();
  const timings: GroundingTimings = { customer: 0, recommend: 0, passages: 0, search: 0, total: 0 };
  let customer: Customer | undefined;
  if (input.customerId) {
    const t = performance.now();
    const record = await deps.customers.get(input.customerId, signal);
    timings.customer = since(t);
    if (!record) throw new NotFoundError(`no customer ${input.customerId}`);
    // What the answer may say is what its reader may see: customer mode gets the customer's view.
    customer = viewCustomer(record, input.mode === 'customer' ? 'customer' : 'rm');
  }
  const byId = new Map(deps.products.map((p) => [p.id, p]));
  const grounding: Grounding = { mode: input.mode, customer, products: [], passages: [] };

  const work: Promise<void>[] = [];
  if (customer && deps.recommender) {
    work.push(
      (async () => {
        const t = performance.now();
        // The whole suitable ranking (SHAP is computed for every product in one pass anyway), trimmed to
        // the top GROUNDING_TOP_K plus the best suitable products of the categories the message asks
        // about: "which investment would suit me?" must be answerable from the grounding even when no
        // investment is in the overall top 5. Items keep their recommender rank.
        const all = await deps.recommender!.recommend(customer!, { k: deps.products.length, explain: true });
        grounding.recommendations = { ...all, items: trimToTopic(all.items, input.message, deps.products) };
        timings.recommend = since(t);
      })(),
    );
  }
  if (deps.retrieval) {
    work.push(
      (async () => {
        const t = performance.now();
        grounding.passages = (await deps.retrieval!.retrievePassages(input.message, customer, { k: 3, signal })).slice(
          0,
          3,
        );
        timings.passages = since(t);
      })(),
    );
  }
  if (input.mode === 'rm' && deps.retrieval) {
    work.push(
      (async () => {
        const t = performance.now();
        grounding.rmResults = await rankClients(deps, input.message, signal);
        timings.search = since(t);
      })(),
    );
  }
  if (deps.intent || (customer && deps.insights)) {
    work.push(
      (async () => {
        const b = await behaviourGrounding(deps, { customer, message: input.message }, signal);
        if (b.intent) grounding.intent = b.intent;
        if (b.insights) grounding.insights = b.insights;
      })(),
    );
  }
  await Promise.all(work);
  // A customer's fraud report, dispute or complaint goes to a person (ChatService says so first);
  // selling products in reply would be wrong, so the recommender's list is not grounding then.
  if (input.mode === 'customer' && grounding.intent?.escalate) delete grounding.recommendations;
  const ids = new Set([
    ...(grounding.recommendations?.items ?? []).map((i) => i.productId),
    ...(grounding.recommendations?.excluded ?? []).map((e) => e.productId),
  ]);
  if (input.mode === 'rm') for (const p of productsMentioned(input.message, deps.products)) ids.add(p.id);
  grounding.products = [...ids].map((id) => byId.get(id)).filter((p): p is Product => p !== undefined);
  timings.total = since(t0);
  return { grounding, timings };
}

/**
 * RM mode: candidates from hybrid search over the question; when it names a product (or a
 * category), each candidate is scored for that product by the recommender (after suitability),
 * and the list is ranked by that score — "which of my clients should I call about X?".
 */
async function rankClients(
  deps: GroundingDeps,
  message: string,
  signal: AbortSignal,
): Promise<NonNullable<Grounding['rmResults']>> {
  const search = await deps.retrieval!.search(message, { k: 20, signal });
  const targets = productsMentioned(message, deps.products);
  if (!targets.length || !deps.recommender) {
    return search.results
      .slice(0, 10)
      .map((r) => ({ customerId: r.customerId, reason: r.reason, score: r.scores.rerank ?? r.scores.fused }));
  }
  const targetIds = new Set(targets.map((p) => p.id));
  const name = new Map(targets.map((p) => [p.id, p.name]));
  const scored = await Promise.all(
    search.results.map(async (r) => {
      const c = await deps.customers.get(r.customerId, signal);
      if (!c) return undefined;
      const recs = await deps.recommender!.recommend(c, { k: deps.products.length, explain: false });
      const hit = recs.items.filter((i) => targetIds.has(i.productId)).sort((a, b) => b.score - a.score)[0];
      if (!hit) return undefined; // unsuitable (excluded) or already held: not someone to call about it
      return {
        customerId: r.customerId,
        score: hit.score,
        reason: `${name.get(hit.productId)} score ${hit.score.toFixed(3)} (rank ${hit.rank} of suitable products); ${r.reason}`,
      };
    }),
  );
  return scored
    .filter((x): x is NonNullable<typeof x> => x !== undefined)
    .sort((a, b) => b.score - a.score)
    .slice(0, 10);
}
