/**
 * `<meridian-chat server="https://bank.example" token="<customer JWT>">` — the embeddable
 * assistant. Shadow DOM keeps the host page's CSS out (and ours in); theming goes through the
 * CSS custom properties listed in styles.ts.
 *
 * Attributes: server (API origin; default the page's), token (Bearer credential), mode
 * (`customer` default | `rm`), customer-id (RM mode: the customer the conversation is about),
 * heading, placeholder.
 *
 * Answers are drawn by shared/chat-parts.ts (text as safe markdown, one renderer per data part);
 * everything else with `h()`, which only ever creates text nodes from strings.
 */
import { ChatError, streamChat, type ChatMeta } from '../shared/chat-client.ts';
import {
  createAnswerView,
  renderAnswerText,
  renderPart,
  renderProvenance,
  type AnswerView,
} from '../shared/chat-parts.ts';
import { clear, h } from '../shared/dom.ts';
import { checkEmbedding } from '../shared/embed-check.ts';
import { sendFeedback } from '../shared/feedback.ts';
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
  private readonly intro: HTMLElement;
  private controller: AbortController | undefined;
  private lastMessage = '';
  private conversationId = newId();
  private checked = false;

  constructor() {
    super();
    this.shadow = this.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = WIDGET_CSS;

    this.heading = h('h2', { id: 'mc-title', text: 'Ask Meridian' });
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
      h('header', {}, this.heading),
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

  connectedCallback(): void {
    // A page that cannot use the assistant (origin not allowed, token expired, unknown customer)
    // says so on load, in words its owner can act on, rather than on the first question.
    if (this.checked) return;
    this.checked = true;
    void checkEmbedding(this.server, this.token).then((problem) => {
      if (problem && !this.controller) this.showError(new ChatError('http', problem), true);
    });
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
      renderAnswerText(turn);
      this.log.scrollTop = this.log.scrollHeight;
    };
    this.log.scrollTop = this.log.scrollHeight;
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
          onEvent: (event) => renderPart(turn, event),
          onQueued: (position) => this.announce(`Waiting for the assistant (position ${position} in the queue)…`),
          onMeta: (meta) => this.renderMeta(turn, meta),
        },
      });
      if (frame) cancelAnimationFrame(frame);
      paint();
      if (!turn.text.trim()) {
        clear(turn.body);
        if (!turn.parts.childElementCount)
          turn.body.appendChild(h('p', { class: 'note', text: '(The assistant returned an empty answer.)' }));
      }
      this.announce(`Answer complete. ${turn.text.slice(0, 300)}`);
      this.dispatchEvent(
        new CustomEvent('meridian-answer', { detail: { text: turn.text }, bubbles: true, composed: true }),
      );
    } catch (err) {
      if (frame) cancelAnimationFrame(frame);
      paint();
      const error = err instanceof ChatError ? err : new ChatError('network', 'Something went wrong. Try again.');
      if (!turn.text) clear(turn.body);
      if (error.kind === 'aborted') {
        turn.body.appendChild(h('p', { class: 'note', text: 'Stopped.' }));
        this.announce('Stopped.');
      } else {
        if (!turn.text) turn.root.remove();
        // A blocked or refused request may be a configuration problem: say which, if so.
        const refused =
          error.kind === 'network' || (error.kind === 'http' && [401, 403, 404].includes(error.status ?? 0));
        const problem = refused ? await checkEmbedding(this.server, this.token) : undefined;
        if (problem) this.showError(new ChatError('http', problem), true);
        else this.showError(error);
      }
    } finally {
      turn.root.setAttribute('aria-busy', 'false');
      this.controller = undefined;
      this.setBusy(false);
      this.input.focus();
    }
  }

  private startTurn(): AnswerView {
    const view = createAnswerView();
    this.log.appendChild(view.root);
    return view;
  }

  private renderMeta(turn: AnswerView, meta: ChatMeta): void {
    renderProvenance(turn, meta);
    if (meta.auditId) this.renderFeedback(turn, meta.auditId);
  }

  private renderFeedback(turn: AnswerView, auditId: string): void {
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
    turn.meta.append(h('span', { class: 'fb-group' }, ...buttons), note);
  }

  private setBusy(busy: boolean): void {
    this.sendButton.disabled = busy;
    this.stopButton.hidden = !busy;
  }

  /** `configuration`: the page's setup is wrong, so Retry would not help. */
  private showError(error: ChatError, configuration = false): void {
    this.errorText.textContent = error.message;
    this.retryButton.hidden = configuration || !error.retryable;
    this.errorBox.dataset.kind = configuration ? 'configuration' : error.kind;
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
