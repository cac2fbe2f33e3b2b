import type { Customer } from '../../domain/index.ts';
import type { Logger } from '../../lib/log/index.ts';
import type { InsightsGrounding, InsightsService } from '../insights/service.ts';
import type { IntentService } from '../../ml/intent/classifier.ts';
import type { EscalationReason, IntentRoute } from '../../ml/intent/routes.ts';

/** What the intent classifier and insights add to the chat grounding (Grounding.intent / Grounding.insights). */
export interface BehaviourGrounding {
  intent?: {
    label: string;
    confidence: number;
    escalate: boolean;
    route: IntentRoute;
    escalationReason?: EscalationReason;
  };
  insights?: InsightsGrounding;
}

/**
 * Intent of the message and the customer's spending insights, for buildGrounding. Both are
 * optional services: a missing service or a failure leaves the field out (logged), never fails
 * the chat turn.
 */
export async function behaviourGrounding(
  deps: { intent?: object; insights?: object; log?: Logger },
  input: { customer?: Customer; message: string },
  signal?: AbortSignal,
): Promise<BehaviourGrounding> {
  const intentService = deps.intent as IntentService | undefined;
  const insightsService = deps.insights as InsightsService | undefined;
  const [intent, insights] = await Promise.all([
    intentService
      ? intentService.classifyIntent(input.message, signal).then(
          (r) => ({
            label: r.label,
            confidence: r.confidence,
            escalate: r.escalate,
            route: r.route,
            ...(r.escalationReason ? { escalationReason: r.escalationReason } : {}),
          }),
          (err: Error) =>
            void deps.log?.warn({ err: err.message }, 'intent classification failed; answering without an intent'),
        )
      : undefined,
    insightsService && input.customer
      ? insightsService
          .forChat(input.customer)
          .catch((err: Error) => void deps.log?.warn({ err: err.message }, 'insights failed; answering without them'))
      : undefined,
  ]);
  return { ...(intent ? { intent } : {}), ...(insights ? { insights } : {}) };
}

/** Grounding-block lines for the intent and insights (every figure as in the insight texts). */
export function renderBehaviourLines(g: BehaviourGrounding, clean: (s: string) => string = (s) => s): string[] {
  const lines: string[] = [];
  if (g.insights) {
    lines.push(
      '',
      `[spending insights ${g.insights.period.from} to ${g.insights.period.to}, from the customer's transactions]`,
    );
    lines.push(`summary: ${clean(g.insights.summary)}`);
    for (const a of g.insights.alerts) lines.push(`alert (${a.kind}): ${clean(a.text)}`);
    for (const i of g.insights.insights) lines.push(`${i.kind}: ${clean(i.text)}`);
  }
  if (g.intent) {
    lines.push('', '[detected intent of the message]');
    lines.push(
      `intent: ${g.intent.label} | route: ${g.intent.route}${g.intent.escalate ? ` | ESCALATED to a person (${g.intent.escalationReason ?? 'review'}): say a colleague will follow up` : ''}`,
    );
  }
  return lines;
}
