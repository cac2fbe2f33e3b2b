import { describe, expect, it } from 'vitest';
import { generateCustomer } from '../../data/synthetic/index.ts';
import { aggregate } from './aggregate.ts';
import { InMemoryBook } from './book.ts';
import { matchesConstraints as customerMatches } from '../retrieval/filter/index.ts';

const customers = Array.from({ length: 400 }, (_, i) => generateCustomer(42, i).customer);

describe('book aggregates', () => {
  it('count, sum, mean, median, min and max are exact over every matching customer', () => {
    const retired = customers.filter((c) => c.lifeStage === 'retired');
    const isRetired = (c: (typeof customers)[number]) => c.lifeStage === 'retired';
    const incomes = retired.map((c) => c.income).sort((a, b) => a - b);
    const sum = incomes.reduce((a, b) => a + b, 0);
    expect(aggregate(customers, isRetired, { metric: 'count' })).toEqual({ count: retired.length });
    expect(aggregate(customers, isRetired, { metric: 'sum', field: 'income' }).value).toBeCloseTo(sum, 6);
    expect(aggregate(customers, isRetired, { metric: 'mean', field: 'income' }).value).toBeCloseTo(
      sum / retired.length,
      6,
    );
    expect(aggregate(customers, isRetired, { metric: 'min', field: 'income' }).value).toBe(incomes[0]);
    expect(aggregate(customers, isRetired, { metric: 'max', field: 'income' }).value).toBe(incomes.at(-1));
    const n = incomes.length;
    const median = n % 2 ? incomes[n >> 1] : (incomes[(n >> 1) - 1]! + incomes[n >> 1]!) / 2;
    expect(aggregate(customers, isRetired, { metric: 'median', field: 'income' }).value).toBe(median);
  });

  it('groups by a categorical field, sizes adding up to the total', () => {
    const r = aggregate(customers, () => true, { metric: 'mean', field: 'savingsBalance', groupBy: 'segment' });
    expect(r.groups!.reduce((a, g) => a + g.count, 0)).toBe(customers.length);
    const hnw = customers.filter((c) => c.segment === 'high_net_worth');
    const g = r.groups!.find((x) => x.key === 'high_net_worth')!;
    expect(g.count).toBe(hnw.length);
    expect(g.value).toBeCloseTo(hnw.reduce((a, c) => a + c.savingsBalance, 0) / hnw.length, 6);
  });

  it('an empty match has a count of zero and no value', () => {
    expect(aggregate(customers, () => false, { metric: 'mean', field: 'income' })).toEqual({ count: 0 });
  });
});

describe('customerMatches', () => {
  it('applies comparisons, equality, sets and holdings', () => {
    const c = customers[0]!;
    expect(customerMatches(c, [{ field: 'age', op: 'gte', value: c.age, text: '' }])).toBe(true);
    expect(customerMatches(c, [{ field: 'age', op: 'gt', value: c.age, text: '' }])).toBe(false);
    expect(customerMatches(c, [{ field: 'lifeStage', op: 'eq', value: c.lifeStage, text: '' }])).toBe(true);
    expect(customerMatches(c, [{ field: 'segment', op: 'in', value: ['nope'], text: '' }])).toBe(false);
    const held = c.productsHeld[0]!;
    expect(customerMatches(c, [{ field: 'products', op: 'holds_any', value: [held], text: '' }])).toBe(true);
    expect(customerMatches(c, [{ field: 'products', op: 'holds_none', value: [held], text: '' }])).toBe(false);
  });
});

describe('InMemoryBook', () => {
  it('finds customers by id, full name, title and surname, and possessive first name', () => {
    const book = new InMemoryBook(customers);
    const c = customers[7]!;
    const [first, last] = c.name.split(' ');
    expect(book.get(c.id)).toBe(c);
    expect(book.findByName(`brief me on ${c.name} please`).map((x) => x.id)).toContain(c.id);
    expect(book.findByName(`how is Mrs ${last} doing`).map((x) => x.id)).toContain(c.id);
    expect(book.findByName(`what about ${first}'s savings?`).map((x) => x.id)).toContain(c.id);
    expect(book.findByName('how many clients hold a mortgage')).toEqual([]);
  });
});

describe('aggregate by a list field', () => {
  it('puts a client in one group per product held, each group exact', () => {
    const r = aggregate(customers, () => true, { metric: 'count', groupBy: 'productsHeld' });
    expect(r.count).toBe(customers.length);
    for (const g of r.groups!) expect(g.count).toBe(customers.filter((c) => c.productsHeld.includes(g.key)).length);
    expect(r.groups!.reduce((n, g) => n + g.count, 0)).toBe(customers.reduce((n, c) => n + c.productsHeld.length, 0));
    // Largest first.
    expect(r.groups!.map((g) => g.count)).toEqual([...r.groups!.map((g) => g.count)].sort((a, b) => b - a));
  });

  it('means per goal cover exactly the clients with that goal', () => {
    const r = aggregate(customers, () => true, { metric: 'mean', field: 'income', groupBy: 'goals' });
    for (const g of r.groups!) {
      const xs = customers.filter((c) => c.goals.includes(g.key as never)).map((c) => c.income);
      expect(g.value).toBeCloseTo(xs.reduce((a, b) => a + b, 0) / xs.length, 6);
    }
  });
});
