import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UnavailableError } from '../errors/index.ts';

/**
 * The real Chroma server as a child process: `chroma run` from the `chromadb` package, behind a
 * watchdog (watchdog.mjs) that kills it when this process disappears, so no orphan is ever left.
 * With `CHROMA_URL` (config `chromaUrl`) nothing is started and that server is used instead.
 */
export interface ChromaServer {
  url: string;
  /** Child pid of `chroma run` (undefined for an external server). */
  pid?: number;
  watchdogPid?: number;
  external: boolean;
  stop(): Promise<void>;
}

export interface StartChromaOptions {
  /** Persistent data directory (e.g. `<stateDir>/chroma`). */
  dataDir: string;
  port: number;
  host?: string;
  /** Wait this long for the heartbeat. */
  timeoutMs?: number;
  /** Forward Chroma's own output (default: only when it fails to start). */
  inheritOutput?: boolean;
  /** Install SIGINT/SIGTERM handlers that stop Chroma and exit (default true). */
  handleSignals?: boolean;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const WATCHDOG = path.join(here, 'watchdog.mjs');

/** The `chroma` CLI shipped in the `chromadb` package (its `bin`). */
function chromaCli(): string {
  // `chromadb` does not export its package.json: resolve the entry and walk up to the package root.
  const require = createRequire(import.meta.url);
  let dir = path.dirname(require.resolve('chromadb'));
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.join(dir, 'dist', 'cli.mjs');
}

/** GET /api/v2/heartbeat; throws UnavailableError when the server does not answer. */
export async function heartbeat(url: string, timeoutMs = 2000): Promise<void> {
  try {
    const res = await fetch(new URL('/api/v2/heartbeat', url), { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
  } catch (err) {
    throw new UnavailableError(
      `Chroma at ${url} does not answer its heartbeat: ${err instanceof Error ? err.message : String(err)}`,
      5,
      { cause: err },
    );
  }
}

export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

const live = new Set<ChildProcess>();
let hooksInstalled = false;
function installExitHooks(handleSignals: boolean): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  // Synchronous: on 'exit' only sync work runs. The watchdog then stops chroma.
  process.on('exit', () => {
    for (const w of live) w.kill('SIGTERM');
  });
  if (!handleSignals) return;
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(signal, () => {
      for (const w of live) w.kill('SIGTERM');
      // Keep the default meaning of the signal (exit) unless someone else handles it.
      if (process.listenerCount(signal) === 0) process.exit(code);
    });
  }
}

/** Start `chroma run --path dataDir --port port` and wait for its heartbeat. */
export async function startChroma(options: StartChromaOptions): Promise<ChromaServer> {
  const host = options.host ?? '127.0.0.1';
  const timeoutMs = options.timeoutMs ?? 30_000;
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const url = `http://${host}:${options.port}`;
  installExitHooks(options.handleSignals ?? true);

  const args = [
    WATCHDOG,
    String(process.pid),
    process.execPath,
    chromaCli(),
    'run',
    '--path',
    dataDir,
    '--host',
    host,
    '--port',
    String(options.port),
  ];
  const watchdog = spawn(process.execPath, args, {
    stdio: ['pipe', options.inheritOutput ? 'inherit' : 'pipe', options.inheritOutput ? 'inherit' : 'pipe'],
    env: { ...process.env, CHROMA_TELEMETRY: 'false', ANONYMIZED_TELEMETRY: 'false' },
  });
  live.add(watchdog);
  let output = '';
  const keep = (b: Buffer) => {
    output = (output + b.toString()).slice(-4000);
  };
  watchdog.stdout?.on('data', keep);
  watchdog.stderr?.on('data', keep);
  // Do not let the pipes keep the event loop alive.
  (watchdog.stdin as unknown as { unref?: () => void })?.unref?.();
  (watchdog.stdout as unknown as { unref?: () => void })?.unref?.();
  (watchdog.stderr as unknown as { unref?: () => void })?.unref?.();
  watchdog.unref();
  let exited = false;
  const exitPromise = new Promise<void>((resolve) =>
    watchdog.once('exit', () => {
      exited = true;
      live.delete(watchdog);
      resolve();
    }),
  );

  const stop = async () => {
    if (exited) return;
    watchdog.kill('SIGTERM');
    const timer = setTimeout(() => watchdog.kill('SIGKILL'), 8000);
    await exitPromise;
    clearTimeout(timer);
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited)
      throw new UnavailableError(
        `chroma run exited before answering (port ${options.port}, data ${dataDir}). Output:\n${output}`,
      );
    try {
      await heartbeat(url, 1000);
      break;
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new UnavailableError(
          `chroma run did not answer its heartbeat within ${timeoutMs} ms (port ${options.port}). Output:\n${output}`,
        );
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  const chromaPid = await childPidOf(watchdog.pid!);
  return { url, pid: chromaPid, watchdogPid: watchdog.pid, external: false, stop };
}

/** The pid of the watchdog's child (Linux /proc; undefined elsewhere). */
async function childPidOf(pid: number): Promise<number | undefined> {
  try {
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8');
    const first = text.trim().split(/\s+/)[0];
    return first ? Number(first) : undefined;
  } catch {
    return undefined;
  }
}

export interface ChromaForConfig {
  chromaUrl?: string;
  chromaPort: number;
  stateDir: string;
}

/** `CHROMA_URL` when set (checked with a heartbeat), else a child `chroma run` under `<stateDir>/chroma`. */
export async function chromaForConfig(
  config: ChromaForConfig,
  options: { timeoutMs?: number; handleSignals?: boolean } = {},
): Promise<ChromaServer> {
  if (config.chromaUrl) {
    await heartbeat(config.chromaUrl, options.timeoutMs ?? 5000);
    return { url: config.chromaUrl, external: true, stop: async () => {} };
  }
  return startChroma({
    dataDir: path.join(config.stateDir, 'chroma'),
    port: config.chromaPort,
    timeoutMs: options.timeoutMs,
    handleSignals: options.handleSignals,
  });
}
