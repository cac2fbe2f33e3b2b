import { categoryWords } from '../../../domain/catalog/index.ts';
import { formatMoney, formatRate } from '../../../domain/format.ts';
import type { ProductCategory } from '../../../domain/index.ts';
import { eligibilityWords, type ProductFacts } from '../tools/product-view.ts';
import type { productFactsTool } from '../tools/product-facts.ts';
import type { z } from 'zod';
import { type Composer, composed, outputOf } from './types.ts';

type Out = z.infer<(typeof productFactsTool)['output']>;

export const feeSentence = (p: ProductFacts) =>
  p.annualFee > 0
    ? `The ${p.name} has an annual fee of ${formatMoney(p.annualFee)}.`
    : `The ${p.name} has no annual fee.`;

export function rateSentence(p: ProductFacts): string {
  if (p.aprPct !== undefined) return `The ${p.name} has a representative APR of ${formatRate(p.aprPct)}.`;
  if (p.expectedYieldPct !== undefined)
    return p.investment
      ? `The ${p.name} targets a return of about ${formatRate(p.expectedYieldPct)} a year, though that is not guaranteed.`
      : `The ${p.name} pays ${formatRate(p.expectedYieldPct)} a year.`;
  return `The ${p.name} has no interest rate of its own.`;
}

export const termSentence = (p: ProductFacts) =>
  p.durationMonths > 0
    ? `The ${p.name} runs for a fixed term of ${p.durationMonths} months.`
    : `The ${p.name} has no fixed term.`;

export function eligibilitySentence(p: ProductFacts): string {
  const rules = eligibilityWords(p.eligibility);
  return rules ? `To get the ${p.name} you need ${rules}.` : `Any adult customer can apply for the ${p.name}.`;
}

export function riskSentence(p: ProductFacts): string {
  const base = `The ${p.name} is risk level ${p.riskLevel} of 5`;
  return p.investment ? `${base}: it is an investment, so its value can fall as well as rise.` : `${base}.`;
}

/** "The Cash ISA is a savings account with no fixed term and no annual fee." + the first sentence of its terms. */
function overview(p: ProductFacts): string {
  const what = categoryWords(p.category as ProductCategory);
  const facts: string[] = [];
  if (p.expectedYieldPct !== undefined)
    facts.push(`${p.investment ? 'a target return of about' : 'a rate of'} ${formatRate(p.expectedYieldPct)} a year`);
  if (p.aprPct !== undefined) facts.push(`a representative APR of ${formatRate(p.aprPct)}`);
  facts.push(p.annualFee > 0 ? `an annual fee of ${formatMoney(p.annualFee)}` : 'no annual fee');
  if (p.durationMonths > 0) facts.push(`a fixed term of ${p.durationMonths} months`);
  const first = `The ${p.name} is ${/^[aeiou]/i.test(what) ? 'an' : 'a'} ${p.isNew ? 'new ' : ''}${what} with ${facts.slice(0, -1).join(', ')}${facts.length > 1 ? ' and ' : ''}${facts.at(-1)}.`;
  const terms = p.terms.split(/(?<=[.!?])\s+(?=[A-Z£0-9])/)[0] ?? '';
  return [first, terms, riskSentence(p), eligibilitySentence(p)].filter(Boolean).join(' ');
}

/** "Which mortgage has the lowest rate?": the answer to the superlative first, over the products listed. */
function superlativeLead(message: string, products: readonly ProductFacts[]): string | undefined {
  if (products.length < 2) return undefined;
  const m = message.toLowerCase();
  const low = /\b(?:lowest|cheapest|smallest|least)\b/.test(m);
  const high = /\b(?:highest|best|most|biggest|top)\b/.test(m);
  if (!low && !high) return undefined;
  const pick = (f: (p: ProductFacts) => number | undefined, lowest: boolean) => {
    const xs = products.filter((p) => f(p) !== undefined);
    return xs.length ? xs.reduce((a, b) => ((lowest ? f(b)! < f(a)! : f(b)! > f(a)!) ? b : a)) : undefined;
  };
  if (/\bfees?\b|\bcheapest\b|\bcost/.test(m)) {
    const p = pick((x) => x.annualFee, true);
    return (
      p &&
      `The ${p.name} costs least to hold: ${p.annualFee > 0 ? `${formatMoney(p.annualFee)} a year` : 'no annual fee'}.`
    );
  }
  const apr = pick((x) => x.aprPct, low);
  if (apr) return `The ${apr.name} has the ${low ? 'lowest' : 'highest'} rate: ${formatRate(apr.aprPct!)} APR.`;
  const y = pick((x) => x.expectedYieldPct, !high);
  return y && `The ${y.name} pays the ${high ? 'most' : 'least'}: ${formatRate(y.expectedYieldPct!)} a year.`;
}

const period = (months: number) =>
  months === 12 ? 'a year' : months % 12 === 0 ? `${months / 12} years` : `${months} months`;

/** "£5,000 in the Bonus Saver for a year would earn about £225": the sum asked about, product by product. */
function illustrationLead(out: Out): string {
  const lines = (out.illustrations ?? []).map((i) => {
    const p = out.products.find((x) => x.id === i.productId)!;
    return `${formatMoney(i.amount)} in the ${p.name} for ${period(i.months)} at ${formatRate(i.ratePct)} a year would earn about ${formatMoney(i.interest)} before tax (${formatMoney(i.amount + i.interest)} in all), if the rate stays the same and nothing is withdrawn.`;
  });
  for (const p of out.products)
    if (!out.illustrations?.some((i) => i.productId === p.id))
      lines.push(
        p.investment
          ? `The ${p.name} has no fixed rate: its return depends on the markets, so I can't say what a sum would earn.`
          : `The ${p.name} pays no interest to illustrate.`,
      );
  return lines.join(' ');
}

/** Product facts: the asked-about figure first ("The Platinum card has an annual fee of £150."), then what supports it. */
export const composeProductFacts: Composer = (input) => {
  const out = outputOf<Out>(input, 'product_facts');
  if (!out?.products.length) return composed("I couldn't find that product in our catalogue.");
  const held = new Set(input.customer?.productsHeld ?? []);
  const paragraphs = out.products.map((p) => {
    const s: string[] = [];
    for (const a of out.aspects) {
      if (a === 'fee') s.push(feeSentence(p), ...(p.feeNotes ? [`Other charges: ${p.feeNotes}.`] : []));
      else if (a === 'rate') s.push(rateSentence(p));
      else if (a === 'term') s.push(termSentence(p));
      else if (a === 'eligibility') s.push(eligibilitySentence(p));
      else if (a === 'risk') s.push(riskSentence(p));
      else if (a === 'details') s.push(`The ${p.name}'s terms: ${p.terms}`);
      else s.push(overview(p));
    }
    if (held.has(p.id))
      s.push(
        input.mode === 'customer'
          ? `You already have the ${p.name}.`
          : `${input.customer?.name.split(' ')[0]} already has it.`,
      );
    return [...new Set(s)].join(' ');
  });
  const lead = out.illustrations ? illustrationLead(out) : superlativeLead(input.message, out.products);
  return composed([lead, ...paragraphs].filter(Boolean).join('\n\n'), {
    listedProducts: out.products.map((p) => p.id),
  });
};
