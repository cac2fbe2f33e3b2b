export * from './insights.ts';
export * from './service.ts';
