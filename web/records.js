// What the pages of the records a unit keeps share (web/training.js,
// web/resources.js, web/assessments.js): dates in Vietnamese form,
// table cells that turn into cards on a phone, selects of codes and
// units, numbered fields, the confirmation dialog, problem display and
// the live region, a whole paged list, a definition list of facts.
import { api } from './api.js';
import { h } from './dom.js';
import { t, tn } from './i18n.js';
import { field, setFieldError, problemKey, fieldKey, setAlert } from './form.js';
import { parseDay } from './team.js';

/** Today as "dd/mm/yyyy" in Asia/Ho_Chi_Minh (+ days). */
export function todayText(days = 0) {
  const d = new Date(Date.now() + 7 * 3600_000 + days * 86_400_000);
  const p = (n) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

/** The current year in Asia/Ho_Chi_Minh. */
export function thisYear() {
  return new Date(Date.now() + 7 * 3600_000).getUTCFullYear();
}

/** A table cell that shows its column's name on a phone (a card). */
export function cell(labelKey, cls, ...content) {
  return h('td', { class: cls },
    labelKey ? h('span', { class: 'rd-cell-label', 'aria-hidden': 'true', 'data-i18n': labelKey }, t(labelKey)) : null,
    h('span', { class: 'rd-cell-value' }, ...content));
}

/** A select field of coded values ('readiness.tr.kind', ['awareness', ...]). */
export function codeSelect(id, labelKey, prefix, codes, allKey = null) {
  const f = field(id, labelKey, { tag: 'select' });
  if (allKey) f.input.append(h('option', { value: '', 'data-i18n': allKey }, t(allKey)));
  for (const c of codes) f.input.append(h('option', { value: c, 'data-i18n': `${prefix}.${c}` }, t(`${prefix}.${c}`)));
  return f;
}

/** A select of units ("Sở Nội vụ"), with an "all" entry when allKey. */
export function unitField(id, labelKey, units, chosen, allKey = null) {
  const f = field(id, labelKey, { tag: 'select' });
  if (allKey) f.input.append(h('option', { value: '', 'data-i18n': allKey }, t(allKey)));
  for (const u of units) {
    f.input.append(h('option', { value: u.id, selected: String(u.id) === String(chosen) }, u.name));
  }
  return f;
}

/**
 * A labelled input whose label carries numbers ("Văn bản 2"): the same
 * shape as form.js field() ({wrap, input, err, hint}), the label text
 * a tn() span so that the language switch keeps its number.
 */
export function numberedField(id, labelKey, vars, attrs = {}) {
  const { tag = 'input', ...rest } = attrs;
  const err = h('p', { class: 'field-error', id: `${id}-err`, hidden: true });
  const input = h(tag, { id, name: id, ...rest });
  const label = h('label', { for: id }, tn(labelKey, vars));
  const wrap = h('div', { class: 'field' }, label, input, err);
  return { wrap, input, err, hint: null, label };
}

/** The "dd/mm/yyyy" text of a field as yyyy-mm-dd; '' when empty; null when bad (shown). */
export function dayOf(f, badKey = 'readiness.bad_day') {
  const v = parseDay(f.input.value);
  if (v === null) setFieldError(f, badKey);
  return v;
}

/**
 * Ask before a change that cannot be undone: a modal <dialog> in the
 * page (its styles are the page's), the question and two buttons.
 * Resolves true when confirmed; Cancel has the focus.
 */
export function confirmAsk(host, { titleKey, textKey, vars = null, okKey }) {
  return new Promise((resolve) => {
    const ok = h('button', { type: 'button', class: 'danger', 'data-i18n': okKey }, t(okKey));
    const cancel = h('button', { type: 'button', class: 'secondary', 'data-i18n': 'readiness.cancel' }, t('readiness.cancel'));
    const dlg = h('dialog', { class: 'rd-dialog', 'aria-labelledby': 'rd-dlg-h', 'aria-describedby': 'rd-dlg-p' },
      h('h2', { id: 'rd-dlg-h', 'data-i18n': titleKey }, t(titleKey)),
      h('p', { id: 'rd-dlg-p' }, tn(textKey, vars)),
      h('div', { class: 'toolbar' }, ok, cancel));
    let answer = false;
    ok.addEventListener('click', () => { answer = true; dlg.close(); });
    cancel.addEventListener('click', () => dlg.close());
    dlg.addEventListener('close', () => { dlg.remove(); resolve(answer); });
    host.append(dlg);
    dlg.showModal();
    cancel.focus();
  });
}

/**
 * Show an ApiError: its field errors beside the fields (map(name) ->
 * field or null), the problem in the box, the first bad field focused.
 * A 401 belongs to the shell. Returns true when it was a 412.
 */
export function showProblem(err, box, map = () => null) {
  if (!err || typeof err.slug !== 'string') throw err;
  if (err.status === 401) return false;
  let first = null;
  for (const [name, fe] of Object.entries(err.fields || {})) {
    const f = map(name);
    if (!f) continue;
    setFieldError(f, fieldKey(fe.code));
    first = first || f.input;
  }
  setAlert(box, err.status === 412 ? 'readiness.stale' : problemKey(err));
  if (first) first.focus();
  return err.status === 412;
}

export function alertBox() {
  return h('div', { class: 'alert error', role: 'alert', tabindex: '-1', hidden: true });
}

export function say(live, key, vars = null) {
  live.replaceChildren(h('p', { class: 'notice' }, tn(key, vars)));
}

/** GET a list to its end (cursor paging), at most `max` items. */
export async function listAll(path, max = 2000) {
  const out = [];
  let cursor = '';
  const sep = !path.includes('?') ? '?' : path.endsWith('?') ? '' : '&';
  while (out.length < max) {
    const r = await api('GET', `${path}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    out.push(...(r.items || []));
    if (!r.next_cursor) break;
    cursor = r.next_cursor;
  }
  return out;
}

// ------------------------------------------------------------ the form


/** A definition list of [key, value] rows, empty values left out. */
export function facts(rows) {
  const dl = h('dl', { class: 'rd-facts' });
  for (const [key, value] of rows) {
    if (value === null || value === undefined || value === '') continue;
    dl.append(h('div', {}, h('dt', { 'data-i18n': key }, t(key)), h('dd', {}, value)));
  }
  return dl;
}
