// Training and awareness sessions (tuyên truyền, phổ biến; đào tạo; bồi
// dưỡng, tập huấn; cử cán bộ tham gia): #/training, the sessions of the
// units in scope, newest first, with a unit and a year filter kept in the
// URL; record one (the legal documents covered and the named attendees
// as lines one adds and removes), open one to read or edit it
// (If-Match), delete it after a confirmation. GET/POST/PATCH/DELETE
// /api/v1/trainings. The helpers it shares with its siblings are in
// web/records.js.
import { api } from './api.js';
import { h } from './dom.js';
import { t, tn, valueLabel } from './i18n.js';
import { field, setFieldError, setAlert } from './form.js';
import { showDay, unitsInScope } from './team.js';
import {
  todayText, thisYear, cell, codeSelect, unitField, numberedField, dayOf, confirmAsk, showProblem, alertBox, say,
  listAll, facts,
} from './records.js';

export const KINDS = ['awareness', 'training', 'refresher', 'external'];
const TEXTS = ['place', 'organiser', 'audience', 'note'];

function datesText(s) {
  return s.ends_on && s.ends_on !== s.held_on ? `${showDay(s.held_on)} – ${showDay(s.ends_on)}` : showDay(s.held_on);
}

/**
 * The form to record a session (rec null) or edit one. opts: units (for
 * a new one), unitId, onSaved(saved, created), onDeleted(rec), onClose().
 */
function trainingForm(host, rec, opts) {
  let current = rec;
  const editing = () => current !== null;
  const box = alertBox();
  const reloadBtn = h('button', { type: 'button', class: 'secondary', hidden: true, 'data-i18n': 'readiness.reload' }, t('readiness.reload'));
  const unit = !rec && opts.units.length > 1
    ? unitField('tr-f-unit', 'readiness.unit', opts.units, opts.unitId || opts.me.unit_id) : null;
  const f = {
    kind: codeSelect('tr-f-kind', 'readiness.tr.f.kind', 'readiness.tr.kind', KINDS),
    topic: field('tr-f-topic', 'readiness.tr.f.topic', { tag: 'textarea', rows: 2, maxlength: 500, required: true }),
    held_on: field('tr-f-held', 'readiness.tr.f.held_on', { inputmode: 'numeric', autocomplete: 'off', required: true }, 'readiness.day_hint'),
    ends_on: field('tr-f-ends', 'readiness.tr.f.ends_on', { inputmode: 'numeric', autocomplete: 'off' }, 'readiness.tr.f.ends_hint'),
    place: field('tr-f-place', 'readiness.tr.f.place'),
    organiser: field('tr-f-organiser', 'readiness.tr.f.organiser'),
    audience: field('tr-f-audience', 'readiness.tr.f.audience', {}, 'readiness.tr.f.audience_hint'),
    attendee_count: field('tr-f-count', 'readiness.tr.f.attendee_count', { type: 'number', min: 0, step: 1, inputmode: 'numeric' }, 'readiness.tr.f.count_hint'),
    note: field('tr-f-note', 'readiness.tr.f.note', { tag: 'textarea', rows: 2 }),
  };
  if (unit) f.unit_id = unit;

  // the legal documents: one line each
  let seq = 0;
  const docs = [];
  const docList = h('ol', { class: 'rd-lines' });
  const docFs = h('fieldset', { class: 'rd-docs' },
    h('legend', { 'data-i18n': 'readiness.tr.f.legal_docs' }, t('readiness.tr.f.legal_docs')),
    h('p', { class: 'hint', 'data-i18n': 'readiness.tr.f.legal_docs_hint' }, t('readiness.tr.f.legal_docs_hint')),
    docList);
  const docErr = { wrap: docFs, input: docFs, err: h('p', { class: 'field-error', id: 'tr-f-docs-err', hidden: true }), hint: null };
  docFs.append(docErr.err);
  function renumber() {
    docs.forEach((d, i) => {
      d.f.label.replaceChildren(tn('readiness.tr.f.doc_n', { n: i + 1 }));
      d.rm.replaceChildren(tn('readiness.tr.f.doc_remove', { n: i + 1 }));
    });
    people.forEach((p, i) => {
      p.legend.replaceChildren(tn('readiness.tr.f.person_n', { n: i + 1 }));
      p.rm.replaceChildren(tn('readiness.tr.f.person_remove', { n: i + 1 }));
    });
  }
  function addDoc(text = '', focus = false) {
    const id = `tr-f-doc-${++seq}`;
    const fd = numberedField(id, 'readiness.tr.f.doc_n', { n: docs.length + 1 }, { maxlength: 300, autocomplete: 'off' });
    fd.input.value = text;
    const rm = h('button', { type: 'button', class: 'secondary rd-remove' });
    const li = h('li', { class: 'rd-line' }, fd.wrap, rm);
    const d = { f: fd, rm, li };
    rm.addEventListener('click', () => {
      const i = docs.indexOf(d);
      docs.splice(i, 1);
      li.remove();
      renumber();
      const next = docs[i] || docs[i - 1];
      if (next) next.f.input.focus();
      else addDocBtn.focus();
    });
    docs.push(d);
    docList.append(li);
    renumber();
    if (focus) fd.input.focus();
  }
  const addDocBtn = h('button', { type: 'button', class: 'secondary', 'data-i18n': 'readiness.tr.f.doc_add',
    onclick: () => addDoc('', true) }, t('readiness.tr.f.doc_add'));
  docFs.append(addDocBtn);

  // the named attendees: name, position, workplace
  const people = [];
  const peopleList = h('div', { class: 'rd-people' });
  const peopleFs = h('fieldset', { class: 'rd-people-fs' },
    h('legend', { 'data-i18n': 'readiness.tr.f.attendees' }, t('readiness.tr.f.attendees')),
    h('p', { class: 'hint', 'data-i18n': 'readiness.tr.f.attendees_hint' }, t('readiness.tr.f.attendees_hint')),
    peopleList);
  const peopleErr = { wrap: peopleFs, input: peopleFs, err: h('p', { class: 'field-error', id: 'tr-f-people-err', hidden: true }), hint: null };
  peopleFs.append(peopleErr.err);
  function addPerson(p = {}, focus = false) {
    const k = ++seq;
    const pf = {
      name: field(`tr-f-p${k}-name`, 'readiness.tr.f.p_name', { maxlength: 200, autocomplete: 'off' }),
      position: field(`tr-f-p${k}-position`, 'readiness.tr.f.p_position', { autocomplete: 'off' }),
      workplace: field(`tr-f-p${k}-workplace`, 'readiness.tr.f.p_workplace', { autocomplete: 'off' }),
    };
    for (const [n, x] of Object.entries(pf)) x.input.value = p[n] || '';
    const legend = h('legend', {});
    const rm = h('button', { type: 'button', class: 'secondary rd-remove' });
    const fs = h('fieldset', { class: 'rd-person' }, legend,
      h('div', { class: 'rd-person-grid' }, pf.name.wrap, pf.position.wrap, pf.workplace.wrap), rm);
    const row = { f: pf, legend, rm, fs };
    rm.addEventListener('click', () => {
      const i = people.indexOf(row);
      people.splice(i, 1);
      fs.remove();
      renumber();
      const next = people[i] || people[i - 1];
      if (next) next.f.name.input.focus();
      else addPersonBtn.focus();
    });
    people.push(row);
    peopleList.append(fs);
    renumber();
    if (focus) pf.name.input.focus();
  }
  const addPersonBtn = h('button', { type: 'button', class: 'secondary', 'data-i18n': 'readiness.tr.f.person_add',
    onclick: () => addPerson({}, true) }, t('readiness.tr.f.person_add'));
  peopleFs.append(addPersonBtn);

  function fill(r) {
    if (!r) {
      f.held_on.input.value = todayText();
      return;
    }
    f.kind.input.value = r.kind;
    f.topic.input.value = r.topic || '';
    f.held_on.input.value = showDay(r.held_on);
    f.ends_on.input.value = r.ends_on ? showDay(r.ends_on) : '';
    for (const k of TEXTS) f[k].input.value = r[k] || '';
    f.attendee_count.input.value = r.attendee_count ?? '';
    docs.splice(0).forEach((d) => d.li.remove());
    people.splice(0).forEach((p) => p.fs.remove());
    for (const d of r.legal_docs || []) addDoc(d);
    for (const p of r.attendees || []) addPerson(p);
  }

  let sentDocs = [];
  let sentPeople = [];
  /** The field of a server error name ("attendees[2].name", "legal_docs.0"). */
  function fieldOf(name) {
    if (f[name]) return f[name];
    const m = /^(legal_docs|attendees)(?:\[(\d+)\]|\.(\d+))?(?:\.(\w+))?$/.exec(name);
    if (!m) return null;
    const i = Number(m[2] ?? m[3]);
    if (m[1] === 'legal_docs') return Number.isNaN(i) || !sentDocs[i] ? docErr : sentDocs[i].f;
    if (Number.isNaN(i) || !sentPeople[i]) return peopleErr;
    return sentPeople[i].f[m[4] || 'name'] || sentPeople[i].f.name;
  }
  const allFields = () => [...Object.values(f), docErr, peopleErr, ...docs.map((d) => d.f),
    ...people.flatMap((p) => Object.values(p.f))];

  const title = h('h2', { id: 'tr-form-h', tabindex: '-1' });
  const setTitle = () => {
    title.replaceChildren(tn(editing() ? 'readiness.tr.edit_title' : 'readiness.tr.new_title'));
  };
  setTitle();
  const save = h('button', { type: 'submit', class: 'primary', 'data-i18n': 'readiness.save' }, t('readiness.save'));
  const cancel = h('button', { type: 'button', class: 'secondary', 'data-i18n': 'readiness.cancel', onclick: () => opts.onClose() }, t('readiness.cancel'));
  const del = rec ? h('button', { type: 'button', class: 'danger', 'data-i18n': 'readiness.tr.delete' }, t('readiness.tr.delete')) : null;
  const form = h('form', { class: 'card rd-form', novalidate: true, 'aria-labelledby': 'tr-form-h' },
    title,
    rec ? h('p', { class: 'rd-form-unit' }, tn('readiness.unit_of'), ' ', rec.unit_name || '') : null,
    box, reloadBtn,
    h('div', { class: 'rd-grid' }, unit ? unit.wrap : null, f.kind.wrap),
    f.topic.wrap,
    h('div', { class: 'rd-grid' }, f.held_on.wrap, f.ends_on.wrap, f.place.wrap, f.organiser.wrap,
      f.audience.wrap, f.attendee_count.wrap),
    docFs, peopleFs, f.note.wrap,
    h('div', { class: 'toolbar rd-actions' }, save, cancel, del));
  fill(rec);

  reloadBtn.addEventListener('click', async () => {
    try {
      current = await api('GET', `/trainings/${current.id}`);
      fill(current);
      for (const x of allFields()) setFieldError(x, null);
      setAlert(box, null);
      reloadBtn.hidden = true;
      f.topic.input.focus();
    } catch (err) {
      showProblem(err, box);
    }
  });

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    for (const x of allFields()) setFieldError(x, null);
    setAlert(box, null);
    reloadBtn.hidden = true;
    let held = dayOf(f.held_on);
    const ends = dayOf(f.ends_on);
    if (held === '') { setFieldError(f.held_on, 'field.required'); held = null; }
    let count = f.attendee_count.input.value.trim();
    if (count !== '' && !/^\d+$/.test(count)) { setFieldError(f.attendee_count, 'field.range'); count = null; }
    if (held === null || ends === null || count === null) {
      setAlert(box, 'error.validation');
      form.querySelector('[aria-invalid="true"]')?.focus();
      return;
    }
    // blank lines are left out; sentDocs/sentPeople map the server's
    // "legal_docs[i]" and "attendees[i].name" back to the lines shown
    sentDocs = docs.filter((d) => d.f.input.value.trim());
    sentPeople = people.filter((p) => Object.values(p.f).some((x) => x.input.value.trim()));
    const body = {
      kind: f.kind.input.value,
      topic: f.topic.input.value.trim(),
      legal_docs: sentDocs.map((d) => d.f.input.value.trim()),
      attendees: sentPeople.map((p) => ({
        name: p.f.name.input.value.trim(), position: p.f.position.input.value.trim(),
        workplace: p.f.workplace.input.value.trim(),
      })),
    };
    for (const k of TEXTS) body[k] = f[k].input.value.trim();
    body.held_on = held;
    if (ends) body.ends_on = ends;
    else if (editing()) body.ends_on = null;
    if (count !== '') body.attendee_count = Number(count);
    if (unit) body.unit_id = Number(unit.input.value);
    else if (!editing() && opts.unitId) body.unit_id = Number(opts.unitId);
    save.disabled = true;
    try {
      const saved = editing()
        ? await api('PATCH', `/trainings/${current.id}`, body, { ifMatch: current.version })
        : await api('POST', '/trainings', body);
      await opts.onSaved(saved, !editing());
    } catch (err) {
      if (showProblem(err, box, fieldOf)) {
        reloadBtn.hidden = false;
        reloadBtn.focus();
      }
    } finally {
      save.disabled = false;
    }
  });

  if (del) {
    del.addEventListener('click', async () => {
      const yes = await confirmAsk(host, {
        titleKey: 'readiness.tr.delete_title', textKey: 'readiness.tr.delete_text',
        vars: { topic: current.topic, date: datesText(current) }, okKey: 'readiness.tr.delete_ok',
      });
      if (!yes) { del.focus(); return; }
      setAlert(box, null);
      try {
        await api('DELETE', `/trainings/${current.id}`, undefined, { ifMatch: current.version });
        await opts.onDeleted(current);
      } catch (err) {
        if (showProblem(err, box)) { reloadBtn.hidden = false; reloadBtn.focus(); }
      }
    });
  }
  return { form, focus: () => (editing() ? title.focus() : f.topic.input.focus()) };
}

// ------------------------------------------------------------ reading


/** One session to read (a person who may not change it). */
function trainingView(r, onClose) {
  const people = r.attendees || [];
  return h('section', { class: 'card rd-view', 'aria-labelledby': 'tr-view-h' },
    h('h2', { id: 'tr-view-h', tabindex: '-1' }, r.topic),
    facts([
      ['readiness.unit', r.unit_name],
      ['readiness.tr.f.kind', valueLabel('readiness.tr.kind', r.kind)],
      ['readiness.tr.col.dates', datesText(r)],
      ['readiness.tr.f.place', r.place],
      ['readiness.tr.f.organiser', r.organiser],
      ['readiness.tr.f.audience', r.audience],
      ['readiness.tr.f.attendee_count', String(r.attendee_count ?? 0)],
      ['readiness.tr.f.note', r.note],
    ]),
    (r.legal_docs || []).length ? [
      h('h3', { 'data-i18n': 'readiness.tr.f.legal_docs' }, t('readiness.tr.f.legal_docs')),
      h('ul', { class: 'rd-doc-list' }, r.legal_docs.map((d) => h('li', {}, d)))] : null,
    people.length ? [
      h('h3', { 'data-i18n': 'readiness.tr.f.attendees' }, t('readiness.tr.f.attendees')),
      h('table', { class: 'data rd-table rd-people-table' },
        h('thead', {}, h('tr', {}, ['p_name', 'p_position', 'p_workplace'].map((c) =>
          h('th', { scope: 'col', 'data-i18n': `readiness.tr.f.${c}` }, t(`readiness.tr.f.${c}`))))),
        h('tbody', {}, people.map((p) => h('tr', {},
          cell('readiness.tr.f.p_name', 'rd-c-name', p.name),
          cell('readiness.tr.f.p_position', '', p.position || ''),
          cell('readiness.tr.f.p_workplace', '', p.workplace || '')))))] : null,
    h('div', { class: 'toolbar' },
      h('button', { type: 'button', class: 'secondary', 'data-i18n': 'readiness.close', onclick: onClose }, t('readiness.close'))));
}

// --------------------------------------------------------------- page

export function trainingPage(ctx) {
  const canWrite = ctx.can('team.write');
  const root = h('section', { class: 'readiness training', 'aria-busy': 'true' });
  const live = h('div', { class: 'rd-live', 'aria-live': 'polite' });
  const box = alertBox();
  const panel = h('div', { class: 'rd-panel' });
  const count = h('p', { class: 'rd-count', 'aria-live': 'polite' });
  const results = h('div', { class: 'rd-results' });
  const y0 = thisYear();
  const year = field('tr-year', 'readiness.year', { tag: 'select' });
  year.input.append(h('option', { value: '', 'data-i18n': 'readiness.all_years' }, t('readiness.all_years')));
  for (let y = y0 + 1; y >= y0 - 5; y--) {
    year.input.append(h('option', { value: y, selected: String(y) === ctx.query.get('year') }, String(y)));
  }
  const filters = h('div', { class: 'toolbar rd-filters' });
  let units = [];
  let unit = null;
  let items = [];
  const openBtn = canWrite ? h('button', { type: 'button', class: 'primary', 'data-i18n': 'readiness.tr.new_open' },
    t('readiness.tr.new_open')) : null;
  const listH = h('h2', { id: 'tr-list-h', tabindex: '-1', 'data-i18n': 'readiness.tr.list' }, t('readiness.tr.list'));

  function closePanel(focusTo = null) {
    panel.replaceChildren();
    if (openBtn) openBtn.hidden = false;
    (focusTo && focusTo.isConnected ? focusTo : listH).focus();
  }

  function showForm(rec, back = null) {
    const fm = trainingForm(root, rec, {
      units, unitId: unit ? unit.input.value : null, me: ctx.me,
      onClose: () => closePanel(back),
      onSaved: async (saved, created) => {
        panel.replaceChildren();
        if (openBtn) openBtn.hidden = false;
        say(live, created ? 'readiness.tr.created' : 'readiness.tr.saved', { topic: saved.topic });
        await load();
        listH.focus();
      },
      onDeleted: async (gone) => {
        panel.replaceChildren();
        if (openBtn) openBtn.hidden = false;
        say(live, 'readiness.tr.deleted', { topic: gone.topic });
        await load();
        listH.focus();
      },
    });
    panel.replaceChildren(fm.form);
    if (openBtn) openBtn.hidden = true;
    fm.focus();
  }

  async function openOne(id, back) {
    setAlert(box, null);
    try {
      const r = await api('GET', `/trainings/${id}`);
      if (canWrite) showForm(r, back);
      else {
        const v = trainingView(r, () => closePanel(back));
        panel.replaceChildren(v);
        v.querySelector('h2').focus();
      }
    } catch (err) {
      showProblem(err, box);
    }
  }

  function row(s) {
    const open = h('button', {
      type: 'button', class: 'secondary rd-open',
      'aria-label': `${t(canWrite ? 'readiness.open_edit' : 'readiness.open_view')}: ${s.topic}`,
    }, tn(canWrite ? 'readiness.open_edit' : 'readiness.open_view'));
    open.addEventListener('click', () => openOne(s.id, open));
    return h('tr', { class: `rd-kind-${s.kind}` },
      cell('readiness.tr.col.dates', 'rd-c-date', h('span', { class: 'rd-nowrap' }, datesText(s))),
      cell('readiness.tr.col.kind', 'rd-c-kind', valueLabel('readiness.tr.kind', s.kind)),
      cell('readiness.tr.col.topic', 'rd-c-topic', h('span', { class: 'rd-topic' }, s.topic),
        units.length > 1 ? h('span', { class: 'rd-sub' }, s.unit_name || '') : null),
      cell('readiness.tr.col.attendees', 'rd-c-num', String(s.attendee_count ?? 0)),
      cell(null, 'rd-c-act', open));
  }

  function table() {
    return h('div', { class: 'table-wrap' }, h('table', { class: 'data rd-table rd-cards' },
      h('caption', { class: 'sr-only', 'data-i18n': 'readiness.tr.list' }, t('readiness.tr.list')),
      h('thead', {}, h('tr', {},
        ['dates', 'kind', 'topic', 'attendees'].map((c) =>
          h('th', { scope: 'col', class: c === 'attendees' ? 'rd-c-num' : null, 'data-i18n': `readiness.tr.col.${c}` }, t(`readiness.tr.col.${c}`))),
        h('th', { scope: 'col' }, h('span', { class: 'sr-only', 'data-i18n': 'readiness.col.actions' }, t('readiness.col.actions'))))),
      h('tbody', {}, items.map(row))));
  }

  let seq = 0;
  async function load() {
    const my = ++seq;
    const q = {};
    if (unit && unit.input.value) q.unit_id = unit.input.value;
    if (year.input.value) q.year = year.input.value;
    ctx.setQuery(q);
    const p = new URLSearchParams();
    if (q.unit_id) p.set('unit_id', q.unit_id);
    if (q.year) { p.set('from', `${q.year}-01-01`); p.set('to', `${q.year}-12-31`); }
    count.replaceChildren(h('span', { class: 'loading' }, tn('readiness.loading')));
    try {
      const got = await listAll(`/trainings?${p}`);
      if (my !== seq) return;
      setAlert(box, null);
      items = got;
      const people = items.reduce((n, s) => n + (Number(s.attendee_count) || 0), 0);
      count.replaceChildren(tn(items.length ? 'readiness.tr.count' : 'readiness.tr.empty', { n: items.length, people }));
      results.replaceChildren(items.length ? table() : '');
    } catch (err) {
      if (my !== seq) return;
      count.replaceChildren();
      showProblem(err, box);
    }
  }

  year.input.addEventListener('change', load);
  if (openBtn) openBtn.addEventListener('click', () => showForm(null, openBtn));
  const relabel = () => {
    // the open buttons' names carry a translated verb
    for (const b of results.querySelectorAll('button.rd-open')) {
      const topic = b.closest('tr')?.querySelector('.rd-topic')?.textContent || '';
      b.setAttribute('aria-label', `${t(canWrite ? 'readiness.open_edit' : 'readiness.open_view')}: ${topic}`);
    }
  };
  document.addEventListener('langchange', relabel);

  (async () => {
    try {
      units = await unitsInScope();
    } catch (err) {
      showProblem(err, box);
    }
    if (units.length > 1) {
      unit = unitField('tr-unit', 'readiness.unit', units, ctx.query.get('unit_id') || '', 'readiness.all_units');
      unit.input.addEventListener('change', load);
      filters.append(unit.wrap);
    }
    filters.append(year.wrap);
    await load();
    root.removeAttribute('aria-busy');
  })();

  root.append(
    h('div', { class: 'rd-top' },
      h('h1', { id: 'page-h', tabindex: '-1', 'data-i18n': 'readiness.tr.title' }, t('readiness.tr.title')),
      openBtn),
    h('p', { class: 'intro', 'data-i18n': 'readiness.tr.intro' }, t('readiness.tr.intro')),
    h('p', { class: 'rd-links' }, h('a', { href: '#/resources', 'data-i18n': 'readiness.to_resources' }, t('readiness.to_resources'))),
    live, panel,
    h('section', { class: 'rd-list', 'aria-labelledby': 'tr-list-h' }, listH, filters, box, count, results));
  return {
    titleKey: 'readiness.tr.title', node: root,
    leave: () => document.removeEventListener('langchange', relabel),
  };
}
