/**
 * Helpers for the real-browser tests: Debian's Chromium through playwright-core, web/dist built on
 * demand, layout and accessibility checks (horizontal overflow, axe-core), and screenshots under
 * artifacts/screenshots/web/ (uploaded as CI artifacts).
 */
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright-core';

const WEB_DIR = fileURLToPath(new URL('..', import.meta.url));
const REPO_ROOT = join(WEB_DIR, '..');
export const SCREENSHOT_DIR = join(REPO_ROOT, 'artifacts', 'screenshots', 'web');
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

/** The two sizes every page is checked and photographed at. */
export const VIEWPORTS = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/** How far the page is wider than the viewport (0 = no horizontal scrolling). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** axe-core violations of any impact, as "rule-id: target, target" lines (empty = none). */
export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the console's CSP (script-src 'self') would block a script tag.
  await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(o?: unknown): Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run({ resultTypes: ['violations'] });
    return result.violations as { id: string; impact: string; nodes: { target: unknown[] }[] }[];
  });
  return violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
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
