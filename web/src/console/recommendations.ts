/** Top-5 recommendations with scores and a SHAP bar chart each; excluded products with the rule. */
import { api, type ApiError, type RecommendationItem, type RecommendationsResponse } from './api.ts';
import { drawChart, NEGATIVE, POSITIVE } from './charts.ts';
import { clear, h } from '../shared/dom.ts';
import { formatEnum, formatRule, productName } from '../../../domain/format.ts';

export async function renderRecommendations(
  section: HTMLElement,
  id: string,
  stillCurrent: () => boolean,
): Promise<ReadonlyMap<string, string>> {
  const title = section.firstElementChild as HTMLElement;
  let res: RecommendationsResponse;
  try {
    res = await api<RecommendationsResponse>(`/api/customers/${encodeURIComponent(id)}/recommendations?k=5`);
  } catch (err) {
    if (!stillCurrent()) return new Map();
    clear(section);
    section.append(
      title,
      h('div', { class: 'error', role: 'alert', text: `Recommendations unavailable: ${(err as ApiError).message}` }),
    );
    return new Map();
  }
  if (!stillCurrent()) return new Map();
  clear(section);
  const name = productNamer(res);
  section.append(
    title,
    h('p', {
      class: 'muted',
      text: `Two-tower model ${res.modelVersion}. Score = temperature-scaled cosine; SHAP values show how each feature group moved this product's score away from the average customer's (base value).`,
    }),
  );

  const list = h('div', { class: 'recs' });
  section.appendChild(list);
  const charts: [HTMLCanvasElement, RecommendationItem][] = [];
  for (const item of res.items) {
    const canvas = h('canvas', {
      class: 'shap',
      role: 'img',
      'aria-label': `SHAP contributions for ${name(item.productId)}`,
    });
    list.appendChild(
      h(
        'article',
        { class: 'rec', 'data-product-id': item.productId },
        h(
          'header',
          {},
          h('strong', { text: `#${item.rank} ${name(item.productId)}` }),
          item.product?.category ? h('span', { class: 'tag', text: formatEnum(item.product.category) }) : null,
          h(
            'span',
            { class: 'scores' },
            h('span', { class: 'score', 'data-score': 'score' }, h('b', { text: 'score ' }), item.score.toFixed(3)),
            h(
              'span',
              { class: 'score', 'data-score': 'similarity' },
              h('b', { text: 'cosine ' }),
              item.similarity.toFixed(3),
            ),
          ),
        ),
        item.explanation
          ? h(
              'div',
              { class: 'shap-box', style: `height:${90 + 24 * item.explanation.contributions.length}px` },
              canvas,
            )
          : h('p', { class: 'muted', text: 'No SHAP explanation returned for this product.' }),
      ),
    );
    if (item.explanation) charts.push([canvas, item]);
  }
  if (!res.items.length)
    list.appendChild(h('p', { text: 'No product passed the suitability rules for this customer.' }));
  for (const [canvas, item] of charts) drawShap(canvas, item);

  section.appendChild(h('h3', { text: `Excluded products (${res.excluded.length})`, style: 'margin-top:16px' }));
  if (res.excluded.length) {
    section.appendChild(
      h(
        'table',
        { class: 'excluded' },
        h('caption', { class: 'sr', text: 'Products the suitability rules exclude for this customer' }),
        h(
          'thead',
          {},
          h('tr', {}, h('th', { scope: 'col', text: 'Product' }), h('th', { scope: 'col', text: 'Why not' })),
        ),
        h(
          'tbody',
          {},
          res.excluded.map((x) =>
            h(
              'tr',
              { 'data-product-id': x.productId },
              h('td', { text: name(x.productId) }),
              h(
                'td',
                {},
                h('span', { class: 'tag', 'data-rule': x.rule, text: formatRule(x.rule) }),
                h('span', { class: 'detail', text: x.detail }),
              ),
            ),
          ),
        ),
      ),
    );
  } else section.appendChild(h('p', { class: 'muted', text: 'None: every catalog product is suitable.' }));
  return productNames(res);
}

function drawShap(canvas: HTMLCanvasElement, item: RecommendationItem): void {
  const e = item.explanation!;
  const contributions = [...e.contributions].sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
  const sum = contributions.reduce((s, c) => s + c.value, 0);
  drawChart(canvas, 'shap', {
    type: 'bar',
    data: {
      labels: contributions.map((c) => (c.featureValue ? `${c.label}: ${c.featureValue}` : c.label)),
      datasets: [
        {
          label: 'SHAP value',
          data: contributions.map((c) => c.value),
          backgroundColor: contributions.map((c) => (c.value >= 0 ? POSITIVE : NEGATIVE)),
        },
      ],
    },
    options: {
      indexAxis: 'y',
      plugins: {
        legend: { display: false },
        title: {
          display: true,
          text: `base ${e.baseValue.toFixed(3)} + Σ SHAP ${sum >= 0 ? '+' : ''}${sum.toFixed(3)} = ${(e.baseValue + sum).toFixed(3)} (${e.method})`,
        },
      },
      scales: {
        x: { title: { display: true, text: 'contribution to score' } },
        // Long feature values ("products held: …") are shortened on the axis (more on a phone, so
        // the labels are not clipped at the chart's left edge); the tooltip has them whole.
        y: {
          ticks: {
            autoSkip: false,
            callback(this: { getLabelForValue(v: number): string }, v: string | number) {
              return shorten(this.getLabelForValue(Number(v)), canvas.clientWidth < 420 ? 24 : 46);
            },
          },
        },
      },
    },
  });
}

const shorten = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** Product names from the catalog entries the response carries (every held product is among the exclusions). */
function productNames(res: RecommendationsResponse): Map<string, string> {
  const names = new Map<string, string>();
  for (const item of res.items) if (item.product?.name) names.set(item.productId, item.product.name);
  for (const x of res.excluded) if (x.product?.name) names.set(x.productId, x.product.name);
  return names;
}

/** A product's name from the response, else its id in words. */
function productNamer(res: RecommendationsResponse): (id: string) => string {
  const names = productNames(res);
  return (id) => names.get(id) ?? productName(id, []);
}
