/**
 * "Escalations" panel: customer chat messages the intent classifier flagged for a person (fraud,
 * disputes, complaints), newest first, from the audit log (GET /api/rm/escalations). Text only.
 */
import { api, type ApiError, type EscalationsResponse } from './api.ts';
import { clear, h } from '../shared/dom.ts';
import { formatEnum, formatShare } from '../../../domain/format.ts';

const ESCALATIONS_LIMIT = 50;

export function renderEscalations(stillCurrent: () => boolean): HTMLElement {
  const status = h('p', { class: 'muted', role: 'status', 'aria-live': 'polite', text: 'Loading…' });
  const list = h('ol', { class: 'escalations', 'aria-label': 'Escalated customer messages' });
  const panel = h(
    'section',
    { class: 'panel', id: 'escalations', 'aria-labelledby': 'escalations-title' },
    h(
      'div',
      { class: 'row' },
      h('h2', { id: 'escalations-title', class: 'grow', text: 'Escalations' }),
      h('button', {
        type: 'button',
        class: 'secondary',
        text: 'Refresh',
        'aria-label': 'Refresh escalations',
        onClick: () => void load(),
      }),
    ),
    h('p', {
      class: 'muted',
      text: 'Customer messages flagged for human follow-up (fraud, disputes, complaints) by the intent classifier, newest first.',
    }),
    status,
    list,
  );
  void load();
  return panel;

  async function load(): Promise<void> {
    status.textContent = 'Loading…';
    try {
      const res = await api<EscalationsResponse>(`/api/rm/escalations?limit=${ESCALATIONS_LIMIT}`);
      if (!stillCurrent()) return;
      clear(list);
      status.textContent = res.escalations.length
        ? `${res.escalations.length} escalated message${res.escalations.length === 1 ? '' : 's'}.`
        : 'No escalated messages.';
      for (const e of res.escalations) {
        list.appendChild(
          h(
            'li',
            { class: 'escalation result', 'data-audit-id': e.auditId },
            h(
              'header',
              {},
              h('b', { text: formatEnum(e.reason ?? 'review') }),
              e.customerId
                ? h('a', { href: `#/customer/${encodeURIComponent(e.customerId)}`, text: `Customer ${e.customerId}` })
                : null,
              h('time', { datetime: e.time, class: 'muted', text: new Date(e.time).toLocaleString() }),
            ),
            h('p', { class: 'reason', text: e.message }),
            h('p', {
              class: 'muted',
              text: `Intent: ${formatEnum(e.intent)} (confidence ${formatShare(e.confidence)}) · audit id ${e.auditId}`,
            }),
          ),
        );
      }
    } catch (err) {
      if (!stillCurrent()) return;
      const e = err as ApiError;
      // 503: this server keeps no audit log (chat not configured) — say so instead of an error box.
      status.textContent =
        e.status === 503
          ? 'Escalations are unavailable: this server keeps no chat audit log.'
          : `Could not load escalations: ${e.message}`;
    }
  }
}
