import { describe, expect, it } from 'vitest';
import { testGrounding } from '../../../testkit/grounding.ts';
import {
  buildContext,
  checkRecommendations,
  checkText,
  extractNumbers,
  needsDisclaimer,
  repairRecommendations,
  SentenceGate,
  splitSentences,
} from './index.ts';

const g = testGrounding();
const ctx = buildContext(g, 'I have 5,000 to invest', [], { otherCustomers: ['Bob Smith', 'C000099'] });
const rules = (text: string) => checkText(text, 'answer', ctx).map((v) => v.rule);

describe('guardrail rules', () => {
  it('extracts numbers with thousands separators and decimals, not ids like P1', () => {
    expect(extractNumbers('score 0.812, income 82,000 and 4.1% [P1] C000042').map((n) => n.value)).toEqual([
      0.812, 82000, 4.1,
    ]);
  });

  it('flags numbers not in the grounding; allows grounded, rounded-grounded, user-given and small list numbers', () => {
    expect(rules('Your credit score of 742 and income of 82,000 fit.')).toEqual([]);
    expect(rules('The fund scores 0.81 for you, about 4.1% a year.')).toEqual([]);
    expect(rules('With your 5,000 you could start; 2 options.')).toEqual([]);
    expect(rules('It returns 12% a year.')).toEqual(['ungrounded_number']);
  });

  it('does not take a grounded product name for a promise', () => {
    const annuity = {
      ...testGrounding().products[1]!,
      id: 'pension-annuity',
      name: 'Guaranteed Lifetime Annuity',
      category: 'pension' as const,
    };
    const c = buildContext(testGrounding({ products: [...testGrounding().products, annuity] }), 'hi');
    expect(checkText('3. Guaranteed Lifetime Annuity: a steady income.', 'answer', c)).toEqual([]);
    expect(checkText('The annuity is guaranteed to grow.', 'answer', c).map((v) => v.rule)).toEqual([
      'promised_returns',
    ]);
  });

  it('does not take a number inside a grounded product name for an ungrounded figure', () => {
    const mortgage = {
      ...testGrounding().products[1]!,
      id: 'mortgage-first-time',
      name: 'First-Time Buyer 95% Mortgage',
      category: 'mortgage' as const,
    };
    const c = buildContext(testGrounding({ products: [...testGrounding().products, mortgage] }), 'hi');
    expect(
      checkText('Not suitable: First-Time Buyer 95% Mortgage (age 68 above maximum 10).', 'answer', c).map(
        (v) => v.detail,
      ),
    ).toEqual(['number 68 is not in the grounding']);
    expect(checkText('95% of customers take it.', 'answer', c).map((v) => v.rule)).toEqual(['ungrounded_number']);
  });

  it('flags promises of returns, but not warnings', () => {
    expect(rules('This fund is guaranteed to grow.')).toContain('promised_returns');
    expect(rules('It is risk-free and you can’t lose.')).toEqual(['promised_returns', 'promised_returns']);
    expect(rules('Returns are not guaranteed.')).toEqual([]);
    expect(rules('No investment is risk-free.')).toEqual([]);
  });

  it("flags other customers' ids and names in customer mode, allows the own id", () => {
    expect(rules('Your id is C000042.')).toEqual([]);
    expect(rules('Account C000099 belongs to someone.')).toEqual(['other_customer_data', 'other_customer_data']);
    expect(rules('Bob Smith has one too.')).toEqual(['other_customer_data']);
    const rm = buildContext(
      testGrounding({ mode: 'rm', rmResults: [{ customerId: 'C000099', score: 0.9, reason: 'x' }] }),
      'who?',
    );
    expect(checkText('Call C000099 first.', 'answer', rm)).toEqual([]);
  });

  it('flags recommendations of excluded and ungrounded products', () => {
    const v = checkRecommendations(
      {
        answer: '',
        recommendations: [
          { productId: 'global_equity_fund', why: 'a', risks: 'b' },
          { productId: 'crypto_speculator', why: 'a', risks: 'b' },
          { productId: 'made_up', why: 'a', risks: 'b' },
        ],
      },
      ctx,
    );
    expect(v.map((x) => [x.rule, x.where])).toEqual([
      ['unsuitable_product', 'recommendations[1]'],
      ['ungrounded_product', 'recommendations[2]'],
    ]);
  });

  it('repairs recommendations: drops bad products and bad sentences in why/risks', () => {
    const r = repairRecommendations(
      {
        answer: '',
        recommendations: [
          {
            productId: 'global_equity_fund',
            why: 'Long horizon [P1]. It is guaranteed to double.',
            risks: 'Capital at risk.',
          },
          { productId: 'crypto_speculator', why: 'a', risks: 'b' },
        ],
      },
      ctx,
    );
    expect(r.recommendations).toEqual([
      { productId: 'global_equity_fund', why: 'Long horizon [P1].', risks: 'Capital at risk.' },
    ]);
    expect(r.violations.map((v) => v.rule).sort()).toEqual(['promised_returns', 'unsuitable_product']);
  });
});

describe('SentenceGate (streaming)', () => {
  it('releases checked sentences only, drops offending ones, whatever the chunking', () => {
    const text =
      'The Global Equity Fund suits your long horizon. It is guaranteed to return 20% a year. Your score is 742.\nCharges are 0.45%.';
    for (const size of [1, 3, 7, 200]) {
      const gate = new SentenceGate(ctx);
      let out = '';
      for (let i = 0; i < text.length; i += size) out += gate.push(text.slice(i, i + size));
      out += gate.flush();
      expect(out).toBe('The Global Equity Fund suits your long horizon. Your score is 742.\nCharges are 0.45%.');
      expect(gate.emitted).toBe(out);
      expect(gate.removedSentences).toBe(1);
      expect(gate.violations.map((v) => v.rule).sort()).toEqual(['promised_returns', 'ungrounded_number']);
    }
  });

  it('splits sentences losslessly', () => {
    const t = 'One. Two!  Three?\nFour 4.1% five';
    expect(splitSentences(t).join('')).toBe(t);
  });
});

describe('disclaimer', () => {
  it('is needed when an investment product is recommended or named, not otherwise', () => {
    expect(
      needsDisclaimer({ answer: 'x', recommendations: [{ productId: 'global_equity_fund', why: '', risks: '' }] }, g),
    ).toBe(true);
    expect(needsDisclaimer({ answer: 'Have you considered the Global Equity Fund?', recommendations: [] }, g)).toBe(
      true,
    );
    expect(
      needsDisclaimer(
        { answer: 'A fixed saver fits.', recommendations: [{ productId: 'fixed_saver_2y', why: '', risks: '' }] },
        g,
      ),
    ).toBe(false);
  });
});
