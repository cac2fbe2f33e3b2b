import type { z } from 'zod';
import { categoryWords } from '../../../domain/catalog/index.ts';
import { formatMoney, formatRate, listInWords } from '../../../domain/format.ts';
import type { ProductCategory } from '../../../domain/index.ts';
import { GUARANTEE_ANSWER } from '../prompts/index.ts';
import type { recommendTool } from '../tools/recommend.ts';
import type { ProductFacts } from '../tools/product-view.ts';
import { type ComposeInput, type Composed, type Composer, composed, outputOf } from './types.ts';

type Out = z.infer<(typeof recommendTool)['output']>;
type Item = Out['items'][number];

/** "because of your savings (£12,000) and your long investment horizon" — SHAP's top reasons in words. */
function because(item: Item, audience: 'customer' | 'rm', first: string): string {
  if (!item.reasons.length) return '';
  return ` It fits ${audience === 'customer' ? 'you' : first} mainly because of ${listInWords(item.reasons.map((r) => r.value))}.`;
}

function keyFigure(p: ProductFacts): string {
  const f: string[] = [];
  if (p.expectedYieldPct !== undefined)
    f.push(`${p.investment ? 'targets about' : 'pays'} ${formatRate(p.expectedYieldPct)} a year`);
  if (p.aprPct !== undefined) f.push(`${formatRate(p.aprPct)} APR`);
  f.push(p.annualFee > 0 ? `${formatMoney(p.annualFee)} a year to hold` : 'no annual fee');
  if (p.durationMonths > 0) f.push(`a ${p.durationMonths}-month term`);
  return f.join(', ');
}

const TOPIC_PHRASES: Record<string, string> = {
  current_account: 'a current account',
  credit_card: 'a credit card',
  personal_loan: 'a loan',
  mortgage: 'a mortgage',
  savings: 'savings',
  term_deposit: 'a fixed-term deposit',
  fund: 'an investment fund',
  brokerage: 'an investing account',
  wealth_management: 'wealth management',
  insurance: 'insurance',
  pension: 'a pension',
};
/** A category as a plural noun: "the best fit among our savings accounts". */
const TOPIC_KINDS: Record<string, string> = {
  current_account: 'current accounts',
  credit_card: 'credit cards',
  personal_loan: 'loans',
  mortgage: 'mortgages',
  savings: 'savings accounts',
  term_deposit: 'fixed-term deposits',
  fund: 'funds',
  brokerage: 'investing accounts',
  wealth_management: 'wealth services',
  insurance: 'insurance policies',
  pension: 'pensions',
};
const INVESTING = new Set(['fund', 'brokerage', 'wealth_management', 'pension']);
const SAVING = new Set(['savings', 'term_deposit']);

/** How an answer names what was asked about: "investing", "savings", "a credit card". */
function topicWords(cats: readonly string[]): string {
  if (!cats.length) return '';
  const phrases = new Set<string>();
  const many = (group: Set<string>) => cats.filter((c) => group.has(c)).length > 1;
  for (const c of cats) {
    if (INVESTING.has(c) && many(INVESTING)) phrases.add('investing');
    else if (SAVING.has(c) && many(SAVING)) phrases.add('savings');
    else phrases.add(TOPIC_PHRASES[c] ?? categoryWords(c as ProductCategory));
  }
  return listInWords([...phrases], 'or');
}

function recommendation(input: ComposeInput, out: Out, opening?: string): Composed {
  const audience = input.mode;
  const first = input.customer?.name.split(' ')[0] ?? 'the client';
  const you = audience === 'customer';
  if (!out.available)
    return composed(
      "I can't make a personal recommendation right now because the recommender isn't available. I can still tell you about any of our products.",
    );
  if (out.assessed.length) return assessment(input, out, opening);
  const topic = topicWords(out.categories);
  const lines: string[] = [];
  if (opening) lines.push(opening);
  if (!out.items.length) {
    lines.push(
      topic
        ? `None of our products for ${topic} is suitable for ${you ? 'you' : first} right now.`
        : `I couldn't find a product that suits ${you ? 'you' : first} right now.`,
    );
  } else {
    const [best, ...rest] = out.items;
    const lead = topic ? `For ${topic}, the` : 'The';
    lines.push(
      `${lead} best fit for ${you ? 'you' : first} is the ${best!.product.name} (${keyFigure(best!.product)}).${because(best!, audience, first)}`,
    );
    // The same reasons usually drive every item: said once, for the best fit.
    rest.forEach((i) => lines.push(`Also worth a look: the ${i.product.name} (${keyFigure(i.product)}).`));
  }
  if (!out.items.length && out.alternatives.length)
    lines.push(
      `What does suit ${you ? 'you' : first} right now: ${listInWords(out.alternatives.map((a) => `the ${a.product.name} (${keyFigure(a.product)})`))}.`,
    );
  // Unavailable products are worth saying only about the topic asked: a general question lists what fits.
  const unavailable = out.categories.length ? out.unavailable.slice(0, 3) : [];
  if (unavailable.length)
    lines.push(
      `${you ? 'Not available to you' : `Not available to ${first}`}: ${unavailable.map((u) => `the ${u.name}, because ${u.why}`).join('; ')}.`,
    );
  return {
    text: lines.join('\n'),
    recommendations: out.items.map((i) => ({
      productId: i.product.id,
      why: because(i, audience, first).trim() || `A good overall fit for ${you ? 'your' : `${first}'s`} profile.`,
      risks: riskWords(i.product),
    })),
    citations: [],
    listedProducts: (out.items.length ? out.items : out.alternatives).map((i) => i.product.id),
  };
}

const riskWords = (p: ProductFacts) =>
  p.investment
    ? `Risk level ${p.riskLevel} of 5: the value can fall as well as rise.`
    : `Risk level ${p.riskLevel} of 5.`;

/** "Is the Cash ISA right for me?", "why that one?": each product asked about, suitable (rank and reasons) or not (the rule). */
function assessment(input: ComposeInput, out: Out, opening?: string): Composed {
  const you = input.mode === 'customer';
  const first = input.customer?.name.split(' ')[0] ?? 'the client';
  const who = you ? 'you' : first;
  const lines: string[] = opening ? [opening] : [];
  for (const id of out.assessed) {
    const item = out.items.find((i) => i.product.id === id);
    const gone = out.unavailable.find((u) => u.productId === id);
    if (item) {
      const kind = TOPIC_KINDS[item.product.category] ?? categoryWords(item.product.category as ProductCategory);
      const place =
        item.rank === 1
          ? 'the best fit of all our products'
          : item.categoryRank === 1
            ? `the best fit among our ${kind} (number ${item.rank} of all the products that suit ${who})`
            : `number ${item.categoryRank} among our ${kind} that suit ${who}`;
      const why = item.reasons.length ? `, mainly because of ${listInWords(item.reasons.map((r) => r.value))}` : '';
      lines.push(
        `The ${item.product.name} suits ${who} (${keyFigure(item.product)}): it is ${place}${why}. ${riskWords(item.product)}`,
      );
    } else if (gone) lines.push(`The ${gone.name} isn't available to ${who}, because ${gone.why}.`);
    else {
      const name = input.products.find((p) => p.id === id)?.name ?? id;
      lines.push(
        `The ${name} is not one I'd suggest for ${who} right now: it is above the level of risk ${you ? 'you' : first} asked for.`,
      );
    }
  }
  if (!out.items.length && out.alternatives.length)
    lines.push(
      `What does suit ${who} instead: ${listInWords(out.alternatives.map((a) => `the ${a.product.name} (${keyFigure(a.product)})`))}.`,
    );
  return {
    text: lines.join('\n'),
    recommendations: out.items.map((i) => ({
      productId: i.product.id,
      why: because(i, input.mode, first).trim() || `A good overall fit for ${you ? 'your' : `${first}'s`} profile.`,
      risks: riskWords(i.product),
    })),
    citations: [],
    listedProducts: out.items.length ? out.items.map((i) => i.product.id) : out.alternatives.map((a) => a.product.id),
  };
}

/** Suitable products for the topic asked about, best first, each with its reasons; what is not available and why. */
export const composeRecommend: Composer = (input) => {
  const out = outputOf<Out>(input, 'recommend');
  if (!out) return composed("I couldn't work out a recommendation just now. Please try again in a moment.");
  return recommendation(input, out);
};

/** "Is it guaranteed?": never a promise; the capital-safe options that suit, when there are any. */
export const composeGuarantee: Composer = (input) => {
  const out = outputOf<Out>(input, 'recommend');
  if (out?.categories.some((c) => !SAVING.has(c))) return recommendation(input, out, GUARANTEE_ANSWER.text);
  const safe = out && { ...out, items: out.items.filter((i) => i.product.riskLevel === 1) };
  if (!safe?.items.length) return composed(GUARANTEE_ANSWER.text);
  const r = recommendation(input, safe, GUARANTEE_ANSWER.text);
  r.text = r.text.replace(
    /\n(?:For savings, the|The) best fit/,
    `\nIf you want ${input.mode === 'customer' ? 'your' : 'the client\u2019s'} money kept out of the markets, the best fit`,
  );
  return r;
};
