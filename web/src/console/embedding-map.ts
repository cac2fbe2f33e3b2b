/** 2-D projection of product and customer embeddings with this customer highlighted. */
import { api, type ApiError, type EmbeddingPoint } from './api.ts';
import { ACCENT, drawChart } from './charts.ts';
import { clear, h } from '../shared/dom.ts';

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
  drawChart(canvas, 'embedding-map', {
    type: 'scatter',
    data: {
      datasets: [
        {
          label: 'Products',
          data: products.map(xy),
          backgroundColor: '#e08a1e',
          pointRadius: 6,
          pointStyle: 'rectRot',
        },
        ...(customers.length
          ? [{ label: 'Other customers', data: customers.map(xy), backgroundColor: '#9aa7b5aa', pointRadius: 3 }]
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
        legend: { position: 'bottom' },
      },
    },
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
