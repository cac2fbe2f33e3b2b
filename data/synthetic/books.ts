/**
 * Which relationship manager's book a synthetic customer is in: customer i goes to RM (i mod 20) + 1,
 * so every book is a representative slice of the population (about 500 clients at 10,000 customers)
 * and a customer's RM does not depend on how many customers were generated. No random draw is used,
 * so adding books changed no other field of any customer.
 */
const SYNTHETIC_RM_COUNT = 20;

export const syntheticRmId = (index: number): string =>
  `rm-${String((index % SYNTHETIC_RM_COUNT) + 1).padStart(2, '0')}`;
