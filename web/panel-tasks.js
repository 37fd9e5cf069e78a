// Tasks of an incident: who does what by when. Add one, mark it done,
// cancel or reopen it, give it to someone else; apply a response
// playbook (panel-playbook.js), whose tasks carry their step and phase.
// Changes send the task's version (If-Match); a task changed meanwhile
// (412) is reloaded and the person told so.
import {
  api, h, t, tn, field, setAlert, setFieldError, panelFrame, listRegion, emptyNote, disclosure, busy,
  submitButton, options, facts, showProblem, clearFields, say, timeField,
  parseLocalDateTime, partPath, isApiError,
  setChildren,
} from './panel-common.js';
import { valueLabel } from './i18n.js';
import { formatDateTime } from './format.js';
import { playbookButton } from './panel-playbook.js';

const STATE_BADGE = { open: 'idle', done: 'ok', cancelled: 'idle' };
// the phases of a playbook's tasks (an unknown one shows as its code)
const PHASES = {
  receive: 'panel.tasks.phase.receive',
  verify: 'panel.tasks.phase.verify',
  respond: 'panel.tasks.phase.respond',
  contain: 'panel.tasks.phase.contain',
  eradicate: 'panel.tasks.phase.eradicate',
  recover: 'panel.tasks.phase.recover',
  check: 'panel.tasks.phase.check',
  violation: 'panel.tasks.phase.violation',
  review: 'panel.tasks.phase.review',
};
const phaseLabel = (code) => (PHASES[code] ? tn(PHASES[code]) : document.createTextNode(code));

/** Options of the assignee and unit selects: [value, key, text]. */
async function choices(ctx) {
  const [people, units] = await Promise.all([ctx.people(), ctx.units()]);
  const persons = [...people];
  if (!persons.some((p) => p.user_id === ctx.me.id)) {
    persons.unshift({ user_id: ctx.me.id, full_name: ctx.me.full_name || ctx.me.login, unit_name: '' });
  }
  return {
    people: [['', 'panel.tasks.nobody'], ...persons.map((p) => [String(p.user_id), null,
      p.unit_name ? `${p.full_name} (${p.unit_name})` : p.full_name])],
    units: [['', 'panel.tasks.no_unit'], ...units.map((u) => [String(u.id), null, u.name])],
  };
}

function assigneeForm(ctx, prefix, { task = null, onDone }) {
  const assignee = field(`${prefix}-who`, 'panel.tasks.assignee', { tag: 'select' });
  const unit = field(`${prefix}-unit`, 'panel.tasks.unit', { tag: 'select' });
  options(assignee.input, [['', 'app.loading']]);
  options(unit.input, [['', 'app.loading']]);
  choices(ctx).then((c) => {
    options(assignee.input, c.people);
    options(unit.input, c.units);
    if (task) {
      assignee.input.value = task.assignee_id === null ? '' : String(task.assignee_id);
      unit.input.value = task.unit_id === null ? '' : String(task.unit_id);
    }
    if (onDone) onDone();
  }).catch((err) => {
    if (!isApiError(err)) throw err;
    options(assignee.input, [['', 'panel.tasks.nobody']]);
    options(unit.input, [['', 'panel.tasks.no_unit']]);
  });
  return { assignee, unit };
}

const idOrNull = (v) => (v === '' ? null : Number(v));

export function tasksPanel(ctx) {
  const { section, alert, live, body } = panelFrame('tasks', 'panel.tasks.title');
  const list = listRegion(() => ctx.writable());
  let items = [];
  const notes = new Map(); // task id -> key of a note shown on its row

  // ---- add
  const title = field('p-task-title', 'panel.tasks.task_title', {
    type: 'text', required: true, maxlength: '200', autocomplete: 'off',
  });
  const who = assigneeForm(ctx, 'p-task-new', {});
  const due = timeField('p-task-due', 'panel.tasks.due', { hintKey: 'panel.tasks.due_hint' });
  const fields = { title, assignee_id: who.assignee, unit_id: who.unit, due_at: due };
  const formAlert = h('div', { class: 'alert error', role: 'alert', hidden: true });
  const send = submitButton('panel.tasks.add_submit');
  const form = h('form', { class: 'panel-form', novalidate: true },
    h('h3', { 'data-i18n': 'panel.tasks.add_heading' }, t('panel.tasks.add_heading')),
    formAlert, title.wrap, who.assignee.wrap, who.unit.wrap, due.wrap,
    h('div', { class: 'panel-actions' }, send));
  const add = disclosure('p-task-add', 'panel.tasks.add', form);

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFields(fields);
    setAlert(formAlert, null);
    const body = { title: title.input.value.trim() };
    if (body.title === '') {
      showLocal(title, 'field.required');
      return;
    }
    if (due.input.value.trim() !== '') {
      const at = parseLocalDateTime(due.input.value, { dateOnly: true });
      if (!at) { showLocal(due, 'panel.field.datetime'); return; }
      body.due_at = at;
    }
    if (who.assignee.input.value !== '') body.assignee_id = Number(who.assignee.input.value);
    if (who.unit.input.value !== '') body.unit_id = Number(who.unit.input.value);
    await busy(send, async () => {
      try {
        await api('POST', partPath(ctx.inc, 'tasks'), body);
        form.reset();
        add.close();
        add.button.focus();
        say(live, 'panel.tasks.added', { title: body.title });
        await changed();
      } catch (err) {
        showProblem(formAlert, err, fields);
      }
    });
  });

  function showLocal(f, key) {
    setFieldError(f, key);
    setAlert(formAlert, 'error.validation');
    f.input.focus();
  }

  // ---- one task
  async function patch(task, change, doneKey) {
    setAlert(alert, null);
    notes.delete(task.id);
    try {
      await api('PATCH', partPath(ctx.inc, 'tasks', task.id), change, { ifMatch: task.version });
      say(live, doneKey, { title: task.title });
      await changed();
      focusTask(task.id);
    } catch (err) {
      if (!isApiError(err)) throw err;
      if (err.status === 412) {
        notes.set(task.id, 'panel.tasks.changed');
        say(live, 'panel.tasks.changed');
        await changed();
        focusTask(task.id);
        return;
      }
      showProblem(alert, err);
    }
  }

  function reassign(task, row) {
    const prefix = `p-task-${task.id}`;
    const save = submitButton('panel.tasks.reassign_save');
    const cancel = h('button', { type: 'button', class: 'secondary', 'data-i18n': 'panel.cancel' },
      t('panel.cancel'));
    const f = assigneeForm(ctx, prefix, { task, onDone: () => f.assignee.input.focus() });
    const formAlert2 = h('div', { class: 'alert error', role: 'alert', hidden: true });
    const form2 = h('form', { class: 'panel-form panel-inline', novalidate: true },
      formAlert2, f.assignee.wrap, f.unit.wrap, h('div', { class: 'panel-actions' }, save, cancel));
    cancel.addEventListener('click', () => {
      list.box.replaceChildren(...[render()].flat());
      focusTask(task.id);
    });
    form2.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearFields({ a: f.assignee, u: f.unit });
      await busy(save, async () => {
        try {
          await api('PATCH', partPath(ctx.inc, 'tasks', task.id), {
            assignee_id: idOrNull(f.assignee.input.value), unit_id: idOrNull(f.unit.input.value),
          }, { ifMatch: task.version });
          say(live, 'panel.tasks.reassigned', { title: task.title });
          await changed();
          focusTask(task.id);
        } catch (err) {
          if (isApiError(err) && err.status === 412) {
            notes.set(task.id, 'panel.tasks.changed');
            await changed();
            focusTask(task.id);
            return;
          }
          showProblem(formAlert2, err, { assignee_id: f.assignee, unit_id: f.unit });
        }
      });
    });
    row.querySelector('.panel-row-actions').replaceWith(form2);
  }

  /** After a change: the task's note, else its first button, else its title. */
  function focusTask(id) {
    const row = section.querySelector(`[data-task="${id}"]`);
    if (!row) return;
    const target = row.querySelector('.panel-note') || row.querySelector('.panel-row-actions button')
      || row.querySelector('.panel-item-title');
    if (target) target.focus();
  }

  function taskRow(task) {
    const overdue = task.state === 'open' && task.due_at && Date.parse(task.due_at) < Date.now();
    const row = h('li', { class: `panel-item task-${task.state}`, 'data-task': task.id });
    const note = notes.get(task.id);
    const writable = ctx.writable();
    const actions = h('div', { class: 'panel-row-actions' });
    if (writable) {
      const btn = (key, fn, cls = 'secondary') => {
        const b = h('button', { type: 'button', class: cls, 'data-i18n': key }, t(key));
        b.addEventListener('click', () => busy(b, () => fn()));
        return b;
      };
      if (task.state === 'open') {
        actions.append(
          btn('panel.tasks.mark_done', () => patch(task, { state: 'done' }, 'panel.tasks.done_said')),
          btn('panel.tasks.reassign', () => reassign(task, row)),
          btn('panel.tasks.cancel_task', () => patch(task, { state: 'cancelled' }, 'panel.tasks.cancelled_said')),
        );
      } else {
        actions.append(btn('panel.tasks.reopen', () => patch(task, { state: 'open' }, 'panel.tasks.reopened_said')));
      }
    }
    row.append(...[
      h('div', { class: 'panel-item-head' },
        h('p', { class: 'panel-item-title', tabindex: '-1' }, task.title),
        h('span', { class: `badge ${STATE_BADGE[task.state] || 'idle'}` },
          valueLabel('panel.tasks.state', task.state)),
        overdue ? h('span', { class: 'badge overdue' }, tn('panel.overdue')) : null),
      note ? h('p', { class: 'alert warn panel-note', tabindex: '-1', 'data-i18n': note }, t(note)) : null,
      facts([
        ['panel.tasks.step', task.step
          ? h('span', {}, h('span', { class: 'mono' }, task.step),
            task.phase ? [' · ', phaseLabel(task.phase)] : null)
          : null],
        ['panel.tasks.assignee', task.assignee_name || tn('panel.tasks.nobody')],
        ['panel.tasks.unit', task.unit_name || null],
        ['panel.tasks.due', task.due_at ? formatDateTime(task.due_at) : tn('panel.tasks.no_due')],
      ]),
      actions.childNodes.length ? actions : null].filter(Boolean));
    return row;
  }

  function render() {
    if (items.length === 0) return emptyNote('panel.tasks.empty');
    // open ones first (soonest due first), then done and cancelled
    const rank = (x) => (x.state === 'open' ? 0 : 1);
    const due = (x) => (x.due_at ? Date.parse(x.due_at) : Infinity);
    // a playbook's tasks in the order of its steps, others newest first
    const order = (a, b) => (a.step && b.step ? a.id - b.id : b.id - a.id);
    const sorted = [...items].sort((a, b) => rank(a) - rank(b) || due(a) - due(b) || order(a, b));
    const open = items.filter((x) => x.state === 'open').length;
    return [
      h('p', { class: 'panel-count' }, tn('panel.tasks.count', { open, all: items.length })),
      h('ul', { class: 'panel-items' }, sorted.map(taskRow)),
    ];
  }

  async function load() {
    await list.load(async () => {
      const r = await api('GET', partPath(ctx.inc, 'tasks'));
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

  const apply = playbookButton(ctx, {
    host: section,
    async onApplied(a) {
      say(live, 'panel.playbook.applied', { title: a.title, v: a.version, n: a.tasks.length });
      await changed();
      if (apply.isConnected) apply.focus();
    },
  });

  function refresh(inc) {
    if (inc) ctx.inc = inc;
    setChildren(tools, (ctx.writable() ? [add.button, apply] : []));
    if (!ctx.writable()) add.close();
    return load();
  }
  refresh();
  return { key: 'tasks', titleKey: 'panel.tasks.title', node: section, refresh };
}
