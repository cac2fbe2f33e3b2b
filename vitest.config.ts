import { defineConfig } from 'vitest/config';

// Model-free tests are `*.test.ts`; tests that start real parts (Chroma child, transformers.js,
// node-llama-cpp, Chromium) are `*.int.test.ts`. Both run under `npm test`; `npm run test:unit`
// runs only the model-free ones for a fast loop.
export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**', 'web/dist/**'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
  },
});
