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

/**
 * `<rm id>=<key>` entries: each key authenticates one RM, who sees exactly the customers of their book.
 * A bare key is refused rather than guessed at: a key that sees every book is a supervisor's.
 */
const rmKeyList = list.transform((entries, ctx) =>
  entries.flatMap((entry, i) => {
    const m = /^([A-Za-z0-9_-]{1,64})=(.+)$/.exec(entry);
    if (m) return [{ rmId: m[1]!, key: m[2]! }];
    ctx.addIssue({
      code: 'custom',
      message: `entry ${i + 1} names no RM: write <rm id>=<key> (keys that see every book go in MERIDIAN_SUPERVISOR_API_KEYS)`,
    });
    return [];
  }),
);
type RmApiKey = { rmId: string; key: string };

/** Built-in credentials for development; production mode refuses to start with them. */
const DEV_RM_API_KEY = 'meridian-dev-rm-key';
const DEV_JWT_SECRET = 'meridian-dev-jwt-secret-change-me';
/** HS256 secrets shorter than this are refused in production (RFC 7518 §3.2: at least the hash size). */
const MIN_PRODUCTION_SECRET_BYTES = 32;

/** variable name → [field name, schema with default, secret?] */
const spec = {
  NODE_ENV: ['nodeEnv', z.enum(['development', 'production', 'test']).default('development')],
  /** Either this or NODE_ENV=production turns on production mode (see productionProblems). */
  MERIDIAN_ENV: ['meridianEnv', z.enum(['development', 'production', 'test']).optional()],
  LOG_LEVEL: ['logLevel', z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')],
  HOST: ['host', z.string().min(1).default('127.0.0.1')],
  PORT: ['port', int(0, 65535).default(3000)],

  // Where things live.
  MERIDIAN_STATE_DIR: ['stateDir', z.string().min(1).default('.meridian')],
  MERIDIAN_ARTIFACTS_DIR: ['artifactsDir', z.string().min(1).default('artifacts')],
  MERIDIAN_MODELS_DIR: ['modelsDir', z.string().min(1).default('models')],
  MERIDIAN_SHARED_DATA_DIR: ['sharedDataDir', z.string().min(1).default('../shared/data')],
  /** Run-time model downloads; unset = on in development, off in production. */
  MERIDIAN_ALLOW_DOWNLOADS: ['allowDownloads', bool.optional()],

  // Data and ingestion.
  MERIDIAN_SEED: ['seed', int(0, 2 ** 31 - 1).default(42)],
  MERIDIAN_CUSTOMERS: ['customers', int(1, 10_000_000).default(10_000)],
  /** Imported transactions (CSV in docs/INTENT.md's schema, or JSONL) for insights; unset = regenerate synthetic ones from the seed. */
  /** CSV `customer_id,rm_id`: which RM's book each ingested customer is in (over any rmId in the customers). */
  MERIDIAN_RM_BOOKS_FILE: ['rmBooksFile', z.string().min(1).optional()],
  MERIDIAN_TRANSACTIONS_FILE: ['transactionsFile', z.string().min(1).optional()],

  // Models.
  MERIDIAN_EMBEDDER: ['embedder', z.enum(['auto', 'minilm', 'offline']).default('auto')],
  MERIDIAN_RERANKER: ['reranker', z.enum(['auto', 'cross-encoder', 'fallback', 'none']).default('auto')],

  // CPU work off the event loop (recommender scoring and SHAP): worker threads (0 = one per core)
  // and how many calls may wait for one before the server answers 429.
  MERIDIAN_WORKER_THREADS: ['workerThreads', int(0, 256).default(0)],
  MERIDIAN_WORKER_QUEUE: ['workerQueue', int(0, 100_000).default(64)],
  /** Niceness of the worker threads (0–19): the event loop that answers every request goes first. */
  MERIDIAN_WORKER_NICE: ['workerNice', int(0, 19).default(10)],

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
  /** Who turns a message into a plan: the deterministic planner, or the LLM (falling back to it). */
  MERIDIAN_PLANNER: ['planner', z.enum(['deterministic', 'llm']).default('deterministic')],
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
  /** Keys of RMs, each limited to its book: `rm-01=<key>,rm-02=<key>`. */
  MERIDIAN_RM_API_KEYS: ['rmApiKeys', rmKeyList.default([]), true],
  /** Keys that see every book (supervisors, service accounts). Unset: the demo's key in development, none in production. */
  MERIDIAN_SUPERVISOR_API_KEYS: ['supervisorApiKeys', list.default([DEV_RM_API_KEY]), true],
  MERIDIAN_JWT_SECRET: ['jwtSecret', z.string().min(16).default(DEV_JWT_SECRET), true],
  /** Revoked JWT ids (`jti`), one a line; unset = `<stateDir>/auth/revoked-tokens.txt`. */
  MERIDIAN_REVOKED_TOKENS_FILE: ['revokedTokensFile', z.string().min(1).optional()],
  /** Bearer token for /readyz and /metrics; unset = open to loopback clients only. */
  MERIDIAN_METRICS_TOKEN: ['metricsToken', z.string().min(16).optional(), true],
  /** Addresses of reverse proxies whose X-Forwarded-For is believed; unset = the socket address is the client. */
  MERIDIAN_TRUST_PROXY: ['trustProxy', list.default([])],
  /** Failed authentications a client address may make a minute before it gets 429. */
  MERIDIAN_AUTH_FAILURES_PER_MIN: ['authFailuresPerMin', int(1, 100_000).default(10)],
  /** Chats one principal may have streaming at once; more → 429 with Retry-After. */
  MERIDIAN_CHATS_PER_PRINCIPAL: ['chatsPerPrincipal', int(1, 1000).default(2)],
  /**
   * Chat turns the server works on at once, all callers together; later turns wait in order (the
   * stream reports their place) and beyond MERIDIAN_CHAT_TURN_QUEUE waiting they get 429. A turn is
   * ~10 ms of main-thread work: more at once only interleaves them and delays every other request.
   */
  MERIDIAN_CHAT_TURNS: ['chatTurns', int(1, 10_000).default(4)],
  MERIDIAN_CHAT_TURN_QUEUE: ['chatTurnQueue', int(0, 100_000).default(256)],
  /** CSP frame-ancestors: the pages allowed to frame Meridian (the widget's host pages). */
  MERIDIAN_FRAME_ANCESTORS: ['frameAncestors', list.default(["'self'"])],
  /** Days answers and feedback are kept in the audit and feedback logs; 0 = forever. */
  MERIDIAN_RETENTION_DAYS: ['retentionDays', int(0, 36_500).default(365)],
  MERIDIAN_CORS_ORIGINS: ['corsOrigins', list.default(['http://localhost:3000', 'http://127.0.0.1:3000'])],
  /** Per credential. The server sustains ~24–31 search req/s in all (docs/BENCHMARKS.md, 10k, concurrency 16): 240/min = 4/s is ~15% of that per caller. */
  MERIDIAN_RATE_LIMIT_PER_MIN: ['rateLimitPerMin', int(1, 1_000_000).default(240)],
  MERIDIAN_REQUEST_TIMEOUT_MS: ['requestTimeoutMs', int(100, 3_600_000).default(30_000)],
  MERIDIAN_BODY_LIMIT_BYTES: ['bodyLimitBytes', int(1024, 100_000_000).default(64 * 1024)],

  // Demo host page (`npm start`): a second local origin that embeds the widget, 0 = off.
  MERIDIAN_DEMO_PORT: ['demoPort', int(0, 65535).default(3001)],
  MERIDIAN_DEMO_CUSTOMER: [
    'demoCustomerId',
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/)
      .default('C0000001'),
  ],
  MERIDIAN_DEMO_TOKEN_TTL_S: ['demoTokenTtlS', int(60, 24 * 3600).default(900)],
} as const satisfies Record<string, readonly [string, z.ZodTypeAny] | readonly [string, z.ZodTypeAny, true]>;

type Spec = typeof spec;
export type Config = Omit<
  {
    -readonly [K in keyof Spec as Spec[K][0]]: z.output<Spec[K][1]>;
  },
  'allowDownloads'
> & {
  /** Resolved: the variable when set, else !production. */
  allowDownloads: boolean;
  /** NODE_ENV=production or MERIDIAN_ENV=production. */
  production: boolean;
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
      const custom = parsed.error.issues.find((i) => i.code === 'custom')?.message;
      throw new ConfigError(
        variable,
        `got ${JSON.stringify(got)}; ${custom ?? `allowed: ${describeAllowed(schema as z.ZodTypeAny)}`}`,
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
  const production = out.nodeEnv === 'production' || out.meridianEnv === 'production';
  // The demo's supervisor key is a development default only: production has the keys it is given.
  if (production && !env.MERIDIAN_SUPERVISOR_API_KEYS) out.supervisorApiKeys = [];
  const config = { ...out, production, allowDownloads: (out.allowDownloads as boolean | undefined) ?? !production };
  // One key, one principal: a key listed twice would sign in as whichever entry is checked first.
  const keys = [...(out.supervisorApiKeys as string[]), ...(out.rmApiKeys as RmApiKey[]).map((k) => k.key)];
  if (new Set(keys).size !== keys.length)
    throw new ConfigError(
      'MERIDIAN_RM_API_KEYS, MERIDIAN_SUPERVISOR_API_KEYS',
      'a key is listed more than once; each key belongs to one RM or one supervisor',
    );
  if (production) {
    const problems = productionProblems(config as Config);
    if (problems.length)
      throw new ConfigError(
        [...new Set(problems.map((p) => p.variable))].join(', '),
        `production mode (NODE_ENV or MERIDIAN_ENV = production) refuses to start: ${problems.map((p) => p.message).join('; ')}`,
      );
  }
  // In development the demo host page's origin is allowed by default, so `npm start` embeds in
  // one click; an explicit MERIDIAN_CORS_ORIGINS, or any other mode, gets exactly its list.
  const c = config as Config;
  if (!production && c.nodeEnv === 'development' && !env.MERIDIAN_CORS_ORIGINS && c.demoPort > 0)
    c.corsOrigins = [...c.corsOrigins, ...demoOrigins(c)];
  return c;
}

/** The origins the demo host page is served from (localhost and the configured host). */
function demoOrigins(config: Pick<Config, 'host' | 'demoPort'>): string[] {
  const hosts = new Set(['localhost', '127.0.0.1', config.host === '0.0.0.0' ? '127.0.0.1' : config.host]);
  return [...hosts].map((h) => `http://${h}:${config.demoPort}`);
}

/**
 * What production mode refuses: the built-in development credentials and short JWT secrets.
 * Each problem names its variable; loadConfig reports them all at once.
 */
function productionProblems(config: Config): { variable: string; message: string }[] {
  const problems: { variable: string; message: string }[] = [];
  for (const [variable, keys] of [
    ['MERIDIAN_SUPERVISOR_API_KEYS', config.supervisorApiKeys],
    ['MERIDIAN_RM_API_KEYS', config.rmApiKeys.map((k) => k.key)],
  ] as const)
    if (keys.includes(DEV_RM_API_KEY))
      problems.push({ variable, message: `${variable} holds the built-in development key; set your own keys` });
  if (config.jwtSecret === DEV_JWT_SECRET)
    problems.push({
      variable: 'MERIDIAN_JWT_SECRET',
      message: 'MERIDIAN_JWT_SECRET is the built-in development secret; set a random one of at least 32 bytes',
    });
  else if (Buffer.byteLength(config.jwtSecret) < MIN_PRODUCTION_SECRET_BYTES)
    problems.push({
      variable: 'MERIDIAN_JWT_SECRET',
      message: `MERIDIAN_JWT_SECRET is ${Buffer.byteLength(config.jwtSecret)} bytes; production needs at least ${MIN_PRODUCTION_SECRET_BYTES}`,
    });
  for (const [variable, keys] of [
    ['MERIDIAN_SUPERVISOR_API_KEYS', config.supervisorApiKeys],
    ['MERIDIAN_RM_API_KEYS', config.rmApiKeys.map((k) => k.key)],
  ] as const) {
    const short = keys.find(
      (key) => key !== DEV_RM_API_KEY && Buffer.byteLength(key) < MIN_PRODUCTION_SECRET_BYTES / 2,
    );
    if (short !== undefined)
      problems.push({
        variable,
        message: `${variable} has a key of ${Buffer.byteLength(short)} bytes; production needs at least ${MIN_PRODUCTION_SECRET_BYTES / 2}`,
      });
  }
  return problems;
}

/** The settings with secrets masked, for the one line printed at start. */
export function describeConfig(config: Config): Record<string, unknown> {
  const shown: Record<string, unknown> = { production: config.production };
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
  // An RM key shows whose it is, never the key.
  const entry = (v: unknown) =>
    typeof v === 'object' && v !== null && 'rmId' in v ? `${String(v.rmId)}=****` : one(String(v));
  return Array.isArray(value) ? value.map(entry) : one(String(value));
}

/** Settings for tests: defaults plus overrides, never the process environment. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), ...overrides };
}
