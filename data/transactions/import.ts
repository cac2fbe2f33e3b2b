import { readCsv, validateRow, type ImportResult, type RowError } from '../importers/rows.ts';
import { TransactionCsvRowSchema, type Transaction } from './schema.ts';

/**
 * Import real transactions from a CSV (optionally .gz) in the documented schema
 * (docs/INTENT.md § "Transaction CSV schema"). Every bad row is reported as `file:line: field:
 * reason`; good rows are kept. Streams rows through `onRow` when given (large files), otherwise
 * collects them.
 */
export async function importTransactionsCsv(
  file: string,
  options: { onRow?: (row: Transaction) => void; maxErrors?: number } = {},
): Promise<ImportResult<Transaction> & { accepted: number }> {
  const rows: Transaction[] = [];
  const errors: RowError[] = [];
  let rejectedRows = 0;
  let accepted = 0;
  let first = true;
  for await (const rec of readCsv(file)) {
    if (first) {
      first = false;
      const missing = ['customerId', 'date', 'amount', 'category', 'merchant'].filter((c) => !(c in rec.values));
      if (missing.length) {
        errors.push({ file, line: 1, field: missing.join(','), reason: 'missing column(s) in header' });
        return { rows, errors, rejectedRows: 1, accepted: 0 };
      }
    }
    const v = validateRow(TransactionCsvRowSchema, rec.values, file, rec.line);
    if (v.ok) {
      accepted++;
      if (options.onRow) options.onRow(v.value);
      else rows.push(v.value);
    } else {
      rejectedRows++;
      if (errors.length < (options.maxErrors ?? 1000)) errors.push(...v.errors);
    }
  }
  return { rows, errors, rejectedRows, accepted };
}
