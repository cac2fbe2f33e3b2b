import { describe, expect, it } from 'vitest';
import { PRODUCTS } from '../../../domain/catalog/index.ts';
import { generateCustomer } from '../../../data/synthetic/index.ts';
import { silentLogger } from '../../../lib/log/index.ts';
import { createFilterParser } from '../../retrieval/filter/index.ts';
import type { Generator, PlanningRequest, RawPlan } from '../generators/types.ts';
import { prepareTurn } from '../turn.ts';
import { createLlmPlanner } from './llm-planner.ts';

const fresh = { listedProducts: [], listedClients: [] };
const fakeModel = (answer: RawPlan | Error) => {
  const seen: PlanningRequest[] = [];
  const gen: Generator = {
    kind: 'openai',
    model: 'fake',
    async *stream() {},
    async plan(req) {
      seen.push(req);
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
  return { gen, seen };
};

describe('LLM planner', () => {
  it('offers the mode\u2019s tool definitions and turns a valid choice into a plan', async () => {
    const { gen, seen } = fakeModel({
      calls: [{ tool: 'product_facts', input: '{"productIds":["savings-isa"],"aspects":["rate"]}' }],
    });
    const plan = await createLlmPlanner(gen, PRODUCTS)(
      { mode: 'customer', message: 'ISA rate?', state: fresh },
      new AbortController().signal,
    );
    expect(plan).toMatchObject({ source: 'llm', intent: 'product_facts', focus: { productIds: ['savings-isa'] } });
    const offered = seen[0]!.tools.map((t) => t.name);
    expect(offered).toContain('my_account');
    expect(offered).not.toContain('rank_book');
    expect(seen[0]!.tools[0]!.parameters).toMatchObject({ type: 'object' });
  });

  it('refuses a tool the mode may not use, an invalid input, and no tool call', async () => {
    const run = (raw: RawPlan) =>
      createLlmPlanner(fakeModel(raw).gen, PRODUCTS)(
        { mode: 'customer', message: 'x', state: fresh },
        new AbortController().signal,
      );
    await expect(run({ calls: [{ tool: 'rank_book', input: { productIds: ['wealth-premier'] } }] })).rejects.toThrow(
      /customer mode/,
    );
    await expect(run({ calls: [{ tool: 'product_facts', input: { productIds: [] } }] })).rejects.toThrow(/productIds/);
    await expect(run({ calls: [] })).rejects.toThrow();
  });

  it('an invalid plan falls back to the deterministic one, and the plan says so', async () => {
    const c = generateCustomer(42, 3).customer;
    const { gen } = fakeModel({ calls: [{ tool: 'nope', input: {} }] });
    const turn = await prepareTurn(
      {
        customers: { get: async () => c, count: async () => 1 },
        products: PRODUCTS,
        parser: createFilterParser(PRODUCTS),
        log: silentLogger,
        planner: createLlmPlanner(gen, PRODUCTS),
      },
      {
        mode: 'customer',
        message: "What's the fee on the platinum card?",
        state: fresh,
        history: [],
        principal: { role: 'customer', id: `customer:${c.id}`, customerId: c.id },
        customerId: c.id,
      },
      new AbortController().signal,
    );
    expect(turn.plan).toMatchObject({ source: 'deterministic', intent: 'product_facts' });
    expect(turn.plan.fallback).toMatch(/llm plan rejected/);
    expect(turn.composed.text).toContain('£195');
  });
});
