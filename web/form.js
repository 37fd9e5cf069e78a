// Form plumbing shared by the pages: a labelled field with its error
// line, and showing an ApiError's field errors beside the fields.
import { h } from './dom.js';
import { t, tOr } from './i18n.js';

/**
 * A label, an input and the error line under it (hidden when none).
 * attrs.tag makes a 'select' or a 'textarea' instead of an input.
 */
export function field(id, labelKey, attrs = {}, hintKey = null) {
  const { tag = 'input', ...rest } = attrs;
  const err = h('p', { class: 'field-error', id: `${id}-err`, hidden: true });
  const hint = hintKey
    ? h('p', { class: 'hint', id: `${id}-hint`, 'data-i18n': hintKey }, t(hintKey))
    : null;
  const input = h(tag, {
    id, name: id, 'aria-describedby': hint ? `${id}-hint` : null, ...rest,
  });
  const wrap = h('div', { class: 'field' },
    h('label', { for: id, 'data-i18n': labelKey }, t(labelKey)), hint, input, err);
  return { wrap, input, err, hint };
}

/** Show (key) or clear (null) the error of one field. */
export function setFieldError(f, key) {
  const describedBy = [f.hint ? f.hint.id : null, key ? f.err.id : null]
    .filter(Boolean);
  if (key) {
    f.err.dataset.i18n = key;
    f.err.textContent = t(key);
    f.err.hidden = false;
    f.input.setAttribute('aria-invalid', 'true');
  } else {
    delete f.err.dataset.i18n;
    f.err.textContent = '';
    f.err.hidden = true;
    f.input.removeAttribute('aria-invalid');
  }
  if (describedBy.length) f.input.setAttribute('aria-describedby', describedBy.join(' '));
  else f.input.removeAttribute('aria-describedby');
}

/** The dictionary key for a problem: error.<slug>, or error.unknown. */
export function problemKey(err) {
  return tOr(`error.${err.slug}`, null) !== null ? `error.${err.slug}` : 'error.unknown';
}

/** The key for one field error code: field.<code>, or field.invalid. */
export function fieldKey(code) {
  return tOr(`field.${code}`, null) !== null ? `field.${code}` : 'field.invalid';
}

/** Show a message (by key) in an alert box, or hide it with null. */
export function setAlert(box, key) {
  if (key) {
    box.dataset.i18n = key;
    box.textContent = t(key);
    box.hidden = false;
  } else {
    delete box.dataset.i18n;
    box.textContent = '';
    box.hidden = true;
  }
}
