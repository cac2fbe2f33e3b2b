import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { TemplateGenerator } from '../assistant/generators/template.ts';
import { fakeAppDeps } from '../../testkit/chat-deps.ts';
import { listen, type RunningApp } from '../../testkit/http-server.ts';
import { launchChromium } from '../../web/test/browser.ts';

/**
 * /docs in a real browser with the network off: every request that is not to this server is
 * refused, and Swagger UI must still render the API's operations under the CSP, with no
 * CSP violation and no third-party request attempted.
 */
let server: RunningApp;
let browser: Browser;
beforeAll(async () => {
  server = await listen(fakeAppDeps(new TemplateGenerator()));
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('/docs offline', () => {
  it('renders Swagger UI from this server alone, within the CSP', async () => {
    const context = await browser.newContext();
    const foreign: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(server.url)) return route.continue();
      foreign.push(url);
      return route.abort('internetdisconnected');
    });
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${server.url}/docs`);
    await page.locator('.opblock-summary-path', { hasText: '/api/chat' }).first().waitFor({ timeout: 20_000 });
    expect(await page.locator('.opblock').count()).toBeGreaterThan(5);
    expect(await page.locator('.info .title').innerText()).toContain('Meridian API');
    expect(foreign).toEqual([]);
    expect(violations).toEqual([]);
    await context.close();
  });
});
