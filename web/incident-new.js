// The new-incident page: a unit's own report or a third party's notice
// (regulation §3.3 A-B), with the initial report (Mẫu 03) when needed,
// posted to POST /api/v1/incidents. Labels and choices come from the rule
// pack in use. What is typed is kept as a draft in this browser (per
// person) until the server has it; a lost connection loses nothing, and
// the retry carries the same Idempotency-Key, so it cannot report twice.
import { api, ApiError } from './api.js';
import { h } from './dom.js';
import { t, tn, tOr } from './i18n.js';
import { setAlert, problemKey, fieldKey } from './form.js';
import { formatDateTime } from './format.js';
import { buildSections } from './incident-new-form.js';
import { autofill } from './incident-new-report.js';
import { collect, check, isNotice, seriousHint } from './incident-new-body.js';
import { setErr, localNow } from './incident-new-parts.js';

const DRAFT_KEY = 'ungcuu.draft.incident-new.';

async function listAll(path) {
  const out = [];
  let cursor = null;
  do {
    const q = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const res = await api('GET', `${path}?limit=200${q}`);
    out.push(...res.items);
    cursor = res.next_cursor;
  } while (cursor);
  return out;
}

async function loadPack() {
  const list = await api('GET', '/rulepacks');
  const use = list.items.find((p) => p.in_use) || list.items.find((p) => p.default) || list.items[0];
  return api('GET', `/rulepacks/${encodeURIComponent(use.id)}`);
}

/** A random key for one request body (works without a secure context). */
function newKey() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

function store(key, value) {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch { /* private mode or full: the form still works */ }
}
function stored(key) {
  try { const d = JSON.parse(localStorage.getItem(key)); return d && d.v === 1 ? d : null; } catch { return null; }
}

/** Give an element the text of a key (kept in the language), or none. */
function setKey(el, key, vars = null) {
  if (key === null) {
    delete el.dataset.i18n;
    delete el.dataset.i18nVars;
    el.textContent = '';
    return;
  }
  el.dataset.i18n = key;
  if (vars) el.dataset.i18nVars = JSON.stringify(vars);
  else delete el.dataset.i18nVars;
  el.textContent = t(key, vars || {});
}

/** The page once the pack and the units are known. */
function formView(ctx, pack, units, top) {
  const me = ctx.me;
  const draftKey = DRAFT_KEY + me.id;
  const { nodes, f, reg } = buildSections({ pack, units, me }, () => save());
  const submit = h('button', { type: 'submit', class: 'primary', id: 'n-submit' }, tn('new.submit'));
  const savedNote = h('p', { class: 'hint saved' });
  const form = h('form', { class: 'ni-form', novalidate: true, 'aria-labelledby': 'page-h' },
    ...nodes, h('div', { class: 'actions' }, submit, savedNote));
  const st = { reportedAuto: true, pending: null, busy: false, done: false, shown: new Set() };
  const unitOf = () => units.find((u) => String(u.id) === (f.unit ? f.unit.input.value : String(units[0]?.id)));

  // ------------------------------------------------ state and draft
  function sync() {
    const notice = isNotice(f);
    for (const id of ['n-s-notice', 'n-s-notice2']) form.querySelector(`#${id}`).hidden = !notice;
    setKey(f.reported.name, notice ? 'new.received' : 'new.reported');
    setKey(f.reported.hint, notice ? 'new.when.hint' : 'new.when.hint_now');
    setKey(form.querySelector('label[for="n-rep-date"] span'), notice ? 'new.received_date' : 'new.reported_date');
    setKey(form.querySelector('label[for="n-rep-time"] span'), notice ? 'new.received_time' : 'new.reported_time');
    setKey(f.systemsGroup.hint, notice ? 'new.systems.hint_notice' : 'new.systems.hint');
    f.report.body.hidden = !f.report.toggle.input.checked;
    const s = seriousHint(f, pack);
    f.verdict.replaceChildren(h('strong', {}, tn('new.verdict.label')), ' ',
      h('span', { class: `badge ${s.serious ? 'bad' : 'idle'}` }, tn(s.serious ? 'new.verdict.serious' : 'new.verdict.normal')),
      ' ', tn(s.serious ? 'new.verdict.serious_note' : 'new.verdict.normal_note'));
  }
  function nowIntoReported() {
    [f.reported.date.value, f.reported.time.value] = localNow();
  }
  function serialize() {
    const values = {};
    const autos = {};
    for (const el of form.querySelectorAll('input, select, textarea')) {
      if (!el.id) continue;
      values[el.id] = el.type === 'checkbox' || el.type === 'radio' ? el.checked : el.value;
      if (el.dataset.auto !== undefined) autos[el.id] = el.dataset.auto;
    }
    return { v: 1, saved: Date.now(), systems: f.systems.length, values, autos, reportedAuto: st.reportedAuto, pending: st.pending };
  }
  function apply(d) {
    f.setSystems(Array.from({ length: Math.max(1, d.systems || 1) },
      () => ({ name: '', domain: '', ip: '', level: '0', critical: false })));
    for (const el of form.querySelectorAll('input, select, textarea')) {
      delete el.dataset.auto;
      if (!(el.id in d.values)) continue;
      const v = d.values[el.id];
      if (el.type === 'checkbox' || el.type === 'radio') el.checked = v === true;
      else el.value = v;
      if (el.tagName === 'SELECT' && el.selectedIndex < 0) el.value = defaults.values[el.id] ?? '';
    }
    for (const [id, v] of Object.entries(d.autos || {})) { const el = form.querySelector(`#${CSS.escape(id)}`); if (el) el.dataset.auto = v; }
    st.reportedAuto = d.reportedAuto !== false;
    st.pending = d.pending || null;
    if (st.reportedAuto && !st.pending) nowIntoReported();
    for (const x of [f.tlp, f.priority]) if (x) x.sync();
    sync();
  }
  function save() {
    if (st.done) return;
    const d = serialize();
    store(draftKey, d);
    setKey(savedNote, 'new.draft.saved', { time: formatDateTime(new Date(d.saved).toISOString()) });
  }

  // ------------------------------------------------ errors
  function clearErrors() {
    for (const x of st.shown) setErr(x, null);
    st.shown.clear();
    top.summary.hidden = true;
    setAlert(top.problem, null);
    top.offline.hidden = true;
  }
  /** The field of an API path: itself, else without its [index], else its parent. */
  function resolve(path) {
    let p = path;
    let index = null;
    while (p) {
      if (reg.has(p)) return { entry: reg.get(p), index };
      const m = /^(.*)\[(\d+)\]$/.exec(p);
      if (m) { index ??= Number(m[2]); p = m[1]; continue; }
      p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '';
    }
    return { entry: null, index: null };
  }
  function messageKey(code, entry) {
    if (code === 'format' && entry && entry.formatKey) return entry.formatKey;
    return tOr(`new.err.${code}`, null) !== null ? `new.err.${code}` : fieldKey(code);
  }
  /** errors: [{entry|null, path, key, vars, focus}] -> beside the fields, and the summary on top. */
  function showErrors(errors) {
    const seen = new Set();
    const mapped = [];
    const loose = [];
    for (const e of errors) {
      if (!e.entry) { loose.push(e); continue; }
      if (seen.has(e.entry)) continue;
      seen.add(e.entry);
      setErr(e.entry, e.key, e.vars, e.focus || null);
      st.shown.add(e.entry);
      mapped.push(e);
    }
    const pos = (e) => e.entry.wrap;
    mapped.sort((a, b) => (pos(a).compareDocumentPosition(pos(b)) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    const items = [
      ...loose.map((e) => h('li', {}, h('strong', {}, e.path), ': ', tn(e.key, e.vars))),
      ...mapped.map((e) => {
        const target = e.focus || e.entry.focusEl;
        const where = e.entry.context ? [e.entry.context.cloneNode(true), ' – '] : [];
        const a = h('a', { href: `#${target.id}` }, ...where, e.entry.name.cloneNode(true), ': ', tn(e.key, e.vars));
        a.addEventListener('click', (ev) => {
          ev.preventDefault();
          target.focus();
          target.scrollIntoView({ block: 'center' });
        });
        return h('li', {}, a);
      }),
    ];
    top.summaryList.replaceChildren(...items);
    setKey(top.summaryHead, 'new.summary.title', { n: items.length });
    top.summary.hidden = false;
    top.summary.focus();
  }
  function fromServer(err) {
    return Object.entries(err.fields).map(([path, fe]) => {
      const { entry, index } = resolve(path);
      const key = messageKey(fe.code, entry);
      const vars = entry && entry.list && index !== null ? { value: entry.list()[index] ?? '' } : null;
      return { entry, path, key, vars };
    });
  }

  // ------------------------------------------------ sending
  async function send(ev) {
    ev.preventDefault();
    if (st.busy) return;
    clearErrors();
    if (st.reportedAuto && !st.pending) nowIntoReported();
    const local = check(f, pack).map((e) => ({ ...e, entry: reg.get(e.path) || null }));
    if (local.length) { showErrors(local); return; }
    const text = JSON.stringify(collect(f));
    if (!st.pending || st.pending.body !== text) st.pending = { key: newKey(), body: text };
    save();
    st.busy = true;
    submit.disabled = true;
    submit.setAttribute('aria-busy', 'true');
    setKey(submit, 'new.sending');
    try {
      const inc = await api('POST', '/incidents', JSON.parse(text),
        { headers: { 'Idempotency-Key': st.pending.key } });
      st.done = true;
      store(draftKey, null);
      ctx.go(`/incidents/${encodeURIComponent(inc.id)}`);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      failed(err);
    } finally {
      st.busy = false;
      submit.disabled = false;
      submit.removeAttribute('aria-busy');
      setKey(submit, 'new.submit');
    }
  }
  function failed(err) {
    if (err.status === 0) {
      top.offline.hidden = false;
      top.offline.focus();
      return;
    }
    st.pending = null; // the server keeps no key for a refused request
    save();
    if (err.status === 401) return; // the shell asks to sign in again; the draft waits
    if (Object.keys(err.fields).length) { showErrors(fromServer(err)); return; }
    setAlert(top.problem, err.status === 409 ? 'new.conflict' : problemKey(err));
    top.problem.focus();
  }

  // ------------------------------------------------ wiring
  form.addEventListener('submit', send);
  const changed = (ev) => {
    const id = ev.target.id || '';
    if (id.startsWith('n-rep-')) st.reportedAuto = false;
    if (ev.target === f.report.toggle.input && ev.target.checked) autofill(f.report, unitOf(), me, f.readSystems()[0]?.name);
    if (f.unit && ev.target === f.unit.input && f.report.toggle.input.checked) autofill(f.report, unitOf(), me, null);
    if (ev.target.dataset.auto !== undefined && ev.target.value !== ev.target.dataset.auto) delete ev.target.dataset.auto;
    if (ev.target === f.beyond.input && ev.target.checked && !f.report.toggle.input.checked) {
      f.report.toggle.input.checked = true;
      autofill(f.report, unitOf(), me, f.readSystems()[0]?.name);
    }
    sync();
    save();
  };
  form.addEventListener('input', changed);
  form.addEventListener('change', changed);
  top.retry.addEventListener('click', () => form.requestSubmit(submit));

  nowIntoReported();
  sync();
  const defaults = serialize();
  const draft = stored(draftKey);
  if (draft) {
    apply(draft);
    setKey(top.draftText, 'new.draft.restored', { time: formatDateTime(new Date(draft.saved).toISOString()) });
    top.discard.hidden = false;
    top.draftNote.hidden = false;
    setKey(savedNote, 'new.draft.saved', { time: formatDateTime(new Date(draft.saved).toISOString()) });
  }
  top.discard.addEventListener('click', () => {
    store(draftKey, null);
    clearErrors();
    apply({ ...defaults, pending: null, reportedAuto: true });
    setKey(savedNote, null);
    setKey(top.draftText, 'new.draft.discarded');
    top.discard.hidden = true;
    top.draftNote.focus();
  });
  return { form, stop: () => { st.done = true; } };
}

export function newIncidentPage(ctx) {
  const heading = h('h1', { id: 'page-h', tabindex: '-1' }, tn('nav.new_incident'));
  const body = h('div', { class: 'ni-body', 'aria-busy': 'true' }, h('p', { class: 'loading' }, tn('app.loading')));
  const top = {
    draftText: h('span', {}),
    discard: h('button', { type: 'button', class: 'secondary', hidden: true }, tn('new.draft.discard')),
    problem: h('div', { class: 'alert error', role: 'alert', tabindex: '-1', hidden: true }),
    summaryHead: h('h2', { id: 'n-summary-h' }),
    summaryList: h('ul', {}),
    retry: h('button', { type: 'button', class: 'secondary' }, tn('new.retry')),
  };
  top.draftNote = h('div', { class: 'notice draft', role: 'status', tabindex: '-1', hidden: true }, h('p', {}, top.draftText), top.discard);
  top.offline = h('div', { class: 'alert warn offline', role: 'alert', tabindex: '-1', hidden: true },
    h('p', {}, tn('new.offline')), top.retry);
  top.summary = h('div', { class: 'error-summary', tabindex: '-1', 'aria-labelledby': 'n-summary-h', role: 'alert', hidden: true },
    top.summaryHead, top.summaryList);
  const node = h('section', { class: 'new-incident', 'aria-labelledby': 'page-h' }, heading,
    h('p', { class: 'intro' }, tn('new.intro')), h('p', { class: 'req-note' }, tn('new.required_note')),
    top.draftNote, top.offline, top.problem, top.summary, body);
  let view = null;
  let left = false;

  async function load() {
    body.setAttribute('aria-busy', 'true');
    try {
      const [pack, units] = await Promise.all([loadPack(), listAll('/units')]);
      if (left) return;
      view = formView(ctx, pack, units, top);
      body.replaceChildren(view.form);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.status === 401) return;
      const again = h('button', { type: 'button', class: 'secondary' }, tn('new.reload'));
      again.addEventListener('click', load);
      const alert = h('div', { class: 'alert error', role: 'alert' });
      setAlert(alert, problemKey(err));
      body.replaceChildren(alert, again);
    } finally {
      body.removeAttribute('aria-busy');
    }
  }
  if (!ctx.can('incident.write')) {
    body.removeAttribute('aria-busy');
    body.replaceChildren(h('p', { class: 'alert error' }, tn('error.forbidden')));
  } else {
    load();
  }
  return {
    titleKey: 'nav.new_incident',
    node,
    leave() { left = true; if (view) view.stop(); },
  };
}
