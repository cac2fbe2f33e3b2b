/**
 * The web UI in a real browser (Debian Chromium via playwright-core) against the REAL server:
 * the test stack (Chroma child, offline embedder, recommender, template generator) listening
 * on 127.0.0.1. The widget is embedded by the demo host page (server/demo-host.ts, what `npm start`
 * serves) from a different origin listed in corsOrigins, exactly as a bank would embed it; a second
 * demo host on an origin that is not listed shows the configuration error. Every page is checked at
 * 1440×900 and 390×844 (no horizontal overflow, no axe-core violations) and photographed into
 * artifacts/screenshots/web/.
 */
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startDemoHost, type DemoHost } from '../../server/demo-host.ts';
import { mintCustomerToken } from '../../server/http/auth.ts';
import {
  axeViolations,
  canvasHasInk,
  SCREENSHOT_DIR,
  ensureWebBuilt,
  horizontalOverflow,
  launchChromium,
  screenshot,
  sseEvents,
  VIEWPORTS,
} from './browser.ts';
import { startWebTestServer, type WebTestServer } from './server.ts';

let site: DemoHost;
let blockedSite: DemoHost;
let server: WebTestServer;
let browser: Browser;
let customerToken: string;

/** A port free right now (the demo host's origin must be known before the server starts). */
async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
/** Uncaught errors in any page: collected (throwing from an event handler would kill the worker), asserted empty. */
const pageErrors: string[] = [];

beforeAll(async () => {
  await ensureWebBuilt();
  const port = await freePort();
  server = await startWebTestServer({ corsOrigins: [`http://127.0.0.1:${port}`] });
  const mintToken = async () =>
    (await mintCustomerToken(server.stack.config.jwtSecret, server.customerIds[0], 900)).token;
  site = await startDemoHost({ serverUrl: server.url, port, mintToken });
  blockedSite = await startDemoHost({ serverUrl: server.url, port: 0, mintToken });
  const minted = await fetch(`${server.url}/api/auth/customer-token`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.rmKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ customerId: server.customerIds[0] }),
  });
  expect(minted.status).toBe(200);
  customerToken = ((await minted.json()) as { token: string }).token;
  browser = await launchChromium();
});

afterEach(() => {
  expect(pageErrors).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await site?.close();
  await blockedSite?.close();
});

async function openDemo(width = 1200, origin = site.origin): Promise<Page> {
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
  await page.goto(`${origin}/`);
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
    // Once per answer: no second badge in the header or elsewhere in the widget.
    expect(await page.locator('meridian-chat .badge').count()).toBe(1);

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
    // The thumbs stay side by side on a phone.
    const tops = await answer.locator('button.fb').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().top));
    expect(new Set(tops).size).toBe(1);
    await screenshot(page, 'widget-third-party-360');
    await page.close();
  });

  it('shows the typing state at once, then the text as it streams', async () => {
    const page = await openDemo();
    // Hold the response back, as a slow model would, to see what the customer sees meanwhile.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(`${server.url}/api/chat`, async (route) => {
      await held;
      await route.continue();
    });
    await page.locator('meridian-chat textarea').fill('What is a Cash ISA?');
    await page.keyboard.press('Enter');
    const answer = page.locator('meridian-chat article.assistant').last();
    await answer.locator('[data-typing]').waitFor({ state: 'visible', timeout: 2000 });
    expect(await answer.getAttribute('aria-busy')).toBe('true');
    release();
    // The held request then runs through the whole chat path: allow for a loaded machine.
    await expect.poll(() => answer.getAttribute('aria-busy'), { timeout: 30_000 }).toBe('false');
    expect(await answer.locator('[data-typing]').count()).toBe(0);
    expect((await answer.locator('.body').innerText()).length).toBeGreaterThan(20);
    await page.close();
  });

  it('on an origin the server does not allow, says so in words a site owner can act on', async () => {
    const page = await openDemo(1200, blockedSite.origin);
    const alert = page.locator('meridian-chat [role=alert]');
    await alert.waitFor({ state: 'visible' });
    const text = await alert.innerText();
    expect(text).toContain(`This site (${blockedSite.origin}) is not allowed to use the assistant`);
    expect(text).toContain('MERIDIAN_CORS_ORIGINS');
    expect(text).not.toMatch(/check your connection/i);
    // Asking anyway gives the same explanation, not a network error; Retry would not help.
    await page.locator('meridian-chat textarea').fill('What is a Cash ISA?');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('meridian-chat .error').getAttribute('data-kind')).toBe('configuration');
    expect(await alert.innerText()).toContain('is not allowed to use the assistant');
    expect(
      await page.locator('meridian-chat').getByRole('button', { name: 'Retry the last message' }).isVisible(),
    ).toBe(false);
    await screenshot(page, 'widget-origin-not-allowed', false);
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
    // The name, and why in words with the customer's own figures; scores behind Details.
    expect(await first.locator('header a').innerText()).not.toMatch(/^Customer /);
    expect(await first.locator('.reason').innerText()).toMatch(/credit score \d+, above 650/i);
    expect(await first.locator('.reason').innerText()).not.toMatch(/matches /);
    expect(await first.locator('[data-score=similarity]').isVisible()).toBe(false);
    await first.locator('details summary').click();
    expect(await first.locator('[data-score=similarity]').innerText()).toMatch(/similarity (\d|—)/);
    expect(await first.locator('[data-score=rerank]').innerText()).toMatch(/rerank -?\d/);
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
    // Figures and names in words: £ amounts, "1 year"/"n years", product names, rule words.
    const attrs = await page.locator('.attrs').first().innerText();
    expect(attrs).toMatch(/Annual income\s+£\d/);
    expect(attrs).toMatch(/Tenure\s+\d+ years?\b/);
    expect(attrs).not.toMatch(/\b1 years\b|[a-z]+-[a-z0-9]+-[a-z0-9]+/);
    if (await page.locator('table.excluded').count())
      expect(await page.locator('table.excluded').innerText()).not.toMatch(/_/);

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
    expect(await item.innerText()).toMatch(/fraud[\s\S]*Intent: [a-z ]+ \(confidence \d+%\)/i);
    expect(await item.innerText()).not.toMatch(/Intent: \w+_/);
    await page.locator('#escalations').screenshot({ path: `${SCREENSHOT_DIR}/console-escalations.png` });
  });
});

describe('layout and accessibility of every page at 1440×900 and 390×844', () => {
  /** Each page, opened and brought to the state worth checking. */
  const pages: { name: string; open(page: Page): Promise<void> }[] = [
    {
      name: 'widget-demo-host',
      async open(page) {
        await page.goto(`${site.origin}/`);
        await page.locator('meridian-chat textarea').fill('Which savings products suit me?');
        await page.locator('meridian-chat textarea').press('Enter');
        await page.locator('meridian-chat article.assistant[aria-busy=false] .badge').waitFor();
      },
    },
    {
      name: 'widget-origin-not-allowed',
      async open(page) {
        await page.goto(`${blockedSite.origin}/`);
        await page.locator('meridian-chat [role=alert]').waitFor({ state: 'visible' });
      },
    },
    {
      name: 'console-sign-in',
      async open(page) {
        await page.goto(`${server.url}/`);
        await page.locator('#credential').waitFor();
      },
    },
    {
      name: 'console-search',
      async open(page) {
        await signedIn(page, '#/search?q=customers%20with%20credit%20score%20over%20650%20nearing%20retirement');
        await page.locator('.result').first().waitFor();
        await page.locator('#escalations [role=status]:not(:text("Loading…"))').waitFor();
      },
    },
    {
      name: 'console-profile',
      async open(page) {
        await signedIn(page, `#/customer/${server.customerIds[0]}`);
        await page.locator('canvas[data-chart=shap]').first().waitFor();
        await page.locator('#chart-embedding-map').waitFor();
      },
    },
  ];

  async function signedIn(page: Page, hash: string): Promise<void> {
    await page.addInitScript((key) => sessionStorage.setItem('meridian.rm.credential', key), server.rmKey);
    await page.goto(`${server.url}/${hash}`);
  }

  for (const viewport of VIEWPORTS) {
    for (const target of pages) {
      it(`${target.name} at ${viewport.width}×${viewport.height}: no horizontal overflow, no axe violations`, async () => {
        const page = await browser.newPage({ viewport: { width: viewport.width, height: viewport.height } });
        page.on('pageerror', (err) => pageErrors.push(err.message));
        try {
          await target.open(page);
          await screenshot(page, `${target.name}-${viewport.name}`);
          expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
          if (target.name === 'console-profile' && viewport.name === 'phone') {
            // The exclusions table fits the screen and the assistant is one tap away.
            const table = page.locator('table.excluded');
            if (await table.count())
              expect(await table.evaluate((t) => t.getBoundingClientRect().right)).toBeLessThanOrEqual(viewport.width);
            await page.getByRole('link', { name: 'Ask the assistant' }).click();
            await expect
              .poll(() => page.locator('#assistant').evaluate((el) => el.getBoundingClientRect().top))
              .toBeLessThan(viewport.height);
          }
          expect(await axeViolations(page)).toEqual([]);
        } finally {
          await page.close();
        }
      });
    }
  }
});
