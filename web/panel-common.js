// What the incident workspace's panels share: the panel's frame (a
// section with its heading, alert and polite live region), a list that
// loads with its loading / empty / error states, form helpers that show
// the server's problems beside the fields, and local date input
// (dd/mm/yyyy HH:MM, Asia/Ho_Chi_Minh, which has no daylight saving).
import { api } from './api.js';
import { h } from './dom.js';
import { t, tOr, tn, currentLang } from './i18n.js';
import { field, setFieldError, setAlert } from './form.js';

export { api, h, t, tn, field, setFieldError, setAlert };

const OFFSET_MS = 7 * 3600 * 1000; // UTC+7 all year

/** The dictionary key for a problem: error.<slug>, panel.error.<slug>, or error.unknown. */
export function problemKey(err) {
  for (const k of [`error.${err.slug}`, `panel.error.${err.slug}`]) {
    if (tOr(k, null) !== null) return k;
  }
  return 'error.unknown';
}

/** The key for one field error code: field.<code>, panel.field.<code>, or field.invalid. */
export function fieldKey(code) {
  for (const k of [`field.${code}`, `panel.field.${code}`]) {
    if (tOr(k, null) !== null) return k;
  }
  return 'field.invalid';
}

/** Is this an ApiError (and not a bug to let through)? */
export function isApiError(err) { return !!(err && typeof err.slug === 'string'); }

/**
 * Show what went wrong with a write: each field error beside its field
 * (fields: name -> field()), the problem in the alert. A 401 is the
 * shell's business (it signs in again): nothing shown.
 */
export function showProblem(alert, err, fields = {}, overrides = {}) {
  if (!isApiError(err)) throw err;
  if (err.status === 401) return;
  let shown = false;
  for (const [name, fe] of Object.entries(err.fields)) {
    if (fields[name]) {
      setFieldError(fields[name], fieldKey(fe.code));
      shown = true;
    }
  }
  const key = overrides[err.status] || overrides[err.slug]
    || (shown && err.slug === 'validation' ? 'error.validation' : problemKey(err));
  setAlert(alert, key);
}

export function clearFields(fields) {
  for (const f of Object.values(fields)) setFieldError(f, null);
}

/** A <section> with its <h2>, an alert box, a live region and a body. */
export function panelFrame(key, titleKey) {
  const hid = `panel-${key}-h`;
  const alert = h('div', { class: 'alert error', role: 'alert', hidden: true });
  const live = h('p', { class: 'panel-live', role: 'status', 'aria-live': 'polite' });
  const body = h('div', { class: 'panel-body' });
  const section = h('section', {
    class: `inc-panel card panel-${key}`, id: `panel-${key}`, 'aria-labelledby': hid,
  }, h('h2', { id: hid, 'data-i18n': titleKey }, t(titleKey)), alert, live, body);
  return { section, alert, live, body };
}

/** Say something in a live region (by key, with variables). */
export function say(live, key, vars = null) {
  live.replaceChildren(tn(key, vars));
}

/**
 * A list region with its states. load(fetcher, render): shows
 * "loading" only the first time (a refresh keeps the old rows, marked
 * busy), the error with a retry button, or what render(data) returns.
 * Rows are drawn again only when the data (or extra(), e.g. whether the
 * person may write) changed: a refresh that brings nothing new keeps the
 * focus where it is.
 */
export function listRegion(extra = () => null) {
  const box = h('div', { class: 'panel-list', 'aria-busy': 'true' },
    h('p', { class: 'loading', 'data-i18n': 'app.loading' }, t('app.loading')));
  let seq = 0;
  let loaded = false;
  let last = null;
  let drawn = null; // the signature of what is shown
  const region = {
    box,
    /** Draw again from what render() gives now (language, local state). */
    redraw(render) {
      box.replaceChildren(...[render()].flat().filter(Boolean));
    },
    async load(fetcher, render) {
      const mine = ++seq;
      last = { fetcher, render };
      box.setAttribute('aria-busy', 'true');
      if (!loaded) {
        box.replaceChildren(h('p', { class: 'loading', 'data-i18n': 'app.loading' }, t('app.loading')));
      }
      try {
        const data = await fetcher();
        if (mine !== seq) return null;
        loaded = true;
        const sig = JSON.stringify([data, extra()]);
        if (sig !== drawn) {
          drawn = sig;
          box.replaceChildren(...[render(data)].flat().filter(Boolean));
        }
        return data;
      } catch (err) {
        if (!isApiError(err)) throw err;
        if (mine !== seq) return null;
        loaded = false;
        drawn = null;
        const retry = h('button', { type: 'button', class: 'secondary', 'data-i18n': 'panel.retry' },
          t('panel.retry'));
        retry.addEventListener('click', () => region.load(last.fetcher, last.render));
        box.replaceChildren(
          h('div', { class: 'alert error', role: 'alert', 'data-i18n': problemKey(err) }, t(problemKey(err))),
          retry);
        return null;
      } finally {
        if (mine === seq) box.removeAttribute('aria-busy');
      }
    },
  };
  return region;
}

/** Put these nodes in a box, leaving it alone (and the focus) when they are there already. */
export function setChildren(box, nodes) {
  const now = [...box.childNodes];
  if (now.length === nodes.length && now.every((n, i) => n === nodes[i])) return;
  box.replaceChildren(...nodes);
}

export function emptyNote(key) {
  return h('p', { class: 'empty', 'data-i18n': key }, t(key));
}

/**
 * A button that shows and hides a block below it (aria-expanded).
 * Returns {button, block, open(), close()}.
 */
export function disclosure(id, labelKey, block) {
  block.id = id;
  block.hidden = true;
  const button = h('button', {
    type: 'button', class: 'secondary', 'aria-expanded': 'false', 'aria-controls': id,
    'data-i18n': labelKey,
  }, t(labelKey));
  const d = {
    button, block,
    open() {
      block.hidden = false;
      button.setAttribute('aria-expanded', 'true');
      const first = block.querySelector('input, select, textarea');
      if (first) first.focus();
    },
    close() {
      block.hidden = true;
      button.setAttribute('aria-expanded', 'false');
    },
  };
  button.addEventListener('click', () => (block.hidden ? d.open() : d.close()));
  // a way out beside the form's own button
  const actions = block.querySelector('.panel-actions');
  if (actions) {
    const back = h('button', { type: 'button', class: 'secondary', 'data-i18n': 'panel.cancel' }, t('panel.cancel'));
    back.addEventListener('click', () => { d.close(); button.focus(); });
    actions.append(back);
  }
  return d;
}

/** A submit button that says it is busy while fn runs. */
export async function busy(button, fn) {
  const key = button.dataset.i18n;
  button.disabled = true;
  button.dataset.i18n = 'panel.busy';
  button.textContent = t('panel.busy');
  try {
    return await fn();
  } finally {
    button.disabled = false;
    button.dataset.i18n = key;
    button.textContent = t(key);
  }
}

export function submitButton(key, cls = 'primary') {
  return h('button', { type: 'submit', class: cls, 'data-i18n': key }, t(key));
}

/** <option>s: [[value, key or null, text?], ...]; a key follows the language. */
export function options(select, list) {
  select.replaceChildren(...list.map(([value, key, text]) => h('option', {
    value, 'data-i18n': key || null,
  }, key ? t(key) : text)));
}

/** Call fn on every language switch while node is in the document. */
export function onLang(node, fn) {
  const handler = () => {
    if (!node.isConnected) document.removeEventListener('langchange', handler);
    else fn();
  };
  document.addEventListener('langchange', handler);
}

/** A definition list of [key, value] pairs (value: string or node; null skips). */
export function facts(pairs) {
  return h('dl', { class: 'panel-facts' }, pairs.filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([key, v]) => h('div', { class: 'panel-pair' },
      h('dt', { 'data-i18n': key }, t(key)), h('dd', {}, v))));
}

// ------------------------------------------------------------ dates

function two(n) { return String(n).padStart(2, '0'); }

/** The wall clock of UTC+7 for an instant: {y, m, d, hh, mm}. */
function local(ms) {
  const d = new Date(ms + OFFSET_MS);
  return {
    y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate(),
    hh: d.getUTCHours(), mm: d.getUTCMinutes(),
  };
}

/** Now, as "dd/mm/yyyy HH:MM" in Asia/Ho_Chi_Minh. */
export function nowLocal(ms = Date.now()) {
  const o = local(ms);
  return `${two(o.d)}/${two(o.m)}/${o.y} ${two(o.hh)}:${two(o.mm)}`;
}

/** Today, as "dd/mm/yyyy" in Asia/Ho_Chi_Minh. */
export function todayLocal(ms = Date.now()) {
  const o = local(ms);
  return `${two(o.d)}/${two(o.m)}/${o.y}`;
}

function validDate(y, m, d) {
  const x = new Date(Date.UTC(y, m - 1, d));
  return x.getUTCFullYear() === y && x.getUTCMonth() === m - 1 && x.getUTCDate() === d;
}

/** "21/11/2026" -> "2026-11-21", or null. */
export function parseLocalDate(s) {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(s || '');
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return validDate(y, mo, d) ? `${y}-${two(mo)}-${two(d)}` : null;
}

/**
 * "21/11/2026 14:05" (UTC+7) -> "2026-11-21T14:05:00+07:00", or null.
 * dateOnly: a date alone is the end of that day (23:59).
 */
export function parseLocalDateTime(s, { dateOnly = false } = {}) {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2})[:.hg](\d{2}))?\s*$/.exec(s || '');
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!validDate(y, mo, d)) return null;
  if (m[4] === undefined && !dateOnly) return null;
  const hh = m[4] === undefined ? 23 : Number(m[4]);
  const mm = m[5] === undefined ? 59 : Number(m[5]);
  if (hh > 23 || mm > 59) return null;
  return `${y}-${two(mo)}-${two(d)}T${two(hh)}:${two(mm)}:00+07:00`;
}

/** "2026-11-21" -> "21/11/2026" (a calendar date: no zone). */
export function formatIsoDate(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s || '');
  return m ? `${m[3]}/${m[2]}/${m[1]}` : (s || '');
}

/** A byte count for people: "293 KB", following the language's digits. */
export function formatSize(n) {
  const locale = currentLang() === 'en' ? 'en-GB' : 'vi-VN';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i += 1; }
  const digits = i === 0 || v >= 100 ? 0 : 1;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(v)} ${units[i]}`;
}

/** A whole number following the language's grouping: 300.000 / 300,000. */
export function formatCount(n) {
  return new Intl.NumberFormat(currentLang() === 'en' ? 'en-GB' : 'vi-VN').format(n);
}

/** A labelled field for a local time (dd/mm/yyyy HH:MM), prefilled or empty. */
export function timeField(id, labelKey, { value = '', required = false, hintKey = 'panel.time_hint' } = {}) {
  return field(id, labelKey, {
    type: 'text', value, required, autocomplete: 'off', spellcheck: 'false',
    inputmode: 'text', maxlength: '16', class: 'panel-time',
  }, hintKey);
}

/** Fetch every page of a list (cursor paging), at most `max` pages. */
export async function listAll(path, max = 10) {
  const items = [];
  let cursor = null;
  for (let i = 0; i < max; i++) {
    const sep = path.includes('?') ? '&' : '?';
    const r = await api('GET', `${path}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...r.items);
    cursor = r.next_cursor;
    if (!cursor) break;
  }
  return items;
}

/** The path of an incident's part: part(inc, 'tasks', 3) -> /incidents/SC-.../tasks/3 */
export function partPath(inc, ...segs) {
  return [`/incidents/${encodeURIComponent(inc.id)}`, ...segs.map((s) => encodeURIComponent(String(s)))].join('/');
}
