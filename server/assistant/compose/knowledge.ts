import type { z } from 'zod';
import type { knowledgeAnswerTool } from '../tools/knowledge-answer.ts';
import { type Composer, composed, outputOf } from './types.ts';

type Out = z.infer<(typeof knowledgeAnswerTool)['output']>;

const NO_ANSWER =
  "I don't have a reliable answer to that in our help pages, and I'd rather not guess. A colleague can help: ask me to connect you with a person, or try rephrasing the question.";

/** A how-to or policy answer, extractive: the help page's own answer, with the passages shown as cards. */
export const composeKnowledge: Composer = (input) => {
  const out = outputOf<Out>(input, 'knowledge_answer');
  if (!out?.found || !out.answer) return composed(NO_ANSWER, { citations: [] });
  const best = out.passages.find((p) => p.text === out.answer);
  // The page's answer as written; a long one is cut at a sentence end (the card links the whole page).
  const sentences = out.answer
    .replace(/\s*View more\s*$/i, '')
    .trim()
    .split(/(?<=[.!?])\s+/);
  const text = sentences.length > 5 ? `${sentences.slice(0, 5).join(' ')} …` : sentences.join(' ');
  // The page's title is shown on its card (data), not echoed into the answer: retrieved text is untrusted.
  return composed(text, {
    citations: best ? [best, ...out.passages.filter((p) => p !== best)] : out.passages,
  });
};
