import type { z } from 'zod';
import type { spendingInsightsTool } from '../tools/spending-insights.ts';
import { type Composer, composed, outputOf } from './types.ts';

type Out = z.infer<(typeof spendingInsightsTool)['output']>;

/** Spending insights: the summary first, then alerts, then the rest. */
export const composeSpending: Composer = (input) => {
  const out = outputOf<Out>(input, 'spending_insights');
  if (!out?.available)
    return composed("I don't have any recent transactions for you, so I can't break down your spending yet.");
  const lines = [
    out.summary ? `Here's your spending from ${out.period?.from} to ${out.period?.to}: ${out.summary}.` : '',
  ];
  for (const a of out.alerts) lines.push(`Heads up: ${a.text}`);
  for (const i of out.insights.slice(0, 3)) lines.push(i.text);
  return composed(lines.filter(Boolean).join('\n'));
};
