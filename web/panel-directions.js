// Directions received (chỉ đạo of a steering body) and coordination
// orders (lệnh điều phối): number, issuer, date, what is asked, by when,
// and what was done about it. The result is written with the
// direction's version (If-Match); one with a result counts as carried out.
import {
  api, h, t, tn, field, setAlert, setFieldError, panelFrame, listRegion, emptyNote, disclosure,
  busy, submitButton, options, showProblem, clearFields, say, timeField, todayLocal,
  parseLocalDate, parseLocalDateTime, formatIsoDate, partPath, isApiError, facts,
  setChildren,
} from './panel-common.js';
import { valueLabel } from './i18n.js';
import { formatDateTime } from './format.js';

const KINDS = ['direction', 'coordination_order'];

function state(d) {
  if (d.result.trim() !== '') return ['done', 'ok'];
  if (d.deadline && Date.parse(d.deadline) < Date.now()) return ['overdue', 'overdue'];
  return ['pending', 'idle'];
}

export function directionsPanel(ctx) {
  const { section, alert, live, body } = panelFrame('directions', 'panel.dir.title');
  const list = listRegion(() => ctx.writable());
  let items = [];
  const notes = new Map();
  const editing = new Set();

  // ---- add
  const kind = field('p-dir-kind', 'panel.dir.kind', { tag: 'select', required: true });
  options(kind.input, KINDS.map((k) => [k, `panel.dir.kind.${k}`]));
  const number = field('p-dir-number', 'panel.dir.number', { type: 'text', required: true, maxlength: '50' },
    'panel.dir.number_hint');
  const issuer = field('p-dir-issuer', 'panel.dir.issuer', { type: 'text', required: true, maxlength: '200' });
  const issuedOn = field('p-dir-issued', 'panel.dir.issued_on', {
    type: 'text', required: true, maxlength: '10', autocomplete: 'off', class: 'panel-time',
  }, 'panel.date_hint');
  const actions = field('p-dir-actions', 'panel.dir.actions', { tag: 'textarea', required: true, maxlength: '5000', rows: '3' });
  const deadline = timeField('p-dir-deadline', 'panel.dir.deadline', { hintKey: 'panel.tasks.due_hint' });
  const fields = { kind, number, issuer, issued_on: issuedOn, actions, deadline };
  const formAlert = h('div', { class: 'alert error', role: 'alert', hidden: true });
  const send = submitButton('panel.dir.add_submit');
  const form = h('form', { class: 'panel-form', novalidate: true },
    h('h3', { 'data-i18n': 'panel.dir.add_heading' }, t('panel.dir.add_heading')),
    formAlert, kind.wrap, number.wrap, issuer.wrap, issuedOn.wrap, actions.wrap, deadline.wrap,
    h('div', { class: 'panel-actions' }, send));
  const add = disclosure('p-dir-add', 'panel.dir.add', form);
  add.button.addEventListener('click', () => {
    if (!form.hidden && issuedOn.input.value === '') issuedOn.input.value = todayLocal();
  });

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFields(fields);
    setAlert(formAlert, null);
    const req = {
      kind: kind.input.value, number: number.input.value.trim(), issuer: issuer.input.value.trim(),
      issued_on: parseLocalDate(issuedOn.input.value), actions: actions.input.value.trim(),
    };
    const bad = [];
    if (deadline.input.value.trim() !== '') {
      req.deadline = parseLocalDateTime(deadline.input.value, { dateOnly: true });
      if (!req.deadline) { setFieldError(deadline, 'panel.field.datetime'); bad.push(deadline); }
    }
    if (req.actions === '') { setFieldError(actions, 'field.required'); bad.push(actions); }
    if (!req.issued_on) {
      setFieldError(issuedOn, issuedOn.input.value.trim() ? 'panel.field.date' : 'field.required');
      bad.push(issuedOn);
    }
    if (req.issuer === '') { setFieldError(issuer, 'field.required'); bad.push(issuer); }
    if (req.number === '') { setFieldError(number, 'field.required'); bad.push(number); }
    if (bad.length) { setAlert(formAlert, 'error.validation'); bad[bad.length - 1].input.focus(); return; }
    await busy(send, async () => {
      try {
        await api('POST', partPath(ctx.inc, 'directions'), req);
        form.reset();
        add.close();
        add.button.focus();
        say(live, 'panel.dir.added', { number: req.number });
        await changed();
      } catch (err) {
        showProblem(formAlert, err, fields);
      }
    });
  });

  // ---- the result of one
  function resultForm(d) {
    const p = `p-dir-${d.id}-res`;
    const result = field(p, 'panel.dir.result', { tag: 'textarea', maxlength: '5000', rows: '3' },
      'panel.dir.result_hint');
    result.input.value = d.result;
    const fAlert = h('div', { class: 'alert error', role: 'alert', hidden: true });
    const save = submitButton('panel.dir.result_save');
    const cancel = h('button', { type: 'button', class: 'secondary', 'data-i18n': 'panel.cancel' }, t('panel.cancel'));
    const f = h('form', { class: 'panel-form panel-inline', novalidate: true },
      fAlert, result.wrap, h('div', { class: 'panel-actions' }, save, cancel));
    cancel.addEventListener('click', () => { editing.delete(d.id); redraw(d.id); });
    f.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      setFieldError(result, null);
      setAlert(fAlert, null);
      await busy(save, async () => {
        try {
          await api('PATCH', partPath(ctx.inc, 'directions', d.id), { result: result.input.value.trim() },
            { ifMatch: d.version });
          editing.delete(d.id);
          say(live, 'panel.dir.result_saved', { number: d.number });
          await changed();
          redraw(d.id);
        } catch (err) {
          if (isApiError(err) && err.status === 412) {
            editing.delete(d.id);
            notes.set(d.id, 'panel.dir.changed');
            say(live, 'panel.dir.changed');
            await changed();
            redraw(d.id);
            return;
          }
          showProblem(fAlert, err, { result });
        }
      });
    });
    return f;
  }

  function item(d) {
    const [st, badge] = state(d);
    const note = notes.get(d.id);
    const li = h('li', { class: 'panel-item', 'data-dir': d.id },
      h('div', { class: 'panel-item-head' },
        h('p', { class: 'panel-item-title', tabindex: '-1' },
          valueLabel('panel.dir.kind', d.kind), ' ', tn('panel.dir.no', { number: d.number })),
        h('span', { class: `badge ${badge}` }, valueLabel('panel.dir.state', st))),
      note ? h('p', { class: 'alert warn panel-note', tabindex: '-1', 'data-i18n': note }, t(note)) : null,
      facts([
        ['panel.dir.issuer', d.issuer],
        ['panel.dir.issued_on', formatIsoDate(d.issued_on)],
        ['panel.dir.deadline', d.deadline ? formatDateTime(d.deadline) : null],
      ]),
      h('div', { class: 'panel-text-block' },
        h('p', { class: 'panel-label', 'data-i18n': 'panel.dir.actions' }, t('panel.dir.actions')),
        h('p', { class: 'panel-pre' }, d.actions)),
      d.result ? h('div', { class: 'panel-text-block' },
        h('p', { class: 'panel-label', 'data-i18n': 'panel.dir.result' }, t('panel.dir.result')),
        h('p', { class: 'panel-pre' }, d.result)) : null);
    if (ctx.writable()) {
      if (editing.has(d.id)) {
        li.append(resultForm(d));
      } else {
        const key = d.result ? 'panel.dir.result_edit' : 'panel.dir.result_add';
        const b = h('button', { type: 'button', class: 'secondary', 'data-i18n': key }, t(key));
        b.addEventListener('click', () => {
          editing.add(d.id);
          notes.delete(d.id);
          redraw(d.id);
          section.querySelector(`[data-dir="${d.id}"] textarea`)?.focus();
        });
        li.append(h('div', { class: 'panel-row-actions' }, b));
      }
    }
    return li;
  }

  function redraw(id) {
    const old = section.querySelector(`[data-dir="${id}"]`);
    const d = items.find((x) => x.id === id);
    if (old && d) old.replaceWith(item(d));
    const now = section.querySelector(`[data-dir="${id}"]`);
    if (!now || editing.has(id)) return;
    (now.querySelector('.panel-note') || now.querySelector('.panel-row-actions button')
      || now.querySelector('.panel-item-title')).focus();
  }

  function render() {
    if (items.length === 0) return emptyNote('panel.dir.empty');
    return h('ul', { class: 'panel-items' }, items.map(item));
  }

  function load() {
    return list.load(async () => {
      const r = await api('GET', partPath(ctx.inc, 'directions'));
      items = r.items;
      return items;
    }, render);
  }

  async function changed() {
    await load();
    await ctx.reload();
  }

  const tools = h('div', { class: 'toolbar' });
  body.append(tools, form, list.box);

  function refresh(inc) {
    if (inc) ctx.inc = inc;
    setChildren(tools, (ctx.writable() ? [add.button] : []));
    if (!ctx.writable()) { add.close(); editing.clear(); }
    return load();
  }
  refresh();
  return { key: 'directions', titleKey: 'panel.dir.title', node: section, refresh };
}
