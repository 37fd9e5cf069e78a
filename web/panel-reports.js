// Official reports (báo cáo chính thức, docs/internals/reports.md): the
// reports of the rule pack drafted from the incident, their free fields
// edited while a draft (If-Match), the document shown as PDF in a new
// tab or downloaded as DOCX, approved by a leader (numbered and frozen),
// sent (which stops its clock) and acknowledged; a correction is a new
// edition that replaces an approved one. Which reports exist comes from
// the rule pack; one the server cannot draft yet is said so.
import { ApiError, api } from './api.js';
import {
  h, t, tn, field, setAlert, setFieldError, panelFrame, listRegion, emptyNote, disclosure,
  busy, submitButton, showProblem, clearFields, say, timeField, nowLocal, parseLocalDateTime,
  parseLocalDate, isApiError, facts, setChildren, onLang,
} from './panel-common.js';
import { bi, tOr, valueLabel, currentLang } from './i18n.js';
import { formatDateTime } from './format.js';
import { openDialog, dialogButtons } from './incident-common.js';

const CHANNELS = ['cong_van', 'email', 'fax', 'national_system', 'other'];
const STATUS_BADGE = { draft: 'idle', approved: 'warn', sent: 'ok', acknowledged: 'done' };
const LIST_MAX = 20;
const TEXT_MAX = '5000';
// The free fields of each form, as src/service/report_fields.c has them
// (until the API lists them); a form not known here offers Kính gửi and
// Nơi nhận, which every report has. Objects and tables (Mẫu 01) other
// than a contact are not edited here.
// §3.3 D: the four free-form reports, in the document's order; the plan
// and the request for direction have a section of their own
const intermediate = (...own) => ['initial_number', 'initial_date', 'developments', 'scope', 'measures', ...own,
  'support', 'coordinate', 'contact', 'recommendations'];
const FORM_FIELDS = {
  notice: ['result', 'proposals'],
  initial: ['harm', 'measures', 'assisting', 'result', 'recommendations', 'confidential'],
  final: ['initial_number', 'initial_date', 'result', 'root_cause', 'damage', 'lessons', 'attachments'],
  progress: intermediate(),
  plan: intermediate('plan'),
  direction_request: intermediate('request'),
  support_request: intermediate(),
};
const LISTS = ['to', 'copies'];
// how a field is typed: a text of several lines unless said here
const KINDS = {
  to: 'list', copies: 'list', attachments: 'list', confidential: 'bool',
  initial_number: 'line', initial_date: 'date', contact: 'obj',
};
const OBJ_KEYS = { contact: ['full_name', 'position', 'phone', 'email'] };
const kindOf = (name) => KINDS[name] || 'text';
const BUSY_STATES = new Set(['pending', 'due_soon', 'overdue']);

// forms the server refused to draft, kept while the application runs
const refusedForms = new Set();

/** A random Idempotency-Key (works without a secure context). */
function newKey() {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

const reportPath = (id, ...segs) => `/reports/${[id, ...segs].map(encodeURIComponent).join('/')}`;
const docHref = (id, format) => `/api/v1/reports/${encodeURIComponent(id)}/document?format=${format}`;
const lines = (s) => s.split('\n').map((x) => x.trim()).filter(Boolean);

/** A field's label key: the form's own wording when it has one. */
function labelKey(form, name) {
  const own = `report.field.${form}.${name}`;
  return tOr(own, null) !== null ? own : `report.field.${name}`;
}

/**
 * A time typed to the minute means some moment in that minute: one in
 * the minute of `after` (the approval, the sending) but before it is
 * taken as `after` itself, which the server requires it not to precede.
 */
function notBefore(iso, after) {
  const at = Date.parse(iso);
  const min = Date.parse(after || '');
  return Number.isFinite(min) && at < min && at + 60_000 > min ? new Date(min).toISOString() : iso;
}

/** "fields.to[2]" / "fields.contact.phone" -> "to" / "contact". */
function fieldName(path) {
  return path.replace(/^fields\./, '').replace(/[.[].*$/, '');
}

// ---------------------------------------------------------------- free fields
// A field's value in the editor: a string (a list one item per line), a
// boolean, or an object of strings.

/** A field's value as the server holds it, as the editor shows it. */
function shownOf(name, v) {
  const kind = kindOf(name);
  if (kind === 'bool') return !!v;
  if (kind === 'list') return Array.isArray(v) ? v.join('\n') : '';
  if (kind === 'obj') return Object.fromEntries(OBJ_KEYS[name].map((k) => [k, String(v?.[k] ?? '')]));
  return typeof v === 'string' ? v : '';
}

function sameValue(a, b) {
  if (typeof a === 'boolean' || typeof b === 'boolean') return !!a === !!b;
  if (a && typeof a === 'object') return Object.keys(a).every((k) => sameValue(a[k], b?.[k]));
  return String(a ?? '').trim() === String(b ?? '').trim();
}

/** What the server is sent for an editor's value; null removes the field. */
function sentOf(name, v) {
  const kind = kindOf(name);
  if (kind === 'bool') return v;
  if (kind === 'list') return lines(v).length ? lines(v) : null;
  if (kind === 'obj') {
    const o = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, x.trim()]));
    return Object.values(o).some(Boolean) ? o : null;
  }
  return v.trim() === '' ? null : v.replace(/\s+$/, '');
}

/** An editor's value in words (what someone else saved, a filled field). */
function wordsOf(name, v) {
  const kind = kindOf(name);
  if (kind === 'bool') return t(v ? 'report.yes' : 'report.no');
  if (kind === 'obj') {
    return Object.entries(v).filter(([, x]) => x).map(([k, x]) => `${t(`report.key.${k}`)}: ${x}`).join('\n');
  }
  return v;
}

/** A checkbox with its label on the right, shaped like field(). */
function checkField(id, key) {
  const input = h('input', { type: 'checkbox', id, name: id });
  const err = h('p', { class: 'field-error', id: `${id}-err`, hidden: true });
  const wrap = h('div', { class: 'field panel-check report-check' }, input,
    h('label', { for: id, 'data-i18n': key }, t(key)), err);
  return { wrap, input, err, hint: null };
}

/** A fieldset of one-line inputs (an object field), shaped like field(). */
function objField(id, key, name) {
  const inputs = {};
  const rows = OBJ_KEYS[name].map((k) => {
    const f = field(`${id}-${k}`, `report.key.${k}`, { type: k === 'email' ? 'email' : 'text', maxlength: '300' });
    inputs[k] = f.input;
    return f.wrap;
  });
  const err = h('p', { class: 'field-error', id: `${id}-err`, hidden: true });
  const wrap = h('fieldset', { class: 'report-obj', id, tabindex: '-1' },
    h('legend', { 'data-i18n': key }, t(key)), rows, err);
  return { wrap, input: wrap, err, hint: null, inputs };
}

/** The editor of one free field of a report of `form`, holding `value`. */
function editField(form, id, name, value) {
  const key = labelKey(form, name);
  const kind = kindOf(name);
  let f;
  if (kind === 'bool') f = checkField(id, key);
  else if (kind === 'obj') f = objField(id, key, name);
  else if (kind === 'line') f = field(id, key, { type: 'text', maxlength: '300' });
  else if (kind === 'date') {
    f = field(id, key, { type: 'text', maxlength: '10', autocomplete: 'off', class: 'panel-time' }, 'panel.date_hint');
  } else {
    f = field(id, key, { tag: 'textarea', rows: '4', maxlength: kind === 'list' ? null : TEXT_MAX },
      kind === 'list' ? `report.field.${name}_hint` : null);
  }
  setValue(name, f, value);
  if (kind === 'list') f.input.rows = Math.min(10, Math.max(3, 2 * value.split('\n').length));
  return f;
}

function valueOf(name, f) {
  const kind = kindOf(name);
  if (kind === 'bool') return f.input.checked;
  if (kind === 'obj') return Object.fromEntries(Object.entries(f.inputs).map(([k, i]) => [k, i.value]));
  return f.input.value;
}

function setValue(name, f, v) {
  const kind = kindOf(name);
  if (kind === 'bool') f.input.checked = !!v;
  else if (kind === 'obj') for (const [k, i] of Object.entries(f.inputs)) i.value = v?.[k] || '';
  else f.input.value = v || '';
}

export function reportsPanel(ctx) {
  const { section, live, body } = panelFrame('reports', 'report.title');
  const canApprove = () => ctx.can('report.approve');
  const list = listRegion(() => [ctx.canWrite(), ctx.writable(), canApprove()]);
  let items = [];
  let pack = null;
  const open = new Map(); // report id -> {kind, node, ...} of its inline form
  const notes = new Map(); // report id -> key of a note shown on it

  function packReport(code) {
    return (pack?.reports || []).find((r) => r.code === code) || null;
  }

  /** The report's name in the language shown ("Thông báo sự cố"). */
  function formName(code) {
    const r = packReport(code);
    return r ? bi(r) : h('span', {}, code);
  }

  function formText(code) {
    const r = packReport(code);
    if (!r) return code;
    return currentLang() === 'en' ? r.en || r.vi : r.vi || r.en;
  }

  // ------------------------------------------------------------ draft

  const which = field('p-rep-form', 'report.form', { tag: 'select', required: true }, 'report.form_hint');
  const draftAlert = h('div', { class: 'alert error', role: 'alert', hidden: true });
  const draftSave = submitButton('report.draft_submit');
  const draftForm = h('form', { class: 'panel-form', novalidate: true },
    h('h3', { 'data-i18n': 'report.draft_heading' }, t('report.draft_heading')),
    draftAlert, which.wrap, h('div', { class: 'panel-actions' }, draftSave));
  const drafting = disclosure('p-rep-draft', 'report.draft', draftForm);
  let draftKey = newKey();
  drafting.button.addEventListener('click', () => {
    if (draftForm.hidden) return;
    setFieldError(which, null);
    setAlert(draftAlert, null);
    fillForms(true);
  });

  /** The pack's reports as options (in the language shown); the most urgent running clock's first. */
  function fillForms(preselect = false) {
    const keep = which.input.value;
    const reports = pack?.reports || [];
    which.input.replaceChildren(...reports.map((r) => {
      const n = formNo(r.form);
      const text = [formText(r.code), n ? ` (${t('report.template', { n })})` : '',
        refusedForms.has(r.code) ? ` — ${t('report.form_refused_short')}` : ''].join('');
      return h('option', { value: r.code }, text);
    }));
    const urgent = (ctx.inc.clocks || []).filter((c) => BUSY_STATES.has(c.state))
      .sort((a, b) => String(a.due_at).localeCompare(String(b.due_at)))
      .map((c) => c.report).find((code) => reports.some((r) => r.code === code) && !refusedForms.has(code));
    if (!preselect && keep && reports.some((r) => r.code === keep)) which.input.value = keep;
    else if (urgent) which.input.value = urgent;
  }
  onLang(section, () => fillForms());

  draftForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    setFieldError(which, null);
    setAlert(draftAlert, null);
    const form = which.input.value;
    if (!form) {
      setFieldError(which, 'field.required');
      which.input.focus();
      return;
    }
    await busy(draftSave, async () => {
      try {
        const r = await api('POST', '/reports', { incident: ctx.inc.id, form },
          { headers: { 'Idempotency-Key': draftKey } });
        draftKey = newKey();
        drafting.close();
        say(live, 'report.drafted', { form: formText(form), id: r.id });
        await changed();
        focusItem(r.id);
      } catch (err) {
        // the same key again only for a retry after a lost connection
        if (!isApiError(err) || err.status !== 0) draftKey = newKey();
        if (isApiError(err) && err.status === 422 && err.fields.form) {
          refusedForms.add(form);
          fillForms();
          which.input.value = form;
          setFieldError(which, 'report.form_refused');
          setAlert(draftAlert, 'report.form_refused_alert');
          which.input.focus();
          return;
        }
        showProblem(draftAlert, err, { form: which });
      }
    });
  });

  // ------------------------------------------------------------ edit

  /** The values shown in the editor: the document's data (register defaults included). */
  async function currentValues(r) {
    let data = null;
    try {
      const doc = await api('GET', `${reportPath(r.id, 'document')}?format=json`);
      data = doc?.data || null;
    } catch (err) {
      if (!isApiError(err)) throw err;
    }
    const f = { ...(data?.fields || {}), ...(r.fields || {}) };
    const values = {};
    for (const name of editNames(r)) {
      values[name] = shownOf(name, LISTS.includes(name) ? (r.fields?.[name] || data?.[name]) : f[name]);
    }
    return { values, to: data?.to || [] };
  }

  /** The free fields of a report: Kính gửi, Nơi nhận, the form's own, any other it holds. */
  function editNames(r) {
    const names = [...LISTS, ...(FORM_FIELDS[r.form] || [])];
    // one this page has no words for (a table of Mẫu 01) is left to the server
    for (const k of Object.keys(r.fields || {})) {
      if (!names.includes(k) && tOr(`report.field.${k}`, null) !== null) names.push(k);
    }
    return names.filter((k) => kindOf(k) !== 'obj' || OBJ_KEYS[k]);
  }

  /** What changed against the values the editor started from: {name: value or null}. */
  function changes(ed) {
    const out = {};
    for (const [name, f] of Object.entries(ed.fields)) {
      const now = valueOf(name, f);
      if (!sameValue(now, ed.initial[name])) out[name] = sentOf(name, now);
    }
    return out;
  }

  async function openEditor(r) {
    const { values } = await currentValues(r);
    const fields = {};
    for (const name of editNames(r)) fields[name] = editField(r.form, `p-rep-${r.id}-${name}`, name, values[name]);
    const fAlert = h('div', { class: 'alert error', role: 'alert', hidden: true });
    const stale = h('p', { class: 'alert warn panel-note', tabindex: '-1', hidden: true });
    const save = submitButton('report.edit_save');
    const cancel = h('button', { type: 'button', class: 'secondary', 'data-i18n': 'panel.cancel' }, t('panel.cancel'));
    const node = h('form', { class: 'panel-form panel-inline report-edit', novalidate: true },
      h('h4', { 'data-i18n': 'report.edit_heading' }, t('report.edit_heading')),
      stale, fAlert, Object.values(fields).map((f) => f.wrap),
      h('div', { class: 'panel-actions' }, save, cancel));
    const ed = { kind: 'edit', node, fields, initial: values, version: r.version, stale, fAlert };
    cancel.addEventListener('click', () => closeForm(r.id));
    node.addEventListener('submit', (ev) => { ev.preventDefault(); saveEdit(r, ed, save); });
    return ed;
  }

  async function saveEdit(r, ed, save) {
    clearFields(ed.fields);
    setAlert(ed.fAlert, null);
    const patch = changes(ed);
    const bad = Object.entries(patch).map(([name, v]) => {
      if (kindOf(name) === 'list' && v && v.length > LIST_MAX) return [name, 'report.too_many'];
      if (kindOf(name) === 'date' && v && !parseLocalDate(v)) return [name, 'panel.field.date'];
      return null;
    }).filter(Boolean);
    for (const [name, key] of bad) setFieldError(ed.fields[name], key);
    if (bad.length) {
      setAlert(ed.fAlert, 'error.validation');
      ed.fields[bad[0][0]].input.focus();
      return;
    }
    if (Object.keys(patch).length === 0) {
      closeForm(r.id, 'report.no_change');
      return;
    }
    await busy(save, async () => {
      try {
        await api('PATCH', reportPath(r.id), { fields: patch }, { ifMatch: ed.version });
        open.delete(r.id);
        say(live, 'report.saved', { form: formText(r.form), id: r.id });
        await changed();
        focusItem(r.id);
      } catch (err) {
        if (isApiError(err) && err.status === 412) { await rebase(r, ed); return; }
        if (isApiError(err) && err.status === 409) { await refused(r.id, 'report.refused.frozen'); return; }
        const mapped = isApiError(err) ? remap(err) : err;
        showProblem(ed.fAlert, mapped, ed.fields);
      }
    });
  }

  /** Field errors named "fields.x" are shown beside the field x. */
  function remap(err) {
    const out = {};
    for (const [k, v] of Object.entries(err.fields)) out[fieldName(k)] ??= v;
    err.fields = out;
    return err;
  }

  /**
   * Someone changed the draft meanwhile (412): take their version and
   * their changes to the fields this person left alone; keep what this
   * person typed, showing under it what the other one saved when both
   * changed the same field, so that a second save is a choice made
   * knowingly.
   */
  async function rebase(r, ed) {
    let now;
    try {
      now = await api('GET', reportPath(r.id));
    } catch (err) {
      if (!isApiError(err)) throw err;
      await refused(r.id, 'report.refused.gone');
      return;
    }
    if (now.status !== 'draft') { await refused(r.id, 'report.refused.approved_meanwhile'); return; }
    const { values } = await currentValues(now);
    for (const [name, f] of Object.entries(ed.fields)) {
      f.wrap.querySelector('.report-theirs')?.remove();
      if (sameValue(values[name], ed.initial[name])) continue;
      // not touched here: take theirs; touched on both sides: show theirs
      if (sameValue(valueOf(name, f), ed.initial[name])) {
        setValue(name, f, values[name]);
        continue;
      }
      const shown = wordsOf(name, values[name]) || t('report.empty_value');
      f.wrap.append(h('div', { class: 'report-theirs' },
        h('p', { class: 'panel-label', 'data-i18n': 'report.theirs' }, t('report.theirs')),
        h('p', { class: 'panel-pre' }, shown)));
    }
    ed.initial = values;
    ed.version = now.version;
    setAlert(ed.stale, 'report.edit_stale');
    say(live, 'report.edit_stale_said');
    await load();
    ed.stale.focus();
  }

  // ------------------------------------------------------------ approve

  function approveDialog(r) {
    notes.delete(r.id);
    openDialog(section, { titleKey: 'report.approve_title', titleExtra: formName(r.form) }, (dlg, close) => {
      const alert = h('div', { class: 'alert error', role: 'alert', hidden: true });
      const { row, save } = dialogButtons('report.approve_confirm', close);
      const form = h('form', { method: 'dialog', novalidate: true },
        h('p', {}, tn('report.approve_text')),
        h('ul', { class: 'report-consequences' },
          h('li', {}, tn('report.approve_numbered')),
          h('li', {}, tn('report.approve_frozen')),
          h('li', {}, tn('report.approve_correction'))),
        alert, row);
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        setAlert(alert, null);
        save.disabled = true;
        try {
          const a = await api('POST', reportPath(r.id, 'approve'), undefined, { ifMatch: r.version });
          close();
          say(live, 'report.approved_said', { form: formText(r.form), number: a.number });
          await changed();
          focusItem(r.id);
        } catch (err) {
          if (isApiError(err) && err.status === 412) {
            close();
            await refused(r.id, 'report.refused.changed');
            return;
          }
          showProblem(alert, err, {}, { 409: 'report.refused.approve', 403: 'report.refused.approve_forbidden' });
        } finally {
          save.disabled = false;
        }
      });
      dlg.append(form);
    });
  }

  // ------------------------------------------------------------ correct

  function correctDialog(r) {
    notes.delete(r.id);
    let key = newKey();
    openDialog(section, { titleKey: 'report.correct_title', titleExtra: formName(r.form) }, (dlg, close) => {
      const alert = h('div', { class: 'alert error', role: 'alert', hidden: true });
      const { row, save } = dialogButtons('report.correct_confirm', close);
      const form = h('form', { method: 'dialog', novalidate: true },
        h('p', {}, tn('report.correct_text', { number: r.number || r.id, edition: r.edition + 1 })),
        alert, row);
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        setAlert(alert, null);
        save.disabled = true;
        try {
          const n = await api('POST', '/reports', { incident: ctx.inc.id, form: r.form, replaces: r.id },
            { headers: { 'Idempotency-Key': key } });
          close();
          say(live, 'report.corrected_said', { edition: n.edition, number: r.number || r.id });
          await changed();
          focusItem(n.id);
        } catch (err) {
          if (!isApiError(err) || err.status !== 0) key = newKey();
          showProblem(alert, err, {}, { 409: 'report.refused.correct', 422: 'report.refused.correct' });
        } finally {
          save.disabled = false;
        }
      });
      dlg.append(form);
    });
  }

  // ------------------------------------------------------------ send, acknowledge

  async function openSend(r) {
    const { to } = await currentValues(r);
    const p = `p-rep-${r.id}-send`;
    const recipients = field(`${p}-to`, 'report.send_recipients', { tag: 'textarea', rows: '4', required: true },
      'report.send_recipients_hint');
    recipients.input.value = (r.fields?.to || to).join('\n');
    recipients.input.rows = Math.min(10, Math.max(4, 2 * (r.fields?.to || to).length));
    const channel = field(`${p}-channel`, 'report.send_channel', { tag: 'select', required: true });
    channel.input.replaceChildren(...CHANNELS.map((c) => h('option', { value: c, 'data-i18n': `report.channel.${c}` },
      t(`report.channel.${c}`))));
    const at = timeField(`${p}-at`, 'report.send_at', { value: nowLocal(), required: true });
    const fields = { recipients, channel, sent_at: at };
    return inlineForm(r, 'send', 'report.send_heading', 'report.send_save', fields, async () => {
      const names = lines(recipients.input.value);
      const bad = [];
      const when = parseLocalDateTime(at.input.value);
      if (!when) { setFieldError(at, at.input.value.trim() ? 'panel.field.datetime' : 'field.required'); bad.push(at); }
      if (names.length > LIST_MAX) { setFieldError(recipients, 'report.too_many'); bad.push(recipients); }
      if (names.length === 0) { setFieldError(recipients, 'field.required'); bad.push(recipients); }
      if (bad.length) return { bad };
      const body = { recipients: names, channel: channel.input.value, sent_at: notBefore(when, r.approved_at) };
      await api('POST', reportPath(r.id, 'send'), body, { ifMatch: r.version });
      return { said: ['report.sent_said', { form: formText(r.form), number: r.number || r.id }] };
    });
  }

  function openAck(r) {
    const at = timeField(`p-rep-${r.id}-ack`, 'report.ack_at', { value: nowLocal(), required: true });
    return inlineForm(r, 'ack', 'report.ack_heading', 'report.ack_save', { acked_at: at }, async () => {
      const when = parseLocalDateTime(at.input.value);
      if (!when) {
        setFieldError(at, at.input.value.trim() ? 'panel.field.datetime' : 'field.required');
        return { bad: [at] };
      }
      await api('POST', reportPath(r.id, 'ack'), { acked_at: notBefore(when, r.sent_at) }, { ifMatch: r.version });
      return { said: ['report.acked_said', { form: formText(r.form), number: r.number || r.id }] };
    });
  }

  /** A small form inside a report's row; submit() returns {bad} or {said}. */
  function inlineForm(r, kind, headKey, saveKey, fields, submit) {
    const fAlert = h('div', { class: 'alert error', role: 'alert', hidden: true });
    const save = submitButton(saveKey);
    const cancel = h('button', { type: 'button', class: 'secondary', 'data-i18n': 'panel.cancel' }, t('panel.cancel'));
    const node = h('form', { class: `panel-form panel-inline report-${kind}`, novalidate: true },
      h('h4', { 'data-i18n': headKey }, t(headKey)),
      fAlert, Object.values(fields).map((f) => f.wrap), h('div', { class: 'panel-actions' }, save, cancel));
    cancel.addEventListener('click', () => closeForm(r.id));
    node.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearFields(fields);
      setAlert(fAlert, null);
      await busy(save, async () => {
        try {
          const res = await submit();
          if (res.bad) {
            setAlert(fAlert, 'error.validation');
            res.bad[res.bad.length - 1].input.focus();
            return;
          }
          open.delete(r.id);
          say(live, ...res.said);
          await changed();
          focusItem(r.id);
        } catch (err) {
          if (isApiError(err) && err.status === 412) { await refused(r.id, 'report.refused.changed'); return; }
          if (isApiError(err) && err.status === 409) { await refused(r.id, `report.refused.${kind}`); return; }
          showProblem(fAlert, err, fields);
        }
      });
    });
    return { kind, node };
  }

  // ------------------------------------------------------------ the list

  /** Close a row's form (with a note said), drawing the row again. */
  function closeForm(id, sayKey = null) {
    open.delete(id);
    if (sayKey) say(live, sayKey);
    redraw(id);
  }

  /** The server refused a change made on an older view: reload, and say why on the row. */
  async function refused(id, key) {
    open.delete(id);
    notes.set(id, key);
    say(live, key);
    await changed();
    redraw(id);
    focusItem(id);
  }

  async function toggle(r, kind, opener) {
    if (open.get(r.id)?.kind === kind) { closeForm(r.id); return; }
    notes.delete(r.id);
    open.set(r.id, { kind, node: h('p', { class: 'loading', 'data-i18n': 'app.loading' }, t('app.loading')) });
    redraw(r.id);
    try {
      const f = await opener(r);
      if (open.get(r.id)?.kind !== kind) return;
      open.set(r.id, f);
    } catch (err) {
      if (!isApiError(err)) throw err;
      open.delete(r.id);
      notes.set(r.id, 'report.refused.load');
    }
    redraw(r.id);
    row(r.id)?.querySelector('form input, form textarea, form select, .panel-note')?.focus();
  }

  function actionButton(key, onclick, cls = 'secondary', expanded = null) {
    return h('button', {
      type: 'button', class: cls, 'data-i18n': key, onclick,
      'aria-expanded': expanded === null ? null : String(expanded),
    }, t(key));
  }

  /** Open the PDF in a new tab (a blob: the server sends it as an attachment); the link itself downloads. */
  async function preview(ev, r) {
    if (ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey) return;
    const w = window.open('', '_blank');
    if (!w) return; // a blocked pop-up: let the link download the file
    ev.preventDefault();
    try {
      const res = await fetch(docHref(r.id, 'pdf'), { credentials: 'same-origin', cache: 'no-store' });
      if (!res.ok) {
        const problem = await res.json().catch(() => null);
        throw new ApiError(res.status, problem);
      }
      const url = URL.createObjectURL(await res.blob());
      w.location.href = url;
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (err) {
      w.close();
      const e = err instanceof ApiError ? err : new ApiError(0, null);
      // an expired session: api() tells the shell, which signs in again
      if (e.status === 401) api('GET', '/me').catch(() => {});
      notes.set(r.id, 'report.refused.pdf');
      redraw(r.id);
    }
  }

  function docLinks(r) {
    const name = h('span', { class: 'panel-vh' }, ' ', formName(r.form), ` ${r.number || r.id}`);
    const pdf = h('a', {
      class: 'button', href: docHref(r.id, 'pdf'), target: '_blank', rel: 'noopener',
      onclick: (ev) => preview(ev, r),
    }, tn(r.status === 'draft' ? 'report.preview' : 'report.view'), name,
    h('span', { class: 'panel-vh' }, tn('report.new_tab')));
    const docx = h('a', { class: 'button', href: docHref(r.id, 'docx'), download: `${r.id}.docx` },
      tn('report.docx'), name.cloneNode(true));
    return [pdf, docx];
  }

  function rowActions(r) {
    const cur = open.get(r.id)?.kind || null;
    const out = docLinks(r);
    const draft = r.status === 'draft';
    if (draft && ctx.writable()) out.push(actionButton('report.edit', () => toggle(r, 'edit', openEditor), 'secondary', cur === 'edit'));
    if (draft && canApprove()) out.push(actionButton('report.approve', () => approveDialog(r), 'primary'));
    if (r.status === 'approved' && ctx.writable()) {
      out.push(actionButton('report.send', () => toggle(r, 'send', openSend), 'primary', cur === 'send'));
    }
    if (r.status === 'sent' && ctx.canWrite()) {
      out.push(actionButton('report.ack', () => toggle(r, 'ack', openAck), 'secondary', cur === 'ack'));
    }
    if (!draft && !r.replaced_by && ctx.writable()) out.push(actionButton('report.correct', () => correctDialog(r)));
    return h('div', { class: 'panel-row-actions report-actions' }, out);
  }

  function byWhom(id) {
    const name = id ? ctx.personName(id) : null;
    return name ? ` (${name})` : '';
  }

  function editionLine(r) {
    if (!r.replaces) return r.edition > 1 ? String(r.edition) : null;
    const old = items.find((x) => x.id === r.replaces);
    return h('span', {}, tn('report.edition_replaces', {
      edition: r.edition, number: old?.number || r.replaces, id: r.replaces,
    }));
  }

  function reportFacts(r) {
    const replacedBy = r.replaced_by ? items.find((x) => x.id === r.replaced_by) : null;
    return facts([
      ['report.fact.id', h('span', { class: 'report-id' }, r.id)],
      ['report.fact.edition', editionLine(r)],
      ['report.fact.replaced_by', r.replaced_by
        ? tn('report.replaced_by_text', { edition: replacedBy?.edition || '', id: r.replaced_by }) : null],
      ['report.fact.created', formatDateTime(r.created_at)],
      ['report.fact.approved', r.approved_at ? formatDateTime(r.approved_at) + byWhom(r.approved_by) : null],
      ['report.fact.sent', r.sent_at ? formatDateTime(r.sent_at) : null],
      ['report.fact.channel', r.channel ? valueLabel('report.channel', r.channel) : null],
      ['report.fact.recipients', r.recipients?.length > 1
        ? h('ul', { class: 'panel-names' }, r.recipients.map((n) => h('li', {}, n)))
        : r.recipients?.[0] || null],
      ['report.fact.acked', r.acked_at ? formatDateTime(r.acked_at)
        : (r.status === 'sent' ? tn('report.not_acked') : null)],
    ]);
  }

  /** The free fields the person filled, under their labels, in the form's order. */
  function texts(r) {
    const f = r.fields || {};
    const blocks = [];
    for (const name of editNames(r)) {
      const v = shownOf(name, f[name]);
      if (name === 'confidential' || sameValue(v, shownOf(name, undefined))) continue;
      const key = labelKey(r.form, name);
      const shown = kindOf(name) === 'list'
        ? h('ul', { class: 'panel-names' }, lines(v).map((n) => h('li', {}, n)))
        : h('p', { class: 'panel-pre' }, wordsOf(name, v));
      blocks.push(h('div', { class: 'panel-text-block' },
        h('p', { class: 'panel-label', 'data-i18n': key }, t(key)), shown));
    }
    if (f.confidential) blocks.push(h('p', { class: 'report-secret' }, tn('report.confidential_on')));
    return blocks.length ? h('div', { class: 'report-texts' }, blocks) : null;
  }

  function head(r) {
    const template = formNo(packReport(r.form)?.form);
    return h('div', { class: 'panel-item-head' },
      h('p', { class: 'panel-item-title', tabindex: '-1' }, formName(r.form),
        r.edition > 1 ? [' ', tn('report.edition_short', { edition: r.edition }, 'span')] : null,
        template ? [' ', h('span', { class: 'report-template' }, tn('report.template', { n: template }))] : null),
      h('span', { class: `badge ${STATUS_BADGE[r.status] || 'idle'}` }, valueLabel('report.status', r.status)),
      r.replaced_by ? h('span', { class: 'badge idle report-replaced' }, tn('report.replaced')) : null,
      h('p', { class: 'report-number' }, r.number
        ? [tn('report.number'), ' ', h('strong', {}, r.number)]
        : tn('report.no_number')));
  }

  function item(r) {
    const note = notes.get(r.id);
    const form = open.get(r.id);
    return h('li', { class: `panel-item report-item report-${r.status}`, 'data-report': r.id },
      head(r),
      note ? h('p', { class: 'alert warn panel-note', role: 'alert', tabindex: '-1', 'data-i18n': note }, t(note)) : null,
      reportFacts(r),
      texts(r),
      rowActions(r),
      form ? form.node : null);
  }

  function row(id) { return section.querySelector(`[data-report="${CSS.escape(id)}"]`); }

  function redraw(id) {
    const old = row(id);
    const r = items.find((x) => x.id === id);
    if (old && r) {
      const had = old.contains(document.activeElement);
      old.replaceWith(item(r));
      if (had && !open.has(id)) focusItem(id);
    }
  }

  function focusItem(id) {
    const el = row(id);
    if (!el) return;
    (el.querySelector('.panel-note') || el.querySelector('.panel-item-title')).focus();
  }

  function render() {
    if (items.length === 0) return emptyNote('report.empty');
    return h('ul', { class: 'panel-items report-items' }, items.map(item));
  }

  function load() {
    return list.load(async () => {
      pack = await ctx.pack().catch((err) => { if (!isApiError(err)) throw err; return null; });
      if (draftForm.hidden) fillForms();
      const r = await api('GET', `/reports?incident=${encodeURIComponent(ctx.inc.id)}`);
      items = r.items;
      for (const id of [...open.keys()]) if (!items.some((x) => x.id === id)) open.delete(id);
      return [items, [...notes], [...open.keys()]];
    }, render);
  }

  async function changed() {
    await load();
    await ctx.reload();
  }

  const tools = h('div', { class: 'toolbar' });
  const intro = h('p', { class: 'hint report-intro', 'data-i18n': 'report.intro' }, t('report.intro'));
  body.append(intro, tools, draftForm, list.box);

  function refresh(inc) {
    if (inc) ctx.inc = inc;
    setChildren(tools, ctx.writable() ? [drafting.button] : []);
    if (!ctx.writable()) drafting.close();
    return load();
  }
  refresh();
  return { key: 'reports', titleKey: 'report.title', node: section, refresh };
}

/** "Biểu mẫu 03" -> "03"; null when it has no number. */
function formNo(text) {
  const m = /(\d+)/.exec(text || '');
  return m ? m[1] : null;
}
