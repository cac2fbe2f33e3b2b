import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../lib/log/index.ts';
import { LlamaGenerator } from '../../server/assistant/generators/llama.ts';
import { STORIES_GGUF } from '../../testkit/llama-model.ts';
import { inProcessTarget } from '../runner/in-process.ts';
import { runSuites } from '../runner/run.ts';
import type { EvalTarget } from '../runner/target.ts';
import type { LoadedSuite } from '../suite/case.ts';
import { loadSuiteFile } from '../suite/index.ts';
import { CONVERSATION_GATE, CONVERSATION_SUITES } from './conversation-gate.ts';

// The conversation suites through the real node-llama-cpp generator on the tiny stories260K GGUF:
// plumbing, not quality. Every case must get a finished answer (no transport error, no crash);
// where the answer says which plan ran (data-meta.plan), an invalid LLM plan must have fallen
// back to the deterministic one. A fixed sample of the cases (every third) keeps it short on CPU.
const EVERY = 3;

interface PlanMeta {
  source?: string;
  valid?: boolean;
  fallback?: string;
}

describe('conversation suites through the llama backend (stories260K)', () => {
  const suites: LoadedSuite[] = CONVERSATION_SUITES.map((f) => loadSuiteFile(f)).map((s) => ({
    ...s,
    cases: s.cases.filter((_, i) => i % EVERY === 0),
  }));
  let target: EvalTarget;
  let generator: LlamaGenerator;
  beforeAll(async () => {
    generator = await LlamaGenerator.create({
      modelPath: STORIES_GGUF,
      gpu: false,
      threads: 1,
      sequences: 2,
      contextSize: 2048,
      queueLimit: 4,
      timeoutMs: 60_000,
      maxTokens: 500,
      limits: { answerMaxChars: 160, fieldMaxChars: 30, maxRecommendations: 2, minRecommendations: 1 },
      constrainProducts: false,
      // The full grounded prompt takes stories260K past the timeout on every attempt (each turn then
      // ends on the template after three tries); a short prompt keeps the run to the plumbing.
      buildPrompt: (r) => [
        { role: 'system', content: 'Once upon a time there was a bank.' },
        { role: 'user', content: r.message },
      ],
      log: silentLogger,
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
    if (!CONVERSATION_GATE.enforce) return;
    const plans = metas.map((m) => m.plan as PlanMeta | undefined).filter((p): p is PlanMeta => p !== undefined);
    expect(plans.length).toBe(metas.length);
    for (const p of plans) if (p.source === 'llm') expect(p.valid).toBe(true);
    for (const p of plans) if (p.valid === false) expect(p.source).toBe('deterministic');
  }, 1_200_000);
});
