// The response team of a unit (Đội ứng cứu sự cố, docs/internals/team.md):
// on top, who is on duty now and who is next in every unit in scope
// (GET /api/v1/oncall: the hotline a commune officer opens at night on a
// phone), then the roster with its contact points, the 24-hour clocks a
// contact-point change starts, and the 24/7 rota.
import { api } from './api.js';
import { h } from './dom.js';
import { t, tn, valueLabel } from './i18n.js';
import { field, setFieldError, setAlert, problemKey, fieldKey } from './form.js';
import { formatDate, formatDateTime } from './format.js';
import { clockBadge } from './clock.js';

// ------------------------------------------------------- shared helpers
// (drills.js and playbooks.js use these too)

/** el.append / el.replaceChildren leaving out null and false. */
export function add(el, ...kids) {
  el.append(...kids.flat().filter((k) => k !== null && k !== undefined && k !== false));
}
export function fill(el, ...kids) {
  el.replaceChildren();
  add(el, ...kids);
}

export function heading(tag, key, attrs = {}) {
  return h(tag, { 'data-i18n': key, ...attrs }, t(key));
}

export function button(cls, key, onclick, type = 'button') {
  return h('button', { type, class: cls, 'data-i18n': key, onclick }, t(key));
}

export function errorBox() {
  return h('div', { class: 'alert error', role: 'alert', hidden: true });
}

export function say(live, key, vars = null) {
  const p = tn(key, vars, 'p');
  p.className = 'notice';
  fill(live, p);
}

/**
 * Show an ApiError: field errors beside the fields (name -> field()),
 * the problem in the box. A 401 belongs to the shell.
 */
export function showError(err, box, fields = {}) {
  if (!err || !err.slug) throw err;
  for (const f of Object.values(fields)) setFieldError(f, null);
  if (err.status === 401) return;
  let first = null;
  for (const [name, fe] of Object.entries(err.fields)) {
    if (!fields[name]) continue;
    setFieldError(fields[name], fieldKey(fe.code));
    first = first || fields[name].input;
  }
  setAlert(box, err.status === 412 ? 'team.stale' : problemKey(err));
  if (first) first.focus();
}

export function clearErrors(box, fields = {}) {
  setAlert(box, null);
  for (const f of Object.values(fields)) setFieldError(f, null);
}

const pad = (n) => String(n).padStart(2, '0');
const LOCAL_MS = 7 * 3600_000;

/** "21/11/2026 14:05" (Asia/Ho_Chi_Minh) -> ISO with +07:00, or null. */
export function parseLocal(s) {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2})\s*$/.exec(s || '');
  if (!m) return null;
  const [, d, mo, y, hh, mi] = m.map(Number);
  const ms = Date.UTC(y, mo - 1, d, hh, mi) - LOCAL_MS;
  const back = new Date(ms + LOCAL_MS);
  if (back.getUTCDate() !== d || back.getUTCMonth() !== mo - 1 || hh > 23) return null;
  return `${y}-${pad(mo)}-${pad(d)}T${pad(hh)}:${pad(mi)}:00+07:00`;
}

/** Now as "dd/mm/yyyy HH:MM", local time. */
export function nowLocal(offsetMs = 0) {
  return formatDateTime(new Date(Date.now() + offsetMs).toISOString());
}

/** "21/11/2026" -> "2026-11-21"; "" -> ""; anything else -> null. */
export function parseDay(s) {
  const v = (s || '').trim();
  if (!v) return '';
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
  if (!m) return null;
  const [, d, mo, y] = m.map(Number);
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCDate() !== d || dt.getUTCMonth() !== mo - 1) return null;
  return `${y}-${pad(mo)}-${pad(d)}`;
}

/** "2026-11-21" -> "21/11/2026" */
export function showDay(ymd) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd || '');
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '';
}

/** The units the person may read (the first page is plenty here). */
export async function unitsInScope() {
  const r = await api('GET', '/units?limit=200');
  return r.items || [];
}

export function unitLabel(u) {
  return u ? `${u.name}` : '';
}

/** A select of units, the person's own first. */
export function unitSelect(id, units, selected) {
  const f = field(id, 'team.unit', { tag: 'select' });
  for (const u of units) {
    f.input.append(h('option', { value: u.id, selected: String(u.id) === String(selected) }, unitLabel(u)));
  }
  return f;
}

// ------------------------------------------------------------- on call

function telLink(phone) {
  if (!phone) return tn('team.no_phone');
  const num = phone.replace(/[^\d+]/g, '');
  return h('a', { class: 'tel', href: `tel:${num}` }, phone);
}

function slot(s, nextOne) {
  return h('li', { class: nextOne ? 'oncall-next' : 'oncall-now' },
    h('span', { class: 'oncall-who' }, s.full_name),
    ' ', s.team_role ? h('span', { class: 'oncall-role' }, '(', valueLabel('team.role', s.team_role), ')') : null,
    h('span', { class: 'oncall-time' },
      nextOne ? tn('team.oncall.from') : tn('team.oncall.until'), ' ',
      h('time', { datetime: nextOne ? s.start : s.end }, formatDateTime(nextOne ? s.start : s.end))),
    h('span', { class: 'oncall-phone' }, telLink(s.phone)));
}

function oncallUnit(u) {
  return h('li', { class: 'oncall-unit' },
    h('h3', {}, u.unit_name),
    h('p', { class: 'oncall-label' }, tn('team.oncall.now')),
    u.on_duty.length
      ? h('ul', { class: 'oncall-slots' }, u.on_duty.map((s) => slot(s, false)))
      : h('p', { class: 'badge warn' }, tn('team.oncall.nobody')),
    h('p', { class: 'oncall-label' }, tn('team.oncall.next')),
    u.next ? h('ul', { class: 'oncall-slots' }, slot(u.next, true))
      : h('p', {}, tn('team.oncall.no_next')));
}

async function oncallBlock(box) {
  const data = await api('GET', '/oncall');
  const units = data.units || [];
  fill(box, 
    heading('h2', 'team.oncall.title', { id: 'oncall-h' }),
    units.length
      ? h('ul', { class: 'oncall-units' }, units.map(oncallUnit))
      : tn('team.oncall.none', null, 'p'));
}

// -------------------------------------------------------------- roster

const ROLES = ['leader', 'deputy', 'member'];
const CONTACTS = ['', 'primary', 'backup'];
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

function selectField(id, key, prefix, values) {
  const f = field(id, key, { tag: 'select' });
  for (const v of values) {
    const o = h('option', { value: v, 'data-i18n': `${prefix}.${v || 'none'}` }, t(`${prefix}.${v || 'none'}`));
    f.input.append(o);
  }
  return f;
}

function memberCard(m, canWrite, onEdit, onRemove) {
  const dl = h('dl', { class: 'member-facts' });
  const row = (key, value) => {
    if (value === null || value === undefined || value === '') return;
    dl.append(h('dt', { 'data-i18n': key }, t(key)), h('dd', {}, value));
  };
  row('team.f.rank', m.rank);
  row('team.f.position', m.position);
  row('team.f.workplace', m.workplace);
  row('team.f.phone', m.phone ? telLink(m.phone) : '');
  row('team.f.email', m.email ? h('a', { href: `mailto:${m.email}` }, m.email) : '');
  row('team.f.valid', h('span', {}, showDay(m.valid_from), ' – ',
    m.valid_to ? showDay(m.valid_to) : tn('team.open_end')));
  return h('li', { class: 'member' },
    h('h3', {}, m.full_name),
    h('p', { class: 'member-tags' },
      h('span', { class: 'badge idle' }, valueLabel('team.role', m.team_role)),
      m.contact ? h('span', { class: 'badge ok' }, valueLabel('team.contact', m.contact)) : null,
      m.active ? null : h('span', { class: 'badge warn' }, tn('team.inactive'))),
    dl,
    canWrite ? h('p', { class: 'toolbar' },
      h('button', { type: 'button', class: 'secondary', onclick: () => onEdit(m),
        'aria-label': `${t('team.edit')}: ${m.full_name}` }, tn('team.edit')),
      h('button', { type: 'button', class: 'danger', onclick: () => onRemove(m),
        'aria-label': `${t('team.remove')}: ${m.full_name}` }, tn('team.remove'))) : null);
}

function memberForm(onSave) {
  const f = {
    full_name: field('tm-name', 'team.f.full_name', { required: true, autocomplete: 'off' }),
    rank: field('tm-rank', 'team.f.rank'),
    position: field('tm-position', 'team.f.position'),
    workplace: field('tm-workplace', 'team.f.workplace'),
    phone: field('tm-phone', 'team.f.phone', { type: 'tel' }),
    email: field('tm-email', 'team.f.email', { type: 'email' }),
    team_role: selectField('tm-role', 'team.f.team_role', 'team.role', ROLES),
    contact: selectField('tm-contact', 'team.f.contact', 'team.contact', CONTACTS),
    valid_from: field('tm-from', 'team.f.valid_from', { inputmode: 'numeric' }, 'team.day_hint'),
    valid_to: field('tm-to', 'team.f.valid_to', { inputmode: 'numeric' }, 'team.day_hint_open'),
  };
  f.team_role.input.value = 'member';
  const box = errorBox();
  const title = heading('h3', 'team.add_member', { id: 'tm-form-h' });
  let editing = null;
  const submit = h('button', { type: 'submit', class: 'primary', 'data-i18n': 'team.save' }, t('team.save'));
  const cancel = button('secondary', 'team.cancel', () => reset());
  const form = h('form', { class: 'member-form', 'aria-labelledby': 'tm-form-h', novalidate: true },
    title, box, h('div', { class: 'grid2' }, Object.values(f).map((x) => x.wrap)),
    h('p', { class: 'toolbar' }, submit, cancel));
  function reset() {
    editing = null;
    form.reset();
    f.team_role.input.value = 'member';
    title.dataset.i18n = 'team.add_member';
    title.textContent = t('team.add_member');
    clearErrors(box, f);
  }
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(box, f);
    const body = {};
    for (const [k, x] of Object.entries(f)) body[k] = x.input.value.trim();
    let bad = false;
    for (const k of ['valid_from', 'valid_to']) {
      const v = parseDay(body[k]);
      if (v === null) { setFieldError(f[k], 'team.bad_day'); bad = true; }
      body[k] = v;
    }
    if (!body.full_name) { setFieldError(f.full_name, 'field.required'); bad = true; }
    if (bad) return;
    if (!body.valid_from) delete body.valid_from;
    if (!editing && !body.valid_to) delete body.valid_to;
    submit.disabled = true;
    try {
      await onSave(body, editing);
      reset();
    } catch (err) {
      showError(err, box, f);
    } finally {
      submit.disabled = false;
    }
  });
  return {
    form,
    reset,
    edit(m) {
      editing = m;
      for (const [k, x] of Object.entries(f)) {
        const v = m[k] ?? '';
        x.input.value = k.startsWith('valid_') ? showDay(v) : v;
      }
      title.dataset.i18n = 'team.edit_member';
      title.textContent = t('team.edit_member');
      f.full_name.input.focus();
    },
  };
}

// ------------------------------------------- the quarterly confirmation

/** The calendar's roster item of the period holding today, or null. */
async function rosterItem(uid) {
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' });
  const cal = await api('GET', `/calendar?unit_id=${encodeURIComponent(uid)}`);
  return (cal.items || []).find((i) => i.obligation === 'roster' && i.start <= today && today <= i.end) || null;
}

/** "Quarter 4/2026: confirmed on 02/10/2026" or the button that does it. */
async function confirmBlock(uid, canWrite, hasMembers, live, reload) {
  const box = h('div', { class: 'team-confirm' });
  let item;
  try {
    item = await rosterItem(uid);
  } catch (err) {
    showError(err, box);
    return box;
  }
  if (!item) return box;
  const [y, q] = item.period.split('-Q');
  const status = item.fulfilment
    ? h('span', { class: 'badge ok' }, tn('team.confirm.done', { date: formatDate(item.fulfilment.done_at) }))
    : h('span', { class: `badge ${item.status === 'overdue' ? 'bad' : 'warn'}` },
      tn('team.confirm.owed', { date: formatDate(item.due_at) }));
  const errs = errorBox();
  add(box, h('p', {}, tn('team.confirm.period', { q, y }), ' ', status), errs);
  if (canWrite && !item.fulfilment && hasMembers) {
    add(box, button('secondary', 'team.confirm.button', async (ev) => {
      ev.target.disabled = true;
      try {
        const r = await api('POST', `/units/${encodeURIComponent(uid)}/team/confirmations`, {});
        say(live, 'team.confirm.said', { n: r.members });
        await reload();
      } catch (err) {
        showError(err, errs);
        ev.target.disabled = false;
      }
    }));
  }
  return box;
}

// --------------------------------------------------------------- clocks

function noticeForm(c, onSend) {
  const sent = field(`tc-sent-${c.id}`, 'team.notice.sent_at', { inputmode: 'numeric' }, 'team.time_hint');
  const shown = nowLocal();
  sent.input.value = shown;
  const note = field(`tc-note-${c.id}`, 'team.notice.note');
  const box = errorBox();
  const form = h('form', { class: 'notice-form', novalidate: true }, box, sent.wrap, note.wrap,
    h('button', { type: 'submit', class: 'primary', 'data-i18n': 'team.notice.save' }, t('team.notice.save')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(box, { sent_at: sent });
    const at = parseLocal(sent.input.value);
    if (!at) { setFieldError(sent, 'team.bad_time'); sent.input.focus(); return; }
    const b = { note: note.input.value.trim() };
    // the minute shown is now: let the server take the instant itself
    // (a time truncated to the minute may fall before the change)
    if (sent.input.value.trim() !== shown) b.sent_at = at;
    try {
      await onSend(c, b);
    } catch (err) {
      showError(err, box, { sent_at: sent, note });
    }
  });
  return form;
}

function clockItem(c, canWrite, onSend) {
  const shape = { state: c.state === 'running' ? 'pending' : c.state, due_at: c.due_at };
  const li = h('li', { class: `team-clock team-clock-${c.state}` },
    h('p', { class: 'clock-detail' }, c.detail),
    h('p', {}, tn('team.clock.started'), ' ', h('time', { datetime: c.started_at }, formatDateTime(c.started_at)),
      ' · ', tn('team.clock.due'), ' ', h('time', { datetime: c.due_at }, formatDateTime(c.due_at))),
    h('p', {}, clockBadge(shape),
      c.met_at ? h('span', { class: 'clock-sent' }, ' ', tn('team.clock.sent'), ' ', formatDateTime(c.met_at)) : null),
    c.note ? h('p', { class: 'clock-note' }, c.note) : null);
  if (canWrite && c.state !== 'met') {
    const d = h('details', { class: 'notice-box' },
      h('summary', { 'data-i18n': 'team.notice.open' }, t('team.notice.open')), noticeForm(c, onSend));
    add(li, d);
  }
  return li;
}

// ----------------------------------------------------------------- rota

function shiftText(s) {
  if (s.kind === 'weekly') {
    const hrs = Math.round((s.length_min / 60) * 10) / 10;
    return h('span', {}, valueLabel('team.weekday', s.weekday), ' ', s.start, ' · ',
      tn('team.rota.hours', { n: hrs }));
  }
  return h('span', {}, formatDateTime(s.starts_at), ' → ', formatDateTime(s.ends_at));
}

function shiftForm(members, onAdd) {
  const who = field('rs-member', 'team.rota.member', { tag: 'select' });
  for (const m of members) who.input.append(h('option', { value: m.id }, m.full_name));
  const kind = field('rs-kind', 'team.rota.kind', { tag: 'select' });
  for (const k of ['weekly', 'dated']) {
    kind.input.append(h('option', { value: k, 'data-i18n': `team.rota.kind.${k}` }, t(`team.rota.kind.${k}`)));
  }
  const weekday = field('rs-weekday', 'team.rota.weekday', { tag: 'select' });
  for (const d of WEEKDAYS) {
    weekday.input.append(h('option', { value: d, 'data-i18n': `team.weekday.${d}` }, t(`team.weekday.${d}`)));
  }
  const start = field('rs-start', 'team.rota.start', { inputmode: 'numeric' }, 'team.hm_hint');
  const hours = field('rs-hours', 'team.rota.length', { type: 'number', min: '0.5', max: '168', step: '0.5' });
  const startsAt = field('rs-starts', 'team.rota.starts_at', { inputmode: 'numeric' }, 'team.time_hint');
  const endsAt = field('rs-ends', 'team.rota.ends_at', { inputmode: 'numeric' }, 'team.time_hint');
  const note = field('rs-note', 'team.rota.note');
  const weekly = h('div', { class: 'grid2' }, weekday.wrap, start.wrap, hours.wrap);
  const dated = h('div', { class: 'grid2', hidden: true }, startsAt.wrap, endsAt.wrap);
  kind.input.addEventListener('change', () => {
    weekly.hidden = kind.input.value !== 'weekly';
    dated.hidden = kind.input.value === 'weekly';
  });
  const box = errorBox();
  const fields = { member_id: who, weekday, start, length_min: hours, starts_at: startsAt, ends_at: endsAt, note };
  const form = h('form', { class: 'shift-form', 'aria-labelledby': 'rs-h', novalidate: true },
    heading('h3', 'team.rota.add', { id: 'rs-h' }), box,
    h('div', { class: 'grid2' }, who.wrap, kind.wrap), weekly, dated, note.wrap,
    h('button', { type: 'submit', class: 'primary', 'data-i18n': 'team.rota.save' }, t('team.rota.save')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(box, fields);
    const body = { member_id: Number(who.input.value), note: note.input.value.trim() };
    if (kind.input.value === 'weekly') {
      body.weekday = Number(weekday.input.value);
      body.start = start.input.value.trim();
      body.length_min = Math.round(Number(hours.input.value) * 60);
      if (!/^\d{2}:\d{2}$/.test(body.start)) { setFieldError(start, 'team.bad_hm'); return; }
      if (!(body.length_min > 0)) { setFieldError(hours, 'field.required'); return; }
    } else {
      body.starts_at = parseLocal(startsAt.input.value);
      body.ends_at = parseLocal(endsAt.input.value);
      if (!body.starts_at) { setFieldError(startsAt, 'team.bad_time'); return; }
      if (!body.ends_at) { setFieldError(endsAt, 'team.bad_time'); return; }
    }
    try {
      await onAdd(body);
    } catch (err) {
      showError(err, box, fields);
    }
  });
  return form;
}

// ----------------------------------------------------------------- page

/** The page (synchronous: the router renders at once; the data follows). */
export function teamPage(ctx) {
  const root = h('div', { class: 'team-page', 'aria-busy': 'true' });
  buildTeamPage(ctx, root).finally(() => root.removeAttribute('aria-busy'));
  return { titleKey: 'team.title', node: root };
}

async function buildTeamPage(ctx, root) {
  const oncall = h('section', { class: 'card oncall', 'aria-labelledby': 'oncall-h' });
  const live = h('div', { class: 'team-live', 'aria-live': 'polite' });
  const body = h('div', { class: 'team-body' });
  const pageBox = errorBox();
  add(root, 
    h('h1', { id: 'page-h', tabindex: '-1', 'data-i18n': 'team.title' }, t('team.title')),
    h('p', { class: 'team-links' }, h('a', { href: '#/drills', 'data-i18n': 'team.to_drills' }, t('team.to_drills'))),
    oncall, live, pageBox, body);
  const canWrite = ctx.can('team.write');

  try {
    await oncallBlock(oncall);
  } catch (err) {
    showError(err, pageBox);
  }

  let units = [];
  try {
    units = await unitsInScope();
  } catch (err) {
    showError(err, pageBox);
  }
  const want = ctx.query.get('unit') || ctx.me.unit_id;
  const unitId = units.some((u) => String(u.id) === String(want)) ? want : units[0]?.id;
  if (!unitId) return { titleKey: 'team.title', node: root };

  const pick = unitSelect('team-unit', units, unitId);
  pick.input.addEventListener('change', () => {
    ctx.setQuery({ unit: pick.input.value });
    load(pick.input.value);
  });
  const rosterSec = h('section', { class: 'card', 'aria-labelledby': 'roster-h' });
  const clockSec = h('section', { class: 'card', 'aria-labelledby': 'clocks-h' });
  const rotaSec = h('section', { class: 'card', 'aria-labelledby': 'rota-h' });
  add(body, units.length > 1 ? h('div', { class: 'team-unit' }, pick.wrap) : null, rosterSec, clockSec, rotaSec);

  const mform = memberForm(async (b, editing) => {
    const uid = pick.input.value;
    if (editing) {
      await api('PATCH', `/units/${uid}/team/${editing.id}`, b, { ifMatch: editing.version });
      say(live, 'team.saved', { name: b.full_name });
    } else {
      await api('POST', `/units/${uid}/team`, b);
      say(live, 'team.added', { name: b.full_name });
    }
    await load(uid);
  });

  // after a change the on-call block is fetched again (a new shift, a
  // new phone number); the first time it was just drawn
  async function load(uid, again = true) {
    let roster;
    let rota;
    try {
      [roster, rota] = await Promise.all([
        api('GET', `/units/${uid}/team`), api('GET', `/units/${uid}/rota`)]);
      setAlert(pageBox, null);
      if (again) await oncallBlock(oncall);
    } catch (err) {
      showError(err, pageBox);
      return;
    }
    const members = roster.items || [];
    const byId = new Map(members.map((m) => [m.id, m]));
    const remove = async (m) => {
      try {
        await api('DELETE', `/units/${uid}/team/${m.id}`, undefined, { ifMatch: m.version });
        say(live, 'team.removed', { name: m.full_name });
        await load(uid);
      } catch (err) {
        showError(err, pageBox);
      }
    };
    fill(rosterSec, 
      heading('h2', 'team.roster', { id: 'roster-h' }),
      await confirmBlock(uid, canWrite, members.some((m) => m.active), live, () => load(uid)),
      members.length
        ? h('ul', { class: 'members' }, members.map((m) => memberCard(m, canWrite, (x) => mform.edit(x), remove)))
        : tn('team.no_members', null, 'p'),
      canWrite ? mform.form : null);

    const send = async (c, b) => {
      await api('POST', `/units/${uid}/team/clocks/${c.id}/notice`, b);
      say(live, 'team.notice.done');
      await load(uid);
    };
    const clocks = roster.clocks || [];
    fill(clockSec, 
      heading('h2', 'team.clocks', { id: 'clocks-h' }),
      tn('team.clocks.why', null, 'p'),
      clocks.length ? h('ul', { class: 'team-clocks' }, clocks.map((c) => clockItem(c, canWrite, send)))
        : tn('team.clocks.none', null, 'p'));

    const shifts = rota.items || [];
    const delShift = async (s) => {
      try {
        await api('DELETE', `/units/${uid}/rota/${s.id}`);
        say(live, 'team.rota.removed');
        await load(uid);
      } catch (err) {
        showError(err, pageBox);
      }
    };
    fill(rotaSec, 
      heading('h2', 'team.rota', { id: 'rota-h' }),
      shifts.length ? h('ul', { class: 'shifts' }, shifts.map((s) => h('li', { class: 'shift' },
        h('span', { class: 'shift-who' }, s.full_name || byId.get(s.member_id)?.full_name || ''),
        ' ', shiftText(s),
        s.note ? h('span', { class: 'shift-note' }, ' — ', s.note) : null,
        s.member_active === false ? h('span', { class: 'badge warn' }, tn('team.inactive')) : null,
        canWrite ? h('button', { type: 'button', class: 'secondary small', onclick: () => delShift(s),
          'aria-label': `${t('team.rota.remove')}: ${s.full_name}` }, tn('team.rota.remove')) : null)))
        : tn('team.rota.none', null, 'p'),
      canWrite && members.length ? shiftForm(members, async (b) => {
        await api('POST', `/units/${uid}/rota`, b);
        say(live, 'team.rota.added');
        await load(uid);
      }) : null);
  }
  await load(unitId, false);
  return { titleKey: 'team.title', node: root };
}
