#!/usr/bin/env -S npx tsx
/**
 * npm run generate -- [--customers N] [--seed S] [--out DIR] [--quiet] [--help]
 * Writes the synthetic dataset (see docs/DATA.md). Defaults come from the one config module.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../lib/config/index.ts';
import { createProgress } from '../../lib/progress/index.ts';
import { defaultSyntheticDir, writeSyntheticDataset } from './write.ts';

const HELP = `Generate the synthetic Meridian dataset (deterministic from a seed).

Usage: npm run generate -- [options]

Options:
  --customers N   number of customers (default: MERIDIAN_CUSTOMERS, 10000); 1,000,000 runs in bounded memory
  --seed S        integer seed (default: MERIDIAN_SEED, 42); same seed → byte-identical files
  --out DIR       output directory (default: <MERIDIAN_STATE_DIR>/data/synthetic, i.e. .meridian/data/synthetic)
  --quiet         no progress output
  --help          show this help

Writes customers.jsonl, preferences.jsonl (HIDDEN preferences, evaluation only),
adoptions.jsonl (next-period adds), products.json and manifest.json (seed, count, schema
version, sha256 of each file). See docs/DATA.md.
`;

function parseIntArg(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`--${name}: expected an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return n;
}

export interface CliIo {
  out: (s: string) => void;
  err: NodeJS.WriteStream | { write(s: string): unknown; isTTY?: boolean };
}

/** Exit status: 0 written, 2 bad arguments or I/O error (message names the option or file). */
export async function runGenerate(
  argv: string[],
  io: CliIo = { out: (s) => process.stdout.write(s), err: process.stderr },
): Promise<number> {
  try {
    return await generate(argv, io);
  } catch (e) {
    io.err.write(`generate: ${(e as Error).message}\n`);
    return 2;
  }
}

async function generate(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      customers: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const config = loadConfig();
  const count = parseIntArg('customers', values.customers, 1, 10_000_000) ?? config.customers;
  const seed = parseIntArg('seed', values.seed, 0, 2 ** 31 - 1) ?? config.seed;
  const dir = values.out ?? defaultSyntheticDir(config);
  const progress = createProgress({
    label: 'generate',
    total: count,
    unit: 'customers',
    silent: values.quiet,
    stream: io.err,
  });
  let last = 0;
  const manifest = await writeSyntheticDataset({
    dir,
    seed,
    count,
    onProgress: (done) => {
      progress.tick(done - last);
      last = done;
    },
  });
  progress.done();
  if (!values.quiet) {
    io.err.write(
      `wrote ${count} customers (seed ${seed}) to ${dir}: mean ${manifest.stats.meanProductsHeld} products held, ` +
        `${manifest.stats.adders} next-period adders; customers.jsonl sha256 ${manifest.files['customers.jsonl'].sha256}\n`,
    );
  }
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.dirname, 'cli.ts')) {
  runGenerate(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: Error) => {
      process.stderr.write(`generate: ${err.message}\n`);
      process.exit(2);
    },
  );
}
