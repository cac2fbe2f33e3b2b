import type { Product } from '../../../domain/index.ts';
import type { Constraint } from '../../../domain/api/search.ts';
import { formatEnum, formatFieldValue, listInWords } from '../../../domain/format.ts';
import { FIELD_WORDS } from './numeric.ts';
import { fieldValue, type FilterableRecord } from './where.ts';

/**
 * Why a customer satisfies parsed constraints, in words an RM reads: the client's own value next
 * to the bound ("credit score 824, above 750", "savings £120,000, at least £100,000", "age 44,
 * between 40 and 49", "no mortgage"). Works on a Customer or on stored metadata, like
 * matchesConstraints.
 */
const formatValue = (field: string, v: number): string => formatFieldValue(field, v);

const OP_WORDS: Record<string, string> = { gt: 'above', gte: 'at least', lt: 'below', lte: 'at most', eq: 'exactly' };

function held(record: FilterableRecord): Set<string> {
  if (Array.isArray(record.productsHeld)) return new Set(record.productsHeld as string[]);
  if (typeof record.productsHeld === 'string') return new Set(record.productsHeld.split(',').filter(Boolean));
  return new Set(
    Object.entries(record)
      .filter(([k, v]) => k.startsWith('holds_') && v === true)
      .map(([k]) => k.slice('holds_'.length)),
  );
}

/** Product ids in words: whole categories by category name, the rest by product name. */
function productsInWords(ids: string[], products: readonly Product[]): string[] {
  const want = new Set(ids);
  const out: string[] = [];
  const covered = new Set<string>();
  for (const category of new Set(products.map((p) => p.category))) {
    const inCat = products.filter((p) => p.category === category).map((p) => p.id);
    if (inCat.length > 1 && inCat.every((id) => want.has(id))) {
      out.push(formatEnum(category));
      for (const id of inCat) covered.add(id);
    }
  }
  for (const id of ids)
    if (!covered.has(id)) out.push(products.find((p) => p.id === id)?.name ?? formatEnum(id.replace(/-/g, '_')));
  return out;
}

/** One phrase per constraint (a lower and upper bound on one field read as "between"). */
export function explainConstraints(
  record: FilterableRecord,
  constraints: readonly Constraint[],
  products: readonly Product[],
): string[] {
  const out: string[] = [];
  const done = new Set<Constraint>();
  for (const c of constraints) {
    if (done.has(c)) continue;
    done.add(c);
    const label = FIELD_WORDS[c.field] ?? formatEnum(c.field);
    if (c.op === 'holds_any') {
      const have = (c.value as string[]).filter((id) => held(record).has(id));
      out.push(`holds ${listInWords(productsInWords(have, products))}`);
      continue;
    }
    if (c.op === 'holds_none') {
      out.push(`no ${listInWords(productsInWords(c.value as string[], products), 'or')}`);
      continue;
    }
    const v = fieldValue(record, c.field);
    if (c.op === 'eq' || c.op === 'in') {
      if (typeof v === 'number') out.push(`${label} ${formatValue(c.field, v)}`);
      else out.push(`${label} ${formatEnum(String(v))}`);
      continue;
    }
    if (typeof v !== 'number') continue;
    const x = c.value as number;
    const upper = constraints.find(
      (o) =>
        !done.has(o) && o.field === c.field && (o.op === 'lt' || o.op === 'lte') && (c.op === 'gt' || c.op === 'gte'),
    );
    if (upper) {
      done.add(upper);
      out.push(
        `${label} ${formatValue(c.field, v)}, between ${formatValue(c.field, x)} and ${formatValue(c.field, upper.value as number)}`,
      );
      continue;
    }
    out.push(`${label} ${formatValue(c.field, v)}, ${OP_WORDS[c.op]} ${formatValue(c.field, x)}`);
  }
  return out;
}
