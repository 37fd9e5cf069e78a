// Security assessments (kiểm tra, đánh giá an toàn thông tin): #/assessments,
// the assessments of the units in scope, newest first, with a unit and a
// year filter kept in the URL; record one (the calendar duty it answers,
// the system for a per-system duty, by the unit itself or by a licensed
// or designated organisation, the findings by severity), open one to read
// or edit it (If-Match), delete it after a confirmation. ?id=N opens one
// (the calendar links its evidence here); ?new=1&unit_id=&obligation=
// &system_id= opens the form filled in. An assessment that answers a duty
// marks the calendar's item done once held. GET/POST/PATCH/DELETE
// /api/v1/assessments; docs/internals/assessments.md. The sibling of
// web/training.js; their shared helpers are in web/records.js.
import { api } from './api.js';
import { h } from './dom.js';
import { t, tn, tOr, bi, valueLabel } from './i18n.js';
import { field, setFieldError, setAlert } from './form.js';
import { showDay } from './team.js';
import {
  todayText, thisYear, cell, codeSelect, unitField, dayOf, confirmAsk, showProblem, alertBox, say, listAll,
  facts,
} from './records.js';

const KINDS = ['self', 'external'];
const SEVERITIES = ['critical', 'high', 'medium', 'low'];
const TEXTS = ['title', 'assessor', 'scope', 'summary', 'reference'];

function datesText(a) {
  return a.ends_on && a.ends_on !== a.held_on ? `${showDay(a.held_on)} – ${showDay(a.ends_on)}` : showDay(a.held_on);
}

/**
 * The calendar's duties that assessments fulfil, for a unit: code ->
 * {code, vi, en, scope, systems: Set of system ids that owe it}, read
 * from its calendar items over the years around this one (the rule pack
 * is the server's; GET /calendar carries each duty's title and scope).
 */
const dutyCache = new Map();
async function duties(unitId) {
  if (!unitId) return new Map();
  if (dutyCache.has(String(unitId))) return dutyCache.get(String(unitId));
  const y = thisYear();
  const r = await api('GET', `/calendar?unit_id=${encodeURIComponent(unitId)}&from=${y - 1}-01-01&to=${y + 2}-01-01`);
  const out = new Map();
  for (const it of r.items || []) {
    if (!(it.evidence_kinds || []).includes('assessment')) continue;
    if (!out.has(it.obligation)) {
      out.set(it.obligation, { code: it.obligation, vi: it.title, en: it.title_en || it.title, scope: it.scope, systems: new Set() });
    }
    if (it.system_id) out.get(it.obligation).systems.add(it.system_id);
  }
  dutyCache.set(String(unitId), out);
  return out;
}

/** The duty's title in the current language (bilingual span), or the code. */
function dutyLabel(map, code) {
  if (!code) return h('span', { 'data-i18n': 'assessments.adhoc' }, t('assessments.adhoc'));
  const d = map.get(code);
  return d ? bi({ vi: d.vi, en: d.en }) : h('span', {}, code);
}

function findingsText(fd) {
  return h('span', { class: 'as-findings' }, SEVERITIES.map((s) =>
    h('span', { class: `as-sev as-sev-${s}${Number(fd?.[s]) ? ' some' : ''}` },
      tn(`assessments.sev_n.${s}`, { n: Number(fd?.[s]) || 0 }))));
}

/** The key of a server field error: our own words where we have them. */
function errKey(code) {
  const own = `assessments.err.${code}`;
  if (tOr(own, null) !== null) return own;
  return tOr(`field.${code}`, null) !== null ? `field.${code}` : 'field.invalid';
}

function showErrors(err, box, map) {
  // field errors in our words, then the problem in the box
  const fields = err && err.fields ? { ...err.fields } : {};
  const again = showProblem(err, box, () => null);
  let first = null;
  for (const [name, fe] of Object.entries(fields)) {
    const f = map(name);
    if (!f) continue;
    setFieldError(f, errKey(fe.code));
    first = first || f.input;
  }
  if (first) first.focus();
  return again;
}

// ------------------------------------------------------------ the form

/**
 * The form to record an assessment (rec null; preset: obligation,
 * system_id, unit_id) or edit one. opts: units, unitId, me, preset,
 * onSaved(saved, created), onDeleted(rec), onClose().
 */
function assessmentForm(host, rec, opts) {
  let current = rec;
  const editing = () => current !== null;
  const box = alertBox();
  const reloadBtn = h('button', { type: 'button', class: 'secondary', hidden: true, 'data-i18n': 'assessments.reload' }, t('assessments.reload'));
  const preset = opts.preset || {};
  const unit = !rec && opts.units.length > 1
    ? unitField('as-f-unit', 'assessments.unit', opts.units, preset.unit_id || opts.unitId || opts.me.unit_id) : null;
  const f = {
    obligation: field('as-f-obligation', 'assessments.f.obligation', { tag: 'select' }, 'assessments.f.obligation_hint'),
    system_id: field('as-f-system', 'assessments.f.system', { tag: 'select' }, 'assessments.f.system_hint'),
    kind: codeSelect('as-f-kind', 'assessments.f.kind', 'assessments.kind', KINDS),
    assessor: field('as-f-assessor', 'assessments.f.assessor', { maxlength: 300, autocomplete: 'off' }, 'assessments.f.assessor_hint'),
    title: field('as-f-title', 'assessments.f.title', { tag: 'textarea', rows: 2, maxlength: 500, required: true }),
    held_on: field('as-f-held', 'assessments.f.held_on', { inputmode: 'numeric', autocomplete: 'off', required: true }, 'assessments.day_hint'),
    ends_on: field('as-f-ends', 'assessments.f.ends_on', { inputmode: 'numeric', autocomplete: 'off' }, 'assessments.f.ends_hint'),
    scope: field('as-f-scope', 'assessments.f.scope', { tag: 'textarea', rows: 2, maxlength: 2000 }),
    summary: field('as-f-summary', 'assessments.f.summary', { tag: 'textarea', rows: 3 }),
    reference: field('as-f-reference', 'assessments.f.reference', { maxlength: 300, autocomplete: 'off' }, 'assessments.f.reference_hint'),
  };
  if (unit) f.unit_id = unit;
  const sev = {};
  for (const s of SEVERITIES) {
    sev[s] = field(`as-f-sev-${s}`, `assessments.sev.${s}`, { type: 'number', min: 0, step: 1, inputmode: 'numeric' });
  }
  const sevFs = h('fieldset', { class: 'as-findings-fs' },
    h('legend', { 'data-i18n': 'assessments.f.findings' }, t('assessments.f.findings')),
    h('p', { class: 'hint', 'data-i18n': 'assessments.f.findings_hint' }, t('assessments.f.findings_hint')),
    h('div', { class: 'as-sev-grid' }, SEVERITIES.map((s) => sev[s].wrap)));
  const sevErr = { wrap: sevFs, input: sevFs, err: h('p', { class: 'field-error', id: 'as-f-findings-err', hidden: true }), hint: null };
  sevFs.append(sevErr.err);
  const levelNote = h('p', { class: 'notice as-level-note', hidden: true, 'data-i18n': 'assessments.f.level_note' }, t('assessments.f.level_note'));

  let dutyMap = new Map();
  let systems = [];
  const unitOf = () => (rec ? rec.unit_id : unit ? unit.input.value : (preset.unit_id || opts.unitId || opts.me.unit_id));

  function fillDuties(chosen) {
    f.obligation.input.replaceChildren(h('option', { value: '', 'data-i18n': 'assessments.adhoc' }, t('assessments.adhoc')));
    for (const d of dutyMap.values()) f.obligation.input.append(h('option', { value: d.code }, bi({ vi: d.vi, en: d.en })));
    if (chosen && !dutyMap.has(chosen)) f.obligation.input.append(h('option', { value: chosen }, chosen));
    f.obligation.input.value = chosen || '';
  }
  function fillSystems(chosen) {
    const d = dutyMap.get(f.obligation.input.value);
    const sel = f.system_id.input;
    sel.replaceChildren();
    if (!d || d.scope !== 'system') sel.append(h('option', { value: '', 'data-i18n': 'assessments.whole_unit' }, t('assessments.whole_unit')));
    const owing = d && d.scope === 'system' ? systems.filter((s) => d.systems.has(s.id)) : systems;
    for (const s of owing) {
      const lv = s.level?.in_force;
      sel.append(h('option', { value: s.id }, lv ? `${s.name} (${t('assessments.level_n', { n: lv })})` : s.name));
    }
    if (chosen && !owing.some((s) => String(s.id) === String(chosen)) && rec && rec.system_id === Number(chosen)) {
      sel.append(h('option', { value: chosen }, rec.system_name || String(chosen)));
    }
    sel.value = chosen ? String(chosen) : (sel.options[0]?.value ?? '');
    sel.disabled = !!(d && d.scope === 'unit');
    if (sel.disabled) sel.value = '';
    levelNote.hidden = !(d && d.scope === 'system');
  }
  async function loadUnitData(chosenDuty, chosenSystem) {
    const u = unitOf();
    try {
      const [dm, sy] = await Promise.all([duties(u), listAll(`/systems?unit_id=${encodeURIComponent(u)}`)]);
      dutyMap = dm;
      systems = sy.filter((s) => String(s.unit_id) === String(u) && !s.retired_at);
    } catch (err) {
      showProblem(err, box);
    }
    fillDuties(chosenDuty);
    fillSystems(chosenSystem);
  }
  f.obligation.input.addEventListener('change', () => fillSystems(''));
  if (unit) unit.input.addEventListener('change', () => loadUnitData('', ''));

  function fill(r) {
    if (!r) {
      f.held_on.input.value = todayText();
      if (preset.kind && KINDS.includes(preset.kind)) f.kind.input.value = preset.kind;
      for (const s of SEVERITIES) sev[s].input.value = '0';
      return;
    }
    f.kind.input.value = r.kind;
    for (const k of TEXTS) f[k].input.value = r[k] || '';
    f.held_on.input.value = showDay(r.held_on);
    f.ends_on.input.value = r.ends_on ? showDay(r.ends_on) : '';
    for (const s of SEVERITIES) sev[s].input.value = String(r.findings?.[s] ?? 0);
  }

  function fieldOf(name) {
    if (f[name]) return f[name];
    const m = /^findings(?:\.(\w+))?$/.exec(name);
    if (m) return sev[m[1]] || sevErr;
    return null;
  }
  const allFields = () => [...Object.values(f), ...Object.values(sev), sevErr];

  const title = h('h2', { id: 'as-form-h', tabindex: '-1' },
    tn(editing() ? 'assessments.edit_title' : 'assessments.new_title'));
  const save = h('button', { type: 'submit', class: 'primary', 'data-i18n': 'assessments.save' }, t('assessments.save'));
  const cancel = h('button', { type: 'button', class: 'secondary', 'data-i18n': 'assessments.cancel', onclick: () => opts.onClose() }, t('assessments.cancel'));
  const del = rec ? h('button', { type: 'button', class: 'danger', 'data-i18n': 'assessments.delete' }, t('assessments.delete')) : null;
  const form = h('form', { class: 'card rd-form as-form', novalidate: true, 'aria-labelledby': 'as-form-h' },
    title,
    rec ? h('p', { class: 'rd-form-unit' }, tn('assessments.unit_of'), ' ', rec.unit_name || '') : null,
    box, reloadBtn,
    h('div', { class: 'rd-grid' }, unit ? unit.wrap : null, f.obligation.wrap, f.system_id.wrap),
    levelNote,
    h('div', { class: 'rd-grid' }, f.kind.wrap, f.assessor.wrap),
    f.title.wrap,
    h('div', { class: 'rd-grid' }, f.held_on.wrap, f.ends_on.wrap),
    f.scope.wrap, sevFs, f.summary.wrap, f.reference.wrap,
    h('div', { class: 'toolbar rd-actions' }, save, cancel, del));
  fill(rec);
  const ready = loadUnitData(rec ? rec.obligation : preset.obligation || '', rec ? rec.system_id || '' : preset.system_id || '');

  reloadBtn.addEventListener('click', async () => {
    try {
      current = await api('GET', `/assessments/${current.id}`);
      fill(current);
      fillDuties(current.obligation);
      fillSystems(current.system_id || '');
      for (const x of allFields()) setFieldError(x, null);
      setAlert(box, null);
      reloadBtn.hidden = true;
      f.title.input.focus();
    } catch (err) {
      showProblem(err, box);
    }
  });

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    for (const x of allFields()) setFieldError(x, null);
    setAlert(box, null);
    reloadBtn.hidden = true;
    let held = dayOf(f.held_on, 'assessments.bad_day');
    const ends = dayOf(f.ends_on, 'assessments.bad_day');
    if (held === '') { setFieldError(f.held_on, 'field.required'); held = null; }
    const counts = {};
    let bad = false;
    for (const s of SEVERITIES) {
      const v = sev[s].input.value.trim();
      if (v === '') counts[s] = 0;
      else if (/^\d+$/.test(v)) counts[s] = Number(v);
      else { setFieldError(sev[s], 'field.range'); bad = true; }
    }
    if (held === null || ends === null || bad) {
      setAlert(box, 'error.validation');
      form.querySelector('[aria-invalid="true"]')?.focus();
      return;
    }
    const body = { kind: f.kind.input.value, obligation: f.obligation.input.value, findings: counts };
    for (const k of TEXTS) body[k] = f[k].input.value.trim();
    body.system_id = f.system_id.input.value ? Number(f.system_id.input.value) : null;
    body.held_on = held;
    if (ends) body.ends_on = ends;
    else if (editing()) body.ends_on = null;
    if (unit) body.unit_id = Number(unit.input.value);
    else if (!editing() && unitOf()) body.unit_id = Number(unitOf());
    save.disabled = true;
    try {
      const saved = editing()
        ? await api('PATCH', `/assessments/${current.id}`, body, { ifMatch: current.version })
        : await api('POST', '/assessments', body);
      await opts.onSaved(saved, !editing());
    } catch (err) {
      if (showErrors(err, box, fieldOf)) {
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
        titleKey: 'assessments.delete_title', textKey: 'assessments.delete_text',
        vars: { title: current.title, date: datesText(current) }, okKey: 'assessments.delete_ok',
      });
      if (!yes) { del.focus(); return; }
      setAlert(box, null);
      try {
        await api('DELETE', `/assessments/${current.id}`, undefined, { ifMatch: current.version });
        await opts.onDeleted(current);
      } catch (err) {
        // 409: the calendar names it as the evidence of a duty done
        if (err.status === 409) setAlert(box, 'assessments.kept');
        else if (showProblem(err, box)) { reloadBtn.hidden = false; reloadBtn.focus(); }
      }
    });
  }
  return { form, ready, focus: () => (editing() ? title.focus() : f.obligation.input.focus()) };
}

// ------------------------------------------------------------ reading


/** One assessment to read (a person who may not change it). */
function assessmentView(r, dutyMap, onClose) {
  return h('section', { class: 'card rd-view', 'aria-labelledby': 'as-view-h' },
    h('h2', { id: 'as-view-h', tabindex: '-1' }, r.title),
    facts([
      ['assessments.unit', r.unit_name],
      ['assessments.f.system', r.system_name || t('assessments.whole_unit')],
      ['assessments.f.obligation', dutyLabel(dutyMap, r.obligation)],
      ['assessments.f.kind', valueLabel('assessments.kind', r.kind)],
      ['assessments.f.assessor', r.assessor],
      ['assessments.col.dates', datesText(r)],
      ['assessments.f.scope', r.scope],
      ['assessments.f.findings', findingsText(r.findings)],
      ['assessments.f.summary', r.summary],
      ['assessments.f.reference', r.reference],
    ]),
    h('div', { class: 'toolbar' },
      h('button', { type: 'button', class: 'secondary', 'data-i18n': 'assessments.close', onclick: onClose }, t('assessments.close'))));
}

// --------------------------------------------------------------- page

export function assessmentsPage(ctx) {
  const canWrite = ctx.can('system.write');
  const root = h('section', { class: 'readiness assessments', 'aria-busy': 'true' });
  const live = h('div', { class: 'rd-live', 'aria-live': 'polite' });
  const box = alertBox();
  const panel = h('div', { class: 'rd-panel' });
  const count = h('p', { class: 'rd-count', 'aria-live': 'polite' });
  const results = h('div', { class: 'rd-results' });
  const y0 = thisYear();
  const year = field('as-year', 'assessments.year', { tag: 'select' });
  year.input.append(h('option', { value: '', 'data-i18n': 'assessments.all_years' }, t('assessments.all_years')));
  for (let y = y0 + 1; y >= y0 - 5; y--) {
    year.input.append(h('option', { value: y, selected: String(y) === ctx.query.get('year') }, String(y)));
  }
  const filters = h('div', { class: 'toolbar rd-filters' });
  let units = [];
  let unit = null;
  let items = [];
  let dutyMap = new Map();
  const openBtn = canWrite ? h('button', { type: 'button', class: 'primary', 'data-i18n': 'assessments.new_open' },
    t('assessments.new_open')) : null;
  const listH = h('h2', { id: 'as-list-h', tabindex: '-1', 'data-i18n': 'assessments.list' }, t('assessments.list'));

  function closePanel(focusTo = null) {
    panel.replaceChildren();
    if (openBtn) openBtn.hidden = false;
    (focusTo && focusTo.isConnected ? focusTo : listH).focus();
  }

  async function showForm(rec, back = null, preset = null) {
    const done = async (key, a) => {
      panel.replaceChildren();
      if (openBtn) openBtn.hidden = false;
      say(live, key, { title: a.title });
      await load();
      listH.focus();
    };
    const fm = assessmentForm(root, rec, {
      units, unitId: unit ? unit.input.value : null, me: ctx.me, preset,
      onClose: () => closePanel(back),
      onSaved: (saved, created) => done(created ? 'assessments.created' : 'assessments.saved', saved),
      onDeleted: (gone) => done('assessments.deleted', gone),
    });
    panel.replaceChildren(fm.form);
    if (openBtn) openBtn.hidden = true;
    fm.focus();
    await fm.ready;
  }

  async function openOne(id, back) {
    setAlert(box, null);
    try {
      const r = await api('GET', `/assessments/${encodeURIComponent(id)}`);
      if (canWrite) await showForm(r, back);
      else {
        const dm = await duties(r.unit_id).catch(() => dutyMap);
        const v = assessmentView(r, dm, () => closePanel(back));
        panel.replaceChildren(v);
        v.querySelector('h2').focus();
      }
    } catch (err) {
      showProblem(err, box);
    }
  }

  function row(a) {
    const open = h('button', {
      type: 'button', class: 'secondary rd-open',
      'aria-label': `${t(canWrite ? 'assessments.open_edit' : 'assessments.open_view')}: ${a.title}`,
    }, tn(canWrite ? 'assessments.open_edit' : 'assessments.open_view'));
    open.addEventListener('click', () => openOne(a.id, open));
    return h('tr', { class: `as-kind-${a.kind}`, 'data-id': a.id },
      cell('assessments.col.dates', 'rd-c-date', h('span', { class: 'rd-nowrap' }, datesText(a))),
      cell('assessments.col.kind', 'rd-c-kind', valueLabel('assessments.kind', a.kind),
        a.assessor ? h('span', { class: 'rd-sub' }, a.assessor) : null),
      cell('assessments.col.title', 'rd-c-topic', h('span', { class: 'rd-topic' }, a.title),
        h('span', { class: 'rd-sub' }, a.system_name || tn('assessments.whole_unit')),
        units.length > 1 ? h('span', { class: 'rd-sub' }, a.unit_name || '') : null),
      cell('assessments.col.obligation', 'as-c-duty', dutyLabel(dutyMap, a.obligation)),
      cell('assessments.col.findings', 'as-c-findings', findingsText(a.findings)),
      cell(null, 'rd-c-act', open));
  }

  function table() {
    return h('div', { class: 'table-wrap' }, h('table', { class: 'data rd-table rd-cards as-table' },
      h('caption', { class: 'sr-only', 'data-i18n': 'assessments.list' }, t('assessments.list')),
      h('thead', {}, h('tr', {},
        ['dates', 'kind', 'title', 'obligation', 'findings'].map((c) =>
          h('th', { scope: 'col', 'data-i18n': `assessments.col.${c}` }, t(`assessments.col.${c}`))),
        h('th', { scope: 'col' }, h('span', { class: 'sr-only', 'data-i18n': 'assessments.col.actions' }, t('assessments.col.actions'))))),
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
    count.replaceChildren(h('span', { class: 'loading' }, tn('assessments.loading')));
    try {
      const [got, dm] = await Promise.all([listAll(`/assessments?${p}`),
        duties(q.unit_id || ctx.me.unit_id).catch(() => new Map())]);
      if (my !== seq) return;
      setAlert(box, null);
      items = got;
      dutyMap = dm;
      count.replaceChildren(tn(items.length ? 'assessments.count' : 'assessments.empty', { n: items.length }));
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
    for (const b of results.querySelectorAll('button.rd-open')) {
      const name = b.closest('tr')?.querySelector('.rd-topic')?.textContent || '';
      b.setAttribute('aria-label', `${t(canWrite ? 'assessments.open_edit' : 'assessments.open_view')}: ${name}`);
    }
  };
  document.addEventListener('langchange', relabel);

  (async () => {
    try {
      units = await listAll('/units');
    } catch (err) {
      showProblem(err, box);
    }
    if (units.length > 1) {
      unit = unitField('as-unit', 'assessments.unit', units, ctx.query.get('unit_id') || '', 'assessments.all_units');
      unit.input.addEventListener('change', load);
      filters.append(unit.wrap);
    }
    filters.append(year.wrap);
    const want = ctx.query.get('id');
    const fresh = ctx.query.get('new') === '1';
    await load();
    root.removeAttribute('aria-busy');
    if (want) await openOne(want, listH);
    else if (fresh && canWrite) {
      await showForm(null, openBtn, {
        unit_id: ctx.query.get('unit_id') || '', obligation: ctx.query.get('obligation') || '',
        system_id: ctx.query.get('system_id') || '', kind: ctx.query.get('kind') || '',
      });
    }
  })();

  root.append(
    h('div', { class: 'rd-top' },
      h('h1', { id: 'page-h', tabindex: '-1', 'data-i18n': 'assessments.title' }, t('assessments.title')),
      openBtn),
    h('p', { class: 'intro', 'data-i18n': 'assessments.intro' }, t('assessments.intro')),
    h('p', { class: 'rd-links' }, h('a', { href: '#/calendar', 'data-i18n': 'assessments.to_calendar' }, t('assessments.to_calendar'))),
    live, panel,
    h('section', { class: 'rd-list', 'aria-labelledby': 'as-list-h' }, listH, filters, box, count, results));
  return {
    titleKey: 'assessments.title', node: root,
    leave: () => document.removeEventListener('langchange', relabel),
  };
}
