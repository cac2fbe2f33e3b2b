export * from './model.ts';
export * from './baseline.ts';
export * from './table.ts';
export * from './html.ts';
