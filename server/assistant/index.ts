export * from './service.ts';
export * from './conversation-store.ts';
export * from './ui-stream.ts';
export { buildGrounding, rankClients, productsMentioned } from './grounding.ts';
