import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import type { z } from 'zod';

/**
 * Row reading and validation shared by every importer: CSV (optionally gzipped) with the line
 * number of each record, zod validation, and `file:line: field: reason` errors. Nothing is
 * dropped silently: every rejected row is returned as a `RowError`.
 */
export interface RowError {
  file: string;
  line: number;
  field: string;
  reason: string;
}

export const formatRowError = (e: RowError) => `${e.file}:${e.line}: ${e.field}: ${e.reason}`;

export interface CsvRecord {
  /** 1-based line number where the record starts in the file (header is line 1). */
  line: number;
  values: Record<string, string>;
}

export interface CsvOptions {
  delimiter?: string;
  /** Strip a UTF-8 BOM (Kaggle files have one). */
  bom?: boolean;
}

/** Stream records of a CSV or CSV.gz file, keyed by header, with their starting line numbers. */
export async function* readCsv(file: string, options: CsvOptions = {}): AsyncGenerator<CsvRecord> {
  const source = createReadStream(file);
  const input = file.endsWith('.gz') ? source.pipe(createGunzip()) : source;
  const parser = input.pipe(
    parse({
      columns: true,
      delimiter: options.delimiter ?? ',',
      bom: options.bom ?? true,
      relax_column_count: true,
      info: true,
      trim: false,
    }),
  );
  // csv-parse's info.lines is the line where a record ends; a record with a quoted newline starts
  // earlier, and the start is what a person looks for, so report the line after the previous end.
  let previousEnd = 1;
  for await (const rec of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    yield { line: previousEnd + 1, values: rec.record };
    previousEnd = rec.info.lines;
  }
}

/** Validate one raw object; returns the parsed value or the errors naming each field. */
export function validateRow<S extends z.ZodTypeAny>(
  schema: S,
  raw: unknown,
  file: string,
  line: number,
): { ok: true; value: z.output<S> } | { ok: false; errors: RowError[] } {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((issue) => ({
      file,
      line,
      field: issue.path.length ? issue.path.join('.') : '(row)',
      reason: issue.message,
    })),
  };
}

/** Outcome of an import: good rows, rejected rows, and a decision on the exit code. */
export interface ImportResult<T> {
  rows: T[];
  errors: RowError[];
  /** Distinct rejected rows (a row can have several field errors). */
  rejectedRows: number;
}

/** Non-zero exit unless every row was accepted or the caller accepts bad rows. */
export function importExitCode(result: Pick<ImportResult<unknown>, 'rejectedRows'>, acceptBadRows: boolean): number {
  return result.rejectedRows > 0 && !acceptBadRows ? 1 : 0;
}
