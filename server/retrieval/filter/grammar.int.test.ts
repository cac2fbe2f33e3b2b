import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../../../eval/stack/stack.ts';
import { constraintKey, generatePhrasings } from '../../../testkit/rm-phrasing-grammar.ts';
import type { Constraint, SearchResponse } from '../../../domain/api/search.ts';
import { matchesConstraints } from './index.ts';

/**
 * 500 generated phrasings (templates × fields × comparators × units × negation) through
 * POST /api/rm/search over real Chroma: the parsed constraints equal the intended ones, and
 * every customer returned satisfies the INTENDED constraints (checked on the stored metadata,
 * holdings flags included) — for every retrieval variant in turn.
 */
let stack: TestStack;
beforeAll(async () => {
  // Hundreds of searches from one credential: rate limiting is tested elsewhere.
  stack = await startTestStack({ customers: 300, config: { rateLimitPerMin: 1_000_000 } });
}, 300_000);
afterAll(async () => {
  await stack?.stop();
});

describe('generated RM phrasings over real Chroma', () => {
  it('parse to the intended constraints and return only customers that satisfy them', async () => {
    const variants = ['hybrid+rerank', 'dense', 'bm25', 'hybrid'] as const;
    const phrasings = generatePhrasings(500, 77);
    let checked = 0;
    let nonEmpty = 0;
    const wrongParse: string[] = [];
    const violations: string[] = [];
    for (const [n, p] of phrasings.entries()) {
      const res = await stack.app.request('/api/rm/search', {
        method: 'POST',
        headers: stack.rm(),
        body: JSON.stringify({ query: p.query, k: 10, variant: variants[n % variants.length] }),
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as SearchResponse;
      const got = body.parsed.constraints.map(constraintKey).sort();
      const want = p.intended.map(constraintKey).sort();
      if (JSON.stringify(got) !== JSON.stringify(want) || body.parsed.warnings.length)
        wrongParse.push(`${p.query}: ${got.join(' | ')} ≠ ${want.join(' | ')}`);
      if (!body.results.length) continue;
      nonEmpty++;
      const full = await stack.deps.store.get('customers', {
        ids: body.results.map((r) => r.customerId),
        include: ['metadatas'],
      });
      expect(full).toHaveLength(body.results.length);
      const intended = p.intended.map((c) => ({ ...c, text: '' }) as Constraint);
      for (const r of full) {
        checked++;
        if (!matchesConstraints(r.metadata, intended)) violations.push(`${p.query}: ${r.id}`);
      }
    }
    expect(wrongParse.slice(0, 10)).toEqual([]);
    expect(violations.slice(0, 10)).toEqual([]);
    expect(nonEmpty).toBeGreaterThan(150);
    expect(checked).toBeGreaterThan(1000);
  }, 600_000);

  it('strict search answers 422 listing what was not understood; a count in the query sets k', async () => {
    const strict = await stack.app.request('/api/rm/search', {
      method: 'POST',
      headers: stack.rm(),
      body: JSON.stringify({ query: 'customers under 25 or over 65 with high savings', strict: true }),
    });
    expect(strict.status).toBe(422);
    const err = (await strict.json()) as { error: { code: string; warnings: { text: string }[] } };
    expect(err.error.code).toBe('not_understood');
    expect(err.error.warnings.map((w) => w.text)).toEqual(['under 25', 'over 65', 'high savings']);

    const counted = await stack.app.request('/api/rm/search', {
      method: 'POST',
      headers: stack.rm(),
      body: JSON.stringify({ query: 'show me 5 clients with a credit score over 600', strict: true }),
    });
    expect(counted.status).toBe(200);
    const body = (await counted.json()) as SearchResponse;
    expect(body.parsed.k).toBe(5);
    expect(body.results).toHaveLength(5);
    for (const r of body.results) {
      expect(r.name).toBe(r.metadata.name);
      expect(r.reason).toMatch(new RegExp(`^${r.name}: credit score \\d{3}, above 600\\.`));
    }
  }, 120_000);
});
