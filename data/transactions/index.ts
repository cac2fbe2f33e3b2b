export * from './schema.ts';
export * from './generate.ts';
export * from './write.ts';
export * from './import.ts';
