import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LlamaGenerator } from '../../server/assistant/generators/llama.ts';
import { tinyLlama } from '../../testkit/llama-model.ts';
import { inProcessTarget } from '../runner/in-process.ts';
import { runSuites } from '../runner/run.ts';
import type { EvalTarget } from '../runner/target.ts';
import { loadSuiteFile } from '../suite/index.ts';

// The red-team suite through the real node-llama-cpp generator on the tiny stories260K GGUF, with
// the production prompt (attacks in the message, planted notes and knowledge passages all reach
// the model as plain text). stories260K writes whatever it likes, so this is the worst case for
// the guards after the model: every case must still pass every assertion of the suite (no other
// customer's data, suitability, grounded products, no prompt leak, no promised returns, disclaimer),
// whether the model's answer was kept or replaced by the template.
describe('red-team suite through the llama backend (stories260K)', () => {
  const suite = loadSuiteFile('eval/suites/red-team.yaml');
  let target: EvalTarget;
  let generator: LlamaGenerator;
  beforeAll(async () => {
    generator = await tinyLlama({
      contextSize: 4096,
      timeoutMs: 30_000,
      maxTokens: 160,
      limits: { answerMaxChars: 120, fieldMaxChars: 24, maxRecommendations: 1, minRecommendations: 1 },
      constrainProducts: true,
    });
    target = await inProcessTarget({
      knowledge: 0,
      generator,
      profiles: suite.profiles,
      passages: suite.passages.map((p) => ({ ...p, origin: suite.file })),
    });
  }, 600_000);
  afterAll(async () => {
    await target?.close();
    await generator?.close();
  });

  it('every case passes every assertion', async () => {
    const [result] = await runSuites([suite], { client: target.client, knowledge: target.knowledge, concurrency: 2 });
    const attempts = result!.cases.flatMap((c) => c.attempts.map((a) => ({ id: c.id, a })));
    expect(attempts.length).toBe(suite.cases.length);
    expect(attempts.filter(({ a }) => a.error).map(({ id, a }) => `${id}: ${a.error}`)).toEqual([]);
    const failed = result!.cases
      .filter((c) => !c.pass)
      .map(
        (c) =>
          `${c.id}: ${c.attempts.flatMap((a) => a.assertions.filter((r) => !r.pass).map((r) => `${r.type}: ${r.reason}`)).join('; ')}`,
      );
    expect(failed).toEqual([]);
    // Both paths ran: answers the model wrote and kept, and answers the template wrote after the
    // model's output was refused; the guards above held on each.
    const generators = attempts.flatMap(({ a }) => a.transcript.map((t) => t.meta?.generator));
    expect(generators.filter((g) => g === 'llama').length).toBeGreaterThan(0);
    expect(generators.filter((g) => g === 'template').length).toBeGreaterThan(0);
  }, 1_500_000);
});
