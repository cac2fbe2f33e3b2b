import { INVESTMENT_DISCLAIMER } from '../prompts/index.ts';
import { isInvestment } from '../../../domain/index.ts';
import type { Answer, Grounding } from '../generators/types.ts';
import { checkRecommendations, checkText, type GuardrailContext, type Violation } from './rules.ts';

export * from './rules.ts';

/** Split into sentences, keeping trailing whitespace with each (so joining restores the text). */
export function splitSentences(text: string): string[] {
  return text.match(/[^.!?\n]*(?:[.!?]+(?=\s|$)|\n|$)\s*|[^\s]+\s*/g)?.filter((s) => s.length > 0) ?? [];
}

/**
 * Gates the streamed answer sentence by sentence: a sentence is released to the client only
 * once complete and checked; a sentence that breaks a text rule is dropped (and reported).
 * What the client saw is exactly `emitted`.
 */
export class SentenceGate {
  private buffer = '';
  emitted = '';
  readonly violations: Violation[] = [];
  removedSentences = 0;
  keptSentences = 0;

  constructor(private readonly ctx: GuardrailContext) {}

  push(delta: string): string {
    this.buffer += delta;
    let out = '';
    // A boundary: sentence punctuation followed by whitespace, or a newline.
    let m: RegExpExecArray | null;
    const boundary = /[.!?]+\s+|\n+/g;
    let last = 0;
    while ((m = boundary.exec(this.buffer))) {
      const end = m.index + m[0].length;
      out += this.release(this.buffer.slice(last, end));
      last = end;
    }
    this.buffer = this.buffer.slice(last);
    return out;
  }

  flush(): string {
    const out = this.buffer ? this.release(this.buffer) : '';
    this.buffer = '';
    return out;
  }

  private release(sentence: string): string {
    if (!sentence.trim()) {
      this.emitted += sentence;
      return sentence;
    }
    const v = checkText(sentence, 'answer', this.ctx);
    if (v.length) {
      this.violations.push(...v);
      this.removedSentences++;
      return '';
    }
    this.keptSentences++;
    this.emitted += sentence;
    return sentence;
  }
}

/** Remove what breaks the rules from a complete answer: bad recommendations, bad sentences in why/risks. */
export function repairRecommendations(
  answer: Answer,
  ctx: GuardrailContext,
): { recommendations: Answer['recommendations']; violations: Violation[] } {
  const violations = checkRecommendations(answer, ctx);
  const bad = new Set(violations.map((v) => v.where));
  const kept: Answer['recommendations'] = [];
  answer.recommendations.forEach((r, i) => {
    if (bad.has(`recommendations[${i}]`)) return;
    const clean = (field: 'why' | 'risks') =>
      splitSentences(r[field])
        .filter((s) => {
          const v = checkText(s, `recommendations[${i}].${field}`, ctx);
          violations.push(...v);
          return v.length === 0;
        })
        .join('')
        .trim();
    kept.push({ productId: r.productId, why: clean('why'), risks: clean('risks') });
  });
  return { recommendations: kept, violations };
}

/** Investment products always carry the disclaimer: recommended, or named in the answer. */
export function needsDisclaimer(answer: Answer, grounding: Grounding): boolean {
  const investments = grounding.products.filter(isInvestment);
  const ids = new Set(investments.map((p) => p.id));
  if (answer.recommendations.some((r) => ids.has(r.productId))) return true;
  const text = answer.answer.toLowerCase();
  return investments.some((p) => text.includes(p.name.toLowerCase()) || text.includes(p.id));
}

const DISCLAIMER = INVESTMENT_DISCLAIMER;
