import { z } from 'zod';
import { CustomerSchema, type Customer } from '../../domain/index.ts';
import { MeridianError } from '../../lib/errors/index.ts';
import { formatRowError, type ImportResult, readCsv, type RowError, validateRow } from './rows.ts';

/**
 * Which RM's book each customer is in, from a CSV mapping file with the columns `customer_id` and
 * `rm_id` (a bank's CRM export). A customer listed twice with two RMs is an error naming both lines;
 * the same pair repeated is accepted once.
 */
const RowSchema = z.object({
  customer_id: CustomerSchema.shape.id,
  rm_id: CustomerSchema.shape.rmId.unwrap(),
});

export interface RmBookMap extends ImportResult<{ customerId: string; rmId: string }> {
  /** customer id → RM id, from the accepted rows. */
  byCustomer: ReadonlyMap<string, string>;
}

export async function importRmBooks(file: string): Promise<RmBookMap> {
  const byCustomer = new Map<string, { rmId: string; line: number }>();
  const rows: { customerId: string; rmId: string }[] = [];
  const errors: RowError[] = [];
  let rejectedRows = 0;
  for await (const rec of readCsv(file)) {
    const v = validateRow(RowSchema, rec.values, file, rec.line);
    if (!v.ok) {
      errors.push(...v.errors);
      rejectedRows++;
      continue;
    }
    const { customer_id: customerId, rm_id: rmId } = v.value;
    const earlier = byCustomer.get(customerId);
    if (earlier && earlier.rmId !== rmId) {
      errors.push({
        file,
        line: rec.line,
        field: 'rm_id',
        reason: `${customerId} is already in ${earlier.rmId}'s book (line ${earlier.line}); a customer has one RM`,
      });
      rejectedRows++;
      continue;
    }
    if (earlier) continue;
    byCustomer.set(customerId, { rmId, line: rec.line });
    rows.push({ customerId, rmId });
  }
  return {
    rows,
    errors,
    rejectedRows,
    byCustomer: new Map([...byCustomer].map(([id, v]) => [id, v.rmId])),
  };
}

/**
 * Read a mapping file for ingestion: any rejected row stops it (a customer silently left out of a
 * book, or put in the wrong one, is worse than a failed run), listing every bad row as file:line.
 */
export async function loadRmBooks(file: string): Promise<ReadonlyMap<string, string>> {
  const map = await importRmBooks(file);
  if (map.errors.length)
    throw new MeridianError(
      `RM book mapping ${file}: ${map.rejectedRows} bad row(s)\n${map.errors.map(formatRowError).join('\n')}`,
    );
  return map.byCustomer;
}

/** The customer with its RM from the mapping (the mapping wins over a column in the customers file). */
export function assignRm(customer: Customer, books: ReadonlyMap<string, string>): Customer {
  const rmId = books.get(customer.id);
  return rmId === undefined || rmId === customer.rmId ? customer : { ...customer, rmId };
}
