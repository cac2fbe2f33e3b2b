import { describe, expect, it } from 'vitest';
import { PRODUCTS } from '../../../domain/catalog/index.ts';
import { generateCustomer } from '../../../data/synthetic/index.ts';
import { InMemoryBook } from '../../book/book.ts';
import type { ConversationState } from './state.ts';
import { understand } from './understand.ts';

const book = new InMemoryBook(Array.from({ length: 200 }, (_, i) => generateCustomer(42, i).customer));
const fresh: ConversationState = { listedProducts: [], listedClients: [] };
const plan = (mode: 'customer' | 'rm', message: string, state: ConversationState = fresh, focusClientId?: string) =>
  understand({ mode, message, state, products: PRODUCTS, book, focusClientId });

describe('deterministic planner: customer intents', () => {
  const cases: [string, string, string?][] = [
    ["What's the annual fee on the platinum card?", 'product_facts', 'product_facts'],
    ['how much does the Platinum Travel Rewards Card cost a year', 'product_facts', 'product_facts'],
    ['what rate does the easy access saver pay', 'product_facts', 'product_facts'],
    ['APR on the car loan?', 'product_facts', 'product_facts'],
    ['how long is money locked in the 3 year fixed term deposit', 'product_facts', 'product_facts'],
    ['tell me about the balanced fund', 'product_facts', 'product_facts'],
    ['cash isa vs easy access saver - which is better?', 'compare_products', 'compare_products'],
    [
      "what's the difference between the 2 year fixed and the 5 year fixed mortgage",
      'compare_products',
      'compare_products',
    ],
    ['How do I change my PIN?', 'knowledge', 'knowledge_answer'],
    ["I can't log in to online banking", 'knowledge', 'knowledge_answer'],
    ['how can I update my address', 'knowledge', 'knowledge_answer'],
    ['what happens if I enter the wrong PIN three times', 'knowledge', 'knowledge_answer'],
    ['whats my balance', 'my_account', 'my_account'],
    ['how much have I got in savings?', 'my_account', 'my_account'],
    ['what is my credit score', 'my_account', 'my_account'],
    ['which products do I have with you?', 'my_account', 'my_account'],
    ['where does my money go each month', 'spending', 'spending_insights'],
    ['am I spending too much on subscriptions?', 'spending', 'spending_insights'],
    ['what savings account would suit me?', 'recommend', 'recommend'],
    ['I want to start investing, any ideas?', 'recommend', 'recommend'],
    ['I need a loan for a car', 'recommend', 'recommend'],
    ['could I get a mortgage?', 'eligibility', 'eligibility_check'],
    ['am I eligible for the platinum card', 'eligibility', 'eligibility_check'],
    ['is my money guaranteed?', 'guarantee', 'recommend'],
    ['can I lose money with the equity fund?', 'guarantee', 'product_facts'],
    ["what's the weather like tomorrow", 'out_of_scope'],
    ['tell me a joke', 'out_of_scope'],
  ];
  for (const [message, intent, tool] of cases)
    it(`${message} → ${intent}`, () => {
      const p = plan('customer', message);
      expect(p.intent).toBe(intent);
      if (tool) expect(p.calls.map((c) => c.tool)).toContain(tool);
      // No customer-mode plan ever calls a book tool.
      for (const c of p.calls)
        expect(['search_book', 'aggregate_book', 'rank_book', 'client_brief']).not.toContain(c.tool);
    });

  it('links the product a fee question names', () => {
    expect(plan('customer', 'fee for the platinum card?').calls[0]!.input).toMatchObject({
      productIds: ['card-premium-travel'],
      aspects: ['fee'],
    });
  });

  it('small talk is short-circuited, a question behind a greeting is not', () => {
    expect(plan('customer', 'hi').chitchat).toBe('greeting');
    expect(plan('customer', 'Thanks, bye').chitchat).toBe('goodbye');
    expect(plan('customer', 'thank you so much!').chitchat).toBe('thanks');
    expect(plan('customer', 'what can you do?').chitchat).toBe('capabilities');
    expect(plan('customer', 'hello, what is the fee on the cashback card?').intent).toBe('product_facts');
  });

  it('fraud, disputes, complaints and requests for a person go to a person', () => {
    expect(plan('customer', 'someone stole my card').handoff?.reason).toBe('fraud');
    expect(plan('customer', "there's a payment on my account I don't recognise").handoff?.reason).toBe('fraud');
    expect(plan('customer', 'I was charged twice for the same thing').handoff?.reason).toBe('dispute');
    expect(plan('customer', 'I want to make a complaint about your service').handoff?.reason).toBe('complaint');
    expect(plan('customer', 'can I speak to a real person please').handoff?.reason).toBe('request');
  });

  it('an ambiguous product is asked about, offering the candidates', () => {
    const p = plan('customer', "what's the interest on the ISA?");
    expect(p.kind).toBe('clarify');
    expect(p.clarify?.candidates.map((c) => c.id).sort()).toEqual(['brokerage-stocks-isa', 'savings-isa']);
  });
});

describe('deterministic planner: follow-ups use the conversation', () => {
  it('"the first one", "it" and "the second" resolve against the listed products', () => {
    const state = { ...fresh, listedProducts: ['savings-bonus', 'savings-regular'], focusProductId: 'savings-bonus' };
    expect(plan('customer', 'tell me about the first one', state).calls[0]!.input).toMatchObject({
      productIds: ['savings-bonus'],
    });
    expect(plan('customer', 'and the second?', state).calls[0]!.input).toMatchObject({
      productIds: ['savings-regular'],
    });
    expect(plan('customer', "what's the rate on it?", state).calls[0]!.input).toMatchObject({
      productIds: ['savings-bonus'],
    });
  });

  it('an answer to a clarification resumes the intent that asked', () => {
    const state: ConversationState = {
      ...fresh,
      pending: { intent: 'product_facts', kind: 'product', candidates: ['savings-isa', 'brokerage-stocks-isa'] },
    };
    expect(plan('customer', 'the cash one', state).calls[0]!.input).toMatchObject({ productIds: ['savings-isa'] });
    expect(plan('customer', 'stocks and shares', state).calls[0]!.input).toMatchObject({
      productIds: ['brokerage-stocks-isa'],
    });
    expect(plan('customer', 'the second', state).calls[0]!.input).toMatchObject({
      productIds: ['brokerage-stocks-isa'],
    });
  });

  it('a correction re-runs the last intent with the corrected product', () => {
    const state: ConversationState = { ...fresh, lastIntent: 'product_facts', focusProductId: 'savings-bonus' };
    const p = plan('customer', 'no, I meant the cash ISA', state);
    expect(p.intent).toBe('product_facts');
    expect(p.calls[0]!.input).toMatchObject({ productIds: ['savings-isa'] });
  });

  it('RM: "her", "those clients" and "the second one" resolve against the focus and the last list', () => {
    const c = book.all()[122]!;
    const listed = book
      .all()
      .slice(0, 5)
      .map((x) => x.id);
    const state: ConversationState = {
      ...fresh,
      focusClientId: c.id,
      listedClients: listed,
      lastIntent: 'search_book',
      lastClientQuery: 'retired clients',
    };
    expect(plan('rm', 'what about her savings?', state)).toMatchObject({
      intent: 'client_brief',
      focus: { clientIds: [c.id] },
    });
    expect(plan('rm', 'brief me on the second one', state).calls[0]!.input).toMatchObject({ clientId: listed[1] });
    // Counting "those" after a search counts everyone its filter matched, not only the rows shown …
    const count = plan('rm', 'how many of those hold a mortgage?', state).calls[0]!.input;
    expect(count.within).toBeUndefined();
    expect(count.filter).toMatch(/^retired clients .*hold a mortgage/);
    // … while picking from "those" searches the listed clients themselves.
    expect(plan('rm', 'which of those are over 70?', state).calls[0]!.input).toMatchObject({ within: listed });
  });
});

describe('deterministic planner: RM intents', () => {
  it('"who should I call about the new wealth product?" ranks the whole book for the new product', () => {
    const p = plan('rm', 'who should I call about the new wealth product?');
    expect(p.intent).toBe('rank_book');
    expect(p.calls[0]).toMatchObject({ tool: 'rank_book', input: { productIds: ['wealth-premier'] } });
  });

  it('counts and aggregates go to the exact book tool with the right metric, field and grouping', () => {
    expect(plan('rm', 'How many of my retired clients hold a mortgage?').calls[0]).toMatchObject({
      tool: 'aggregate_book',
      input: { metric: 'count' },
    });
    expect(plan('rm', 'average income of high net worth clients').calls[0]!.input).toMatchObject({
      metric: 'mean',
      field: 'income',
    });
    expect(plan('rm', "what's the median savings balance by segment").calls[0]!.input).toMatchObject({
      metric: 'median',
      field: 'savingsBalance',
      groupBy: 'segment',
    });
    expect(plan('rm', 'total loans outstanding across students').calls[0]!.input).toMatchObject({
      metric: 'sum',
      field: 'loanAmount',
    });
    expect(plan('rm', 'who has the highest savings?').calls[0]!.input).toMatchObject({
      metric: 'max',
      field: 'savingsBalance',
      top: 5,
    });
  });

  it('client briefs by id and by name; comparisons; searches', () => {
    const c = book.all()[122]!;
    expect(plan('rm', `Brief me on ${c.id} before my meeting`).calls[0]).toMatchObject({
      tool: 'client_brief',
      input: { clientId: c.id },
    });
    expect(plan('rm', `can you give me the lowdown on ${c.name}?`).calls[0]).toMatchObject({
      tool: 'client_brief',
      input: { clientId: c.id },
    });
    expect(plan('rm', 'compare C0000010 and C0000011').calls[0]).toMatchObject({
      tool: 'compare_clients',
      input: { clientIds: ['C0000010', 'C0000011'] },
    });
    expect(plan('rm', 'customers with credit score over 750 interested in investment products').intent).toBe(
      'search_book',
    );
  });

  it('what suits the open client is a recommendation for that client', () => {
    const p = plan('rm', 'what should I offer this client?', fresh, 'C0000050');
    expect(p.intent).toBe('recommend');
    expect(p.calls[0]!.tool).toBe('recommend');
  });

  it('a name that is no client of the book is said to be unknown, not answered as something else', () => {
    for (const message of [
      'Brief me on Jane Doe',
      'what about Mr Quibblesworth?',
      'What should I offer Zanzibar Quux?',
    ]) {
      const p = plan('rm', message);
      expect(p.kind).toBe('clarify');
      expect(p.clarify).toMatchObject({ about: 'client', candidates: [] });
      expect(p.clarify!.unparsed[0]).toMatch(/Jane Doe|Mr Quibblesworth|Zanzibar Quux/);
    }
    // A name in the book, and a client list, are not affected.
    expect(plan('rm', `Tell me about ${book.all()[3]!.name}`).calls[0]?.tool).toBe('client_brief');
    expect(plan('rm', 'brief me on retired clients').intent).toBe('search_book');
  });

  it('"brief me on this client" with no client open asks which client', () => {
    const p = plan('rm', 'brief me on this client');
    expect(p).toMatchObject({ kind: 'clarify', clarify: { about: 'client', candidates: [], unparsed: [] } });
    expect(plan('rm', 'brief me on this client', fresh, 'C0000050').calls[0]).toMatchObject({
      tool: 'client_brief',
      input: { clientId: 'C0000050' },
    });
  });
});

describe('deterministic planner: follow-ups on products just shown', () => {
  const afterRecommend: ConversationState = {
    listedProducts: ['savings-easy-access', 'deposit-12m', 'savings-regular'],
    listedClients: [],
    lastIntent: 'recommend',
    focusProductId: 'savings-easy-access',
  };
  const assessed = (p: ReturnType<typeof plan>) =>
    p.calls.find((c) => c.tool === 'recommend')?.input.productIds as string[] | undefined;

  it('"why?" and "why that one?" assess the product the answer led with', () => {
    for (const message of ['why that one?', 'Why?', 'how come?', 'why did you pick that', 'what makes it a good fit?'])
      expect(assessed(plan('customer', message, afterRecommend)), message).toEqual(['savings-easy-access']);
  });

  it('"is X right for me?" and "why not X?" assess the product named', () => {
    expect(assessed(plan('customer', 'would the cash isa suit me?', afterRecommend))).toEqual(['savings-isa']);
    expect(assessed(plan('customer', 'why not the stocks and shares isa?', afterRecommend))).toEqual([
      'brokerage-stocks-isa',
    ]);
    expect(assessed(plan('customer', 'Is the Balanced Multi-Asset Fund a good idea for me?'))).toEqual([
      'fund-balanced',
    ]);
    expect(assessed(plan('customer', 'is it right for me?', afterRecommend))).toEqual(['savings-easy-access']);
  });

  it('a bare aspect question is about the products just recommended', () => {
    const p = plan('customer', 'what are the risks', afterRecommend);
    expect(p.calls[0]).toMatchObject({ tool: 'product_facts', input: { productIds: afterRecommend.listedProducts } });
    expect(plan('customer', 'how much does it cost?', afterRecommend).calls[0]).toMatchObject({
      tool: 'product_facts',
      input: { productIds: ['savings-easy-access'], aspects: ['fee'] },
    });
    expect(plan('customer', 'ok and how do I open it', afterRecommend).calls[0]?.tool).toBe('eligibility_check');
  });

  it('"never mind that" changes the subject rather than pointing at the product', () => {
    expect(plan('customer', 'Never mind that - how much is in my savings?', afterRecommend).intent).toBe('my_account');
  });

  it('with nothing shown, "why?" is not an assessment', () => {
    expect(assessed(plan('customer', 'why is my card blocked?'))).toBeUndefined();
    expect(assessed(plan('customer', 'why?'))).toBeUndefined();
  });
});

describe('deterministic planner: kinds of product, own products, own figures', () => {
  it('"an ISA", "a fixed term deposit" ask about the kind: every product of it, no question of which', () => {
    for (const [message, ids] of [
      ['can you explain what an ISA is', ['savings-isa', 'brokerage-stocks-isa']],
      ["what's the minimum to open a fixed term deposit", ['deposit-6m', 'deposit-12m', 'deposit-36m']],
    ] as const) {
      const p = plan('customer', message);
      expect(p.kind, message).toBe('answer');
      expect(p.calls[0]!.input.productIds).toEqual(ids);
    }
    expect(plan('customer', "what's the rate on the ISA?").kind).toBe('clarify');
  });

  it('"my current account" is the one the customer holds', () => {
    const p = understand({
      mode: 'customer',
      message: 'Is there a monthly fee on my current account?',
      state: fresh,
      products: PRODUCTS,
      held: ['current-everyday', 'savings-bonus'],
    });
    expect(p.calls[0]).toMatchObject({ tool: 'product_facts', input: { productIds: ['current-everyday'] } });
  });

  it('a service problem with "my card" is a help question, earnings are the customer’s own figure', () => {
    expect(plan('customer', 'my card was declined abroad').intent).toBe('knowledge');
    expect(plan('customer', 'how much do I earn a month according to you?').calls[0]).toMatchObject({
      tool: 'my_account',
      input: { fields: ['income'] },
    });
  });

  it('"compare your savings accounts" compares the products of that kind', () => {
    const p = plan('customer', 'compare your savings accounts');
    expect(p.calls[0]!.tool).toBe('compare_products');
    expect((p.calls[0]!.input.productIds as string[]).length).toBeGreaterThanOrEqual(2);
  });

  it('money sitting in the current account is where the money is, not what is wanted', () => {
    const p = plan('customer', 'I have 20k sitting in my current account, what should I do?');
    expect(p.calls[0]).toMatchObject({ tool: 'recommend' });
    expect(p.calls[0]!.input.categories).not.toContain('current_account');
  });
});

describe('deterministic planner: book lists and breakdowns', () => {
  it('"breakdown of my book by segment" counts per segment', () => {
    expect(plan('rm', 'give me a breakdown of my book by segment').calls[0]).toMatchObject({
      tool: 'aggregate_book',
      input: { metric: 'count', groupBy: 'segment' },
    });
  });

  it('"top 10 clients by income" lists them, with "by income" not read as a filter', () => {
    const call = plan('rm', 'list my top 10 clients by income').calls[0]!;
    expect(call).toMatchObject({ tool: 'aggregate_book', input: { field: 'income', top: 10, order: 'desc' } });
    expect(call.input.filter).not.toMatch(/by income/);
  });
});

describe('deterministic planner: weighing the products just discussed', () => {
  const afterTwo: ConversationState = {
    listedProducts: ['savings-bonus'],
    recentProducts: ['savings-bonus', 'savings-isa'],
    listedClients: [],
    lastIntent: 'product_facts',
    focusProductId: 'savings-bonus',
  };

  it('"which is better?" compares the last two; "which is better for me?" assesses both for the customer', () => {
    expect(plan('customer', 'which is better?', afterTwo).calls[0]).toMatchObject({
      tool: 'compare_products',
      input: { productIds: ['savings-bonus', 'savings-isa'] },
    });
    for (const message of ['which is better for me', 'which one should I go for?'])
      expect(plan('customer', message, afterTwo).calls[0], message).toMatchObject({
        tool: 'recommend',
        input: { productIds: ['savings-bonus', 'savings-isa'] },
      });
  });

  it('one product named against a kind ("a tracker and a fixed mortgage") compares them all', () => {
    const p = plan('customer', "what's the difference between a tracker and a fixed mortgage?");
    expect(p.calls[0]).toMatchObject({
      tool: 'compare_products',
      input: { productIds: ['mortgage-tracker', 'mortgage-fixed-2y', 'mortgage-fixed-5y'] },
    });
  });

  it('stated nerves cap the risk; affordability is an eligibility question; "do I have any loans" reads the account', () => {
    expect(plan('customer', "I want to invest 5000 but I'm nervous about losing it").calls[0]!.input.maxRisk).toBe(2);
    expect(plan('customer', 'can I afford a mortgage?').calls[0]!.tool).toBe('eligibility_check');
    expect(plan('customer', 'do I have any loans?').calls[0]).toMatchObject({
      tool: 'my_account',
      input: { fields: ['loans', 'products'] },
    });
    expect(plan('customer', 'do I have to pay a fee on the cash isa?').calls[0]!.tool).toBe('product_facts');
  });
});

describe('deterministic planner: the RM asks why', () => {
  it('"why?" after a pitch for the client being discussed assesses that product for that client', () => {
    const state: ConversationState = {
      listedProducts: ['card-balance-transfer', 'card-premium-travel'],
      listedClients: [],
      lastIntent: 'recommend',
      focusProductId: 'card-balance-transfer',
      focusClientId: 'C0000020',
    };
    const p = plan('rm', 'why?', state);
    expect(p.calls[0]).toMatchObject({ tool: 'recommend', input: { productIds: ['card-balance-transfer'] } });
    expect(p.focus.clientIds).toEqual(['C0000020']);
  });
});

describe('deterministic planner: narrowing and look-alikes from the last list', () => {
  it('"and how many of them have no life insurance" narrows the last count, it does not replace it', () => {
    const state: ConversationState = {
      listedProducts: [],
      listedClients: [],
      lastIntent: 'count_book',
      lastClientQuery: 'how many of my clients are young families with a mortgage',
    };
    const call = plan('rm', 'and how many of them have no life insurance', state).calls[0]!;
    expect(call.tool).toBe('aggregate_book');
    expect(call.input.filter).toMatch(/young families/);
    expect(call.input.filter).toMatch(/no life insurance/);
  });

  it('look-alikes of a client picked from a list are searched over the whole book', () => {
    const listed = book
      .all()
      .slice(0, 10)
      .map((c) => c.id);
    const state: ConversationState = { listedProducts: [], listedClients: listed, lastIntent: 'search_book' };
    const call = plan('rm', 'find people like the first one', state).calls[0]!;
    expect(call).toMatchObject({ tool: 'search_book', input: { similarTo: listed[0] } });
    expect(call.input.within).toBeUndefined();
  });

  it('"my most expensive habit" is a spending question', () => {
    expect(plan('customer', "what's my most expensive habit?").intent).toBe('spending');
  });
});

describe('deterministic planner: what a set of clients holds or wants', () => {
  const listed = book
    .all()
    .slice(0, 5)
    .map((c) => c.id);
  const afterList: ConversationState = {
    listedProducts: [],
    listedClients: listed,
    lastIntent: 'search_book',
    lastClientQuery: 'customers over 60 with a mortgage',
  };
  const afterCount: ConversationState = {
    listedProducts: [],
    listedClients: [],
    lastIntent: 'count_book',
    lastClientQuery: 'how many of my retired clients hold a pension',
  };
  for (const message of ['what do they hold?', 'which products do they have', 'what are their holdings?'])
    it(`"${message}" after a search counts the products of everyone it matched`, () => {
      const call = plan('rm', message, afterList).calls[0]!;
      expect(call).toMatchObject({ tool: 'aggregate_book', input: { groupBy: 'productsHeld' } });
      expect(call.input.filter).toMatch(/over 60 with a mortgage/);
    });

  it('"what do they hold?" after a count groups everyone the count matched', () => {
    const call = plan('rm', 'what have they got?', afterCount).calls[0]!;
    expect(call).toMatchObject({ tool: 'aggregate_book', input: { groupBy: 'productsHeld' } });
    expect(call.input.filter).toMatch(/retired/);
  });

  it('"what are their goals?" groups by goal; "by product" is a holdings breakdown of the book', () => {
    expect(plan('rm', 'and what are their goals?', afterList).calls[0]!.input).toMatchObject({ groupBy: 'goals' });
    expect(plan('rm', 'give me a breakdown of my book by product').calls[0]).toMatchObject({
      tool: 'aggregate_book',
      input: { groupBy: 'productsHeld' },
    });
  });

  it('a product named is a filter, not a holdings breakdown', () => {
    const call = plan('rm', 'and how many of them hold a mortgage?', afterList).calls[0]!;
    expect(call.input.groupBy).toBeUndefined();
  });
});

describe('deterministic planner: a problem with something of theirs is a help question', () => {
  for (const message of [
    'My card was declined abroad, what should I do?',
    'my card keeps getting rejected at the till',
    'the cash machine swallowed my card',
    "my debit card isn't working online",
  ])
    it(`"${message}" → knowledge, not a product pitch`, () => {
      const p = plan('customer', message);
      expect(p.intent).toBe('knowledge');
      expect(p.calls.map((c) => c.tool)).toEqual(['knowledge_answer']);
    });

  it('advice about cards is still advice', () => {
    expect(plan('customer', 'which credit card should I get for travelling abroad?').intent).toBe('recommend');
  });
});

describe('deterministic planner: follow-ups seen on the running server', () => {
  it('"is 799 a good score?" reads the customer\'s own score', () => {
    expect(plan('customer', 'is 799 a good score?').intent).toBe('my_account');
  });

  it('"how do I open one?" after a comparison is whether they could get either', () => {
    const state: ConversationState = {
      listedProducts: ['savings-isa', 'savings-easy-access'],
      listedClients: [],
      lastIntent: 'compare_products',
      focusProductId: 'savings-easy-access',
    };
    const call = plan('customer', 'ok how do I open one?', state).calls[0]!;
    expect(call).toMatchObject({
      tool: 'eligibility_check',
      input: { productIds: ['savings-isa', 'savings-easy-access'] },
    });
  });

  it('"my 3 richest clients" lists three by income; the count is no filter', () => {
    const call = plan('rm', 'who are my 3 richest clients?').calls[0]!;
    expect(call).toMatchObject({ tool: 'aggregate_book', input: { field: 'income', top: 3 } });
    expect(call.input.filter).not.toMatch(/3/);
  });

  it('"and the top 5 by savings?" after a list by income: savings, and no client picked from the list', () => {
    const state: ConversationState = {
      listedProducts: [],
      listedClients: book
        .all()
        .slice(0, 3)
        .map((c) => c.id),
      lastIntent: 'aggregate_book',
      lastClientQuery: 'who are my 3 richest clients?',
    };
    const call = plan('rm', 'and the top 5 by savings?', state).calls[0]!;
    expect(call).toMatchObject({ tool: 'aggregate_book', input: { field: 'savingsBalance', top: 5 } });
    expect(plan('rm', 'tell me about the first one', state).calls[0]).toMatchObject({
      tool: 'client_brief',
      input: { clientId: state.listedClients[0] },
    });
  });
});

describe('deterministic planner: the small print and a list count', () => {
  const afterMortgages: ConversationState = {
    listedProducts: ['mortgage-first-time', 'mortgage-fixed-2y'],
    listedClients: [],
    lastIntent: 'recommend',
  };
  it('"what deposit would I need?" after mortgages is their terms, not a fixed-term deposit', () => {
    const p = plan('customer', 'what deposit would I need?', afterMortgages);
    expect(p.calls[0]).toMatchObject({ tool: 'product_facts', input: { aspects: ['details'] } });
    expect(p.calls[0]!.input.productIds).toEqual(afterMortgages.listedProducts);
  });

  it('"what are the terms?" and "any early repayment charges?" read the product in focus', () => {
    const state: ConversationState = {
      listedProducts: ['mortgage-first-time'],
      listedClients: [],
      lastIntent: 'product_facts',
      focusProductId: 'mortgage-first-time',
    };
    for (const message of ['what are the terms?', 'any early repayment charges?'])
      expect(plan('customer', message, state).calls[0]).toMatchObject({
        tool: 'product_facts',
        input: { productIds: ['mortgage-first-time'] },
      });
  });

  it('a bare "how many?" after a search counts everyone its filter matched', () => {
    const state: ConversationState = {
      listedProducts: [],
      listedClients: book
        .all()
        .slice(0, 3)
        .map((c) => c.id),
      lastIntent: 'search_book',
      lastClientQuery: 'clients with high credit card utilisation',
    };
    const call = plan('rm', 'how many?', state).calls[0]!;
    expect(call).toMatchObject({ tool: 'aggregate_book', input: { metric: 'count' } });
    expect(call.input.filter).toMatch(/utilisation/);
  });
});

describe('deterministic planner: what a sum would earn', () => {
  it('"how much would I earn on 5000 in the bonus saver over a year?" illustrates £5,000 for 12 months', () => {
    expect(plan('customer', 'how much would I earn on 5000 in the bonus saver over a year?').calls[0]).toMatchObject({
      tool: 'product_facts',
      input: { productIds: ['savings-bonus'], illustrate: { amount: 5000, months: 12 } },
    });
  });

  it('reads £20k and two years, and no period from a product name', () => {
    expect(
      plan('customer', 'how much interest would £20k earn in the cash isa over 2 years?').calls[0]!.input.illustrate,
    ).toEqual({ amount: 20_000, months: 24 });
    const fixed = plan('customer', 'what would 10,000 earn in the 1-year fixed term deposit?').calls[0]!;
    expect(fixed.input.illustrate).toEqual({ amount: 10_000, months: 12 });
  });

  it('no sum, no illustration', () => {
    expect(plan('customer', 'what does the bonus saver pay?').calls[0]!.input.illustrate).toBeUndefined();
  });
});
