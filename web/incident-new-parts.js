// Building blocks of the new-incident form: dates and times typed as
// dd/mm/yyyy and HH:MM in Vietnam's time, labelled fields whose label is
// a dictionary key or bilingual data from the rule pack, groups of
// choices, and the error line of each (kept in the current language).
import { h } from './dom.js';
import { tn, bi } from './i18n.js';

// Asia/Ho_Chi_Minh is UTC+7 all year (Vietnam has no summer time), so a
// fixed offset converts whatever the browser's own zone is.
const OFFSET_MS = 7 * 3600 * 1000;
const pad = (n) => String(n).padStart(2, '0');

/** "21/11/2026" (also 21-11-2026, 21.11.2026, 1/2/2026) -> {y, mo, d} or null. */
export function parseDate(s) {
  const m = /^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$/.exec(s);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) {
    return null;
  }
  return { y, mo, d };
}

/** "14:30" (also 14h30, 14.30, 1430, 9:05) -> {hh, mm} or null. */
export function parseTime(s) {
  const m = /^\s*(\d{1,2})\s*[:hH.]\s*(\d{2})\s*$/.exec(s) || /^\s*(\d{2})(\d{2})\s*$/.exec(s);
  if (!m) return null;
  const [hh, mm] = [Number(m[1]), Number(m[2])];
  return hh < 24 && mm < 60 ? { hh, mm } : null;
}

export const showDate = (v) => `${pad(v.d)}/${pad(v.mo)}/${v.y}`;
export const showTime = (v) => `${pad(v.hh)}:${pad(v.mm)}`;

/** A date and time in Vietnam -> {ms, iso} (iso with its +07:00 offset). */
export function toInstant(date, time) {
  return {
    ms: Date.UTC(date.y, date.mo - 1, date.d, time.hh, time.mm) - OFFSET_MS,
    iso: `${date.y}-${pad(date.mo)}-${pad(date.d)}T${showTime(time)}:00+07:00`,
  };
}

/** The date and time in Vietnam now: ['21/11/2026', '17:05']. */
export function localNow(ms = Date.now()) {
  const d = new Date(ms + OFFSET_MS);
  return [`${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`,
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`];
}

// the checks the server makes too (src/domain/validate.c)
export const isEmail = (s) => /^[^\s@<>()[\],;:"\\]+@[^\s@<>()[\],;:"\\]+\.[^\s@<>()[\],;:"\\.]+$/.test(s);
export const isPhone = (s) => s.length >= 3 && s.length <= 32 && /^[0-9 +\-().]+$/.test(s) && /\d/.test(s);

/** A label's text: a dictionary key, or bilingual data ({vi, en}). */
export function text(label) {
  return typeof label === 'string' ? tn(label) : bi(label);
}

/** The visible mark of a required field (the input says aria-required). */
export function reqMark(forGroup = false) {
  return h('span', { class: 'req' }, h('span', { 'aria-hidden': 'true' }, ' *'),
    forGroup ? h('span', { class: 'sr-only' }, ' ', tn('new.required_sr')) : null);
}

function errLine(id) {
  return h('p', { class: 'field-error', id: `${id}-err`, hidden: true });
}

/**
 * A labelled input (tag: input, textarea, select) with hint and error
 * line: {wrap, input, err, hint, name, targets, focusEl}.
 */
export function textField(id, label, opts = {}) {
  const { required = false, tag = 'input', hint = null, attrs = {}, cls = '' } = opts;
  const name = text(label);
  const hintEl = hint ? h('p', { class: 'hint', id: `${id}-hint` }, text(hint)) : null;
  const input = h(tag, {
    id, name: id, 'aria-required': required ? 'true' : null,
    'aria-describedby': hintEl ? hintEl.id : null,
    ...(tag === 'input' ? { type: 'text' } : {}), ...attrs,
  });
  const req = required ? reqMark() : null;
  const wrap = h('div', { class: `field ${cls}`.trim() },
    h('label', { for: id }, name, req), hintEl, input, errLine(id));
  return { wrap, input, err: wrap.lastChild, hint: hintEl, name, req, targets: [input], focusEl: input };
}

/** A select of {value, label} items (label: key or bilingual data). */
export function selectField(id, label, items, opts = {}) {
  const f = textField(id, label, { ...opts, tag: 'select' });
  for (const it of items) {
    const o = typeof it.label === 'string' ? tn(it.label, it.vars || null, 'option') : bi(it.label, null, 'option');
    o.value = it.value;
    f.input.append(o);
  }
  return f;
}

/** One checkbox (or radio) with its label and an optional hint under it. */
export function choice(id, name, value, label, { type = 'checkbox', hint = null } = {}) {
  const hintEl = hint ? h('span', { class: 'choice-hint', id: `${id}-hint` }, text(hint)) : null;
  const input = h('input', { type, id, name, value, 'aria-describedby': hintEl ? hintEl.id : null });
  return h('div', { class: 'choice' }, input, h('label', { for: id }, text(label)), hintEl);
}

/**
 * A fieldset of checkboxes (multi) or radios: items [{value, label, hint}].
 * {wrap, err, hint, name, targets, focusEl, inputs, values(), set(values)}.
 */
export function choiceGroup(id, legend, items, opts = {}) {
  const { multi = true, required = false, hint = null, cls = '' } = opts;
  const name = text(legend);
  const hintEl = hint ? h('p', { class: 'hint', id: `${id}-hint` }, text(hint)) : null;
  const list = h('div', { class: 'choices' }, items.map((it, i) =>
    choice(`${id}-${i}`, id, it.value, it.label, { type: multi ? 'checkbox' : 'radio', hint: it.hint })));
  const err = errLine(id);
  const wrap = h('fieldset', {
    class: `group ${cls}`.trim(), id, 'aria-describedby': hintEl ? hintEl.id : null,
    role: multi ? null : 'radiogroup', 'aria-required': required && !multi ? 'true' : null,
  }, h('legend', {}, name, required ? reqMark(true) : null), hintEl, err, list);
  const inputs = [...list.querySelectorAll('input')];
  return {
    wrap, err, hint: hintEl, name, inputs, targets: [wrap], focusEl: inputs[0],
    values: () => inputs.filter((i) => i.checked).map((i) => i.value),
    set(values) { for (const i of inputs) i.checked = values.includes(i.value); },
  };
}

/**
 * A date and a time typed side by side, in Vietnam's time, with one
 * error line: {wrap, date, time, err, name, targets, focusEl, read()}.
 */
export function whenField(id, legendKey, dateKey, timeKey, { required = true, hint = 'new.when.hint' } = {}) {
  const small = (sid, key, max) => {
    const input = h('input', {
      type: 'text', id: sid, name: sid, inputmode: 'numeric', autocomplete: 'off',
      maxlength: String(max), 'aria-required': required ? 'true' : null,
      'aria-describedby': hint ? `${id}-hint` : null, spellcheck: 'false',
    });
    return { input, box: h('div', { class: 'field' }, h('label', { for: sid }, tn(key)), input) };
  };
  const d = small(`${id}-date`, dateKey, 10);
  const tm = small(`${id}-time`, timeKey, 5);
  const name = tn(legendKey);
  const hintEl = hint ? h('p', { class: 'hint', id: `${id}-hint` }, tn(hint)) : null;
  const err = errLine(id);
  const wrap = h('fieldset', { class: 'when', id },
    h('legend', {}, name, required ? reqMark(true) : null), hintEl,
    h('div', { class: 'ni-cols' }, d.box, tm.box), err);
  const f = {
    wrap, err, hint: hintEl, name, date: d.input, time: tm.input,
    targets: [d.input, tm.input], focusEl: d.input, legendName: name,
  };
  // tidy what was typed once it is understood: 1/2/2026 -> 01/02/2026
  d.input.addEventListener('blur', () => { const v = parseDate(d.input.value); if (v) d.input.value = showDate(v); });
  tm.input.addEventListener('blur', () => { const v = parseTime(tm.input.value); if (v) tm.input.value = showTime(v); });
  return f;
}

/**
 * Show an error (dictionary key with vars) beside a field, or clear it
 * (key null). f.targets (or only `one` of them, when the error is about
 * it alone) get aria-invalid and the error in their description.
 */
export function setErr(f, key, vars = null, one = null) {
  f.err.replaceChildren(...(key ? [tn(key, vars)] : []));
  f.err.hidden = !key;
  const marked = key && one && f.targets.includes(one) ? [one] : f.targets;
  for (const el of f.targets) {
    const on = key && marked.includes(el);
    const ids = (el.getAttribute('aria-describedby') || '').split(' ')
      .filter((x) => x && x !== f.err.id);
    if (key) ids.push(f.err.id);
    if (ids.length) el.setAttribute('aria-describedby', ids.join(' '));
    else el.removeAttribute('aria-describedby');
    if (on) el.setAttribute('aria-invalid', 'true');
    else el.removeAttribute('aria-invalid');
  }
  for (const el of f.inputs || []) {
    if (key) el.setAttribute('aria-invalid', 'true');
    else el.removeAttribute('aria-invalid');
  }
}

/** {vi, en} of a pack entry (a list, an item, a group). */
export const both = (o) => ({ vi: o.vi, en: o.en });
/** The description of a pack item as {vi, en}, or null. */
export const desc = (o) => (o.description_vi || o.description_en
  ? { vi: o.description_vi, en: o.description_en } : null);

/** A pack option list as a group of checkboxes or radios (its own `multi`). */
export function listGroup(pack, id, code, opts = {}) {
  const list = pack.options[code];
  if (!list) return null;
  return choiceGroup(id, both(list), list.items.map((it) => ({
    value: it.code, label: both(it), hint: desc(it),
  })), { multi: list.multi, ...opts });
}

/** One checkbox with its own error line (a yes/no question). */
export function checkField(id, label, hint = null) {
  const box = choice(id, id, 'yes', label, { hint });
  const input = box.querySelector('input');
  const err = h('p', { class: 'field-error', id: `${id}-err`, hidden: true });
  const wrap = h('div', { class: 'field check' }, box, err);
  return { wrap, input, err, name: box.querySelector('label').firstChild, targets: [input], focusEl: input };
}


/** The security levels of a system (NĐ 85/2016), 0 when not known. */
export function levelItems(levels = [0, 1, 2, 3, 4, 5]) {
  return levels.map((n) => (n === 0 ? { value: '0', label: 'new.level.unknown' }
    : { value: String(n), label: 'new.level.n', vars: { n } }));
}
