// The audit log (#/admin/audit): the hash chain's verification first
// (intact, with how many entries were checked, or broken at an entry),
// then the entries newest first with filters and "show more" paging.
// The server filters by action and object type; the time range, the
// actor and the object id are applied here while paging (the API has no
// parameters for them yet).
import { api } from './api.js';
import { h } from './dom.js';
import { t, tn, tOr } from './i18n.js';
import { field, setAlert, setFieldError, problemKey } from './form.js';
import { adminFrame, deniedPage, fetchAll, fetchUnits, unitText, alertBox, busy, button } from './admin.js';

const PATH = '/admin/audit';
const TITLE = 'admin.audit.title';
const WANT = 50; // entries added per "show more"
const SCAN = 2000; // entries read at most per "show more" while filtering here
const ZONE = 'Asia/Ho_Chi_Minh';
const STAMP = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit',
  hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});
const TYPES = ['user', 'unit', 'incident', 'evidence', 'api_token', 'party', 'settings',
  'task', 'comment', 'link', 'observable', 'direction', 'send', 'person'];

/** "2026-11-21T07:00:05.000Z" -> "21/11/2026 14:00:05" (Vietnam time). */
export function formatStamp(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const o = {};
  for (const p of STAMP.formatToParts(d)) o[p.type] = p.value;
  return `${o.day}/${o.month}/${o.year} ${o.hour}:${o.minute}:${o.second}`;
}

/** "21/11/2026" (or "21/11/2026" with 1-digit parts) -> "2026-11-21"; '' if none; null if not a date. */
function isoDay(text) {
  if (text === '') return '';
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (!m) return null;
  const iso = `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(iso) ? iso : null;
}

/** "2026-11-21" -> "21/11/2026" */
function dmy(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '';
}

/** A yyyy-mm-dd day's start (or end) in Vietnam time, in ms; NaN if none. */
function dayBound(day, end) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day || '')) return NaN;
  return Date.parse(`${day}T${end ? '23:59:59.999' : '00:00:00.000'}+07:00`);
}

function fold(s) {
  return String(s || '').normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
}

function cell(key, ...content) {
  return h('td', {}, h('span', { class: 'cell-label', 'data-i18n': key }, t(key)),
    h('div', { class: 'cell-value' }, ...content));
}

function short(hash) {
  return hash && hash.length > 16 ? `${hash.slice(0, 12)}…` : (hash || '-');
}

export function auditPage(ctx) {
  if (!ctx.can('audit.read')) return deniedPage(ctx, PATH, TITLE);
  const q = ctx.query;
  const st = { items: [], cursor: null, done: false, names: new Map(), bad: null, seq: 0 };

  // ------------------------------------------------------------ verification
  const result = h('div', { class: 'verify-result', 'aria-live': 'polite', 'aria-busy': 'true' },
    h('p', { class: 'loading', 'data-i18n': 'admin.audit.verifying' }, t('admin.audit.verifying')));
  const again = button('admin.audit.verify_again', 'secondary');
  const verifyCard = h('section', { class: 'card verify', 'aria-labelledby': 'verify-h' },
    h('h2', { id: 'verify-h', 'data-i18n': 'admin.audit.verify' }, t('admin.audit.verify')),
    result, h('div', { class: 'toolbar' }, again));

  async function verify() {
    result.setAttribute('aria-busy', 'true');
    verifyCard.classList.remove('ok', 'bad');
    try {
      const v = await api('GET', '/audit/verify');
      const at = tn('admin.audit.checked_at', { at: formatStamp(new Date().toISOString()) }, 'p');
      at.classList.add('hint');
      if (v.ok) {
        st.bad = null;
        verifyCard.classList.add('ok');
        result.replaceChildren(h('p', { class: 'verdict' },
          h('span', { class: 'badge ok', 'data-i18n': 'admin.audit.intact' }, t('admin.audit.intact')), ' ',
          tn('admin.audit.intact_text', { n: v.entries })), at);
      } else {
        st.bad = Number(v.first_bad_id);
        verifyCard.classList.add('bad');
        result.replaceChildren(h('div', { class: 'alert error', role: 'alert' },
          h('p', { class: 'verdict' },
            h('span', { class: 'badge bad', 'data-i18n': 'admin.audit.broken' }, t('admin.audit.broken')), ' ',
            tn('admin.audit.broken_text', { id: v.first_bad_id, n: v.entries })),
          h('p', { 'data-i18n': 'admin.audit.broken_help' }, t('admin.audit.broken_help')),
          v.reason ? h('p', { class: 'reason' }, h('span', { 'data-i18n': 'admin.audit.reason' },
            t('admin.audit.reason')), ' ', h('code', {}, v.reason)) : null), at);
      }
      markBad();
    } catch (err) {
      if (!err.slug) throw err;
      const key = err.status === 403 ? 'admin.audit.verify_denied' : problemKey(err);
      result.replaceChildren(h('p', { class: err.status === 403 ? 'hint' : 'alert error', 'data-i18n': key }, t(key)));
      if (err.status === 403) again.hidden = true;
    } finally {
      result.removeAttribute('aria-busy');
    }
  }
  again.addEventListener('click', () => busy(again, verify));

  // ------------------------------------------------------------ filters
  const f = {
    from: field('af-from', 'admin.audit.from', { type: 'text', inputmode: 'numeric', autocomplete: 'off' },
      'admin.audit.date_hint'),
    to: field('af-to', 'admin.audit.to', { type: 'text', inputmode: 'numeric', autocomplete: 'off' },
      'admin.audit.date_hint'),
    actor: field('af-actor', 'admin.audit.actor', { type: 'text', autocomplete: 'off', spellcheck: 'false' }),
    action: field('af-action', 'admin.audit.action', {
      type: 'text', autocomplete: 'off', spellcheck: 'false', list: 'af-actions',
    }, 'admin.audit.action_hint'),
    object_type: field('af-type', 'admin.audit.object_type', { tag: 'select' }),
    object_id: field('af-oid', 'admin.audit.object_id', { type: 'text', autocomplete: 'off', spellcheck: 'false' }),
  };
  f.object_type.input.append(h('option', { value: '', 'data-i18n': 'admin.audit.any_type' }, t('admin.audit.any_type')),
    ...TYPES.map((x) => h('option', { value: x, 'data-i18n': `admin.otype.${x}` }, tOr(`admin.otype.${x}`, x))));
  const actions = h('datalist', { id: 'af-actions' });
  const keys = { from: 'from', to: 'to', actor: 'actor', action: 'action', object_type: 'type', object_id: 'object' };
  for (const [k, p] of Object.entries(keys)) f[k].input.value = q.get(p) || '';
  for (const k of ['from', 'to']) f[k].input.value = dmy(q.get(k)) || '';
  const apply = h('button', { type: 'submit', class: 'primary', 'data-i18n': 'admin.audit.apply' }, t('admin.audit.apply'));
  const reset = button('admin.audit.reset', 'secondary');
  const filterAlert = alertBox();
  const filters = h('form', { class: 'audit-filters', novalidate: true, 'aria-labelledby': 'af-h' },
    filterAlert,
    h('div', { class: 'grid3' }, f.from.wrap, f.to.wrap, f.actor.wrap, f.action.wrap, f.object_type.wrap,
      f.object_id.wrap), actions,
    h('div', { class: 'actions' }, apply, reset));
  // folded on a phone unless a filter is set, so that the entries show first
  const filterBox = h('details', {
    class: 'card filter-box',
    open: [...Object.values(keys)].some((p) => q.get(p)) || window.matchMedia('(min-width: 48rem)').matches,
  }, h('summary', {}, h('h2', { id: 'af-h', 'data-i18n': 'admin.audit.filters' }, t('admin.audit.filters'))), filters);

  /** The filters, the days as yyyy-mm-dd (null when not a date). */
  function values() {
    const v = {};
    for (const k of Object.keys(keys)) v[k] = f[k].input.value.trim();
    v.from = isoDay(v.from);
    v.to = isoDay(v.to);
    return v;
  }

  filters.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const v = values();
    if (!checkDays(v)) return;
    const params = {};
    for (const [k, p] of Object.entries(keys)) if (v[k]) params[p] = v[k];
    ctx.setQuery(params, { push: true });
    restart();
  });
  reset.addEventListener('click', () => {
    for (const k of Object.keys(keys)) f[k].input.value = '';
    ctx.setQuery({}, { push: true });
    restart();
  });

  // ------------------------------------------------------------ entries
  const loadAlert = alertBox();
  const count = h('p', { class: 'count', role: 'status', 'aria-live': 'polite' });
  const listBox = h('div', { class: 'list-box' });
  const more = button('admin.audit.more', 'secondary');
  more.hidden = true;
  more.addEventListener('click', () => busy(more, () => page(st.seq)));

  function objectText(e) {
    const label = h('span', { 'data-i18n': `admin.otype.${e.object_type}` }, tOr(`admin.otype.${e.object_type}`, e.object_type));
    const name = st.names.get(`${e.object_type}:${e.object_id}`);
    return [label, ' ', h('span', { class: 'code' }, `#${e.object_id}`), ...(name ? [h('br'), h('span', {}, name)] : [])];
  }

  function row(e) {
    const bad = st.bad !== null && Number(e.id) === st.bad;
    const actionLabel = tOr(`admin.action.${e.action}`, null);
    return h('tr', { 'data-entry': String(e.id), class: bad ? 'bad' : null },
      cell('admin.audit.col_time', h('span', { class: 'stamp' }, formatStamp(e.at)), h('br'),
        h('span', { class: 'code' }, `#${e.id}`),
        h('span', { class: 'badge bad entry-bad', hidden: !bad, 'data-i18n': 'admin.audit.this_broken' },
          t('admin.audit.this_broken'))),
      cell('admin.audit.col_actor', e.actor_login || '-'),
      cell('admin.audit.col_action', actionLabel === null ? h('span', { class: 'code' }, e.action)
        : [h('span', { 'data-i18n': `admin.action.${e.action}` }, actionLabel), h('br'),
          h('span', { class: 'code' }, e.action)]),
      cell('admin.audit.col_object', objectText(e)),
      cell('admin.audit.col_details',
        h('span', {}, h('span', { 'data-i18n': 'admin.audit.source' }, t('admin.audit.source')), ' ', e.source || '-'),
        h('details', { class: 'hashes' },
          h('summary', { 'data-i18n': 'admin.audit.hashes' }, t('admin.audit.hashes')),
          h('dl', {},
            h('dt', { 'data-i18n': 'admin.audit.before' }, t('admin.audit.before')), h('dd', { class: 'code' }, short(e.before_digest)),
            h('dt', { 'data-i18n': 'admin.audit.after' }, t('admin.audit.after')), h('dd', { class: 'code' }, short(e.after_digest)),
            h('dt', { 'data-i18n': 'admin.audit.hash' }, t('admin.audit.hash')), h('dd', { class: 'code' }, short(e.hash))))));
  }

  function render() {
    count.replaceChildren(tn(st.done ? 'admin.audit.count_all' : 'admin.audit.count', { n: st.items.length }));
    more.hidden = st.done;
    if (st.items.length === 0) {
      listBox.replaceChildren(h('p', { class: 'empty', 'data-i18n': 'admin.audit.none' }, t('admin.audit.none')));
      return;
    }
    const head = ['col_time', 'col_actor', 'col_action', 'col_object', 'col_details'].map((k) => `admin.audit.${k}`);
    listBox.replaceChildren(h('div', { class: 'table-wrap' }, h('table', { class: 'data stack audit-table' },
      h('thead', {}, h('tr', {}, head.map((k) => h('th', { scope: 'col', 'data-i18n': k }, t(k))))),
      h('tbody', {}, st.items.map(row)))));
    actions.replaceChildren(...[...new Set(st.items.map((e) => e.action))].sort()
      .map((a) => h('option', { value: a })));
  }

  function markBad() {
    for (const tr of listBox.querySelectorAll('tr[data-entry]')) {
      const bad = st.bad !== null && Number(tr.dataset.entry) === st.bad;
      tr.classList.toggle('bad', bad);
      tr.querySelector('.entry-bad').hidden = !bad;
    }
  }

  /** Read server pages until WANT more entries match (or the log ends). */
  async function page(seq) {
    const v = st.filter;
    const from = dayBound(v.from, false);
    const to = dayBound(v.to, true);
    const actor = fold(v.actor);
    // with filters the server cannot apply, read larger pages
    const here = !Number.isNaN(from) || !Number.isNaN(to) || actor !== '' || v.object_id !== '';
    let got = 0;
    let scanned = 0;
    try {
      while (!st.done && got < WANT && scanned < SCAN) {
        const p = new URLSearchParams({ limit: String(here ? 200 : WANT) });
        if (v.action) p.set('action', v.action);
        if (v.object_type) p.set('object_type', v.object_type);
        if (st.cursor) p.set('cursor', st.cursor);
        const res = await api('GET', `/audit?${p}`);
        if (seq !== st.seq) return;
        for (const e of res.items) {
          scanned++;
          const at = Date.parse(e.at);
          if (!Number.isNaN(from) && at < from) { st.done = true; break; }
          if (!Number.isNaN(to) && at > to) continue;
          if (actor && !fold(e.actor_login).includes(actor)) continue;
          if (v.object_id && String(e.object_id) !== v.object_id) continue;
          st.items.push(e);
          got++;
        }
        st.cursor = res.next_cursor;
        if (!st.cursor) st.done = true;
      }
    } catch (err) {
      if (!err.slug) throw err;
      if (err.status !== 401) setAlert(loadAlert, problemKey(err));
    } finally {
      listBox.removeAttribute('aria-busy');
    }
    if (seq === st.seq) render();
  }

  /** Check the days; show what is wrong beside them. True when usable. */
  function checkDays(v) {
    setAlert(filterAlert, null);
    for (const k of ['from', 'to']) setFieldError(f[k], v[k] === null ? 'admin.audit.bad_date' : null);
    if (v.from === null || v.to === null) {
      (v.from === null ? f.from : f.to).input.focus();
      return false;
    }
    if (v.from && v.to && v.from > v.to) {
      setAlert(filterAlert, 'admin.audit.bad_range');
      f.to.input.focus();
      return false;
    }
    return true;
  }

  function restart() {
    setAlert(loadAlert, null);
    st.filter = values();
    if (!checkDays(st.filter)) return;
    st.seq++;
    st.items = [];
    st.cursor = null;
    st.done = false;
    listBox.setAttribute('aria-busy', 'true');
    return page(st.seq);
  }

  /** Names of the units and users the entries point at, when readable. */
  async function names() {
    try {
      const units = await fetchUnits();
      for (const u of units) st.names.set(`unit:${u.id}`, unitText(u));
      if (ctx.can('user.read')) {
        for (const u of await fetchAll('/users')) st.names.set(`user:${u.id}`, `${u.full_name} (${u.login})`);
      }
    } catch (err) {
      if (!err.slug) throw err; // the names are a help, not a need
    }
  }

  const node = adminFrame(ctx, PATH, TITLE,
    h('p', { class: 'intro', 'data-i18n': 'admin.audit.intro' }, t('admin.audit.intro')),
    verifyCard, filterBox,
    h('section', { class: 'entries', 'aria-labelledby': 'entries-h' },
      h('h2', { id: 'entries-h', 'data-i18n': 'admin.audit.entries' }, t('admin.audit.entries')),
      loadAlert, count, listBox, h('div', { class: 'toolbar' }, more)));
  verify();
  names().then(() => restart());
  return { titleKey: TITLE, node, leave() { st.seq++; } };
}
