import { z } from 'zod';
import type { Customer, Product } from '../../../domain/index.ts';
import type { Recommendations } from '../../../ml/recommender/types.ts';
import type { Passage } from '../../../domain/api/search.ts';

export type { Passage };

/** Everything an answer may rest on. Generators see only this; guardrails check against it. */
export interface Grounding {
  mode: 'customer' | 'rm';
  customer?: Customer;
  recommendations?: Recommendations;
  /** Catalog entries of the recommended and excluded products. */
  products: Product[];
  passages: Passage[];
  /** RM mode: search results the answer may cite. */
  rmResults?: { customerId: string; reason: string; score: number }[];
  /** Behaviour insights, when available. */
  insights?: unknown;
  /** What the assistant's tools returned, as grounding lines: every figure an answer may state is here. */
  facts?: string[];
  /** The planned intent and kind of answer (for prompts: what was asked). */
  plan?: { intent: string; kind: string };
  /** The deterministic composer's answer from the same tool results: what the template backend says. */
  composed?: { text: string; recommendations: { productId: string; why: string; risks: string }[] };
  intent?: { label: string; confidence: number; escalate: boolean; route?: string; escalationReason?: string };
}

/** The structured answer every generator returns (JSON-schema grammar for llama, validated). */
export const AnswerSchema = z.object({
  answer: z.string(),
  recommendations: z.array(z.object({ productId: z.string(), why: z.string(), risks: z.string() })).max(5),
});
export type Answer = z.infer<typeof AnswerSchema>;

export interface ChatTurn {
  role: 'user' | 'assistant';
  content: string;
}

export interface GenerateRequest {
  grounding: Grounding;
  history: ChatTurn[];
  message: string;
  /** Prompt template id + version, recorded with the answer. */
  promptId: string;
  promptVersion: string;
}

/** Where the time of one generation went (ms); absent parts were not measured by that backend. */
export interface GenerateTimings {
  /** Waiting for a free sequence. */
  queueMs?: number;
  /** Evaluating the prompt tokens (llama: measured separately before sampling starts). */
  promptEvalMs?: number;
  /** From sampling start to the first generated token. */
  firstTokenMs?: number;
  totalMs: number;
}

/** Streamed pieces: queue position while waiting, text deltas of the `answer` field, then the final validated answer. */
export type GenerateEvent =
  | { type: 'queued'; position: number }
  | { type: 'text-delta'; delta: string }
  | {
      type: 'final';
      answer: Answer;
      usage: { promptTokens: number; completionTokens: number };
      timings?: GenerateTimings;
    };

export interface Generator {
  readonly kind: 'llama' | 'openai' | 'template';
  /** Model id (file name, remote model, or `template`). */
  readonly model: string;
  stream(request: GenerateRequest, signal: AbortSignal): AsyncIterable<GenerateEvent>;
  /**
   * Dialogue planning: the model picks tool calls for the message. llama: a JSON-schema grammar over
   * `schema`; openai: the tools API with `tools`. Returns the raw choice (validated by the planner).
   */
  plan?(request: PlanningRequest, signal: AbortSignal): Promise<RawPlan>;
  close?(): Promise<void>;
}

export interface PlanningRequest {
  system: string;
  user: string;
  /** The tools this mode may call, with JSON-schema parameters. */
  tools: { name: string; description: string; parameters: object }[];
  /** The JSON schema of a RawPlan for grammar-constrained backends. */
  schema: object;
}

/** What a model chose: an intent (when it says one) and tool calls with JSON inputs. */
export interface RawPlan {
  intent?: string;
  calls: { tool: string; input: unknown }[];
}
