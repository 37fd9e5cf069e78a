// The compliance calendar (#/calendar): a unit's periodic duties and its
// systems' over a year (GET /calendar), each with its due date and
// status, "mark done" with evidence (POST /calendar/fulfil, system.write
// over the unit), and the standing of every unit in scope
// (GET /calendar/standing). docs/internals/calendar.md.
import { api } from './api.js';
import { h } from './dom.js';
import { t, tn, bi, valueLabel } from './i18n.js';
import { field, setFieldError, problemKey, fieldKey, setAlert } from './form.js';
import { formatDate } from './format.js';
import { loadUnits, unitOptions } from './systems.js';

const BADGE = { done: 'ok', due: 'warn', overdue: 'bad', upcoming: 'idle' };
const thisYear = () => Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(new Date()));

function statusBadge(status) {
  return h('span', { class: `badge ${BADGE[status] || 'idle'} cal-status` }, valueLabel('calendar.status', status));
}

/** An evidence's ref: an assessment's links to the record. */
function evidenceRef(ev) {
  const ref = ev?.ref || '';
  if (ev?.kind !== 'assessment' || !/^\d+$/.test(ref)) return ref;
  return h('a', { href: `#/assessments?id=${ref}`, class: 'cal-ev-link' }, tn('assessments.cal.ref', { id: ref }));
}

/** The select of the assessments that may fulfil item it, and a link to record one. */
function assessmentPick(it, base) {
  const f = field(`${base}-asm`, 'assessments.cal.pick', { tag: 'select' }, 'assessments.cal.pick_hint');
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
  const q = new URLSearchParams({ unit_id: it.unit_id, from: it.start, to: it.end, limit: 200 });
  if (it.system_id) q.set('system_id', it.system_id);
  const add = new URLSearchParams({ new: '1', unit_id: it.unit_id, obligation: it.obligation });
  if (it.system_id) add.set('system_id', it.system_id);
  const none = h('p', { class: 'hint', hidden: true, 'data-i18n': 'assessments.cal.none' }, t('assessments.cal.none'));
  const wrap = h('div', { class: 'cal-asm' }, f.wrap, none,
    h('p', {}, h('a', { href: `#/assessments?${add}`, 'data-i18n': 'assessments.cal.record' }, t('assessments.cal.record'))));
  api('GET', `/assessments?${q}`).then((r) => {
    const mine = (r.items || []).filter((a) => a.unit_id === it.unit_id &&
      (a.system_id || null) === (it.system_id || null) && a.held_on <= today);
    const day = (s) => s.replace(/^(\d{4})-(\d{2})-(\d{2})$/, '$3/$2/$1');
    f.input.replaceChildren(...mine.map((a) => h('option', { value: a.id }, `${day(a.held_on)} · ${a.title}`)));
    none.hidden = mine.length > 0;
  }).catch(() => { none.hidden = false; });
  return { wrap, field: f };
}

export function calendarPage(ctx) {
  const canFulfil = ctx.can('system.write');
  const year0 = thisYear();
  const unit = field('cal-unit', 'calendar.unit', { tag: 'select' });
  const year = field('cal-year', 'calendar.year', { tag: 'select' });
  const wantYear = Number(ctx.query.get('year')) || year0;
  for (const y of [year0 - 1, year0, year0 + 1]) year.input.append(h('option', { value: y, selected: y === wantYear }, String(y)));
  const alert = h('p', { class: 'alert error', role: 'alert', hidden: true });
  const live = h('p', { class: 'cal-count', 'aria-live': 'polite' });
  const list = h('ul', { class: 'cal-list' });
  const itemsH = h('h2', { id: 'cal-items-h' });
  const standingBody = h('div', { class: 'cal-standing-body' }, h('p', { class: 'loading' }, tn('calendar.loading')));
  const standingAlert = h('p', { class: 'alert error', role: 'alert', hidden: true });
  let units = [];

  const windowQuery = () => {
    const y = Number(year.input.value) || year0;
    return `from=${y}-01-01&to=${y + 1}-01-01`;
  };

  function fulfilForm(it, li) {
    const kinds = it.evidence_kinds || [];
    const base = `cal-${it.obligation}-${it.system_id || 0}-${it.period}`.replace(/[^\w-]/g, '_');
    const kind = field(`${base}-kind`, 'calendar.evidence.kind', { tag: 'select' });
    for (const k of kinds) kind.input.append(h('option', { value: k, 'data-i18n': `calendar.evidence.${k}` }, t(`calendar.evidence.${k}`)));
    const ref = field(`${base}-ref`, 'calendar.evidence.ref', { type: 'text', maxlength: 500 }, 'calendar.evidence.ref_hint');
    const note = field(`${base}-note`, 'calendar.evidence.note', { tag: 'textarea', maxlength: 2000 });
    // an assessment is a record (web/assessments.js): chosen among the
    // unit's (the system's) held within the period, or recorded there
    const asm = assessmentPick(it, base);
    const useAsm = () => kind.input.value === 'assessment';
    const sync = () => { ref.wrap.hidden = useAsm(); asm.wrap.hidden = !useAsm(); };
    kind.input.addEventListener('change', sync);
    sync();
    const refField = () => (useAsm() ? asm.field : ref);
    const err = h('p', { class: 'alert error', role: 'alert', hidden: true });
    const send = h('button', { type: 'submit', class: 'primary', 'data-i18n': 'calendar.fulfil.save' }, t('calendar.fulfil.save'));
    const F = { 'evidence.kind': kind, 'evidence.ref': ref, note };
    const form = h('form', {
      class: 'cal-fulfil', novalidate: true,
      onsubmit: async (e) => {
        e.preventDefault();
        F['evidence.ref'] = refField();
        for (const f of [...Object.values(F), ref, asm.field]) setFieldError(f, null);
        setAlert(err, null);
        const rf = refField();
        if (!rf.input.value.trim()) { setFieldError(rf, 'field.required'); rf.input.focus(); return; }
        send.disabled = true;
        try {
          const body = {
            unit_id: it.unit_id, obligation: it.obligation, period: it.period,
            evidence: { kind: kind.input.value, ref: rf.input.value.trim() },
          };
          if (it.system_id) body.system_id = it.system_id;
          if (note.input.value.trim()) body.note = note.input.value.trim();
          const done = await api('POST', '/calendar/fulfil', body);
          const fresh = itemRow({ ...it, ...done });
          li.replaceWith(fresh);
          fresh.querySelector('.cal-done-msg')?.replaceChildren(tn('calendar.fulfil.done'));
          fresh.querySelector('.cal-title')?.focus();
          loadStanding();
        } catch (x) {
          send.disabled = false;
          setAlert(err, x.status === 409 ? 'calendar.fulfil.already' : problemKey(x));
          for (const [k, v] of Object.entries(x.fields || {})) if (F[k]) setFieldError(F[k], fieldKey(v.code));
        }
      },
    }, err, h('div', { class: 'cal-fulfil-grid' }, kind.wrap, ref.wrap, asm.wrap), note.wrap,
    h('div', { class: 'toolbar' }, send,
      h('button', { type: 'button', class: 'secondary', 'data-i18n': 'calendar.cancel', onclick: () => { form.remove(); li.querySelector('.cal-open')?.removeAttribute('hidden'); li.querySelector('.cal-open')?.focus(); } }, t('calendar.cancel'))));
    return { form, first: refField().input };
  }

  function itemRow(it) {
    const li = h('li', { class: `cal-item ${it.status}` });
    const title = h('h3', { class: 'cal-title', tabindex: '-1' }, bi({ vi: it.title, en: it.title_en || it.title }));
    const f = it.fulfilment;
    const open = canFulfil && it.status !== 'done' ? h('button', {
      type: 'button', class: 'secondary cal-open', 'data-i18n': 'calendar.fulfil.open',
      onclick: () => { const x = fulfilForm(it, li); open.hidden = true; li.append(x.form); x.first.focus(); },
    }, t('calendar.fulfil.open')) : null;
    if (open) open.setAttribute('aria-describedby', `${title.id = `cal-t-${it.obligation}-${it.system_id || 0}-${it.period}`.replace(/[^\w-]/g, '_')}`);
    li.append(
      h('div', { class: 'cal-item-head' }, statusBadge(it.status), title),
      h('dl', { class: 'cal-facts' },
        it.system_name ? h('div', {}, h('dt', { 'data-i18n': 'calendar.system' }, t('calendar.system')), h('dd', {}, it.system_name)) : null,
        h('div', {}, h('dt', { 'data-i18n': 'calendar.period' }, t('calendar.period')), h('dd', {}, it.period)),
        h('div', {}, h('dt', { 'data-i18n': 'calendar.due' }, t('calendar.due')), h('dd', { class: 'cal-due' }, formatDate(it.due_at))),
        f ? h('div', {}, h('dt', { 'data-i18n': 'calendar.evidence.title' }, t('calendar.evidence.title')),
          h('dd', {}, valueLabel('calendar.evidence', f.evidence?.kind), ' · ', evidenceRef(f.evidence),
            f.done_at ? ` · ${formatDate(f.done_at)}` : '', f.note ? ` · ${f.note}` : '')) : null),
      h('p', { class: 'cal-done-msg', 'aria-live': 'polite' }),
      open || '');
    return li;
  }

  let seq = 0;
  async function load() {
    const my = ++seq;
    if (!unit.input.value) return;
    ctx.setQuery({ unit_id: unit.input.value, year: year.input.value });
    live.replaceChildren(h('span', { class: 'loading' }, tn('calendar.loading')));
    const u = units.find((x) => String(x.id) === unit.input.value);
    itemsH.replaceChildren(tn('calendar.items_of', { unit: u ? u.name : '', year: year.input.value }));
    try {
      const r = await api('GET', `/calendar?unit_id=${encodeURIComponent(unit.input.value)}&${windowQuery()}`);
      if (my !== seq) return;
      setAlert(alert, null);
      const items = r.items || [];
      list.replaceChildren(...items.map(itemRow));
      const n = (s) => items.filter((i) => i.status === s).length;
      live.replaceChildren(tn(items.length ? 'calendar.count' : 'calendar.empty',
        { n: items.length, overdue: n('overdue'), due: n('due'), done: n('done') }));
    } catch (x) {
      if (my !== seq) return;
      list.replaceChildren();
      live.replaceChildren();
      setAlert(alert, problemKey(x));
    }
  }

  async function loadStanding() {
    try {
      const r = await api('GET', `/calendar/standing?${windowQuery()}`);
      setAlert(standingAlert, null);
      const cols = ['overdue', 'due', 'upcoming', 'done'];
      standingBody.replaceChildren(h('table', { class: 'data cal-standing' },
        h('caption', { class: 'sr-only', 'data-i18n': 'calendar.standing.title' }, t('calendar.standing.title')),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col', 'data-i18n': 'calendar.standing.unit' }, t('calendar.standing.unit')),
          cols.map((c) => h('th', { scope: 'col', class: 'num' }, valueLabel('calendar.status', c))))),
        h('tbody', {}, (r.units || []).map((u) => h('tr', {},
          h('th', { scope: 'row' }, h('a', {
            href: `#/calendar?unit_id=${u.unit_id}&year=${year.input.value}`,
            onclick: (e) => { e.preventDefault(); unit.input.value = String(u.unit_id); load(); document.getElementById('cal-items-h')?.scrollIntoView(); },
          }, `${u.code} · ${u.name}`)),
          cols.map((c) => h('td', { class: `num${c === 'overdue' && u[c] ? ' cal-bad' : ''}` },
            h('span', { class: 'cal-td-l', 'aria-hidden': 'true' }, valueLabel('calendar.status', c)), String(u[c] ?? 0))))))));
    } catch (x) {
      standingBody.replaceChildren();
      setAlert(standingAlert, problemKey(x));
    }
  }

  unit.input.addEventListener('change', load);
  year.input.addEventListener('change', () => { load(); loadStanding(); });

  (async () => {
    try {
      units = await loadUnits();
      unitOptions(unit.input, units, ctx.query.get('unit_id') || ctx.me.unit_id);
      if (!unit.input.value && units.length) unit.input.value = String(units[0].id);
    } catch (x) { setAlert(alert, problemKey(x)); }
    if (!unit.input.value) live.replaceChildren();
    load();
    loadStanding();
  })();

  const coordinator = ctx.can('incident.coordinate');
  const node = h('section', { class: 'calendar' },
    h('h1', { id: 'page-h', tabindex: '-1', 'data-i18n': 'calendar.title' }, t('calendar.title')),
    h('p', { class: 'intro', 'data-i18n': 'calendar.intro' }, t('calendar.intro')),
    h('div', { class: 'toolbar cal-filters' }, unit.wrap, year.wrap),
    h('section', { class: 'card cal-standing-card', 'aria-labelledby': 'cal-standing-h' },
      h('h2', { id: 'cal-standing-h', 'data-i18n': coordinator ? 'calendar.standing.title' : 'calendar.standing.mine' },
        t(coordinator ? 'calendar.standing.title' : 'calendar.standing.mine')),
      standingAlert, standingBody),
    h('section', { class: 'cal-items', 'aria-labelledby': 'cal-items-h' }, itemsH, alert, live, list));
  return { titleKey: 'calendar.title', node };
}
