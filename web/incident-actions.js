// The header's dialogs: classify (types, TLP, priority, impact: PATCH
// with only what the person changed), decide the severity (coordinator)
// and propose an upgrade to serious (the unit).
import { api } from './api.js';
import { h } from './dom.js';
import { tn, bi, valueLabel, currentLang } from './i18n.js';
import { field, setFieldError } from './form.js';
import {
  openDialog, dialogButtons, showRefusal, fieldKeyOf, tlpBadge, optionLabel, typeLabel, joined,
} from './incident-common.js';

const IMPACT = ['confidentiality', 'integrity', 'availability'];

/** An <option> whose text follows the language (data-vi / data-en). */
function biOption(value, item, selected) {
  const o = h('option', { value, selected: selected || null });
  o.dataset.vi = item.vi || item.en || value;
  o.dataset.en = item.en || item.vi || value;
  o.textContent = currentLang() === 'en' ? o.dataset.en : o.dataset.vi;
  return o;
}

/** A fieldset with its error line (for a group of checkboxes or radios). */
function group(legendKey, id, ...children) {
  const err = h('p', { class: 'field-error', id: `${id}-err`, hidden: true });
  const fs = h('fieldset', { id, class: 'inc-group' }, h('legend', {}, tn(legendKey)), ...children, err);
  return { wrap: fs, input: fs, err, hint: null };
}

/** Show a 422's field errors beside the fields; true when some were shown. */
function fieldErrors(err, fields) {
  let shown = false;
  for (const f of Object.values(fields)) setFieldError(f, null);
  for (const [name, e] of Object.entries(err.fields || {})) {
    const key = Object.keys(fields).find((k) => name === k || name.startsWith(`${k}[`) || name.startsWith(`${k}.`));
    if (key) {
      setFieldError(fields[key], fieldKeyOf(e.code));
      shown = true;
    }
  }
  return shown;
}

async function submitting(save, fn) {
  save.disabled = true;
  try { return await fn(); } finally { save.disabled = false; }
}

// ---------------------------------------------------------------- classify

export function classifyDialog(host, { S, path, run, say }) {
  const seen = S.inc;
  const pack = S.pack;
  openDialog(host, { titleKey: 'incident.classify.title', cls: 'inc-classify' }, (dlg, close) => {
    const alert = h('div', { class: 'alert error', role: 'alert', hidden: true });
    // types, by cause group
    const boxes = [];
    const groups = (pack?.groups || []).map((g) => {
      const items = pack.types.filter((ty) => ty.group === g.code).map((ty) => {
        const cb = h('input', { type: 'checkbox', id: `cl-type-${ty.code}`, value: ty.code,
          checked: seen.types.includes(ty.code) || null });
        boxes.push(cb);
        return h('li', { class: 'field inc-check' }, cb,
          h('label', { for: cb.id }, h('span', { class: 'inc-code' }, ty.code), ' ', bi(ty)));
      });
      return h('div', { class: 'inc-typegroup' }, h('p', { class: 'inc-typegroup-h' }, bi(g)), h('ul', {}, items));
    });
    const types = group('incident.field.types', 'cl-types', h('p', { class: 'hint' }, tn('incident.classify.types_hint')), groups);
    // TLP
    const tlpRadios = [];
    const tlpItems = (pack?.options?.tlp?.items || []).map((o) => {
      const r = h('input', { type: 'radio', name: 'cl-tlp', id: `cl-tlp-${o.code}`, value: o.code,
        checked: seen.tlp === o.code || null });
      tlpRadios.push(r);
      return h('li', { class: 'field inc-check' }, r,
        h('label', { for: r.id }, tlpBadge(o.code), ' ', bi(o, 'description')));
    });
    const tlp = group('incident.field.tlp', 'cl-tlp', h('ul', {}, tlpItems));
    // priority
    const prio = field('cl-priority', 'incident.field.priority', { tag: 'select' }, 'incident.classify.priority_hint');
    for (const o of pack?.options?.priority?.items || []) prio.input.append(biOption(o.code, o, seen.priority === o.code));
    // impact
    const impact = {};
    for (const k of IMPACT) {
      const f = field(`cl-impact-${k}`, `incident.field.impact_${k}`, { tag: 'select' });
      for (const o of pack?.options?.impact?.items || []) f.input.append(biOption(o.code, o, seen.impact?.[k] === o.code));
      impact[k] = f;
    }
    const impactGroup = h('fieldset', { class: 'inc-group inc-impact' },
      h('legend', {}, tn('incident.classify.impact')), IMPACT.map((k) => impact[k].wrap));
    const { row, save } = dialogButtons('incident.save', close);
    const fields = { types, tlp, priority: prio };
    for (const k of IMPACT) fields[`impact.${k}`] = impact[k];

    const form = h('form', { novalidate: true }, alert, types.wrap, tlp.wrap, prio.wrap, impactGroup, row);
    dlg.append(form);

    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      submitting(save, async () => {
        const body = {};
        const mine = [];
        const chosen = boxes.filter((b) => b.checked).map((b) => b.value);
        if (JSON.stringify([...chosen].sort()) !== JSON.stringify([...seen.types].sort())) {
          body.types = chosen;
          mine.push([tn('incident.field.types'), h('span', {}, joined(chosen.map((c) => typeLabel(pack, c))))]);
        }
        const tl = tlpRadios.find((r) => r.checked)?.value;
        if (tl && tl !== seen.tlp) {
          body.tlp = tl;
          mine.push([tn('incident.field.tlp'), tlpBadge(tl)]);
        }
        if (prio.input.value && prio.input.value !== seen.priority) {
          body.priority = prio.input.value;
          mine.push([tn('incident.field.priority'), optionLabel(pack, 'priority', prio.input.value)]);
        }
        const imp = {};
        for (const k of IMPACT) imp[k] = impact[k].input.value || seen.impact?.[k];
        if (IMPACT.some((k) => imp[k] !== seen.impact?.[k])) {
          body.impact = imp;
          for (const k of IMPACT) {
            if (imp[k] !== seen.impact?.[k]) mine.push([tn(`incident.field.impact_${k}`), optionLabel(pack, 'impact', imp[k])]);
          }
        }
        if (Object.keys(body).length === 0) {
          alert.replaceChildren(tn('incident.classify.nothing'));
          alert.hidden = false;
          return;
        }
        const r = await run({
          labelKey: 'incident.action.classify',
          mine: h('span', { class: 'inc-mine-list' }, joined(mine.map(([l, v]) => h('span', {}, l, ': ', v)), '; ')),
          send: (cur) => api('PATCH', path, body, { ifMatch: cur.version }),
        });
        if (r.ok) { close(); say('incident.done.classified'); return; }
        if (r.conflict) { close(); return; }
        fieldErrors(r.error, fields);
        showRefusal(alert, r.error, S.inc);
      });
    });
    setTimeout(() => boxes[0]?.focus(), 0);
  });
}

// ---------------------------------------------------------------- decide

export function decideDialog(host, { S, path, run, say }) {
  const inc = S.inc;
  openDialog(host, { titleKey: 'incident.decide.title', cls: 'inc-decide' }, (dlg, close) => {
    const alert = h('div', { class: 'alert error', role: 'alert', hidden: true });
    const radios = ['serious', 'normal'].map((v) => h('input', {
      type: 'radio', name: 'dc-decision', id: `dc-${v}`, value: v,
      checked: (inc.serious?.decision?.value || inc.severity) === v || null,
    }));
    const choice = group('incident.decide.decision', 'dc-decision', h('ul', {}, radios.map((r) =>
      h('li', { class: 'field inc-check' }, r, h('label', { for: r.id }, valueLabel('severity', r.value))))));
    const note = field('dc-note', 'incident.decide.note', { tag: 'textarea', maxlength: '5000', required: true },
      'incident.decide.note_hint');
    const s = inc.serious || {};
    const context = h('div', { class: 'inc-context' },
      h('p', {}, h('strong', {}, tn('incident.serious.test')), ' ',
        tn(s.computed ? 'incident.serious.test_met' : 'incident.serious.test_not_met'), ' — ',
        bi({ vi: s.reasons_vi, en: s.reasons_en })),
      s.proposal ? h('p', {}, h('strong', {}, tn('incident.serious.proposal')), ' ',
        h('span', { class: 'inc-typed' }, s.proposal.reason)) : null,
      tn('incident.decide.effect', null, 'p'));
    const { row, save } = dialogButtons('incident.decide.save', close);
    const form = h('form', { novalidate: true }, context, alert, choice.wrap, note.wrap, row);
    dlg.append(form);
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      submitting(save, async () => {
        setFieldError(choice, null);
        setFieldError(note, null);
        const value = radios.find((r) => r.checked)?.value;
        const text = note.input.value.trim();
        if (!value) { setFieldError(choice, 'field.required'); radios[0].focus(); return; }
        if (!text) { setFieldError(note, 'field.required'); note.input.focus(); return; }
        const body = { decision: value, note: text };
        const r = await run({
          labelKey: 'incident.action.decide',
          mine: h('span', {}, valueLabel('severity', value), ' — ', h('q', {}, text)),
          send: (cur) => api('POST', `${path}/decision`, body, { ifMatch: cur.version }),
        });
        if (r.ok) { close(); say(value === 'serious' ? 'incident.done.decided_serious' : 'incident.done.decided_normal'); return; }
        if (r.conflict) { close(); return; }
        fieldErrors(r.error, { decision: choice, note });
        showRefusal(alert, r.error, S.inc);
      });
    });
    setTimeout(() => (radios.find((r) => r.checked) || radios[0]).focus(), 0);
  });
}

// ---------------------------------------------------------------- propose

export function proposeDialog(host, { S, path, run, say }) {
  openDialog(host, { titleKey: 'incident.propose.title', cls: 'inc-propose' }, (dlg, close) => {
    const alert = h('div', { class: 'alert error', role: 'alert', hidden: true });
    const reason = field('pr-reason', 'incident.propose.reason', { tag: 'textarea', maxlength: '5000', required: true },
      'incident.propose.reason_hint');
    const { row, save } = dialogButtons('incident.propose.save', close);
    const form = h('form', { novalidate: true }, tn('incident.propose.intro', null, 'p'), alert, reason.wrap, row);
    dlg.append(form);
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      submitting(save, async () => {
        setFieldError(reason, null);
        const text = reason.input.value.trim();
        if (!text) { setFieldError(reason, 'field.required'); reason.input.focus(); return; }
        const r = await run({
          labelKey: 'incident.action.propose',
          mine: h('q', {}, text),
          send: (cur) => api('POST', `${path}/propose-serious`, { reason: text }, { ifMatch: cur.version }),
        });
        if (r.ok) { close(); say('incident.done.proposed'); return; }
        if (r.conflict) { close(); return; }
        fieldErrors(r.error, { reason });
        showRefusal(alert, r.error, S.inc);
      });
    });
    setTimeout(() => reason.input.focus(), 0);
  });
}

