import { z } from 'zod';
import type { FaqPassage } from './types.ts';
import { defineAssertion, verdict } from './types.ts';

const STOP = new Set(
  'a an and are as at be by can for from has have i if in is it its my of on or our please the this to we will with you your'.split(
    ' ',
  ),
);
const words = (s: string) =>
  s
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 2 && !STOP.has(w));

/** Share of the passage answer's content words (its first 40) that the text repeats. */
function answerOverlap(text: string, faq: Pick<FaqPassage, 'answer'>): number {
  const want = [...new Set(words(faq.answer))].slice(0, 40);
  if (want.length === 0) return 0;
  const have = new Set(words(text));
  return want.filter((w) => have.has(w)).length / want.length;
}

const Value = z
  .object({
    /** Text every matching FAQ question contains (case-insensitive): which passages answer it. */
    question: z.string().min(3),
    /** Restrict to one FAQ class (cards, accounts, security, …). */
    class: z.string().optional(),
    /** Share of the passage's answer the reply must carry (extractive answers carry most of it). */
    overlap: z.number().min(0).max(1).default(0.5),
  })
  .strict();

/**
 * How-to answered from the bank FAQs: the FAQ passages in the stack whose question matches are
 * the expected answers; the reply must cite one of them (its id in the grounding, a passage part
 * or a tool output) or carry most of its answer.
 */
export default defineAssertion({
  type: 'answers-faq',
  description: 'The answer comes from a matching bank-FAQ passage (cited, or most of its answer repeated).',
  appliesTo: ['chat'],
  value: Value,
  evaluate(v, ctx) {
    const q = v.question.toLowerCase();
    const matching = ctx.knowledge.faqs.filter(
      (f) => f.question.toLowerCase().includes(q) && (!v.class || f.class === v.class),
    );
    if (matching.length === 0) return verdict(false, `no FAQ passage in the stack has a question with "${v.question}"`);
    const cited = new Set<string>([
      ...(ctx.meta?.groundingIds ?? []),
      ...(JSON.stringify([
        ctx.meta?.passages ?? null,
        ctx.turns.at(-1)?.data ?? [],
        ctx.turns.at(-1)?.tools ?? [],
      ]).match(/[a-z-]+-[0-9a-f]{16}/g) ?? []),
    ]);
    const byId = matching.find((f) => [...cited].some((id) => id === f.id || id.endsWith(f.id)));
    const best = matching
      .map((f) => ({ f, overlap: answerOverlap(ctx.text, f) }))
      .sort((a, b) => b.overlap - a.overlap)[0]!;
    if (byId && answerOverlap(ctx.text, byId) >= v.overlap / 2)
      return verdict(true, `cites and answers from "${byId.question.slice(0, 60)}"`);
    if (best.overlap >= v.overlap)
      return verdict(true, `answers from "${best.f.question.slice(0, 60)}" (${Math.round(best.overlap * 100)}% of it)`);
    return verdict(
      false,
      `${matching.length} FAQ(s) match; best "${best.f.question.slice(0, 60)}" only ${Math.round(best.overlap * 100)}% repeated${byId ? ' (cited)' : ''}`,
    );
  },
});
