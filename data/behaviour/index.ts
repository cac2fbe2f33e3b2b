export * from './features.ts';
export * from './phrase.ts';
export * from './vector.ts';
export * from './describe.ts';
