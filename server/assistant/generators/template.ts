import type { Product } from '../../../domain/index.ts';
import { fmtNumber, GUARANTEE_ANSWER, REFUSALS } from '../prompts/index.ts';
import { detectTopic, TOPIC_WORDS } from './template-topic.ts';
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
  if (['fund', 'brokerage', 'wealth_management', 'pension'].includes(p.category))
    parts.push('Capital at risk: the value can fall as well as rise.');
  if (p.durationMonths > 0) parts.push(`Money is committed for ${p.durationMonths} months.`);
  if (p.aprPct !== undefined) parts.push(`Borrowing costs ${fmtNumber(p.aprPct)}% APR.`);
  if (p.feeNotes) parts.push(`Fees: ${p.feeNotes}.`);
  return parts.join(' ');
}

type Item = NonNullable<Grounding['recommendations']>['items'][number];
type Exclusion = NonNullable<Grounding['recommendations']>['excluded'][number];

/** Savings categories where a risk level 1 product keeps the customer's money out of the markets. */
const CAPITAL_SAFE_CATEGORIES: ReadonlySet<string> = new Set(['savings', 'term_deposit']);
const MAX_LISTED = 3;

export function templateAnswer(g: Grounding, message: string): Answer {
  // Escalated customer message: the chat has already said a colleague will follow up (ESCALATION_NOTICE); nothing to sell.
  if (g.mode === 'customer' && g.intent?.escalate) return { answer: '', recommendations: [] };
  const byId = new Map(g.products.map((p) => [p.id, p]));
  const name = (id: string) => byId.get(id)?.name ?? id;
  const category = (id: string) => byId.get(id)?.category ?? '';
  const all = g.recommendations?.items ?? [];
  const excluded = g.recommendations?.excluded ?? [];
  const explain = (item: Item) => {
    const reasons = [...(item.explanation?.contributions ?? [])]
      .filter((c) => c.value > 0)
      .sort((a, b) => b.value - a.value)
      .slice(0, 3)
      .map((c) => `${c.label.toLowerCase()} (${c.featureValue})`);
    const why = `Model score ${item.score.toFixed(3)}${reasons.length ? `, driven mostly by your ${reasons.join(', ')}` : ''}${passageRefs(g, item.productId)}.`;
    return { productId: item.productId, why, risks: productRisks(byId.get(item.productId)) };
  };

  const lines: string[] = [];
  if (g.mode === 'rm' && g.rmResults?.length) {
    // The question is not echoed: it is untrusted text (markup, injections) and the RM has it on screen.
    lines.push('Clients to contact, ranked for your question:');
    g.rmResults
      .slice(0, 10)
      .forEach((r, i) => lines.push(`${i + 1}. ${r.customerId} (score ${r.score.toFixed(3)}): ${r.reason}`));
  }
  const c = g.customer;
  const opening = () => {
    if (!c) return 'These';
    const facts = [
      `credit score ${c.creditScore}`,
      `annual income ${fmtNumber(c.income, 0)}`,
      `${c.riskTolerance} risk tolerance`,
      `${c.investmentHorizon} investment horizon`,
    ];
    if (c.goals.length) facts.push(`goals: ${c.goals.map(words).join(', ')}`);
    return `${g.mode === 'rm' ? `For ${c.id}` : 'Based on your profile'} (${facts.join('; ')}), these`;
  };
  const cite = (list: readonly Exclusion[]) => list.map((e) => `${name(e.productId)} (${e.detail})`).join('; ');

  // Customer mode answers the question asked: the topic's suitable products, or why there are none.
  // RM mode keeps the recommender's overall ranking (the RM asks about clients, not for themselves).
  const topic = g.mode === 'customer' ? detectTopic(message, g.products, g.intent?.label) : undefined;
  const inTopic = (id: string) => !!topic && (topic.categories as readonly string[]).includes(category(id) ?? '');
  const named = new Set(topic?.named.map((p) => p.id) ?? []);
  const cited = new Set<string>();
  let listed: Item[] = [];
  if (topic?.topics.length && all.length) {
    const topicWords = joinWords(topic.topics.map((t) => TOPIC_WORDS[t]));
    const namedExcluded = excluded.filter((e) => named.has(e.productId));
    if (namedExcluded.length) {
      lines.push(`Not suitable for you: ${cite(namedExcluded)}.`);
      namedExcluded.forEach((e) => cited.add(e.productId));
    }
    listed = [
      ...all.filter((i) => named.has(i.productId)),
      ...all.filter((i) => !named.has(i.productId) && inTopic(i.productId)),
    ].slice(0, MAX_LISTED);
    if (listed.length) {
      lines.push(`${opening()} suitable ${topicWords} products fit best:`);
    } else {
      const topicExcluded = excluded.filter((e) => inTopic(e.productId) && !cited.has(e.productId));
      lines.push(
        topicExcluded.length
          ? `None of our ${topicWords} products is suitable for you right now: ${cite(topicExcluded.slice(0, 4))}.`
          : `None of our ${topicWords} products is among the suitable products the recommender found for you.`,
      );
      topicExcluded.slice(0, 4).forEach((e) => cited.add(e.productId));
      listed = all.slice(0, MAX_LISTED);
      lines.push(`${opening()} other products fit best:`);
    }
  } else if (all.length) {
    listed = all.slice(0, MAX_LISTED);
    lines.push(`${opening()} products fit best:`);
  }
  listed.forEach((item, i) => lines.push(`${i + 1}. ${name(item.productId)}: ${explain(item).why}`));

  if (topic?.guarantee) {
    lines.push(GUARANTEE_ANSWER.text);
    const safe = all.filter(
      (i) =>
        byId.get(i.productId)?.riskLevel === 1 &&
        CAPITAL_SAFE_CATEGORIES.has(category(i.productId)) &&
        !listed.includes(i),
    );
    const alreadySafe = listed.filter(
      (i) => byId.get(i.productId)?.riskLevel === 1 && CAPITAL_SAFE_CATEGORIES.has(category(i.productId)),
    );
    if (safe.length) {
      const extra = safe.slice(0, Math.min(2, AnswerLimits.maxRecommendations - listed.length));
      lines.push(
        `If you want your money kept out of the markets, these suitable savings products are at risk level 1 of 5:`,
      );
      extra.forEach((item, i) => lines.push(`${listed.length + i + 1}. ${name(item.productId)}: ${explain(item).why}`));
      listed = [...listed, ...extra];
    } else if (alreadySafe.length) {
      lines.push(
        `${joinWords(alreadySafe.map((i) => name(i.productId)))} ${alreadySafe.length === 1 ? 'is' : 'are'} at risk level 1 of 5: your money is not invested in the markets.`,
      );
    } else if (all.length) {
      lines.push('None of the products suitable for you keeps your money out of the markets at risk level 1 of 5.');
    }
  }

  const notCited = excluded.filter((e) => !cited.has(e.productId));
  const shown = topic?.topics.length
    ? [...notCited.filter((e) => inTopic(e.productId)), ...notCited.filter((e) => !inTopic(e.productId))]
    : notCited;
  if (shown.length) lines.push(`Not suitable: ${cite(shown.slice(0, 3))}.`);
  if (lines.length === 0) lines.push(REFUSALS.noGrounding.text);
  return { answer: lines.join('\n'), recommendations: listed.map(explain) };
}

const AnswerLimits = { maxRecommendations: 5 } as const;

function joinWords(xs: readonly string[]): string {
  return xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`;
}
