import type { Customer } from '../../domain/index.ts';

/** How alike two clients are, and the words that say why. */
export interface SimilarClient {
  customer: Customer;
  /** 0–1: the mean of the per-aspect similarities below. */
  similarity: number;
  /** What they share, most telling first ("same life stage (retired)", "4 products in common"). */
  shared: string[];
}

const log = (x: number) => Math.log1p(Math.max(0, x));
/** Scales over which a difference counts as "completely different" (log money: a factor of about e^3 = 20). */
const SCALES = { age: 30, credit: 250, money: 3, tenure: 20 } as const;
const near = (a: number, b: number, scale: number) => Math.max(0, 1 - Math.abs(a - b) / scale);

/**
 * Look-alike clients ("clients like Jane"): profile similarity over the fields an RM would compare —
 * age, income, savings, loans, credit score and tenure (each 1 − its difference over a fixed scale,
 * money on a log scale), life stage, segment, risk tolerance and horizon (equal or not), and the
 * Jaccard overlap of products held. Every aspect weighs the same, so the reasons below are the
 * aspects that lifted the score. Pure and synchronous: a book of 10,000 is ~10,000 × 11 operations.
 */
export function similarClients(
  target: Customer,
  candidates: readonly Customer[],
  k: number,
  productName: (id: string) => string = (id) => id,
): SimilarClient[] {
  const held = new Set(target.productsHeld);
  const scored = candidates
    .filter((c) => c.id !== target.id)
    .map((c) => {
      const common = c.productsHeld.filter((p) => held.has(p));
      const union = new Set([...c.productsHeld, ...held]).size;
      const income = near(log(c.income), log(target.income), SCALES.money);
      const savings = near(log(c.savingsBalance), log(target.savingsBalance), SCALES.money);
      const parts: [number, string | undefined][] = [
        [near(c.age, target.age, SCALES.age), Math.abs(c.age - target.age) <= 5 ? `age ${c.age}` : undefined],
        [income, income > 0.9 ? 'similar income' : undefined],
        [savings, savings > 0.9 ? 'similar savings' : undefined],
        [near(log(c.loanAmount), log(target.loanAmount), SCALES.money), undefined],
        [near(c.creditScore, target.creditScore, SCALES.credit), undefined],
        [near(c.tenureYears, target.tenureYears, SCALES.tenure), undefined],
        [
          c.lifeStage === target.lifeStage ? 1 : 0,
          c.lifeStage === target.lifeStage ? c.lifeStage.replace(/_/g, ' ') : undefined,
        ],
        [
          c.segment === target.segment ? 1 : 0,
          c.segment === target.segment ? `${c.segment.replace(/_/g, ' ')} segment` : undefined,
        ],
        [
          c.riskTolerance === target.riskTolerance ? 1 : 0,
          c.riskTolerance === target.riskTolerance ? `${c.riskTolerance} risk tolerance` : undefined,
        ],
        [c.investmentHorizon === target.investmentHorizon ? 1 : 0, undefined],
        [
          union ? common.length / union : 1,
          common.length
            ? common.length <= 2
              ? `also holds ${common.map(productName).join(' and ')}`
              : `${common.length} products in common`
            : undefined,
        ],
      ];
      const similarity = parts.reduce((s, [v]) => s + v, 0) / parts.length;
      return { customer: c, similarity, shared: parts.flatMap(([, why]) => (why ? [why] : [])) };
    });
  return scored.sort((a, b) => b.similarity - a.similarity || a.customer.id.localeCompare(b.customer.id)).slice(0, k);
}
