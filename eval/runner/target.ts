import { PRODUCTS } from '../../domain/catalog/index.ts';
import type { Customer, Product } from '../../domain/index.ts';
import type { FaqPassage, Knowledge } from '../assertions/types.ts';
import { MeridianClient } from '../client/index.ts';
import type { RunReport } from '../report/model.ts';

/** What the runner drives: a client for the API plus the facts assertions judge against. */
export interface EvalTarget {
  client: MeridianClient;
  knowledge: Knowledge;
  describe: RunReport['target'];
  close(): Promise<void>;
}

export type SuitabilityFn = Knowledge['suitability'];

export function buildKnowledge(options: {
  products?: Product[];
  customers?: Iterable<Pick<Customer, 'id' | 'name'> & Partial<Customer>>;
  /** Full records of every customer the server holds (the RM's book). */
  book?: readonly Customer[];
  faqs?: readonly FaqPassage[];
  suitability: SuitabilityFn;
}): Knowledge {
  return {
    catalog: new Map((options.products ?? PRODUCTS).map((p) => [p.id, p])),
    customers: new Map([...(options.customers ?? options.book ?? [])].map((c) => [c.id, c])),
    book: options.book ?? [],
    faqs: options.faqs ?? [],
    suitability: options.suitability,
  };
}

/** A running server at `url`; customer tokens are minted through the RM key. */
export function urlTarget(options: {
  url: string;
  rmKey: string;
  knowledge: Knowledge;
  timeoutMs?: number;
}): EvalTarget {
  const client = new MeridianClient({
    baseUrl: options.url,
    fetch: (req) => fetch(req),
    rmKey: options.rmKey,
    timeoutMs: options.timeoutMs,
  });
  return { client, knowledge: options.knowledge, describe: { kind: 'url', url: options.url }, close: async () => {} };
}
