import type { z } from 'zod';
import { formatEnum, formatMoney, formatYears, listInWords } from '../../../domain/format.ts';
import type { clientBriefTool } from '../tools/client-brief.ts';
import type { compareClientsTool } from '../tools/compare-clients.ts';
import { normalise } from '../dialogue/entities.ts';
import { sanitizeData } from '../prompts/index.ts';
import { fieldSentences } from './my-account.ts';
import { type Composer, composed, outputOf } from './types.ts';

type Brief = z.infer<(typeof clientBriefTool)['output']>;
type Compare = z.infer<(typeof compareClientsTool)['output']>;

const ASPECTS: [RegExp, string][] = [
  [/\bsav\w*|\bbalance\b|\bcash\b/, 'savings'],
  [/\bincome\b|\bsalary\b|\bearn\w*/, 'income'],
  [/\bcredit (?:score|rating)\b|\bscore\b/, 'credit_score'],
  [/\butili[sz]ation\b/, 'utilisation'],
  [/\bloans?\b|\bdebts?\b|\bowe\b|\bborrow\w*/, 'loans'],
  [/\bproducts\b|\bholdings?\b|\bhold\b|\bhas\b.*\b(?:accounts?|cards?)\b/, 'products'],
  [/\brisk\b|\bhorizon\b/, 'risk'],
  [/\bgoals?\b/, 'goals'],
  [/\btenure\b|\bhow long\b|\bbeen with\b/, 'tenure'],
];

/** "Brief me on C0000123" → who they are first; "what about her savings?" → that figure first, then the brief. */
export const composeBrief: Composer = (input) => {
  const out = outputOf<Brief>(input, 'client_brief');
  if (!out) {
    const failed = input.results.find((r) => !r.ok);
    return composed(
      failed && !failed.ok && /no client/.test(failed.error)
        ? "I can't find that client in your book."
        : "I couldn't load that client just now.",
    );
  }
  const p = out.profile;
  const first = p.name.split(' ')[0]!;
  const norm = normalise(input.message);
  const aspects = ASPECTS.filter(([re]) => re.test(norm)).map(([, a]) => a);
  const lines: string[] = [];
  const aspectOnly =
    aspects.length > 0 && !/\bbrief|\bsummar|\boverview|\bprofile|\bmeeting|\bwho is\b|\btell me about\b/.test(norm);
  if (aspects.length) lines.push(fieldSentences(p, aspects, 'rm').join(' '));
  if (!aspectOnly) {
    lines.push(
      `${p.name} (${p.id}) is ${p.age}, ${formatEnum(p.lifeStage)}, in the ${formatEnum(p.segment)} segment, and has banked with us for ${formatYears(p.tenureYears)}.`,
    );
    lines.push(
      `Income ${formatMoney(p.income)} a year, savings ${formatMoney(p.savingsBalance)}, loans ${formatMoney(p.loanAmount)}; credit score ${p.creditScore}; ${p.riskTolerance} risk tolerance, ${p.investmentHorizon} horizon${p.goals.length ? `; goals: ${listInWords(p.goals.map(formatEnum))}` : ''}.`,
    );
    lines.push(
      p.productsHeld.length
        ? `Holds ${listInWords(p.productsHeld.map((x) => `the ${x.name}`))}.`
        : 'Holds no products yet.',
    );
    if (p.notes) lines.push(`Your note: "${sanitizeData(p.notes).replace(/[<>]/g, '')}"`);
    if (out.next.length)
      lines.push(
        `Best next products for ${first}: ${out.next.map((n) => `the ${n.product.name}${n.reasons.length ? ` (for ${listInWords(n.reasons)})` : ''}`).join('; ')}.`,
      );
    for (const a of out.alerts.slice(0, 2)) lines.push(`Spending alert: ${a}`);
  }
  return composed(lines.join('\n'), { listedProducts: out.next.map((n) => n.product.id) });
};

/** Two or more clients side by side. */
export const composeCompareClients: Composer = (input) => {
  const out = outputOf<Compare>(input, 'compare_clients');
  if (!out || out.profiles.length < 2) return composed("I couldn't find both clients in your book.");
  const [a, b] = out.profiles;
  type F = 'income' | 'savingsBalance' | 'creditScore' | 'loanAmount' | 'age';
  const WORDS: Record<F, [string, (v: number) => string]> = {
    income: ['income', formatMoney],
    savingsBalance: ['savings', formatMoney],
    creditScore: ['credit score', String],
    loanAmount: ['outstanding loans', formatMoney],
    age: ['age', String],
  };
  const norm = normalise(input.message);
  // The figure asked about first ("who has more savings?"), then income, savings and credit score.
  const asked: F | undefined = /\bsav\w*|\bbalance/.test(norm)
    ? 'savingsBalance'
    : /\bincome|\bearn|\bsalar/.test(norm)
      ? 'income'
      : /\bscore\b/.test(norm)
        ? 'creditScore'
        : /\bloans?\b|\bdebt|\bowe/.test(norm)
          ? 'loanAmount'
          : /\bolder|\byounger|\bage\b/.test(norm)
            ? 'age'
            : undefined;
  const sentence = (f: F) => {
    const [what, fmt] = WORDS[f];
    if (a![f] === b![f]) return `${a!.name} and ${b!.name} have the same ${what} (${fmt(a![f])})`;
    const [hi, lo] = a![f] > b![f] ? [a!, b!] : [b!, a!];
    return `${hi.name} has the higher ${what}: ${fmt(hi[f])}, against ${fmt(lo[f])} for ${lo.name}`;
  };
  const order: F[] = [...new Set<F>([...(asked ? [asked] : []), 'income', 'savingsBalance', 'creditScore'])];
  const lines = [
    `${order
      .slice(0, asked ? 1 : 3)
      .map(sentence)
      .join('; ')}.`,
  ];
  for (const p of out.profiles)
    lines.push(
      `${p.name} (${p.id}): ${p.age}, ${formatEnum(p.lifeStage)}, ${formatEnum(p.segment)}; income ${formatMoney(p.income)}, savings ${formatMoney(p.savingsBalance)}, loans ${formatMoney(p.loanAmount)}; credit score ${p.creditScore}; ${p.riskTolerance} risk; holds ${p.productsHeld.length ? listInWords(p.productsHeld.map((x) => x.name)) : 'nothing yet'}.`,
    );
  return composed(lines.join('\n'), { listedClients: out.profiles.map((p) => p.id) });
};
