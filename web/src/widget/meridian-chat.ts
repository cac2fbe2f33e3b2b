/**
 * `<meridian-chat server="https://bank.example" token="<customer JWT>">` — the embeddable
 * assistant. Shadow DOM keeps the host page's CSS out (and ours in); theming goes through the
 * CSS custom properties listed in styles.ts.
 *
 * Attributes: server (API origin; default the page's), token (Bearer credential), mode
 * (`customer` default | `rm`), customer-id (RM mode: the customer the conversation is about),
 * heading, placeholder.
 *
 * Model output is rendered by renderSafeMarkdown (DOM nodes + text only); recommendation cards and
 * everything else with `h()`, which only ever creates text nodes from strings.
 */
import {
  ChatError,
  streamChat,
  type ChatMeta,
  type RecommendationCard,
  type RecommendationExtras,
} from '../shared/chat-client.ts';
import { clear, h } from '../shared/dom.ts';
import { sendFeedback } from '../shared/feedback.ts';
import { renderSafeMarkdown } from '../shared/safe-markdown.ts';
import { WIDGET_CSS } from './styles.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';
/** A thumbs-up outline (rotated by CSS for "down"); SVG, so no emoji font is needed. */
function thumbIcon(): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(SVG_NS, 'path');
  path.setAttribute(
    'd',
    'M2 21h4V9H2v12zm20-11a2 2 0 0 0-2-2h-6.3l1-4.6v-.3c0-.4-.2-.8-.4-1.1L13.2 1 6.6 7.6c-.4.4-.6.9-.6 1.4v10a2 2 0 0 0 2 2h9c.8 0 1.5-.5 1.8-1.2l3-7.1c.1-.2.2-.5.2-.7v-2z',
  );
  svg.appendChild(path);
  return svg;
}

const newId = (): string =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto && window.isSecureContext
    ? crypto.randomUUID()
    : `c-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

interface Turn {
  root: HTMLElement;
  body: HTMLElement;
  cards: HTMLElement;
  meta: HTMLElement;
  text: string;
}

export class MeridianChat extends HTMLElement {
  static observedAttributes = ['heading', 'placeholder', 'intro'];

  private readonly shadow: ShadowRoot;
  private readonly log: HTMLElement;
  private readonly input: HTMLTextAreaElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly stopButton: HTMLButtonElement;
  private readonly errorBox: HTMLElement;
  private readonly errorText: HTMLElement;
  private readonly retryButton: HTMLButtonElement;
  private readonly status: HTMLElement;
  private readonly heading: HTMLElement;
  private readonly headerBadge: HTMLElement;
  private readonly intro: HTMLElement;
  private controller: AbortController | undefined;
  private lastMessage = '';
  private conversationId = newId();

  constructor() {
    super();
    this.shadow = this.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = WIDGET_CSS;

    this.heading = h('h2', { id: 'mc-title', text: 'Ask Meridian' });
    this.headerBadge = h('span', { class: 'badge', hidden: true, text: 'Template answers (no LLM)' });
    this.log = h('div', {
      class: 'log',
      role: 'log',
      'aria-live': 'polite',
      'aria-relevant': 'additions',
      'aria-labelledby': 'mc-title',
      tabindex: '0',
    });
    this.intro = h('p', {
      class: 'intro',
      text: 'Ask about savings, cards, loans or investing. Answers come from your profile and our product terms, with the reasons and risks.',
    });
    this.log.appendChild(this.intro);
    this.status = h('div', { class: 'sr', role: 'status', 'aria-live': 'polite' });
    this.errorText = h('span');
    this.retryButton = h('button', {
      type: 'button',
      class: 'secondary',
      'aria-label': 'Retry the last message',
      text: 'Retry',
      onClick: () => this.retry(),
    });
    this.errorBox = h('div', { class: 'error', role: 'alert', hidden: true }, this.errorText, this.retryButton);
    this.input = h('textarea', {
      id: 'mc-input',
      rows: '1',
      'aria-label': 'Your question',
      placeholder: 'Ask a question…',
      maxlength: '2000',
    });
    // Grow with the text up to the CSS max-height, so long questions stay readable at 360 px.
    this.input.addEventListener('input', () => {
      this.input.style.height = 'auto';
      this.input.style.height = `${this.input.scrollHeight + 2}px`;
    });
    this.sendButton = h('button', { type: 'submit', class: 'primary', 'aria-label': 'Send message', text: 'Send' });
    this.stopButton = h('button', {
      type: 'button',
      class: 'secondary',
      'aria-label': 'Stop the answer',
      hidden: true,
      text: 'Stop',
      onClick: () => this.stop(),
    });
    const form = h(
      'form',
      { 'aria-label': 'Send a message to the assistant', onSubmit: (e: Event) => (e.preventDefault(), this.submit()) },
      h('label', { class: 'sr', for: 'mc-input', text: 'Your question' }),
      this.input,
      this.stopButton,
      this.sendButton,
    );
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) e.preventDefault(), this.submit();
      else if (e.key === 'Escape' && this.controller) e.preventDefault(), this.stop();
    });

    const frame = h(
      'section',
      { class: 'frame', 'aria-labelledby': 'mc-title' },
      h('header', {}, this.heading, this.headerBadge),
      this.log,
      this.status,
      this.errorBox,
      form,
    );
    this.shadow.append(style, frame);
  }

  attributeChangedCallback(name: string, _old: string | null, value: string | null): void {
    if (name === 'heading') this.heading.textContent = value || 'Ask Meridian';
    if (name === 'placeholder' && value) this.input.placeholder = value;
    if (name === 'intro' && value !== null) this.intro.textContent = value;
  }

  disconnectedCallback(): void {
    this.controller?.abort();
  }

  get server(): string {
    return this.getAttribute('server') || location.origin;
  }
  get token(): string {
    return this.getAttribute('token') || '';
  }
  get mode(): 'customer' | 'rm' {
    return this.getAttribute('mode') === 'rm' ? 'rm' : 'customer';
  }

  /** Start a fresh conversation (the console calls this when the RM opens another customer). */
  reset(): void {
    this.controller?.abort();
    this.conversationId = newId();
    clear(this.log);
    this.log.appendChild(this.intro);
    this.hideError();
  }

  /** Programmatic send, same path as the form. */
  ask(message: string): Promise<void> {
    this.input.value = message;
    return this.submit();
  }

  private submit(): Promise<void> {
    const message = this.input.value.trim();
    if (!message || this.controller) return Promise.resolve();
    this.input.value = '';
    this.input.style.height = '';
    this.log.appendChild(h('div', { class: 'msg user', 'aria-label': 'You said' }, message));
    return this.send(message);
  }

  private retry(): Promise<void> {
    if (!this.lastMessage || this.controller) return Promise.resolve();
    return this.send(this.lastMessage);
  }

  private stop(): void {
    this.controller?.abort();
  }

  private async send(message: string): Promise<void> {
    this.lastMessage = message;
    this.hideError();
    const turn = this.startTurn();
    const controller = new AbortController();
    this.controller = controller;
    this.setBusy(true);
    this.announce('The assistant is answering…');
    let frame = 0;
    const paint = () => {
      frame = 0;
      renderSafeMarkdown(document, turn.body, turn.text);
      this.log.scrollTop = this.log.scrollHeight;
    };
    try {
      await streamChat({
        server: this.server,
        token: this.token,
        signal: controller.signal,
        body: {
          mode: this.mode,
          message,
          conversationId: this.conversationId,
          customerId: this.getAttribute('customer-id') || undefined,
        },
        handlers: {
          onText: (delta) => {
            turn.text += delta;
            frame ||= requestAnimationFrame(paint);
          },
          onRecommendations: (cards, extras) => this.renderCards(turn, cards, extras),
          onQueued: (position) => this.announce(`Waiting for the assistant (position ${position} in the queue)…`),
          onMeta: (meta) => this.renderMeta(turn, meta),
        },
      });
      if (frame) cancelAnimationFrame(frame);
      paint();
      if (!turn.text.trim() && !turn.cards.childElementCount)
        turn.body.appendChild(h('p', { class: 'note', text: '(The assistant returned an empty answer.)' }));
      this.announce(`Answer complete. ${turn.text.slice(0, 300)}`);
      this.dispatchEvent(
        new CustomEvent('meridian-answer', { detail: { text: turn.text }, bubbles: true, composed: true }),
      );
    } catch (err) {
      if (frame) cancelAnimationFrame(frame);
      paint();
      const error = err instanceof ChatError ? err : new ChatError('network', 'Something went wrong. Try again.');
      if (error.kind === 'aborted') {
        turn.body.appendChild(h('p', { class: 'note', text: 'Stopped.' }));
        this.announce('Stopped.');
      } else {
        if (!turn.text) turn.root.remove();
        this.showError(error);
      }
    } finally {
      turn.root.setAttribute('aria-busy', 'false');
      this.controller = undefined;
      this.setBusy(false);
      this.input.focus();
    }
  }

  private startTurn(): Turn {
    const body = h('div', { class: 'body' });
    const cards = h('div', { class: 'cards', role: 'list', 'aria-label': 'Recommended products' });
    const meta = h('div', { class: 'meta' });
    const root = h(
      'article',
      { class: 'msg assistant', 'aria-label': 'Assistant answer', 'aria-busy': 'true' },
      body,
      cards,
      meta,
    );
    this.log.appendChild(root);
    return { root, body, cards, meta, text: '' };
  }

  private renderCards(turn: Turn, list: RecommendationCard[], extras: RecommendationExtras): void {
    clear(turn.cards);
    if (extras.clients.length) {
      turn.cards.appendChild(
        h(
          'div',
          { class: 'card', role: 'listitem' },
          h('h3', { text: 'Clients to contact' }),
          h(
            'ol',
            { class: 'clients' },
            extras.clients.map((c) =>
              h(
                'li',
                { 'data-customer-id': c.customerId },
                h('strong', { text: c.customerId }),
                c.score !== undefined ? ` (${c.score.toFixed(3)})` : '',
                c.reason ? ` — ${c.reason}` : '',
              ),
            ),
          ),
        ),
      );
    }
    for (const card of list) {
      turn.cards.appendChild(
        h(
          'div',
          { class: 'card', role: 'listitem', 'data-product-id': card.productId },
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
      turn.cards.appendChild(
        h(
          'details',
          { class: 'excluded', role: 'listitem' },
          h('summary', { text: `Not suggested (${extras.excluded.length})` }),
          h(
            'ul',
            {},
            extras.excluded.map((x) =>
              h('li', { 'data-product-id': x.productId }, h('strong', { text: x.product }), `: ${x.detail}`),
            ),
          ),
        ),
      );
    }
  }

  private renderMeta(turn: Turn, meta: ChatMeta): void {
    clear(turn.meta);
    if (meta.template) {
      turn.meta.appendChild(
        h('span', {
          class: 'badge',
          title: 'Built from the grounding by rules, without a language model',
          text: 'Template answer (no LLM)',
        }),
      );
      this.headerBadge.hidden = false;
    } else if (meta.model) {
      turn.meta.appendChild(h('span', { text: `${meta.generator ?? 'model'} · ${meta.model}` }));
    }
    turn.meta.appendChild(h('span', { class: 'spacer' }));
    if (meta.auditId) this.renderFeedback(turn, meta.auditId);
  }

  private renderFeedback(turn: Turn, auditId: string): void {
    const note = h('span', { class: 'fb-note', role: 'status' });
    const buttons: HTMLButtonElement[] = [];
    const vote = async (rating: 'up' | 'down', button: HTMLButtonElement) => {
      buttons.forEach((b) => b.setAttribute('aria-pressed', String(b === button)));
      try {
        await sendFeedback(this.server, this.token, auditId, rating);
        note.textContent = 'Thanks for the feedback.';
      } catch (err) {
        button.setAttribute('aria-pressed', 'false');
        note.textContent = (err as Error).message;
      }
    };
    for (const [rating, label] of [
      ['up', 'Helpful answer'],
      ['down', 'Unhelpful answer'],
    ] as const) {
      const button: HTMLButtonElement = h(
        'button',
        {
          type: 'button',
          class: 'fb',
          'aria-label': label,
          title: label,
          'aria-pressed': 'false',
          'data-rating': rating,
          onClick: () => vote(rating, button),
        },
        thumbIcon(),
      );
      buttons.push(button);
    }
    turn.meta.append(...buttons, note);
  }

  private setBusy(busy: boolean): void {
    this.sendButton.disabled = busy;
    this.stopButton.hidden = !busy;
  }

  private showError(error: ChatError): void {
    this.errorText.textContent = error.message;
    this.retryButton.hidden = !error.retryable;
    this.errorBox.hidden = false;
  }

  private hideError(): void {
    this.errorBox.hidden = true;
  }

  private announce(text: string): void {
    this.status.textContent = text;
  }
}

export function defineMeridianChat(name = 'meridian-chat'): void {
  if (!customElements.get(name)) customElements.define(name, MeridianChat);
}

declare global {
  interface HTMLElementTagNameMap {
    'meridian-chat': MeridianChat;
  }
}
