/**
 * The web UI in a real browser (Debian Chromium via playwright-core) against the REAL server:
 * the test stack (Chroma child, offline embedder, recommender, template generator) listening
 * on 127.0.0.1. The widget is embedded in a plain page served from a different origin (listed in
 * corsOrigins), exactly as a bank would embed it. Screenshots: test-results/screenshots/.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  canvasHasInk,
  demoPage,
  SCREENSHOT_DIR,
  ensureWebBuilt,
  launchChromium,
  screenshot,
  sseEvents,
  startThirdPartySite,
  type ThirdPartySite,
} from './browser.ts';
import { startWebTestServer, type WebTestServer } from './server.ts';

let site: ThirdPartySite;
let server: WebTestServer;
let browser: Browser;
let customerToken: string;
/** Uncaught errors in any page: collected (throwing from an event handler would kill the worker), asserted empty. */
const pageErrors: string[] = [];

beforeAll(async () => {
  await ensureWebBuilt();
  site = await startThirdPartySite();
  server = await startWebTestServer({ corsOrigins: [site.origin] });
  const minted = await fetch(`${server.url}/api/auth/customer-token`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.rmKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ customerId: server.customerIds[0] }),
  });
  expect(minted.status).toBe(200);
  customerToken = ((await minted.json()) as { token: string }).token;
  site.setPage(demoPage(server.url, customerToken));
  browser = await launchChromium();
});

afterEach(() => {
  expect(pageErrors).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await site?.close();
});

async function openDemo(width = 1200): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 860 } });
  page.on('pageerror', (err) => pageErrors.push(err.message));
  // Tee every /api/chat response body into window.__sse, so tests see exactly what streamed.
  await page.addInitScript(() => {
    const w = window as unknown as { __sse: string; __sseDone: boolean };
    const original = window.fetch.bind(window);
    window.fetch = async (input, init) => {
      const res = await original(input, init);
      if (!String(input instanceof Request ? input.url : input).endsWith('/api/chat') || !res.body) return res;
      const [mine, theirs] = res.body.tee();
      w.__sse = '';
      w.__sseDone = false;
      void (async () => {
        const reader = mine.getReader();
        const decoder = new TextDecoder();
        for (let r = await reader.read(); !r.done; r = await reader.read())
          w.__sse += decoder.decode(r.value, { stream: true });
        w.__sseDone = true;
      })();
      return new Response(theirs, { status: res.status, statusText: res.statusText, headers: res.headers });
    };
  });
  await page.goto(`${site.origin}/`);
  await page.locator('meridian-chat textarea').waitFor();
  return page;
}

describe('customer widget on a third-party page', () => {
  it('streams an answer with recommendation cards and the template badge, keyboard only', async () => {
    const page = await openDemo();
    const chatResponse = page.waitForResponse(
      (r) => r.url() === `${server.url}/api/chat` && r.request().method() === 'POST',
    );
    // Keyboard: focus the box, type, Enter sends.
    await page.locator('meridian-chat textarea').focus();
    await page.keyboard.type('Which savings or investment products suit me, and why?');
    await page.keyboard.press('Enter');

    const res = await chatResponse;
    expect(res.status()).toBe(200);
    expect(res.headers()['x-vercel-ai-ui-message-stream']).toBe('v1');
    expect(res.headers()['content-type']).toContain('text/event-stream');
    // The exact bytes the widget read, decoded as UTF-8 (recorded by the fetch tee below).
    await expect.poll(() => page.evaluate(() => (window as unknown as { __sseDone?: boolean }).__sseDone)).toBe(true);
    const events = sseEvents(await page.evaluate(() => (window as unknown as { __sse: string }).__sse));
    const deltas = events.filter((e) => e.type === 'text-delta').map((e) => String(e.delta));
    expect(deltas.length).toBeGreaterThan(3); // streamed in pieces, not one blob
    const recs = events.find((e) => e.type === 'data-recommendations');
    const meta = events.find((e) => e.type === 'data-meta')?.data as { template: boolean; auditId: string };
    expect(meta.template).toBe(true);

    const answer = page.locator('meridian-chat article.assistant').last();
    await expect.poll(() => answer.getAttribute('aria-busy')).toBe('false');
    // The rendered text is the streamed text (markdown markers aside).
    const shown = (await answer.locator('.body').innerText()).replace(/\s+/g, ' ').trim();
    const streamed = deltas
      .join('')
      .replace(/\*\*|`/g, '')
      .replace(/^\s*(?:[-*•]|\d{1,3}[.)])\s+/gm, '')
      .replace(/\s+/g, ' ')
      .trim();
    expect(shown).toBe(streamed);

    const cards = answer.locator('.card');
    const expectedCards = (
      Array.isArray(recs?.data) ? recs!.data : ((recs?.data as { items?: unknown[] })?.items ?? [])
    ) as unknown[];
    expect(expectedCards.length).toBeGreaterThan(0);
    await expect.poll(() => cards.count()).toBe(expectedCards.length);
    const first = await cards.first().innerText();
    expect(first).toMatch(/Why/);
    expect(first).toMatch(/Risks/);
    expect(await answer.locator('.badge').innerText()).toMatch(/template answer \(no LLM\)/i);

    // Thumbs up posts feedback with the answer's audit id.
    const feedback = page.waitForRequest((r) => r.url() === `${server.url}/api/feedback`);
    await answer.getByRole('button', { name: 'Helpful answer', exact: true }).click();
    expect(JSON.parse((await feedback).postData() ?? '{}')).toEqual({ auditId: meta.auditId, rating: 'up' });
    await answer.getByText('Thanks for the feedback.').waitFor();
    expect((await server.feedback.list()).map((f) => [f.auditId, f.rating])).toEqual([[meta.auditId, 'up']]);

    await screenshot(page, 'widget-third-party-1200');
    await answer.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'widget-third-party-answer-start', false);
    await page.setViewportSize({ width: 360, height: 780 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await screenshot(page, 'widget-third-party-360');
    await page.close();
  });

  it("a customer token cannot open another customer's data (from the embedding page, through CORS)", async () => {
    const page = await openDemo();
    const [own, other] = server.customerIds;
    const results = await page.evaluate(
      async ({ url, token, own, other }) => {
        const get = async (path: string) =>
          (await fetch(url + path, { headers: { authorization: `Bearer ${token}` } })).status;
        const chat = await fetch(`${url}/api/chat`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ mode: 'customer', customerId: other, message: 'show me this customer' }),
        });
        return {
          ownProfile: await get(`/api/customers/${own}`),
          otherProfile: await get(`/api/customers/${other}`),
          otherRecs: await get(`/api/customers/${other}/recommendations`),
          otherMap: await get(`/api/customers/${other}/embedding-map`),
          otherChat: chat.status,
          rmSearch: (
            await fetch(`${url}/api/rm/search`, {
              method: 'POST',
              headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
              body: '{"query":"customers"}',
            })
          ).status,
        };
      },
      { url: server.url, token: customerToken, own, other },
    );
    expect(results).toEqual({
      ownProfile: 200,
      otherProfile: 403,
      otherRecs: 403,
      otherMap: 403,
      otherChat: 403,
      rmSearch: 403,
    });
    await page.close();
  });

  it('renders script-injection answers as text, never markup', async () => {
    const page = await openDemo();
    const evil = '<img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script> **bold** ok';
    const stream = `${[
      { type: 'start' },
      { type: 'text-start', id: 't' },
      { type: 'text-delta', id: 't', delta: evil },
      { type: 'text-end', id: 't' },
      {
        type: 'data-recommendations',
        data: [
          {
            productId: 'x',
            name: '<b onmouseover="window.__pwned=3">Fund</b>',
            why: '<script>window.__pwned=4</script>',
            risks: 'r',
          },
        ],
      },
      { type: 'data-meta', data: { template: false, generator: 'llama', model: '<i>m</i>' } },
      { type: 'finish' },
    ]
      .map((e) => `data: ${JSON.stringify(e)}\n\n`)
      .join('')}data: [DONE]\n\n`;
    // A hostile model answer, injected at the network layer so the exact bytes are under test.
    await page.route(`${server.url}/api/chat`, (route) =>
      route.fulfill({
        status: 200,
        headers: { 'content-type': 'text/event-stream', 'access-control-allow-origin': site.origin },
        body: stream,
      }),
    );
    await page.locator('meridian-chat textarea').fill('hi');
    await page.keyboard.press('Enter');
    const answer = page.locator('meridian-chat article.assistant').last();
    await expect.poll(() => answer.getAttribute('aria-busy')).toBe('false');
    expect(await answer.locator('.body').innerText()).toContain(
      '<img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script> bold ok',
    );
    expect(await answer.locator('img, script, b').count()).toBe(0);
    expect(await answer.locator('strong').innerText()).toBe('bold');
    expect(await answer.locator('.card h3').innerText()).toBe('<b onmouseover="window.__pwned=3">Fund</b>');
    await answer.locator('.card h3').hover();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await screenshot(page, 'widget-injection-as-text', false);
    await page.close();
  });

  it('shows a clear error with Retry on a network failure, then recovers; Stop aborts', async () => {
    const page = await openDemo();
    await page.route(`${server.url}/api/chat`, (route) => route.abort('connectionreset'));
    await page.locator('meridian-chat textarea').fill('What is a Cash ISA?');
    await page.keyboard.press('Enter');
    const alert = page.locator('meridian-chat [role=alert]');
    await alert.waitFor({ state: 'visible' });
    expect(await alert.innerText()).toMatch(/could not reach the assistant/i);
    await screenshot(page, 'widget-network-error', false);
    await page.unroute(`${server.url}/api/chat`);
    await page.locator('meridian-chat').getByRole('button', { name: 'Retry the last message' }).click();
    await page.locator('meridian-chat article.assistant .badge').waitFor();
    expect(await alert.isVisible()).toBe(false);

    // Stop: a request that hangs until the user stops it.
    await page.route(`${server.url}/api/chat`, () => undefined);
    await page.locator('meridian-chat textarea').fill('Another question');
    await page.keyboard.press('Enter');
    const stop = page.locator('meridian-chat').getByRole('button', { name: 'Stop the answer' });
    await stop.click();
    await page.locator('meridian-chat .note', { hasText: 'Stopped.' }).waitFor();
    expect(await stop.isVisible()).toBe(false);
    await page.close();
  });
});

describe('RM console', () => {
  let page: Page;
  beforeAll(async () => {
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (err) => pageErrors.push(err.message));
  });
  afterAll(() => page?.close());

  it('rejects a wrong credential, then signs in and searches: filter chips, results with scores and reasons', async () => {
    await page.goto(`${server.url}/`);
    await page.fill('#credential', 'not-a-key');
    await page.keyboard.press('Enter');
    await page.getByText('That credential was not accepted.').waitFor();
    await page.fill('#credential', server.rmKey);
    await page.keyboard.press('Enter');
    await page.locator('#q').waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('meridian.rm.credential'))).toBe(server.rmKey);

    const query = 'customers with credit score over 650 nearing retirement interested in investment products';
    await page.fill('#q', query);
    await page.keyboard.press('Enter');
    await page.locator('.result').first().waitFor();
    const chips = page.locator('.chip');
    expect(await chips.count()).toBeGreaterThanOrEqual(2);
    expect(await chips.allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringMatching(/creditScore > 650/), expect.stringMatching(/lifeStage/)]),
    );
    const first = page.locator('.result').first();
    expect(await first.locator('[data-score=similarity]').innerText()).toMatch(/similarity (\d|—)/);
    expect(await first.locator('[data-score=rerank]').innerText()).toMatch(/rerank -?\d/);
    expect((await first.locator('.reason').innerText()).length).toBeGreaterThan(5);
    await screenshot(page, 'console-search');

    // Removing the credit-score chip searches again without that constraint.
    await page.getByRole('button', { name: /Remove filter creditScore/ }).click();
    await expect.poll(() => page.inputValue('#q')).not.toContain('credit score');
    await page.locator('.result').first().waitFor();
    expect(await page.locator('.chip').allInnerTexts()).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/creditScore/)]),
    );
    await screenshot(page, 'console-search-chip-removed');
  });

  it('opens a profile: attributes, charts, top-5 with a SHAP chart each, exclusions, embedding map, RM assistant', async () => {
    await page.locator('.result a').first().click();
    await page.locator('canvas[data-chart=shap]').first().waitFor();
    const recs = page.locator('article.rec');
    expect(await recs.count()).toBeGreaterThan(0);
    expect(await recs.count()).toBeLessThanOrEqual(5);
    expect(Number(await page.locator('canvas[data-chart=shap]').first().getAttribute('data-points'))).toBeGreaterThan(
      0,
    );
    expect(await canvasHasInk(page, 'canvas[data-chart=shap]')).toBe(true);
    expect(await canvasHasInk(page, '#chart-balances')).toBe(true);
    await page.locator('#chart-embedding-map').waitFor();
    expect(Number(await page.locator('#chart-embedding-map').getAttribute('data-points'))).toBeGreaterThan(1);
    expect(await page.locator('.attrs').first().innerText()).toMatch(/Credit score/);

    // Embed snippet: an RM mints a customer token for this customer's widget.
    await page.getByText('Embed the customer widget (demo)').click();
    await page.getByRole('button', { name: 'Widget embed code for this customer' }).click();
    await expect
      .poll(() => page.locator('pre.snippet').innerText())
      .toMatch(/<meridian-chat server="http:\/\/127\.0\.0\.1:\d+" token="[\w-]+\.[\w-]+\.[\w-]+"><\/meridian-chat>/);

    // The RM assistant beside the profile streams an answer about this customer.
    const chat = page.locator('meridian-chat');
    await chat.locator('textarea').fill('Which products fit this customer, and why?');
    await chat.locator('textarea').press('Enter');
    const answer = chat.locator('article.assistant').last();
    await expect.poll(() => answer.getAttribute('aria-busy'), { timeout: 30_000 }).toBe('false');
    expect((await answer.locator('.body').innerText()).length).toBeGreaterThan(20);
    await screenshot(page, 'console-profile');
    await page
      .locator('article.rec')
      .first()
      .screenshot({ path: `${SCREENSHOT_DIR}/console-shap-chart.png` });
    await page
      .locator('section[aria-labelledby=insights-title]')
      .screenshot({ path: `${SCREENSHOT_DIR}/console-insights.png` });
  });

  it('lists an escalated customer chat in the Escalations panel (text only)', async () => {
    // A customer reports fraud through the chat API (the stack's small banking77 classifier flags it).
    const message = 'someone used my card without permission';
    const res = await fetch(`${server.url}/api/chat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${customerToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'customer', message }),
    });
    expect(res.status).toBe(200);
    const meta = sseEvents(await res.text()).find((e) => (e as { type?: string }).type === 'data-meta') as
      | { data: { auditId: string; escalated: boolean } }
      | undefined;
    expect(meta?.data.escalated).toBe(true);

    await page.goto(`${server.url}/#/search`);
    const item = page.locator(`#escalations li[data-audit-id="${meta!.data.auditId}"]`);
    await item.waitFor();
    expect(await item.locator('.reason').innerText()).toBe(message);
    expect(await item.innerText()).toContain(`Customer ${server.customerIds[0]}`);
    expect(await item.innerText()).toMatch(/fraud[\s\S]*Intent \w+ \(confidence \d\.\d\d\)/i);
    await page.locator('#escalations').screenshot({ path: `${SCREENSHOT_DIR}/console-escalations.png` });
  });
});
