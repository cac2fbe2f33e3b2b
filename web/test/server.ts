/**
 * The real Meridian server for the browser tests: SERVER's startTestStack (Chroma child, offline
 * embedder, ingested synthetic customers) with RECSYS's tiny two-tower model, BEHAVIOUR's insights
 * from synthetic transactions and CHAT's template generator,
 * listening on 127.0.0.1, with the third-party page's origin allowed by CORS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestStack, type TestStack } from '../../test/fixtures/stack.ts';
import { TemplateGenerator } from '../../server/generator/template.ts';
import { loadRecommender, projectEmbeddings, trainForTests } from '../../server/recommender/index.ts';
import { PRODUCTS } from '../../ingest/catalog/index.ts';
import { createInsightsService, syntheticTransactionSource } from '../../server/insights/index.ts';
import { createFeedbackStore, type FeedbackStore } from '../../server/feedback/index.ts';

export interface WebTestServer {
  url: string;
  rmKey: string;
  /** Two customer ids: [0] gets the widget token, [1] is "someone else". */
  customerIds: [string, string];
  stack: TestStack;
  /** BEHAVIOUR's append-only feedback store the thumbs buttons write to. */
  feedback: FeedbackStore;
  stop(): Promise<void>;
}

export async function startWebTestServer(options: { corsOrigins: string[] }): Promise<WebTestServer> {
  // RECSYS's tiny two-tower model (trained in seconds), so profiles have real scores and SHAP.
  const artifactsDir = mkdtempSync(path.join(os.tmpdir(), 'meridian-web-recsys-'));
  await trainForTests({ dir: artifactsDir, customers: 400, epochs: 2 });
  const recommender = await loadRecommender({ artifactsDir, products: PRODUCTS });
  const feedback = createFeedbackStore(path.join(artifactsDir, 'feedback.jsonl'));
  const stack = await startTestStack({
    customers: 300,
    listen: true,
    recommender: false,
    config: { corsOrigins: options.corsOrigins, rateLimitPerMin: 10_000 },
    deps: {
      generator: new TemplateGenerator(),
      recommender,
      embeddingMap: projectEmbeddings(recommender),
      // BEHAVIOUR's insights from synthetic transactions regenerated per customer (same seed as the stack).
      insights: createInsightsService(syntheticTransactionSource(42)),
      feedback,
    },
  });
  if (!stack.url) throw new Error('test stack did not listen');
  const [a, b] = stack.customers;
  return { url: stack.url, rmKey: stack.rmKey, customerIds: [a.id, b.id], stack, feedback,
    async stop() {
      await stack.stop();
      rmSync(artifactsDir, { recursive: true, force: true });
    },
  };
}
