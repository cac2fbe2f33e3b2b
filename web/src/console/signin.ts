/** Sign-in: an RM API key or RM JWT, checked against the server before it is kept. */
import { api, type ApiError, credential } from './api.ts';
import { h } from '../shared/dom.ts';

export function renderSignIn(app: HTMLElement, message: string, done: () => void): void {
  const input = h('input', {
    id: 'credential',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
    'aria-describedby': 'credential-help',
  });
  const error = h('div', { class: 'error', role: 'alert', hidden: !message, text: message });
  const button = h('button', { type: 'submit', class: 'primary', text: 'Sign in' });
  const form = h(
    'form',
    {
      class: 'panel signin',
      'aria-labelledby': 'signin-title',
      onSubmit: (e: Event) => (e.preventDefault(), void submit()),
    },
    h('h1', { id: 'signin-title', text: 'Sign in' }),
    h('label', { for: 'credential', text: 'RM credential (API key or token)' }),
    input,
    h('p', { id: 'credential-help', class: 'muted', text: 'Kept only for this browser tab (sessionStorage).' }),
    error,
    button,
  );
  app.appendChild(form);
  input.focus();

  async function submit(): Promise<void> {
    const token = input.value.trim();
    if (!token) return;
    button.disabled = true;
    error.hidden = true;
    try {
      // A minimal RM-only call proves the credential before we keep it.
      await api('/api/rm/search', { body: { query: 'customers', k: 1 }, token });
      credential.set(token);
      done();
    } catch (err) {
      const e = err as ApiError;
      if (e.status === 503) {
        // Credential fine, search backend not ready yet: keep it, say so.
        credential.set(token);
        done();
        return;
      }
      error.textContent = e.status === 401 || e.status === 403 ? 'That credential was not accepted.' : e.message;
      error.hidden = false;
    } finally {
      button.disabled = false;
    }
  }
}
