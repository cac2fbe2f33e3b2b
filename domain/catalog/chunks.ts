import type { Product } from '../index.ts';

/** A passage of the `products` collection: one fact sheet plus the terms in small chunks. */
export interface ProductPassage {
  /** Stable: `<productId>#facts` or `<productId>#terms-<n>`. */
  id: string;
  productId: string;
  text: string;
}

const CATEGORY_WORDS: Record<Product['category'], string> = {
  current_account: 'current account',
  credit_card: 'credit card',
  personal_loan: 'personal loan',
  mortgage: 'mortgage',
  savings: 'savings account',
  term_deposit: 'fixed term deposit',
  fund: 'investment fund',
  brokerage: 'brokerage / investing account',
  wealth_management: 'wealth management service',
  insurance: 'insurance',
  pension: 'pension',
};

export const categoryWords = (c: Product['category']) => CATEGORY_WORDS[c];

/** The product's figures in one sentence-y passage, so retrieval can match "low-risk savings". */
function productFacts(product: Product): string {
  const { eligibility: e } = product;
  const parts = [`${product.name}: ${CATEGORY_WORDS[product.category]}, risk level ${product.riskLevel} of 5.`];
  if (product.expectedYieldPct !== undefined) parts.push(`Expected yield ${product.expectedYieldPct}% a year.`);
  if (product.aprPct !== undefined) parts.push(`APR ${product.aprPct}%.`);
  parts.push(product.durationMonths > 0 ? `Term ${product.durationMonths} months.` : 'No fixed term.');
  parts.push(product.annualFee > 0 ? `Annual fee £${product.annualFee}.` : 'No annual fee.');
  if (product.feeNotes) parts.push(`Fees: ${product.feeNotes}.`);
  const rules: string[] = [];
  if (e.minCreditScore > 300) rules.push(`credit score at least ${e.minCreditScore}`);
  if (e.minIncome > 0) rules.push(`income at least £${e.minIncome.toLocaleString('en-GB')} a year`);
  if (e.minAge > 18) rules.push(`aged ${e.minAge} or over`);
  if (e.maxAge < 120) rules.push(`aged ${e.maxAge} or under`);
  parts.push(rules.length ? `Eligibility: ${rules.join(', ')}.` : 'Eligibility: any adult customer.');
  return parts.join(' ');
}

/** Split on sentence ends, keeping figures like "4.5%" or "£1,000" intact. */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+(?=[A-Z£0-9])/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Passages for the `products` collection: the fact sheet, then the terms grouped
 * `sentencesPerChunk` sentences at a time (small chunks let the reranker cite the exact clause).
 */
export function productChunks(product: Product, sentencesPerChunk = 2): ProductPassage[] {
  const out: ProductPassage[] = [{ id: `${product.id}#facts`, productId: product.id, text: productFacts(product) }];
  const s = sentences(product.terms);
  for (let i = 0; i < s.length; i += sentencesPerChunk) {
    out.push({
      id: `${product.id}#terms-${i / sentencesPerChunk}`,
      productId: product.id,
      text: `${product.name} terms: ${s.slice(i, i + sentencesPerChunk).join(' ')}`,
    });
  }
  return out;
}
