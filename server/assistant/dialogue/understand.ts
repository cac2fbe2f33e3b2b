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
}

const INVESTMENT: ProductCategory[] = ['fund', 'brokerage', 'wealth_management', 'pension'];
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
  /** The message points back at the last client list ("those clients"). */
  clientList: boolean;
}

export function understand(input: UnderstandInput): Plan {
  const norm = normalise(input.message);
  const cues = cuesOf(norm);
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
      return planFor(pending.intent as Intent, input, norm, cues, entities, plan);
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
    if (last !== 'chitchat' && last !== 'clarify' && last !== 'out_of_scope' && last !== 'handoff')
      return planFor(last, input, norm, cues, entities, plan);
  }

  const intent = classify(input, norm, cues, entities);
  return planFor(intent, input, norm, cues, entities, plan);
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
    // Several products fit the words: the conversation may already have narrowed it down.
    const listed = m.productIds.filter((id) => state.listedProducts.includes(id) || state.focusProductId === id);
    if (listed.length === 1) products.push(listed[0]!);
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
  if (
    !products.length &&
    !ambiguous &&
    state.focusProductId &&
    refersToFocusProduct(input.message) &&
    ord === undefined
  )
    products.push(state.focusProductId);

  let ambiguousClients: Customer[] | undefined;
  if (input.mode === 'rm') {
    for (const id of linkCustomerIds(input.message, input.customerIdPattern))
      if (!clients.includes(id)) clients.push(id);
    if (!clients.length && input.book) {
      const named = input.book.findByName(input.message);
      if (named.length === 1) clients.push(named[0]!.id);
      else if (named.length > 1) {
        const listed = named.filter((c) => state.listedClients.includes(c.id) || state.focusClientId === c.id);
        if (listed.length === 1) clients.push(listed[0]!.id);
        else ambiguousClients = named.slice(0, 8);
      }
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
  return {
    products,
    ambiguous,
    categories,
    clients,
    ambiguousClients,
    clientList:
      input.mode === 'rm' &&
      refersToClientList(input.message) &&
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
  if (e.products.length || e.ambiguous || e.clients.length || e.categories.length) return undefined;
  // What is left once the pleasantries are removed: a question hiding behind "hi" is a question.
  const rest = norm
    .replace(
      /\b(?:hi|hello|hey|hiya|howdy|yo|good (?:morning|afternoon|evening|day)|morning|afternoon|evening|greetings|there|thanks?|thank you|thankyou|thx|ta|cheers|so much|very much|a lot|lots|bye|goodbye|good bye|see (?:you|ya)|later|that'?s all|that is all|nothing else|for now|for (?:your|the) help|help|have a (?:good|nice|great) (?:day|one|evening|weekend)|ok|okay|great|cool|nice|perfect|got it|understood|sure|fine|alright|brilliant|lovely|super|awesome|you|again|mate|meridian|assistant|bot|all|really|appreciate(?:d| it)|much|that|is|was|it|great|helpful|very|no worries|sounds good|yes|yep|yeah|no|nope|i|am|i'?m|done|all done)\b/g,
      ' ',
    )
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  const short = rest.split(' ').filter(Boolean).length <= 1;
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

  if (cues.has('guarantee') && !cues.has('howTo')) return 'guarantee';
  if (cues.has('compare') && (e.products.length >= 2 || (e.products.length === 1 && input.state.focusProductId)))
    return 'compare_products';
  if (cues.has('eligibilityAsk') && (hasProduct || e.categories.length) && !cues.has('howTo')) return 'eligibility';
  if (input.mode === 'customer' && cues.has('spending') && !hasProduct) return 'spending';
  // "Do fixed savers lock my money away?" is about the product, though it says "my money".
  const aspect = cues.has('fee') || cues.has('rate') || cues.has('term');
  if (
    aspect &&
    (hasProduct || e.categories.length) &&
    !cues.has('recommend') &&
    !/\bmy (?:balance|credit score|score|income|salary|savings balance)\b|\bhow much (?:is|do i have|have i got)\b/.test(
      norm,
    )
  )
    return 'product_facts';
  if (input.mode === 'customer' && cues.has('myMoney') && !cues.has('howTo') && !cues.has('recommend'))
    return 'my_account';
  if (
    hasProduct &&
    (cues.has('fee') || cues.has('rate') || cues.has('term') || cues.has('risk') || cues.has('eligibilityAsk'))
  )
    return 'product_facts';
  if (hasProduct && (cues.has('overview') || !cues.has('recommend')) && !cues.has('howTo')) return 'product_facts';
  // "How do I apply for a credit card?": which of them they could get, rule by rule.
  if (
    cues.has('howTo') &&
    (hasProduct || e.categories.length) &&
    /\b(?:apply|open|get|sign up|take out|qualify)\b/.test(norm) &&
    !cues.has('service')
  )
    return 'eligibility';
  if ((cues.has('howTo') || cues.has('service')) && !cues.has('recommend')) return 'knowledge';
  if (e.categories.length && (cues.has('fee') || cues.has('rate') || cues.has('term')) && !cues.has('recommend'))
    return 'product_facts';
  if (cues.has('recommend') || e.categories.length || hasProduct) return 'recommend';
  if (input.intent && input.intent.confidence >= 0.5) return 'knowledge';
  if (!bankingWords) return 'out_of_scope';
  return 'knowledge';
}

function classifyRm(_input: UnderstandInput, norm: string, cues: Set<Cue>, e: Entities): Intent | undefined {
  const aboutClient = e.clients.length > 0 || !!e.ambiguousClients;
  if (cues.has('compare') && e.clients.length >= 2) return 'compare_clients';
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
  return 'search_book';
}

const hasTargetProduct = (e: Entities) => e.products.length > 0 || e.categories.length > 0 || !!e.ambiguous;

const FIELD_WORDS: [RegExp, NumericField][] = [
  [/\bcredit (?:score|rating)s?\b|\bfico\b|\bscores?\b/, 'creditScore'],
  [/\butili[sz]ation\b|\bcredit usage\b|\bcredit use\b/, 'creditUtilization'],
  [/\bincomes?\b|\bsalar(?:y|ies)\b|\bearn\w*|\bpaid\b|\brichest\b/, 'income'],
  [/\bsavings?\b|\bsaved\b|\bsavers?\b|\bbalances?\b|\bdeposits?\b|\bcash\b|\bwealthiest\b/, 'savingsBalance'],
  [/\bloans?\b|\bdebts?\b|\bborrow\w*|\bowe[sd]?\b|\boutstanding\b|\bliabilit\w*/, 'loanAmount'],
  [/\bages?\b|\bold(?:est)?\b|\byoungest\b|\byears old\b/, 'age'],
  [/\bdigital\b|\bengagement\b|\bonline\b|\bapp usage\b/, 'digitalEngagement'],
  [/\btenure\b|\byears with\b|\bbeen with\b|\blongest (?:standing|serving)\b|\bloyal\w*/, 'tenureYears'],
];

function fieldOf(norm: string): NumericField | undefined {
  for (const [re, f] of FIELD_WORDS) if (re.test(norm)) return f;
  return undefined;
}

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
  if (!/\b(?:by|per|across|each|breakdown|split|grouped|distribution)\b/.test(norm)) return undefined;
  if (/\bsegments?\b/.test(norm)) return 'segment';
  if (/\blife ?stages?\b/.test(norm)) return 'lifeStage';
  if (/\brisk\b/.test(norm)) return 'riskTolerance';
  if (/\bhorizons?\b/.test(norm)) return 'investmentHorizon';
  return undefined;
}

/** "top 5", "show me ten", "the best 3" → k. */
function requestedCount(norm: string): number | undefined {
  const m = norm.match(
    /\b(?:top|best|first|show(?: me)?|list|give me|find(?: me)?|pull|get(?: me)?)\s+(\d{1,2})\b|\b(\d{1,2})\s+(?:clients|customers|people|names|prospects|leads|candidates)\b/,
  );
  const n = m ? Number(m[1] ?? m[2]) : undefined;
  return n && n >= 1 && n <= 50 ? n : undefined;
}

/** Products a category question is about: every product of the categories, new ones first. */
function categoryProducts(products: readonly Product[], categories: readonly ProductCategory[]): string[] {
  return products.filter((p) => categories.includes(p.category)).map((p) => p.id);
}

const ASPECTS = (cues: Set<Cue>) => {
  const a: ('fee' | 'rate' | 'term' | 'eligibility' | 'risk' | 'overview')[] = [];
  if (cues.has('fee')) a.push('fee');
  if (cues.has('rate')) a.push('rate');
  if (cues.has('term')) a.push('term');
  if (cues.has('eligibilityAsk')) a.push('eligibility');
  if (cues.has('risk')) a.push('risk');
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
  [/\bproducts\b|\baccounts\b|\bwhat (?:do|did) i (?:have|hold|own)\b|\bcards\b|\bmortgage\b/, 'products'],
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
  const answer = (i: Intent, calls: ToolCall[]) => plan({ kind: 'answer', intent: i, calls, focus });
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
  const withinListed = e.clientList && input.state.lastIntent !== 'count_book' && input.state.listedClients.length > 0;
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
      if (!e.products.length && e.ambiguous) return clarifyProduct('product_facts');
      const ids = e.products.length ? e.products : categoryProducts(input.products, e.categories).slice(0, 5);
      if (!ids.length) return answer('knowledge', [{ tool: 'knowledge_answer', input: { question: input.message } }]);
      return answer('product_facts', [
        { tool: 'product_facts', input: { productIds: ids.slice(0, 5), aspects: ASPECTS(cues) } },
      ]);
    }
    case 'compare_products': {
      const ids = e.products.length >= 2 ? e.products : [input.state.focusProductId!, ...e.products].filter(Boolean);
      if (ids.length < 2) {
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
      if (input.mode === 'customer' || e.clients.length || input.focusClientId)
        calls.push({ tool: 'recommend', input: { categories: ['savings', 'term_deposit'], k: 3 } });
      return answer('guarantee', calls);
    }
    case 'my_account': {
      const fields = ACCOUNT_FIELDS.filter(([re]) => re.test(norm)).map(([, f]) => f);
      return answer('my_account', [{ tool: 'my_account', input: { fields: fields.length ? fields : ['overview'] } }]);
    }
    case 'spending':
      return answer('spending', [{ tool: 'spending_insights', input: {} }]);
    case 'knowledge':
      return answer('knowledge', [{ tool: 'knowledge_answer', input: { question: input.message } }]);
    case 'recommend': {
      if (input.mode === 'rm' && !e.clients.length && !input.focusClientId) {
        if (e.ambiguousClients) return clarifyClient('recommend');
        return planFor('rank_book', input, norm, cues, e, plan);
      }
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
      if (/\binvest\w*\b/.test(norm) && !categories.some((c) => INVESTMENT.includes(c)))
        categories = [...categories, ...INVESTMENT];
      return answer('recommend', [{ tool: 'recommend', input: { categories, k: 3 } }]);
    }
    case 'search_book':
      return answer('search_book', [
        { tool: 'search_book', input: { query: filterText(), k: requestedCount(norm) ?? 10, ...within } },
      ]);
    case 'count_book':
      return answer('count_book', [
        {
          tool: 'aggregate_book',
          input: {
            filter: filterText(),
            metric: 'count',
            ...within,
            ...(groupByOf(norm) ? { groupBy: groupByOf(norm) } : {}),
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
            filter: filterText(),
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
      if (!e.clients.length)
        return e.ambiguousClients ? clarifyClient('client_brief') : planFor('search_book', input, norm, cues, e, plan);
      return answer('client_brief', [{ tool: 'client_brief', input: { clientId: e.clients[0] } }]);
    }
    case 'compare_clients':
      return answer('compare_clients', [{ tool: 'compare_clients', input: { clientIds: e.clients.slice(0, 4) } }]);
    case 'clarify':
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
