import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { readCsv, validateRow, formatRowError, type RowError } from '../../data/importers/rows.ts';
import { ValidationError } from '../../lib/errors/index.ts';

/**
 * The real banking77 data (../shared/data/banking77, SOURCES.md §3): CRLF files with quoted line
 * breaks, so they go through the shared CSV reader, never line splitting.
 */
export interface IntentExample {
  text: string;
  label: number;
  line: number;
}
export interface Banking77 {
  labels: string[];
  train: IntentExample[];
  test: IntentExample[];
}

const BANKING77_DIR = 'banking77';
const Row = z.object({ text: z.string().trim().min(1, 'empty text'), category: z.string().min(1) });

async function readSplit(file: string, index: Map<string, number>): Promise<IntentExample[]> {
  const out: IntentExample[] = [];
  const errors: RowError[] = [];
  for await (const rec of readCsv(file)) {
    const v = validateRow(Row, rec.values, file, rec.line);
    if (!v.ok) {
      errors.push(...v.errors);
      continue;
    }
    const label = index.get(v.value.category);
    if (label === undefined) {
      errors.push({
        file,
        line: rec.line,
        field: 'category',
        reason: `unknown intent ${JSON.stringify(v.value.category)}`,
      });
      continue;
    }
    out.push({ text: v.value.text, label, line: rec.line });
  }
  if (errors.length) throw new ValidationError(file, `${errors.length} bad rows; first: ${formatRowError(errors[0]!)}`);
  return out;
}

export async function loadBanking77(sharedDataDir: string): Promise<Banking77> {
  const dir = join(sharedDataDir, BANKING77_DIR);
  const labels = z
    .array(z.string())
    .length(77)
    .parse(JSON.parse(await readFile(join(dir, 'categories.json'), 'utf8')));
  const index = new Map(labels.map((l, i) => [l, i]));
  const [train, test] = await Promise.all([
    readSplit(join(dir, 'train.csv'), index),
    readSplit(join(dir, 'test.csv'), index),
  ]);
  return { labels, train, test };
}

/** MTEB's undersampling: `perLabel` random examples of each label (seeded), as indices into `examples`. */
export function undersample(examples: { label: number }[], perLabel: number, seed: number): number[] {
  let s = seed >>> 0 || 1;
  const rand = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
  const order = examples.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const taken = new Map<number, number>();
  const out: number[] = [];
  for (const i of order) {
    const l = examples[i]!.label;
    const k = taken.get(l) ?? 0;
    if (k < perLabel) {
      taken.set(l, k + 1);
      out.push(i);
    }
  }
  return out;
}
