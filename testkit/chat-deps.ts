import { testConfig } from '../lib/config/index.ts';
import { silentLogger } from '../lib/log/index.ts';
import type { Customer, Product } from '../domain/index.ts';
import type { AppDeps } from '../server/deps.ts';
import type { CustomerRepository } from '../server/retrieval/customers.ts';
import type { RetrievalService } from '../server/retrieval/service.ts';
import { TEST_CUSTOMER, TEST_PRODUCTS, testGrounding } from './grounding.ts';
import type { Generator } from '../server/assistant/generators/types.ts';
import type { ProductScore, Recommendations, Recommender } from '../ml/recommender/types.ts';
import type { SearchResponse } from '../domain/api/search.ts';
import { createMetrics } from '../server/http/metrics.ts';
import { unavailablePart } from './unavailable.ts';
import { MemoryAuditLog } from '../server/audit/index.ts';
import { createChatService } from '../server/bootstrap.ts';
import { fixedBook } from '../server/book/index.ts';
import { InMemoryBook } from '../server/book/book.ts';

/** Model-free fakes for chat tests and the bench: a few customers, a recommender, retrieval. */
const WEALTH: Product = {
  id: 'premier_wealth',
  name: 'Premier Wealth Management',
  category: 'wealth_management',
  riskLevel: 3,
  durationMonths: 0,
  annualFee: 250,
  feeNotes: '',
  eligibility: { minCreditScore: 300, minIncome: 0, minAge: 18, maxAge: 120 },
  terms: 'Discretionary portfolio management.',
};
const CHAT_PRODUCTS: Product[] = [...TEST_PRODUCTS, WEALTH];

const CLIENTS: Customer[] = [
  TEST_CUSTOMER,
  { ...TEST_CUSTOMER, id: 'C000007', name: 'Grace Hopper', income: 150000, riskTolerance: 'high', notes: undefined },
  { ...TEST_CUSTOMER, id: 'C000003', name: 'Alan Turing', income: 60000, notes: undefined },
  { ...TEST_CUSTOMER, id: 'C000099', name: 'Bob Smith', income: 20000, riskTolerance: 'low', notes: undefined },
];

class FakeRecommender implements Recommender {
  readonly modelVersion = 'two-tower@fake';
  async scoreMatrix(customers: readonly Customer[]) {
    const ids = CHAT_PRODUCTS.map((p) => p.id);
    const scores = new Float32Array(customers.length * ids.length);
    for (const [i, c] of customers.entries()) {
      const r = await this.recommend(c);
      for (const item of r.items) scores[i * ids.length + ids.indexOf(item.productId)] = item.score;
      scores[i * ids.length + ids.indexOf(WEALTH.id)] = Math.min(0.99, c.income / 160000);
    }
    return { productIds: ids, scores };
  }
  async recommend(customer: Customer): Promise<Recommendations> {
    const base = testGrounding().recommendations!;
    if (customer.id === TEST_CUSTOMER.id) return base;
    // wealth product score grows with income; low-risk customers are excluded from it
    if (customer.riskTolerance === 'low')
      return {
        ...base,
        customerId: customer.id,
        excluded: [
          ...base.excluded,
          { productId: WEALTH.id, rule: 'risk_above_tolerance', detail: 'risk level 3 above tolerance low (max 2)' },
        ],
      };
    const score = Math.min(0.99, customer.income / 160000);
    return {
      ...base,
      customerId: customer.id,
      items: [...base.items, { productId: WEALTH.id, rank: 3, score, similarity: score }],
    };
  }
  /** Each customer's recommend() entry for the product, as a batch. */
  async scoreProduct(customers: readonly Customer[], productId: string): Promise<ProductScore[]> {
    return Promise.all(
      customers.map(async (c): Promise<ProductScore> => {
        const recs = await this.recommend(c);
        const item = recs.items.find((i) => i.productId === productId);
        if (item)
          return { customerId: c.id, suitable: true, score: item.score, similarity: item.similarity, rank: item.rank };
        const exclusion = recs.excluded.find((e) => e.productId === productId) ?? {
          productId,
          rule: 'already_held' as const,
          detail: 'not in the fake ranking',
        };
        return { customerId: c.id, suitable: false, exclusion };
      }),
    );
  }
}

const fakeCustomers: CustomerRepository = {
  async get(id) {
    return CLIENTS.find((c) => c.id === id);
  },
  async count() {
    return CLIENTS.length;
  },
};

const fakeRetrieval: Pick<RetrievalService, 'search' | 'retrievePassages' | 'ready'> = {
  ready: true,
  async retrievePassages() {
    return testGrounding().passages;
  },
  async search(query): Promise<SearchResponse> {
    return {
      query,
      reranker: 'none',
      timings: { parse: 0, embed: 0, vector: 0, bm25: 0, fuse: 0, rerank: 0, total: 0 },
      parsed: { constraints: [], where: undefined, semanticQuery: query, warnings: [] },
      results: CLIENTS.slice(1).map((c, i) => ({
        customerId: c.id,
        name: c.name,
        summary: '',
        metadata: {},
        reason: `matches “${c.riskTolerance} risk”`,
        scores: { dense: 0.5, lexical: null, fused: 0.1 - i * 0.01, rerank: null },
      })),
    };
  },
};

/** App deps over fakes; with a generator, the chat service is built over them (memory audit log). */
export function fakeAppDeps(generator: Generator | undefined, over: Partial<AppDeps> = {}): AppDeps {
  const deps: AppDeps = {
    config: testConfig({ supervisorApiKeys: ['rm-key'], jwtSecret: 'test-secret-test-secret-123' }),
    log: silentLogger,
    metrics: createMetrics(),
    store: unavailablePart<AppDeps['store']>('store'),
    embedder: unavailablePart<AppDeps['embedder']>('embedder'),
    reranker: unavailablePart<AppDeps['reranker']>('reranker'),
    customers: fakeCustomers,
    products: CHAT_PRODUCTS,
    recommender: new FakeRecommender(),
    retrieval: fakeRetrieval as RetrievalService,
    book: fixedBook(new InMemoryBook(CLIENTS)),
    generator,
    audit: new MemoryAuditLog(),
    ...over,
  };
  if (!('chat' in over)) deps.chat = createChatService(deps);
  return deps;
}
