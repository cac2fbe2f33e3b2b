import type { Customer } from '../../domain/index.ts';

/** Numeric customer fields an RM can aggregate. */
export const NUMERIC_FIELDS = [
  'income',
  'savingsBalance',
  'loanAmount',
  'creditScore',
  'age',
  'creditUtilization',
  'digitalEngagement',
  'tenureYears',
] as const;
export type NumericField = (typeof NUMERIC_FIELDS)[number];

/** Fields to group by; the list fields (products held, goals) put a client in one group per entry. */
export const GROUP_FIELDS = [
  'segment',
  'lifeStage',
  'riskTolerance',
  'investmentHorizon',
  'productsHeld',
  'goals',
] as const;
export type GroupField = (typeof GROUP_FIELDS)[number];

export const METRICS = ['count', 'sum', 'mean', 'median', 'min', 'max'] as const;
export type Metric = (typeof METRICS)[number];

interface AggregateValue {
  count: number;
  /** Absent for `count` and when no customer matched. */
  value?: number;
}

export interface AggregateResult extends AggregateValue {
  groups?: ({ key: string } & AggregateValue)[];
}

/**
 * One exact pass over every matching customer (no sampling, no search cut-off). Median uses a
 * typed copy of the matched values (n log n); the others are running sums. Groups are sorted by
 * size, largest first; with a list field they overlap (a client with two products is in both).
 */
export function aggregate(
  customers: readonly Customer[],
  matches: (c: Customer) => boolean,
  spec: { metric: Metric; field?: NumericField; groupBy?: GroupField },
): AggregateResult {
  const field = spec.field;
  if (spec.metric !== 'count' && !field) throw new TypeError(`metric ${spec.metric} needs a field`);
  const groups = new Map<string, number[]>();
  const all: number[] = [];
  for (const c of customers) {
    if (!matches(c)) continue;
    const x = field ? c[field] : 0;
    all.push(x);
    if (spec.groupBy) {
      const value = c[spec.groupBy];
      for (const key of typeof value === 'string' ? [value] : value) {
        const g = groups.get(key);
        if (g) g.push(x);
        else groups.set(key, [x]);
      }
    }
  }
  const result: AggregateResult = summarise(all, spec.metric);
  if (spec.groupBy)
    result.groups = [...groups.entries()]
      .map(([key, xs]) => ({ key, ...summarise(xs, spec.metric) }))
      .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  return result;
}

function summarise(xs: readonly number[], metric: Metric): AggregateValue {
  const count = xs.length;
  if (metric === 'count' || count === 0) return { count };
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const x of xs) {
    sum += x;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  switch (metric) {
    case 'sum':
      return { count, value: sum };
    case 'mean':
      return { count, value: sum / count };
    case 'min':
      return { count, value: min };
    case 'max':
      return { count, value: max };
    case 'median': {
      const sorted = Float64Array.from(xs).sort();
      const mid = count >> 1;
      return { count, value: count % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2 };
    }
    default:
      return metric satisfies never;
  }
}
