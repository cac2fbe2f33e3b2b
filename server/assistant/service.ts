import { randomUUID } from 'node:crypto';
import { ForbiddenError, MeridianError, TimeoutError, TooManyRequestsError } from '../../lib/errors/index.ts';
import { isInvestment } from '../../domain/product.ts';
import type { Logger } from '../../lib/log/index.ts';
import {
  ESCALATION_NOTICE,
  groundingIds,
  INVESTMENT_DISCLAIMER,
  promptComponents,
  promptFor,
} from './prompts/index.ts';
import { AUDIT_SCHEMA_VERSION, type AuditLog, type AuditRecord } from '../audit/index.ts';
import { GenerationError } from './generators/errors.ts';
import { TemplateGenerator } from './generators/template.ts';
import { SlotPool } from './generators/slots.ts';
import type { Answer, ChatTurn, GenerateRequest, GenerateTimings, Generator, Grounding } from './generators/types.ts';
import { buildContext, needsDisclaimer, repairRecommendations, SentenceGate } from './guardrails/index.ts';
import type { Principal } from '../http/auth.ts';
import type { ConversationStore } from './conversation-store.ts';
import type { ChatMeta, CitationsData, RecommendationsData } from '../../domain/api/chat-stream.ts';
import type { ToolResult } from './tools/types.ts';
import { nextState, prepareTurn, type TurnDeps } from './turn.ts';
import { readState } from './dialogue/state.ts';

export interface ChatRequest {
  mode: 'customer' | 'rm';
  principal: Principal;
  conversationId?: string;
  /** Customer mode: always the token's customer id (the route enforces it). RM mode: optional focus client. */
  customerId?: string;
  message: string;
  requestId?: string;
}

export type { ChatMeta, RecommendationsData } from '../../domain/api/chat-stream.ts';

export type ChatEvent =
  | { type: 'queued'; position: number }
  | { type: 'tool'; result: ToolResult }
  | { type: 'citations'; data: CitationsData }
  | { type: 'text'; delta: string }
  | { type: 'recommendations'; data: RecommendationsData }
  | { type: 'meta'; data: ChatMeta };

export interface ChatServiceDeps extends TurnDeps {
  generator: Generator;
  conversations: ConversationStore;
  audit: AuditLog;
  log: Logger;
  /** Regenerations after a guardrail failure or invalid output, before the template fallback. */
  maxRetries?: number;
  customerIdPattern?: RegExp;
  /** Turns worked on at once and turns that may wait for one (beyond: 429). Default: unbounded. */
  turns?: { concurrent: number; queue: number };
}

/** Acquires a slot, yielding the queue position each time it changes while waiting. */
async function* waitForSlot<T>(slots: SlotPool<T>, signal: AbortSignal): AsyncGenerator<ChatEvent, T> {
  let position: number | undefined;
  let wake: (() => void) | undefined;
  let settled = false;
  const acquired = slots.acquire(signal, (p) => {
    position = p;
    wake?.();
  });
  acquired.then(
    () => {
      settled = true;
      wake?.();
    },
    () => {
      settled = true;
      wake?.();
    },
  );
  while (!settled) {
    if (position !== undefined) {
      const p = position;
      position = undefined;
      yield { type: 'queued', position: p };
      continue;
    }
    await new Promise<void>((resolve) => (wake = resolve));
    wake = undefined;
  }
  return acquired;
}

const RETRY_REMINDER =
  '\n\n(Answer again. Use only numbers that appear in the data block, never promise returns, recommend only the listed suitable products, and mention no other customer.)';

/**
 * One chat turn: grounding → generation (streamed through the sentence gate) → guardrail repair
 * or bounded regeneration → template fallback → disclaimer → audit line → conversation memory.
 */
export class ChatService {
  private readonly template = new TemplateGenerator();
  private readonly turnSlots?: SlotPool<number>;
  constructor(private readonly deps: ChatServiceDeps) {
    if (deps.turns)
      this.turnSlots = new SlotPool(
        Array.from({ length: deps.turns.concurrent }, (_, i) => i),
        deps.turns.queue,
      );
  }

  /** Turns waiting for a slot now. */
  get queuedTurns(): number {
    return this.turnSlots?.queued ?? 0;
  }

  get generator(): Generator {
    return this.deps.generator;
  }

  /** One turn, after waiting for a turn slot (the wait reports its place in the queue). */
  async *chat(req: ChatRequest, signal: AbortSignal): AsyncGenerator<ChatEvent> {
    const slots = this.turnSlots;
    if (!slots) return yield* this.turn(req, signal);
    const slot = yield* waitForSlot(slots, signal);
    try {
      yield* this.turn(req, signal);
    } finally {
      slots.release(slot);
    }
  }

  private async *turn(req: ChatRequest, signal: AbortSignal): AsyncGenerator<ChatEvent> {
    const t0 = performance.now();
    const { deps } = this;
    const conversationId = req.conversationId ?? randomUUID();
    const existing = req.conversationId ? await deps.conversations.get(req.conversationId) : undefined;
    if (
      existing &&
      (existing.ownerId !== req.principal.id || existing.mode !== req.mode || existing.customerId !== req.customerId)
    ) {
      throw new ForbiddenError('conversationId belongs to another session');
    }
    const history: ChatTurn[] = existing?.turns ?? [];
    const state = readState(existing?.state);
    const turn = await prepareTurn(
      deps,
      {
        mode: req.mode,
        message: req.message,
        state,
        history,
        principal: req.principal,
        customerId: req.customerId,
      },
      signal,
    );
    const { grounding, timings: gt } = turn;
    for (const result of turn.results) yield { type: 'tool', result: viewFor(req.mode, result) };
    const ctx = buildContext(grounding, req.message, history, { customerIdPattern: deps.customerIdPattern });
    const prompt = promptFor(req.mode);
    const base: GenerateRequest = {
      grounding,
      history,
      message: req.message,
      promptId: prompt.id,
      promptVersion: prompt.version,
    };

    const guardrails: AuditRecord['guardrails'] = [];
    const maxRetries = deps.maxRetries ?? 1;
    // The generator, then up to maxRetries regenerations, then the template fallback.
    const plan: Generator[] =
      deps.generator.kind === 'template'
        ? [deps.generator]
        : [...Array(maxRetries + 1).fill(deps.generator), this.template];
    let used: Generator = deps.generator;
    let fallback: string | undefined;
    let lastProblem = '';
    let emitted = '';
    let firstTextAt: number | undefined;
    let result:
      | { answer: Answer; usage?: { promptTokens: number; completionTokens: number }; timings?: GenerateTimings }
      | undefined;
    let attempts = 0;

    const note = (rule: string, where: string, detail: string, attempt: number) => {
      guardrails.push({ rule, where, detail, attempt });
      deps.log.warn(
        { requestId: req.requestId, conversationId, rule, where, detail, attempt, generator: used.kind },
        'guardrail',
      );
    };
    const emit = (text: string): ChatEvent => {
      firstTextAt ??= performance.now();
      emitted += text;
      return { type: 'text', delta: text };
    };

    // Fraud-like, dispute and complaint messages from a customer: say a person will follow up before
    // anything the generator writes (fixed text, so no model can drop it); the audit line records the
    // intent and the RM console lists it (GET /api/rm/escalations).
    const escalated = req.mode === 'customer' && turn.plan.kind === 'handoff';
    if (escalated) yield emit(`${ESCALATION_NOTICE.text}\n\n`);
    const noticeChars = emitted.length;

    for (let attempt = 0; attempt < plan.length && !result; attempt++) {
      used = plan[attempt]!;
      const last = attempt === plan.length - 1;
      if (used === this.template && deps.generator !== this.template) fallback = lastProblem || 'fallback';
      attempts++;
      const gate = new SentenceGate(ctx);
      const request =
        attempt === 0 || used === this.template ? base : { ...base, message: base.message + RETRY_REMINDER };
      try {
        let final:
          | { answer: Answer; usage: { promptTokens: number; completionTokens: number }; timings?: GenerateTimings }
          | undefined;
        for await (const ev of used.stream(request, signal)) {
          if (ev.type === 'queued') yield { type: 'queued', position: ev.position };
          else if (ev.type === 'text-delta') {
            const out = gate.push(ev.delta);
            if (out) yield emit(out);
          } else final = ev;
        }
        const tail = gate.flush();
        if (tail) yield emit(tail);
        for (const v of gate.violations) note(v.rule, v.where, v.detail, attempt);
        if (!final) throw new GenerationError('generator ended without a final answer');
        const repaired = repairRecommendations(final.answer, ctx);
        for (const v of repaired.violations) note(v.rule, v.where, v.detail, attempt);
        if (gate.keptSentences === 0 && gate.removedSentences > 0 && !last) {
          // Every sentence broke a rule and nothing was shown: regenerate.
          lastProblem = 'guardrails removed every sentence';
          note('regenerate', 'answer', lastProblem, attempt);
          continue;
        }
        result = {
          answer: { answer: gate.emitted, recommendations: repaired.recommendations },
          usage: final.usage,
          timings: final.timings,
        };
      } catch (err) {
        if (signal.aborted || err instanceof TooManyRequestsError) throw err;
        if (!(err instanceof GenerationError || err instanceof TimeoutError) || last) throw err;
        lastProblem =
          err instanceof TimeoutError ? 'timeout' : `invalid output: ${(err as Error).message.slice(0, 160)}`;
        note('invalid_output', 'generation', lastProblem, attempt);
        // A timeout, or a failure after text was already shown: go straight to the template.
        const generatedShown = emitted.length > noticeChars;
        if (err instanceof TimeoutError || generatedShown) {
          if (generatedShown) yield emit('\n\n');
          attempt = plan.length - 2;
        }
      }
    }
    if (!result) throw new MeridianError('no answer could be produced');

    if (escalated) emitted = emitted.trimEnd();
    let answerText = emitted;
    const disclaimer = needsDisclaimer(result.answer, grounding);
    if (disclaimer) {
      const d = `\n\n${INVESTMENT_DISCLAIMER.text}`;
      yield emit(d);
      answerText = emitted;
    }
    const auditId = randomUUID();
    if (turn.composed.citations.length)
      yield {
        type: 'citations',
        data: {
          items: turn.composed.citations.map((c) => ({
            id: c.id,
            title: c.title,
            snippet: c.text.slice(0, 280),
            source: c.collection,
          })),
        },
      };
    yield {
      type: 'recommendations',
      data: recommendationsData(result.answer, grounding, disclaimer, req.mode, turn.results),
    };

    const end = performance.now();
    const timings = {
      retrieval: gt.total,
      customer: gt.customer,
      intent: gt.intent,
      plan: gt.plan,
      tools: gt.tools,
      queue: result.timings?.queueMs,
      promptEval: result.timings?.promptEvalMs,
      firstToken: result.timings?.firstTokenMs,
      ttft: firstTextAt !== undefined ? firstTextAt - t0 : undefined,
      total: end - t0,
    };
    // Milliseconds to 0.01: enough for any latency question, and no long digit runs in the log.
    for (const [k, v] of Object.entries(timings))
      if (typeof v === 'number') (timings as Record<string, number | undefined>)[k] = Math.round(v * 100) / 100;
    const record: AuditRecord = {
      schemaVersion: AUDIT_SCHEMA_VERSION,
      auditId,
      at: new Date().toISOString(),
      requestId: req.requestId,
      mode: req.mode,
      principal: { role: req.principal.role, id: req.principal.id },
      customerId: req.customerId,
      conversationId,
      generator: used.kind,
      model: used.model,
      template: used.kind === 'template',
      promptId: prompt.id,
      promptVersion: prompt.version,
      promptComponents: promptComponents(req.mode),
      groundingIds: groundingIds(grounding),
      recommenderModel: deps.recommender?.modelVersion,
      plan: {
        intent: turn.plan.intent,
        kind: turn.plan.kind,
        source: turn.plan.source,
        tools: turn.plan.calls.map((c) => c.tool),
        ...(turn.plan.fallback ? { fallback: turn.plan.fallback } : {}),
      },
      message: req.message,
      answer: answerText,
      recommendations: result.answer.recommendations.map((r) => r.productId),
      disclaimer,
      guardrails,
      attempts,
      fallback,
      intent: grounding.intent,
      usage: result.usage,
      timings,
    };
    await deps.audit.append(record);
    await deps.conversations.append(
      { id: conversationId, ownerId: req.principal.id, mode: req.mode, customerId: req.customerId },
      [
        { role: 'user', content: req.message },
        { role: 'assistant', content: answerText },
      ],
      nextState(state, turn),
    );
    yield {
      type: 'meta',
      data: {
        generator: used.kind,
        model: used.model,
        promptId: prompt.id,
        promptVersion: prompt.version,
        auditId,
        template: used.kind === 'template',
        groundingIds: record.groundingIds,
        conversationId,
        disclaimer,
        guardrailEvents: guardrails.length,
        attempts,
        fallback,
        usage: result.usage,
        timings,
        ...(grounding.intent ? { intent: grounding.intent } : {}),
        plan: record.plan!,
        escalated,
      },
    };
  }
}

/** Customer mode: tool outputs without model internals (scores, percentiles, SHAP contributions, model versions, rule ids). */
const INTERNAL_KEYS = new Set(['score', 'percentile', 'contribution', 'modelVersion', 'rule', 'rank']);
function viewFor(mode: 'customer' | 'rm', result: ToolResult): ToolResult {
  if (mode === 'rm' || !result.ok) return result;
  const strip = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(strip)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .filter(([k]) => !INTERNAL_KEYS.has(k))
              .map(([k, x]) => [k, strip(x)]),
          )
        : v;
  return { ...result, output: strip(result.output) };
}

function recommendationsData(
  answer: Answer,
  g: Grounding,
  disclaimer: boolean,
  mode: 'customer' | 'rm',
  results: readonly ToolResult[],
): RecommendationsData {
  const byId = new Map(g.products.map((p) => [p.id, p]));
  const rec = results.find((r) => r.tool === 'recommend' && r.ok);
  const unavailable = rec?.ok
    ? (rec.output as { unavailable: { productId: string; name: string; rule: string; why: string }[] }).unavailable.map(
        (u) => ({ productId: u.productId, productName: u.name, rule: u.rule, detail: u.why }),
      )
    : [];
  return {
    items: answer.recommendations.map((r) => {
      const p = byId.get(r.productId);
      const investment = p && isInvestment(p);
      return {
        productId: r.productId,
        productName: p?.name ?? r.productId,
        category: p?.category,
        why: r.why,
        risks: r.risks,
        ...(disclaimer && investment ? { disclaimer: INVESTMENT_DISCLAIMER.text } : {}),
      };
    }),
    excluded: unavailable,
    ...(g.recommendations ? { customerId: g.recommendations.customerId } : {}),
    ...(mode === 'rm' && g.rmResults ? { clients: g.rmResults } : {}),
  };
}
