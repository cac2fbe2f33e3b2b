import { z } from 'zod';

/**
 * The one configuration module. Read once at start (`loadConfig()`), then passed down as
 * arguments: nothing else in the project reads `process.env` for settings.
 *
 * Each entry maps an environment variable to a typed, defaulted field. A bad value fails at
 * start with the variable's name and what is allowed (`ConfigError`).
 */

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const list = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
);

/** variable name → [field name, schema with default, secret?] */
const spec = {
  NODE_ENV: ['nodeEnv', z.enum(['development', 'production', 'test']).default('development')],
  LOG_LEVEL: ['logLevel', z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')],
  HOST: ['host', z.string().min(1).default('127.0.0.1')],
  PORT: ['port', int(0, 65535).default(3000)],

  // Where things live.
  MERIDIAN_STATE_DIR: ['stateDir', z.string().min(1).default('.meridian')],
  MERIDIAN_ARTIFACTS_DIR: ['artifactsDir', z.string().min(1).default('artifacts')],
  MERIDIAN_MODELS_DIR: ['modelsDir', z.string().min(1).default('models')],
  MERIDIAN_SHARED_DATA_DIR: ['sharedDataDir', z.string().min(1).default('../shared/data')],
  MERIDIAN_ALLOW_DOWNLOADS: ['allowDownloads', bool.default(true)],

  // Data and ingestion.
  MERIDIAN_SEED: ['seed', int(0, 2 ** 31 - 1).default(42)],
  MERIDIAN_CUSTOMERS: ['customers', int(1, 10_000_000).default(10_000)],
  /** Imported transactions (CSV in docs/INTENT.md's schema, or JSONL) for insights; unset = regenerate synthetic ones from the seed. */
  MERIDIAN_TRANSACTIONS_FILE: ['transactionsFile', z.string().min(1).optional()],

  // Models.
  MERIDIAN_EMBEDDER: ['embedder', z.enum(['auto', 'minilm', 'offline']).default('auto')],
  MERIDIAN_RERANKER: ['reranker', z.enum(['auto', 'cross-encoder', 'fallback', 'none']).default('auto')],

  // Chroma: a child `chroma run` unless CHROMA_URL points at a server.
  CHROMA_URL: ['chromaUrl', z.string().url().optional()],
  CHROMA_PORT: ['chromaPort', int(1, 65535).default(8765)],

  // Shared state: unset → conversations in memory, audit and feedback as JSONL files under the state dir.
  // A PostgreSQL URL → conversations, audit, feedback and rate-limit counters in that database (several instances).
  DATABASE_URL: [
    'databaseUrl',
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'a postgres:// URL')
      .optional(),
    true,
  ],
  MERIDIAN_DB_POOL_MAX: ['dbPoolMax', int(1, 1000).default(10)],
  /** Longest wait for a connection, and longest statement, in ms; past it the request answers 503. */
  MERIDIAN_DB_TIMEOUT_MS: ['dbTimeoutMs', int(100, 600_000).default(5_000)],

  // Generation.
  MERIDIAN_GENERATOR: ['generator', z.enum(['auto', 'llama', 'openai', 'template']).default('auto')],
  MERIDIAN_LLM_MODEL: ['llmModel', z.string().min(1).default('hf:TheBloke/zephyr-7B-beta-GGUF:Q4_K_M')],
  MERIDIAN_LLM_GPU: ['llmGpu', z.enum(['auto', 'cuda', 'vulkan', 'metal', 'false']).default('auto')],
  MERIDIAN_LLM_THREADS: ['llmThreads', int(0, 1024).default(0)],
  MERIDIAN_LLM_SEQUENCES: ['llmSequences', int(1, 64).default(4)],
  MERIDIAN_LLM_CONTEXT: ['llmContextSize', int(256, 131072).default(4096)],
  MERIDIAN_LLM_QUEUE: ['llmQueue', int(0, 10_000).default(32)],
  MERIDIAN_LLM_TIMEOUT_MS: ['llmTimeoutMs', int(100, 3_600_000).default(120_000)],
  MERIDIAN_LLM_MAX_TOKENS: ['llmMaxTokens', int(1, 8192).default(512)],
  OPENAI_BASE_URL: ['openaiBaseUrl', z.string().url().optional()],
  OPENAI_API_KEY: ['openaiApiKey', z.string().optional(), true],
  OPENAI_MODEL: ['openaiModel', z.string().default('zephyr-7b-beta')],

  // HTTP and auth.
  MERIDIAN_RM_API_KEYS: ['rmApiKeys', list.default(['meridian-dev-rm-key']), true],
  MERIDIAN_JWT_SECRET: ['jwtSecret', z.string().min(16).default('meridian-dev-jwt-secret-change-me'), true],
  MERIDIAN_CORS_ORIGINS: ['corsOrigins', list.default(['http://localhost:3000', 'http://127.0.0.1:3000'])],
  MERIDIAN_RATE_LIMIT_PER_MIN: ['rateLimitPerMin', int(1, 1_000_000).default(600)],
  MERIDIAN_REQUEST_TIMEOUT_MS: ['requestTimeoutMs', int(100, 3_600_000).default(30_000)],
  MERIDIAN_BODY_LIMIT_BYTES: ['bodyLimitBytes', int(1024, 100_000_000).default(64 * 1024)],
} as const satisfies Record<string, readonly [string, z.ZodTypeAny] | readonly [string, z.ZodTypeAny, true]>;

type Spec = typeof spec;
export type Config = {
  -readonly [K in keyof Spec as Spec[K][0]]: z.output<Spec[K][1]>;
};

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly reason: string,
  ) {
    super(`Invalid setting ${variable}: ${reason}`);
    this.name = 'ConfigError';
  }
}

function describeAllowed(schema: z.ZodTypeAny): string {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const inner = (json.anyOf as Record<string, unknown>[] | undefined)?.[0] ?? json;
  if (Array.isArray(inner.enum)) return `one of ${inner.enum.join(', ')}`;
  if (inner.type === 'integer' || inner.type === 'number')
    return `a number${inner.minimum !== undefined ? ` ≥ ${inner.minimum}` : ''}${inner.maximum !== undefined ? ` ≤ ${inner.maximum}` : ''}`;
  if (inner.format === 'uri') return 'a URL';
  if (typeof inner.pattern === 'string') return `a string matching ${inner.pattern}`;
  return 'a string';
}

/** Parse settings from an environment. Unknown MERIDIAN_* variables are errors (typos). */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const out: Record<string, unknown> = {};
  for (const [variable, entry] of Object.entries(spec)) {
    const [field, schema] = entry;
    const secret = entry.length === 3;
    const raw = env[variable];
    const parsed = (schema as z.ZodTypeAny).safeParse(raw === '' ? undefined : raw);
    if (!parsed.success) {
      // A secret's value is never echoed (a database URL carries its password).
      const got = secret && raw !== undefined ? mask(raw) : raw;
      throw new ConfigError(
        variable,
        `got ${JSON.stringify(got)}; allowed: ${describeAllowed(schema as z.ZodTypeAny)}`,
      );
    }
    out[field] = parsed.data;
  }
  for (const variable of Object.keys(env)) {
    if (variable.startsWith('MERIDIAN_') && !(variable in spec)) {
      throw new ConfigError(
        variable,
        `unknown setting; known: ${Object.keys(spec)
          .filter((k) => k.startsWith('MERIDIAN_'))
          .join(', ')}`,
      );
    }
  }
  return out as Config;
}

/** The settings with secrets masked, for the one line printed at start. */
export function describeConfig(config: Config): Record<string, unknown> {
  const shown: Record<string, unknown> = {};
  for (const entry of Object.values(spec)) {
    const field = entry[0];
    const secret = entry.length === 3;
    const value = (config as Record<string, unknown>)[field];
    shown[field] = secret && value !== undefined ? mask(value) : value;
  }
  return shown;
}

function mask(value: unknown): string | string[] {
  const one = (s: string) => (s.length <= 4 ? '****' : `${s.slice(0, 2)}****`);
  return Array.isArray(value) ? value.map((v) => one(String(v))) : one(String(value));
}

/** Settings for tests: defaults plus overrides, never the process environment. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), ...overrides };
}
