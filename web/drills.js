// Drills (diễn tập, docs/internals/team.md): the drills of the units in
// scope with their measured times, a new drill, an injected exercise
// incident (flagged, left out of statistics) and the evaluation and
// lessons (If-Match).
import { api } from './api.js';
import { h } from './dom.js';
import { t, tn, bi } from './i18n.js';
import { field, setFieldError } from './form.js';
import {
  add, fill, heading, errorBox, say, showError, clearErrors, parseLocal, parseDay, showDay, nowLocal,
  unitsInScope, unitSelect,
} from './team.js';

const minutes = (s) => (s === null || s === undefined ? null : Math.round(s / 60));

function timesLine(m) {
  const part = (key, s) => h('span', {}, tn(key), ' ',
    minutes(s) === null ? tn('team.drill.not_yet') : tn('team.drill.minutes', { n: minutes(s) }));
  return h('p', { class: 'times' }, part('team.drill.detect', m?.detect_s), part('team.drill.report', m?.report_s),
    part('team.drill.contain', m?.contain_s));
}

function injectForm(d, live, reload) {
  const f = {
    title: field(`di-title-${d.id}`, 'team.drill.inc.title', { required: true }),
    description: field(`di-desc-${d.id}`, 'team.drill.inc.description', { tag: 'textarea', rows: 3 }),
    detected_at: field(`di-det-${d.id}`, 'team.drill.inc.detected', { inputmode: 'numeric' }, 'team.time_hint'),
    reported_at: field(`di-rep-${d.id}`, 'team.drill.inc.reported', { inputmode: 'numeric' }, 'team.time_hint'),
  };
  f.detected_at.input.value = nowLocal();
  f.reported_at.input.value = nowLocal();
  const box = errorBox();
  const form = h('form', { novalidate: true }, box, Object.values(f).map((x) => x.wrap),
    h('button', { type: 'submit', class: 'primary', 'data-i18n': 'team.drill.inc.go' }, t('team.drill.inc.go')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(box, f);
    const det = parseLocal(f.detected_at.input.value);
    const rep = f.reported_at.input.value.trim() ? parseLocal(f.reported_at.input.value) : undefined;
    if (!det) { setFieldError(f.detected_at, 'team.bad_time'); return; }
    if (rep === null) { setFieldError(f.reported_at, 'team.bad_time'); return; }
    const incident = {
      title: f.title.input.value.trim(), description: f.description.input.value.trim(),
      types: [d.scenario], detected_at: det,
    };
    if (rep) incident.reported_at = rep;
    try {
      const r = await api('POST', `/drills/${d.id}/incidents`, { incident });
      const last = r.incidents[r.incidents.length - 1];
      await reload();
      const p = h('p', { class: 'notice' }, tn('team.drill.inc.done', { id: last.id }), ' ',
        h('a', { href: `#/incidents/${encodeURIComponent(last.id)}` }, tn('team.drill.inc.open', { id: last.id })));
      fill(live, p);
    } catch (err) {
      const sub = {};
      for (const [k, v] of Object.entries(err.fields || {})) sub[k.replace(/^incident\./, '')] = v;
      if (err.fields) err.fields = sub;
      showError(err, box, f);
    }
  });
  return form;
}

function evalForm(d, live, reload) {
  const ev1 = field(`de-eval-${d.id}`, 'team.drill.evaluation', { tag: 'textarea', rows: 3 });
  const ls = field(`de-less-${d.id}`, 'team.drill.lessons', { tag: 'textarea', rows: 3 });
  ev1.input.value = d.evaluation || '';
  ls.input.value = d.lessons || '';
  const box = errorBox();
  const form = h('form', { novalidate: true }, box, ev1.wrap, ls.wrap,
    h('button', { type: 'submit', class: 'primary', 'data-i18n': 'team.drill.save_eval' }, t('team.drill.save_eval')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(box, { evaluation: ev1, lessons: ls });
    try {
      await api('PATCH', `/drills/${d.id}`, { evaluation: ev1.input.value.trim(), lessons: ls.input.value.trim() },
        { ifMatch: d.version });
      say(live, 'team.drill.saved');
      await reload();
    } catch (err) {
      showError(err, box, { evaluation: ev1, lessons: ls });
    }
  });
  return form;
}

function drillItem(d, scen, units, canWrite, live, reload) {
  const s = scen.get(d.scenario);
  const unit = units.find((u) => u.id === d.unit_id);
  return h('li', { class: 'drill' },
    h('h3', {}, d.title),
    h('p', {}, h('strong', {}, d.scenario), ' ', s ? bi(s) : null, ' · ', showDay(d.held_on),
      unit ? ` · ${unit.name}` : ''),
    d.participants?.length ? h('p', {}, tn('team.drill.participants'), ' ', d.participants.join(', ')) : null,
    timesLine(d.measured),
    (d.incidents || []).length ? h('ul', { class: 'drill-incidents' }, d.incidents.map((i) => h('li', {},
      h('a', { href: `#/incidents/${encodeURIComponent(i.id)}` }, i.id), ' ', i.title,
      i.exercise ? h('span', { class: 'badge warn flag' }, tn('team.drill.exercise')) : null))) : null,
    d.evaluation ? h('p', {}, tn('team.drill.evaluation'), ': ', d.evaluation) : null,
    d.lessons ? h('p', {}, tn('team.drill.lessons'), ': ', d.lessons) : null,
    canWrite ? h('details', {}, h('summary', { 'data-i18n': 'team.drill.inc.open_form' }, t('team.drill.inc.open_form')),
      injectForm(d, live, reload)) : null,
    canWrite ? h('details', {}, h('summary', { 'data-i18n': 'team.drill.edit_eval' }, t('team.drill.edit_eval')),
      evalForm(d, live, reload)) : null);
}

function createForm(units, me, scen, onDone) {
  const unit = unitSelect('dr-unit', units, me.unit_id);
  const title = field('dr-title', 'team.drill.f.title', { required: true });
  const scenario = field('dr-scenario', 'team.drill.f.scenario', { tag: 'select' });
  for (const [code, s] of scen) {
    const o = h('option', { value: code }, `${code} – `, bi(s));
    scenario.input.append(o);
  }
  const held = field('dr-held', 'team.drill.f.held_on', { inputmode: 'numeric' }, 'team.day_hint');
  held.input.value = nowLocal().slice(0, 10);
  const people = field('dr-people', 'team.drill.f.participants', { tag: 'textarea', rows: 3 }, 'team.drill.f.participants_hint');
  const box = errorBox();
  const fields = { unit_id: unit, title, scenario, held_on: held, participants: people };
  const form = h('form', { novalidate: true, 'aria-labelledby': 'dr-new-h' },
    heading('h2', 'team.drill.new', { id: 'dr-new-h' }), box,
    h('div', { class: 'grid2' }, unit.wrap, title.wrap, scenario.wrap, held.wrap), people.wrap,
    h('button', { type: 'submit', class: 'primary', 'data-i18n': 'team.drill.create' }, t('team.drill.create')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(box, fields);
    const typed = parseDay(held.input.value);
    if (typed === null) { setFieldError(held, 'team.bad_day'); return; }
    const day = typed || parseDay(nowLocal().slice(0, 10));
    try {
      await api('POST', '/drills', {
        unit_id: Number(unit.input.value), title: title.input.value.trim(), scenario: scenario.input.value,
        held_on: day, participants: people.input.value.split('\n').map((x) => x.trim()).filter(Boolean),
      });
      form.reset();
      held.input.value = nowLocal().slice(0, 10);
      await onDone();
    } catch (err) {
      showError(err, box, fields);
    }
  });
  return form;
}

/** The page (synchronous: the router renders at once; the data follows). */
export function drillsPage(ctx) {
  const root = h('div', { class: 'drills-page', 'aria-busy': 'true' });
  buildDrillsPage(ctx, root).finally(() => root.removeAttribute('aria-busy'));
  return { titleKey: 'team.drill.title', node: root };
}

async function buildDrillsPage(ctx, root) {
  const box = errorBox();
  const live = h('div', { class: 'drills-live', 'aria-live': 'polite' });
  const list = h('section', { class: 'card', 'aria-labelledby': 'dr-list-h' });
  add(root, h('h1', { id: 'page-h', tabindex: '-1', 'data-i18n': 'team.drill.title' }, t('team.drill.title')),
    tn('team.drill.intro', null, 'p'), live, box, list);
  const canWrite = ctx.can('incident.write');
  let units = [];
  const scen = new Map();
  try {
    const [u, pbs] = await Promise.all([unitsInScope(), api('GET', '/playbooks?default=1&limit=100')]);
    units = u;
    for (const p of pbs.items || []) scen.set(p.scenario, { vi: p.scenario_vi || p.scenario, en: p.scenario_en || p.scenario_vi || p.scenario });
  } catch (err) {
    showError(err, box);
  }
  async function reload() {
    try {
      const r = await api('GET', '/drills?limit=100');
      // the list carries no incidents nor measured times: each drill's own
      r.items = await Promise.all((r.items || []).map((d) => api('GET', `/drills/${d.id}`)));
      fill(list, heading('h2', 'team.drill.list', { id: 'dr-list-h' }),
        (r.items || []).length
          ? h('ul', { class: 'drills' }, r.items.map((d) => drillItem(d, scen, units, canWrite, live, reload)))
          : tn('team.drill.none', null, 'p'));
    } catch (err) {
      showError(err, box);
    }
  }
  await reload();
  if (canWrite && units.length) {
    add(root, h('section', { class: 'card' }, createForm(units, ctx.me, scen, async () => {
      say(live, 'team.drill.created');
      await reload();
    })));
  }
  return { titleKey: 'team.drill.title', node: root };
}
