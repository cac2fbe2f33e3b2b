export * from './service.ts';
export * from './conversation-store.ts';
