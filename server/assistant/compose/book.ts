import type { z } from 'zod';
import { formatEnum, formatNumber, formatShare, listInWords } from '../../../domain/format.ts';
import { type aggregateBookTool, formatField } from '../tools/aggregate-book.ts';
import type { rankBookTool } from '../tools/rank-book.ts';
import type { searchBookTool } from '../tools/search-book.ts';
import { type Composer, composed, outputOf } from './types.ts';

type Agg = z.infer<(typeof aggregateBookTool)['output']>;
type Rank = z.infer<(typeof rankBookTool)['output']>;
type Search = z.infer<(typeof searchBookTool)['output']>;

const FIELD_WORDS: Record<string, string> = {
  income: 'income',
  savingsBalance: 'savings balance',
  loanAmount: 'outstanding loans',
  creditScore: 'credit score',
  age: 'age',
  creditUtilization: 'credit utilisation',
  digitalEngagement: 'digital engagement',
  tenureYears: 'years with the bank',
};
const METRIC_WORDS: Record<string, string> = {
  mean: 'average',
  median: 'median',
  sum: 'total',
  min: 'lowest',
  max: 'highest',
};

const filterWords = (cs: readonly { text: string }[]) => listInWords([...new Set(cs.map((c) => c.text.trim()))]);

/** Filter words the parser could not read: said, and asked about, never silently dropped. */
function unparsedNote(unparsed: readonly string[]): string | undefined {
  if (!unparsed.length) return undefined;
  return `I couldn't read ${listInWords(unparsed.map((u) => `"${u}"`))} as a filter, so it is not applied. Could you say that part another way (for example "savings over £30,000")?`;
}

/** "How many of my retired clients hold a mortgage?" → the exact count first, its share of the book, then groups. */
export const composeCount: Composer = (input) => {
  const out = outputOf<Agg>(input, 'aggregate_book');
  if (!out)
    return composed("I couldn't count the book just now: it may still be loading. Please try again in a moment.");
  const filter = out.constraints.length ? ` match ${filterWords(out.constraints)}` : '';
  const share = out.total ? ` (${formatShare(out.count / out.total, 1)})` : '';
  const lines = [
    out.constraints.length
      ? `${out.count === 0 ? 'None' : formatNumber(out.count)} of your ${formatNumber(out.total)} clients${filter}${out.count ? share : ''}.`
      : `You have ${formatNumber(out.total)} clients in your book.`,
  ];
  if (out.groups?.length && (out.groupBy === 'productsHeld' || out.groupBy === 'goals')) {
    // A client is in one group per product or goal: shares of the clients, not of a whole.
    const of = (n: number) => `${formatNumber(n)} (${formatShare(n / Math.max(1, out.count))})`;
    lines.push(
      out.groupBy === 'productsHeld'
        ? `What they hold: ${out.groups.map((g) => `${g.label ?? formatEnum(g.key)} ${of(g.count)}`).join(', ')}.`
        : `Their goals: ${out.groups.map((g) => `${formatEnum(g.key)} ${of(g.count)}`).join(', ')}.`,
    );
    if (out.groups.reduce((n, g) => n + g.count, 0) > out.count)
      lines.push(
        `A client with several ${out.groupBy === 'productsHeld' ? 'products' : 'goals'} is counted under each.`,
      );
  } else if (out.groups?.length)
    lines.push(
      `By ${formatEnum(out.groupBy ?? '')
        .replace('riskTolerance', 'risk tolerance')
        .replace(
          'lifeStage',
          'life stage',
        )}: ${out.groups.map((g) => `${formatEnum(g.key)} ${formatNumber(g.count)}`).join(', ')}.`,
    );
  const note = unparsedNote(out.unparsed);
  if (note) lines.push(note);
  return composed(lines.join('\n'));
};

/** "Average income of my high-net-worth clients" → the figure first, over how many clients, then groups and the top clients. */
export const composeAggregate: Composer = (input) => {
  const out = outputOf<Agg>(input, 'aggregate_book');
  if (!out)
    return composed(
      "I couldn't run that over the book just now: it may still be loading. Please try again in a moment.",
    );
  if (out.metric === 'count' || !out.field) return composeCount(input);
  const field = out.field;
  const scope = out.constraints.length ? `your clients who match ${filterWords(out.constraints)}` : 'your book';
  const lines: string[] = [];
  // "Top 10 clients by income" asks for the list, not for an average of it.
  const listOnly =
    !!out.top?.length &&
    !out.groups?.length &&
    !/\b(?:average|avg|mean|typical|median|total|sum|combined)\b/i.test(input.message);
  if (out.count === 0)
    lines.push(
      `None of your clients match ${filterWords(out.constraints)}, so there is nothing to ${METRIC_WORDS[out.metric]}.`,
    );
  else if (listOnly)
    lines.push(
      `Your ${formatNumber(out.top!.length)} clients with the ${out.top!.length > 1 && out.top![0]!.value < out.top!.at(-1)!.value ? 'lowest' : 'highest'} ${FIELD_WORDS[field]}, of ${formatNumber(out.count)} ${out.constraints.length ? `who match ${filterWords(out.constraints)}` : 'in your book'}:`,
    );
  else
    lines.push(
      `The ${METRIC_WORDS[out.metric]} ${FIELD_WORDS[field]} across ${scope} is ${formatField(field, out.value ?? 0)} (${formatNumber(out.count)} clients).`,
    );
  if (out.groups?.length)
    lines.push(
      `${out.groups
        .map(
          (g) =>
            `${formatEnum(g.key)}: ${g.value !== undefined ? formatField(field, g.value) : 'n/a'} (${formatNumber(g.count)} clients)`,
        )
        .join('; ')}.`,
    );
  if (out.top?.length)
    lines.push(
      ...out.top.map(
        (t, i) => `${i + 1}. ${t.name} (${t.customerId}): ${FIELD_WORDS[field]} ${formatField(field, t.value)}`,
      ),
    );
  const note = unparsedNote(out.unparsed);
  if (note) lines.push(note);
  return composed(lines.join('\n'), { listedClients: out.top?.map((t) => t.customerId) });
};

const fitWords = (percentile: number) =>
  percentile >= 0.95
    ? 'a very strong fit'
    : percentile >= 0.8
      ? 'a strong fit'
      : percentile >= 0.5
        ? 'a good fit'
        : 'a possible fit';

/** "Who should I call about …?" → the product named, the best-placed clients over the whole book, and why in actionable words. */
export const composeRank: Composer = (input) => {
  const out = outputOf<Rank>(input, 'rank_book');
  if (!out) return composed("I couldn't rank the book just now: the recommender or the book may still be loading.");
  const name = (id: string) => input.products.find((p) => p.id === id)?.name ?? id;
  const products = listInWords([...new Set(out.productIds.map(name))].slice(0, 4), 'or');
  const lines: string[] = [];
  if (!out.clients.length) {
    lines.push(`None of the ${formatNumber(out.considered)} clients I looked at is suitable for ${products}.`);
  } else {
    const top = out.clients.slice(0, 3).map((c) => c.name);
    lines.push(
      `For ${products}, ${top.length === 1 ? 'the client to call first is' : 'the clients to call first are'} ${listInWords(top)}: ranked over all ${formatNumber(out.considered)} clients${out.constraints.length ? ` who match ${filterWords(out.constraints)}` : ' in your book'}, of whom ${formatNumber(out.suitable)} ${out.suitable === 1 ? 'is' : 'are'} suitable.`,
    );
    out.clients.forEach((c, i) =>
      lines.push(
        `${i + 1}. ${c.name} (${c.customerId}), ${c.summary}: ${out.suitable === 1 ? 'the only suitable client' : `${fitWords(c.percentile)}, better than ${formatShare(c.percentile)} of suitable clients`}${out.productIds.length > 1 ? ` for the ${name(c.productId)}` : ''}`,
      ),
    );
  }
  const excluded = Object.entries(out.excludedByRule);
  if (excluded.length)
    lines.push(
      `Left out as unsuitable: ${excluded.map(([rule, n]) => `${formatNumber(n)} ${rule === 'already_held' ? 'who already hold it' : rule === 'risk_above_tolerance' ? 'whose risk tolerance is too low' : rule === 'min_income' ? 'below the income minimum' : rule === 'min_credit_score' ? 'below the credit score minimum' : 'outside the age limits'}`).join(', ')}.`,
    );
  const note = unparsedNote(out.unparsed);
  if (note) lines.push(note);
  return composed(lines.join('\n'), {
    listedClients: out.clients.map((c) => c.customerId),
    listedProducts: out.productIds.slice(0, 1),
  });
};

/** A book search: how many, what filters were applied, the clients with why each matched. */
export const composeSearch: Composer = (input) => {
  const out = outputOf<Search>(input, 'search_book');
  if (!out) return composed("I couldn't search the book just now. Please try again in a moment.");
  const filters = out.constraints.length ? ` matching ${filterWords(out.constraints)}` : '';
  const like = out.similarTo;
  const lines = [
    like
      ? out.clients.length
        ? `The ${formatNumber(out.clients.length)} clients${filters} most like ${like.name} (${like.customerId}), closest first:`
        : `I found no clients${filters} like ${like.name}.`
      : out.clients.length
        ? `Here are ${formatNumber(out.clients.length)} clients${filters}${out.semanticQuery && out.constraints.length ? ', ranked by how well they fit the rest of your question' : ''}:`
        : `I found no clients${filters}.`,
    ...out.clients.map((c, i) => `${i + 1}. ${c.name} (${c.customerId}): ${c.reason}`),
  ];
  const note = unparsedNote(out.unparsed);
  if (note) lines.push(note);
  return composed(lines.join('\n'), { listedClients: out.clients.map((c) => c.customerId) });
};
