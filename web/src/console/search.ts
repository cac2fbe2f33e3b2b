/** Natural-language customer search: parsed filter as removable chips, ranked results with scores; the Escalations panel below. */
import { api, type ApiError, type SearchResponse } from './api.ts';
import { chipLabel, queryWithout } from './chips.ts';
import { renderEscalations } from './escalations.ts';
import { clear, h } from '../shared/dom.ts';

const fmt = (v: number | null | undefined, digits = 3) =>
  typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : '—';

export function renderSearch(app: HTMLElement, initialQuery: string, stillCurrent: () => boolean): void {
  const input = h('input', {
    id: 'q',
    type: 'search',
    value: initialQuery,
    placeholder: 'e.g. customers with credit score over 750 interested in investment products',
    'aria-describedby': 'q-help',
  });
  const k = h('input', { id: 'k', type: 'text', inputmode: 'numeric', value: '3', style: 'width:70px' });
  const status = h('p', { class: 'muted', role: 'status', 'aria-live': 'polite' });
  const output = h('div', { id: 'search-output' });
  const form = h(
    'form',
    {
      class: 'panel',
      role: 'search',
      'aria-label': 'Customer search',
      onSubmit: (e: Event) => (e.preventDefault(), go(input.value)),
    },
    h('h1', { text: 'Find customers' }),
    h(
      'div',
      { class: 'row' },
      h('div', { class: 'grow' }, h('label', { for: 'q', text: 'Describe the customers you are looking for' }), input),
      h('div', {}, h('label', { for: 'k', text: 'Top k' }), k),
      h('button', { type: 'submit', class: 'primary', text: 'Search' }),
    ),
    h('p', {
      id: 'q-help',
      class: 'muted',
      text: 'Numbers, segments, risk tolerance, products held and phrases like "nearing retirement" become filters; the rest is matched by meaning.',
    }),
    status,
  );
  app.append(form, output, renderEscalations(stillCurrent));
  input.focus();
  if (initialQuery) void run(initialQuery);

  function go(query: string): void {
    const q = query.trim();
    if (!q) return;
    // The query lives in the URL, so back/forward and reload repeat the search.
    const target = `#/search?q=${encodeURIComponent(q)}`;
    if (location.hash === target) void run(q);
    else location.hash = target;
  }

  async function run(query: string): Promise<void> {
    status.textContent = 'Searching…';
    clear(output);
    try {
      const kValue = Math.max(1, Math.min(50, Number.parseInt(k.value, 10) || 3));
      const res = await api<SearchResponse>('/api/rm/search', { body: { query, k: kValue } });
      if (!stillCurrent()) return;
      status.textContent = `${res.results.length} result${res.results.length === 1 ? '' : 's'}${res.timings?.total !== undefined ? ` in ${res.timings.total.toFixed(0)} ms` : ''}.`;
      output.append(renderParsed(res, query), renderResults(res), renderStageTimings(res));
    } catch (err) {
      if (!stillCurrent()) return;
      status.textContent = '';
      const e = err as ApiError;
      output.appendChild(
        h('div', { class: 'error', role: 'alert', text: e.field ? `${e.message} (${e.field})` : e.message }),
      );
    }
  }

  function renderParsed(res: SearchResponse, query: string): HTMLElement {
    const chips = h('div', { class: 'chips', role: 'list', 'aria-label': 'Filters understood from the query' });
    if (!res.parsed.constraints.length)
      chips.appendChild(h('span', { class: 'muted', text: 'No filters: matched by meaning only.' }));
    // One chip per phrase: "aged between 30 and 40" is two constraints (≥ 30, ≤ 40) from one phrase.
    const byPhrase = new Map<string, typeof res.parsed.constraints>();
    for (const c of res.parsed.constraints) byPhrase.set(c.text, [...(byPhrase.get(c.text) ?? []), c]);
    for (const [phrase, group] of byPhrase) {
      const label = group.map(chipLabel).join(', ');
      chips.appendChild(
        h(
          'span',
          { class: 'chip', role: 'listitem', 'data-field': group[0].field },
          h('span', { text: label }),
          phrase ? h('q', { text: phrase }) : null,
          h('button', {
            type: 'button',
            'aria-label': `Remove filter ${label}`,
            title: 'Remove this filter and search again',
            text: '×',
            onClick: () => go(queryWithout(query, phrase) || res.parsed.semanticQuery || 'customers'),
          }),
        ),
      );
    }
    // Words that looked like a filter but did not become one sit beside the chips, so nothing is silently dropped.
    for (const w of res.parsed.warnings ?? [])
      chips.appendChild(
        h(
          'span',
          { class: 'chip warning', role: 'listitem', title: w.reason },
          h('span', { text: 'not understood: ' }),
          h('q', { text: w.text }),
        ),
      );
    return h(
      'section',
      { class: 'panel', 'aria-label': 'How the query was understood' },
      h('h2', { text: 'Understood as' }),
      chips,
      h('p', { class: 'semantic' }, 'Semantic intent: ', h('q', { text: res.parsed.semanticQuery || '(none)' })),
    );
  }

  function renderResults(res: SearchResponse): HTMLElement {
    if (!res.results.length)
      return h('p', { class: 'panel', text: 'No customer matches every filter. Remove a filter to widen the search.' });
    const list = h('ol', { class: 'results', 'aria-label': 'Matching customers' });
    res.results.forEach((r, i) => {
      list.appendChild(
        h(
          'li',
          { class: 'result', 'data-customer-id': r.customerId },
          h(
            'header',
            {},
            h('span', { class: 'rank', text: `#${i + 1}` }),
            h('a', {
              href: `#/customer/${encodeURIComponent(r.customerId)}`,
              text: r.name || `Customer ${r.customerId}`,
            }),
            h('span', { class: 'muted', text: r.customerId }),
          ),
          h('p', { class: 'reason', text: r.reason }),
          h('p', { class: 'muted summary', text: r.summary }),
          // Scores are for whoever tunes retrieval; an RM reads the reason above.
          h(
            'details',
            { class: 'details' },
            h('summary', { text: 'Details' }),
            h(
              'div',
              { class: 'scores', 'aria-label': 'Scores' },
              score('similarity', r.scores.dense, 'Dense (embedding cosine) similarity'),
              score('BM25', r.scores.lexical, 'Lexical BM25 score', 2),
              score('fused', r.scores.fused, 'Reciprocal-rank-fusion score', 4),
              score('rerank', r.scores.rerank, 'Reranker score'),
            ),
          ),
        ),
      );
    });
    return list;
  }
}

/** Stage timings of the search, behind a toggle (for whoever tunes retrieval, not for every search). */
function renderStageTimings(res: SearchResponse): HTMLElement | string {
  if (!res.timings) return '';
  return h(
    'details',
    { class: 'panel details', id: 'search-timings' },
    h('summary', { text: 'Details: search stages' }),
    h('p', {
      class: 'muted',
      text: `Stages (ms): ${Object.entries(res.timings)
        .map(([name, ms]) => `${name} ${ms.toFixed(1)}`)
        .join(' · ')} · reranker ${res.reranker}`,
    }),
  );
}

function score(name: string, value: number | null | undefined, title: string, digits = 3): HTMLElement {
  return h('span', { class: 'score', title, 'data-score': name }, h('b', { text: `${name} ` }), fmt(value, digits));
}
