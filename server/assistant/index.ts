import path from 'node:path';
import type { AppDeps } from '../deps.ts';
import { FileAuditLog, type AuditLog } from '../audit/index.ts';
import { InMemoryConversationStore, type ConversationStore } from './conversation-store.ts';
import { ChatService } from './service.ts';

export * from './service.ts';
export * from './conversation-store.ts';
export * from './ui-stream.ts';
export { buildGrounding, rankClients, productsMentioned } from './grounding.ts';

/**
 * The chat service from the app's deps: the one generator, the recommender, retrieval, an
 * in-memory conversation store and the file audit log under `<stateDir>/audit/`.
 */
export function createChatService(
  deps: AppDeps,
  options: { conversations?: ConversationStore; audit?: AuditLog; maxRetries?: number } = {},
): ChatService | undefined {
  if (!deps.generator) return undefined;
  const audit =
    options.audit ?? (deps.audit as AuditLog | undefined) ?? new FileAuditLog(path.resolve(deps.config.stateDir));
  deps.audit ??= audit;
  // Read the optional services from deps when each chat turn runs (getters), not now: bootstrap
  // builds some of them (intent, insights) after the chat service.
  const serviceDeps = {
    generator: deps.generator,
    customers: deps.customers,
    products: deps.products,
    get recommender() {
      return deps.recommender;
    },
    get retrieval() {
      return deps.retrieval;
    },
    get intent() {
      return deps.intent;
    },
    get insights() {
      return deps.insights;
    },
    conversations: options.conversations ?? new InMemoryConversationStore(),
    audit,
    log: deps.log,
    maxRetries: options.maxRetries,
  };
  return new ChatService(serviceDeps);
}
