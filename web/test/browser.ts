/**
 * Helpers for the real-browser tests: Debian's Chromium through playwright-core, a "third-party"
 * static site on its own origin (the bank's page that embeds the widget), web/dist built on demand,
 * and screenshots under test-results/screenshots/.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

const WEB_DIR = fileURLToPath(new URL('..', import.meta.url));
const REPO_ROOT = join(WEB_DIR, '..');
export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Newest modification time of the web sources (src/, index.html, build config). */
function newestSource(): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  walk(join(WEB_DIR, 'src'));
  for (const f of ['index.html', 'vite.config.ts', 'build.ts'])
    newest = Math.max(newest, statSync(join(WEB_DIR, f)).mtimeMs);
  return newest;
}

/** Build web/dist when it is missing (CI checks out without it) or older than the sources. */
export async function ensureWebBuilt(): Promise<void> {
  const outputs = ['widget.js', 'index.html'].map((f) => join(WEB_DIR, 'dist', f));
  if (outputs.every(existsSync) && Math.min(...outputs.map((f) => statSync(f).mtimeMs)) >= newestSource()) return;
  const { buildWeb } = await import('../build.ts');
  await buildWeb({ quiet: true });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

export interface ThirdPartySite {
  origin: string;
  /** Set the page the site serves at `/` (the demo page with server URL and token filled in). */
  setPage(html: string): void;
  close(): Promise<void>;
}

/** A plain static site on 127.0.0.1:<free port>: a different origin from the Meridian server. */
export async function startThirdPartySite(): Promise<ThirdPartySite> {
  let page = '<!doctype html><title>empty</title>';
  const server = http.createServer((req, res) => {
    if (req.url === '/' || req.url?.startsWith('/?')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    setPage: (html) => (page = html),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** web/demo/embed.html with the Meridian server URL and a customer token filled in. */
export function demoPage(serverUrl: string, token: string): string {
  return readFileSync(join(WEB_DIR, 'demo', 'embed.html'), 'utf8')
    .replaceAll('http://127.0.0.1:3000', serverUrl)
    .replace('PASTE_CUSTOMER_TOKEN', token);
}

export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}

/** Parse a captured SSE body into its JSON events (the test's own, independent of the widget's parser). */
export function sseEvents(body: string): Record<string, unknown>[] {
  return body
    .split(/\n\n/)
    .map((block) =>
      block
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trim())
        .join('\n'),
    )
    .filter((d) => d && d !== '[DONE]')
    .map((d) => JSON.parse(d) as Record<string, unknown>);
}

/** True when the canvas has drawn (non-transparent) pixels. */
export function canvasHasInk(page: Page, selector: string): Promise<boolean> {
  return page
    .locator(selector)
    .first()
    .evaluate((el) => {
      const canvas = el as HTMLCanvasElement;
      const ctx = canvas.getContext('2d');
      if (!ctx || !canvas.width || !canvas.height) return false;
      const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let ink = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) ink++;
      return ink > 200;
    });
}
