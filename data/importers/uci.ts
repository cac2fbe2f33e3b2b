import { z } from 'zod';
import type { Customer } from '../../domain/index.ts';
import { type ImportResult, readCsv, type RowError, validateRow } from './rows.ts';

/**
 * UCI Bank Marketing (`bank-full.csv.gz` / `bank.csv.gz`, `;`-separated; SOURCES.md §2 and
 * bank-names.txt) → typed rows, plus a documented mapping to partial customer facts.
 * `duration` is kept as a typed field but it leaks the label (UCI's own note): never a feature.
 */
export const UCI_FILE = 'uci-bank-marketing/bank-full.csv.gz';

const yesNo = z.enum(['yes', 'no'], { message: 'expected "yes" or "no"' }).transform((v) => v === 'yes');
const int = (min: number, max: number) =>
  z
    .string({ message: 'missing' })
    .trim()
    .regex(/^-?\d+$/, 'expected an integer')
    .transform(Number)
    .pipe(z.number().min(min, `below ${min}`).max(max, `above ${max}`));

const UCI_JOBS = [
  'admin.',
  'unknown',
  'unemployed',
  'management',
  'housemaid',
  'entrepreneur',
  'student',
  'blue-collar',
  'self-employed',
  'retired',
  'technician',
  'services',
] as const;
const UCI_MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] as const;

const UciRowSchema = z.object({
  age: int(16, 110),
  job: z.enum(UCI_JOBS),
  marital: z.enum(['married', 'divorced', 'single']),
  education: z.enum(['unknown', 'secondary', 'primary', 'tertiary']),
  default: yesNo,
  /** Average yearly balance, euros (can be negative). */
  balance: int(-1_000_000, 100_000_000),
  housing: yesNo,
  loan: yesNo,
  contact: z.enum(['unknown', 'telephone', 'cellular']),
  day: int(1, 31),
  month: z.enum(UCI_MONTHS),
  /** Seconds; LEAKS the label — never use as a feature. */
  duration: int(0, 100_000),
  campaign: int(1, 1_000),
  /** Days since last contact in a previous campaign; -1 = never contacted. */
  pdays: int(-1, 10_000),
  previous: int(0, 1_000),
  poutcome: z.enum(['unknown', 'other', 'failure', 'success']),
  /** Subscribed a term deposit. */
  y: yesNo,
});
export type UciRow = z.output<typeof UciRowSchema>;

export interface UciImportOptions {
  /** Stop after this many data rows (tests, previews). */
  limit?: number;
}

export async function importUci(
  file: string,
  options: UciImportOptions = {},
): Promise<ImportResult<UciRow & { line: number }>> {
  const rows: (UciRow & { line: number })[] = [];
  const errors: RowError[] = [];
  let rejectedRows = 0;
  for await (const rec of readCsv(file, { delimiter: ';' })) {
    const v = validateRow(UciRowSchema, rec.values, file, rec.line);
    if (v.ok) rows.push({ ...v.value, line: rec.line });
    else {
      errors.push(...v.errors);
      rejectedRows++;
    }
    if (options.limit && rows.length + rejectedRows >= options.limit) break;
  }
  return { rows, errors, rejectedRows };
}

/**
 * What a UCI row tells us about a Meridian customer (documented in docs/DATA.md). Only facts the
 * row supports: no income or credit score is invented.
 *  - age → age; job/marital/age → lifeStage (student job → student; retired job or age ≥ 65 →
 *    retired; 58–64 → pre_retirement; married/divorced under 45 → young_family; 45–57 →
 *    established_family; otherwise young_professional).
 *  - balance (EUR, yearly average) → savingsBalance = max(0, balance), in the bank's currency unconverted.
 *  - housing / loan / default → hasMortgage / hasPersonalLoan / inDefault.
 *  - y → subscribedTermDeposit (the campaign outcome; label for term-deposit propensity).
 */
export interface UciCustomerFacts {
  customer: Pick<Customer, 'age' | 'lifeStage' | 'savingsBalance'>;
  hasMortgage: boolean;
  hasPersonalLoan: boolean;
  inDefault: boolean;
  subscribedTermDeposit: boolean;
}

export function uciLifeStage(row: Pick<UciRow, 'age' | 'job' | 'marital'>): Customer['lifeStage'] {
  if (row.job === 'student') return 'student';
  if (row.job === 'retired' || row.age >= 65) return 'retired';
  if (row.age >= 58) return 'pre_retirement';
  if (row.age >= 45) return 'established_family';
  if (row.marital !== 'single') return 'young_family';
  return 'young_professional';
}

export function uciToCustomerFacts(row: UciRow): UciCustomerFacts {
  return {
    customer: { age: Math.max(18, row.age), lifeStage: uciLifeStage(row), savingsBalance: Math.max(0, row.balance) },
    hasMortgage: row.housing,
    hasPersonalLoan: row.loan,
    inDefault: row.default,
    subscribedTermDeposit: row.y,
  };
}
