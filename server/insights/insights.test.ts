import { describe, expect, it } from 'vitest';
import { mintCustomerToken } from '../http/auth.ts';
import { generateTransactions } from '../../data/transactions/generate.ts';
import { INCOME_CATEGORIES, SPEND_CATEGORIES, type Transaction } from '../../data/transactions/schema.ts';
import { sampleCustomer } from '../../testkit/transactions-customers.ts';
import { computeInsights, type Insight } from './insights.ts';
import { createInsightsService, createInsightsServiceFromConfig } from './service.ts';
import { writeTransactions } from '../../data/transactions/write.ts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { behaviourTestApp, TEST_RM_KEY } from '../../testkit/insights-app.ts';
import { syntheticTransactionSource } from '../../data/transactions/source.ts';

const sum = (rows: Transaction[]) => rows.reduce((s, r) => s + r.amount, 0);
const inMonths = (rows: Transaction[], months: string[]) => rows.filter((r) => months.includes(r.date.slice(0, 7)));
const SPEND = new Set<string>(SPEND_CATEGORIES);
const INCOME = new Set<string>(INCOME_CATEGORIES);

/** Every number in an insight's text is one of its figures (as is, or as a percentage). */
function numbersBacked(i: Insight) {
  const text = i.text.replace(/\d{4}-\d{2}(-\d{2})?/g, ' ');
  const figures = Object.values(i.figures).filter((v): v is number => typeof v === 'number');
  for (const token of text.match(/\d[\d,]*(\.\d+)?/g) ?? []) {
    const n = Number(token.replaceAll(',', ''));
    const ok = figures.some(
      (f) => Math.abs(f - n) < 0.006 || Math.abs(Math.abs(f) - n) < 0.006 || Math.abs(f * 100 - n) < 0.51,
    );
    expect(ok, `${token} in "${i.text}" is not among figures ${JSON.stringify(i.figures)}`).toBe(true);
  }
}

describe('insights from transactions', () => {
  const stretched = sampleCustomer({
    id: 'S1',
    income: 24_000,
    creditUtilization: 0.92,
    savingsBalance: 0,
    lifeStage: 'student',
  });
  const rows = generateTransactions(stretched, { seed: 11 });
  const ins = computeInsights('S1', rows);
  const months = ins.series.months;
  const last3 = months.slice(-3);

  it('overspending alert figures are the sums of the rows of the last 3 months', () => {
    const alert = ins.alerts.find((a) => a.kind === 'overspending')!;
    expect(alert).toBeDefined();
    const spend = -sum(inMonths(rows, last3).filter((r) => SPEND.has(r.category)));
    const income = sum(inMonths(rows, last3).filter((r) => INCOME.has(r.category)));
    expect(alert.figures.spend).toBeCloseTo(spend, 2);
    expect(alert.figures.income).toBeCloseTo(income, 2);
    expect(spend).toBeGreaterThan(income);
  });

  it('rising-utilization alert quotes the month-end card balances over the limit', () => {
    const alert = ins.alerts.find((a) => a.kind === 'rising_utilization');
    const cardRows = rows.filter((r) => r.account === 'card');
    const endOf = (m: string) => cardRows.filter((r) => r.date.startsWith(m)).at(-1)!;
    const util = (r: Transaction) => Math.round((-r.balance! / r.creditLimit!) * 10_000) / 10_000;
    expect(ins.series.utilization[0]).toBe(util(endOf(months[0]!)));
    expect(ins.series.utilization.at(-1)).toBe(util(endOf(months.at(-1)!)));
    if (alert) {
      expect(alert.figures.from).toBe(util(endOf(months[0]!)));
      expect(alert.figures.to).toBe(util(endOf(months.at(-1)!)));
    }
  });

  it('subscriptions, high-frequency and trend figures equal their rows', () => {
    const lastMonthSubs = inMonths(rows, [months.at(-1)!]).filter((r) => r.category === 'subscription');
    expect(ins.subscriptions.count).toBe(new Set(lastMonthSubs.map((r) => r.merchant)).size);
    expect(ins.subscriptions.monthlyTotal).toBeCloseTo(-sum(lastMonthSubs), 2);
    for (const h of ins.highFrequency) {
      const purchases = rows.filter((r) => r.category === h.category && r.amount < 0);
      expect(h.perMonth).toBeCloseTo(purchases.length / months.length, 2);
    }
    for (const t of ins.trends) {
      const recent = -sum(inMonths(rows, last3).filter((r) => r.category === t.category)) / 3;
      const prev = -sum(inMonths(rows, months.slice(-6, -3)).filter((r) => r.category === t.category)) / 3;
      expect(t.recentMonthly).toBeCloseTo(recent, 2);
      expect(t.previousMonthly).toBeCloseTo(prev, 2);
    }
    for (const [m, total] of ins.series.spend.entries()) {
      expect(total).toBeCloseTo(-sum(inMonths(rows, [months[m]!]).filter((r) => SPEND.has(r.category))), 2);
    }
  });

  it('every number in every insight text is one of its figures (what the number guardrail checks)', () => {
    const comfy = computeInsights(
      'C',
      generateTransactions(sampleCustomer({ id: 'C', savingsBalance: 90_000, creditUtilization: 0.1 }), { seed: 2 }),
    );
    for (const i of [...ins.alerts, ...ins.insights, ...comfy.alerts, ...comfy.insights]) numbersBacked(i);
    expect(comfy.alerts.find((a) => a.kind === 'overspending')).toBeUndefined();
  });
});

describe('GET /api/customers/:id/insights', () => {
  const customers = [sampleCustomer({ id: 'C0000001' }), sampleCustomer({ id: 'C0000002', income: 90_000 })];
  const { app, config } = behaviourTestApp(customers, {
    insights: createInsightsService(syntheticTransactionSource(42)),
  });
  const rm = { Authorization: `Bearer ${TEST_RM_KEY}` };

  it('RM reads any customer; figures match a direct computation', async () => {
    const res = await app.request('/api/customers/C0000002/insights', { headers: rm });
    expect(res.status).toBe(200);
    const body = await res.json();
    const direct = computeInsights('C0000002', generateTransactions(customers[1]!, { seed: 42 }));
    expect(body.source).toBe('synthetic');
    expect(body.series).toEqual(JSON.parse(JSON.stringify(direct.series)));
    expect(body.alerts).toEqual(direct.alerts);
    expect(body.summary).toBe(direct.summary);
  });

  it('a customer token reaches only its own insights', async () => {
    const { token } = await mintCustomerToken(config.jwtSecret, 'C0000001');
    const own = await app.request('/api/customers/C0000001/insights', {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(own.status).toBe(200);
    const other = await app.request('/api/customers/C0000002/insights', {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(other.status).toBe(403);
    expect((await app.request('/api/customers/C0000001/insights')).status).toBe(401);
    expect((await app.request('/api/customers/NOPE/insights', { headers: rm })).status).toBe(404);
  });

  it('answers 503 when the server has no insights service', async () => {
    const bare = behaviourTestApp(customers, {}).app;
    const res = await bare.request('/api/customers/C0000001/insights', { headers: rm });
    expect(res.status).toBe(503);
  });
});

describe('insights from an imported transactions file', () => {
  it('a CSV in the documented schema gives the same insights as the synthetic source; bad files fail with file:line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ins-'));
    try {
      const c = sampleCustomer({ id: 'F1', creditUtilization: 0.8 });
      await writeTransactions([c], join(dir, 't.csv'), { seed: 42 });
      const fromFile = await createInsightsServiceFromConfig({ seed: 1, transactionsFile: join(dir, 't.csv') });
      const synthetic = await createInsightsServiceFromConfig({ seed: 42 });
      expect(fromFile.source).toBe('file');
      expect(await fromFile.forCustomer(c)).toEqual(await synthetic.forCustomer(c));
      expect(await fromFile.forCustomer(sampleCustomer({ id: 'NOBODY' }))).toBeUndefined();
      writeFileSync(
        join(dir, 'bad.csv'),
        'customerId,date,amount,category,merchant\nF1,2025-13-01,-1,groceries,Tesco\n',
      );
      await expect(
        createInsightsServiceFromConfig({ seed: 1, transactionsFile: join(dir, 'bad.csv') }),
      ).rejects.toThrow(/bad\.csv:2: date/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
