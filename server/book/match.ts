import type { Constraint } from '../../domain/api/search.ts';
import type { Customer } from '../../domain/index.ts';

/**
 * Whether a customer satisfies every constraint parsed from an RM query: the same semantics as the
 * Chroma `where` the search sends (matchesConstraints on metadata), read straight off the Customer
 * so a book-wide count does not build a metadata record per customer.
 */
export function customerMatches(c: Customer, constraints: readonly Constraint[]): boolean {
  for (const k of constraints) if (!matchesOne(c, k)) return false;
  return true;
}

function matchesOne(c: Customer, k: Constraint): boolean {
  if (k.op === 'holds_any') return (k.value as string[]).some((id) => c.productsHeld.includes(id));
  if (k.op === 'holds_none') return (k.value as string[]).every((id) => !c.productsHeld.includes(id));
  const v = (c as unknown as Record<string, unknown>)[k.field];
  if (k.op === 'eq') return v === k.value;
  if (k.op === 'in') return (k.value as string[]).includes(v as string);
  if (typeof v !== 'number') return false;
  const x = k.value as number;
  return k.op === 'gt' ? v > x : k.op === 'gte' ? v >= x : k.op === 'lt' ? v < x : v <= x;
}
