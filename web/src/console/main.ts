/**
 * RM console: hash routes `#/signin`, `#/search?q=…`, `#/customer/<id>`. Plain DOM (no framework);
 * every text from the server goes through `h()` (text nodes), assistant output through the
 * widget's safe renderer.
 */
import { credential, setUnauthorizedHandler } from './api.ts';
import { destroyCharts } from './charts.ts';
import { renderProfile } from './profile.ts';
import { renderSearch } from './search.ts';
import { renderSignIn } from './signin.ts';
import { clear } from '../shared/dom.ts';

const app = document.getElementById('app') as HTMLElement;
const signOut = document.getElementById('sign-out') as HTMLButtonElement;

let signInMessage = '';
setUnauthorizedHandler((message) => {
  credential.clear();
  signInMessage = `Signed out: ${message}`;
  location.hash = '#/signin';
});
signOut.addEventListener('click', () => {
  credential.clear();
  location.hash = '#/signin';
});

let generation = 0;
function route(): void {
  const current = ++generation;
  const stillCurrent = () => current === generation;
  destroyCharts();
  clear(app);
  const hash = location.hash.replace(/^#/, '') || '/search';
  const [path, queryString = ''] = hash.split('?');
  const params = new URLSearchParams(queryString);
  signOut.hidden = !credential.get();
  if (!credential.get() || path === '/signin') {
    renderSignIn(app, signInMessage, () => {
      signInMessage = '';
      location.hash = '#/search';
    });
    return;
  }
  const customer = /^\/customer\/([^/]+)$/.exec(path);
  if (customer) void renderProfile(app, decodeURIComponent(customer[1]), stillCurrent);
  else renderSearch(app, params.get('q') ?? '', stillCurrent);
  app.focus();
}

window.addEventListener('hashchange', route);
route();
