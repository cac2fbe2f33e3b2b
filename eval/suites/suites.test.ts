import { describe, expect, it } from 'vitest';
import { PRODUCT_IDS } from '../../domain/catalog/index.ts';
import { generateCustomer } from '../../data/synthetic/index.ts';
import { generateCustomers } from '../../data/synthetic/index.ts';
import { testConfig } from '../../lib/config/index.ts';
import { computeFigures, type FigureSpec } from '../assertions/figures.ts';
import { ingestedFaqs } from '../runner/knowledge.ts';
import { defaultKnowledge } from '../runner/knowledge.ts';
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

describe('conversation suites', () => {
  const conversation = Object.values(suites).filter((s) => s.name.startsWith('conversation-'));
  const cases = conversation.flatMap((s) => s.cases);
  // The in-process stack's book: DATA's generator, seed 42, 200 customers.
  const book = [...generateCustomers({ seed: 42, count: 200 })].map((g) => g.customer);
  const knowledge = defaultKnowledge({ customers: book });
  const intentOf = (tags: string[]) => tags.filter((t) => t.startsWith('intent:'));

  it('have at least 150 cases over 25 intents, a third multi-turn, in both modes', () => {
    expect(cases.length).toBeGreaterThanOrEqual(150);
    expect(new Set(cases.flatMap((c) => intentOf(c.tags))).size).toBeGreaterThanOrEqual(25);
    expect(cases.filter((c) => (c.turns?.length ?? 0) > 1).length * 3).toBeGreaterThanOrEqual(cases.length);
    expect(new Set(cases.map((c) => c.mode))).toEqual(new Set(['customer', 'rm']));
    for (const c of cases) {
      expect(intentOf(c.tags), c.where).toHaveLength(1);
      expect(c.tags.includes('multi-turn'), c.where).toBe((c.turns?.length ?? 0) > 1);
    }
  });

  it('every expected figure computes from the book and the catalog (none is written into a case)', () => {
    for (const c of cases)
      for (const a of c.assertions.filter((x) => x.type === 'answers-with')) {
        const spec = (a.value as { figure: FigureSpec }).figure;
        const customer = c.customerId ? book.find((b) => b.id === c.customerId) : undefined;
        const figures = computeFigures(spec, { customer, knowledge });
        expect(figures.length, a.where).toBeGreaterThan(0);
        for (const f of figures) expect(Number.isFinite(f.value), `${a.where}: ${JSON.stringify(spec)}`).toBe(true);
      }
  });

  it('the clients, shared names and FAQ questions the cases rely on exist in the data', async () => {
    const faqs = await ingestedFaqs(testConfig().sharedDataDir);
    for (const c of cases)
      for (const a of c.assertions) {
        const v = a.value as Record<string, unknown>;
        if (a.type === 'mentions-client' && v.named)
          expect(book.filter((b) => b.name === v.named).length, a.where).toBe(1);
        if (a.type === 'mentions-client' && v.id)
          expect(
            book.some((b) => b.id === v.id),
            a.where,
          ).toBe(true);
        const named = (v.candidates as { clientsNamed?: string } | undefined)?.clientsNamed;
        if (a.type === 'asks-clarification' && named)
          expect(book.filter((b) => b.name === named).length, a.where).toBeGreaterThan(1);
        if (a.type === 'answers-faq' && faqs.length)
          expect(
            faqs.some((f) => f.question.toLowerCase().includes(String(v.question).toLowerCase())),
            a.where,
          ).toBe(true);
      }
  });
});
