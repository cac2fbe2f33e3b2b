export * from './customer.ts';
export * from './product.ts';
export * from './customer-metadata.ts';
export * from './customer-view.ts';
