/**
 * A real server process (`tsx server/main.ts`) for scale-out tests and benches: its own port,
 * configured only through the environment like a deployed instance, against an external Chroma
 * and (optionally) a shared DATABASE_URL.
 *
 *   const a = await startServerInstance({ env: { CHROMA_URL, DATABASE_URL, … } });
 *   await fetch(`${a.url}/api/rm/search`, …);
 *   await a.stop();
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../lib/chroma-server/index.ts';
import { REPO_ROOT } from '../eval/stack/fixtures.ts';

export interface ServerInstance {
  url: string;
  port: number;
  process: ChildProcess;
  /** stdout + stderr so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * The settings of an instance on the test stack's Chroma and models: offline embedder, fallback
 * reranker, template generator, the stack's RM key and JWT secret, its own state folder.
 */
export function stackInstanceEnv(
  stack: {
    chroma: { url: string };
    config: { modelsDir: string; sharedDataDir: string; jwtSecret: string };
    rmKey: string;
  },
  options: { stateDir: string; databaseUrl?: string; rateLimitPerMin: number },
): Record<string, string> {
  return {
    NODE_ENV: 'test',
    CHROMA_URL: stack.chroma.url,
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    MERIDIAN_MODELS_DIR: stack.config.modelsDir,
    MERIDIAN_SHARED_DATA_DIR: stack.config.sharedDataDir,
    MERIDIAN_EMBEDDER: 'offline',
    MERIDIAN_ALLOW_DOWNLOADS: 'false',
    MERIDIAN_RERANKER: 'fallback',
    MERIDIAN_GENERATOR: 'template',
    MERIDIAN_SUPERVISOR_API_KEYS: stack.rmKey,
    MERIDIAN_JWT_SECRET: stack.config.jwtSecret,
    MERIDIAN_RATE_LIMIT_PER_MIN: String(options.rateLimitPerMin),
    MERIDIAN_STATE_DIR: options.stateDir,
    MERIDIAN_ARTIFACTS_DIR: path.join(options.stateDir, 'artifacts'),
  };
}

export interface ServerInstanceOptions {
  /** Settings (the process gets no MERIDIAN_* variable from the test's own environment). */
  env: Record<string, string>;
  /** Longest wait for /readyz to answer 200. */
  readyTimeoutMs?: number;
}

/**
 * Ready for these tests: every /readyz check passes except the recommender's (instances run
 * without trained artifacts; recommendations are not what they exercise).
 */
async function ready(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/readyz`);
    const body = (await res.json()) as { checks: Record<string, { ok: boolean }> };
    return Object.entries(body.checks).every(([name, check]) => check.ok || name === 'recommender');
  } catch {
    return false;
  }
}

/** Starts `server/main.ts` and waits until it is ready; rejects with its output if it exits or times out. */
export async function startServerInstance(options: ServerInstanceOptions): Promise<ServerInstance> {
  const port = await freePort();
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !k.startsWith('MERIDIAN_') && k !== 'DATABASE_URL' && k !== 'CHROMA_URL') env[k] = v;
  const child = spawn(
    path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'),
    [path.join(REPO_ROOT, 'server', 'main.ts')],
    {
      cwd: REPO_ROOT,
      env: { ...env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    }
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
  for (;;) {
    const code = await Promise.race([exited, new Promise<undefined>((r) => setTimeout(r, 250))]);
    if (code !== undefined) throw new Error(`server instance exited with ${code} before ready:\n${output}`);
    if (await ready(url)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`server instance not ready after ${options.readyTimeoutMs ?? 120_000} ms:\n${output}`);
    }
  }
  return { url, port, process: child, output: () => output, stop };
}

/** Runs `server/main.ts` expecting it to fail at start: resolves with its exit code and output. */
export async function failedStart(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const instance = startServerInstance({ env, readyTimeoutMs: 60_000 });
  try {
    const started = await instance;
    await started.stop();
    return { code: 0, output: started.output() };
  } catch (err) {
    const message = (err as Error).message;
    const code = /exited with (\S+)/.exec(message)?.[1];
    return { code: code === 'null' ? null : Number(code), output: message };
  }
}
