import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context } from 'hono';
import { createRouter, type App } from '../http/env.ts';

/**
 * Serves the built web UI (web/dist, from `npm run build:web`): the RM console at `/` and the
 * embeddable widget at `/widget.js`. Registered last (catch-all for the console's files).
 * Hashed assets are cached for a year; index.html and widget.js revalidate, so a bank embedding
 * the widget picks up a new build. When web/dist is missing the console answers 503 with the
 * command that builds it (scripts/start.mjs builds it before starting).
 */
const WEB_DIST_DIR = fileURLToPath(new URL('../../web/dist/', import.meta.url));

const ASSET_NAME = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+$/;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

async function sendFile(c: Context, root: string, relative: string, cache: string): Promise<Response> {
  const file = resolve(root, relative);
  // No escaping the dist folder (`..`, encoded or not, resolves outside `root`).
  if (!file.startsWith(resolve(root) + sep)) return c.json({ error: { code: 'not_found', message: 'not found' } }, 404);
  try {
    if (!(await stat(file)).isFile()) throw new Error('not a file');
  } catch {
    if (relative === 'index.html' || relative === 'widget.js') {
      return c.json({ error: { code: 'unavailable', message: 'web UI not built: run `npm run build:web`' } }, 503, {
        'Retry-After': '30',
      });
    }
    return c.json({ error: { code: 'not_found', message: `no file ${relative}` } }, 404);
  }
  const body = await readFile(file);
  return c.body(body, 200, {
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Cache-Control': cache,
    'X-Content-Type-Options': 'nosniff',
  });
}

/** The console's icon: an "M" on the accent colour (SVG, which browsers accept at /favicon.ico). */
const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#0b5cad"/>' +
  '<path d="M7 24V8h3.6l5.4 8 5.4-8H25v16h-3.6V14l-5.4 7.8L10.6 14v10z" fill="#fff"/></svg>';

export function webRoutes(options: { distDir?: string } = {}): App {
  const app = createRouter();
  const root = options.distDir ?? WEB_DIST_DIR;
  const revalidate = 'no-cache';
  app.get('/', (c) => sendFile(c, root, 'index.html', revalidate));
  app.get('/index.html', (c) => sendFile(c, root, 'index.html', revalidate));
  app.get('/favicon.ico', (c) =>
    c.body(FAVICON_SVG, 200, { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'public, max-age=86400' }),
  );
  app.get('/widget.js', (c) => sendFile(c, root, 'widget.js', revalidate));
  app.get('/assets/:file', (c) => {
    const file = c.req.param('file');
    // Built asset names only ("index-BWEaoeKH.js"): no slashes, no "..", whatever the encoding.
    if (!ASSET_NAME.test(file)) return c.json({ error: { code: 'not_found', message: 'not found' } }, 404);
    return sendFile(c, root, join('assets', file), 'public, max-age=31536000, immutable');
  });
  return app;
}
