import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { z } from 'zod';
import { formatRowError, type RowError, validateRow } from '../importers/rows.ts';

export interface ReadJsonlOptions {
  /**
   * Called for each bad line (invalid JSON or schema failure), one call per field error; reading
   * continues. Without it the first bad line throws a `JsonlError` naming `file:line: field: reason`.
   */
  onError?: (error: RowError) => void;
}

export class JsonlError extends Error {
  constructor(readonly errors: RowError[]) {
    super(errors.map(formatRowError).join('\n'));
    this.name = 'JsonlError';
  }
}

/** Validated records of a JSONL (or JSONL.gz) file with their 1-based line numbers. Blank lines are skipped. */
export async function* readJsonlRecords<S extends z.ZodTypeAny>(
  file: string,
  schema: S,
  options: ReadJsonlOptions = {},
): AsyncGenerator<{ line: number; value: z.output<S> }> {
  const source = createReadStream(file);
  const input = file.endsWith('.gz') ? source.pipe(createGunzip()) : source;
  const lines = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of lines) {
      line++;
      if (text.trim() === '') continue;
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch (e) {
        const err = { file, line, field: '(json)', reason: (e as Error).message };
        if (!options.onError) throw new JsonlError([err]);
        options.onError(err);
        continue;
      }
      const result = validateRow(schema, raw, file, line);
      if (result.ok) yield { line, value: result.value };
      else if (options.onError) result.errors.forEach(options.onError);
      else throw new JsonlError(result.errors);
    }
  } finally {
    lines.close();
    source.destroy();
  }
}

/** Validated values of a JSONL file (see readJsonlRecords). */
export async function* readJsonl<S extends z.ZodTypeAny>(
  file: string,
  schema: S,
  options: ReadJsonlOptions = {},
): AsyncGenerator<z.output<S>> {
  for await (const record of readJsonlRecords(file, schema, options)) yield record.value;
}
