import type { Customer } from './customer.ts';

/**
 * Who is looking at a customer record. `customer`: the customer themself (widget, customer-mode
 * chat); `rm`: a relationship manager; `supervisor`: sees what an RM sees, for every book.
 */
export type Audience = 'customer' | 'rm' | 'supervisor';

const EVERYONE: readonly Audience[] = ['customer', 'rm', 'supervisor'];
const STAFF: readonly Audience[] = ['rm', 'supervisor'];

/**
 * The one table of which audience may see which field. It lists every key of Customer (the type
 * requires it), so a new field cannot ship without a decision here.
 */
const FIELD_AUDIENCE: { readonly [K in keyof Required<Customer>]: readonly Audience[] } = {
  id: EVERYONE,
  name: EVERYONE,
  age: EVERYONE,
  income: EVERYONE,
  creditScore: EVERYONE,
  creditUtilization: EVERYONE,
  loanAmount: EVERYONE,
  savingsBalance: EVERYONE,
  digitalEngagement: EVERYONE,
  tenureYears: EVERYONE,
  lifeStage: EVERYONE,
  riskTolerance: EVERYONE,
  investmentHorizon: EVERYONE,
  segment: EVERYONE,
  goals: EVERYONE,
  productsHeld: EVERYONE,
  /** The RM's private notes ("do not call at work"): never shown to the customer. */
  notes: STAFF,
  /** Which RM's book: internal routing, not the customer's business. */
  rmId: STAFF,
};

/** The fields of `customer` that `audience` may see (a new object; the input is not changed). */
export function viewCustomer(customer: Customer, audience: Audience): Customer {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(customer)) {
    const allowed = FIELD_AUDIENCE[key as keyof Customer];
    // A field missing from the table (data read from an older or newer store) is staff-only.
    if ((allowed ?? STAFF).includes(audience)) out[key] = value;
  }
  return out as Customer;
}
