/**
 * The server process: load config once (printed with secrets masked), start Chroma as a child
 * unless CHROMA_URL, load the embedder/reranker/recommender/generator, listen, and shut down
 * gracefully on SIGINT/SIGTERM. `--prepare` (used by `npm start`) first ingests when the
 * customers collection is empty, trains the recommender when its artifacts are missing, and trains
 * the intent classifier when it is missing or was built for another embedder (npm run train:intent).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { describeConfig, loadConfig, ConfigError } from '../lib/config/index.ts';
import { createLogger } from '../lib/log/index.ts';
import { chromaForConfig } from '../lib/chroma-server/index.ts';
import { ChromaVectorStore } from '../lib/vector-store/chroma.ts';
import { createEmbedder } from '../ml/embedder/index.ts';
import { ingestAll } from '../ingest/pipeline/index.ts';
import { createApp } from './app.ts';
import { buildDeps } from './bootstrap.ts';
import { startDemoHost, type DemoHost } from './demo-host.ts';
import { mintCustomerToken } from './http/auth.ts';
import { openDatabase } from './db/index.ts';
import { intentArtifactProblem, trainIntentClassifier } from '../ml/intent/train.ts';

async function main() {
  const prepare = process.argv.includes('--prepare');
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config.logLevel);
  log.info({ config: describeConfig(config) }, 'meridian config');
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection (kept running)'));

  // First: an instance that cannot reach its shared state must not start serving.
  const { databaseUrl } = config;
  const database = databaseUrl ? await openDatabase({ ...config, databaseUrl }, log) : undefined;

  const chroma = await chromaForConfig(config, { handleSignals: false, timeoutMs: 60_000 });
  log.info({ url: chroma.url, external: chroma.external, pid: chroma.pid }, 'chroma ready');
  const store = new ChromaVectorStore({ url: chroma.url });
  const embedder = await createEmbedder({ config, log });

  if (prepare) {
    if ((await store.count('customers')) === 0) {
      log.info(
        { customers: config.customers },
        'first run: the customers collection is empty — ingesting (npm run ingest)',
      );
      await ingestAll({ config, store, embedder, log });
    }
    if (!existsSync(path.join(config.artifactsDir, 'recommender', 'synthetic', 'manifest.json'))) {
      const scripts = JSON.parse(readFileSync('package.json', 'utf8')).scripts ?? {};
      if (scripts.train) {
        log.info('recommender artifacts missing — training (npm run train -- --dataset synthetic)');
        const r = spawnSync('npm', ['run', 'train', '--', '--dataset', 'synthetic'], {
          stdio: 'inherit',
          env: process.env,
        });
        if (r.status !== 0)
          log.error({ status: r.status }, 'npm run train failed; recommendation routes will answer 503');
      } else log.warn('recommender artifacts missing and no `npm run train` script; recommendation routes answer 503');
    }
    // The chat's intent classifier is tied to the embedder's sha256: (re)train when missing or built for another embedder.
    const intentProblem = intentArtifactProblem(config.artifactsDir, embedder);
    if (intentProblem) {
      log.info(
        { why: intentProblem },
        'intent classifier needs training (npm run train:intent) — training on banking77',
      );
      try {
        const r = await trainIntentClassifier({
          artifactsDir: config.artifactsDir,
          sharedDataDir: config.sharedDataDir,
          embedder,
          say: (line) => log.info(line),
        });
        log.info({ file: r.file, accuracy: r.accuracy, seconds: r.seconds }, 'intent classifier trained');
      } catch (err) {
        log.error(
          { err: (err as Error).message },
          'intent classifier training failed; chat runs without intent routing',
        );
      }
    }
  }

  const deps = await buildDeps({ config, log, store, embedder, database });
  const app = createApp(deps);
  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
    log.info(
      { url: `http://${config.host}:${info.port}`, docs: `http://${config.host}:${info.port}/docs` },
      'meridian listening',
    );
  });
  // `npm start` in development: the demo host page on its own origin, embedding the widget.
  let demo: DemoHost | undefined;
  if (config.nodeEnv === 'development' && config.demoPort > 0) {
    const serverUrl = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;
    if (!(await deps.customers.get(config.demoCustomerId).catch(() => undefined)))
      log.warn(
        { customerId: config.demoCustomerId },
        'demo customer not found: set MERIDIAN_DEMO_CUSTOMER to an ingested id',
      );
    startDemoHost({
      serverUrl,
      host: config.host === '0.0.0.0' ? '127.0.0.1' : config.host,
      port: config.demoPort,
      mintToken: async () =>
        (await mintCustomerToken(config.jwtSecret, config.demoCustomerId, config.demoTokenTtlS)).token,
    }).then(
      (host) => {
        demo = host;
        log.info(
          { url: `${host.origin}/`, customerId: config.demoCustomerId },
          'demo host page (widget embedded from another origin)',
        );
      },
      (err: Error) => log.warn({ err: err.message, port: config.demoPort }, 'demo host page not started'),
    );
  }
  server.on('error', (err) => {
    log.fatal({ err: err.message }, 'could not listen');
    void chroma.stop().finally(() => process.exit(1));
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: no new connections, finishing in-flight requests');
    const force = setTimeout(() => process.exit(1), 15_000).unref();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await demo?.close();
    await deps.generator?.close?.().catch(() => {});
    await deps.embedder.dispose?.().catch(() => {});
    await deps.recommender?.close?.().catch(() => {});
    await database?.close().catch(() => {});
    await chroma.stop();
    clearTimeout(force);
    log.info('stopped');
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  process.stderr.write(`meridian failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
