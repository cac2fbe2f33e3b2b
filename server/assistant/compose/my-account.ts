import type { z } from 'zod';
import { formatEnum, formatMoney, formatShare, formatYears, listInWords } from '../../../domain/format.ts';
import type { myAccountTool } from '../tools/my-account.ts';
import { type Composer, composed, outputOf } from './types.ts';

type Out = z.infer<(typeof myAccountTool)['output']>;
type Profile = Out['profile'];

/**
 * The usual bands of a 300–850 score: it answers "is it good?" and says what the number means
 * for borrowing without promising any decision.
 */
function creditBand(score: number): string {
  if (score >= 800) return 'exceptional, the top band, which lenders see as very low risk';
  if (score >= 740)
    return 'very good, above most borrowers, which clears the score minimum of most of our credit products';
  if (score >= 670) return 'good, around the middle of the range, which meets most lenders’ minimums';
  if (score >= 580) return 'fair, below average, so some credit products will be out of reach for now';
  return 'poor, the lowest band, so most credit products need a higher score';
}

/** One sentence per profile field, addressed to "you" (customer) or the client's first name (RM). */
export function fieldSentences(p: Profile, fields: readonly string[], audience: 'customer' | 'rm'): string[] {
  const you = audience === 'customer';
  const first = p.name.split(' ')[0]!;
  const poss = you ? 'Your' : `${first}'s`;
  const subj = you ? 'You' : first;
  const has = you ? 'have' : 'has';
  const s: string[] = [];
  const want = (f: string) => fields.includes(f) || fields.includes('overview');
  if (want('savings')) s.push(`${poss} savings balance is ${formatMoney(p.savingsBalance)}.`);
  if (want('income')) s.push(`${poss} annual income on file is ${formatMoney(p.income)}.`);
  if (want('credit_score'))
    s.push(`${poss} credit score is ${p.creditScore} on the 300–850 scale: ${creditBand(p.creditScore)}.`);
  if (want('utilisation'))
    s.push(
      `${subj} ${you ? 'are' : 'is'} using ${formatShare(p.creditUtilization)} of ${you ? 'your' : 'their'} credit limit.`,
    );
  if (want('loans'))
    s.push(
      p.loanAmount > 0
        ? `${subj} ${has} ${formatMoney(p.loanAmount)} of loans outstanding.`
        : `${subj} ${has} no loans outstanding.`,
    );
  if (want('products'))
    s.push(
      p.productsHeld.length
        ? `${subj} ${has} ${p.productsHeld.length} ${p.productsHeld.length === 1 ? 'product' : 'products'} with us: ${listInWords(p.productsHeld.map((x) => `the ${x.name}`))}.`
        : `${subj} ${has} no products with us yet.`,
    );
  if (want('risk'))
    s.push(`${poss} risk tolerance is ${p.riskTolerance}, with a ${p.investmentHorizon} investment horizon.`);
  if (want('goals'))
    s.push(
      p.goals.length
        ? `${poss} goals: ${listInWords(p.goals.map(formatEnum))}.`
        : `No goals are recorded for ${you ? 'you' : first}.`,
    );
  if (want('tenure')) s.push(`${subj} ${you ? 'have' : 'has'} banked with us for ${formatYears(p.tenureYears)}.`);
  return s;
}

/** The customer's own figures, the one asked about first. */
export const composeMyAccount: Composer = (input) => {
  const out = outputOf<Out>(input, 'my_account');
  if (!out) return composed("I couldn't read your profile just now. Please try again in a moment.");
  const fields = out.fields.includes('overview')
    ? ['savings', 'income', 'credit_score', 'loans', 'products']
    : out.fields;
  return composed(fieldSentences(out.profile, fields, 'customer').join(' '), {
    listedProducts: out.profile.productsHeld.map((p) => p.id),
  });
};
