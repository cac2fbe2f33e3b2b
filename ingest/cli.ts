/**
 * `npm run ingest -- [options]`: embed the catalog, bank FAQs and customers into Chroma.
 * Settings come from the config module (environment); options here override them for one run.
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { describeConfig, loadConfig, type Config } from '../lib/config/index.ts';
import { createLogger } from '../lib/log/index.ts';
import { MeridianError } from '../lib/errors/index.ts';
import { chromaForConfig } from '../lib/chroma-server/index.ts';
import { ChromaVectorStore } from '../lib/vector-store/chroma.ts';
import { COLLECTIONS, type CollectionName } from '../lib/vector-store/types.ts';
import { createEmbedder } from '../ml/embedder/index.ts';
import { ingestAll } from './pipeline/index.ts';

export const HELP = `Usage: npm run ingest -- [options]

Embeds three collections into ChromaDB, idempotently (unchanged records are skipped by content
hash; a killed run is finished by running it again, without duplicates):
  products   product fact sheets and terms chunks (ingest/catalog)
  knowledge  bank FAQ answers with their questions (<sharedDataDir>/bank-faqs/BankFAQs.csv)
  customers  one description per customer (ingest/describe) + filterable metadata; the synthetic
             dataset (<stateDir>/data/synthetic) is generated first when missing

Options:
  --customers <n>        synthetic customers to generate/ingest (MERIDIAN_CUSTOMERS, default 10000)
  --seed <n>             synthetic data seed (MERIDIAN_SEED, default 42)
  --input <file.jsonl>   ingest customers from this JSONL file (one Customer per line) instead
  --rm-books <file.csv>  put customers in RMs' books from a CSV with columns customer_id,rm_id
                         (MERIDIAN_RM_BOOKS_FILE; wins over an rmId field in the customers)
  --collections <list>   comma-separated subset of: ${COLLECTIONS.join(', ')} (default: all)
  --embedder <name>      auto | minilm | offline (MERIDIAN_EMBEDDER; auto = MiniLM when its
                         weights are in the models dir, else the offline model)
  --models-dir <dir>     models directory, Hugging Face layout (MERIDIAN_MODELS_DIR, default models)
  --no-downloads         never download models from the hub (MERIDIAN_ALLOW_DOWNLOADS=false)
  --chroma-url <url>     use this Chroma server instead of starting \`chroma run\` (CHROMA_URL)
  --chroma-port <port>   port of the child Chroma server (CHROMA_PORT, default 8765)
  --state-dir <dir>      runtime state: Chroma data, synthetic data (MERIDIAN_STATE_DIR, default .meridian)
  --batch-size <n>       records per embedding batch (default 256; upserts carry 4x as many)
  --reset                drop the selected collections first (needed after switching embedder)
  --no-progress          no progress output
  -h, --help             show this help

Exit codes: 0 done; 1 failed (the message names the cause: model files, Chroma, bad input rows).`;

export interface CliOptions {
  config: Config;
  collections: CollectionName[];
  input?: string;
  reset: boolean;
  batchSize: number;
  progress: boolean;
}

export function parseCli(argv: string[], env: Record<string, string | undefined> = process.env): CliOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      customers: { type: 'string' },
      seed: { type: 'string' },
      input: { type: 'string' },
      'rm-books': { type: 'string' },
      collections: { type: 'string' },
      embedder: { type: 'string' },
      'models-dir': { type: 'string' },
      'no-downloads': { type: 'boolean' },
      'chroma-url': { type: 'string' },
      'chroma-port': { type: 'string' },
      'state-dir': { type: 'string' },
      'batch-size': { type: 'string' },
      reset: { type: 'boolean' },
      'no-progress': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  // Options are applied through the config module so they are validated like the environment.
  const overrides: Record<string, string | undefined> = {
    MERIDIAN_CUSTOMERS: values.customers,
    MERIDIAN_SEED: values.seed,
    MERIDIAN_EMBEDDER: values.embedder,
    MERIDIAN_MODELS_DIR: values['models-dir'],
    MERIDIAN_RM_BOOKS_FILE: values['rm-books'],
    MERIDIAN_ALLOW_DOWNLOADS: values['no-downloads'] ? 'false' : undefined,
    CHROMA_URL: values['chroma-url'],
    CHROMA_PORT: values['chroma-port'],
    MERIDIAN_STATE_DIR: values['state-dir'],
  };
  const merged = { ...env };
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) merged[k] = v;
  const config = loadConfig(merged);
  const collections = (values.collections ?? COLLECTIONS.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const c of collections) {
    if (!(COLLECTIONS as readonly string[]).includes(c))
      throw new MeridianError(`--collections: unknown collection "${c}"; allowed: ${COLLECTIONS.join(', ')}`);
  }
  const batchSize = Number(values['batch-size'] ?? 256);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000)
    throw new MeridianError(`--batch-size: got ${values['batch-size']}; allowed: an integer 1–10000`);
  return {
    config,
    collections: collections as CollectionName[],
    input: values.input,
    reset: Boolean(values.reset),
    batchSize,
    progress: !values['no-progress'],
  };
}

async function main(): Promise<number> {
  let parsed: CliOptions | 'help';
  try {
    parsed = parseCli(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n\n${HELP}\n`);
    return 1;
  }
  if (parsed === 'help') {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const { config } = parsed;
  const log = createLogger(config.logLevel);
  log.info({ config: describeConfig(config) }, 'ingest: configuration');
  const chroma = await chromaForConfig(config);
  try {
    const store = new ChromaVectorStore({ url: chroma.url });
    const embedder = await createEmbedder({ config, log });
    const report = await ingestAll({
      config,
      store,
      embedder,
      log,
      collections: parsed.collections,
      customersFile: parsed.input,
      reset: parsed.reset,
      batchSize: parsed.batchSize,
      progress: parsed.progress,
    });
    log.info({ report }, 'ingest: done');
    await embedder.dispose?.();
    return 0;
  } finally {
    await chroma.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`ingest failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
