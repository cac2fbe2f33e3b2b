export * from './schema.ts';
export * from './case.ts';
export * from './load.ts';
export * from './files.ts';
