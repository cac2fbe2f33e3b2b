import { z } from 'zod';
import { terms } from '../../retrieval/text.ts';
import { defineTool } from './types.ts';

/**
 * How close the best FAQ passage must be before its answer is given: the share of the question's
 * content terms (stemmed) that the passage's own question covers, blended with coverage by the
 * whole passage. Below it the assistant says it has no answer and offers a person, rather than
 * answer from a weak passage. Chosen on the FAQ split (docs/ASSISTANT.md reports its precision
 * and recall); lexical so that it means the same whichever reranker is loaded.
 */
export const KNOWLEDGE_THRESHOLD = 0.5;

const PassageCardSchema = z.object({
  id: z.string(),
  /** The FAQ's question (the card title). */
  title: z.string(),
  /** The FAQ's answer (the card snippet and the extractive answer). */
  text: z.string(),
  relevance: z.number(),
  collection: z.enum(['products', 'knowledge']),
});
export type PassageCard = z.infer<typeof PassageCardSchema>;

/**
 * Everyday words for the bank's own terms, added to the question before retrieval and matching:
 * customers say "online banking" and "password", the help pages say "NetBanking" and "IPIN".
 */
const SYNONYMS: [RegExp, string][] = [
  [/\b(?:online|internet|web|net) ?banking\b/i, 'netbanking'],
  [/\bpass(?:word|code)s?\b|\blog ?in details\b/i, 'password ipin'],
  [/\blog ?(?:in|on)\b|\bsign ?(?:in|on)\b|\blogin\b/i, 'login netbanking'],
  [/\bunlock\w*|\bunblock\w*|\blocked out\b|\breactivat\w*/i, 'unblock blocked'],
  [/\bcheque ?books?\b|\bcheck ?books?\b/i, 'cheque book'],
  [/\bdebit card\b|\bbank card\b/i, 'debit card atm'],
  [/\bmobile (?:number|phone)\b|\bphone number\b/i, 'mobile number'],
  [/\bsend money\b|\bpay someone\b|\bmove money\b/i, 'transfer funds'],
  [/\bforgot(?:ten)?\b/i, 'forget forgotten'],
  [/\bnew (?:card|pin)\b|\breplace\w*/i, 'reissue replacement'],
  [
    /\b(?:daily|spending|withdrawal) limits?\b|\bhow much (?:can|could) i (?:spend|withdraw|take out)\b/i,
    'transaction limits',
  ],
  [
    /\b(?:e-?mail(?:ed)?|electronic|paperless|online) statements?\b|\bstatements? (?:by|via|over|to my) e-?mail\b/i,
    'email statement register',
  ],
];

export function expandQuestion(question: string): string {
  const extra = SYNONYMS.filter(([re]) => re.test(question)).map(([, w]) => w);
  return extra.length ? `${question} ${extra.join(' ')}` : question;
}

/** Stemmed terms with a final "e" dropped, so "change" and "changed" meet. */
const keys = (text: string) => terms(text).map((t) => (t.length > 3 ? t.replace(/e$/, '') : t));

export function relevance(question: string, title: string, body: string): number {
  const q = [...new Set(keys(question))];
  if (!q.length) return 0;
  const titleKeys = [...new Set(keys(title))];
  const t = new Set(titleKeys);
  const b = new Set(keys(`${title} ${body}`));
  const qs = new Set(q);
  const cover = (s: Set<string>) => q.filter((x) => s.has(x)).length / q.length;
  // How much of the page's question is about something the customer did not ask.
  const precision = titleKeys.length ? titleKeys.filter((x) => qs.has(x)).length / titleKeys.length : 0;
  return 0.6 * cover(t) + 0.2 * precision + 0.2 * cover(b);
}

/** The bank's FAQ and policy passages for a how-to or service question, top 3 after reranking. */
export const knowledgeAnswerTool = defineTool({
  name: 'knowledge_answer',
  description: "Answer a how-to, service or policy question from the bank's FAQs (top 3 passages after reranking).",
  scope: 'any',
  input: z.object({ question: z.string().min(1).max(500), threshold: z.number().min(0).max(1).optional() }),
  output: z.object({
    found: z.boolean(),
    /** The best passage's answer, verbatim (extractive), when found. */
    answer: z.string().optional(),
    passages: z.array(PassageCardSchema),
    threshold: z.number(),
  }),
  async run(ctx, input) {
    const threshold = input.threshold ?? KNOWLEDGE_THRESHOLD;
    if (!ctx.retrieval) return { found: false, passages: [], threshold };
    const question = expandQuestion(input.question);
    // More candidates than shown: the three closest to the question's own words are kept.
    const raw = await ctx.retrieval.retrievePassages(question, undefined, {
      k: 20,
      signal: ctx.signal,
      collections: ['knowledge'],
    });
    const passages = raw.map((p) => {
      const [title = '', ...rest] = p.text.split('\n');
      const body = rest.join('\n').trim() || title;
      return {
        id: p.id,
        title: title.trim(),
        text: body,
        relevance: relevance(question, title, body),
        collection: p.collection,
      };
    });
    // Stable sort: equal relevance keeps the reranker's order.
    passages.sort((a, b) => b.relevance - a.relevance);
    passages.splice(3);
    const best = passages[0];
    const found = best !== undefined && best.relevance >= threshold;
    return { found, ...(found ? { answer: best.text } : {}), passages, threshold };
  },
  facts: (out) => out.passages.map((p, i) => `passage ${i + 1} (${p.id}): Q: ${p.title} | A: ${p.text}`),
});
