/** 2-D projection of product and customer embeddings with this customer highlighted. */
import { api, type ApiError, type EmbeddingPoint } from './api.ts';
import { ACCENT, drawChart } from './charts.ts';
import { clear, h } from '../shared/dom.ts';
import type { Plugin } from 'chart.js';
import { productName } from '../../../domain/format.ts';

/** Writes each product's name beside its marker (the scatter has no built-in point labels). */
const productLabels: Plugin<'scatter'> = {
  id: 'productLabels',
  afterDatasetsDraw(chart) {
    const { ctx } = chart;
    const meta = chart.getDatasetMeta(0);
    const data = chart.data.datasets[0]?.data as { label?: string }[] | undefined;
    if (!data || meta.hidden) return;
    ctx.save();
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillStyle = '#1b2430';
    ctx.textBaseline = 'middle';
    const right = chart.chartArea.right;
    meta.data.forEach((point, i) => {
      const text = data[i]?.label ?? '';
      const width = ctx.measureText(text).width;
      // Beside the marker, flipped to its left near the right edge so no label is cut off.
      const x = point.x + 9 + width > right ? point.x - 9 - width : point.x + 9;
      ctx.fillText(text, x, point.y);
    });
    ctx.restore();
  },
};

interface MapResponse {
  method?: string;
  points?: EmbeddingPoint[];
  customer?: EmbeddingPoint;
  products?: EmbeddingPoint[];
  customers?: EmbeddingPoint[];
  note?: string;
}

export async function renderEmbeddingMap(section: HTMLElement, id: string, stillCurrent: () => boolean): Promise<void> {
  const title = section.firstElementChild as HTMLElement;
  let res: MapResponse;
  try {
    res = await api<MapResponse>(`/api/customers/${encodeURIComponent(id)}/embedding-map`);
  } catch (err) {
    if (!stillCurrent()) return;
    clear(section);
    section.append(title, h('p', { class: 'muted', text: `Embedding map unavailable: ${(err as ApiError).message}` }));
    return;
  }
  if (!stillCurrent()) return;
  const { products, customers, self } = splitPoints(res, id);
  clear(section);
  const canvas = h('canvas', {
    id: 'chart-embedding-map',
    role: 'img',
    'aria-label': `Scatter plot of ${products.length} products and ${customers.length} customers; this customer highlighted`,
  });
  section.append(
    title,
    h('p', {
      class: 'muted',
      text: `${res.method ?? '2-D projection'} of the recommender's embedding space.${res.note ? ` ${res.note}` : ''}`,
    }),
    h('div', { class: 'chart-box tall' }, canvas),
  );
  const xy = (p: EmbeddingPoint) => ({ x: p.x, y: p.y, label: p.label ?? p.name ?? p.id });
  const productXy = (p: EmbeddingPoint) => ({ ...xy(p), label: p.label ?? p.name ?? productName(p.id, []) });
  drawChart(canvas, 'embedding-map', {
    type: 'scatter',
    data: {
      datasets: [
        {
          label: 'Products',
          data: products.map(productXy),
          backgroundColor: '#e08a1e',
          pointRadius: 6,
          pointStyle: 'rectRot',
        },
        ...(customers.length
          ? [
              {
                label: 'Other customers',
                data: customers.map(xy),
                backgroundColor: '#9aa7b5aa',
                pointRadius: 3,
                pointStyle: 'circle' as const,
              },
            ]
          : []),
        ...(self
          ? [
              {
                label: 'This customer',
                data: [xy(self)],
                backgroundColor: ACCENT,
                borderColor: '#000',
                borderWidth: 2,
                pointRadius: 10,
                pointStyle: 'star' as const,
              },
            ]
          : []),
      ],
    },
    options: {
      plugins: {
        tooltip: { callbacks: { label: (ctx) => (ctx.raw as { label: string }).label } },
        // Legend entries drawn with each dataset's own marker (diamond, dot, star), not a box.
        legend: { position: 'bottom', labels: { usePointStyle: true } },
      },
    },
    plugins: [productLabels],
  });
}

/** Accepts `{points:[{kind|type}]}` or `{customer, products, customers}`. */
function splitPoints(
  res: MapResponse,
  id: string,
): { products: EmbeddingPoint[]; customers: EmbeddingPoint[]; self?: EmbeddingPoint } {
  const kind = (p: EmbeddingPoint) => p.kind ?? p.type ?? '';
  const points = res.points ?? [];
  const products = res.products ?? points.filter((p) => kind(p) === 'product');
  const all = res.customers ?? points.filter((p) => kind(p) === 'customer' || kind(p) === 'self');
  const self = res.customer ?? points.find((p) => kind(p) === 'self') ?? all.find((p) => p.id === id);
  return { products, customers: all.filter((p) => p !== self && p.id !== id), self };
}
