import { describe, expect, it } from 'vitest';
import { PRODUCTS } from '../../../domain/catalog/index.ts';
import { generateCustomer } from '../../../data/synthetic/index.ts';
import { formatMoney } from '../../../domain/format.ts';
import { silentLogger } from '../../../lib/log/index.ts';
import { InMemoryBook } from '../../book/book.ts';
import { createFilterParser } from '../../retrieval/filter/index.ts';
import { expandQuestion, KNOWLEDGE_THRESHOLD, relevance } from './knowledge-answer.ts';
import { authorizeCall, runTools, TOOL_NAMES, TOOLS, toolsFor } from './registry.ts';
import type { ToolContext } from './types.ts';

const customers = Array.from({ length: 300 }, (_, i) => generateCustomer(42, i).customer);
const book = new InMemoryBook(customers);
const ctx = (over: Partial<ToolContext> = {}): ToolContext => ({
  mode: 'rm',
  products: PRODUCTS,
  book,
  parser: createFilterParser(PRODUCTS),
  canSee: () => true,
  log: silentLogger,
  signal: new AbortController().signal,
  ...over,
});

describe('tool registry', () => {
  it('every tool has zod input and output, a description and a scope', () => {
    for (const name of TOOL_NAMES) {
      const t = TOOLS[name];
      expect(t.name).toBe(name);
      expect(t.description.length).toBeGreaterThan(20);
      expect(['customer', 'rm', 'any']).toContain(t.scope);
    }
  });

  it('customer mode has no book tools; RM mode has no "my account" tools', () => {
    expect(toolsFor('customer')).not.toContain('aggregate_book');
    expect(toolsFor('customer')).not.toContain('client_brief');
    expect(toolsFor('rm')).not.toContain('my_account');
    expect(() => authorizeCall({ tool: 'rank_book', input: { productIds: ['wealth-premier'] } }, 'customer')).toThrow(
      /not available in customer mode/,
    );
  });

  it('invalid input is refused naming the field, before anything runs', () => {
    expect(() => authorizeCall({ tool: 'product_facts', input: { productIds: [] } }, 'customer')).toThrow(/productIds/);
  });

  it('a failing tool is reported as an error result, not thrown', async () => {
    const [r] = await runTools(ctx({ mode: 'customer' }), [{ tool: 'product_facts', input: { productIds: ['nope'] } }]);
    expect(r).toMatchObject({ ok: false, tool: 'product_facts' });
  });
});

describe('book tools are exact over every client', () => {
  it('count with the RM filter parser', async () => {
    const [r] = await runTools(ctx(), [
      { tool: 'aggregate_book', input: { filter: 'retired clients with a credit score over 700', metric: 'count' } },
    ]);
    const expected = customers.filter((c) => c.lifeStage === 'retired' && c.creditScore > 700).length;
    expect(r).toMatchObject({ ok: true, output: { count: expected, total: 300 } });
  });

  it('mean by segment, and the facts carry the figures as answers write them', async () => {
    const [r] = await runTools(ctx(), [
      { tool: 'aggregate_book', input: { metric: 'mean', field: 'income', groupBy: 'segment' } },
    ]);
    if (!r!.ok) throw new Error(r!.error);
    const out = r.output as { value: number; groups: { key: string; value: number }[] };
    const mean = customers.reduce((a, c) => a + c.income, 0) / customers.length;
    expect(out.value).toBeCloseTo(mean, 6);
    const facts = TOOLS.aggregate_book.facts(out as never, { products: PRODUCTS, mode: 'rm' });
    expect(facts.join('\n')).toContain(formatMoney(mean));
  });

  it('the principal only sees its own clients', async () => {
    const mine = new Set(customers.slice(0, 50).map((c) => c.id));
    const [r] = await runTools(ctx({ canSee: (c) => mine.has(c.id) }), [
      { tool: 'aggregate_book', input: { metric: 'count' } },
    ]);
    expect(r).toMatchObject({ ok: true, output: { count: 50, total: 50 } });
  });

  it('a client outside the book is not found', async () => {
    const [r] = await runTools(ctx({ canSee: () => false }), [
      { tool: 'client_brief', input: { clientId: customers[0]!.id } },
    ]);
    expect(r).toMatchObject({ ok: false });
  });
});

describe('knowledge relevance', () => {
  it('a page that asks the same question clears the threshold; an unrelated one does not', () => {
    expect(relevance('How do I change my PIN?', 'Can the ATM PIN be changed', 'No.')).toBeGreaterThanOrEqual(
      KNOWLEDGE_THRESHOLD,
    );
    expect(relevance('How do I make a sandwich?', 'Can the ATM PIN be changed', 'No.')).toBeLessThan(
      KNOWLEDGE_THRESHOLD,
    );
  });

  it('everyday words are expanded to the bank\u2019s own terms', () => {
    expect(expandQuestion('I forgot my online banking password')).toMatch(/netbanking/);
  });
});

describe('product_facts illustrations', () => {
  it('compounds the stated yearly rate, for savings only', async () => {
    const { illustrateInterest } = await import('./product-facts.ts');
    const { productFacts } = await import('./product-view.ts');
    const { productById } = await import('../../../domain/catalog/index.ts');
    const saver = productFacts(productById('savings-bonus')!);
    expect(illustrateInterest(saver, 5000, 12)).toMatchObject({
      interest: Math.round(5000 * (saver.expectedYieldPct! / 100)),
    });
    expect(illustrateInterest(saver, 10_000, 24)!.interest).toBe(
      Math.round(10_000 * ((1 + saver.expectedYieldPct! / 100) ** 2 - 1)),
    );
    expect(illustrateInterest(productFacts(productById('fund-balanced')!), 5000, 12)).toBeUndefined();
    expect(illustrateInterest(productFacts(productById('mortgage-fixed-2y')!), 5000, 12)).toBeUndefined();
  });
});
