// Closing an incident (POST /incidents/{id}/close, If-Match): root
// cause, damage, lessons learned (Closing). The dialog lists first what
// is still owed (steps not settled, the report the pack requires before
// closure); the server decides, and its refusal is said in words.
import { api } from './api.js';
import { h } from './dom.js';
import { tn, bi } from './i18n.js';
import { field, setFieldError } from './form.js';
import { openDialog, dialogButtons, showRefusal, fieldKeyOf } from './incident-common.js';

const FIELDS = [
  ['root_cause', 5000, 'incident.closing.root_cause_hint'],
  ['damage_estimate', 5000, 'incident.closing.damage_estimate_hint'],
  ['lessons_learned', 10000, 'incident.closing.lessons_learned_hint'],
];

/** What still stands in the way of closure, as far as the page knows. */
function owed(inc, pack) {
  const items = [];
  const open = inc.steps.filter((s) => s.state === 'in_progress' || (s.required && s.state === 'pending'));
  if (open.length) {
    items.push(h('li', {}, tn('incident.closing.owed_steps'), ' ',
      h('strong', {}, open.map((s) => s.code).join(', '))));
  }
  const closing = (pack?.reports || []).filter((r) => r.closure).map((r) => r.code);
  for (const c of inc.clocks) {
    if (closing.includes(c.report) && !c.sent_at) {
      items.push(h('li', {}, tn('incident.closing.owed_report'), ' ', h('strong', {}, bi(c, 'label'))));
    }
  }
  return items;
}

export function closeDialog(host, { S, path, run, say }) {
  openDialog(host, { titleKey: 'incident.closing.title', titleExtra: S.inc.id, cls: 'inc-close' }, (dlg, close) => {
    const alert = h('div', { class: 'alert error', role: 'alert', hidden: true, tabindex: '-1' });
    const pending = owed(S.inc, S.pack);
    const warn = pending.length
      ? h('div', { class: 'alert warn inc-owed' }, tn('incident.closing.owed', null, 'p'), h('ul', {}, pending))
      : null;
    const fields = {};
    for (const [name, max, hint] of FIELDS) {
      fields[name] = field(`cl-${name}`, `incident.closing.${name}`,
        { tag: 'textarea', maxlength: String(max), required: true }, hint);
    }
    const { row, save } = dialogButtons('incident.closing.save', close, { danger: true });
    const form = h('form', { novalidate: true },
      tn('incident.closing.intro', null, 'p'), warn, alert,
      Object.values(fields).map((f) => f.wrap), row);
    dlg.append(form);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      showRefusal(alert, null);
      let first = null;
      const body = {};
      for (const [name] of FIELDS) {
        const f = fields[name];
        setFieldError(f, null);
        body[name] = f.input.value.trim();
        if (!body[name]) {
          setFieldError(f, 'field.required');
          first ??= f.input;
        }
      }
      if (first) { first.focus(); return; }
      save.disabled = true;
      const r = await run({
        labelKey: 'incident.action.close',
        send: (cur) => api('POST', `${path}/close`, body, { ifMatch: cur.version }),
      });
      save.disabled = false;
      if (r.ok) { close(); say('incident.done.closed'); return; }
      if (r.conflict) { close(); return; }
      for (const [name, e] of Object.entries(r.error.fields || {})) {
        if (fields[name]) setFieldError(fields[name], fieldKeyOf(e.code));
      }
      showRefusal(alert, r.error, S.inc);
      alert.focus();
    });
    setTimeout(() => fields.root_cause.input.focus(), 0);
  });
}
