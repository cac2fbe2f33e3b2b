import type { Customer } from '../customer.ts';

/** One point of the console's 2-D embedding map (a customer or a product). */
export interface EmbeddingMapPoint {
  id: string;
  kind: 'customer' | 'product';
  x: number;
  y: number;
  label?: string;
}

export interface EmbeddingMapService {
  /** Points for the map around one customer (the customer itself is marked by `id`). */
  forCustomer(customer: Customer, signal?: AbortSignal): Promise<{ method: string; points: EmbeddingMapPoint[] }>;
}
