import type { Customer, Product, ProductCategory } from '../../../domain/index.ts';
import type { GroupField, Metric, NumericField } from '../../book/aggregate.ts';
import type { CustomerBook } from '../../book/book.ts';
import type { ToolCall } from '../tools/registry.ts';
import { type Cue, cuesOf } from './cues.ts';
import {
  linkCategories,
  linkCustomerIds,
  linkProducts,
  normalise,
  ordinalReference,
  refersToClientList,
  refersToFocusClient,
  refersToFocusProduct,
} from './entities.ts';
import type { Intent, Plan } from './plan.ts';
import type { ConversationState } from './state.ts';
import { PRODUCT_ALIASES } from './product-aliases.ts';

/**
 * The deterministic dialogue-understanding step: message + conversation state → a Plan. It reads
 * cues (cues.ts) and entities (entities.ts) and resolves references against the state ("the
 * first one", "her", "those clients", "no, I meant the ISA"); it never runs a tool. The order of
 * the checks is the policy: hand-off and pending questions first, then what the entities make
 * unambiguous, then the cue families, then a knowledge lookup as the default for customers and a
 * book search for RMs.
 */
export interface UnderstandInput {
  mode: 'customer' | 'rm';
  message: string;
  state: ConversationState;
  products: readonly Product[];
  /** RM mode: the book, for client names and ids. */
  book?: CustomerBook;
  /** RM mode: the client the console has open, if any. */
  focusClientId?: string;
  /** banking77 classification of the message, when the classifier is loaded. */
  intent?: { label: string; confidence: number; escalate: boolean; escalationReason?: string };
  customerIdPattern?: RegExp;
  /** The user's previous message: a correction keeps what it asked ("the rate"), changing only the entity. */
  previousMessage?: string;
  /** Customer mode: the products the customer holds, so "my current account" is theirs, not a question of which. */
  held?: readonly string[];
}

const INVESTMENT: ProductCategory[] = ['fund', 'brokerage', 'wealth_management', 'pension'];
/** Something of theirs that went wrong: a card refused, a payment that did not arrive. */
const TROUBLE =
  /\b(?:declined|rejected|refused|blocked|locked|frozen|bounced|(?:not|stopped|isn'?t|doesn'?t|won'?t|isnt|doesnt|wont) work(?:ing|s)?|failed|(?:hasn'?t|has not|didn'?t|did not|never) (?:arrived|gone through|come through|been (?:paid|received|credited))|charged twice|double charged|wrong amount|swallowed|retained)\b/;
const CORRECTION = /^\s*(?:no|nope|not that|sorry|oops|actually|i meant|i mean|rather|wait)\b|\bi meant\b/;
const CLIENT_LIST_INTENTS: ReadonlySet<string> = new Set(['search_book', 'rank_book', 'aggregate_book', 'count_book']);

interface Entities {
  /** Products the message names unambiguously, or resolved from a reference. */
  products: string[];
  /** A mention that names several products ("the ISA"), when nothing else decides it. */
  ambiguous?: { text: string; productIds: string[] };
  categories: ProductCategory[];
  clients: string[];
  /** A client name that matches several clients. */
  ambiguousClients?: Customer[];
  /** RM mode: a person's name the message asks about that is no client of the book ("brief me on Jane Doe"). */
  unknownClientName?: string;
  /** The message points back at the last client list ("those clients"). */
  clientList: boolean;
  /** Whether the message itself names a product, category or client (not only "that" / "it"). */
  explicit: boolean;
  /** Particular products to assess for the customer ("why that one?", "is the Cash ISA right for me?"). */
  assess?: string[];
}

/** Intents whose answers are about products: a bare follow-up ("what are the risks?") is about what they showed. */
const PRODUCT_INTENTS: ReadonlySet<string> = new Set([
  'recommend',
  'product_facts',
  'compare_products',
  'eligibility',
  'guarantee',
]);

export function understand(input: UnderstandInput): Plan {
  const norm = normalise(input.message);
  // Cues read the words around product names, not inside them: "Guaranteed Retirement Annuity" is
  // no guarantee question, "Income Protection" no income question.
  const bare = withoutProductNames(norm, input.message, input.products);
  const cues = cuesOf(bare);
  const plan = (p: Omit<Plan, 'source' | 'focus'> & { focus?: Plan['focus'] }): Plan => ({
    focus: { productIds: [], clientIds: [] },
    ...p,
    source: 'deterministic',
  });

  // 1. A customer's fraud report, dispute, complaint or request for a person goes to a person.
  if (input.mode === 'customer') {
    const reason = cues.has('fraud')
      ? 'fraud'
      : cues.has('dispute')
        ? 'dispute'
        : cues.has('complaint')
          ? 'complaint'
          : cues.has('person')
            ? 'request'
            : input.intent?.escalate && input.intent.confidence >= 0.5 && !cues.has('howTo')
              ? ((input.intent.escalationReason as 'fraud' | 'dispute' | 'complaint' | undefined) ?? 'complaint')
              : undefined;
    if (reason) return plan({ kind: 'handoff', intent: 'handoff', calls: [], handoff: { reason } });
  }

  const entities = linkEntities(input, norm);

  // 2. An answer to the question we asked back ("which card did you mean?").
  const pending = input.state.pending;
  if (pending) {
    const picked = pickCandidate(pending, input, norm, entities);
    if (picked) {
      if (pending.kind === 'product') entities.products = [picked];
      else entities.clients = [picked];
      entities.ambiguous = undefined;
      entities.ambiguousClients = undefined;
      return planFor(pending.intent as Intent, input, bare, cues, entities, plan);
    }
  }

  // 3. Small talk: only when nothing else is asked.
  const chit = chitchatKind(norm, cues, entities);
  if (chit) return plan({ kind: 'chitchat', intent: 'chitchat', calls: [], chitchat: chit });

  // 4. A correction re-runs the last intent with the corrected entity: "no, I meant the ISA".
  if (
    cues.has('correction') &&
    input.state.lastIntent &&
    (entities.products.length || entities.ambiguous || entities.clients.length)
  ) {
    const last = input.state.lastIntent as Intent;
    if (last !== 'chitchat' && last !== 'clarify' && last !== 'out_of_scope' && last !== 'handoff') {
      const prior = input.previousMessage
        ? withoutProductNames(normalise(input.previousMessage), input.previousMessage, input.products)
        : '';
      const carried = `${bare}${prior}`;
      return planFor(last, input, carried, cuesOf(carried), entities, plan);
    }
  }

  // "And for young families?", "what about the affluent ones?": the last book question, new filter.
  const last = input.state.lastIntent;
  if (
    input.mode === 'rm' &&
    (last === 'aggregate_book' || last === 'count_book') &&
    input.state.lastClientQuery &&
    /^\s*(?:and|what about|how about|same for|and for|now for|ok and|okay and)\b/.test(norm) &&
    !entities.clients.length &&
    // "And how many of them…" narrows the last answer's clients; "and for young families?" replaces the filter.
    !entities.clientList
  ) {
    const prior = normalise(input.state.lastClientQuery);
    // What the follow-up says itself wins: "and the top 5 by savings?" after incomes is about savings.
    const carried = `${bare} ${[metricWords(prior), fieldOf(norm) ? undefined : fieldWords(prior), groupWords(prior)].filter(Boolean).join(' ')} `;
    return planFor(last as Intent, input, carried, cuesOf(carried), { ...entities, clientList: false }, plan);
  }
  // "What are the risks?", "and the fee?" right after products were shown: those products.
  // Follow-ups that name nothing themselves read the products the last answers were about.
  // "What deposit would I need?" after mortgages: the mortgage's deposit, not a fixed-term deposit.
  const recent = input.state.focusProductId ? [input.state.focusProductId] : input.state.listedProducts;
  if (
    cues.has('details') &&
    /\bdeposits?\b/.test(norm) &&
    !/\b(?:fixed|term|savings?) deposits?\b/.test(norm) &&
    recent.length &&
    recent.every((id) => input.products.find((p) => p.id === id)?.category === 'mortgage')
  )
    entities.categories = entities.categories.filter((c) => c !== 'term_deposit');
  const elliptical =
    PRODUCT_INTENTS.has(input.state.lastIntent ?? '') &&
    !entities.products.length &&
    !entities.ambiguous &&
    !entities.categories.length &&
    !entities.clients.length;
  if (
    elliptical &&
    !entities.clientList &&
    ['fee', 'rate', 'term', 'risk', 'eligibilityAsk', 'details'].some((c) => cues.has(c as Cue)) &&
    !cues.has('myMoney') &&
    !cues.has('service') &&
    !cues.has('guarantee')
  ) {
    const { focusProductId, listedProducts } = input.state;
    entities.products =
      input.state.lastIntent === 'recommend' && listedProducts.length > 1
        ? listedProducts.slice(0, 3)
        : focusProductId
          ? [focusProductId]
          : listedProducts.slice(0, 3);
  }

  // "How do I open one?", "can I apply for it?" after products were shown: the one in focus (or
  // those just listed), as the way to apply and whether they could.
  if (
    elliptical &&
    !entities.products.length &&
    !entities.clientList &&
    /\b(?:apply|open|get|sign up|take out|start)(?: for| up)? (?:one|1|it|that|this|them|those|these|(?:one|1) of (?:them|those|these))\b/.test(
      norm,
    )
  ) {
    const { focusProductId, listedProducts, lastIntent } = input.state;
    // After a comparison "one" is either of them.
    entities.products =
      focusProductId && lastIntent !== 'compare_products' ? [focusProductId] : listedProducts.slice(0, 3);
  }

  // "Which is better?", "which one should I go for?" after two products were discussed: those two.
  if (
    elliptical &&
    !entities.products.length &&
    (cues.has('compare') ||
      /\bwhich (?:one |1 |of (?:them|the two|those|these) )?(?:is |would be |should i (?:get|choose|pick|go for|take)|do you (?:think|recommend))\b/.test(
        norm,
      ))
  ) {
    const { listedProducts, recentProducts = [] } = input.state;
    const pair = listedProducts.length >= 2 ? listedProducts.slice(0, 4) : recentProducts.slice(0, 2);
    if (pair.length >= 2) entities.products = pair;
  }

  // "Why that one?", "is the Cash ISA right for me?": the particular product, assessed for this
  // customer — its rank among what suits them and the reasons, or the rule that rules it out.
  const assess = assessedProducts(input, cues, entities);
  if (assess) return planFor('recommend', input, bare, cues, { ...entities, products: assess, assess }, plan);

  const intent = classify(input, bare, cues, entities);
  return planFor(intent, input, bare, cues, entities, plan);
}

function assessedProducts(input: UnderstandInput, cues: Set<Cue>, e: Entities): string[] | undefined {
  if (cues.has('service') || cues.has('howTo') || cues.has('guarantee')) return undefined;
  // "Which is better for me?", "which should I go for?": each of them, for this customer.
  // An explicit "compare X with Y" wants them side by side, even "for me".
  const text = normalise(input.message);
  const personal =
    /\bfor (?:me|us|her|him|them)\b|\bsuits? (?:me|us|her|him)\b|\bshould (?:i|we|she|he)\b/.test(text) &&
    !/\bcompar\w*|\bversus\b|\bvs\b|\bdifference|\bside by side\b/.test(text);
  if (cues.has('compare') || e.products.length >= 2)
    return personal && e.products.length >= 2 && !cues.has('fee') && !cues.has('rate')
      ? e.products.slice(0, 3)
      : undefined;
  if (['fee', 'rate', 'term', 'risk'].some((c) => cues.has(c as Cue))) return undefined;
  if (e.clients.length > 1 || e.clientList) return undefined;
  if (cues.has('why')) {
    if (e.products.length) return e.products.slice(0, 3);
    if (e.ambiguous || e.categories.length || !PRODUCT_INTENTS.has(input.state.lastIntent ?? '')) return undefined;
    const focus = input.state.focusProductId ?? input.state.listedProducts[0];
    return focus ? [focus] : undefined;
  }
  if (cues.has('fit') && e.products.length >= 1 && e.products.length <= 3 && !e.ambiguous) return e.products;
  return undefined;
}

function withoutProductNames(norm: string, message: string, products: readonly Product[]): string {
  let out = norm;
  for (const m of linkProducts(message, products)) out = out.replace(m.text.trim(), ' ');
  return out
    .replace(/\s+/g, ' ')
    .replace(/^(?! )/, ' ')
    .replace(/(?<! )$/, ' ');
}

function linkEntities(input: UnderstandInput, norm: string): Entities {
  const state = input.state;
  const mentions = linkProducts(input.message, input.products);
  const products: string[] = [];
  let ambiguous: Entities['ambiguous'];
  for (const m of mentions) {
    if (m.productIds.length === 1) {
      if (!products.includes(m.productIds[0]!)) products.push(m.productIds[0]!);
      continue;
    }
    // Several products fit the words: "my current account" is the one the customer holds, and the
    // conversation may already have narrowed it down.
    const mine = norm.includes(` my ${m.text.trim()}`) ? m.productIds.filter((id) => input.held?.includes(id)) : [];
    const listed = m.productIds.filter((id) => state.listedProducts.includes(id) || state.focusProductId === id);
    if (mine.length === 1) products.push(mine[0]!);
    else if (listed.length === 1) products.push(listed[0]!);
    else if (m.productIds.length <= 6 && !m.productIds.some((id) => products.includes(id)))
      ambiguous = { text: m.text.trim(), productIds: m.productIds };
  }
  const categories = linkCategories(input.message).filter(
    // "the Cash ISA" is about that product; its category words are not a second topic.
    (c) => !products.some((id) => input.products.find((p) => p.id === id)?.category === c) || mentions.length === 0,
  );

  // Ordinals: "the second one" points into the last list shown.
  const ord = ordinalReference(input.message);
  const clientsFirst =
    input.mode === 'rm' &&
    state.listedClients.length > 0 &&
    (CLIENT_LIST_INTENTS.has(state.lastIntent ?? '') || /\b(?:client|customer|person|one)\b/.test(norm)) &&
    !/\b(?:product|account|card|fund|loan|mortgage|option)\b/.test(norm);
  const clients: string[] = [];
  if (ord !== undefined && !products.length) {
    const list = clientsFirst ? state.listedClients : state.listedProducts;
    const picked = ord === -1 ? list.at(-1) : list[ord];
    if (picked && clientsFirst) clients.push(picked);
    else if (picked) products.push(picked);
  }
  // "What are the risks of those?", "compare them": every product just listed.
  if (
    !products.length &&
    !ambiguous &&
    ord === undefined &&
    state.listedProducts.length > 1 &&
    /\b(?:those|these|them|they|both|each of them|all of them|all three|all 3)\b/.test(norm) &&
    !(input.mode === 'rm' && CLIENT_LIST_INTENTS.has(state.lastIntent ?? ''))
  )
    products.push(...state.listedProducts.slice(0, 5));
  // "Never mind that", "forget that": a change of topic, not a reference.
  const dismissed = input.message.replace(
    /\b(?:never ?mind|nevermind|forget|leave|skip|ignore|scrap|drop) (?:about )?(?:that|this|it|those|them)\b|\b(?:that'?s|that is) (?:enough|fine|all)\b/gi,
    ' ',
  );
  if (!products.length && !ambiguous && state.focusProductId && refersToFocusProduct(dismissed) && ord === undefined)
    products.push(state.focusProductId);

  let ambiguousClients: Customer[] | undefined;
  if (input.mode === 'rm') {
    for (const id of linkCustomerIds(input.message, input.customerIdPattern))
      if (!clients.includes(id)) clients.push(id);
    if (!clients.length && input.book) {
      for (const named of input.book.findMentions(input.message)) {
        if (named.length === 1) {
          if (!clients.includes(named[0]!.id)) clients.push(named[0]!.id);
          continue;
        }
        const listed = named.filter((c) => state.listedClients.includes(c.id) || state.focusClientId === c.id);
        if (listed.length === 1) clients.push(listed[0]!.id);
        else ambiguousClients = named.slice(0, 8);
      }
      if (clients.length) ambiguousClients = undefined;
    }
    if (
      !clients.length &&
      !ambiguousClients &&
      refersToFocusClient(input.message) &&
      !refersToClientList(input.message)
    ) {
      const focus = state.focusClientId ?? input.focusClientId;
      if (focus) clients.push(focus);
    }
  }
  // "Actually I meant the 5 year one": the words that differ, within the category being discussed.
  if (!products.length && !ambiguous && CORRECTION.test(norm) && state.focusProductId) {
    const focus = input.products.find((p) => p.id === state.focusProductId);
    const words = norm
      .split(' ')
      .filter(
        (w) =>
          w &&
          !/^(?:no|nope|sorry|actually|i|meant|mean|the|one|1|a|an|not|that|rather|wait|oops|instead|please)$/.test(w),
      );
    const hits = input.products.filter(
      (p) =>
        p.category === focus?.category &&
        p.id !== focus?.id &&
        words.length > 0 &&
        words.every((w) => normalise(`${p.name} ${(PRODUCT_ALIASES[p.id] ?? []).join(' ')}`).includes(` ${w} `)),
    );
    if (hits.length === 1) products.push(hits[0]!.id);
  }
  // "They", "their", "them" after a list of clients mean that list, not one client.
  const listJustShown =
    CLIENT_LIST_INTENTS.has(state.lastIntent ?? '') && (state.listedClients.length > 0 || !!state.lastClientQuery);
  const pluralRef =
    input.mode === 'rm' &&
    /\b(?:they|them|their|these|those)\b/.test(norm) &&
    listJustShown &&
    linkCustomerIds(input.message, input.customerIdPattern).length === 0 &&
    !input.book?.findByName(input.message).length;
  if (pluralRef) ambiguousClients = undefined;
  const unknownClientName =
    input.mode === 'rm' && input.book && !clients.length && !ambiguousClients && !pluralRef && !mentions.length
      ? personNameIn(input.message)
      : undefined;
  return {
    unknownClientName,
    products,
    ambiguous,
    categories,
    clients: pluralRef ? [] : clients,
    ambiguousClients,
    explicit:
      mentions.length > 0 || linkCategories(input.message).length > 0 || linkCustomerIds(input.message).length > 0,
    clientList:
      input.mode === 'rm' &&
      (pluralRef || refersToClientList(input.message)) &&
      (!!state.lastClientQuery || state.listedClients.length > 0),
  };
}

function pickCandidate(
  pending: NonNullable<ConversationState['pending']>,
  input: UnderstandInput,
  norm: string,
  entities: Entities,
): string | undefined {
  const ord = ordinalReference(input.message);
  if (ord !== undefined) return ord === -1 ? pending.candidates.at(-1) : pending.candidates[ord];
  const pool = pending.kind === 'product' ? entities.products : entities.clients;
  const hit = pool.find((id) => pending.candidates.includes(id));
  if (hit) return hit;
  if (pending.kind === 'product' && entities.ambiguous) {
    const both = entities.ambiguous.productIds.filter((id) => pending.candidates.includes(id));
    if (both.length === 1) return both[0];
  }
  // A distinctive word of one candidate's name: "the cash one", "stocks", "Priya".
  const words = norm.split(' ').filter((w) => w.length > 2);
  const matching = pending.candidates.filter((id) => {
    const label =
      pending.kind === 'product'
        ? (input.products.find((p) => p.id === id)?.name ?? id)
        : (input.book?.get(id)?.name ?? id);
    const l = normalise(label);
    return words.some(
      (w) => l.includes(` ${w} `) && !/^(?:the|one|account|card|fund|fixed|mortgage|deposit|isa)$/.test(w),
    );
  });
  return matching.length === 1 ? matching[0] : undefined;
}

function chitchatKind(norm: string, cues: Set<Cue>, e: Entities): Plan['chitchat'] | undefined {
  if (e.explicit) return undefined;
  // What is left once the pleasantries are removed: a question hiding behind "hi" is a question.
  const rest = norm
    .replace(
      /\b(?:hi|hello|hey|hiya|howdy|yo|good (?:morning|afternoon|evening|day)|morning|afternoon|evening|greetings|there|thanks?|thank you|thankyou|thx|ta|cheers|so much|very much|a lot|lots|bye|goodbye|good bye|see (?:you|ya)|later|that'?s all|that is all|nothing else|for now|for (?:your|the) help|help|have a (?:good|nice|great) (?:day|one|evening|weekend)|ok|okay|great|cool|nice|perfect|got it|understood|sure|fine|alright|brilliant|lovely|super|awesome|you|again|mate|meridian|assistant|bot|all|really|appreciate(?:d| it)|much|that|is|was|it|great|helpful|very|no worries|sounds good|yes|yep|yeah|no|nope|i|am|i'?m|done|all done)\b/g,
      ' ',
    )
    .replace(/\b(?:everything|anything else|all good|for now|much appreciated|'s|s)\b/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  const short = rest.split(' ').filter((w) => w.length > 1).length <= 1;
  if (cues.has('capabilities') && !cues.has('howTo')) return 'capabilities';
  if (
    cues.has('wellbeing') &&
    rest
      .replace(/\bhow are (?:you|u|things)\b|\bhow'?s it going\b/g, '')
      .trim()
      .split(' ')
      .filter(Boolean).length <= 1
  )
    return 'wellbeing';
  if (!short) return undefined;
  if (cues.has('goodbye')) return 'goodbye';
  if (cues.has('thanks')) return 'thanks';
  if (cues.has('greeting')) return 'greeting';
  if (cues.has('acknowledgement')) return 'acknowledgement';
  return undefined;
}

/** The intent when no pending question or correction decides it. */
function classify(input: UnderstandInput, norm: string, cues: Set<Cue>, e: Entities): Intent {
  const hasProduct = e.products.length > 0 || !!e.ambiguous;
  const bankingWords =
    hasProduct ||
    e.categories.length > 0 ||
    e.clients.length > 0 ||
    [...cues].some((c) => c !== 'offTopic' && c !== 'overview' && c !== 'clientList' && c !== 'term') ||
    /\b(?:bank|banking|account|money|pay|payment|loan|card|credit|debit|interest|cash|financ\w*|invest\w*|tax)\b/.test(
      norm,
    );
  if (cues.has('offTopic') && !hasProduct && !e.categories.length && !e.clients.length) return 'out_of_scope';

  if (input.mode === 'rm') {
    const rm = classifyRm(input, norm, cues, e);
    if (rm) return rm;
  }

  // "My card was declined abroad, what should I do?": a problem to fix, not a product to choose.
  if (
    input.mode === 'customer' &&
    TROUBLE.test(norm) &&
    /\b(?:my|i|me|i'?m|i'?ve)\b/.test(norm) &&
    !cues.has('guarantee') &&
    !e.products.length
  )
    return 'knowledge';
  const aspect = cues.has('fee') || cues.has('rate') || cues.has('term') || cues.has('details');
  const ownMoney =
    input.mode === 'customer' &&
    /\bmy (?:current |total )?(?:balance|savings|credit score|score|credit rating|loans?|debts?|income|salary|products|accounts|limit|utili[sz]ation)\b|\bowe\b|\bhow much (?:money )?(?:do i have|have i got|have i saved|is in my)\b|\bwhat (?:accounts|products|cards) do i\b|\bhow many (?:accounts|products|cards)\b|\bwhat (?:do|did) i (?:have|hold|own)\b|\bhow much (?:do|did) i (?:earn|make|get paid)\b|\bwhat do i (?:earn|make)\b|\bis (?:\d{3}|that|it|mine) (?:a )?(?:good|bad|decent|ok|okay|high|low|healthy|fair|poor) (?:credit )?score\b|\bdo i (?:have|hold|own|still have) (?:a|an|any) (?:loans?|debts?|savings|mortgages?|credit cards?|cards?|accounts?|products|pensions?|insurance|isas?|investments?)\b(?! to\b)/.test(
      norm,
    );
  // "Which pays more, the Cash ISA or the Bonus Saver?"
  if (
    (e.products.length >= 2 && (cues.has('compare') || /\b(?:which|or|more|less|better|cheaper)\b/.test(norm))) ||
    (e.products.length === 1 && e.ambiguous && cues.has('compare')) ||
    (cues.has('compare') && e.products.length === 1 && input.state.focusProductId)
  )
    return 'compare_products';
  // "Compare your savings accounts": the products of that kind side by side.
  if (cues.has('compare') && !e.products.length && !e.ambiguous && e.categories.length && !cues.has('recommend'))
    return 'compare_products';
  const explicitAdvice = /\brecommend\w*|\bsuggest\w*|\badvi[cs]e\b|\bshould i\b|\bbest\b|\bsuit\w*/.test(norm);
  if (cues.has('guarantee') && !cues.has('howTo') && !(hasProduct && aspect)) return 'guarantee';
  if (ownMoney && !hasProduct && !explicitAdvice && !cues.has('howTo')) return 'my_account';
  if (
    input.mode === 'customer' &&
    !hasProduct &&
    !e.categories.length &&
    /^\s*(?:my )?(?:credit score|score|balance|savings balance)\b/.test(norm)
  )
    return 'my_account';
  // "What do I need to earn for the Platinum card?", "Who can apply?": the product's rules.
  const requirements =
    /\bneed to (?:earn|have|be|make)\b|\bhow much do (?:i|you) need\b|\bfrom what age\b|\bhow old\b|\bage limits?\b|\bwho can (?:apply|get|have)\b|\bwho is (?:it|this) for\b|\brequirements?\b|\bcriteria\b/.test(
      norm,
    );
  if (requirements && (hasProduct || e.categories.length)) return 'product_facts';
  if (hasProduct && aspect && !cues.has('recommend')) return 'product_facts';
  // "Can I get a better credit card?", "which card could I get?": a recommendation within the kind.
  if (
    cues.has('eligibilityAsk') &&
    !hasProduct &&
    e.categories.length &&
    /\b(?:better|best|which|what|good|cheaper)\b/.test(norm)
  )
    return 'recommend';
  if (cues.has('eligibilityAsk') && (hasProduct || e.categories.length) && !cues.has('howTo')) return 'eligibility';
  if (
    input.mode === 'customer' &&
    cues.has('spending') &&
    !hasProduct &&
    !/\blimits?\b|\bcan i spend\b|\bhow much can\b/.test(norm)
  )
    return 'spending';
  // "Do fixed savers lock my money away?" is about the product, though it says "my money".
  if (aspect && e.categories.length && !cues.has('recommend') && !cues.has('howTo') && !ownMoney)
    return 'product_facts';
  // "My card was declined": about the service, not the customer's figures.
  if (
    input.mode === 'customer' &&
    ((cues.has('myMoney') && !cues.has('service')) || ownMoney) &&
    !cues.has('howTo') &&
    !cues.has('recommend')
  )
    return 'my_account';
  if (hasProduct && (cues.has('risk') || cues.has('eligibilityAsk'))) return 'product_facts';
  if (hasProduct && (cues.has('overview') || !cues.has('recommend')) && !cues.has('howTo')) return 'product_facts';
  // "How can I protect my family?", "how do I start saving?": advice, not a help-page lookup.
  if (
    cues.has('howTo') &&
    !cues.has('service') &&
    e.categories.length &&
    /\b(?:protect|save|saving|invest\w*|grow|income|start|build|afford|plan|retire\w*|more)\b/.test(norm)
  )
    return 'recommend';
  // "How do I apply for a credit card?": which of them they could get, rule by rule.
  if (
    cues.has('howTo') &&
    (hasProduct || e.categories.length) &&
    /\b(?:apply|open|get|sign up|take out|qualify)\b/.test(norm) &&
    !cues.has('service')
  )
    return 'eligibility';
  if ((cues.has('howTo') || cues.has('service')) && !cues.has('recommend')) return 'knowledge';
  if (cues.has('recommend') || e.categories.length || hasProduct) return 'recommend';
  if (input.intent && input.intent.confidence >= 0.5) return 'knowledge';
  if (!bankingWords) return 'out_of_scope';
  return 'knowledge';
}

function classifyRm(input: UnderstandInput, norm: string, cues: Set<Cue>, e: Entities): Intent | undefined {
  const aboutClient = e.clients.length > 0 || !!e.ambiguousClients;
  // "Clients like Jane Doe", "find look-alikes of C0000010": the book searched for that profile.
  if (e.clients.length === 1 && SIMILAR.test(norm)) return 'search_book';
  if (e.clients.length >= 2 && !cues.has('count')) return 'compare_clients';
  // "What products does C0000150 hold?", "how many products has he got?": the client's own record.
  if (
    e.clients.length === 1 &&
    /\b(?:hold|holds|holding|holdings|has|have|got|owns?)\b/.test(norm) &&
    !/\b(?:should|could|would|offer|pitch|suit|next)\b/.test(norm)
  )
    return 'client_brief';
  if (e.clientList && groupByOf(norm)) return 'count_book';
  if (input.mode === 'rm' && holdingsOrGoalsAsk(norm, e)) return 'count_book';
  // "Give me a breakdown of my book by segment": counts per group, unless a figure is asked for.
  if (cues.has('groupBy') && groupByOf(norm) && !aboutClient && !(cues.has('aggregate') && fieldOf(norm)))
    return 'count_book';
  if (aboutClient && cues.has('rank') && !e.clientList) return 'recommend';
  // "Who has the highest savings?", "top 5 clients by income": a field ranked, not a product pitched.
  const superlative =
    /\b(?:highest|lowest|largest|biggest|smallest|most|least|richest|wealthiest|oldest|youngest|top \d+ (?:clients?|customers?) by)\b/.test(
      norm,
    );
  if (
    superlative &&
    fieldOf(norm) &&
    !/\b(?:call|contact|offer|pitch|sell|target|approach)\b/.test(norm) &&
    !cues.has('rank') &&
    !aboutClient
  )
    return 'aggregate_book';
  if (
    cues.has('rank') ||
    (hasTargetProduct(e) &&
      /\b(?:who|which(?: of)?(?: my| our| the)? (?:clients?|customers?))\b/.test(norm) &&
      !cues.has('count'))
  )
    return e.clients.length === 1 ? 'recommend' : 'rank_book';
  if (cues.has('count') && !aboutClient) return 'count_book';
  if (cues.has('aggregate') && fieldOf(norm) && !aboutClient) return 'aggregate_book';
  // "Brief me on Jane Doe" with no Jane Doe in the book: say so, rather than answer something else.
  if (
    !aboutClient &&
    e.unknownClientName &&
    (cues.has('brief') ||
      cues.has('recommend') ||
      /^\s*(?:and |so )?(?:what|how) about\b|\b(?:offer|pitch|sell|suit)\b/.test(norm))
  )
    return 'clarify';
  // "Brief me on this client" with none open: the brief asks which client.
  if (!aboutClient && cues.has('brief') && refersToFocusClient(input.message) && !e.clientList) return 'client_brief';
  if (aboutClient) {
    if (cues.has('eligibilityAsk') && (e.products.length || e.categories.length)) return 'eligibility';
    if (cues.has('recommend') || /\b(?:offer|pitch|sell|suit|next best|upsell|cross ?sell)\b/.test(norm))
      return 'recommend';
    return e.ambiguousClients ? 'clarify' : 'client_brief';
  }
  if (e.clientList) return cues.has('aggregate') && fieldOf(norm) ? 'aggregate_book' : 'search_book';
  // Product and policy questions read the same for an RM as for a customer.
  if ((e.products.length || e.ambiguous) && !cues.has('clientList')) return undefined;
  if ((cues.has('howTo') || cues.has('service')) && !cues.has('clientList')) return 'knowledge';
  if (cues.has('offTopic')) return 'out_of_scope';
  // Nothing about clients, products or a filterable field: not a book search either.
  if (
    !cues.has('clientList') &&
    !e.categories.length &&
    !fieldOf(norm) &&
    !/\d|\b(?:retire\w*|students?|famil\w*|professionals?|savers?|earners?|borrowers?|affluent|wealthy|high net worth|mass|risk|young|old|older|millennials?|boomers?|gen z)\b/.test(
      norm,
    )
  )
    return 'out_of_scope';
  return 'search_book';
}

const hasTargetProduct = (e: Entities) => e.products.length > 0 || e.categories.length > 0 || !!e.ambiguous;

const FIELD_WORDS: [RegExp, NumericField][] = [
  [/\bcredit (?:score|rating)s?\b|\bfico\b|\bscores?\b/, 'creditScore'],
  [/\butili[sz]ation\b|\bcredit usage\b|\bcredit use\b/, 'creditUtilization'],
  [/\bincomes?\b|\bsalar(?:y|ies)\b|\bearn\w*|\bpaid\b|\brichest\b/, 'income'],
  [/\bloans?\b|\bdebts?\b|\bborrow\w*|\bowe[sd]?\b|\boutstanding\b|\bliabilit\w*/, 'loanAmount'],
  [/\bsavings?\b|\bsaved\b|\bsavers?\b|\bbalances?\b|\bdeposits?\b|\bcash\b|\bwealthiest\b/, 'savingsBalance'],
  [/\bages?\b|\bold(?:est)?\b|\byoungest\b|\byears old\b/, 'age'],
  [/\bdigital\b|\bengagement\b|\bonline\b|\bapp usage\b/, 'digitalEngagement'],
  [/\btenure\b|\byears with\b|\bbeen with\b|\blongest (?:standing|serving)\b|\bloyal\w*/, 'tenureYears'],
];

function fieldOf(norm: string): NumericField | undefined {
  for (const [re, f] of FIELD_WORDS) if (re.test(norm)) return f;
  return undefined;
}

/** The words of an earlier question that carry its metric, field and grouping into a follow-up. */
const metricWords = (norm: string) =>
  norm.match(
    /\b(?:median|average|avg|mean|typical|total|sum|combined|minimum|lowest|maximum|highest|how many|count)\b/,
  )?.[0];
const fieldWords = (norm: string) => {
  const f = fieldOf(norm);
  return f && FIELD_WORDS.find(([, x]) => x === f)![0].exec(norm)?.[0];
};
const groupWords = (norm: string) => norm.match(/\bby (?:segment|life ?stage|risk|horizon)s?\b/)?.[0];

function metricOf(norm: string): Metric {
  if (/\bmedian\b/.test(norm)) return 'median';
  if (/\baverage\b|\bavg\b|\bmean\b|\btypical\b/.test(norm)) return 'mean';
  if (/\btotal\b|\bsum\b|\bcombined\b|\baltogether\b|\bin total\b|\baggregate\b/.test(norm)) return 'sum';
  if (/\bminimum\b|\blowest\b|\bsmallest\b|\bleast\b|\byoungest\b|\bfewest\b/.test(norm)) return 'min';
  if (
    /\bmaximum\b|\bhighest\b|\blargest\b|\bbiggest\b|\bmost\b|\brichest\b|\bwealthiest\b|\boldest\b|\blongest\b/.test(
      norm,
    )
  )
    return 'max';
  return 'mean';
}

function groupByOf(norm: string): GroupField | undefined {
  if (/\b(?:by|per|across) (?:products?|holdings?)\b|\b(?:product|holdings?) (?:breakdown|split|mix)\b/.test(norm))
    return 'productsHeld';
  if (/\b(?:by|per|across) goals?\b/.test(norm)) return 'goals';
  if (!/\b(?:by|per|across|each|breakdown|split|grouped|distribution)\b/.test(norm)) return undefined;
  if (/\bsegments?\b/.test(norm)) return 'segment';
  if (/\blife ?stages?\b/.test(norm)) return 'lifeStage';
  if (/\brisk\b/.test(norm)) return 'riskTolerance';
  if (/\bhorizons?\b/.test(norm)) return 'investmentHorizon';
  return undefined;
}

/**
 * "What do they hold?", "which products do my retired clients have?", "what are their goals?":
 * what a set of clients holds or wants, product by product — not a product named (that is a filter).
 */
function holdingsOrGoalsAsk(norm: string, e: Entities): GroupField | undefined {
  if (e.products.length || e.ambiguous || e.categories.length || e.clients.length) return undefined;
  const aboutSet =
    e.clientList ||
    /\b(?:my|our|the) (?:\w+ ){0,3}(?:clients|customers|book)\b|\b(?:they|them|their|these|those)\b/.test(norm);
  if (!aboutSet || !/\b(?:what|which)\b/.test(norm)) return undefined;
  if (
    /\bholdings?\b|\bproducts? (?:do|does|have|has|are)\b|\bwhat (?:do|does|have|did) (?:\w+ ){0,4}(?:hold|have|own|got|use)\b/.test(
      norm,
    )
  )
    return 'productsHeld';
  if (/\bgoals?\b|\binterested in\b|\bwhat (?:do|does) (?:\w+ ){0,4}(?:want|need)\b/.test(norm)) return 'goals';
  return undefined;
}

/**
 * "How much would I earn on £5,000 over two years?": the sum and the period (default a year).
 * `norm` is the message without product names, so "2-Year Fixed" is no period.
 */
function illustrationAsk(
  message: string,
  norm: string,
  previous?: string,
): { amount: number; months: number } | undefined {
  const EARN = /\b(?:earn|make|get|grow|interest|return|end up with|be worth|have after)\b/;
  // "And on £20k in the Cash ISA?" after such a question asks the same.
  const followUp = /^\s*(?:and|what about|how about|or)\b/.test(norm) && !!previous && EARN.test(normalise(previous));
  if (!EARN.test(norm) && !followUp) return undefined;
  const m =
    message.match(/£\s?(\d[\d,]*(?:\.\d+)?)\s?(k|m)?\b/i) ??
    message.match(
      /\b(\d{1,3}(?:,\d{3})+|\d{3,}|\d+(?:\.\d+)?\s?(?:k|grand|thousand))\b(?!\s?(?:%|percent|years?|months?))/i,
    );
  if (!m) return undefined;
  const raw = m[1]!.replace(/,/g, '');
  const scale = /k|grand|thousand/i.test(m[2] ?? raw) ? 1000 : /m/i.test(m[2] ?? '') ? 1_000_000 : 1;
  const amount = Number.parseFloat(raw) * scale;
  if (!Number.isFinite(amount) || amount <= 0) return undefined;
  const years = norm.match(/\b(\d{1,2}) years?\b/);
  const months = norm.match(/\b(\d{1,3}) months?\b/);
  return {
    amount,
    months: years ? Number(years[1]) * 12 : months ? Number(months[1]) : 12,
  };
}

/** "top 5", "show me ten", "the best 3" → k. */
function requestedCount(norm: string): number | undefined {
  const m = norm.match(
    /\b(?:top|best|first|show(?: me)?|list|give me|find(?: me)?|pull|get(?: me)?)\s+(\d{1,2})\b|\b(\d{1,2})\s+(?:[a-z]+est\s+|most \w+\s+)?(?:clients|customers|people|names|prospects|leads|candidates)\b/,
  );
  const n = m ? Number(m[1] ?? m[2]) : undefined;
  return n && n >= 1 && n <= 50 ? n : undefined;
}

const SIMILAR =
  /\b(?:clients?|customers?|people|others?|anyone|someone|more|ones?) (?:\w+ )?(?:like|similar to|resembling)\b|\bsimilar (?:to|clients|customers|profiles?)\b|\blook ?alikes?\b|\bwho else (?:is|looks) like\b|\b(?:more|others) like (?:her|him|them|this)\b/;

/** The message without the client it names, so a look-alike search filters only on what else was said. */
function withoutClientNames(message: string, input: UnderstandInput): string {
  let out = message;
  for (const c of input.book?.findByName(message) ?? []) out = out.replace(c.name, ' ');
  for (const id of linkCustomerIds(message, input.customerIdPattern)) out = out.replace(id, ' ');
  return out.replace(/\s+/g, ' ').trim() || message;
}

/** "Top 10 clients by income": the ordering words, which the filter must not read as a condition. */
const ORDERED_FIELD =
  '(?:credit (?:score|rating)s?|incomes?|salar(?:y|ies)|savings?(?: balances?)?|balances?|loans?|debts?|ages?|tenure|years with (?:us|the bank)|digital engagement|utili[sz]ation)';
/** "Top 5 by income", "who has the lowest credit score": the ordering words, which are no filter. */
const withoutOrdering = (text: string) =>
  text
    .replace(
      new RegExp(
        `\\b(?:sorted |ranked |ordered )?by (?:their |the |highest |lowest |biggest |largest )*${ORDERED_FIELD}\\b|\\b(?:the )?(?:highest|lowest|biggest|largest|smallest|most|least|best|worst|top|bottom) ${ORDERED_FIELD}\\b`,
        'gi',
      ),
      ' ',
    )
    // "my 3 richest clients": how many to list, no filter either.
    .replace(/\b(?:top |best |first )?\d{1,2} ((?:[a-z]+est |most \w+ )?(?:clients|customers|people|names))\b/gi, '$1')
    .replace(/\s+/g, ' ')
    .trim();

/** "An ISA", "any fixed term deposit", "ISAs": the kind of product, not one of them, so no question of which. */
function genericMention(text: string, norm: string): boolean {
  const t = text
    .trim()
    .replace(/s$/, '')
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`\\b(?:a|an|any|all|each) (?:\\w+ ){0,2}?${t}\\b|\\b${t}s\\b`).test(norm);
}

const SINGULAR =
  /\b(?:the|your|that|this|my) (?:credit )?(card|mortgage|saver|savings account|loan|deposit|fixed term deposit|term deposit|fund|isa|policy|insurance|current account|pension)\b(?!s)/;

/** "the card", "your mortgage": one product of a category with several, when nothing narrows it. */
function singularCategory(
  norm: string,
  e: Entities,
  products: readonly Product[],
): { word: string; ids: string[] } | undefined {
  const m = SINGULAR.exec(norm);
  if (!m || (e.categories.length !== 1 && !(e.categories.length === 2 && e.categories.includes('savings'))))
    return undefined;
  const cats = m[1] === 'saver' || m[1] === 'savings account' ? ['savings'] : e.categories;
  const ids = products.filter((p) => (cats as string[]).includes(p.category)).map((p) => p.id);
  return ids.length > 1 && ids.length <= 6 ? { word: m[0], ids } : undefined;
}

/** Products a category question is about: every product of the categories, new ones first. */
function categoryProducts(products: readonly Product[], categories: readonly ProductCategory[]): string[] {
  return products.filter((p) => categories.includes(p.category)).map((p) => p.id);
}

const ASPECTS = (cues: Set<Cue>) => {
  const a: ('fee' | 'rate' | 'term' | 'eligibility' | 'risk' | 'details' | 'overview')[] = [];
  if (cues.has('fee')) a.push('fee');
  if (cues.has('rate')) a.push('rate');
  if (cues.has('term')) a.push('term');
  if (cues.has('eligibilityAsk')) a.push('eligibility');
  if (cues.has('risk')) a.push('risk');
  if (cues.has('details')) a.push('details');
  return a.length ? a : (['overview'] as const).slice();
};

const ACCOUNT_FIELDS: [
  RegExp,
  'savings' | 'income' | 'credit_score' | 'utilisation' | 'loans' | 'products' | 'risk' | 'goals' | 'tenure',
][] = [
  [/\bsav\w*|\bbalance\b|\bhow much (?:money )?(?:do i have|have i got|i have)\b|\bmoney\b/, 'savings'],
  [/\bincome\b|\bsalary\b|\bearn/, 'income'],
  [/\bcredit (?:score|rating)\b|\bscore\b/, 'credit_score'],
  [/\butili[sz]ation\b|\blimit\b/, 'utilisation'],
  [/\bloans?\b|\bdebts?\b|\bowe\b|\bborrow/, 'loans'],
  [
    /\bproducts\b|\baccounts\b|\bwhat (?:do|did) i (?:have|hold|own)\b|\bcards?\b|\bmortgages?\b|\bdo i (?:have|hold|own)\b/,
    'products',
  ],
  [/\brisk\b/, 'risk'],
  [/\bgoals?\b/, 'goals'],
  [/\btenure\b|\bhow long have i\b|\bbeen with\b/, 'tenure'],
];

function planFor(
  intent: Intent,
  input: UnderstandInput,
  norm: string,
  cues: Set<Cue>,
  e: Entities,
  plan: (p: Omit<Plan, 'source' | 'focus'> & { focus?: Plan['focus'] }) => Plan,
): Plan {
  const focus = { productIds: e.products, clientIds: e.clients };
  const answer = (i: Intent, calls: ToolCall[]) =>
    plan({ kind: 'answer', intent: i, calls, focus: { productIds: e.products, clientIds: e.clients } });
  const clarifyProduct = (resume: Intent) =>
    plan({
      kind: 'clarify',
      intent: 'clarify',
      calls: [],
      clarify: {
        about: 'product',
        intent: resume,
        candidates: e.ambiguous!.productIds.map((id) => ({
          id,
          label: input.products.find((p) => p.id === id)?.name ?? id,
        })),
        unparsed: [],
      },
      focus,
    });
  const clarifyClient = (resume: Intent) =>
    plan({
      kind: 'clarify',
      intent: 'clarify',
      calls: [],
      clarify: {
        about: 'client',
        intent: resume,
        candidates: (e.ambiguousClients ?? []).map((c) => ({ id: c.id, label: `${c.name} (${c.id})` })),
        unparsed: [],
      },
      focus,
    });
  // "Those clients": the clients just listed when there was a list, else the query behind the last count.
  // Counting or grouping "those" after a search means everyone the search's filter matched, not only the rows shown.
  const counting = intent === 'count_book' || intent === 'aggregate_book';
  const withinListed =
    e.clientList &&
    input.state.lastIntent !== 'count_book' &&
    input.state.listedClients.length > 0 &&
    !(counting && input.state.lastIntent === 'search_book' && input.state.lastClientQuery);
  const within = withinListed ? { within: input.state.listedClients } : {};
  const filterText = () => {
    const prior = e.clientList && !withinListed ? (input.state.lastClientQuery ?? '') : '';
    return `${prior} ${input.message}`.trim();
  };
  const targets = () => {
    if (e.products.length) return e.products;
    if (e.ambiguous) return e.ambiguous.productIds;
    const cats = e.categories.length ? e.categories : [];
    const ids = categoryProducts(input.products, cats);
    return ids.length ? ids : input.products.map((p) => p.id);
  };

  switch (intent) {
    case 'product_facts': {
      if (!e.products.length && e.ambiguous && genericMention(e.ambiguous.text, normalise(input.message)))
        return answer('product_facts', [
          { tool: 'product_facts', input: { productIds: e.ambiguous.productIds.slice(0, 5), aspects: ASPECTS(cues) } },
        ]);
      if (!e.products.length && e.ambiguous) return clarifyProduct('product_facts');
      // "What's the rate on the mortgage?": one product of a kind that has several — ask which.
      const one = singularCategory(norm, e, input.products);
      // "My current account": the one they hold, when they hold one of that kind.
      const mine = one?.word.startsWith('my ') ? one.ids.filter((id) => input.held?.includes(id)) : [];
      if (!e.products.length && mine.length === 1) e.products = mine;
      else if (!e.products.length && one) {
        e.ambiguous = { text: one.word, productIds: one.ids };
        return clarifyProduct('product_facts');
      }
      const ids = e.products.length ? e.products : categoryProducts(input.products, e.categories).slice(0, 5);
      if (!ids.length) return answer('knowledge', [{ tool: 'knowledge_answer', input: { question: input.message } }]);
      const illustrate = illustrationAsk(input.message, norm, input.previousMessage);
      return answer('product_facts', [
        {
          tool: 'product_facts',
          input: { productIds: ids.slice(0, 5), aspects: ASPECTS(cues), ...(illustrate ? { illustrate } : {}) },
        },
      ]);
    }
    case 'compare_products': {
      const ids =
        e.products.length >= 2
          ? e.products
          : e.products.length === 1 && e.ambiguous
            ? [...e.products, ...e.ambiguous.productIds]
            : [input.state.focusProductId!, ...e.products].filter(Boolean);
      if (ids.length < 2) {
        const ofKind = categoryProducts(input.products, e.categories);
        if (!e.products.length && !e.ambiguous && ofKind.length >= 2)
          return answer('compare_products', [{ tool: 'compare_products', input: { productIds: ofKind.slice(0, 4) } }]);
        if (e.ambiguous && e.ambiguous.productIds.length >= 2)
          return answer('compare_products', [
            { tool: 'compare_products', input: { productIds: e.ambiguous.productIds.slice(0, 4) } },
          ]);
        return planFor('product_facts', input, norm, cues, e, plan);
      }
      return answer('compare_products', [
        { tool: 'compare_products', input: { productIds: [...new Set(ids)].slice(0, 4) } },
      ]);
    }
    case 'eligibility': {
      if (!e.products.length && e.ambiguous) return clarifyProduct('eligibility');
      const ids = e.products.length ? e.products : categoryProducts(input.products, e.categories);
      if (!ids.length) return answer('knowledge', [{ tool: 'knowledge_answer', input: { question: input.message } }]);
      if (input.mode === 'rm' && !e.clients.length && !input.focusClientId)
        return planFor('product_facts', input, norm, cues, e, plan);
      return answer('eligibility', [{ tool: 'eligibility_check', input: { productIds: ids.slice(0, 6) } }]);
    }
    case 'guarantee': {
      const calls: ToolCall[] = [];
      if (e.products.length)
        calls.push({ tool: 'product_facts', input: { productIds: e.products.slice(0, 5), aspects: ['risk'] } });
      // Asked about a kind of product ("which investment… is anything guaranteed?"): that kind, with
      // the warning; asked in general: the capital-safe options.
      const asked = e.categories.filter((c) => c !== 'savings' && c !== 'term_deposit');
      if (input.mode === 'customer' || e.clients.length || input.focusClientId)
        calls.push({
          tool: 'recommend',
          input: { categories: asked.length ? asked : ['savings', 'term_deposit'], k: 3 },
        });
      return answer('guarantee', calls);
    }
    case 'my_account': {
      let fields = ACCOUNT_FIELDS.filter(([re]) => re.test(norm)).map(([, f]) => f);
      // "my loan balance" is about the loan, not the savings balance.
      if (fields.includes('loans') && !/\bsav/.test(norm)) fields = fields.filter((f) => f !== 'savings');
      return answer('my_account', [{ tool: 'my_account', input: { fields: fields.length ? fields : ['overview'] } }]);
    }
    case 'spending':
      return answer('spending', [{ tool: 'spending_insights', input: {} }]);
    case 'knowledge':
      return answer('knowledge', [{ tool: 'knowledge_answer', input: { question: input.message } }]);
    case 'recommend': {
      // "Why?" after a pitch for the client being discussed is about that client.
      if (
        input.mode === 'rm' &&
        e.assess?.length &&
        !e.clients.length &&
        !input.focusClientId &&
        input.state.focusClientId
      )
        e.clients = [input.state.focusClientId];
      if (input.mode === 'rm' && !e.clients.length && !input.focusClientId) {
        if (e.ambiguousClients) return clarifyClient('recommend');
        return planFor('rank_book', input, norm, cues, e, plan);
      }
      if (e.assess?.length)
        return answer('recommend', [{ tool: 'recommend', input: { categories: [], k: 3, productIds: e.assess } }]);
      let categories = e.categories;
      if (!categories.length && e.products.length)
        categories = [
          ...new Set(
            e.products
              .map((id) => input.products.find((p) => p.id === id)?.category)
              .filter((c): c is ProductCategory => !!c),
          ),
        ];
      if (!categories.length && e.ambiguous)
        categories = [
          ...new Set(
            e.ambiguous.productIds
              .map((id) => input.products.find((p) => p.id === id)?.category)
              .filter((c): c is ProductCategory => !!c),
          ),
        ];
      // "I have £20k sitting in my current account": where the money is now, not what they want.
      const moneyIn =
        /\b(?:in|from|out of) (?:my|the|our) current accounts?\b/.test(norm) &&
        /\d|\bmoney\b|\bcash\b|\bspare\b|\bsitting\b|\blying\b|\bsavings\b/.test(norm);
      if (moneyIn) categories = categories.filter((c) => c !== 'current_account');
      // "The best account for a student": an account to hold money in, not an investment.
      if (
        !moneyIn &&
        !categories.length &&
        /\baccounts?\b/.test(norm) &&
        !/\binvest\w*|\bisa\b|\bshares?\b|\bpension\b/.test(norm)
      )
        categories = ['current_account', 'savings'];
      if (/\binvest\w*\b/.test(norm) && !categories.some((c) => INVESTMENT.includes(c)))
        categories = [...categories, ...INVESTMENT];
      // "I don't like big risks": the customer's stated caution narrows what is suitable.
      const cautious =
        /\b(?:don'?t|do not) (?:like|want|fancy) (?:big |much |any |high )?risks?\b|\bcautious\b|\blow(?:er)? risk\b|\bnothing (?:too )?risky\b|\bplay it safe\b|\bsafe\b|\b(?:nervous|worried|scared|afraid|anxious|wary|uneasy)\b|\brisk ?averse\b|\b(?:can'?t|cannot|don'?t want to) (?:afford to )?lose\b|\blos(?:e|ing) (?:it|money)\b/.test(
          norm,
        );
      return answer('recommend', [
        { tool: 'recommend', input: { categories, k: 3, ...(cautious ? { maxRisk: 2 } : {}) } },
      ]);
    }
    case 'search_book': {
      const like = input.mode === 'rm' && e.clients.length === 1 && SIMILAR.test(norm) ? e.clients[0] : undefined;
      return answer('search_book', [
        {
          tool: 'search_book',
          input: {
            query: like ? withoutClientNames(input.message, input) : filterText(),
            k: requestedCount(norm) ?? 10,
            // Look-alikes come from the whole book, not from the list the client was picked from.
            ...(like ? { similarTo: like } : within),
          },
        },
      ]);
    }
    case 'count_book':
      return answer('count_book', [
        {
          tool: 'aggregate_book',
          input: {
            filter: filterText(),
            metric: 'count',
            ...within,
            ...((groupByOf(norm) ?? holdingsOrGoalsAsk(norm, e))
              ? { groupBy: groupByOf(norm) ?? holdingsOrGoalsAsk(norm, e) }
              : {}),
          },
        },
      ]);
    case 'aggregate_book': {
      const field = fieldOf(norm);
      const metric = metricOf(norm);
      const listTop =
        /\bwho\b|\bwhich (?:clients?|customers?)\b|\btop \d+\b|\bclients? with the\b|\bshow me\b|\blist\b|\bname\b/.test(
          norm,
        );
      return answer('aggregate_book', [
        {
          tool: 'aggregate_book',
          input: {
            // "by income" orders the list; it is no filter.
            filter: listTop ? withoutOrdering(filterText()) : filterText(),
            ...within,
            metric,
            ...(field ? { field } : {}),
            ...(groupByOf(norm) ? { groupBy: groupByOf(norm) } : {}),
            ...(listTop && field
              ? {
                  top: requestedCount(norm) ?? (metric === 'max' || metric === 'min' ? 5 : 5),
                  order: metric === 'min' ? 'asc' : 'desc',
                }
              : {}),
          },
        },
      ]);
    }
    case 'rank_book': {
      if (e.ambiguous && !e.products.length && !e.categories.length) return clarifyProduct('rank_book');
      return answer('rank_book', [
        {
          tool: 'rank_book',
          input: { productIds: targets().slice(0, 12), filter: filterText(), ...within, k: requestedCount(norm) ?? 10 },
        },
      ]);
    }
    case 'client_brief': {
      // "Brief me on this client" with no client open: ask which, rather than search for the words.
      if (!e.clients.length && !e.ambiguousClients && refersToFocusClient(input.message) && !e.clientList)
        return plan({
          kind: 'clarify',
          intent: 'clarify',
          calls: [],
          clarify: { about: 'client', intent: 'client_brief', candidates: [], unparsed: [] },
        });
      if (!e.clients.length)
        return e.ambiguousClients ? clarifyClient('client_brief') : planFor('search_book', input, norm, cues, e, plan);
      return answer('client_brief', [{ tool: 'client_brief', input: { clientId: e.clients[0] } }]);
    }
    case 'compare_clients':
      return answer('compare_clients', [{ tool: 'compare_clients', input: { clientIds: e.clients.slice(0, 4) } }]);
    case 'clarify':
      if (!e.ambiguousClients && e.unknownClientName)
        return plan({
          kind: 'clarify',
          intent: 'clarify',
          calls: [],
          clarify: { about: 'client', intent: 'client_brief', candidates: [], unparsed: [e.unknownClientName] },
        });
      return e.ambiguousClients
        ? clarifyClient(input.state.lastIntent === 'recommend' ? 'recommend' : 'client_brief')
        : clarifyProduct('product_facts');
    case 'out_of_scope':
      return plan({ kind: 'out_of_scope', intent: 'out_of_scope', calls: [] });
    case 'chitchat':
      return plan({ kind: 'chitchat', intent: 'chitchat', calls: [], chitchat: 'acknowledgement' });
    case 'handoff':
      return plan({ kind: 'handoff', intent: 'handoff', calls: [], handoff: { reason: 'request' } });
    default:
      return intent satisfies never;
  }
}

/** Words that start sentences or name things, not people, when capitalised after "on" / "about". */
const NOT_NAMES = new Set([
  'this',
  'that',
  'the',
  'my',
  'our',
  'your',
  'their',
  'his',
  'her',
  'it',
  'them',
  'him',
  'me',
  'us',
  'a',
  'an',
  'client',
  'customer',
  'meridian',
]);

/**
 * A person's name the message is about: two or three capitalised words (optionally after a title)
 * following "on", "about", "for", "with" or "is" — "brief me on Jane Doe", "what about Mr Okafor".
 */
function personNameIn(message: string): string | undefined {
  const m =
    /\b(?:on|about|for|with|is|up|offer|pitch|call|contact|ring|email|to)\s+((?:(?:Mr|Mrs|Ms|Miss|Dr|Mx)\.?\s+[A-Z][a-z'’-]+)|(?:[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,2}))/.exec(
      message,
    );
  if (!m) return undefined;
  const name = m[1]!;
  return NOT_NAMES.has(name.split(/\s+/)[0]!.toLowerCase().replace(/\.$/, '')) ? undefined : name;
}
