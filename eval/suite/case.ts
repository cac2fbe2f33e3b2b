import type { Customer } from '../../domain/index.ts';
import type { OwaspRiskId } from './schema.ts';

/** An assertion after its `value` was validated by its type's schema. */
export interface ResolvedAssertion {
  type: string;
  value: unknown;
  weight: number;
  threshold?: number;
  description?: string;
  /** file:line of the assertion, for reports. */
  where: string;
}

/** A case ready to run: defaults merged, profile resolved, assertions validated. */
export interface EvalCase {
  suite: string;
  suiteKind: 'behaviour' | 'red-team';
  id: string;
  description: string;
  where: string;
  mode: 'customer' | 'rm';
  customerId?: string;
  /** Ad-hoc profile (its `id` is the customer id the case runs as). */
  profile?: Customer;
  turns?: { user: string }[];
  search?: { query: string; k: number };
  assertions: ResolvedAssertion[];
  threshold?: number;
  tags: string[];
  risk?: OwaspRiskId;
}

export interface LoadedSuite {
  name: string;
  description: string;
  kind: 'behaviour' | 'red-team';
  file: string;
  cases: EvalCase[];
  profiles: Customer[];
  /** Passages the suite plants in the knowledge collection. */
  passages: { id: string; text: string }[];
}
