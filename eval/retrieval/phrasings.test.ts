import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../server/retrieval/filter/index.ts';
import { loadPhrasings, scorePhrasing, summarizePhrasings } from './phrasings.ts';

/** The hand-written RM phrasings: every expected constraint parsed, nothing extra, every warning. */
describe('hand-written RM phrasings (eval/retrieval/phrasings.json)', () => {
  const phrasings = loadPhrasings();
  it('has at least 120 queries', () => {
    expect(phrasings.length).toBeGreaterThanOrEqual(120);
  });
  const scores = phrasings.map((p) => scorePhrasing(p, parseQuery(p.query)));
  it.each(scores.map((s) => [s.id, s.query, s] as const))('%s %s', (_id, _q, s) => {
    expect({ missing: s.missing, extra: s.extra, missingWarnings: s.missingWarnings, kOk: s.kOk }).toEqual({
      missing: [],
      extra: [],
      missingWarnings: [],
      kOk: true,
    });
  });
  it('filter precision 1: no parsed constraint that the query does not imply', () => {
    expect(summarizePhrasings(scores).constraintPrecision).toBe(1);
  });
});
