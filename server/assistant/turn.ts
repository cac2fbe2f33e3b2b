import { type Customer, type Product, viewCustomer } from '../../domain/index.ts';
import { NotFoundError } from '../../lib/errors/index.ts';
import type { Logger } from '../../lib/log/index.ts';
import type { IntentService } from '../../ml/intent/classifier.ts';
import type { Exclusion, Recommender } from '../../ml/recommender/types.ts';
import type { z } from 'zod';
import type { recommendTool } from './tools/recommend.ts';

type RecommendOut = z.infer<(typeof recommendTool)['output']>;
import type { BookHandle } from '../book/index.ts';
import { BookScores } from '../book/scores.ts';
import { bookPart } from '../book/part.ts';
import { audienceOf, canSee as canSeeCustomer, type Principal } from '../http/auth.ts';
import type { InsightsService } from '../insights/service.ts';
import type { CustomerRepository } from '../retrieval/customers.ts';
import type { FilterParser } from '../retrieval/filter/index.ts';
import type { RetrievalService } from '../retrieval/service.ts';
import { compose, type Composed } from './compose/index.ts';
import type { Plan } from './dialogue/plan.ts';
import type { ConversationState } from './dialogue/state.ts';
import { understand } from './dialogue/understand.ts';
import type { Grounding } from './generators/types.ts';
import { runTools, toolFacts } from './tools/registry.ts';
import type { ToolContext, ToolResult } from './tools/types.ts';

export interface TurnDeps {
  customers: CustomerRepository;
  products: Product[];
  recommender?: Recommender;
  retrieval?: Pick<RetrievalService, 'search' | 'retrievePassages'>;
  intent?: IntentService;
  insights?: InsightsService;
  book?: BookHandle;
  parser: FilterParser;
  log: Logger;
  customerIdPattern?: RegExp;
  /** A planner to try before the deterministic one (the LLM); its plan is validated, and any failure falls back. */
  planner?: (input: PlanRequest, signal: AbortSignal) => Promise<Plan>;
}

interface PlanRequest {
  mode: 'customer' | 'rm';
  message: string;
  state: ConversationState;
  history: { role: 'user' | 'assistant'; content: string }[];
}

export interface TurnInput extends PlanRequest {
  /** Who asks: what the turn may read is what `canSee` lets this principal see. */
  principal: Principal;
  /** Customer mode: the token's customer. RM mode: the client the console has open, if any. */
  customerId?: string;
}

export interface PreparedTurn {
  plan: Plan;
  results: ToolResult[];
  grounding: Grounding;
  composed: Composed;
  /** The customer the answer is about (signed-in customer, or the RM's focus client). */
  customer?: Customer;
  timings: { customer: number; intent: number; plan: number; tools: number; total: number };
}

const since = (t: number) => performance.now() - t;

/** Book-wide scores, one cache per (book, recommender): kept across turns. */
const scoreCaches = new WeakMap<object, WeakMap<object, BookScores>>();
function bookScoresFor(deps: TurnDeps): BookScores | undefined {
  const book = deps.book?.current();
  if (!book || !deps.recommender?.scoreMatrix) return undefined;
  let byRec = scoreCaches.get(book);
  if (!byRec) scoreCaches.set(book, (byRec = new WeakMap()));
  let s = byRec.get(deps.recommender);
  if (!s) byRec.set(deps.recommender, (s = new BookScores(book, deps.recommender, deps.products)));
  return s;
}

/**
 * Understand → authorise → execute → compose, for one turn. The plan decides which tools run; the
 * tools are the only source of facts; the composer writes the deterministic answer from them and
 * the grounding carries the same results to a model.
 */
export async function prepareTurn(deps: TurnDeps, input: TurnInput, signal: AbortSignal): Promise<PreparedTurn> {
  const t0 = performance.now();
  const timings = { customer: 0, intent: 0, plan: 0, tools: 0, total: 0 };
  const { principal } = input;
  const canSee = (c: Customer) => canSeeCustomer(principal, c);
  const wholeBook = deps.book?.current();
  // RM mode reads the principal's part of the book only: names, lists, counts and rankings cannot
  // reach a customer outside it.
  const book = wholeBook && principal.role === 'rm' ? bookPart(wholeBook, `rm:${principal.rmId}`, canSee) : wholeBook;
  // What the answer may say is what its reader may see: each principal gets its own field view.
  const loadCustomer = async (id: string | undefined) => {
    if (!id) return undefined;
    const record = wholeBook?.get(id) ?? (await deps.customers.get(id, signal));
    return record && viewCustomer(record, audienceOf(principal));
  };
  let t = performance.now();
  const [signedIn, classified] = await Promise.all([
    input.mode === 'customer' ? loadCustomer(input.customerId) : Promise.resolve(undefined),
    deps.intent
      ? deps.intent.classifyIntent(input.message, signal).catch((err: Error) => {
          deps.log.warn({ err: err.message }, 'intent classification failed; planning without it');
          return undefined;
        })
      : Promise.resolve(undefined),
  ]);
  timings.customer = since(t);
  timings.intent = since(t);
  if (input.mode === 'customer' && !signedIn) throw new NotFoundError(`no customer ${input.customerId}`);

  t = performance.now();
  const deterministic = () =>
    understand({
      mode: input.mode,
      message: input.message,
      state: input.state,
      products: deps.products,
      book,
      focusClientId: input.customerId,
      intent: classified,
      customerIdPattern: deps.customerIdPattern,
      previousMessage: input.history.filter((t) => t.role === 'user').at(-1)?.content,
      held: signedIn?.productsHeld,
    });
  let plan: Plan;
  if (deps.planner) {
    try {
      plan = await deps.planner(input, signal);
    } catch (err) {
      if (signal.aborted) throw err;
      plan = { ...deterministic(), fallback: `llm plan rejected: ${(err as Error).message.slice(0, 160)}` };
    }
  } else plan = deterministic();
  timings.plan = since(t);

  const focusId =
    input.mode === 'rm' ? (plan.focus.clientIds[0] ?? input.customerId ?? input.state.focusClientId) : undefined;
  const focus = input.mode === 'customer' ? signedIn : await loadCustomer(focusId).catch(() => undefined);
  const customer = focus && canSee(focus) ? focus : undefined;

  const ctx: ToolContext = {
    mode: input.mode,
    customer,
    products: deps.products,
    recommender: deps.recommender,
    retrieval: deps.retrieval,
    insights: deps.insights,
    intent: deps.intent,
    book: input.mode === 'rm' ? book : undefined,
    bookScores: input.mode === 'rm' ? bookScoresFor(deps) : undefined,
    parser: deps.parser,
    canSee,
    ...(principal.role === 'rm' ? { rmId: principal.rmId } : {}),
    log: deps.log,
    signal,
  };
  t = performance.now();
  const results = await runTools(ctx, plan.calls);
  timings.tools = since(t);

  const composed = compose({
    mode: input.mode,
    message: input.message,
    plan,
    results,
    products: deps.products,
    customer,
    state: input.state,
  });
  const grounding = groundingOf(input.mode, plan, results, composed, customer, deps.products, classified);
  timings.total = since(t0);
  return { plan, results, grounding, composed, customer, timings };
}

/** Every object inside the successful tool outputs, depth first: where products and clients are read from. */
function eachObject(results: readonly ToolResult[], fn: (o: Record<string, unknown>) => void): void {
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) for (const x of v) walk(x);
    else if (v && typeof v === 'object') {
      fn(v as Record<string, unknown>);
      for (const x of Object.values(v)) walk(x);
    }
  };
  for (const r of results) if (r.ok) walk(r.output);
}

/** The products every result names (for the disclaimer, the guardrails and the audit's grounding ids). */
function productsOf(results: readonly ToolResult[], composed: Composed, products: readonly Product[]): Product[] {
  const ids = new Set<string>([
    ...(composed.listedProducts ?? []),
    ...composed.recommendations.map((r) => r.productId),
  ]);
  eachObject(results, (o) => {
    if (typeof o.productId === 'string') ids.add(o.productId);
    if (typeof o.id === 'string') ids.add(o.id);
    if (Array.isArray(o.productIds)) for (const id of o.productIds) if (typeof id === 'string') ids.add(id);
  });
  return products.filter((p) => ids.has(p.id));
}

function groundingOf(
  mode: 'customer' | 'rm',
  plan: Plan,
  results: ToolResult[],
  composed: Composed,
  customer: Customer | undefined,
  products: readonly Product[],
  classified: Awaited<ReturnType<IntentService['classifyIntent']>> | undefined,
): Grounding {
  const clients = new Map<string, { customerId: string; reason: string; score: number }>();
  if (mode === 'rm')
    eachObject(results, (o) => {
      if (typeof o.customerId === 'string')
        clients.set(o.customerId, {
          customerId: o.customerId,
          reason: String(o.reason ?? o.summary ?? ''),
          score: typeof o.score === 'number' ? o.score : 0,
        });
      else if (typeof o.id === 'string' && /^[A-Z]\d{4,}$/.test(o.id))
        clients.set(o.id, { customerId: o.id, reason: '', score: 0 });
    });
  // A question back about which client: the candidates it names are grounded.
  if (mode === 'rm' && plan.clarify?.about === 'client')
    for (const c of plan.clarify.candidates) clients.set(c.id, { customerId: c.id, reason: c.label, score: 0 });
  const handoff = plan.kind === 'handoff' && mode === 'customer';
  const intent = handoff
    ? {
        label: classified?.escalate ? classified.label : `handoff_${plan.handoff?.reason ?? 'request'}`,
        confidence: classified?.escalate ? classified.confidence : 1,
        escalate: true,
        route: 'escalate',
        escalationReason: plan.handoff?.reason === 'request' ? 'complaint' : plan.handoff?.reason,
      }
    : classified && {
        label: classified.label,
        confidence: classified.confidence,
        escalate: false,
        route: classified.route,
      };
  const mentioned = productsOf(results, composed, products);
  // What the recommend tool found suitable is what an answer may recommend (guardrails, grammar enum).
  const rec = results.find((r) => r.tool === 'recommend' && r.ok);
  const recommended = rec?.ok ? (rec.output as RecommendOut) : undefined;
  return {
    mode,
    customer,
    ...(recommended && customer
      ? {
          recommendations: {
            customerId: customer.id,
            modelVersion: recommended.modelVersion ?? 'unknown',
            items: [...recommended.items, ...recommended.alternatives].map((i) => ({
              productId: i.product.id,
              rank: i.rank,
              score: i.score,
              similarity: i.score,
            })),
            excluded: recommended.unavailable.map((u) => ({
              productId: u.productId,
              rule: u.rule as Exclusion['rule'],
              detail: u.why,
            })),
          },
        }
      : {}),
    products: mentioned,
    passages: composed.citations.map((c) => ({
      id: c.id,
      collection: c.collection,
      text: `${c.title}\n${c.text}`,
      score: c.relevance,
    })),
    ...(clients.size ? { rmResults: [...clients.values()] } : {}),
    ...(intent ? { intent } : {}),
    facts: toolFacts(results, { products, mode }),
    plan: { intent: plan.intent, kind: plan.kind },
    composed: { text: composed.text, recommendations: composed.recommendations },
  };
}

/** The conversation state after this turn: what follow-ups will refer to. */
export function nextState(prev: ConversationState, turn: PreparedTurn): ConversationState {
  const { plan, composed } = turn;
  const next: ConversationState = { ...prev, pending: undefined };
  if (plan.kind === 'clarify' && plan.clarify) {
    next.pending = {
      intent: plan.clarify.intent,
      kind: plan.clarify.about === 'client' ? 'client' : 'product',
      candidates: plan.clarify.candidates.map((c) => c.id),
    };
    return next;
  }
  if (plan.kind === 'chitchat' || plan.kind === 'out_of_scope') return next;
  next.lastIntent = plan.intent;
  if (composed.listedProducts?.length) next.listedProducts = composed.listedProducts;
  if (composed.listedClients?.length) next.listedClients = composed.listedClients;
  // After a recommendation, "it" and "that one" mean its lead product, the one the answer put first.
  const lead =
    composed.listedProducts?.length === 1 || plan.intent === 'recommend' ? composed.listedProducts?.[0] : undefined;
  const focusProduct = plan.focus.productIds[0] ?? lead;
  if (focusProduct) next.focusProductId = focusProduct;
  const about = plan.focus.productIds.length ? plan.focus.productIds : focusProduct ? [focusProduct] : [];
  next.recentProducts = [...new Set([...about, ...(prev.recentProducts ?? [])])].slice(0, 5);
  if (turn.customer && turn.grounding.mode === 'rm') next.focusClientId = turn.customer.id;
  if (plan.focus.clientIds[0]) next.focusClientId = plan.focus.clientIds[0];
  const bookCall = plan.calls.find((c) => ['search_book', 'aggregate_book', 'rank_book'].includes(c.tool));
  if (bookCall) {
    const q = (bookCall.input.filter ?? bookCall.input.query) as string | undefined;
    if (q) next.lastClientQuery = q.slice(0, 500);
  }
  const cats = turn.grounding.products.map((p) => p.category);
  if (cats.length) next.topic = cats[0];
  return next;
}
