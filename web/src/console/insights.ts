/**
 * Behaviour insights from `GET /api/customers/:id/insights` (server/insights Insights):
 * summary, alerts, monthly income vs spend, spend by category, card utilisation, category trends.
 * The endpoint is optional (503 without transactions), so the section says plainly when it is
 * not available.
 */
import { api, type ApiError } from './api.ts';
import { ACCENT, drawChart, NEGATIVE, POSITIVE } from './charts.ts';
import { clear, h } from '../shared/dom.ts';

interface Insight {
  kind: string;
  severity: 'info' | 'warning';
  text: string;
}
interface InsightsResponse {
  customerId: string;
  period: { from: string; to: string; months: number };
  currency: string;
  series: {
    months: string[];
    income: number[];
    spend: number[];
    byCategory: Record<string, number[]>;
    utilization: (number | null)[];
  };
  trends: {
    category: string;
    recentMonthly: number;
    previousMonthly: number;
    changePct: number | null;
    direction: string;
  }[];
  alerts: Insight[];
  insights: Insight[];
  summary: string;
  features: Record<string, number | null>;
}

const PALETTE = [
  '#0b5cad',
  '#1a8f5a',
  '#c2412d',
  '#e08a1e',
  '#7b4fb8',
  '#2a9fbc',
  '#8a6d3b',
  '#d6457a',
  '#5b6673',
  '#3f9c35',
  '#b0413e',
  '#1f6f8b',
];
const words = (s: string) => s.replace(/_/g, ' ');

export async function renderInsights(section: HTMLElement, id: string, stillCurrent: () => boolean): Promise<void> {
  const title = section.firstElementChild as HTMLElement;
  let res: InsightsResponse;
  try {
    res = await api<InsightsResponse>(`/api/customers/${encodeURIComponent(id)}/insights`);
  } catch (err) {
    if (!stillCurrent()) return;
    clear(section);
    const e = err as ApiError;
    section.append(
      title,
      h('p', {
        class: 'muted',
        text:
          e.status === 503 || e.status === 404
            ? `Behaviour insights are not available: ${e.message}`
            : `Behaviour insights unavailable: ${e.message}`,
      }),
    );
    return;
  }
  if (!stillCurrent()) return;
  clear(section);
  const series = res.series ?? { months: [], income: [], spend: [], byCategory: {}, utilization: [] };
  const notes = [...(res.alerts ?? []), ...(res.insights ?? [])];
  const canvases = {
    cash: h('canvas', { id: 'chart-income-spend', role: 'img', 'aria-label': 'Monthly income and spending' }),
    categories: h('canvas', { id: 'chart-categories', role: 'img', 'aria-label': 'Monthly spending by category' }),
    utilization: h('canvas', { id: 'chart-utilization', role: 'img', 'aria-label': 'Month-end card utilisation' }),
  };
  const hasUtilization = series.utilization?.some((u) => u !== null);
  const parts: (Node | null)[] = [
    title,
    h('p', {
      class: 'muted',
      text: `${res.period ? `${res.period.from} – ${res.period.to} (${res.period.months} months). ` : ''}${capitalise(res.summary ?? '')}`,
    }),
    notes.length
      ? h(
          'ul',
          { class: 'insight-list' },
          notes.map((n) =>
            h(
              'li',
              {},
              h('span', { class: `tag ${n.severity}`, text: n.severity === 'warning' ? 'alert' : words(n.kind) }),
              ' ',
              n.text,
            ),
          ),
        )
      : null,
    h(
      'div',
      { class: 'charts' },
      h('div', { class: 'chart-box mid' }, canvases.cash),
      h('div', { class: 'chart-box mid' }, canvases.categories),
      hasUtilization ? h('div', { class: 'chart-box mid' }, canvases.utilization) : null,
    ),
    res.trends?.length
      ? h(
          'table',
          { class: 'trends' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['Category', 'Recent / month', 'Before / month', 'Change'].map((t) => h('th', { text: t })),
            ),
          ),
          h(
            'tbody',
            {},
            res.trends.map((t) =>
              h(
                'tr',
                {},
                h('td', { text: words(t.category) }),
                h('td', { text: money(res.currency, t.recentMonthly) }),
                h('td', { text: money(res.currency, t.previousMonthly) }),
                h('td', { text: t.changePct === null ? '—' : `${t.changePct > 0 ? '+' : ''}${t.changePct}%` }),
              ),
            ),
          ),
        )
      : null,
  ];
  section.append(...parts.filter((p): p is Node => p !== null));

  drawChart(canvases.cash, 'income-spend', {
    type: 'bar',
    data: {
      labels: series.months,
      datasets: [
        { label: 'Income', data: series.income, backgroundColor: POSITIVE },
        { label: 'Spending', data: series.spend, backgroundColor: NEGATIVE },
      ],
    },
    options: { plugins: { title: { display: true, text: `Income vs spending (${res.currency ?? ''})` } } },
  });
  const categories = Object.entries(series.byCategory ?? {});
  drawChart(canvases.categories, 'categories', {
    type: 'bar',
    data: {
      labels: series.months,
      datasets: categories.map(([name, values], i) => ({
        label: words(name),
        data: values,
        backgroundColor: PALETTE[i % PALETTE.length],
      })),
    },
    options: {
      scales: { x: { stacked: true }, y: { stacked: true } },
      plugins: {
        title: { display: true, text: 'Spending by category' },
        legend: { labels: { boxWidth: 10, font: { size: 10 } } },
      },
    },
  });
  if (hasUtilization) {
    drawChart(canvases.utilization, 'utilization', {
      type: 'line',
      data: {
        labels: series.months,
        datasets: [
          {
            label: 'Card utilisation %',
            data: series.utilization.map((u) => (u === null ? null : u * 100)),
            borderColor: ACCENT,
            backgroundColor: ACCENT,
            spanGaps: true,
          },
        ],
      },
      options: {
        scales: { y: { min: 0, suggestedMax: 100 } },
        plugins: { title: { display: true, text: 'Card utilisation (month end)' }, legend: { display: false } },
      },
    });
  }
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const money = (currency: string | undefined, v: number) =>
  `${currency ?? ''}${v.toLocaleString('en-GB', { maximumFractionDigits: 0 })}`;
