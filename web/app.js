// The application shell: session, menu, language switch and a small
// router over location.hash. "#/incidents/SC-2026-0001?tab=x" is the
// path "/incidents/SC-2026-0001" with its query; a hash that does not
// start with "#/" (the skip link's "#main") is not a route.
import { api, setCsrf, setUnauthenticatedHandler } from './api.js';
import { h } from './dom.js';
import { setLang, initialLang, currentLang, t, translate } from './i18n.js';
import { signinPage } from './signin.js';

const RETURN_KEY = 'ungcuu.return';
// [pattern, page, public?]; ":name" matches one path segment. Pages
// other than sign-in load when first shown (a slow link fetches only
// what is used), then stay in the browser's module cache.
const lazy = (file, name) => () => import(file).then((m) => m[name]);
const ROUTES = [
  ['/signin', async () => signinPage, true],
  ['/', lazy('./dashboard.js', 'dashboardPage')],
  ['/profile', lazy('./profile.js', 'profilePage')],
  ['/team', lazy('./team.js', 'teamPage')],
  ['/drills', lazy('./drills.js', 'drillsPage')],
  ['/training', lazy('./training.js', 'trainingPage')],
  ['/resources', lazy('./resources.js', 'resourcesPage')],
  ['/playbooks', lazy('./playbooks.js', 'playbooksPage')],
  ['/playbooks/:id', lazy('./playbooks.js', 'playbookPage')],
  ['/incidents', lazy('./incidents.js', 'incidentListPage')],
  ['/incidents/new', lazy('./incident-new.js', 'newIncidentPage')],
  ['/incidents/:id', lazy('./incident.js', 'incidentPage')],
  ['/reports', lazy('./unit-reports.js', 'unitReportsPage')],
  ['/systems', lazy('./systems.js', 'systemsPage')],
  ['/systems/:id', lazy('./systems.js', 'systemPage')],
  ['/calendar', lazy('./calendar.js', 'calendarPage')],
  ['/assessments', lazy('./assessments.js', 'assessmentsPage')],
  ['/admin/units', lazy('./admin.js', 'unitsPage')],
  ['/admin/users', lazy('./admin.js', 'usersPage')],
  ['/admin/audit', lazy('./admin.js', 'auditPage')],
  ['/admin/rulepack', lazy('./admin.js', 'rulepackPage')],
];
// the menu: [dictionary key, [path, permission needed (or null)]...]:
// an entry leads to the first of its pages the person may use
const MENU = [
  ['nav.dashboard', ['/', null]],
  ['nav.incidents', ['/incidents', 'incident.read']],
  ['nav.new_incident', ['/incidents/new', 'incident.write']],
  ['nav.reports', ['/reports', 'incident.read']],
  ['nav.team', ['/team', 'unit.read']],
  ['nav.training', ['/training', 'unit.read']],
  ['nav.resources', ['/resources', 'unit.read']],
  ['nav.playbooks', ['/playbooks', 'incident.read']],
  ['nav.systems', ['/systems', 'unit.read']],
  ['nav.calendar', ['/calendar', 'unit.read']],
  ['nav.assessments', ['/assessments', 'unit.read']],
  ['nav.admin', ['/admin/units', 'unit.write'], ['/admin/users', 'user.read'],
    ['/admin/audit', 'audit.read']],
  ['nav.rulepack', ['/admin/rulepack', null]],
  ['nav.profile', ['/profile', null]],
];

const state = { me: null, notice: null, view: null, rendered: false, seq: 0 };

function notFoundPage() {
  return {
    titleKey: 'app.not_found',
    node: h('section', { class: 'card' },
      h('h1', { id: 'page-h', tabindex: '-1', 'data-i18n': 'app.not_found' }, t('app.not_found')),
      h('p', {}, h('a', { href: '#/', 'data-i18n': 'app.back_home' }, t('app.back_home')))),
  };
}

/** "#/incidents?status=new" -> {path: '/incidents', query: URLSearchParams} */
function current() {
  const hash = location.hash;
  if (!hash.startsWith('#/')) return null;
  const [path, q = ''] = hash.slice(1).split('?');
  return { path, query: new URLSearchParams(q) };
}

/** The route for a path, with its parameters, or null. */
function match(path) {
  const segs = path.split('/');
  for (const [pattern, page, pub] of ROUTES) {
    const want = pattern.split('/');
    if (want.length !== segs.length) continue;
    const params = {};
    const ok = want.every((w, i) => {
      if (w.startsWith(':')) {
        if (segs[i] === '') return false;
        params[w.slice(1)] = decodeURIComponent(segs[i]);
        return true;
      }
      return w === segs[i];
    });
    if (ok) return { page, pub: !!pub, params };
  }
  return null;
}

function go(target) {
  if (location.hash === `#${target}`) render();
  else location.hash = `#${target}`;
}

/**
 * Change the query of the page being shown without showing it again
 * (filters kept in the URL): push a history entry, or replace it.
 */
function setQuery(params, { push = false } = {}) {
  const cur = current();
  if (!cur) return;
  const q = new URLSearchParams(params).toString();
  const url = `#${cur.path}${q ? `?${q}` : ''}`;
  if (push) history.pushState(null, '', url);
  else history.replaceState(null, '', url);
}

function can(perm) {
  return !!state.me && (perm === null || (state.me.permissions || []).includes(perm));
}

function showWho() {
  const who = document.getElementById('who');
  who.hidden = !state.me;
  document.getElementById('who-name').textContent = state.me
    ? state.me.full_name || state.me.login : '';
  const nav = document.getElementById('nav');
  nav.hidden = !state.me;
  const entries = MENU.map(([key, ...pages]) => [key, pages.find(([, perm]) => can(perm))])
    .filter(([, page]) => page);
  // whoever has the administration pages finds the rule pack there
  const admin = entries.some(([key]) => key === 'nav.admin');
  nav.replaceChildren(h('ul', {}, entries.filter(([key]) => !(admin && key === 'nav.rulepack'))
    .map(([key, [path]]) => h('li', {},
      h('a', { href: `#${path}`, 'data-path': path, 'data-i18n': key }, t(key))))));
}

/** Mark the menu entry of the page shown (the longest matching prefix). */
function markMenu(path) {
  let best = null;
  for (const a of document.querySelectorAll('#nav a')) {
    const p = a.dataset.path;
    // the administration entry stands for all its pages
    const section = (x) => (x.startsWith('/admin/') ? '/admin' : x);
    const hit = p === '/' ? path === '/'
      : path === p || path.startsWith(`${p}/`) || section(path) === section(p);
    if (hit && (!best || p.length > best.dataset.path.length)) best = a;
  }
  for (const a of document.querySelectorAll('#nav a')) {
    if (a === best) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
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
  const m = match(back.split('?')[0]);
  go(m && !m.pub ? back : '/');
}

function signedOut(notice) {
  state.me = null;
  state.notice = notice;
  setCsrf(null);
  showWho();
}

/** The session ended under us (expiry): sign in again, then come back. */
function expired() {
  if (!state.me) return;
  const cur = current();
  const m = cur && match(cur.path);
  try {
    if (m && !m.pub) sessionStorage.setItem(RETURN_KEY, location.hash.slice(1));
  } catch { /* none */ }
  signedOut('signin.expired');
  go('/signin');
}

function leave() {
  if (state.view && typeof state.view.leave === 'function') {
    try { state.view.leave(); } catch { /* the page is gone anyway */ }
  }
}

function loadFailedPage() {
  return {
    titleKey: 'app.load_failed',
    node: h('section', { class: 'card' },
      h('h1', { id: 'page-h', tabindex: '-1', 'data-i18n': 'app.load_failed' }, t('app.load_failed')),
      h('p', {}, h('a', { href: '#/', 'data-i18n': 'app.back_home' }, t('app.back_home')))),
  };
}

async function render() {
  const cur = current() ?? (state.rendered ? null : { path: '/', query: new URLSearchParams() });
  if (cur === null) return; // an in-page anchor such as #main
  const m = match(cur.path);
  if (m && !m.pub && !state.me) return go('/signin');
  if (cur.path === '/signin' && state.me) return go('/');
  const seq = ++state.seq;
  let page = notFoundPage;
  if (m) page = await m.page().catch(() => loadFailedPage);
  if (seq !== state.seq) return; // another page was asked for meanwhile
  leave();
  const main = document.getElementById('main');
  state.view = page({
    me: state.me, notice: state.notice, signedIn, go, setQuery, can,
    params: m ? m.params : {}, query: cur.query,
  });
  state.notice = null;
  main.replaceChildren(state.view.node);
  markMenu(cur.path);
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
  document.dispatchEvent(new CustomEvent('langchange'));
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
  await render();
  document.body.dataset.ready = 'true';
}

start();
