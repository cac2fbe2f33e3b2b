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
  const higher = (f: 'income' | 'savingsBalance' | 'creditScore') =>
    a![f] === b![f] ? undefined : (a![f] > b![f] ? a : b)!.name;
  const parts = [
    ['income', higher('income')],
    ['savings', higher('savingsBalance')],
    ['credit score', higher('creditScore')],
  ].map(([what, who]) => (who ? `${who} has the higher ${what}` : `they have the same ${what}`));
  const lines = [`${parts[0]!.replace(/^./, (c) => c.toUpperCase())}; ${parts.slice(1).join('; ')}.`];
  for (const p of out.profiles)
    lines.push(
      `${p.name} (${p.id}): ${p.age}, ${formatEnum(p.lifeStage)}, ${formatEnum(p.segment)}; income ${formatMoney(p.income)}, savings ${formatMoney(p.savingsBalance)}, loans ${formatMoney(p.loanAmount)}; credit score ${p.creditScore}; ${p.riskTolerance} risk; holds ${p.productsHeld.length ? listInWords(p.productsHeld.map((x) => x.name)) : 'nothing yet'}.`,
    );
  return composed(lines.join('\n'), { listedClients: out.profiles.map((p) => p.id) });
};
