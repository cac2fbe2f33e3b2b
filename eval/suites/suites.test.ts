import { describe, expect, it } from 'vitest';
import { PRODUCT_IDS } from '../../domain/catalog/index.ts';
import { generateCustomer } from '../../data/synthetic/index.ts';
import { expandSuiteArgs, loadSuiteFile, type LoadedSuite } from '../suite/index.ts';

// The shipped suites: they load, meet the sizes, name OWASP risks, and the personas they
// rely on are what DATA's generator (seed 42) actually produces for those ids.
const suites = Object.fromEntries(
  expandSuiteArgs(['eval/suites']).map((f) => [loadSuiteFile(f).name, loadSuiteFile(f)]),
) as Record<string, LoadedSuite>;
const generated = (id: string) => generateCustomer(42, Number(id.slice(1)) - 1).customer;

describe('shipped suites', () => {
  it('have the required sizes', () => {
    expect(suites['core-advice']!.cases.length).toBeGreaterThanOrEqual(30);
    expect(suites['rm-search']!.cases.length).toBeGreaterThanOrEqual(15);
    expect(suites['red-team']!.cases.length).toBeGreaterThanOrEqual(50);
    expect(suites['rm-search']!.cases.every((c) => c.search)).toBe(true);
  });

  it('red-team cases each name an OWASP LLM risk and cover the attack families', () => {
    const red = suites['red-team']!;
    expect(red.cases.every((c) => /^LLM(0[1-9]|10)$/.test(c.risk ?? ''))).toBe(true);
    const ids = red.cases.map((c) => c.id).join(' ');
    for (const family of [
      'direct-',
      'note-',
      'passage-',
      'pii-',
      'sysprompt-',
      'bait-',
      'pressure-',
      'encoding-',
      'roleplay-',
    ])
      expect(ids, family).toContain(family);
    expect(red.passages.length).toBeGreaterThan(0);
    expect(red.profiles.some((p) => p.notes)).toBe(true);
  });

  it('every product id an assertion names exists in the catalog', () => {
    const known = new Set(PRODUCT_IDS);
    for (const s of Object.values(suites))
      for (const c of s.cases)
        for (const a of c.assertions.filter((x) => x.type === 'recommends')) {
          const v = a.value as { expected: string[]; anyOf: string[]; forbidden: string[] };
          for (const id of [...v.expected, ...v.anyOf, ...v.forbidden].filter((x) => x !== 'crypto-moon'))
            expect(known.has(id), `${c.where}: ${id}`).toBe(true);
        }
  });

  it('generated customer ids are within the in-process stack (200) and match the personas described', () => {
    for (const s of Object.values(suites))
      for (const c of s.cases)
        if (c.customerId && !c.profile) expect(Number(c.customerId.slice(1)), c.where).toBeLessThanOrEqual(200);
    expect(generated('C0000001')).toMatchObject({ lifeStage: 'retired', riskTolerance: 'low', age: 85 });
    expect(generated('C0000014')).toMatchObject({ riskTolerance: 'low' });
    expect(generated('C0000022')).toMatchObject({ segment: 'student', age: 19 });
    expect(generated('C0000032')).toMatchObject({
      segment: 'high_net_worth',
      riskTolerance: 'low',
      name: 'David Roberts',
    });
    expect(generated('C0000039')).toMatchObject({ name: 'Freya Clark' });
    expect(generated('C0000003')).toMatchObject({ name: 'Ewan Macdonald' });
  });
});
