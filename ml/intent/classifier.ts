import type { Embedder } from '../embedder/embedder.ts';
import { withTimeout } from '../../lib/errors/index.ts';
import { intentArtifactPath, loadIntentModel, type LoadedIntentModel } from './artifact.ts';
import { predictVector } from './logistic.ts';
import { routeIntent, type EscalationReason, type IntentRoute } from './routes.ts';

export interface IntentResult {
  /** banking77 intent name. */
  label: string;
  /** Probability of that intent (softmax of the logistic regression). */
  confidence: number;
  escalate: boolean;
  escalationReason?: EscalationReason;
  route: IntentRoute;
  escalationMass: number;
  /** The three most likely intents. */
  top: { label: string; p: number }[];
  /** Classifier provenance for the audit log. */
  model: { embedder: string; fileHash: string; testAccuracy: number };
}

/** The `deps.intent` service: `classifyIntent(text)` for the chat grounding and routing. */
export interface IntentService {
  classifyIntent(text: string, signal?: AbortSignal): Promise<IntentResult>;
  readonly labels: readonly string[];
}

const r4 = (x: number) => Math.round(x * 10_000) / 10_000;

function createIntentClassifier(
  embedder: Embedder,
  loaded: LoadedIntentModel,
  options: { timeoutMs?: number } = {},
): IntentService {
  const { meta, model } = loaded;
  return {
    labels: meta.labels,
    async classifyIntent(text, signal) {
      const [vector] = await withTimeout(
        options.timeoutMs ?? 5_000,
        'intent embedding',
        (s) => embedder.embed([text], s),
        signal,
      );
      const probs = predictVector(model, vector!);
      const order = [...probs.keys()].sort((a, b) => probs[b]! - probs[a]!);
      const decision = routeIntent(meta.labels, probs);
      return {
        label: meta.labels[order[0]!]!,
        confidence: r4(probs[order[0]!]!),
        ...decision,
        top: order.slice(0, 3).map((c) => ({ label: meta.labels[c]!, p: r4(probs[c]!) })),
        model: { embedder: meta.embedder.id, fileHash: meta.embedder.fileHash, testAccuracy: meta.metrics.accuracy },
      };
    },
  };
}

/** Load the classifier trained for this embedder (artifacts/intent/classifier-<kind>.json). */
export async function loadIntentService(artifactsDir: string, embedder: Embedder): Promise<IntentService> {
  return createIntentClassifier(
    embedder,
    await loadIntentModel(intentArtifactPath(artifactsDir, embedder.kind), embedder),
  );
}
