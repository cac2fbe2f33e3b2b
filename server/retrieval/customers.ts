import { customerFromMetadata } from '../../domain/customer-metadata.ts';
import { CustomerSchema, type Customer } from '../../domain/index.ts';
import type { VectorStore } from '../../lib/vector-store/types.ts';

/**
 * Customer profiles straight from the customers collection, rebuilt from the flat metadata
 * contract (ingest/schema/customer-metadata.ts), which holds every customer field. Collections
 * ingested before the `profile` JSON copy was dropped still carry it, and it is read when present.
 * No second database; Chroma down → UnavailableError (503) from the store.
 */
export function createCustomerRepository(store: VectorStore): CustomerRepository {
  return {
    async get(id) {
      const [hit] = await store.get('customers', { ids: [id], include: ['metadatas'] });
      if (!hit) return undefined;
      const profile = hit.metadata.profile;
      if (typeof profile === 'string') return CustomerSchema.parse(JSON.parse(profile)) as Customer;
      return customerFromMetadata(hit.metadata);
    },
    count: () => store.count('customers'),
  };
}

/** Customer profiles by id (backed by the customers collection's metadata). */
export interface CustomerRepository {
  get(id: string, signal?: AbortSignal): Promise<Customer | undefined>;
  /** Number of customers stored (for /readyz and start-up). */
  count(signal?: AbortSignal): Promise<number>;
}
