import { silentLogger } from '../../lib/log/index.ts';
import type { Customer } from '../../domain/index.ts';
import {
  CONTENT_HASH_KEY,
  contentHash,
  customerRecord,
  ingestCollection,
  type PreparedRecord,
} from '../../ingest/pipeline/index.ts';
import { createApp } from '../../server/app.ts';
import { buildDeps } from '../../server/bootstrap.ts';
import { TemplateGenerator } from '../../server/assistant/generators/template.ts';
import type { Generator } from '../../server/assistant/generators/types.ts';
import { startTestStack } from '../stack/stack.ts';
import { MeridianClient } from '../client/index.ts';
import { defaultKnowledge, ingestedFaqs } from './knowledge.ts';
import type { EvalTarget } from './target.ts';

/** More than the FAQ file holds: ingest all of it. */
const ALL_FAQS = 100_000;

export interface InProcessOptions {
  /** Synthetic customers in the stack (generator seed 42, ids C0000001…). */
  customers?: number;
  /** Bank-FAQ passages in the knowledge collection (default, or 0: every FAQ). */
  knowledge?: number;
  /** Ad-hoc profiles the suites use: ingested into the customers collection before the run. */
  profiles?: Customer[];
  /** Passages the suites plant in the knowledge collection (indirect-injection cases). */
  passages?: { id: string; text: string; origin?: string }[];
  /** The generator under test; default the deterministic `template` backend (no model here). */
  generator?: Generator;
  timeoutMs?: number;
}

/**
 * The whole server in this process, on the test stack (real Chroma child, offline embedder
 * through transformers.js, the tiny trained two-tower recommender, createApp) — the same app
 * factory the server uses. Requests go through `app.fetch`, so the client code is the one used
 * against a URL.
 */
export async function inProcessTarget(options: InProcessOptions = {}): Promise<EvalTarget> {
  const generator = options.generator ?? new TemplateGenerator();
  // Every bank FAQ unless asked for fewer (0 = every one, too).
  const knowledgeCount = options.knowledge ? options.knowledge : ALL_FAQS;
  const stack = await startTestStack({
    customers: options.customers ?? 200,
    knowledge: knowledgeCount,
    // Eval sends many requests per credential; rate limiting is tested elsewhere.
    config: { rateLimitPerMin: 1_000_000, chatsPerPrincipal: 1000, requestTimeoutMs: options.timeoutMs ?? 120_000 },
    deps: { generator },
  });
  try {
    const profiles = options.profiles ?? [];
    const passages = options.passages ?? [];
    let app = stack.app;
    if (profiles.length || passages.length) {
      const { store, embedder } = stack.deps;
      if (profiles.length)
        await ingestCollection({
          store,
          embedder,
          collection: 'customers',
          records: profiles.map((p) => customerRecord(p, 'eval')),
        });
      if (passages.length) {
        // Same document shape as an FAQ record ("Q: …\nA: …"), marked as planted by eval.
        const records: PreparedRecord[] = passages.map((p) => {
          const q = p.text.indexOf('?');
          const document = q > 0 ? `Q: ${p.text.slice(0, q + 1)}\nA: ${p.text.slice(q + 1).trim()}` : p.text;
          const metadata = {
            question: q > 0 ? p.text.slice(0, q + 1) : '',
            category: 'eval-planted',
            origin: p.origin ?? p.id,
            source: 'eval',
          };
          const hash = contentHash(document, metadata);
          return {
            id: `eval-${p.id}`,
            document,
            metadata: { ...metadata, [CONTENT_HASH_KEY]: hash },
            contentHash: hash,
          };
        });
        await ingestCollection({ store, embedder, collection: 'knowledge', records });
      }
      // Rebuild the deps so the lexical index and everything cached at start see the new records.
      const d = stack.deps;
      const deps = await buildDeps({
        config: stack.config,
        log: silentLogger,
        store,
        embedder,
        overrides: { recommender: d.recommender, embeddingMap: d.embeddingMap, generator, reranker: d.reranker },
      });
      if (!deps.recommender) delete deps.recommender;
      await deps.retrieval.whenReady;
      app = createApp(deps);
    }
    const client = new MeridianClient({
      baseUrl: 'http://meridian.in-process',
      fetch: (req) => Promise.resolve(app.fetch(req)),
      rmKey: stack.rmKey,
      timeoutMs: options.timeoutMs,
    });
    return {
      client,
      knowledge: defaultKnowledge({
        customers: [...stack.customers, ...profiles],
        faqs: await ingestedFaqs(stack.config.sharedDataDir, knowledgeCount),
      }),
      describe: { kind: 'in-process' },
      close: () => stack.stop(),
    };
  } catch (err) {
    await stack.stop();
    throw err;
  }
}
