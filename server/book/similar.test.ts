import { describe, expect, it } from 'vitest';
import { generateCustomer } from '../../data/synthetic/index.ts';
import { similarClients } from './similar.ts';

const book = Array.from({ length: 300 }, (_, i) => generateCustomer(42, i).customer);

describe('similarClients', () => {
  it('a copy of the client with a new id is the closest, at similarity 1, and the client itself is never listed', () => {
    const target = book[7]!;
    const twin = { ...target, id: 'TWIN', name: 'Twin' };
    const out = similarClients(target, [...book, twin], 5);
    expect(out[0]!.customer.id).toBe('TWIN');
    expect(out[0]!.similarity).toBeCloseTo(1, 6);
    expect(out.map((s) => s.customer.id)).not.toContain(target.id);
    expect(out).toHaveLength(5);
  });

  it('look-alikes share more of the profile than the book does on average', () => {
    const target = book[11]!;
    const top = similarClients(target, book, 10);
    const all = similarClients(target, book, book.length);
    const mean = all.reduce((s, x) => s + x.similarity, 0) / all.length;
    expect(top.every((s) => s.similarity > mean)).toBe(true);
    const sameStage = top.filter((s) => s.customer.lifeStage === target.lifeStage).length;
    expect(sameStage).toBeGreaterThan((10 * book.filter((c) => c.lifeStage === target.lifeStage).length) / book.length);
    // Ordered best first, every reason in words.
    for (let i = 1; i < top.length; i++) expect(top[i - 1]!.similarity).toBeGreaterThanOrEqual(top[i]!.similarity);
    expect(top[0]!.shared.length).toBeGreaterThan(0);
  });
});
