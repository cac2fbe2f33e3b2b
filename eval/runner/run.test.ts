import { describe, expect, it } from 'vitest';
import { MeridianClient, createStreamCollector, type FetchLike } from '../client/index.ts';
import {
  compareWithBaseline,
  REPORT_SCHEMA_VERSION,
  passRateByTag,
  renderHtml,
  toBaseline,
  totals,
  type RunReport,
} from '../report/index.ts';
import { formatTable } from '../report/table.ts';
import { parseSuite } from '../suite/load.ts';
import { alice, knowledge } from '../test/helpers.ts';
import { aggregateAttempts, caseVerdict, runSuites, type SuiteResult } from './run.ts';

const sse = (parts: object[]) => `${parts.map((p) => `data: ${JSON.stringify(p)}\n\n`).join('')}data: [DONE]\n\n`;

describe('UI-message stream collector', () => {
  it('collects text deltas, recommendations and meta across arbitrary chunk boundaries', () => {
    const body = sse([
      { type: 'start', messageId: 'm1' },
      { type: 'text-start', id: 't' },
      { type: 'text-delta', id: 't', delta: 'Hello ' },
      { type: 'text-delta', id: 't', delta: 'there' },
      { type: 'text-end', id: 't' },
      { type: 'data-recommendations', data: { items: [{ productId: 'savings-isa', why: 'w', risks: 'r' }] } },
      { type: 'data-meta', data: { generator: 'template', groundingIds: ['savings-isa'] } },
      { type: 'finish' },
    ]).replace(/\n\n/g, '\r\n\r\n');
    const c = createStreamCollector();
    for (let i = 0; i < body.length; i += 7) c.push(body.slice(i, i + 7));
    const out = c.end();
    expect(out.text).toBe('Hello there');
    expect(out.recommendations.map((r) => r.productId)).toEqual(['savings-isa']);
    expect(out.meta?.groundingIds).toEqual(['savings-isa']);
    expect(out.finished && out.done).toBe(true);
  });
  it('records stream errors', () => {
    const c = createStreamCollector();
    c.push(sse([{ type: 'error', errorText: 'model busy' }]));
    expect(c.end().error).toBe('model busy');
  });
});

describe('verdicts', () => {
  const r = (pass: boolean, score: number, weight = 1) => ({ type: 't', pass, score, weight, reason: '', where: '' });
  it('all weighted assertions must pass; weight 0 is informational; a case threshold uses the weighted score', () => {
    expect(caseVerdict([r(true, 1), r(false, 0, 0)]).pass).toBe(true);
    expect(caseVerdict([r(true, 1), r(false, 0.5)]).pass).toBe(false);
    expect(caseVerdict([r(true, 1, 3), r(false, 0)], 0.75)).toEqual({ pass: true, score: 0.75 });
    expect(caseVerdict([r(true, 1, 1), r(false, 0)], 0.75).pass).toBe(false);
  });
  it('pass^N: a case passes only when every attempt passes; mixed results are flaky', () => {
    expect(
      aggregateAttempts([
        { pass: true, score: 1 },
        { pass: true, score: 1 },
      ]),
    ).toMatchObject({ pass: true, passRate: 1, flaky: false });
    expect(
      aggregateAttempts([
        { pass: true, score: 1 },
        { pass: false, score: 0 },
        { pass: true, score: 1 },
      ]),
    ).toMatchObject({ pass: false, flaky: true });
    expect(aggregateAttempts([{ pass: false, score: 0 }])).toMatchObject({ pass: false, flaky: false, passRate: 0 });
    expect(aggregateAttempts([]).pass).toBe(false);
  });
});

/** A fake server speaking the agreed API, whose answer alternates to make one case flaky. */
function fakeServer(): FetchLike {
  let n = 0;
  return async (req) => {
    const url = new URL(req.url);
    if (url.pathname === '/api/auth/customer-token') return Response.json({ token: 'tok' });
    if (url.pathname.startsWith('/api/customers/')) return Response.json(alice);
    if (url.pathname === '/api/chat') {
      const body = (await req.json()) as { message: string };
      const text = body.message.includes('flaky') ? (n++ % 2 === 0 ? 'yes' : 'no') : 'steady answer';
      return new Response(
        sse([
          { type: 'text-delta', id: 't', delta: text },
          { type: 'data-meta', data: { generator: 'fake', groundingIds: [] } },
          { type: 'finish' },
        ]),
        {
          headers: { 'content-type': 'text/event-stream' },
        },
      );
    }
    return new Response('nope', { status: 404 });
  };
}

const suiteYaml = `suite: mini
description: d
cases:
  - id: steady
    description: always the same
    customer: T-ALICE
    turns: [{ user: hello }]
    assertions: [{ type: contains, value: steady }]
  - id: flaky
    description: alternates
    customer: T-ALICE
    turns: [{ user: flaky please }]
    assertions: [{ type: contains, value: "yes" }]
`;

describe('runSuites over the HTTP client', () => {
  it('runs every case N times and applies pass^N', async () => {
    const client = new MeridianClient({ baseUrl: 'http://eval.test', fetch: fakeServer(), rmKey: 'k' });
    const [s] = await runSuites([parseSuite(suiteYaml, 'mini.yaml')], {
      client,
      knowledge: knowledge(),
      repeat: 4,
      concurrency: 1,
    });
    const steady = s!.cases.find((c) => c.id === 'steady')!;
    const flaky = s!.cases.find((c) => c.id === 'flaky')!;
    expect(steady).toMatchObject({ pass: true, passRate: 1 });
    expect(steady.attempts).toHaveLength(4);
    expect(flaky).toMatchObject({ pass: false, passRate: 0.5, flaky: true });
    expect(s!.passRate).toBe(0.5);
  });
  it('a transport error fails the case with the reason', async () => {
    const client = new MeridianClient({
      baseUrl: 'http://eval.test',
      fetch: async () => new Response('down', { status: 503 }),
      rmKey: 'k',
    });
    const [s] = await runSuites([parseSuite(suiteYaml, 'mini.yaml')], { client, knowledge: knowledge() });
    expect(s!.cases[0]!.pass).toBe(false);
    expect(s!.cases[0]!.attempts[0]!.error).toMatch(/503/);
  });
});

function report(passes: Record<string, boolean>): RunReport {
  const cases = Object.entries(passes).map(([id, pass]) => ({
    suite: 's',
    id,
    description: '',
    where: 's.yaml:1',
    mode: 'customer' as const,
    tags: [],
    pass,
    passRate: pass ? 1 : 0,
    flaky: false,
    meanScore: pass ? 1 : 0,
    attempts: [
      {
        pass,
        score: pass ? 1 : 0,
        latencyMs: 3,
        assertions: [{ type: 'contains', pass, score: pass ? 1 : 0, weight: 1, reason: 'r <b>', where: 's.yaml:2' }],
        transcript: [{ user: 'u', text: '<script>x</script>', recommendations: [] }],
      },
    ],
  }));
  const passed = cases.filter((c) => c.pass).length;
  const suites: SuiteResult[] = [
    {
      name: 's',
      file: 's.yaml',
      kind: 'behaviour',
      description: '',
      cases,
      passed,
      total: cases.length,
      passRate: passed / cases.length,
    },
  ];
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    kind: 'meridian-eval-run',
    createdAt: 'now',
    target: { kind: 'in-process' },
    repeat: 1,
    totals: totals(suites),
    suites,
  };
}

describe('baseline comparison', () => {
  const base = toBaseline(report({ a: true, b: false, c: true }));
  it('flags pass→fail flips and fails', () => {
    const cmp = compareWithBaseline(report({ a: false, b: false, c: true }), base);
    expect(cmp.flips.map((f) => f.id)).toEqual(['a']);
    expect(cmp.flips[0]!.failing).toEqual(['contains @ s.yaml:2']);
    expect(cmp.ok).toBe(false);
  });
  it('accepts fixes and unchanged runs; reports added and removed cases', () => {
    const cmp = compareWithBaseline(report({ a: true, b: true, d: true }), base);
    expect(cmp.ok).toBe(true);
    expect(cmp.fixed.map((f) => f.id)).toEqual(['b']);
    expect(cmp.added.map((f) => f.id)).toEqual(['d']);
    expect(cmp.removed.map((f) => f.id)).toEqual(['c']);
  });
  it('fails when the pass rate is below the threshold, even without flips', () => {
    const cmp = compareWithBaseline(report({ a: true, b: false, c: true }), base, 0.9);
    expect(cmp.flips).toHaveLength(0);
    expect(cmp.ok).toBe(false);
    expect(cmp.belowThreshold.join()).toMatch(/66\.7%/);
  });
  it('the baseline holds no timestamps or latencies', () => {
    const text = JSON.stringify(base);
    expect(text).not.toMatch(/latency|createdAt/);
  });
});

describe('reports', () => {
  it('HTML is self-contained and escapes what the model said', () => {
    const html = renderHtml(report({ a: true, b: false }));
    expect(html).not.toMatch(/<script|<link|src=|href="http/);
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(html).toContain('1/2 cases pass (50.0%)');
  });
  it('the terminal table lists suites and failing cases', () => {
    const t = formatTable(report({ a: true, b: false }));
    expect(t).toMatch(/^suite\s+kind\s+cases\s+passed\s+pass rate/);
    expect(t).toMatch(/✗ s\/b — contains: r <b>/);
  });
  it('both reports show the pass rate per intent tag', () => {
    const r = report({ a: true, b: false, c: true });
    r.suites[0]!.cases.forEach((c, i) => (c.tags = [i < 2 ? 'intent:product_fee' : 'intent:chitchat', 'other']));
    expect(passRateByTag(r.suites)).toEqual([
      { tag: 'chitchat', passed: 1, total: 1, passRate: 1 },
      { tag: 'product_fee', passed: 1, total: 2, passRate: 0.5 },
    ]);
    expect(formatTable(r)).toMatch(/product_fee\s+2\s+1\s+50\.0%/);
    expect(renderHtml(r)).toMatch(/<h2>By intent<\/h2>.*<td>product_fee<\/td><td>2<\/td><td>1<\/td>/s);
  });
});
