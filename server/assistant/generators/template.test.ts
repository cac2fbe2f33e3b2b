import { describe, expect, it } from 'vitest';
import { TemplateGenerator, templateAnswer } from './template.ts';
import { testGrounding } from '../../../testkit/grounding.ts';
import { AnswerSchema, type GenerateEvent } from './types.ts';

async function collect(it: AsyncIterable<GenerateEvent>) {
  const events: GenerateEvent[] = [];
  for await (const e of it) events.push(e);
  return events;
}

describe('template generator', () => {
  it('explains each recommended product with profile facts, SHAP reasons, scores and passage citations', () => {
    const a = templateAnswer(testGrounding(), 'What would you recommend for me?');
    expect(AnswerSchema.parse(a)).toEqual(a);
    expect(a.answer).toContain('credit score 742');
    expect(a.answer).toContain('annual income 82,000');
    expect(a.answer).toContain(
      '1. Global Equity Fund: Model score 0.812, driven mostly by your income (82,000 a year), investment horizon (long), credit score (742) (see [P1]).',
    );
    expect(a.answer).toContain('2. Two-Year Fixed Saver');
    expect(a.answer).toContain("Not suitable: Crypto Speculator Fund (risk level 5 above tolerance 'medium' (max 3))");
    expect(a.recommendations.map((r) => r.productId)).toEqual(['global_equity_fund', 'fixed_saver_2y']);
    expect(a.recommendations[0]!.risks).toContain('Capital at risk');
    expect(a.recommendations[1]!.why).toContain('[P3]');
    expect(a.recommendations[1]!.risks).toContain('committed for 24 months');
  });

  it('is deterministic and never obeys injected text in notes/passages', () => {
    const a = templateAnswer(testGrounding(), 'hi');
    expect(templateAnswer(testGrounding(), 'hi')).toEqual(a);
    expect(a.answer).not.toMatch(/guaranteed|C000099|Bob Smith/i);
    expect(a.recommendations.map((r) => r.productId)).not.toContain('crypto_speculator');
  });

  it('ranks clients in RM mode and refuses politely with nothing to ground on', () => {
    const rm = templateAnswer(
      testGrounding({
        mode: 'rm',
        customer: undefined,
        recommendations: undefined,
        rmResults: [
          { customerId: 'C000007', score: 0.91, reason: 'affluent, long horizon, no wealth product held' },
          { customerId: 'C000003', score: 0.77, reason: 'income 120,000' },
        ],
      }),
      'which of my clients should I call about wealth management?',
    );
    expect(rm.answer).toContain('1. C000007 (score 0.910): affluent, long horizon');
    expect(
      templateAnswer(
        testGrounding({ mode: 'rm', rmResults: [{ customerId: 'C000007', score: 0.9, reason: 'x' }] }),
        'savings? <img src=x onerror=alert(1)>',
      ).answer,
    ).not.toContain('onerror');
    expect(rm.answer.indexOf('C000007')).toBeLessThan(rm.answer.indexOf('C000003'));
    const none = templateAnswer(testGrounding({ recommendations: undefined }), 'hi');
    expect(none.answer).toMatch(/don't have enough information/);
  });

  it('streams the answer as deltas then a final validated answer', async () => {
    const events = await collect(
      new TemplateGenerator().stream(
        { grounding: testGrounding(), history: [], message: 'x', promptId: 'p', promptVersion: '1' },
        new AbortController().signal,
      ),
    );
    const final = events.at(-1)!;
    expect(final.type).toBe('final');
    const text = events
      .filter((e) => e.type === 'text-delta')
      .map((e) => (e as { delta: string }).delta)
      .join('');
    expect(final.type === 'final' && final.answer.answer).toBe(text);
    expect(events.length).toBeGreaterThan(10);
  });
});
