import type { Customer } from '../../domain/index.ts';
import { generateTransactions } from '../transactions/generate.ts';
import { computeBehaviour } from './features.ts';
import { describeBehaviour, type PhraseOptions } from './phrase.ts';

/**
 * One call for the customer description (ingestion appends it): the synthetic customer's
 * transactions from (seed, id) → features → the RM-style sentence, e.g. "saves about 12% of
 * income; 4 subscriptions (£46/month); overdrawn twice this year; …". ~1 ms a customer.
 */
export function behaviourPhrase(customer: Customer, seed: number, options: PhraseOptions = {}): string {
  return describeBehaviour(computeBehaviour(customer.id, generateTransactions(customer, { seed })), options);
}
