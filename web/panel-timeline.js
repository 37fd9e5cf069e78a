// The incident's timeline, newest first: when, who, what kind, what.
// The server writes a line for every change; people add what happened
// outside the system (a phone call, a decision) with its own time.
import {
  api, h, t, tn, field, setAlert, setFieldError, panelFrame, listRegion, emptyNote, disclosure,
  busy, submitButton, showProblem, clearFields, say, timeField, nowLocal, parseLocalDateTime,
  partPath,
  setChildren,
} from './panel-common.js';
import { valueLabel } from './i18n.js';
import { formatDateTime } from './format.js';

const FIRST = 30; // lines shown before "show all"

export function timelinePanel(ctx) {
  const { section, alert, live, body } = panelFrame('timeline', 'panel.timeline.title');
  const list = listRegion(() => ctx.writable());
  let items = [];
  let all = false;

  // ---- add an event
  const at = timeField('p-tl-at', 'panel.timeline.at', { required: true });
  const summary = field('p-tl-summary', 'panel.timeline.summary', {
    tag: 'textarea', required: true, maxlength: '5000', rows: '3',
  }, 'panel.timeline.summary_hint');
  const fields = { at, summary };
  const formAlert = h('div', { class: 'alert error', role: 'alert', hidden: true });
  const send = submitButton('panel.timeline.add_submit');
  const form = h('form', { class: 'panel-form', novalidate: true },
    h('h3', { 'data-i18n': 'panel.timeline.add_heading' }, t('panel.timeline.add_heading')),
    formAlert, at.wrap, summary.wrap, h('div', { class: 'panel-actions' }, send));
  const add = disclosure('p-tl-add', 'panel.timeline.add', form);
  add.button.addEventListener('click', () => {
    if (!form.hidden && at.input.value === '') at.input.value = nowLocal();
  });

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFields(fields);
    setAlert(formAlert, null);
    const when = parseLocalDateTime(at.input.value);
    // one paragraph: the server keeps a timeline line on one line
    const text = summary.input.value.replace(/\s*[\r\n]+\s*/g, ' ').trim();
    let bad = null;
    if (text === '') { setFieldError(summary, 'field.required'); bad = summary; }
    if (!when) { setFieldError(at, at.input.value.trim() ? 'panel.field.datetime' : 'field.required'); bad = at; }
    if (bad) { setAlert(formAlert, 'error.validation'); bad.input.focus(); return; }
    await busy(send, async () => {
      try {
        const r = await api('POST', partPath(ctx.inc, 'timeline'), { at: when, summary: text });
        items = r.items;
        form.reset();
        add.close();
        add.button.focus();
        say(live, 'panel.timeline.added');
        list.box.replaceChildren(...[render()].flat());
        await ctx.reload();
      } catch (err) {
        showProblem(formAlert, err, fields);
      }
    });
  });

  function who(actor) {
    if (actor === 'system') return tn('panel.timeline.system');
    const name = ctx.nameOf(actor);
    return name && name !== actor ? `${name} (${actor})` : actor;
  }

  function line(ev) {
    const late = Math.abs(Date.parse(ev.recorded_at) - Date.parse(ev.at)) > 60_000;
    return h('li', { class: `panel-event event-${ev.kind}` },
      h('p', { class: 'panel-event-head' },
        h('time', { datetime: ev.at, class: 'panel-when' }, formatDateTime(ev.at)),
        h('span', { class: ev.kind === 'event' ? 'badge warn' : 'panel-kind' },
          valueLabel('panel.timeline.kind', ev.kind)),
        h('span', { class: 'panel-who' }, who(ev.actor))),
      h('p', { class: 'panel-event-text' }, ev.summary),
      late ? h('p', { class: 'hint' }, tn('panel.timeline.recorded', { at: formatDateTime(ev.recorded_at) })) : null);
  }

  function render() {
    if (items.length === 0) return emptyNote('panel.timeline.empty');
    const newest = [...items].sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || b.id - a.id);
    const shown = all ? newest : newest.slice(0, FIRST);
    const out = [h('ol', { class: 'panel-events', reversed: true }, shown.map(line))];
    if (shown.length < newest.length) {
      const more = h('button', { type: 'button', class: 'secondary' },
        tn('panel.timeline.show_all', { n: newest.length }));
      more.addEventListener('click', () => {
        all = true;
        list.box.replaceChildren(...[render()].flat());
        const first = list.box.querySelectorAll('.panel-event')[FIRST];
        if (first) { first.tabIndex = -1; first.focus(); }
      });
      out.push(more);
    }
    return out;
  }

  const tools = h('div', { class: 'toolbar' });
  body.append(tools, form, list.box);

  function refresh(inc) {
    if (inc) ctx.inc = inc;
    setChildren(tools, (ctx.writable() ? [add.button] : []));
    if (!ctx.writable()) add.close();
    return list.load(async () => {
      await ctx.people().catch(() => []); // names for the logins
      const r = await api('GET', partPath(ctx.inc, 'timeline'));
      items = r.items;
      return items;
    }, render);
  }
  refresh();
  return { key: 'timeline', titleKey: 'panel.timeline.title', node: section, refresh };
}
