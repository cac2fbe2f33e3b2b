#!/usr/bin/env -S npx tsx
/**
 * npm run import -- <source> [--file PATH] [--out FILE] [--accept-bad-rows] [--max-errors N] [--help]
 * Imports one real data source from the shared data dir, validating every row; writes the good
 * rows as JSONL; reports every bad row as `file:line: field: reason`; exits 1 when any row was
 * rejected unless --accept-bad-rows.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { once } from 'node:events';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../lib/config/index.ts';
import { FAQS_FILE, importFaqs } from './faqs.ts';
import { FINANCEBENCH_FILE, importFinanceBench } from './financebench.ts';
import { formatRowError, type ImportResult, importExitCode } from './rows.ts';
import { importSantander, SANTANDER_CUSTOMERS_FILE, SANTANDER_LAGS_FILE } from './santander.ts';
import { importUci, UCI_FILE } from './uci.ts';

interface Source {
  file: string;
  describe: string;
  run: (file: string, dataDir: string) => Promise<ImportResult<unknown> & { rowsRead?: number; duplicates?: number }>;
}

export const SOURCES: Record<string, Source> = {
  uci: {
    file: UCI_FILE,
    describe: 'UCI bank marketing rows (typed; see docs/DATA.md for the customer-facts mapping)',
    run: (f) => importUci(f),
  },
  faqs: {
    file: FAQS_FILE,
    describe: 'bank FAQs → knowledge documents {id, question, answer, class, text}',
    run: (f) => importFaqs(f),
  },
  financebench: {
    file: FINANCEBENCH_FILE,
    describe: 'FinanceBench QA → knowledge documents',
    run: (f) => importFinanceBench(f),
  },
  santander: {
    file: SANTANDER_CUSTOMERS_FILE,
    describe:
      'Santander June-2015 adders (owned in May, added in June) with lag flags (importer: ingest/importers/santander.ts)',
    run: (f, dataDir) =>
      importSantander(
        f,
        f === join(dataDir, SANTANDER_CUSTOMERS_FILE) ? join(dataDir, SANTANDER_LAGS_FILE) : undefined,
      ),
  },
};

const HELP = `Import a real data source, validating every row.

Usage: npm run import -- <source> [options]

Sources (files relative to MERIDIAN_SHARED_DATA_DIR, default ../shared/data):
${Object.entries(SOURCES)
  .map(([name, s]) => `  ${name.padEnd(13)} ${s.file}\n  ${''.padEnd(13)} ${s.describe}`)
  .join('\n')}

Options:
  --file PATH         read this file instead of the source's default
  --out FILE          write good rows as JSONL here (default: <MERIDIAN_STATE_DIR>/data/imports/<source>.jsonl)
  --accept-bad-rows   exit 0 even when rows were rejected (they are still reported)
  --max-errors N      print at most N row errors (default 50; the total is always printed)
  --help              show this help

Exit status: 0 all rows imported (or bad rows accepted), 1 rows rejected, 2 usage or I/O error.
`;

async function writeJsonl(path: string, rows: readonly unknown[]) {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  const out = createWriteStream(tmp);
  for (const row of rows) if (!out.write(`${JSON.stringify(row)}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  await rename(tmp, path);
}

export async function runImport(
  argv: string[],
  io: { out: (s: string) => void; err: (s: string) => void } = {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
  },
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      file: { type: 'string' },
      out: { type: 'string' },
      'accept-bad-rows': { type: 'boolean', default: false },
      'max-errors': { type: 'string', default: '50' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const name = positionals[0];
  if (!name || !(name in SOURCES) || positionals.length > 1) {
    io.err(
      `import: expected one source, one of: ${Object.keys(SOURCES).join(', ')} (got ${JSON.stringify(positionals)})\n`,
    );
    return 2;
  }
  const maxErrors = Number(values['max-errors']);
  if (!Number.isInteger(maxErrors) || maxErrors < 0) {
    io.err(`import: --max-errors: expected a non-negative integer, got ${JSON.stringify(values['max-errors'])}\n`);
    return 2;
  }
  const config = loadConfig();
  const source = SOURCES[name];
  const dataDir = resolve(config.sharedDataDir);
  const file = values.file ? resolve(values.file) : join(dataDir, source.file);
  const started = performance.now();
  const result = await source.run(file, dataDir);
  for (const e of result.errors.slice(0, maxErrors)) io.err(`${formatRowError(e)}\n`);
  if (result.errors.length > maxErrors) io.err(`… and ${result.errors.length - maxErrors} more row errors\n`);
  const outPath = values.out ?? join(config.stateDir, 'data', 'imports', `${name}.jsonl`);
  await writeJsonl(outPath, result.rows);
  const extra = (['rowsRead', 'duplicates'] as const)
    .filter((k) => typeof result[k] === 'number')
    .map((k) => `, ${k} ${result[k]}`)
    .join('');
  const summary = `${name}: ${result.rows.length} imported, ${result.rejectedRows} rejected${extra} from ${file} → ${outPath} in ${((performance.now() - started) / 1000).toFixed(1)}s\n`;
  io.err(summary);
  const code = importExitCode(result, values['accept-bad-rows']);
  if (code !== 0) io.err(`import: ${result.rejectedRows} row(s) rejected; fix them or re-run with --accept-bad-rows\n`);
  return code;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.dirname, 'cli.ts')) {
  runImport(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: Error) => {
      process.stderr.write(`import: ${err.message}\n`);
      process.exit(2);
    },
  );
}
