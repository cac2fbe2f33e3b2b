/**
 * Precision and recall of the knowledge answer's "close enough to answer" threshold on a held-out
 * split of the bank FAQs. Every other FAQ (by position) is indexed; every FAQ's question is then
 * asked in a lightly reworded form ("How do I …" → "how can I …", question mark, lower case).
 * A question is answerable when the indexed half holds a FAQ with the same answer text. The
 * assistant answers when the best indexed passage's relevance reaches the threshold; an answer is
 * correct when that passage's answer is the right one.
 *   precision = correct answers / answers given;  recall = correct answers / answerable questions.
 * Retrieval here is the relevance score over every indexed FAQ (the score the tool thresholds on),
 * so the figures isolate the threshold, not the candidate retrieval in front of it.
 *
 *   npx tsx eval/knowledge/threshold.ts [--thresholds 0.3,0.4,0.5,0.6,0.7]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FAQS_FILE, importFaqs } from '../../data/importers/faqs.ts';
import { expandQuestion, KNOWLEDGE_THRESHOLD, relevance } from '../../server/assistant/tools/knowledge-answer.ts';
import { SHARED_DATA_DIR } from '../stack/fixtures.ts';

const { values: args } = parseArgs({ options: { thresholds: { type: 'string', default: '0.3,0.4,0.5,0.6,0.7' } } });

const reword = (q: string) =>
  `${q
    .replace(/^how do i\b/i, 'how can I')
    .replace(/^what is\b/i, "what's")
    .replace(/^can i\b/i, 'am I able to')
    .toLowerCase()
    .trim()}?`;

const { rows } = await importFaqs(path.join(SHARED_DATA_DIR, FAQS_FILE));
const indexed = rows.filter((_, i) => i % 2 === 0);
const answers = new Set(indexed.map((d) => d.answer.trim()));
const scored = rows.map((d) => {
  const q = expandQuestion(reword(d.question));
  let best = { score: -1, answer: '' };
  for (const x of indexed) {
    const s = relevance(q, x.question, x.answer);
    if (s > best.score) best = { score: s, answer: x.answer.trim() };
  }
  return { answerable: answers.has(d.answer.trim()), score: best.score, correct: best.answer === d.answer.trim() };
});
const answerable = scored.filter((s) => s.answerable).length;
console.log(
  `FAQs ${rows.length}, indexed ${indexed.length}, answerable ${answerable}, held out ${rows.length - answerable}\n`,
);
console.log('| threshold | answered | precision | recall |');
console.log('| --- | --- | --- | --- |');
for (const t of args.thresholds.split(',').map(Number)) {
  const given = scored.filter((s) => s.score >= t);
  const correct = given.filter((s) => s.answerable && s.correct).length;
  const mark = t === KNOWLEDGE_THRESHOLD ? ' (shipped)' : '';
  console.log(
    `| ${t}${mark} | ${given.length} | ${(correct / Math.max(1, given.length)).toFixed(3)} | ${(correct / Math.max(1, answerable)).toFixed(3)} |`,
  );
}
