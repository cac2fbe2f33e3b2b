import { customerFromMetadata } from '../../domain/customer-metadata.ts';
import type { Customer } from '../../domain/index.ts';
import type { Logger } from '../../lib/log/index.ts';
import type { VectorStore } from '../../lib/vector-store/types.ts';

/**
 * The whole book of customers in memory, for answers that must be exact over every customer
 * (counts, sums, medians, a product ranked over every client) rather than over a search's top
 * candidates. Loaded from the customers collection's metadata, which holds every field. A
 * `version` that changes on every load lets caches keyed on it (book-wide scores) know when to
 * recompute.
 */
export interface CustomerBook {
  readonly size: number;
  readonly version: number;
  all(): readonly Customer[];
  get(id: string): Customer | undefined;
  /** Customers whose full name, or surname with a title ("Mrs Patel"), appears in `text`. */
  findByName(text: string): Customer[];
  /** The same, grouped by mention: "Freya Clark or David Roberts" is two mentions of one client each. */
  findMentions(text: string): Customer[][];
}

const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'dr', 'mx', 'sir', 'prof']);
const wordsOf = (s: string) => (s.toLowerCase().match(/[a-z][a-z'-]*/g) ?? []).map((w) => w.replace(/'s$/, ''));

export class InMemoryBook implements CustomerBook {
  private customers: Customer[] = [];
  private byId = new Map<string, Customer>();
  /** "first last" → customers; surname → customers (only used after a title or alone when unique). */
  private byFullName = new Map<string, Customer[]>();
  private bySurname = new Map<string, Customer[]>();
  private byFirstName = new Map<string, Customer[]>();
  version = 0;

  constructor(customers: readonly Customer[] = []) {
    this.replace(customers);
  }

  get size(): number {
    return this.customers.length;
  }

  replace(customers: readonly Customer[]): void {
    this.customers = [...customers];
    this.byId = new Map(customers.map((c) => [c.id, c]));
    this.byFullName.clear();
    this.bySurname.clear();
    this.byFirstName.clear();
    const push = (m: Map<string, Customer[]>, k: string, c: Customer) => {
      const list = m.get(k);
      if (list) list.push(c);
      else m.set(k, [c]);
    };
    for (const c of customers) {
      const w = wordsOf(c.name);
      if (w.length >= 2) push(this.byFullName, `${w[0]} ${w.at(-1)}`, c);
      if (w.length) push(this.bySurname, w.at(-1)!, c);
      if (w.length >= 2) push(this.byFirstName, w[0]!, c);
    }
    this.version++;
  }

  all(): readonly Customer[] {
    return this.customers;
  }

  get(id: string): Customer | undefined {
    return this.byId.get(id) ?? this.byId.get(id.toUpperCase());
  }

  findMentions(text: string): Customer[][] {
    const w = wordsOf(text);
    const groups: Customer[][] = [];
    for (let i = 0; i + 1 < w.length; i++) {
      const hit = this.byFullName.get(`${w[i]} ${w[i + 1]}`);
      if (hit) groups.push(hit);
    }
    if (groups.length) return groups;
    const rest = this.findByName(text);
    return rest.length ? [rest] : [];
  }

  findByName(text: string): Customer[] {
    const w = wordsOf(text);
    const found = new Map<string, Customer>();
    for (let i = 0; i + 1 < w.length; i++)
      for (const c of this.byFullName.get(`${w[i]} ${w[i + 1]}`) ?? []) found.set(c.id, c);
    if (found.size) return [...found.values()];
    // A title and a surname: "Mrs Patel", "Dr Okafor".
    for (let i = 0; i + 1 < w.length; i++)
      if (TITLES.has(w[i]!)) for (const c of this.bySurname.get(w[i + 1]!) ?? []) found.set(c.id, c);
    if (found.size) return [...found.values()];
    // A possessive first name or surname: "Priya's savings", "what about Okafor?". Capitalised in
    // the original text, so common words that happen to be names ("will", "rose") stay words.
    for (const m of text.matchAll(/\b([A-Z][a-z'-]+)(?:'s)?\b/g)) {
      const key = m[1]!.toLowerCase().replace(/'s$/, '');
      if (m.index === 0 && !/'s\b/.test(m[0])) continue; // sentence-initial capital is not a signal
      for (const c of [...(this.byFirstName.get(key) ?? []), ...(this.bySurname.get(key) ?? [])]) found.set(c.id, c);
    }
    return [...found.values()];
  }
}

/** Load every customer of the collection into a book (pages of 2,000, as the search index does). */
export async function loadBook(
  store: VectorStore,
  options: { log?: Logger; pageSize?: number; signal?: AbortSignal } = {},
): Promise<InMemoryBook> {
  const pageSize = options.pageSize ?? 2000;
  const total = await store.count('customers');
  const customers: Customer[] = [];
  for (let offset = 0; offset < total; offset += pageSize) {
    options.signal?.throwIfAborted();
    const page = await store.get('customers', { limit: pageSize, offset, include: ['metadatas'] });
    for (const r of page) customers.push(customerFromMetadata(r.metadata));
  }
  options.log?.info({ customers: customers.length }, 'customer book loaded');
  return new InMemoryBook(customers);
}
