import { z } from 'zod';

/** Comparison operators shared by the search assertions, with the spellings servers use. */
export const OPS = [
  'gt',
  'gte',
  'lt',
  'lte',
  'eq',
  'ne',
  'in',
  'nin',
  'between',
  'includes',
  'excludes',
  'holds_any',
  'holds_none',
] as const;
export type Op = (typeof OPS)[number];

const ALIASES: Record<string, Op> = {
  '>': 'gt',
  $gt: 'gt',
  over: 'gt',
  above: 'gt',
  '>=': 'gte',
  $gte: 'gte',
  '<': 'lt',
  $lt: 'lt',
  under: 'lt',
  below: 'lt',
  '<=': 'lte',
  $lte: 'lte',
  '=': 'eq',
  '==': 'eq',
  $eq: 'eq',
  '!=': 'ne',
  $ne: 'ne',
  $in: 'in',
  $nin: 'nin',
  contains: 'includes',
  has: 'includes',
  $contains: 'includes',
  not_contains: 'excludes',
  $not_contains: 'excludes',
};
export const normalizeOp = (op: string): string => ALIASES[op] ?? ALIASES[op.toLowerCase()] ?? op.toLowerCase();

export const ConditionSchema = z.object({ field: z.string().min(1), op: z.enum(OPS), value: z.unknown() }).strict();
type Condition = z.infer<typeof ConditionSchema>;

const eq = (a: unknown, b: unknown) =>
  typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() === b.toLowerCase() : a === b;

/** Does `actual` satisfy `op value`? */
export function satisfies(actual: unknown, op: Op, value: unknown): boolean {
  switch (op) {
    case 'gt':
      return typeof actual === 'number' && actual > (value as number);
    case 'gte':
      return typeof actual === 'number' && actual >= (value as number);
    case 'lt':
      return typeof actual === 'number' && actual < (value as number);
    case 'lte':
      return typeof actual === 'number' && actual <= (value as number);
    case 'eq':
      return eq(actual, value);
    case 'ne':
      return !eq(actual, value);
    case 'in':
      return Array.isArray(value) && value.some((v) => eq(actual, v));
    case 'nin':
      return Array.isArray(value) && !value.some((v) => eq(actual, v));
    case 'between': {
      const [lo, hi] = value as [number, number];
      return typeof actual === 'number' && actual >= lo && actual <= hi;
    }
    case 'includes':
      return Array.isArray(actual) && actual.some((v) => eq(v, value));
    case 'excludes':
      return Array.isArray(actual) && !actual.some((v) => eq(v, value));
    // Arrays on both sides: at least one / none of `value` in `actual` (products held).
    case 'holds_any':
      return Array.isArray(actual) && Array.isArray(value) && actual.some((a) => value.some((v) => eq(a, v)));
    case 'holds_none':
      return Array.isArray(actual) && Array.isArray(value) && !actual.some((a) => value.some((v) => eq(a, v)));
  }
}
