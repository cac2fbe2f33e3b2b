import type { Metadata, Where } from '../../../lib/vector-store/types.ts';
import { holdsKey } from '../../../domain/customer-metadata.ts';
import type { Constraint } from '../../../domain/api/search.ts';

const CMP: Record<string, string> = { gt: '$gt', gte: '$gte', lt: '$lt', lte: '$lte', eq: '$eq', in: '$in' };

/** One constraint as a Chroma `where` clause. */
function constraintWhere(c: Constraint): Where {
  if (c.op === 'holds_any' || c.op === 'holds_none') {
    const ids = c.value as string[];
    const want = c.op === 'holds_any';
    const clauses = ids.map((id) => ({ [holdsKey(id)]: { $eq: want } }));
    if (clauses.length === 1) return clauses[0];
    return want ? { $or: clauses } : { $and: clauses };
  }
  return { [c.field]: { [CMP[c.op]]: c.value } };
}

/** All constraints ANDed; undefined when there are none. */
export function constraintsToWhere(constraints: Constraint[]): Where | undefined {
  if (constraints.length === 0) return undefined;
  if (constraints.length === 1) return constraintWhere(constraints[0]);
  return { $and: constraints.map(constraintWhere) };
}

/** A customer as the filter sees it: a plain Customer, or the metadata stored with its record. */
export type FilterableRecord = Readonly<Record<string, unknown>>;

/** Does the record hold product `id`? Metadata has `holds_<id>` flags; a Customer has `productsHeld`. */
function holds(record: FilterableRecord, id: string): boolean | undefined {
  if (Array.isArray(record.productsHeld)) return (record.productsHeld as string[]).includes(id);
  const flag = record[holdsKey(id)];
  return typeof flag === 'boolean' ? flag : undefined;
}

/** A field's value; `productCount` is derived from the holdings when not stored. */
export function fieldValue(record: FilterableRecord, field: string): unknown {
  if (field === 'productCount' && record.productCount === undefined && Array.isArray(record.productsHeld))
    return record.productsHeld.length;
  return record[field];
}

/** The same semantics in code (BM25 candidates, property tests, the assistant's book tools). */
function matchesConstraint(record: FilterableRecord, c: Constraint): boolean {
  switch (c.op) {
    case 'holds_any':
      return (c.value as string[]).some((id) => holds(record, id) === true);
    case 'holds_none':
      // Chroma semantics on metadata: a missing flag fails `$eq false`; a Customer holds what it lists.
      return (c.value as string[]).every((id) => holds(record, id) === false);
    case 'eq':
      return fieldValue(record, c.field) === c.value;
    case 'in':
      return (c.value as string[]).includes(fieldValue(record, c.field) as string);
    default: {
      const v = fieldValue(record, c.field);
      if (typeof v !== 'number') return false;
      const x = c.value as number;
      return c.op === 'gt' ? v > x : c.op === 'gte' ? v >= x : c.op === 'lt' ? v < x : v <= x;
    }
  }
}

/**
 * Does `record` satisfy every constraint? Works on a plain Customer (`productsHeld` array) and on
 * stored metadata (`holds_<id>` flags), with exactly the Chroma `where` semantics.
 */
export function matchesConstraints(record: FilterableRecord, constraints: readonly Constraint[]): boolean {
  return constraints.every((c) => matchesConstraint(record, c));
}

/** Evaluate a Chroma `where` against metadata (Chroma's semantics; used to check the translation). */
export function matchesWhere(meta: Metadata, where: Where | undefined): boolean {
  if (!where) return true;
  for (const [key, cond] of Object.entries(where)) {
    if (key === '$and') {
      if (!(cond as Where[]).every((w) => matchesWhere(meta, w))) return false;
      continue;
    }
    if (key === '$or') {
      if (!(cond as Where[]).some((w) => matchesWhere(meta, w))) return false;
      continue;
    }
    const v = meta[key];
    if (v === undefined) return false;
    if (cond === null || typeof cond !== 'object') {
      if (v !== cond) return false;
      continue;
    }
    for (const [op, x] of Object.entries(cond as Record<string, unknown>)) {
      const n = v as number;
      const ok =
        op === '$eq'
          ? v === x
          : op === '$ne'
            ? v !== x
            : op === '$in'
              ? (x as unknown[]).includes(v)
              : op === '$nin'
                ? !(x as unknown[]).includes(v)
                : op === '$gt'
                  ? n > (x as number)
                  : op === '$gte'
                    ? n >= (x as number)
                    : op === '$lt'
                      ? n < (x as number)
                      : op === '$lte'
                        ? n <= (x as number)
                        : false;
      if (!ok) return false;
    }
  }
  return true;
}
