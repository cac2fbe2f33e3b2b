import { describe, expect, it } from 'vitest';
import type { Customer } from '../../domain/index.ts';
import { alice, bob, chatCtx, check, knowledge } from '../test/helpers.ts';
import { aggregate, bookFigures, computeFigures, firstSentence, median, statesFigure } from './figures.ts';
import { clientsListed, productsListed, productsNamed } from './listing.ts';
import type { AssertionContext, TurnOutcome } from './types.ts';

// A small book with figures worked out by hand, so the computed expectations are checked.
const carol: Customer = {
  ...alice,
  id: 'T-CAROL',
  name: 'Carol Mortgage',
  age: 70,
  income: 30_000,
  savingsBalance: 10_000,
  lifeStage: 'retired',
  segment: 'affluent',
  productsHeld: ['current-everyday', 'mortgage-fixed-5y'],
};
const dan: Customer = { ...carol, id: 'T-DAN', name: 'Dan Twin', income: 50_000, segment: 'affluent', age: 40 };
const dan2: Customer = { ...dan, id: 'T-DAN2', age: 52, lifeStage: 'established_family', productsHeld: [] };
const book = [alice, bob, carol, dan, dan2];
const kb = { ...knowledge(), book, customers: new Map(book.map((c) => [c.id, c])) };

const turn = (text: string, over: Partial<TurnOutcome> = {}): TurnOutcome => ({
  user: 'q',
  status: 200,
  text,
  recommendations: [],
  tools: [],
  data: [],
  latencyMs: 1,
  ...over,
});
const ctxOf = (text: string, over: Partial<AssertionContext> = {}): AssertionContext =>
  chatCtx({ text, knowledge: kb, turns: [turn(text)], ...over });

describe('figures computed from the data', () => {
  it('aggregates: count, sum, mean, standard median, min, max', () => {
    expect(aggregate([3, 1, 2], 'median')).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(aggregate([1, 2, 3, 4], 'mean')).toBe(2.5);
    expect(aggregate([5, 1], 'sum')).toBe(6);
    expect(aggregate([5, 1], 'min')).toBe(1);
    expect(aggregate([5, 1], 'max')).toBe(5);
    expect(aggregate([], 'count')).toBe(0);
  });

  it('counts retired clients holding a mortgage through the catalog categories', () => {
    const [f] = bookFigures(
      {
        where: [
          { field: 'lifeStage', op: 'eq', value: 'retired' },
          { field: 'heldCategories', op: 'includes', value: 'mortgage' },
        ],
        aggregate: 'count',
      },
      kb,
    );
    // alice is retired without a mortgage; carol and dan hold mortgage-fixed-5y and are retired.
    expect(f).toMatchObject({ value: 2, format: 'count', shown: '2' });
  });

  it('means and groups format money as domain/format.ts does', () => {
    const [mean] = bookFigures(
      { where: [{ field: 'segment', op: 'eq', value: 'affluent' }], aggregate: 'mean', field: 'income' },
      kb,
    );
    expect(mean).toMatchObject({ value: (30_000 + 50_000 + 50_000) / 3, format: 'money', shown: '£43,333' });
    const groups = bookFigures({ where: [], aggregate: 'max', field: 'income', groupBy: 'segment' }, kb);
    expect(groups.map((g) => [g.label, g.shown])).toEqual([
      ['mass market', '£24,000'],
      ['high net worth', '£187,500'],
      ['affluent', '£50,000'],
    ]);
  });

  it('product, customer and client figures', () => {
    const ctx = ctxOf('');
    expect(computeFigures({ product: 'card-premium-travel', field: 'annualFee' }, ctx)[0]!.shown).toBe('£195');
    expect(computeFigures({ product: 'mortgage-fixed-2y', field: 'aprPct' }, ctx)[0]!.shown).toBe('4.6%');
    expect(computeFigures({ product: { flaggedNew: true }, field: 'eligibility.minIncome' }, ctx)[0]!.shown).toBe(
      '£100,000',
    );
    expect(computeFigures({ customer: 'savingsBalance' }, ctx)[0]!.shown).toBe('£41,250');
    expect(computeFigures({ client: 'T-BOB', field: 'income' }, ctx)[0]!.shown).toBe('£187,500');
    expect(() => computeFigures({ client: 'nobody', field: 'income' }, ctx)).toThrow(/not in the book/);
  });

  it('states a figure exactly, rounded, as none, or in years', () => {
    const money = { value: 43_333.33, format: 'money' as const, shown: '£43,333' };
    expect(statesFigure('about £43,333 a year', money)).toBe(true);
    expect(statesFigure('about £43.3k a year', money)).toBe(true);
    expect(statesFigure('about 43,333 a year', money)).toBe(false);
    expect(statesFigure('None of them do.', { value: 0, format: 'count', shown: '0' })).toBe(true);
    expect(statesFigure('a 2-year fix', { value: 24, format: 'months', shown: '24 months' })).toBe(true);
    expect(statesFigure('4.64% fixed', { value: 4.64, format: 'rate', shown: '4.64%' })).toBe(true);
    expect(statesFigure('4.64 fixed', { value: 4.64, format: 'rate', shown: '4.64%' })).toBe(false);
  });

  it('the first sentence ends at a full stop, not inside a number', () => {
    expect(firstSentence('The fee is £195. It is charged yearly.')).toBe('The fee is £195.');
    expect(firstSentence('The rate is 4.64% fixed. Then SVR.')).toBe('The rate is 4.64% fixed.');
    expect(firstSentence('Three clients:\n- A\n- B')).toBe('Three clients:');
  });
});

describe('what a turn listed', () => {
  it('products in the order named, a longer name winning over the one inside it', () => {
    const names = productsNamed(
      'Try the Stocks and Shares ISA, or the Cash ISA and Meridian Wealth Premier.',
      kb.catalog,
    );
    expect(names.map((p) => p.id)).toEqual(['brokerage-stocks-isa', 'savings-isa', 'wealth-premier']);
    expect(
      productsListed({ text: 'Cash ISA', recommendations: [{ productId: 'deposit-12m' }] }, kb.catalog).map(
        (p) => p.id,
      ),
    ).toEqual(['deposit-12m', 'savings-isa']);
  });

  it('clients by id, by name and from data parts and tool outputs', () => {
    const listed = clientsListed(
      turn('Call T-ALICE and Bob Bystander.', {
        data: [{ type: 'data-clients', data: [{ customerId: 'T-CAROL' }] }],
        tools: [{ id: '1', name: 'rankBook', output: { clients: [{ customerId: 'T-DAN' }] } }],
      }),
      book,
    );
    expect(listed.map((c) => c.id).sort()).toEqual(['T-ALICE', 'T-BOB', 'T-CAROL', 'T-DAN']);
  });
});

describe('conversation assertions', () => {
  it('answers-with: computed figure present, absent, or not in the first sentence', async () => {
    const fee = { figure: { product: 'card-premium-travel', field: 'annualFee' } };
    expect((await check('answers-with', fee, ctxOf('The annual fee is £195.'))).pass).toBe(true);
    expect((await check('answers-with', fee, ctxOf('It has lounge access.'))).reason).toMatch(/expected £195/);
    expect(
      (await check('answers-with', { ...fee, firstSentence: true }, ctxOf('Lounges are free. The fee is £195.'))).pass,
    ).toBe(false);
    const grouped = { figure: { book: { aggregate: 'max', field: 'income', groupBy: 'segment' } } };
    const table = 'Highest income by segment:\n- mass market: £24,000\n- high net worth: £187,500\n- affluent: £50,000';
    expect((await check('answers-with', grouped, ctxOf(table))).pass).toBe(true);
    expect((await check('answers-with', grouped, ctxOf(table.replace('£50,000', '£5,000')))).score).toBeCloseTo(2 / 3);
  });

  it('mentions-product resolves "the first one" from an earlier turn', async () => {
    const first = turn('You could look at the Cash ISA or the Bonus Saver.');
    const ctx = (text: string) => chatCtx({ text, knowledge: kb, turns: [first, turn(text)] });
    const v = { listedIn: { turn: 0, position: 1 }, only: true };
    expect((await check('mentions-product', v, ctx('The Cash ISA pays 4%.'))).pass).toBe(true);
    expect((await check('mentions-product', v, ctx('The Bonus Saver pays 4.5%.'))).pass).toBe(false);
    expect((await check('mentions-product', v, ctx('The Cash ISA beats the Bonus Saver.'))).reason).toMatch(/also/);
    expect((await check('mentions-product', { flaggedNew: true }, ctx('Meridian Wealth Premier'))).pass).toBe(true);
  });

  it('asks-clarification offers candidates from the catalog or the book', async () => {
    const cards = { candidates: { category: 'credit_card' } };
    expect(
      (
        await check(
          'asks-clarification',
          cards,
          ctxOf('Which card: the Cashback Credit Card or the Student Credit Card?'),
        )
      ).pass,
    ).toBe(true);
    expect((await check('asks-clarification', cards, ctxOf('Which card do you mean?'))).pass).toBe(false);
    const twins = { candidates: { clientsNamed: 'Dan Twin' } };
    expect((await check('asks-clarification', twins, ctxOf('Two clients: T-DAN or T-DAN2 — which one?'))).pass).toBe(
      true,
    );
  });

  it('no-selling, offers-person, customer-language', async () => {
    expect((await check('no-selling', undefined, ctxOf('You are welcome, goodbye!'))).pass).toBe(true);
    expect((await check('no-selling', undefined, ctxOf('Bye! Have you seen our Cash ISA?'))).pass).toBe(false);
    expect(
      (await check('offers-person', { admitsUnknown: true }, ctxOf("I don't know that, but a colleague can help.")))
        .pass,
    ).toBe(true);
    expect((await check('offers-person', { admitsUnknown: true }, ctxOf('Here is how.'))).pass).toBe(false);
    expect((await check('customer-language', undefined, ctxOf('You already have the Cash ISA (£20,000).'))).pass).toBe(
      true,
    );
    const bad = await check('customer-language', undefined, ctxOf('customer already holds savings-isa [P1], 20,000'));
    expect(bad.reason).toMatch(/raw product ids.*third person.*citation.*without £/);
  });

  it('recommends-category judges the recommendations, and accepts "none suits you" when nothing of the topic does', async () => {
    const mortgages = { categories: ['mortgage'], eligible: true };
    // bob meets the 5-year fix's rules; a "not available" line naming another product does not count.
    const bobRec = ctxOf('Try the 5-Year Fixed Mortgage. Not available: First-Time Buyer 95% Mortgage.', {
      customer: bob,
      recommendations: [{ productId: 'mortgage-fixed-5y' }],
    });
    expect((await check('recommends-category', mortgages, bobRec)).pass).toBe(true);
    // alice (score 640) meets no mortgage's rules: saying so passes, recommending one does not.
    expect(
      (await check('recommends-category', mortgages, ctxOf('None of our mortgages suits you right now.'))).pass,
    ).toBe(true);
    const pushed = ctxOf('Try this.', { recommendations: [{ productId: 'mortgage-fixed-2y' }] });
    expect((await check('recommends-category', mortgages, pushed)).reason).toMatch(/yet recommends/);
  });

  it('offers-person hears "I don\'t have a reliable answer" as not knowing', async () => {
    const text = "I don't have a reliable answer to that in our help pages. A colleague can help.";
    expect((await check('offers-person', { admitsUnknown: true }, ctxOf(text))).pass).toBe(true);
  });

  it('answers-faq matches passages in the stack by question, by citation or by overlap', async () => {
    const faq = {
      id: 'bank-faqs-0123456789abcdef',
      question: 'Can the ATM PIN be changed',
      answer: 'Yes, you can change the ATM PIN at any of our ATMs using your current PIN.',
      class: 'cards',
    };
    const ctx = (text: string, groundingIds: string[] = []) =>
      ctxOf(text, { knowledge: { ...kb, faqs: [faq] }, meta: { groundingIds } });
    expect((await check('answers-faq', { question: 'PIN be changed' }, ctx(faq.answer))).pass).toBe(true);
    expect((await check('answers-faq', { question: 'PIN be changed' }, ctx('Try our savings.'))).pass).toBe(false);
    expect((await check('answers-faq', { question: 'lost card' }, ctx(faq.answer))).reason).toMatch(/no FAQ/);
  });

  it('eligibility-verdict follows the rules for the customer', async () => {
    // alice: credit score 640, income £24,000 — below every mortgage's minimum score.
    expect(
      (
        await check(
          'eligibility-verdict',
          { category: 'mortgage' },
          ctxOf('Unfortunately not yet: our mortgages need a credit score of at least 700.'),
        )
      ).pass,
    ).toBe(true);
    expect(
      (await check('eligibility-verdict', { category: 'mortgage' }, ctxOf('Yes, the 2-Year Fixed Mortgage.'))).pass,
    ).toBe(false);
    const bobCtx = ctxOf('Yes, you could get the 5-Year Fixed Mortgage.', { customer: bob });
    expect((await check('eligibility-verdict', { category: 'mortgage' }, bobCtx)).pass).toBe(true);
  });

  it('lists-clients and mentions-client judge against the full records', async () => {
    const retired = { where: [{ field: 'lifeStage', op: 'eq', value: 'retired' }], min: 2 };
    expect((await check('lists-clients', retired, ctxOf('T-ALICE and T-CAROL'))).pass).toBe(true);
    expect((await check('lists-clients', retired, ctxOf('T-ALICE and T-DAN2'))).reason).toMatch(/T-DAN2/);
    // Only bob meets Wealth Premier's £100,000 income and 700 score.
    const premier = { suitableFor: { flaggedNew: true }, completeUpTo: 5 };
    expect((await check('lists-clients', premier, ctxOf('Call Bob Bystander.'))).pass).toBe(true);
    expect((await check('lists-clients', premier, ctxOf('Call T-ALICE.'))).pass).toBe(false);
    const brief = { id: 'T-BOB', figures: ['income', 'savingsBalance'] };
    expect(
      (await check('mentions-client', brief, ctxOf('Bob Bystander earns £187,500 and has £230,000 saved.'))).pass,
    ).toBe(true);
    expect((await check('mentions-client', brief, ctxOf('Bob Bystander earns £187,500, like T-ALICE.'))).pass).toBe(
      false,
    );
  });
});
