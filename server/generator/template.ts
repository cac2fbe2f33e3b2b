import type { Product } from '../../ingest/schema/index.ts';
import { fmtNumber, REFUSALS } from '../../prompts/index.ts';
import type { Answer, GenerateEvent, GenerateRequest, Generator, Grounding } from './types.ts';

/**
 * The `template` backend: no LLM. Builds a deterministic explained recommendation from the same
 * grounding the models see — profile facts, recommender scores with their SHAP reasons, the
 * suitability exclusions and the reranked passages. Every response carrying it is marked
 * `template: true` by the chat layer.
 */
export class TemplateGenerator implements Generator {
  readonly kind = 'template' as const;
  readonly model = 'template';

  async *stream(request: GenerateRequest, signal: AbortSignal): AsyncIterable<GenerateEvent> {
    const answer = templateAnswer(request.grounding, request.message);
    let completionTokens = 0;
    for (const piece of answer.answer.match(/\S+\s*/g) ?? []) {
      signal.throwIfAborted();
      completionTokens++;
      yield { type: 'text-delta', delta: piece };
    }
    yield { type: 'final', answer, usage: { promptTokens: 0, completionTokens } };
  }
}

const words = (s: string) => s.replace(/_/g, ' ');

function passageRefs(g: Grounding, productId: string): string {
  const refs = g.passages.map((p, i) => (p.productId === productId ? `[P${i + 1}]` : null)).filter(Boolean);
  return refs.length ? ` (see ${refs.join(', ')})` : '';
}

function productRisks(p: Product | undefined): string {
  if (!p) return 'See the product terms.';
  const parts = [`Risk level ${p.riskLevel} of 5.`];
  if (['fund', 'brokerage', 'wealth_management', 'pension'].includes(p.category)) parts.push('Capital at risk: the value can fall as well as rise.');
  if (p.durationMonths > 0) parts.push(`Money is committed for ${p.durationMonths} months.`);
  if (p.aprPct !== undefined) parts.push(`Borrowing costs ${fmtNumber(p.aprPct)}% APR.`);
  if (p.feeNotes) parts.push(`Fees: ${p.feeNotes}.`);
  return parts.join(' ');
}

export function templateAnswer(g: Grounding, message: string): Answer {
  // Escalated customer message: the chat has already said a colleague will follow up (ESCALATION_NOTICE); nothing to sell.
  if (g.mode === 'customer' && g.intent?.escalate) return { answer: '', recommendations: [] };
  const byId = new Map(g.products.map((p) => [p.id, p]));
  const name = (id: string) => byId.get(id)?.name ?? id;
  const items = (g.recommendations?.items ?? []).slice(0, 3);
  const recommendations: Answer['recommendations'] = items.map((item) => {
    const reasons = [...(item.explanation?.contributions ?? [])]
      .filter((c) => c.value > 0)
      .sort((a, b) => b.value - a.value)
      .slice(0, 3)
      .map((c) => `${c.label.toLowerCase()} (${c.featureValue})`);
    const why = `Model score ${item.score.toFixed(3)}${reasons.length ? `, driven mostly by your ${reasons.join(', ')}` : ''}${passageRefs(g, item.productId)}.`;
    return { productId: item.productId, why, risks: productRisks(byId.get(item.productId)) };
  });

  const lines: string[] = [];
  if (g.mode === 'rm' && g.rmResults?.length) {
    // The question is not echoed: it is untrusted text (markup, injections) and the RM has it on screen.
    lines.push('Clients to contact, ranked for your question:');
    g.rmResults.slice(0, 10).forEach((r, i) => lines.push(`${i + 1}. ${r.customerId} (score ${r.score.toFixed(3)}): ${r.reason}`));
  }
  const c = g.customer;
  if (items.length) {
    if (c) {
      const facts = [`credit score ${c.creditScore}`, `annual income ${fmtNumber(c.income, 0)}`, `${c.riskTolerance} risk tolerance`, `${c.investmentHorizon} investment horizon`];
      if (c.goals.length) facts.push(`goals: ${c.goals.map(words).join(', ')}`);
      lines.push(`${g.mode === 'rm' ? `For ${c.id}` : 'Based on your profile'} (${facts.join('; ')}), these products fit best:`);
    } else lines.push('These products fit best:');
    items.forEach((item, i) => lines.push(`${i + 1}. ${name(item.productId)}: ${recommendations[i]!.why}`));
  }
  const excluded = g.recommendations?.excluded ?? [];
  if (excluded.length) {
    lines.push(`Not suitable: ${excluded.slice(0, 3).map((e) => `${name(e.productId)} (${e.detail})`).join('; ')}.`);
  }
  if (lines.length === 0) lines.push(REFUSALS.noGrounding.text);
  return { answer: lines.join('\n'), recommendations };
}
