import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LlamaGenerator } from '../../server/assistant/generators/llama.ts';
import { tinyLlama } from '../../testkit/llama-model.ts';
import { inProcessTarget } from '../runner/in-process.ts';
import { runSuites } from '../runner/run.ts';
import type { ChatPlan } from '../../domain/api/chat-stream.ts';
import type { EvalTarget } from '../runner/target.ts';
import type { LoadedSuite } from '../suite/case.ts';
import { loadSuiteFile } from '../suite/index.ts';
import { CONVERSATION_SUITES } from './conversation-gate.ts';

// The conversation suites through the real node-llama-cpp generator on the tiny stories260K GGUF:
// plumbing, not quality. Every case must get a finished answer (no transport error, no crash);
// every answer says which plan ran (data-meta.plan), and a plan the LLM got wrong fell back to
// the deterministic one (source `deterministic`, with the reason in `fallback`). A fixed sample of the cases (every third) keeps it short on CPU.
const EVERY = 3;

describe('conversation suites through the llama backend (stories260K)', () => {
  const suites: LoadedSuite[] = CONVERSATION_SUITES.map((f) => loadSuiteFile(f)).map((s) => ({
    ...s,
    cases: s.cases.filter((_, i) => i % EVERY === 0),
  }));
  let target: EvalTarget;
  let generator: LlamaGenerator;
  beforeAll(async () => {
    generator = await tinyLlama({
      limits: { answerMaxChars: 160, fieldMaxChars: 30, maxRecommendations: 2, minRecommendations: 1 },
      constrainProducts: false,
      // The full grounded prompt takes stories260K past the timeout on every attempt (each turn then
      // ends on the template after three tries); a short prompt keeps the run to the plumbing.
      buildPrompt: (r) => [
        { role: 'system', content: 'Once upon a time there was a bank.' },
        { role: 'user', content: r.message },
      ],
    });
    target = await inProcessTarget({ knowledge: 0, generator });
  }, 600_000);
  afterAll(async () => {
    await target?.close();
    await generator?.close();
  });

  it('every sampled case is answered, and invalid LLM plans fall back', async () => {
    const results = await runSuites(suites, { client: target.client, knowledge: target.knowledge, concurrency: 2 });
    const attempts = results.flatMap((s) => s.cases.flatMap((c) => c.attempts.map((a) => ({ id: c.id, a }))));
    expect(attempts.length).toBeGreaterThanOrEqual(50);
    expect(attempts.filter(({ a }) => a.error).map(({ id, a }) => `${id}: ${a.error}`)).toEqual([]);
    const metas = attempts.flatMap(({ a }) => a.transcript.map((t) => t.meta ?? {}));
    expect(metas.every((m) => m.generator === 'llama' || m.fallback !== undefined)).toBe(true);
    const plans = metas.map((m) => m.plan as ChatPlan | undefined);
    expect(plans.filter((p) => !p || !['deterministic', 'llm'].includes(p.source))).toEqual([]);
    for (const p of plans) if (p?.fallback) expect(p.source).toBe('deterministic');
  }, 1_200_000);
});
