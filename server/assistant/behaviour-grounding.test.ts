import { describe, expect, it } from 'vitest';
import { renderGrounding } from './prompts/grounding.ts';
import { buildContext } from './guardrails/rules.ts';
import { sampleCustomer } from '../../testkit/transactions-customers.ts';
import { createInsightsService } from '../insights/service.ts';
import type { Grounding } from './generators/types.ts';
import type { IntentService } from '../../ml/intent/classifier.ts';
import { behaviourGrounding } from './behaviour-grounding.ts';
import { syntheticTransactionSource } from '../../data/transactions/source.ts';

// The intent seam with a fixed answer: the real classifier is exercised in intent.int.test.ts;
// here the subject is how intent and insights enter the grounding and the number guardrail.
const fixedIntent = (label: string, escalate: boolean): IntentService => ({
  labels: [label],
  classifyIntent: async () => ({
    label,
    confidence: 0.91,
    escalate,
    route: escalate ? 'escalate' : 'faq',
    escalationReason: escalate ? 'fraud' : undefined,
    escalationMass: escalate ? 0.93 : 0,
    top: [{ label, p: 0.91 }],
    model: { embedder: 'x', fileHash: 'h', testAccuracy: 0.8 },
  }),
});

describe('behaviour grounding for the chat', () => {
  const customer = sampleCustomer({ id: 'C0000009', creditUtilization: 0.9, savingsBalance: 0, income: 22_000 });
  const insights = createInsightsService(syntheticTransactionSource(42));

  it('adds the intent and the insights; their figures become grounded numbers', async () => {
    const b = await behaviourGrounding(
      { intent: fixedIntent('compromised_card', true), insights },
      { customer, message: 'someone used my card' },
    );
    expect(b.intent).toEqual({
      label: 'compromised_card',
      confidence: 0.91,
      escalate: true,
      route: 'escalate',
      escalationReason: 'fraud',
    });
    const expected = await insights.forChat(customer);
    expect(b.insights).toEqual(expected);
    const grounding: Grounding = { mode: 'customer', customer, products: [], passages: [], ...b };
    const text = renderGrounding(grounding);
    expect(text).toContain('[spending insights');
    expect(text).toContain(expected!.summary);
    expect(text).toContain('ESCALATED to a person (fraud)');
    const ctx = buildContext(grounding, 'someone used my card');
    const overspend = expected!.alerts.find((a) => a.kind === 'overspending');
    if (overspend) expect(ctx.groundedNumbers).toContain(overspend.figures.spend);
    expect(ctx.groundedNumbers).toContain(
      expected!.insights.find((i) => i.kind === 'subscriptions')!.figures.monthlyTotal,
    );
  });

  it('a failing or missing service leaves its field out and never fails the turn', async () => {
    const broken: IntentService = {
      labels: [],
      classifyIntent: async () => {
        throw new Error('embedder down');
      },
    };
    expect(await behaviourGrounding({ intent: broken }, { message: 'hi' })).toEqual({});
    expect(await behaviourGrounding({}, { customer, message: 'hi' })).toEqual({});
    expect(Object.keys(await behaviourGrounding({ insights }, { message: 'no customer in RM mode' }))).toEqual([]);
  });
});
