// The incident list: filters kept in the URL (a link reproduces the
// view, Back returns to the previous one), cursor paging, a table on
// wide screens and stacked cards on a phone. What the person may read
// is the server's business: the list and its count come filtered by it.
import { api } from './api.js';
import { h } from './dom.js';
import { t, tn, bi, pick, valueLabel } from './i18n.js';
import { field, setFieldError, setAlert, problemKey, fieldKey } from './form.js';
import { formatDateTime } from './format.js';
import { clockBadge } from './clock.js';

const STATUSES = ['new', 'verifying', 'responding', 'containing', 'eradicating', 'recovering',
  'checking', 'reviewing', 'awaiting_final_report', 'ready_to_close', 'closed'];
const SEVERITIES = ['normal', 'serious'];
// the filters, as the URL and GET /incidents name them
const SELECTS = ['unit_id', 'status', 'type', 'severity', 'priority', 'tlp', 'sort'];
const TEXTS = ['q', 'from', 'to'];
const CHECKS = ['overdue', 'open'];
const FILTERS = [...TEXTS, ...SELECTS, ...CHECKS];
const PAGING = ['cursor', 'limit']; // limit: a page size other than PAGE
const PAGE = 20;
const WIDE = '(min-width: 48rem)';

// ------------------------------------------------ shared with the dashboard

let packPromise = null;

/** The rule pack in use, in full (taxonomy, lists), once per page load. */
export function inUsePack() {
  if (!packPromise) {
    packPromise = api('GET', '/rulepacks').then((r) => {
      const p = r.items.find((x) => x.in_use) || r.items.find((x) => x.default) || r.items[0];
      return api('GET', `/rulepacks/${encodeURIComponent(p.id)}`);
    });
    packPromise.catch(() => { packPromise = null; });
  }
  return packPromise;
}

export function incidentHref(id) {
  return `#/incidents/${encodeURIComponent(id)}`;
}

/**
 * A deadline's countdown, with the overdue badge once it has passed. A
 * list knows the time but not when the clock turns "due soon" (that is
 * its clock's warn_at, on the incident's page), so it claims no state
 * before: the 'pending' badge is hidden (.due-only, in the CSS).
 */
export function dueBadge(iso) {
  const el = clockBadge({ state: Date.parse(iso) < Date.now() ? 'overdue' : 'pending', due_at: iso });
  el.classList.add('due-only');
  return el;
}

const units = { user: null, promise: null };

/** The units the person may see, in tree order (per signed-in user). */
function loadUnits(userId) {
  if (units.user !== userId || !units.promise) {
    units.user = userId;
    units.promise = (async () => {
      const out = [];
      let cursor = null;
      for (let i = 0; i < 50; i++) {
        const r = await api('GET', `/units?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        out.push(...r.items);
        cursor = r.next_cursor;
        if (!cursor) break;
      }
      return out;
    })();
    units.promise.catch(() => { units.promise = null; });
  }
  return units.promise;
}

// ------------------------------------------------------------ dates

/** "2026-11-01" -> "01/11/2026" (URL to field). */
function showDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso || '';
}

/** "1/11/2026" -> "2026-11-01"; null when not a real day. */
function readDate(text) {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return null;
  return day.toISOString().slice(0, 10);
}

// ------------------------------------------------------------ filters

function option(value, key) {
  return h('option', { value, 'data-i18n': key }, t(key));
}

/** An option whose label is bilingual data ({vi, en}). */
function biOption(value, obj, prefix = '') {
  const [vi, en] = [obj.vi || obj.en || value, obj.en || obj.vi || value];
  return h('option', { value, 'data-vi': prefix + vi, 'data-en': prefix + en },
    prefix + pick({ vi, en }));
}

function selectField(id, labelKey) {
  const f = field(`f-${id}`, labelKey, { tag: 'select' });
  f.input.name = id;
  return f;
}

function textField(id, labelKey, attrs = {}, hintKey = null) {
  const f = field(`f-${id}`, labelKey, { type: 'text', autocomplete: 'off', ...attrs }, hintKey);
  f.input.name = id;
  return f;
}

function checkField(id, labelKey) {
  const input = h('input', { type: 'checkbox', id: `f-${id}`, name: id, value: '1' });
  const wrap = h('div', { class: 'field check' }, input,
    h('label', { for: `f-${id}`, 'data-i18n': labelKey }, t(labelKey)));
  return { wrap, input };
}

function buildFilters() {
  const f = {
    q: textField('q', 'list.q', { type: 'search' }, 'list.q_hint'),
    unit_id: selectField('unit_id', 'list.unit'),
    status: selectField('status', 'list.status'),
    type: selectField('type', 'list.type'),
    severity: selectField('severity', 'list.severity'),
    priority: selectField('priority', 'list.priority'),
    tlp: selectField('tlp', 'list.tlp'),
    from: textField('from', 'list.from', { inputmode: 'numeric', placeholder: 'dd/mm/yyyy' }),
    to: textField('to', 'list.to', { inputmode: 'numeric', placeholder: 'dd/mm/yyyy' }),
    sort: selectField('sort', 'list.sort'),
    overdue: checkField('overdue', 'list.overdue'),
    open: checkField('open', 'list.open'),
  };
  f.unit_id.input.append(option('', 'list.unit_all'));
  f.status.input.append(option('', 'list.any'),
    ...STATUSES.map((s) => option(s, `status.${s}`)));
  f.type.input.append(option('', 'list.any'));
  f.severity.input.append(option('', 'list.any'),
    ...SEVERITIES.map((s) => option(s, `severity.${s}`)));
  f.priority.input.append(option('', 'list.any'));
  f.tlp.input.append(option('', 'list.any'));
  f.sort.input.append(option('detected', 'list.sort_detected'), option('due', 'list.sort_due'));
  return f;
}

/** Fill the lists that come from the server: units, types, TLP, priority. */
function fillOptions(f, pack, unitList) {
  const top = unitList.length ? Math.min(...unitList.map((u) => u.depth)) : 0;
  f.unit_id.input.append(...unitList.map((u) => h('option', { value: String(u.id) },
    `${'\u00a0\u00a0\u00a0'.repeat(u.depth - top)}${u.name}`)));
  for (const g of pack.groups || []) {
    const types = (pack.types || []).filter((x) => x.group === g.code);
    if (types.length === 0) continue;
    f.type.input.append(h('optgroup', { label: pick(g), 'data-vi': g.vi, 'data-en': g.en },
      types.map((x) => biOption(x.code, x, `${x.code} `))));
  }
  f.tlp.input.append(...(pack.options?.tlp?.items || []).map((o) => biOption(o.code, o)));
  f.priority.input.append(...(pack.options?.priority?.items || []).map((o) => biOption(o.code, o)));
}

/** Show the filters of params in the form (an unknown value stays as itself). */
function showFilters(f, params) {
  for (const k of SELECTS) {
    const v = params.get(k) || (k === 'sort' ? 'detected' : '');
    const sel = f[k].input;
    if (![...sel.options].some((o) => o.value === v)) sel.append(h('option', { value: v }, v));
    sel.value = v;
  }
  f.q.input.value = params.get('q') || '';
  f.from.input.value = showDate(params.get('from'));
  f.to.input.value = showDate(params.get('to'));
  for (const k of CHECKS) f[k].input.checked = ['1', 'true'].includes(params.get(k));
  for (const k of [...TEXTS, ...SELECTS]) setFieldError(f[k], null);
}

/** The form as URL parameters, or null (with the errors shown) when a date is wrong. */
function readFilters(f) {
  const p = new URLSearchParams();
  let ok = true;
  const q = f.q.input.value.trim();
  if (q) p.set('q', q);
  for (const k of SELECTS) {
    const v = f[k].input.value;
    if (v && !(k === 'sort' && v === 'detected')) p.set(k, v);
  }
  for (const k of ['from', 'to']) {
    const text = f[k].input.value.trim();
    const iso = text ? readDate(text) : '';
    setFieldError(f[k], iso === null ? 'list.date_bad' : null);
    if (iso === null) ok = false;
    else if (iso) p.set(k, iso);
  }
  if (ok && p.get('from') && p.get('to') && p.get('from') > p.get('to')) {
    setFieldError(f.to, 'list.range_bad');
    ok = false;
  }
  for (const k of CHECKS) if (f[k].input.checked) p.set(k, '1');
  return ok ? p : null;
}

/** The filters of the URL (no paging), in a fixed order. */
function filtersOf(params) {
  const p = new URLSearchParams();
  for (const k of FILTERS) if (params.get(k)) p.set(k, params.get(k));
  return p;
}

/** The URL for filters p, keeping the page size of params. */
function withLimit(p, params) {
  if (params.get('limit')) p.set('limit', params.get('limit'));
  return p;
}

// ------------------------------------------------------------ results

const COLUMNS = ['id', 'title', 'unit', 'types', 'severity', 'status', 'tlp', 'detected', 'next_due'];

function cell(col, ...content) {
  return h('td', { class: `col-${col}` },
    h('span', { class: 'cell-label', 'aria-hidden': 'true', 'data-i18n': `list.col.${col}` },
      t(`list.col.${col}`)),
    h('span', { class: 'cell-value' }, ...content));
}

function typeNames(pack, codes) {
  return codes.flatMap((code, i) => {
    const ty = (pack.types || []).find((x) => x.code === code);
    const name = ty ? bi(ty) : document.createTextNode(code);
    return i ? ['; ', name] : [name];
  });
}

function tlpTag(code) {
  return h('span', { class: `tlp tlp-${String(code).toLowerCase().replace(/[^a-z]+/g, '-')}` }, `TLP:${code}`);
}

function incidentRow(inc, pack) {
  const serious = inc.severity === 'serious';
  return h('tr', { class: serious ? 'serious' : null },
    cell('id', h('span', { class: 'incident-id' }, inc.id)),
    cell('title', h('a', { href: incidentHref(inc.id) }, inc.title),
      inc.exercise ? [' ', h('span', { class: 'tag', 'data-i18n': 'list.exercise' }, t('list.exercise'))] : null),
    cell('unit', inc.unit_name),
    cell('types', ...(inc.types?.length ? typeNames(pack, inc.types) : [tn('list.no_type')])),
    cell('severity', h('span', { class: `sev sev-${inc.severity}` }, valueLabel('severity', inc.severity))),
    cell('status', valueLabel('status', inc.status)),
    cell('tlp', tlpTag(inc.tlp)),
    cell('detected', h('time', { datetime: inc.detected_at }, formatDateTime(inc.detected_at))),
    cell('next_due', ...(inc.next_due_at
      ? [h('time', { datetime: inc.next_due_at }, formatDateTime(inc.next_due_at)), ' ', dueBadge(inc.next_due_at)]
      : [tn('list.no_due')])));
}

function resultTable(items, pack) {
  return h('table', { class: 'data incident-table' },
    h('caption', { class: 'sr-only', 'data-i18n': 'list.caption' }, t('list.caption')),
    h('thead', {}, h('tr', {}, COLUMNS.map((c) =>
      h('th', { scope: 'col', class: `col-${c}`, 'data-i18n': `list.col.${c}` }, t(`list.col.${c}`))))),
    h('tbody', {}, items.map((inc) => incidentRow(inc, pack))));
}

// ------------------------------------------------------------ page

export function incidentListPage(ctx) {
  const f = buildFilters();
  const state = {
    params: new URLSearchParams([...ctx.query].filter(([k]) => FILTERS.includes(k) || PAGING.includes(k))),
    stack: [], // cursors of the pages before this one (this visit)
    seq: 0,
    ready: false,
  };
  const alert = h('div', { class: 'alert error', role: 'alert', hidden: true });
  const retry = h('button', { type: 'button', class: 'secondary', hidden: true, 'data-i18n': 'list.retry' }, t('list.retry'));
  const status = h('p', { class: 'list-status', 'aria-live': 'polite' });
  const resultsHead = h('h2', { id: 'results-h', tabindex: '-1', class: 'sr-only', 'data-i18n': 'list.results' },
    t('list.results'));
  const results = h('div', { class: 'list-results', 'aria-busy': 'true' },
    h('p', { class: 'loading', 'data-i18n': 'app.loading' }, t('app.loading')));
  const pager = h('nav', { class: 'pager', 'aria-label': t('list.pages'), 'data-i18n-label': 'list.pages' });
  const more = h('details', { class: 'more-filters' },
    h('summary', { 'data-i18n': 'list.more_filters' }, t('list.more_filters')),
    h('div', { class: 'filter-grid' },
      f.unit_id.wrap, f.status.wrap, f.type.wrap, f.severity.wrap, f.priority.wrap, f.tlp.wrap,
      f.from.wrap, f.to.wrap, f.sort.wrap),
    h('div', { class: 'filter-checks' }, f.overdue.wrap, f.open.wrap));
  const clear = h('button', { type: 'button', class: 'secondary', 'data-i18n': 'list.clear' }, t('list.clear'));
  const form = h('form', { class: 'list-filters card', role: 'search', novalidate: true,
    'aria-label': t('list.filters'), 'data-i18n-label': 'list.filters' },
  h('div', { class: 'search-row' }, f.q.wrap,
    h('button', { type: 'submit', class: 'primary', 'data-i18n': 'list.search' }, t('list.search'))),
  more,
  h('div', { class: 'toolbar filter-actions' }, clear));

  function go(params, { focus = false } = {}) {
    state.params = params;
    ctx.setQuery(params, { push: true });
    load(focus);
  }

  function apply() {
    if (!state.ready) return;
    const read = readFilters(f);
    const next = read && filtersOf(read);
    if (!next || next.toString() === filtersOf(state.params).toString()) return;
    state.stack = [];
    go(withLimit(next, state.params));
  }

  function pageTo(cursor, { back = false } = {}) {
    const p = withLimit(filtersOf(state.params), state.params);
    if (back) state.stack.pop();
    else state.stack.push(state.params.get('cursor') || '');
    if (cursor) p.set('cursor', cursor);
    go(p, { focus: true });
  }

  function renderPager(next) {
    const cur = state.params.get('cursor');
    const buttons = [];
    if (state.stack.length) {
      buttons.push(h('button', { type: 'button', class: 'secondary', 'data-i18n': 'list.prev',
        onclick: () => pageTo(state.stack[state.stack.length - 1], { back: true }) }, t('list.prev')));
    } else if (cur) {
      buttons.push(h('button', { type: 'button', class: 'secondary', 'data-i18n': 'list.first',
        onclick: () => pageTo(null, { back: true }) }, t('list.first')));
    }
    if (next) {
      buttons.push(h('button', { type: 'button', class: 'secondary', 'data-i18n': 'list.next',
        onclick: () => pageTo(next) }, t('list.next')));
    }
    pager.replaceChildren(...buttons);
    pager.hidden = buttons.length === 0;
  }

  /** A refused filter shows beside its field (unfolded if need be). */
  function showFieldErrors(err) {
    for (const [name, e] of Object.entries(err.fields || {})) {
      if (!f[name] || !f[name].err) continue;
      setFieldError(f[name], fieldKey(e.code));
      if (name !== 'q') more.open = true;
    }
  }

  async function load(focus = false) {
    const seq = ++state.seq;
    const filters = filtersOf(state.params);
    clear.hidden = filters.toString() === '';
    const q = new URLSearchParams(filters);
    q.set('limit', state.params.get('limit') || String(PAGE));
    if (state.params.get('cursor')) q.set('cursor', state.params.get('cursor'));
    results.setAttribute('aria-busy', 'true');
    setAlert(alert, null);
    retry.hidden = true;
    try {
      const [page, count, pack] = await Promise.all([
        api('GET', `/incidents?${q}`),
        api('GET', `/incidents/count?${filters}`),
        inUsePack(),
      ]);
      if (seq !== state.seq) return;
      const n = count.count;
      status.replaceChildren(tn(n ? 'list.found' : 'list.none', { n }));
      if (page.items.length === 0) {
        const key = filters.toString() ? 'list.empty' : 'list.empty_all';
        results.replaceChildren(h('p', { class: 'empty' }, tn(key)));
      } else {
        results.replaceChildren(h('div', { class: 'table-wrap' }, resultTable(page.items, pack)));
      }
      renderPager(page.next_cursor);
      if (focus) resultsHead.focus();
    } catch (err) {
      if (seq !== state.seq) return;
      if (!err.slug) throw err;
      results.replaceChildren();
      status.replaceChildren();
      pager.hidden = true;
      if (err.status === 401) return;
      if (err.fields.cursor && state.params.get('cursor')) {
        // a page that no longer makes sense (an edited link): the first
        state.params = withLimit(filters, state.params);
        ctx.setQuery(state.params);
        load();
        return;
      }
      setAlert(alert, problemKey(err));
      showFieldErrors(err);
      retry.hidden = false;
    } finally {
      if (seq === state.seq) results.removeAttribute('aria-busy');
    }
  }

  form.addEventListener('submit', (e) => { e.preventDefault(); apply(); });
  // lists and boxes apply at once, a date when its field is left; the
  // search words wait for Enter or the button
  form.addEventListener('change', (e) => { if (e.target.type !== 'search') apply(); });
  clear.addEventListener('click', () => {
    if (!state.ready) return;
    showFilters(f, new URLSearchParams());
    state.stack = [];
    if (filtersOf(state.params).toString() || state.params.get('cursor')) {
      go(withLimit(new URLSearchParams(), state.params));
    }
  });
  retry.addEventListener('click', () => load());

  const relabel = () => {
    for (const g of form.querySelectorAll('optgroup[data-vi]')) g.label = pick({ vi: g.dataset.vi, en: g.dataset.en });
  };
  document.addEventListener('langchange', relabel);

  (async () => {
    try {
      const [pack, unitList] = await Promise.all([inUsePack(), loadUnits(ctx.me.id)]);
      fillOptions(f, pack, unitList);
    } catch (err) {
      if (!err.slug) throw err;
      if (err.status !== 401) setAlert(alert, problemKey(err));
    }
    showFilters(f, state.params);
    const advanced = [...SELECTS, 'from', 'to', ...CHECKS].some((k) => k !== 'sort' && state.params.get(k));
    more.open = advanced || window.matchMedia(WIDE).matches;
    state.ready = true;
    load();
  })();

  const node = h('section', { class: 'incident-index', 'aria-labelledby': 'page-h' },
    h('div', { class: 'list-head' },
      h('h1', { id: 'page-h', tabindex: '-1', 'data-i18n': 'list.title' }, t('list.title')),
      ctx.can('incident.write')
        ? h('a', { href: '#/incidents/new', class: 'button', 'data-i18n': 'list.new' }, t('list.new')) : null),
    form,
    h('section', { class: 'list-body', 'aria-labelledby': 'results-h' },
      resultsHead, status, alert, retry, results, pager));
  return {
    titleKey: 'list.title',
    node,
    leave: () => document.removeEventListener('langchange', relabel),
  };
}
