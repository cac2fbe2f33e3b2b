export * from './chat-format.ts';
export * from './grounding.ts';
export * from './system.ts';
export * from './texts.ts';
