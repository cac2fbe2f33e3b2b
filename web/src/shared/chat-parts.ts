/**
 * How each part of a chat answer is drawn: the text (safe markdown), the typing state, and every
 * `data-*` part of the stream, one renderer per part type in PART_RENDERERS. The widget (customer
 * and RM mode, so also the console's assistant) draws answers only through here; a new part type
 * is one more entry. Renderers build DOM with `h()` only (strings become text nodes).
 */
import { formatEnum, formatMoney, formatNumber, formatRate, formatRule } from '../../../domain/format.ts';
import { normaliseExtras, normaliseRecommendations, type ChatMeta } from './chat-client.ts';
import { clear, h } from './dom.ts';
import { renderSafeMarkdown } from './safe-markdown.ts';
import type { UiStreamEvent } from './sse.ts';

/** One assistant answer in the log. */
export interface AnswerView {
  root: HTMLElement;
  body: HTMLElement;
  /** Recommendation cards and any other part renderers' output, in arrival order per part. */
  parts: HTMLElement;
  meta: HTMLElement;
  text: string;
  /** Tool call id → tool name, from `tool-input-available`, for drawing its output. */
  tools: Map<string, string>;
}

export function createAnswerView(): AnswerView {
  const body = h('div', { class: 'body' }, typingIndicator());
  const parts = h('div', { class: 'cards', role: 'list', 'aria-label': 'Recommended products' });
  const meta = h('div', { class: 'meta' });
  const root = h(
    'article',
    { class: 'msg assistant', 'aria-label': 'Assistant answer', 'aria-busy': 'true' },
    body,
    parts,
    meta,
  );
  return { root, body, parts, meta, text: '', tools: new Map() };
}

/** Shown from the moment a question is sent until the first words arrive. */
function typingIndicator(): HTMLElement {
  return h(
    'span',
    { class: 'typing', 'data-typing': 'true' },
    h('span', { class: 'dot', 'aria-hidden': 'true' }),
    h('span', { class: 'dot', 'aria-hidden': 'true' }),
    h('span', { class: 'dot', 'aria-hidden': 'true' }),
    h('span', { class: 'sr', text: 'The assistant is typing' }),
  );
}

/** Draw the answer's text so far (replaces the typing state once there is any). */
export function renderAnswerText(view: AnswerView): void {
  if (!view.text) return;
  renderSafeMarkdown(document, view.body, view.text);
}

/** The per-part slot inside `parts`, so a part sent twice replaces its earlier drawing. */
function slot(view: AnswerView, type: string): HTMLElement {
  let el = [...view.parts.children].find((c) => (c as HTMLElement).dataset.part === type) as HTMLElement | undefined;
  if (!el) {
    el = h('div', { class: 'part', role: 'listitem', 'data-part': type });
    view.parts.appendChild(el);
  }
  clear(el);
  return el;
}

type PartRenderer = (view: AnswerView, data: unknown) => void;

function renderRecommendations(view: AnswerView, data: unknown): void {
  const cards = normaliseRecommendations(data);
  const extras = normaliseExtras(data);
  const target = slot(view, 'data-recommendations');
  if (extras.clients.length) {
    target.appendChild(
      h(
        'div',
        { class: 'card' },
        h('h3', { text: 'Clients to contact' }),
        h(
          'ol',
          { class: 'clients' },
          extras.clients.map((c) =>
            h(
              'li',
              { 'data-customer-id': c.customerId },
              h('strong', { text: c.customerId }),
              c.reason ? ` — ${c.reason}` : '',
            ),
          ),
        ),
      ),
    );
  }
  for (const card of cards) {
    target.appendChild(
      h(
        'div',
        { class: 'card', 'data-product-id': card.productId },
        h('h3', { text: card.product || card.productId }),
        h(
          'dl',
          {},
          h('dt', { text: 'Why' }),
          h('dd', { text: card.why }),
          h('dt', { text: 'Risks' }),
          h('dd', { text: card.risks }),
        ),
        card.disclaimer ? h('p', { class: 'disclaimer', text: card.disclaimer }) : null,
      ),
    );
  }
  if (extras.excluded.length) {
    target.appendChild(
      h(
        'details',
        { class: 'excluded' },
        h('summary', { text: `Not suggested (${extras.excluded.length})` }),
        h(
          'ul',
          {},
          extras.excluded.map((x) =>
            h(
              'li',
              { 'data-product-id': x.productId, 'data-rule': x.rule },
              h('strong', { text: x.product }),
              `: ${formatRule(x.rule)} (${x.detail})`,
            ),
          ),
        ),
      ),
    );
  }
}

/** `data-citations`: the passages an answer rests on, as cards (title + snippet). */
function renderCitations(view: AnswerView, data: unknown): void {
  const items = ((data as { items?: unknown[] })?.items ?? []) as { id: string; title: string; snippet: string }[];
  if (!items.length) return;
  const target = slot(view, 'data-citations');
  target.appendChild(
    h(
      'details',
      { class: 'sources' },
      h('summary', { text: `Sources (${items.length})` }),
      h(
        'ul',
        {},
        items.map((i) =>
          h('li', { 'data-passage-id': i.id }, h('strong', { text: i.title }), h('p', { text: i.snippet })),
        ),
      ),
    ),
  );
}

type Facts = {
  id: string;
  name: string;
  annualFee: number;
  aprPct?: number;
  expectedYieldPct?: number;
  durationMonths: number;
  riskLevel: number;
};
const productCard = (p: Facts) =>
  h(
    'div',
    { class: 'card', 'data-product-id': p.id },
    h('h3', { text: p.name }),
    h(
      'dl',
      {},
      h('dt', { text: 'Annual fee' }),
      h('dd', { text: p.annualFee > 0 ? formatMoney(p.annualFee) : 'None' }),
      p.aprPct !== undefined ? [h('dt', { text: 'APR' }), h('dd', { text: formatRate(p.aprPct) })] : null,
      p.expectedYieldPct !== undefined
        ? [h('dt', { text: 'Rate' }), h('dd', { text: `${formatRate(p.expectedYieldPct)} a year` })]
        : null,
      h('dt', { text: 'Term' }),
      h('dd', { text: p.durationMonths > 0 ? `${p.durationMonths} months` : 'No fixed term' }),
      h('dt', { text: 'Risk' }),
      h('dd', { text: `${p.riskLevel} of 5` }),
    ),
  );

type Row = { customerId: string; name: string; reason?: string; summary?: string };
const clientTable = (title: string, rows: Row[]) =>
  h(
    'div',
    { class: 'card' },
    h('h3', { text: title }),
    h(
      'table',
      { class: 'clients' },
      h('thead', {}, h('tr', {}, h('th', { text: 'Client' }), h('th', { text: 'Why' }))),
      h(
        'tbody',
        {},
        rows.map((r) =>
          h(
            'tr',
            { 'data-customer-id': r.customerId },
            h('td', { text: `${r.name} (${r.customerId})` }),
            h('td', { text: r.reason ?? r.summary ?? '' }),
          ),
        ),
      ),
    ),
  );

/** A tool's result, drawn as what it is: product cards, a client table, figures. */
function renderToolOutput(view: AnswerView, tool: string, output: unknown): void {
  const o = (output ?? {}) as Record<string, unknown>;
  if (tool === 'product_facts' || tool === 'compare_products') {
    const target = slot(view, `tool-${tool}`);
    for (const p of (o.products ?? []) as Facts[]) target.appendChild(productCard(p));
  } else if (tool === 'search_book' || tool === 'rank_book') {
    const rows = (o.clients ?? []) as Row[];
    if (rows.length)
      slot(view, `tool-${tool}`).appendChild(
        clientTable(tool === 'rank_book' ? 'Clients to call' : 'Clients found', rows),
      );
  } else if (tool === 'aggregate_book') {
    const target = slot(view, 'tool-aggregate_book');
    const groups = (o.groups ?? []) as { key: string; count: number }[];
    target.appendChild(
      h(
        'div',
        { class: 'card figures' },
        h('h3', { text: `${formatNumber(Number(o.count ?? 0))} of ${formatNumber(Number(o.total ?? 0))} clients` }),
        groups.length
          ? h(
              'ul',
              {},
              groups.map((g) => h('li', { text: `${formatEnum(g.key)}: ${formatNumber(g.count)}` })),
            )
          : null,
      ),
    );
  }
}

/** Part type → renderer. Parts not listed here are ignored (older widgets keep working). */
const PART_RENDERERS: Readonly<Record<string, PartRenderer>> = {
  'data-recommendations': renderRecommendations,
  'data-citations': renderCitations,
};

/** Draw one stream event if it is a part with a renderer; true when it was drawn. */
export function renderPart(view: AnswerView, event: UiStreamEvent): boolean {
  if (event.type === 'tool-input-available') {
    view.tools.set(event.toolCallId, event.toolName);
    return true;
  }
  if (event.type === 'tool-output-available') {
    renderToolOutput(view, view.tools.get(event.toolCallId) ?? '', event.output);
    return true;
  }
  const render = PART_RENDERERS[event.type];
  if (!render) return false;
  render(view, (event as { data?: unknown }).data);
  return true;
}

/** The answer's provenance line: the template badge (once per answer) or the model's name. */
export function renderProvenance(view: AnswerView, meta: ChatMeta): void {
  clear(view.meta);
  if (meta.template) {
    view.meta.appendChild(
      h('span', {
        class: 'badge',
        title: 'Built from the grounding by rules, without a language model',
        text: 'Template answer (no LLM)',
      }),
    );
  } else if (meta.model) {
    view.meta.appendChild(h('span', { text: `${meta.generator ?? 'model'} · ${meta.model}` }));
  }
  view.meta.appendChild(h('span', { class: 'spacer' }));
}
