import { z } from 'zod';

/**
 * One account movement. The same shape for synthetic transactions (JSONL/CSV) and imported real
 * ones (see docs/INTENT.md § "Transaction CSV schema"). Amounts are signed from the account's view:
 * negative = money out of the current account / a purchase on the card; positive = money in /
 * a repayment to the card. `balance` is the account balance after the movement (card: minus the
 * amount owed), which is what overdraft and utilization features read.
 */
export const INCOME_CATEGORIES = ['salary', 'other_income'] as const;
export const SPEND_CATEGORIES = [
  'housing',
  'utilities',
  'groceries',
  'transport',
  'dining',
  'entertainment',
  'shopping',
  'travel',
  'health',
  'education',
  'cash',
  'subscription',
  'loan_payment',
  'overdraft_fee',
] as const;
/** Moves between the customer's own accounts: neither income nor spending. */
const TRANSFER_CATEGORIES = ['savings_transfer', 'card_payment'] as const;
const TRANSACTION_CATEGORIES = [...INCOME_CATEGORIES, ...SPEND_CATEGORIES, ...TRANSFER_CATEGORIES] as const;
export type TransactionCategory = (typeof TRANSACTION_CATEGORIES)[number];
export type SpendCategory = (typeof SPEND_CATEGORIES)[number];

const ACCOUNTS = ['current', 'card'] as const;

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
  .refine(
    (s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    'not a real calendar date',
  );

export const TransactionSchema = z.object({
  customerId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ or -, at most 64'),
  date: isoDate,
  account: z.enum(ACCOUNTS),
  /** Signed, in the bank's currency, at most 2 decimals. */
  amount: z
    .number()
    .finite()
    .refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, 'at most 2 decimals'),
  category: z.enum(TRANSACTION_CATEGORIES),
  merchant: z.string().min(1).max(120),
  /** Account balance after the movement; optional for imported data (overdrafts then come from fees). */
  balance: z.number().finite().optional(),
  /** Card account only: the credit limit at the time (needed for utilization). */
  creditLimit: z.number().min(0).optional(),
});
export type Transaction = z.infer<typeof TransactionSchema>;

const num = (field: string) =>
  z
    .string()
    .trim()
    .min(1, `${field} is required`)
    .transform((s, ctx) => {
      const n = Number(s);
      if (!Number.isFinite(n)) {
        ctx.addIssue({ code: 'custom', message: `not a number: ${JSON.stringify(s)}` });
        return z.NEVER;
      }
      return n;
    });
const optionalNum = z
  .string()
  .trim()
  .optional()
  .transform((s, ctx) => {
    if (s === undefined || s === '') return undefined;
    const n = Number(s);
    if (!Number.isFinite(n)) {
      ctx.addIssue({ code: 'custom', message: `not a number: ${JSON.stringify(s)}` });
      return z.NEVER;
    }
    return n;
  });

/** A CSV row (all strings) → a Transaction. Header: customerId,date,account,amount,category,merchant[,balance][,creditLimit]. */
export const TransactionCsvRowSchema = z
  .object({
    customerId: z.string().trim(),
    date: z.string().trim(),
    account: z
      .string()
      .trim()
      .optional()
      .transform((s) => (s ? s : 'current')),
    amount: num('amount'),
    category: z.string().trim(),
    merchant: z.string().trim(),
    balance: optionalNum,
    creditLimit: optionalNum,
  })
  .transform((row, ctx) => {
    // Then the typed checks of the JSON schema, keeping each issue's field name.
    const parsed = TransactionSchema.safeParse(row);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues)
      ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path as (string | number)[] });
    return z.NEVER;
  });

export const TRANSACTION_CSV_COLUMNS = [
  'customerId',
  'date',
  'account',
  'amount',
  'category',
  'merchant',
  'balance',
  'creditLimit',
] as const;
