// What the incident workspace's modules share: the rule pack (labels of
// types, TLP, priority, impact), the units list, a native <dialog>, and
// showing a refusal from the server in words.
import { api } from './api.js';
import { h } from './dom.js';
import { tn, tOr, bi, valueLabel } from './i18n.js';
import { problemKey } from './form.js';

const packs = new Map();
let unitsPromise = null;

/** The rule pack in full (GET /rulepacks/{id}), fetched once per page load. */
export function loadPack(id) {
  if (!packs.has(id)) {
    const p = api('GET', `/rulepacks/${encodeURIComponent(id)}`);
    p.catch(() => packs.delete(id));
    packs.set(id, p);
  }
  return packs.get(id);
}

/** The units the person may see (for assigning them to a step). */
export function loadUnits() {
  if (!unitsPromise) {
    unitsPromise = (async () => {
      const out = [];
      let cursor = null;
      for (let i = 0; i < 20; i++) {
        const q = `/units?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const r = await api('GET', q);
        out.push(...r.items);
        cursor = r.next_cursor;
        if (!cursor) break;
      }
      return out;
    })();
    unitsPromise.catch(() => { unitsPromise = null; });
  }
  return unitsPromise;
}

/** An option of a pack list ('tlp', 'priority', 'impact'), or null. */
export function option(pack, list, code) {
  return pack?.options?.[list]?.items?.find((o) => o.code === code) || null;
}

/** A pack type by code, or null. */
export function packType(pack, code) {
  return pack?.types?.find((x) => x.code === code) || null;
}

/** The label of a pack list item, in the language shown; the code when unknown. */
export function optionLabel(pack, list, code) {
  const o = option(pack, list, code);
  return o ? bi(o) : document.createTextNode(String(code));
}

/** "TC05 Tấn công thay đổi giao diện" for a type code. */
export function typeLabel(pack, code) {
  const ty = packType(pack, code);
  return h('span', { class: 'inc-type' }, h('span', { class: 'inc-code' }, code),
    ty ? [' ', bi(ty)] : null);
}

/** TLP as the word on its colour (TLP 2.0: coloured text on black). */
export function tlpBadge(code) {
  const cls = String(code).toLowerCase().replace(/[^a-z]+/g, '-');
  return h('span', { class: `tlp tlp-${cls}` }, `TLP:${code}`);
}

/** A list of nodes joined by ", ". */
export function joined(nodes, sep = ', ') {
  return nodes.flatMap((n, i) => (i ? [sep, n] : [n]));
}

/** A visually hidden text (for screen readers). */
export function srOnly(node) {
  return h('span', { class: 'sr-only' }, node);
}

/**
 * What to tell a person when the server refused: {key, vars, extra}.
 * 409 details are English sentences from service/step.c and
 * domain/procedure.c; the known ones are said in the person's language.
 */
export function refusal(err, inc) {
  const detail = String(err.message || '');
  if (err.status === 409) {
    let m = /^step (\S+) is still (\w+)/.exec(detail);
    if (m) return { key: 'incident.refused.step_open', vars: { code: m[1] } };
    m = /^report (\S+) \(/.exec(detail);
    if (m) {
      const clock = inc?.clocks?.find((c) => c.report === m[1]);
      return { key: 'incident.refused.report_unsent', extra: clock ? bi(clock, 'label') : m[1] };
    }
    if (/closed/.test(detail)) return { key: 'incident.refused.closed' };
    if (/already acknowledged/.test(detail)) return { key: 'incident.refused.already_ack' };
    if (/not applicable; it cannot fail/.test(detail)) return { key: 'incident.refused.na_cannot_fail' };
    return { key: 'incident.refused.conflict', raw: detail };
  }
  if (err.status === 403) {
    if (/only a coordinator may reopen/.test(detail)) return { key: 'incident.refused.reopen' };
    return { key: 'error.forbidden' };
  }
  if (err.status === 404) return { key: 'incident.refused.gone' };
  if (err.status === 422 && Object.keys(err.fields).length === 0 && detail) {
    return { key: 'error.validation', raw: detail };
  }
  return { key: problemKey(err) };
}

/** Show a refusal (or null: hide) in an alert box. */
export function showRefusal(box, err, inc) {
  if (!err) {
    box.replaceChildren();
    box.hidden = true;
    return;
  }
  const r = refusal(err, inc);
  const parts = [tn(r.key, r.vars || null)];
  if (r.extra) parts.push(' ', h('strong', {}, r.extra));
  const raw = r.raw ? h('span', { class: 'inc-raw', lang: 'en' }, r.raw) : null;
  box.replaceChildren(h('span', {}, parts), raw);
  box.hidden = false;
}

/** The field errors of a 422 beside the fields: {name: fieldObj}. */
export function fieldKeyOf(code) {
  return tOr(`field.${code}`, null) !== null ? `field.${code}` : 'field.invalid';
}

/**
 * A modal dialog (native <dialog>: the browser keeps focus inside and
 * Esc closes it). build(form, close) fills the form; onSubmit(ev) runs
 * on submit. The dialog is removed from the page when closed.
 */
export function openDialog(host, { titleKey, titleVars = null, titleExtra = null, cls = '' }, build) {
  const hid = `dlg-h-${Math.random().toString(36).slice(2, 8)}`;
  const dialog = h('dialog', { class: `inc-dialog ${cls}`, 'aria-labelledby': hid });
  const close = () => { if (dialog.open) dialog.close(); };
  dialog.addEventListener('close', () => {
    dialog.remove();
    // the button that opened it may be gone (the page shows the reply):
    // keep the keyboard on the page, at its heading
    setTimeout(() => {
      if (!document.activeElement || document.activeElement === document.body) {
        host.querySelector('#page-h')?.focus();
      }
    }, 0);
  });
  const heading = h('h2', { id: hid }, tn(titleKey, titleVars), titleExtra ? [' ', titleExtra] : null);
  dialog.append(heading);
  build(dialog, close);
  host.append(dialog);
  dialog.showModal();
  return { dialog, close };
}

/** The Save / Cancel row of a dialog's form. */
export function dialogButtons(saveKey, close, { danger = false } = {}) {
  const save = h('button', { type: 'submit', class: danger ? 'danger' : 'primary' }, tn(saveKey));
  const cancel = h('button', { type: 'button', class: 'secondary', onclick: close }, tn('incident.cancel'));
  return { row: h('div', { class: 'inc-dialog-actions' }, save, cancel), save, cancel };
}

/** A state word on a badge ('incident.step_state', 'done'). */
export function stateBadge(prefix, code, cls = code) {
  return h('span', { class: `badge ${cls}` }, valueLabel(prefix, code));
}

