// A stale edit (412): the incident changed after the person read it.
// The panel says, in words, what changed between what they saw and now
// (old -> new), and offers to apply their change again on the current
// version or to discard it.
import { h } from './dom.js';
import { tn, bi, valueLabel } from './i18n.js';
import { formatDateTime } from './format.js';
import { optionLabel, typeLabel, tlpBadge, joined } from './incident-common.js';

const none = () => h('span', { class: 'inc-none' }, tn('incident.diff.none'));
const text = (s, max = 140) => {
  if (s === null || s === undefined || String(s).trim() === '') return none();
  const v = String(s);
  return h('q', {}, v.length > max ? `${v.slice(0, max)}…` : v);
};
const when = (iso) => (iso ? h('span', {}, formatDateTime(iso)) : none());
const yesNo = (b) => tn(b ? 'incident.yes' : 'incident.no');
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

function stepLabel(s, key) {
  return h('span', {}, tn('incident.diff.step', { code: s.code }), ' ', bi(s, 'title'), ' — ', tn(key));
}

function unitsText(list) {
  return list.length ? h('span', {}, joined(list.map((u) => u.name))) : none();
}

function decisionText(d) {
  if (!d) return none();
  return h('span', {}, valueLabel('severity', d.value), d.note ? [' — ', text(d.note)] : null);
}

/**
 * The differences that a person can read: [{label, from, to}] (nodes).
 * Parts kept outside the incident document (tasks, evidence ...) only
 * move the version; they show as one line.
 */
export function diffIncident(seen, now, pack) {
  const out = [];
  const add = (labelKey, a, b, show) => {
    if (!same(a, b)) out.push({ label: tn(labelKey), from: show(a), to: show(b) });
  };
  add('incident.field.title', seen.title, now.title, (v) => text(v));
  add('incident.field.description', seen.description, now.description, (v) => text(v));
  add('incident.field.status', seen.status, now.status, (v) => valueLabel('status', v));
  add('incident.field.severity', seen.severity, now.severity, (v) => valueLabel('severity', v));
  add('incident.field.tlp', seen.tlp, now.tlp, (v) => tlpBadge(v));
  add('incident.field.priority', seen.priority, now.priority, (v) => optionLabel(pack, 'priority', v));
  add('incident.field.types', [...seen.types].sort(), [...now.types].sort(),
    (v) => (v.length ? h('span', {}, joined(v.map((c) => typeLabel(pack, c)))) : none()));
  for (const k of ['confidentiality', 'integrity', 'availability']) {
    add(`incident.field.impact_${k}`, seen.impact?.[k], now.impact?.[k], (v) => optionLabel(pack, 'impact', v));
  }
  add('incident.field.detected_at', seen.detected_at, now.detected_at, when);
  add('incident.field.beyond_capacity', seen.beyond_capacity, now.beyond_capacity, yesNo);
  add('incident.field.acknowledged_at', seen.acknowledged_at, now.acknowledged_at, when);
  add('incident.field.proposal', seen.serious?.proposal?.reason ?? null,
    now.serious?.proposal?.reason ?? null, (v) => text(v));
  add('incident.field.decision', seen.serious?.decision ?? null, now.serious?.decision ?? null, decisionText);
  add('incident.field.closed_at', seen.closed_at, now.closed_at, when);

  const before = new Map(seen.steps.map((s) => [s.code, s]));
  for (const s of now.steps) {
    const o = before.get(s.code);
    if (!o) {
      out.push({ label: stepLabel(s, 'incident.diff.step_added'), from: none(), to: valueLabel('incident.step_state', s.state) });
      continue;
    }
    if (o.state !== s.state) {
      out.push({ label: stepLabel(s, 'incident.diff.step_state'),
        from: valueLabel('incident.step_state', o.state), to: valueLabel('incident.step_state', s.state) });
    }
    if (o.failures !== s.failures) {
      out.push({ label: stepLabel(s, 'incident.diff.step_failures'), from: h('span', {}, String(o.failures)),
        to: h('span', {}, String(s.failures)) });
    }
    if (o.note !== s.note) out.push({ label: stepLabel(s, 'incident.diff.step_note'), from: text(o.note), to: text(s.note) });
    const ids = (l) => l.map((u) => u.unit_id).sort();
    if (!same(ids(o.lead), ids(s.lead))) {
      out.push({ label: stepLabel(s, 'incident.diff.step_lead'), from: unitsText(o.lead), to: unitsText(s.lead) });
    }
    if (!same(ids(o.coordinating), ids(s.coordinating))) {
      out.push({ label: stepLabel(s, 'incident.diff.step_coordinating'),
        from: unitsText(o.coordinating), to: unitsText(s.coordinating) });
    }
  }
  const sent = new Map(seen.clocks.map((c) => [c.report, c.sent_at]));
  for (const c of now.clocks) {
    if ((sent.get(c.report) ?? null) !== c.sent_at) {
      out.push({ label: h('span', {}, bi(c, 'label'), ' — ', tn('incident.diff.report_sent')),
        from: when(sent.get(c.report) ?? null), to: when(c.sent_at) });
    }
  }
  return out;
}

/**
 * The "changed meanwhile" panel. action: {labelKey} (what the person
 * tried). onApply() re-sends it on the current version; onDiscard()
 * drops it. Returns the panel's element.
 */
export function conflictPanel({ seen, now, pack, action, onApply, onDiscard }) {
  const diffs = diffIncident(seen, now, pack);
  const list = diffs.length
    ? h('ul', { class: 'inc-diff' }, diffs.map((d) => h('li', {},
      h('span', { class: 'inc-diff-label' }, d.label, ':'), ' ',
      h('span', { class: 'inc-diff-from' }, d.from), ' ',
      h('span', { class: 'inc-diff-arrow', 'aria-hidden': 'true' }, '→'), ' ',
      h('span', { class: 'sr-only' }, tn('incident.diff.becomes')), ' ',
      h('span', { class: 'inc-diff-to' }, d.to))))
    : tn('incident.conflict.other_parts', null, 'p');
  const status = h('p', { class: 'inc-conflict-status', role: 'status', 'aria-live': 'polite' });
  const err = h('p', { class: 'alert error', role: 'alert', hidden: true });
  const apply = h('button', { type: 'button', class: 'primary' }, tn('incident.conflict.apply'));
  const discard = h('button', { type: 'button', class: 'secondary' }, tn('incident.conflict.discard'));
  const panel = h('section', { class: 'inc-conflict alert warn', 'aria-labelledby': 'inc-conflict-h', tabindex: '-1' },
    h('h2', { id: 'inc-conflict-h' }, tn('incident.conflict.title')),
    h('p', {}, tn('incident.conflict.intro'), ' ', h('strong', {}, tn(action.labelKey)), '.'),
    action.mine ? h('p', { class: 'inc-mine' }, tn('incident.conflict.mine'), ' ', action.mine) : null,
    tn('incident.conflict.changed', null, 'p'),
    list,
    tn('incident.conflict.shown_now', null, 'p'),
    err,
    h('div', { class: 'toolbar' }, apply, discard),
    status);
  apply.addEventListener('click', async () => {
    apply.disabled = true;
    discard.disabled = true;
    err.hidden = true;
    try {
      await onApply(err);
    } finally {
      apply.disabled = false;
      discard.disabled = false;
    }
  });
  discard.addEventListener('click', () => onDiscard());
  return panel;
}
