export * from './service.ts';
export * from './conversation-store.ts';
export { buildGrounding, rankClients, productsMentioned } from './grounding.ts';
