import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Constraint, ParsedQuery } from '../../domain/api/search.ts';
import { type FilterSpec, filterConstraints } from './labels.ts';

/**
 * The hand-written RM phrasing set (phrasings.json): per query the constraints a correct reading
 * implies, the fragments that must come back as warnings, and a requested count. Scored per
 * constraint: precision = parsed constraints that are expected / parsed, recall = expected
 * constraints that were parsed / expected; warnings: expected fragments found inside a warning.
 */
export interface Phrasing {
  id: string;
  query: string;
  filter: FilterSpec[];
  warnings: string[];
  k?: number;
}

const here = path.dirname(fileURLToPath(import.meta.url));
export function loadPhrasings(file = path.join(here, 'phrasings.json')): Phrasing[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as { queries: Phrasing[] }).queries;
}

const key = (c: Pick<Constraint, 'field' | 'op' | 'value'>) =>
  `${c.field} ${c.op} ${
    Array.isArray(c.value)
      ? [...c.value].sort().join(',')
      : typeof c.value === 'number'
        ? Math.round(c.value * 1e6) / 1e6
        : c.value
  }`;

export interface PhrasingScore {
  id: string;
  query: string;
  /** Parsed constraints that are expected. */
  correct: number;
  parsed: number;
  expected: number;
  warningsExpected: number;
  warningsFound: number;
  kOk: boolean;
  /** What differed, for the report. */
  missing: string[];
  extra: string[];
  missingWarnings: string[];
}

export function scorePhrasing(p: Phrasing, parsed: ParsedQuery): PhrasingScore {
  const want = filterConstraints(p.filter).map(key);
  const got = parsed.constraints.map(key);
  const left = [...want];
  let correct = 0;
  const extra: string[] = [];
  for (const g of got) {
    const i = left.indexOf(g);
    if (i >= 0) {
      left.splice(i, 1);
      correct++;
    } else extra.push(g);
  }
  const missingWarnings = p.warnings.filter(
    (w) => !parsed.warnings.some((x) => x.text.toLowerCase().includes(w.toLowerCase())),
  );
  return {
    id: p.id,
    query: p.query,
    correct,
    parsed: got.length,
    expected: want.length,
    warningsExpected: p.warnings.length,
    warningsFound: p.warnings.length - missingWarnings.length,
    kOk: (p.k ?? undefined) === parsed.k,
    missing: left,
    extra,
    missingWarnings,
  };
}

/** Totals over a run. */
export function summarizePhrasings(scores: PhrasingScore[]) {
  const sum = (f: (s: PhrasingScore) => number) => scores.reduce((a, s) => a + f(s), 0);
  const parsed = sum((s) => s.parsed);
  const expected = sum((s) => s.expected);
  const correct = sum((s) => s.correct);
  return {
    queries: scores.length,
    constraintPrecision: parsed ? correct / parsed : 1,
    constraintRecall: expected ? correct / expected : 1,
    warningRecall: sum((s) => s.warningsExpected) ? sum((s) => s.warningsFound) / sum((s) => s.warningsExpected) : 1,
    exact: scores.filter(
      (s) => s.missing.length === 0 && s.extra.length === 0 && s.missingWarnings.length === 0 && s.kOk,
    ).length,
  };
}
