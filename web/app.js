// The application shell: session, language switch and a tiny router over
// location.hash ("#/" the dashboard, "#/signin"); a hash that does not
// start with "#/" (the skip link's "#main") is not a route.
import { api, setCsrf, setUnauthenticatedHandler } from './api.js';
import { h } from './dom.js';
import { setLang, initialLang, currentLang, t, translate } from './i18n.js';
import { signinPage } from './signin.js';
import { dashboardPage } from './dashboard.js';

const RETURN_KEY = 'ungcuu.return';
const routes = { '/': dashboardPage, '/signin': signinPage };
const PUBLIC = new Set(['/signin']);

const state = { me: null, notice: null, view: null, rendered: false };

function notFoundPage() {
  return {
    titleKey: 'app.not_found',
    node: h('section', { class: 'card' },
      h('h1', { id: 'page-h', tabindex: '-1', 'data-i18n': 'app.not_found' }, t('app.not_found')),
      h('p', {}, h('a', { href: '#/', 'data-i18n': 'app.back_home' }, t('app.back_home')))),
  };
}

function routePath() {
  const hash = location.hash;
  if (!hash.startsWith('#/')) return null;
  return hash.slice(1).split('?')[0];
}

function go(path) {
  if (location.hash === `#${path}`) render();
  else location.hash = `#${path}`;
}

function showWho() {
  const who = document.getElementById('who');
  who.hidden = !state.me;
  document.getElementById('who-name').textContent = state.me
    ? state.me.full_name || state.me.login : '';
}

function setTitle() {
  if (state.view) document.title = t('app.title', { page: t(state.view.titleKey) });
}

async function signedIn(csrf) {
  setCsrf(csrf);
  state.me = await api('GET', '/me');
  setCsrf(state.me.csrf_token || csrf);
  state.notice = null;
  showWho();
  let back = '/';
  try { back = sessionStorage.getItem(RETURN_KEY) || '/'; sessionStorage.removeItem(RETURN_KEY); } catch { /* none */ }
  go(routes[back] && !PUBLIC.has(back) ? back : '/');
}

function signedOut(notice) {
  state.me = null;
  state.notice = notice;
  setCsrf(null);
  showWho();
}

/** The session ended under us (expiry): sign in again, then come back. */
function expired() {
  const path = routePath() || '/';
  if (!state.me) return;
  try { if (!PUBLIC.has(path)) sessionStorage.setItem(RETURN_KEY, path); } catch { /* none */ }
  signedOut('signin.expired');
  go('/signin');
}

function render() {
  const path = routePath() ?? (state.rendered ? null : '/');
  if (path === null) return; // an in-page anchor such as #main
  if (!PUBLIC.has(path) && !state.me && routes[path]) return go('/signin');
  if (path === '/signin' && state.me) return go('/');
  const page = routes[path] || notFoundPage;
  const main = document.getElementById('main');
  state.view = page({ me: state.me, notice: state.notice, signedIn, go });
  state.notice = null;
  main.replaceChildren(state.view.node);
  setTitle();
  // the first page focuses its first field; later ones their heading,
  // so a screen reader announces the new page
  const target = state.rendered ? main.querySelector('h1') : state.view.focus;
  if (target) target.focus();
  state.rendered = true;
}

async function switchLang(lang) {
  await setLang(lang);
  for (const b of document.querySelectorAll('[data-lang]')) {
    b.setAttribute('aria-pressed', String(b.dataset.lang === currentLang()));
  }
  translate(document);
  setTitle();
}

async function signOut() {
  try { await api('DELETE', '/session', undefined, { quiet401: true }); } catch { /* gone already */ }
  signedOut('signin.signed_out');
  go('/signin');
}

async function start() {
  await switchLang(initialLang());
  for (const b of document.querySelectorAll('[data-lang]')) {
    b.addEventListener('click', () => switchLang(b.dataset.lang));
  }
  document.getElementById('signout').addEventListener('click', signOut);
  setUnauthenticatedHandler(expired);
  try {
    state.me = await api('GET', '/me', undefined, { quiet401: true });
    setCsrf(state.me.csrf_token);
  } catch {
    state.me = null;
  }
  showWho();
  window.addEventListener('hashchange', render);
  render();
  document.body.dataset.ready = 'true';
}

start();
