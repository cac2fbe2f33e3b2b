import type { Product } from '../index.ts';
import { PRODUCTS } from './products.ts';

export { PRODUCTS } from './products.ts';
export { productChunks, categoryWords, sentences } from './chunks.ts';

const BY_ID = new Map(PRODUCTS.map((p) => [p.id, p]));

/** The catalog product with this id, or undefined. */
export const productById = (id: string): Product | undefined => BY_ID.get(id);

/**
 * Products launched this period: nobody holds them yet (the generator never puts them in
 * productsHeld), so only next-period adoptions and the recommender can surface who should hear
 * about them ("who should I call about the new wealth product?").
 */
export const NEW_PRODUCT_IDS: ReadonlySet<string> = new Set(['wealth-premier']);

/** Ids of every product, in catalog order (the recommender's item index). */
export const PRODUCT_IDS: readonly string[] = PRODUCTS.map((p) => p.id);

/** Whether a customer meets a product's hard eligibility rules (credit score, income, age). */
export function meetsEligibility(
  customer: { creditScore: number; income: number; age: number },
  product: Pick<Product, 'eligibility'>,
): boolean {
  const e = product.eligibility;
  return (
    customer.creditScore >= e.minCreditScore &&
    customer.income >= e.minIncome &&
    customer.age >= e.minAge &&
    customer.age <= e.maxAge
  );
}
