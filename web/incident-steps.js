// The procedure as a stepper: the steps of the normal procedure (I.1 ...
// IV.1, by stage) and, once the incident is serious, those of the
// serious procedure (S1 ... S7), each with its lead and coordinating
// units, state, start and end, note and actions. A failed post-recovery
// check sends the work back (the steps the pack names reopen or start
// again). Step writes carry the step's own version (If-Match).
import { api } from './api.js';
import { h } from './dom.js';
import { tn, bi } from './i18n.js';
import { formatDateTime } from './format.js';
import { field, setFieldError } from './form.js';
import {
  openDialog, dialogButtons, showRefusal, fieldKeyOf, joined, stateBadge, loadUnits,
} from './incident-common.js';

const SETTLED = new Set(['done', 'not_applicable']);

/** A DOM id part for a step code ("III.3", "S5đ"). */
function idOf(code) {
  return code.replace(/[^A-Za-z0-9]/g, (c) => `_${c.codePointAt(0)}`);
}

/** "TIẾP NHẬN, PHÂN TÍCH" -> "Tiếp nhận, phân tích" (the plan prints headings in capitals). */
function sentence(s) {
  const l = String(s || '').toLocaleLowerCase('vi');
  return l.charAt(0).toLocaleUpperCase('vi') + l.slice(1);
}

function stepDef(pack, step) {
  const pr = pack?.procedures?.find((p) => p.code === step.procedure);
  return pr?.steps?.find((d) => d.code === step.code) || null;
}

function unitsLine(labelKey, units, parties) {
  const who = units.length
    ? h('span', {}, joined(units.map((u) => h('span', { class: 'inc-unit' }, u.name))))
    : null;
  const roles = parties.length
    ? h('span', { class: units.length ? 'inc-party' : null },
      units.length ? '(' : null, joined(parties.map((p) => bi(p, 'label'))), units.length ? ')' : null)
    : null;
  if (!who && !roles) return null;
  return h('div', { class: 'pair' }, h('dt', {}, tn(labelKey)), h('dd', {}, who, who && roles ? ' ' : null, roles));
}

/**
 * The stepper. ctx: {S, path, run, can, host}; S.inc is the incident,
 * S.pack its rule pack; S.openSteps remembers which steps the person
 * opened or closed, S.drafts their unsaved notes.
 */
export function stepper(ctx) {
  const { S } = ctx;
  const inc = S.inc;
  const closed = !!inc.closed_at;
  const canWrite = ctx.can('incident.write') && !closed;
  const canCoord = ctx.can('incident.coordinate') && !closed;
  const procs = [...new Set(inc.steps.map((s) => s.procedure))];
  // the step to work on next, per procedure: open by default
  const current = new Set();
  for (const p of procs) {
    const list = inc.steps.filter((s) => s.procedure === p);
    for (const s of list) if (s.state === 'in_progress') current.add(s.code);
    const next = list.find((s) => !SETTLED.has(s.state));
    if (next) current.add(next.code);
  }

  const out = h('div', { class: 'stepper' });
  for (const p of procs) {
    const list = inc.steps.filter((s) => s.procedure === p);
    const def = S.pack?.procedures?.find((x) => x.code === p);
    const req = list.filter((s) => s.required);
    const doneN = req.filter((s) => SETTLED.has(s.state)).length;
    const hid = `proc-h-${p}`;
    const sec = h('section', { class: `procedure procedure-${p}`, 'aria-labelledby': hid },
      h('h3', { id: hid }, def ? bi(def) : tn(`incident.procedure_${p}`)),
      h('p', { class: 'procedure-progress' }, tn('incident.step.progress', { done: doneN, total: req.length })));
    let stage = null;
    let ol = null;
    for (const s of list) {
      if (!ol || s.stage !== stage) {
        stage = s.stage;
        const st = def?.stages?.find((x) => x.code === s.stage);
        if (st) {
          sec.append(h('h4', { class: 'stage-h' }, h('span', { class: 'stage-code' }, `${st.code}.`), ' ',
            bi({ vi: sentence(st.vi), en: st.en })));
        }
        ol = h('ol', { class: 'steps' });
        sec.append(ol);
      }
      ol.append(stepItem(ctx, s, { canWrite, canCoord, current: current.has(s.code) }));
    }
    out.append(sec);
  }
  return out;
}

function stepItem(ctx, s, { canWrite, canCoord, current }) {
  const { S } = ctx;
  const sid = idOf(s.code);
  const check = s.phase === 'check';
  const wantOpen = S.openSteps.has(s.code) ? S.openSteps.get(s.code) : current;
  const msg = h('p', { class: 'step-msg', role: 'status', 'aria-live': 'polite' });
  const err = h('div', { class: 'alert error', role: 'alert', hidden: true });

  const summary = h('summary', {},
    h('span', { class: 'step-code' }, s.code),
    h('span', { class: 'step-title' }, bi(s, 'title')),
    h('span', { class: 'step-tags' },
      stateBadge('incident.step_state', s.state, `step-${s.state}`),
      s.required ? null : h('span', { class: 'tag' }, tn('incident.step.optional')),
      s.failures > 0 ? h('span', { class: 'badge bad step-failed' },
        tn('incident.step.failures', { n: s.failures })) : null,
      s.attachments?.length ? h('span', { class: 'tag' },
        tn('incident.step.files', { n: s.attachments.length })) : null));

  const facts = h('dl', { class: 'step-facts' },
    unitsLine('incident.step.lead', s.lead, s.lead_parties),
    unitsLine('incident.step.coordinating', s.coordinating, s.coordinating_parties),
    s.started_at ? h('div', { class: 'pair' }, h('dt', {}, tn('incident.step.started')),
      h('dd', {}, formatDateTime(s.started_at))) : null,
    s.ended_at ? h('div', { class: 'pair' }, h('dt', {}, tn('incident.step.ended')),
      h('dd', {}, formatDateTime(s.ended_at))) : null);

  const body = h('div', { class: 'step-body' }, facts);
  if (s.attachments?.length) {
    body.append(h('div', { class: 'step-files' }, h('p', { class: 'step-files-h' }, tn('incident.step.attachments')),
      h('ul', {}, s.attachments.map((a) => h('li', {},
        h('a', { href: `/api/v1${ctx.path}/evidence/${a.evidence_id}/content`, download: a.filename }, a.filename))))));
  }
  if (s.state === 'not_applicable' && s.na_reason) {
    body.append(h('p', { class: 'step-na' }, tn('incident.step.na_reason'), ' ',
      h('span', { class: 'inc-typed' }, s.na_reason)));
  }
  if (s.failures > 0) {
    body.append(h('p', { class: 'alert warn step-fail-note' }, tn('incident.step.failed_note', { n: s.failures })));
  }

  let note = null;
  if (canWrite) {
    note = field(`step-note-${sid}`, 'incident.step.note', { tag: 'textarea', maxlength: '10000', rows: '2' });
    note.input.value = S.drafts.has(s.code) ? S.drafts.get(s.code) : s.note;
    note.input.addEventListener('input', () => S.drafts.set(s.code, note.input.value));
    body.append(note.wrap);
  } else if (s.note) {
    body.append(h('p', { class: 'step-note' }, h('strong', {}, tn('incident.step.note')), ': ',
      h('span', { class: 'inc-typed' }, s.note)));
  }

  const buttons = [];
  const btn = (key, onclick, cls = 'secondary') => {
    const b = h('button', { type: 'button', class: cls }, tn(key));
    b.addEventListener('click', () => onclick(b));
    buttons.push(b);
    return b;
  };
  const act = { ctx, s, msg, err, note };
  if (canWrite) {
    if (s.state === 'pending' || s.state === 'not_applicable') {
      btn('incident.step.start', (b) => change(act, b, { state: 'in_progress' }, 'incident.done.step_started'));
    }
    if (s.state === 'pending' || s.state === 'in_progress') {
      btn(check ? 'incident.step.pass' : 'incident.step.complete',
        (b) => change(act, b, { state: 'done' }, check ? 'incident.done.check_passed' : 'incident.done.step_done'),
        'primary');
    }
    if (check && (s.state === 'in_progress' || s.state === 'pending' || (s.state === 'done' && canCoord))) {
      btn('incident.step.fail', () => reasonDialog(act, 'fail'), 'danger');
    }
    if (s.state === 'done' && canCoord) btn('incident.step.reopen', () => reasonDialog(act, 'reopen'));
    if (s.state === 'pending' || s.state === 'in_progress') {
      btn('incident.step.not_applicable', () => reasonDialog(act, 'na'));
    }
    btn('incident.step.save_note', (b) => saveNote(act, b));
    if (canCoord) btn('incident.step.assign', () => unitsDialog(act));
  }
  if (buttons.length) body.append(h('div', { class: 'toolbar step-actions' }, buttons));
  body.append(err, msg);

  const details = h('details', { class: 'step-details', open: wantOpen || null }, summary, body);
  // remember only what the person chose against the default
  details.addEventListener('toggle', () => {
    if (details.open === current) S.openSteps.delete(s.code);
    else S.openSteps.set(s.code, details.open);
  });
  return h('li', { class: `step step-${s.state}${current ? ' step-current' : ''}`, 'data-step': s.code,
    id: `step-${sid}` }, details);
}

/** After a write: the new stepper is shown; say it in the step, keep focus there. */
function flash(ctx, code, key, vars = null) {
  const li = ctx.host.querySelector(`li[data-step="${CSS.escape(code)}"]`);
  if (!li) return;
  const d = li.querySelector('details');
  if (d && !d.open) {
    // open for this message only: the next rendering folds it again
    d.addEventListener('toggle', () => ctx.S.openSteps.delete(code), { once: true });
    d.open = true;
  }
  li.querySelector('.step-msg')?.replaceChildren(tn(key, vars));
  li.querySelector('summary')?.focus();
}

function stepOf(inc, code) {
  return inc.steps.find((x) => x.code === code);
}

function send(ctx, code, body) {
  return (cur) => {
    const st = stepOf(cur, code);
    return api('PATCH', `${ctx.path}/steps/${encodeURIComponent(code)}`, body, { ifMatch: st ? st.version : 0 });
  };
}

function mineOf(s, key, text) {
  return h('span', {}, tn('incident.diff.step', { code: s.code }), ' — ', tn(key),
    text ? [': ', h('q', {}, text)] : null);
}

async function change({ ctx, s, err, note }, button, body, doneKey) {
  const b = { ...body };
  const typed = note ? note.input.value : s.note;
  if (note && typed !== s.note) b.note = typed;
  button.disabled = true;
  showRefusal(err, null);
  const r = await ctx.run({
    labelKey: body.state === 'done' ? 'incident.action.step_done' : 'incident.action.step_start',
    mine: mineOf(s, `incident.step_state.${body.state}`, b.note),
    send: send(ctx, s.code, b),
  });
  button.disabled = false;
  if (r.ok) {
    ctx.S.drafts.delete(s.code);
    flash(ctx, s.code, doneKey);
  } else if (r.error) {
    showRefusal(err, r.error, ctx.S.inc);
  }
}

async function saveNote({ ctx, s, err, note, msg }, button) {
  if (!note) return;
  if (note.input.value === s.note) {
    msg.replaceChildren(tn('incident.step.note_unchanged'));
    return;
  }
  button.disabled = true;
  showRefusal(err, null);
  const text = note.input.value;
  const r = await ctx.run({
    labelKey: 'incident.action.step_note',
    mine: mineOf(s, 'incident.step.note', text),
    send: send(ctx, s.code, { note: text }),
  });
  button.disabled = false;
  if (r.ok) {
    ctx.S.drafts.delete(s.code);
    flash(ctx, s.code, 'incident.done.note_saved');
  } else if (r.error) {
    showRefusal(err, r.error, ctx.S.inc);
  }
}

/** Not applicable, a failed check, reopening: each needs a reason. */
function reasonDialog({ ctx, s, note }, kind) {
  const { S } = ctx;
  const titles = { na: 'incident.step.na_title', fail: 'incident.step.fail_title', reopen: 'incident.step.reopen_title' };
  openDialog(ctx.host, { titleKey: titles[kind], titleVars: { code: s.code }, cls: 'inc-reason' }, (dlg, close) => {
    const alert = h('div', { class: 'alert error', role: 'alert', hidden: true });
    const reason = field(`rs-${idOf(s.code)}`, 'incident.step.reason', { tag: 'textarea', maxlength: '2000', required: true },
      `incident.step.reason_hint_${kind}`);
    let effect = null;
    if (kind === 'fail') {
      const def = stepDef(S.pack, s);
      const reopen = (def?.reopen || []).filter((c) => stepOf(S.inc, c));
      const reset = (def?.reset || []).filter((c) => stepOf(S.inc, c));
      effect = h('div', { class: 'alert warn' },
        tn('incident.step.fail_effect', null, 'p'),
        h('ul', {},
          reopen.length ? h('li', {}, tn('incident.step.fail_reopen'), ' ', h('strong', {}, reopen.join(', '))) : null,
          reset.length ? h('li', {}, tn('incident.step.fail_reset'), ' ', h('strong', {}, reset.join(', '))) : null));
    }
    const { row, save } = dialogButtons(`incident.step.${kind}_save`, close, { danger: kind === 'fail' });
    const form = h('form', { novalidate: true },
      h('p', { class: 'inc-dialog-step' }, h('span', { class: 'step-code' }, s.code), ' ', bi(s, 'title')),
      effect, alert, reason.wrap, row);
    dlg.append(form);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      setFieldError(reason, null);
      const text = reason.input.value.trim();
      if (!text) { setFieldError(reason, 'field.required'); reason.input.focus(); return; }
      let body;
      if (kind === 'fail') body = { failed: true, reason: text };
      else if (kind === 'na') body = { state: 'not_applicable', reason: text };
      else body = { state: 'in_progress', reason: text };
      if (note && note.input.value !== s.note) body.note = note.input.value;
      save.disabled = true;
      const r = await ctx.run({
        labelKey: `incident.action.step_${kind}`,
        mine: mineOf(s, `incident.step.${kind}_save`, text),
        send: send(ctx, s.code, body),
      });
      save.disabled = false;
      if (r.ok) {
        close();
        S.drafts.delete(s.code);
        if (kind === 'fail') {
          const def = stepDef(S.pack, s);
          const back = (def?.reopen || []).filter((c) => stepOf(S.inc, c));
          flash(ctx, s.code, 'incident.done.check_failed', { steps: back.join(', ') });
        } else {
          flash(ctx, s.code, kind === 'na' ? 'incident.done.step_na' : 'incident.done.step_reopened');
        }
        return;
      }
      if (r.conflict) { close(); return; }
      const f = r.error.fields?.reason;
      if (f) setFieldError(reason, fieldKeyOf(f.code));
      showRefusal(alert, r.error, S.inc);
    });
    setTimeout(() => reason.input.focus(), 0);
  });
}

/** The lead and coordinating units of a step (coordinator). */
function unitsDialog({ ctx, s }) {
  const { S } = ctx;
  openDialog(ctx.host, { titleKey: 'incident.units.title', titleVars: { code: s.code }, cls: 'inc-units' }, (dlg, close) => {
    const alert = h('div', { class: 'alert error', role: 'alert', hidden: true });
    const box = h('div', { class: 'inc-units-box', 'aria-busy': 'true' },
      h('p', { class: 'loading' }, tn('app.loading')));
    const { row, save } = dialogButtons('incident.save', close);
    const form = h('form', { novalidate: true },
      h('p', { class: 'inc-dialog-step' }, h('span', { class: 'step-code' }, s.code), ' ', bi(s, 'title')),
      alert, box, row);
    dlg.append(form);
    const sets = { lead: [], coordinating: [] };
    loadUnits().then((units) => {
      const groupOf = (role) => {
        const have = new Set(s[role].map((u) => u.unit_id));
        // units on the step that the person cannot list stay as they are
        const items = units.map((u) => {
          const cb = h('input', { type: 'checkbox', id: `un-${role}-${u.id}`, value: String(u.id),
            checked: have.has(u.id) || null });
          sets[role].push(cb);
          const li = h('li', { class: 'field inc-check' }, cb,
            h('label', { for: cb.id }, u.name, ' ', h('span', { class: 'inc-code' }, `(${u.code})`)));
          li.style.paddingLeft = `${Math.min(u.depth || 0, 4) * 1}rem`;
          return li;
        });
        const err = h('p', { class: 'field-error', id: `un-${role}-err`, hidden: true });
        return h('fieldset', { class: 'inc-group', id: `un-${role}` },
          h('legend', {}, tn(role === 'lead' ? 'incident.step.lead' : 'incident.step.coordinating')),
          h('ul', { class: 'inc-unit-list' }, items), err);
      };
      box.replaceChildren(groupOf('lead'), groupOf('coordinating'));
      box.removeAttribute('aria-busy');
      sets.lead[0]?.focus();
    }).catch((e) => {
      box.replaceChildren();
      box.removeAttribute('aria-busy');
      showRefusal(alert, e, S.inc);
    });
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      if (!sets.lead.length) return;
      const ids = (role) => sets[role].filter((c) => c.checked).map((c) => Number(c.value));
      const body = { lead: ids('lead'), coordinating: ids('coordinating') };
      save.disabled = true;
      const r = await ctx.run({
        labelKey: 'incident.action.step_units',
        mine: h('span', {}, tn('incident.diff.step', { code: s.code })),
        send: (cur) => {
          const st = stepOf(cur, s.code);
          return api('PUT', `${ctx.path}/steps/${encodeURIComponent(s.code)}/units`, body,
            { ifMatch: st ? st.version : 0 });
        },
      });
      save.disabled = false;
      if (r.ok) { close(); flash(ctx, s.code, 'incident.done.units_set'); return; }
      if (r.conflict) { close(); return; }
      showRefusal(alert, r.error, S.inc);
    });
  });
}
