/**
 * The real Meridian server for the browser tests: startTestStack (Chroma child, offline
 * embedder, ingested synthetic customers, the tiny trained two-tower model) with the
 * template generator, the insights service (synthetic transactions) and feedback store, listening
 * on 127.0.0.1 with the third-party page's origin allowed by CORS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestStack, type TestStack } from '../../eval/stack/stack.ts';
import { TemplateGenerator } from '../../server/assistant/generators/template.ts';
import { createInsightsService } from '../../server/insights/index.ts';
import { createFeedbackStore, type FeedbackStore } from '../../server/feedback/index.ts';
import { syntheticTransactionSource } from '../../data/transactions/source.ts';

export interface WebTestServer {
  url: string;
  rmKey: string;
  /** Two customer ids: [0] gets the widget token, [1] is "someone else". */
  customerIds: [string, string];
  stack: TestStack;
  /** The append-only feedback store the thumbs buttons write to. */
  feedback: FeedbackStore;
  stop(): Promise<void>;
}

export async function startWebTestServer(options: { corsOrigins: string[] }): Promise<WebTestServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'meridian-web-'));
  const feedback = createFeedbackStore(path.join(dir, 'feedback.jsonl'));
  const seed = 42;
  const stack = await startTestStack({
    customers: 300,
    seed,
    listen: true,
    config: { corsOrigins: options.corsOrigins, rateLimitPerMin: 10_000 },
    deps: {
      generator: new TemplateGenerator(),
      // Transactions regenerated per customer from the stack's seed (no transaction store needed).
      insights: createInsightsService(syntheticTransactionSource(seed)),
      feedback,
    },
  });
  if (!stack.url) throw new Error('test stack did not listen');
  if (!stack.deps.recommender) throw new Error('test stack has no recommender: the profile page needs the tiny model');
  const [a, b] = stack.customers;
  return {
    url: stack.url,
    rmKey: stack.rmKey,
    customerIds: [a.id, b.id],
    stack,
    feedback,
    async stop() {
      await stack.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
