/**
 * Behaviour insights from BEHAVIOUR's `GET /api/customers/:id/insights`. The endpoint is
 * optional (503 without its dependency), so the section says plainly when it is not available.
 * Series are drawn generically: any array of objects with a period key and numeric fields
 * becomes a line chart; scalar numbers/strings become a fact list.
 */
import { api, type ApiError } from './api.ts';
import { drawChart } from './charts.ts';
import { clear, h } from '../shared/dom.ts';

const PERIOD_KEYS = ['month', 'period', 'date', 'week', 'day'];
const PALETTE = ['#0b5cad', '#1a8f5a', '#c2412d', '#e08a1e', '#7b4fb8', '#2a9fbc'];

export async function renderInsights(section: HTMLElement, id: string, stillCurrent: () => boolean): Promise<void> {
  const title = section.firstElementChild as HTMLElement;
  let res: Record<string, unknown>;
  try {
    res = await api<Record<string, unknown>>(`/api/customers/${encodeURIComponent(id)}/insights`);
  } catch (err) {
    if (!stillCurrent()) return;
    clear(section);
    const e = err as ApiError;
    section.append(title, h('p', { class: 'muted', text: e.status === 503 || e.status === 404 ? 'Behaviour insights are not available on this server yet.' : `Behaviour insights unavailable: ${e.message}` }));
    return;
  }
  if (!stillCurrent()) return;
  clear(section);
  section.appendChild(title);
  const body = (res.insights && typeof res.insights === 'object' ? res.insights : res) as Record<string, unknown>;
  const facts: [string, string][] = [];
  const charts = h('div', { class: 'charts' });
  const pending: [HTMLCanvasElement, string, Record<string, unknown>[]][] = [];
  for (const [key, value] of Object.entries(body)) {
    if (Array.isArray(value) && value.length && typeof value[0] === 'object' && value[0] !== null) {
      const rows = value as Record<string, unknown>[];
      if (PERIOD_KEYS.some((p) => p in rows[0])) {
        const canvas = h('canvas', { role: 'img', 'aria-label': `Line chart: ${humanise(key)}` });
        charts.appendChild(h('div', { class: 'chart-box' }, canvas));
        pending.push([canvas, key, rows]);
        continue;
      }
      facts.push([humanise(key), rows.map((r) => Object.values(r).filter((v) => typeof v !== 'object').join(' ')).join('; ')]);
    } else if (value === null || typeof value !== 'object') facts.push([humanise(key), typeof value === 'number' ? formatNumber(value) : String(value)]);
    else if (Array.isArray(value)) facts.push([humanise(key), value.join(', ')]);
  }
  if (facts.length) section.appendChild(h('dl', { class: 'attrs' }, facts.map(([k, v]) => h('div', {}, h('dt', { text: k }), h('dd', { text: v })))));
  if (pending.length) section.appendChild(charts);
  for (const [canvas, key, rows] of pending) {
    const period = PERIOD_KEYS.find((p) => p in rows[0])!;
    const fields = Object.keys(rows[0]).filter((f) => f !== period && typeof rows[0][f] === 'number');
    drawChart(canvas, 'insights', {
      type: 'line',
      data: { labels: rows.map((r) => String(r[period])), datasets: fields.map((f, i) => ({ label: humanise(f), data: rows.map((r) => Number(r[f])), borderColor: PALETTE[i % PALETTE.length], backgroundColor: PALETTE[i % PALETTE.length] })) },
      options: { plugins: { title: { display: true, text: humanise(key) } } },
    });
  }
  if (!facts.length && !pending.length) section.appendChild(h('p', { class: 'muted', text: 'No behaviour data recorded for this customer.' }));
}

const humanise = (key: string) => key.replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
const formatNumber = (n: number) => (Math.abs(n) < 1 && n !== 0 ? n.toFixed(3) : n.toLocaleString('en-GB', { maximumFractionDigits: 2 }));
