/**
 * Customer profile: attributes, financial-behaviour charts, behaviour insights, recommendations
 * with SHAP charts, exclusions, embedding map — and the RM-mode assistant beside it (the same
 * `<meridian-chat>` element the widget ships, with the RM credential).
 */
import { api, type ApiError, credential } from './api.ts';
import { ACCENT, drawChart, NEGATIVE, POSITIVE } from './charts.ts';
import { renderEmbeddingMap } from './embedding-map.ts';
import { renderInsights } from './insights.ts';
import { renderRecommendations } from './recommendations.ts';
import { clear, h } from '../shared/dom.ts';
import { formatFieldValue, productName } from '../../../domain/format.ts';
import '../widget/index.ts';

type Customer = Record<string, unknown> & { id: string };

/** Held products by name; names come with the recommendations, so until then the ids in words. */
const products = (v: unknown, names: ReadonlyMap<string, string> = new Map()) =>
  Array.isArray(v) && v.length
    ? v.map((id) => names.get(String(id)) ?? productName(String(id), [])).join(', ')
    : 'none';

export async function renderProfile(app: HTMLElement, id: string, stillCurrent: () => boolean): Promise<void> {
  const main = h('div', { class: 'profile-col' }, h('p', { class: 'loading', text: 'Loading customer…' }));
  const chat = h('meridian-chat', {
    mode: 'rm',
    'customer-id': id,
    token: credential.get(),
    server: location.origin,
    heading: 'Assistant (RM) — this customer',
    placeholder: 'Ask about this customer…',
    intro: 'RM mode: ask about this customer, e.g. "Which products fit this customer, and why?"',
  });
  app.append(
    h(
      'div',
      { class: 'profile-layout' },
      main,
      h('aside', { class: 'assistant-col', id: 'assistant', 'aria-label': 'Assistant', tabindex: '-1' }, chat),
    ),
    h('a', {
      class: 'to-assistant',
      href: '#assistant',
      text: 'Ask the assistant',
      onClick: (e: Event) => {
        // The console routes on the hash, so jump without changing it.
        e.preventDefault();
        const col = document.getElementById('assistant');
        col?.scrollIntoView({ block: 'start' });
        col?.querySelector('meridian-chat')?.shadowRoot?.querySelector('textarea')?.focus();
      },
    }),
  );

  let customer: Customer;
  try {
    const res = await api<{ customer?: Customer } & Customer>(`/api/customers/${encodeURIComponent(id)}`);
    customer = (res.customer ?? res) as Customer;
  } catch (err) {
    if (!stillCurrent()) return;
    clear(main);
    main.appendChild(
      h('div', { class: 'error', role: 'alert', text: `Could not load customer ${id}: ${(err as ApiError).message}` }),
    );
    return;
  }
  if (!stillCurrent()) return;
  clear(main);

  const recsSection = h(
    'section',
    { class: 'panel', 'aria-labelledby': 'recs-title' },
    h('h2', { id: 'recs-title', text: 'Top 5 recommendations' }),
    h('p', { class: 'loading', text: 'Scoring products…' }),
  );
  const insightsSection = h(
    'section',
    { class: 'panel', 'aria-labelledby': 'insights-title' },
    h('h2', { id: 'insights-title', text: 'Behaviour insights' }),
    h('p', { class: 'loading', text: 'Loading…' }),
  );
  const mapSection = h(
    'section',
    { class: 'panel', 'aria-labelledby': 'map-title' },
    h('h2', { id: 'map-title', text: 'Embedding map' }),
    h('p', { class: 'loading', text: 'Loading…' }),
  );

  main.append(
    h('button', { type: 'button', class: 'link muted', text: '← Back', onClick: () => history.back() }),
    renderAttributes(customer),
    renderEmbedSnippet(customer.id),
    renderFinancialCharts(customer),
    recsSection,
    insightsSection,
    mapSection,
  );
  drawFinancialCharts(customer);

  const [names] = await Promise.all([
    renderRecommendations(recsSection, id, stillCurrent),
    renderInsights(insightsSection, id, stillCurrent),
    renderEmbeddingMap(mapSection, id, stillCurrent),
  ]);
  const held = main.querySelector('dd[data-field=productsHeld]');
  if (held && stillCurrent()) held.textContent = products(customer.productsHeld, names);
}

function renderAttributes(c: Customer): HTMLElement {
  const v = (field: string) => formatFieldValue(field, c[field]);
  const rows: [string, string][] = [
    ['Customer id', c.id],
    ['Age', v('age')],
    ['Life stage', v('lifeStage')],
    ['Segment', v('segment')],
    ['Annual income', v('income')],
    ['Credit score', v('creditScore')],
    ['Credit utilisation', v('creditUtilization')],
    ['Savings balance', v('savingsBalance')],
    ['Loan outstanding', v('loanAmount')],
    ['Digital engagement', v('digitalEngagement')],
    ['Tenure', v('tenureYears')],
    ['Risk tolerance', v('riskTolerance')],
    ['Investment horizon', v('investmentHorizon')],
    ['Goals', v('goals')],
    ['Products held', products(c.productsHeld)],
  ];
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'customer-title' },
    h('h1', { id: 'customer-title', text: typeof c.name === 'string' ? `${c.name} (${c.id})` : `Customer ${c.id}` }),
    h(
      'dl',
      { class: 'attrs' },
      rows.map(([k, v]) =>
        h(
          'div',
          {},
          h('dt', { text: k }),
          h('dd', { text: v, 'data-field': k === 'Products held' ? 'productsHeld' : null }),
        ),
      ),
    ),
    typeof c.notes === 'string' && c.notes ? h('p', { class: 'muted' }, 'RM note: ', h('q', { text: c.notes })) : null,
  );
}

/** Mint a customer token (POST /api/auth/customer-token) and show the one-tag embed for this customer. */
function renderEmbedSnippet(id: string): HTMLElement {
  const out = h('pre', { class: 'snippet', hidden: true, 'aria-live': 'polite' });
  const button = h('button', {
    type: 'button',
    class: 'secondary',
    text: 'Widget embed code for this customer',
    onClick: async () => {
      button.disabled = true;
      try {
        const { token, expiresAt } = await api<{ token: string; expiresAt: string }>('/api/auth/customer-token', {
          body: { customerId: id },
        });
        out.textContent = `<script src="${location.origin}/widget.js" defer></script>\n<meridian-chat server="${location.origin}" token="${token}"></meridian-chat>\n<!-- token for customer ${id}, expires ${expiresAt} -->`;
      } catch (err) {
        out.textContent = `Could not mint a customer token: ${(err as ApiError).message}`;
      } finally {
        out.hidden = false;
        button.disabled = false;
      }
    },
  });
  return h(
    'details',
    { class: 'panel' },
    h('summary', { text: 'Embed the customer widget (demo)' }),
    h('p', {
      class: 'muted',
      text: "A customer token reaches only this customer's data. The embedding page's origin must be in MERIDIAN_CORS_ORIGINS.",
    }),
    button,
    out,
  );
}

function renderFinancialCharts(_c: Customer): HTMLElement {
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'fin-title' },
    h('h2', { id: 'fin-title', text: 'Financial position' }),
    h(
      'div',
      { class: 'charts' },
      h(
        'div',
        { class: 'chart-box' },
        h('canvas', {
          id: 'chart-balances',
          role: 'img',
          'aria-label': 'Bar chart: annual income, savings balance and loan outstanding',
        }),
      ),
      h(
        'div',
        { class: 'chart-box' },
        h('canvas', {
          id: 'chart-ratios',
          role: 'img',
          'aria-label':
            'Bar chart: credit utilisation, digital engagement and credit score as percentages of their ranges',
        }),
      ),
    ),
  );
}

function drawFinancialCharts(c: Customer): void {
  const num = (v: unknown) => (typeof v === 'number' ? v : 0);
  drawChart(document.getElementById('chart-balances') as HTMLCanvasElement, 'balances', {
    type: 'bar',
    data: {
      labels: ['Annual income', 'Savings', 'Loan outstanding'],
      datasets: [
        {
          label: 'Amount',
          data: [num(c.income), num(c.savingsBalance), num(c.loanAmount)],
          backgroundColor: [ACCENT, POSITIVE, NEGATIVE],
        },
      ],
    },
    options: { plugins: { legend: { display: false }, title: { display: true, text: 'Income, savings and debt' } } },
  });
  // Credit score shown on its 300–850 range so all three bars share a 0–100% axis.
  const scorePct = typeof c.creditScore === 'number' ? ((c.creditScore - 300) / 550) * 100 : 0;
  drawChart(document.getElementById('chart-ratios') as HTMLCanvasElement, 'ratios', {
    type: 'bar',
    data: {
      labels: ['Credit utilisation', 'Digital engagement', `Credit score (${c.creditScore ?? '—'})`],
      datasets: [
        {
          label: '% of range',
          data: [num(c.creditUtilization) * 100, num(c.digitalEngagement) * 100, scorePct],
          backgroundColor: [NEGATIVE, ACCENT, POSITIVE],
        },
      ],
    },
    options: {
      indexAxis: 'y',
      scales: { x: { min: 0, max: 100, title: { display: true, text: '% of range' } } },
      plugins: { legend: { display: false }, title: { display: true, text: 'Credit and engagement' } },
    },
  });
}
