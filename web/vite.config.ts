/**
 * Two builds into web/dist:
 *  - the RM console: an app (index.html + hashed assets), served by the server at `/`;
 *  - the widget: one self-contained IIFE `widget.js` (no imports, CSS inlined as a string), added
 *    to any page with one script tag.
 * `vite build -c web/vite.config.ts` builds the console; `npm run build:web` (web/build.ts) runs both.
 * `vite -c web/vite.config.ts` starts the console dev server, proxying /api to MERIDIAN_DEV_API.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'vite';

const webDir = fileURLToPath(new URL('.', import.meta.url));
export const outDir = fileURLToPath(new URL('./dist', import.meta.url));

export const consoleConfig: UserConfig = {
  root: webDir,
  base: '/',
  logLevel: 'warn',
  publicDir: false,
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: { '/api': process.env.MERIDIAN_DEV_API ?? 'http://127.0.0.1:3000' },
  },
};

export const widgetConfig: UserConfig = {
  root: webDir,
  logLevel: 'warn',
  publicDir: false,
  build: {
    outDir,
    emptyOutDir: false,
    target: 'es2022',
    sourcemap: false,
    lib: {
      entry: fileURLToPath(new URL('./src/widget/index.ts', import.meta.url)),
      name: 'MeridianWidget',
      formats: ['iife'],
      fileName: () => 'widget.js',
    },
  },
};

export default defineConfig(consoleConfig);
