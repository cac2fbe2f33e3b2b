import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRODUCTS } from '../../../domain/catalog/index.ts';
import { generateCustomer } from '../../../data/synthetic/index.ts';
import { silentLogger } from '../../../lib/log/index.ts';
import { tinyLlama } from '../../../testkit/llama-model.ts';
import { createFilterParser } from '../../retrieval/filter/index.ts';
import type { LlamaGenerator } from '../generators/llama.ts';
import { prepareTurn } from '../turn.ts';
import { createLlmPlanner } from './llm-planner.ts';

/**
 * The LLM planner on REAL node-llama-cpp (stories260K: it cannot plan, so this is plumbing only):
 * the grammar-constrained output is parsed and validated, and whatever it is, the turn gets a
 * valid plan — the model's when it passes, the deterministic one (marked) when it does not.
 */
let gen: LlamaGenerator;
beforeAll(async () => {
  gen = await tinyLlama({ sequences: 1, contextSize: 4096, queueLimit: 2, maxTokens: 200 });
}, 60_000);
afterAll(async () => gen?.close());

describe('LLM planner on the tiny GGUF', () => {
  it('produces grammar-shaped JSON, and a turn always ends with a validated plan', async () => {
    const planner = createLlmPlanner(gen, PRODUCTS);
    const state = { listedProducts: [], listedClients: [] };
    const direct = await planner(
      { mode: 'customer', message: 'What is the fee on the cashback card?', state },
      new AbortController().signal,
    ).then(
      (p) => ({ ok: true as const, p }),
      (e: Error) => ({ ok: false as const, e }),
    );
    if (direct.ok) expect(direct.p.source).toBe('llm');
    else expect(direct.e.message.length).toBeGreaterThan(0);

    const c = generateCustomer(42, 5).customer;
    const turn = await prepareTurn(
      {
        customers: { get: async () => c, count: async () => 1 },
        products: PRODUCTS,
        parser: createFilterParser(PRODUCTS),
        log: silentLogger,
        planner,
      },
      {
        mode: 'customer',
        message: 'What is the fee on the cashback card?',
        state,
        history: [],
        principal: { role: 'customer', id: `customer:${c.id}`, customerId: c.id },
        customerId: c.id,
      },
      new AbortController().signal,
    );
    expect(['llm', 'deterministic']).toContain(turn.plan.source);
    if (turn.plan.source === 'deterministic') expect(turn.plan.fallback).toMatch(/llm plan rejected/);
    expect(turn.composed.text.length).toBeGreaterThan(0);
  }, 120_000);
});
