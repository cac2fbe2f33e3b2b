import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { webRoutes } from '../../server/routes/web.ts';

function appWith(distDir: string) {
  return webRoutes({ distDir });
}

describe('server/routes/web.ts (static web UI)', () => {
  const dist = mkdtempSync(join(tmpdir(), 'meridian-web-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(dist, 'widget.js'), 'console.log(1)');
  writeFileSync(join(dist, 'assets', 'app-abc123.js'), 'export {}');
  writeFileSync(join(dist, 'assets', 'app-abc123.css'), 'body{}');
  writeFileSync(join(dist, 'secret.txt'), 'x');
  const app = appWith(dist);

  it('serves the console, widget and hashed assets with the right content types and caching', async () => {
    const index = await app.request('/');
    expect([index.status, index.headers.get('content-type'), index.headers.get('cache-control')]).toEqual([
      200,
      'text/html; charset=utf-8',
      'no-cache',
    ]);
    expect(await index.text()).toContain('console');
    const widget = await app.request('/widget.js');
    expect([widget.status, widget.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
    const js = await app.request('/assets/app-abc123.js');
    expect([js.headers.get('content-type'), js.headers.get('cache-control')]).toEqual([
      'text/javascript; charset=utf-8',
      'public, max-age=31536000, immutable',
    ]);
    expect((await app.request('/assets/app-abc123.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('serves /favicon.ico', async () => {
    const res = await app.request('/favicon.ico');
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'image/svg+xml']);
    expect(await res.text()).toMatch(/^<svg /);
  });

  it('does not leave the assets folder (encoded traversal) and 404s unknown files', async () => {
    expect((await app.request('/assets/..%2Fsecret.txt')).status).toBe(404);
    expect((await app.request('/assets/nope.js')).status).toBe(404);
  });

  it('answers 503 naming the build command when web/dist is missing', async () => {
    const res = await appWith(join(dist, 'missing')).request('/widget.js');
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('npm run build:web');
  });
});
