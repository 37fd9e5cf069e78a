// Equipment, tools, software, licences and contracted services of a unit
// (trang thiết bị, công cụ, phần mềm, bản quyền, dịch vụ thuê ngoài):
// #/resources, those expiring first with their expiry in words and
// colour, filters (unit, kind, expiring within 60 days, retired too)
// kept in the URL, add and edit (If-Match; the system it serves chosen
// from the unit's registered systems), retire after a confirmation.
// GET/POST/PATCH/DELETE /api/v1/resources (/work/contract-readiness.md).
import { api } from './api.js';
import { h } from './dom.js';
import { t, tn, valueLabel } from './i18n.js';
import { field, setFieldError, setAlert } from './form.js';
import { showDay, unitsInScope } from './team.js';
import {
  cell, codeSelect, unitField, dayOf, confirmAsk, showProblem, alertBox, say, listAll,
} from './records.js';

export const KINDS = ['equipment', 'tool', 'software', 'licence', 'service'];
const SOON_DAYS = 60;
const TEXTS = ['name', 'vendor', 'model', 'serial', 'note'];
const EXPIRY_CLASS = { ok: 'ok', soon: 'warn', expired: 'bad', none: 'idle' };

/** "Còn hạn" / "Sắp hết hạn (còn 20 ngày)" / "Đã hết hạn" / "Không thời hạn", a word with the colour. */
export function expiryBadge(r) {
  if (r.status === 'retired') {
    return h('span', { class: 'badge idle rd-expiry' }, tn('readiness.rs.retired'));
  }
  const e = r.expiry || 'none';
  let label;
  if (e === 'soon') {
    const n = Math.max(0, Number(r.days_left) || 0);
    label = n === 0 ? tn('readiness.rs.expiry.today') : tn('readiness.rs.expiry.soon', { n });
  } else {
    label = valueLabel('readiness.rs.expiry', e);
  }
  return h('span', { class: `badge ${EXPIRY_CLASS[e] || 'idle'} rd-expiry rd-expiry-${e}` }, label);
}

/** The form to add (rec null) or edit a resource. */
function resourceForm(rec, opts) {
  let current = rec;
  const editing = () => current !== null;
  const box = alertBox();
  const reloadBtn = h('button', { type: 'button', class: 'secondary', hidden: true, 'data-i18n': 'readiness.reload' }, t('readiness.reload'));
  const unit = !rec && opts.units.length > 1
    ? unitField('rs-f-unit', 'readiness.unit', opts.units, opts.unitId || opts.me.unit_id) : null;
  const f = {
    kind: codeSelect('rs-f-kind', 'readiness.rs.f.kind', 'readiness.rs.kind', KINDS),
    name: field('rs-f-name', 'readiness.rs.f.name', { maxlength: 300, required: true, autocomplete: 'off' }),
    vendor: field('rs-f-vendor', 'readiness.rs.f.vendor', { autocomplete: 'off' }),
    model: field('rs-f-model', 'readiness.rs.f.model', { autocomplete: 'off' }),
    serial: field('rs-f-serial', 'readiness.rs.f.serial', { autocomplete: 'off' }),
    quantity: field('rs-f-quantity', 'readiness.rs.f.quantity', { type: 'number', min: 1, step: 1, inputmode: 'numeric' }),
    system_id: field('rs-f-system', 'readiness.rs.f.system', { tag: 'select' }, 'readiness.rs.f.system_hint'),
    acquired_on: field('rs-f-acquired', 'readiness.rs.f.acquired_on', { inputmode: 'numeric', autocomplete: 'off' }, 'readiness.day_hint_open'),
    expires_on: field('rs-f-expires', 'readiness.rs.f.expires_on', { inputmode: 'numeric', autocomplete: 'off' }, 'readiness.rs.f.expires_hint'),
    note: field('rs-f-note', 'readiness.rs.f.note', { tag: 'textarea', rows: 2 }),
  };
  if (unit) f.unit_id = unit;

  const unitOf = () => (unit ? unit.input.value : current ? current.unit_id : opts.unitId || opts.me.unit_id);
  let sysSeq = 0;
  async function loadSystems(chosen) {
    const my = ++sysSeq;
    const sel = f.system_id.input;
    sel.replaceChildren(h('option', { value: '', 'data-i18n': 'readiness.rs.f.system_none' }, t('readiness.rs.f.system_none')));
    try {
      const got = await listAll(`/systems?unit_id=${encodeURIComponent(unitOf())}`, 1000);
      if (my !== sysSeq) return;
      const list = got.filter((s) => !s.retired_at || String(s.id) === String(chosen));
      if (chosen && !list.some((s) => String(s.id) === String(chosen)) && current?.system_name) {
        list.push({ id: chosen, name: current.system_name });
      }
      for (const s of list) {
        const other = s.unit_id && String(s.unit_id) !== String(unitOf()) && s.unit_name ? ` (${s.unit_name})` : '';
        sel.append(h('option', { value: s.id, selected: String(s.id) === String(chosen) }, `${s.name}${other}`));
      }
    } catch (err) {
      if (my === sysSeq) showProblem(err, box);
    }
  }
  if (unit) unit.input.addEventListener('change', () => loadSystems(f.system_id.input.value));

  function fill(r) {
    for (const k of TEXTS) f[k].input.value = r ? r[k] || '' : '';
    f.kind.input.value = r ? r.kind : 'licence';
    f.quantity.input.value = r ? r.quantity ?? 1 : 1;
    f.acquired_on.input.value = r && r.acquired_on ? showDay(r.acquired_on) : '';
    f.expires_on.input.value = r && r.expires_on ? showDay(r.expires_on) : '';
    return loadSystems(r ? r.system_id : null);
  }

  const title = h('h2', { id: 'rs-form-h', tabindex: '-1', 'data-i18n': rec ? 'readiness.rs.edit_title' : 'readiness.rs.new_title' },
    t(rec ? 'readiness.rs.edit_title' : 'readiness.rs.new_title'));
  const save = h('button', { type: 'submit', class: 'primary', 'data-i18n': 'readiness.save' }, t('readiness.save'));
  const cancel = h('button', { type: 'button', class: 'secondary', 'data-i18n': 'readiness.cancel', onclick: () => opts.onClose() }, t('readiness.cancel'));
  const form = h('form', { class: 'card rd-form', novalidate: true, 'aria-labelledby': 'rs-form-h' },
    title,
    rec ? h('p', { class: 'rd-form-unit' }, tn('readiness.unit_of'), ' ', rec.unit_name || '') : null,
    box, reloadBtn,
    h('div', { class: 'rd-grid' }, unit ? unit.wrap : null, f.kind.wrap),
    f.name.wrap,
    h('div', { class: 'rd-grid' }, f.vendor.wrap, f.model.wrap, f.serial.wrap, f.quantity.wrap),
    f.system_id.wrap,
    h('div', { class: 'rd-grid' }, f.acquired_on.wrap, f.expires_on.wrap),
    f.note.wrap,
    h('div', { class: 'toolbar rd-actions' }, save, cancel));
  fill(rec);

  reloadBtn.addEventListener('click', async () => {
    try {
      current = await api('GET', `/resources/${current.id}`);
      await fill(current);
      for (const x of Object.values(f)) setFieldError(x, null);
      setAlert(box, null);
      reloadBtn.hidden = true;
      f.name.input.focus();
    } catch (err) {
      showProblem(err, box);
    }
  });

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    for (const x of Object.values(f)) setFieldError(x, null);
    setAlert(box, null);
    reloadBtn.hidden = true;
    const acquired = dayOf(f.acquired_on);
    const expires = dayOf(f.expires_on);
    let qty = f.quantity.input.value.trim();
    if (qty !== '' && !/^\d+$/.test(qty)) { setFieldError(f.quantity, 'field.range'); qty = null; }
    if (acquired === null || expires === null || qty === null) {
      setAlert(box, 'error.validation');
      form.querySelector('[aria-invalid="true"]')?.focus();
      return;
    }
    const body = { kind: f.kind.input.value };
    for (const k of TEXTS) body[k] = f[k].input.value.trim();
    if (qty !== '') body.quantity = Number(qty);
    const sys = f.system_id.input.value;
    if (sys) body.system_id = Number(sys);
    else if (editing()) body.system_id = null;
    if (acquired) body.acquired_on = acquired;
    else if (editing()) body.acquired_on = null;
    if (expires) body.expires_on = expires;
    else if (editing()) body.expires_on = null;
    if (unit) body.unit_id = Number(unit.input.value);
    else if (!editing() && opts.unitId) body.unit_id = Number(opts.unitId);
    save.disabled = true;
    try {
      const saved = editing()
        ? await api('PATCH', `/resources/${current.id}`, body, { ifMatch: current.version })
        : await api('POST', '/resources', body);
      await opts.onSaved(saved, !editing());
    } catch (err) {
      if (showProblem(err, box, (name) => f[name] || null)) {
        reloadBtn.hidden = false;
        reloadBtn.focus();
      }
    } finally {
      save.disabled = false;
    }
  });
  return { form, focus: () => (editing() ? title.focus() : f.name.input.focus()) };
}

export function resourcesPage(ctx) {
  const canWrite = ctx.can('team.write');
  const root = h('section', { class: 'readiness resources', 'aria-busy': 'true' });
  const live = h('div', { class: 'rd-live', 'aria-live': 'polite' });
  const box = alertBox();
  const panel = h('div', { class: 'rd-panel' });
  const count = h('p', { class: 'rd-count', 'aria-live': 'polite' });
  const results = h('div', { class: 'rd-results' });
  const kind = codeSelect('rs-kind', 'readiness.rs.f.kind', 'readiness.rs.kind', KINDS, 'readiness.rs.all_kinds');
  kind.input.value = KINDS.includes(ctx.query.get('kind')) ? ctx.query.get('kind') : '';
  const check = (id, key, on) => {
    const input = h('input', { type: 'checkbox', id, name: id, checked: on });
    return { input, wrap: h('div', { class: 'field rd-check' }, input, h('label', { for: id, 'data-i18n': key }, t(key))) };
  };
  const soon = check('rs-soon', 'readiness.rs.filter.soon', ctx.query.get('expiring') === String(SOON_DAYS));
  const retired = check('rs-retired', 'readiness.rs.filter.retired', ctx.query.get('retired') === '1');
  const filters = h('div', { class: 'toolbar rd-filters' });
  let units = [];
  let unit = null;
  let items = [];
  const openBtn = canWrite ? h('button', { type: 'button', class: 'primary', 'data-i18n': 'readiness.rs.new_open' },
    t('readiness.rs.new_open')) : null;
  const listH = h('h2', { id: 'rs-list-h', tabindex: '-1', 'data-i18n': 'readiness.rs.list' }, t('readiness.rs.list'));

  function closePanel(focusTo = null) {
    panel.replaceChildren();
    if (openBtn) openBtn.hidden = false;
    (focusTo && focusTo.isConnected ? focusTo : listH).focus();
  }

  function showForm(rec, back = null) {
    const fm = resourceForm(rec, {
      units, unitId: unit ? unit.input.value : null, me: ctx.me,
      onClose: () => closePanel(back),
      onSaved: async (saved, created) => {
        panel.replaceChildren();
        if (openBtn) openBtn.hidden = false;
        say(live, created ? 'readiness.rs.created' : 'readiness.rs.saved', { name: saved.name });
        await load();
        listH.focus();
      },
    });
    panel.replaceChildren(fm.form);
    if (openBtn) openBtn.hidden = true;
    fm.focus();
  }

  async function edit(id, back) {
    setAlert(box, null);
    try {
      showForm(await api('GET', `/resources/${id}`), back);
    } catch (err) {
      showProblem(err, box);
    }
  }

  async function retire(r, back) {
    const yes = await confirmAsk(root, {
      titleKey: 'readiness.rs.retire_title', textKey: 'readiness.rs.retire_text',
      vars: { name: r.name }, okKey: 'readiness.rs.retire_ok',
    });
    if (!yes) { back.focus(); return; }
    setAlert(box, null);
    try {
      await api('DELETE', `/resources/${r.id}`, undefined, { ifMatch: r.version });
      panel.replaceChildren();
      if (openBtn) openBtn.hidden = false;
      say(live, 'readiness.rs.retired_done', { name: r.name });
      await load();
      listH.focus();
    } catch (err) {
      if (showProblem(err, box)) await load();
    }
  }

  function row(r) {
    const sub = [r.vendor, r.model].filter(Boolean).join(' · ');
    const acts = [];
    if (canWrite && r.status !== 'retired') {
      const e = h('button', { type: 'button', class: 'secondary rd-edit', 'aria-label': `${t('readiness.edit')}: ${r.name}` }, tn('readiness.edit'));
      e.addEventListener('click', () => edit(r.id, e));
      const x = h('button', { type: 'button', class: 'secondary rd-retire', 'aria-label': `${t('readiness.rs.retire')}: ${r.name}` }, tn('readiness.rs.retire'));
      x.addEventListener('click', () => retire(r, x));
      acts.push(e, x);
    }
    return h('tr', { class: `rd-exp-${r.status === 'retired' ? 'retired' : r.expiry || 'none'}` },
      cell('readiness.rs.col.name', 'rd-c-topic',
        h('span', { class: 'rd-topic' }, r.name),
        sub ? h('span', { class: 'rd-sub' }, sub) : null,
        r.serial ? h('span', { class: 'rd-sub rd-mono' }, r.serial) : null,
        units.length > 1 ? h('span', { class: 'rd-sub' }, r.unit_name || '') : null),
      cell('readiness.rs.col.kind', 'rd-c-kind', valueLabel('readiness.rs.kind', r.kind)),
      cell('readiness.rs.col.quantity', 'rd-c-num', String(r.quantity ?? 1)),
      cell('readiness.rs.col.system', 'rd-c-sys', r.system_name || h('span', { class: 'rd-muted' }, tn('readiness.rs.no_system'))),
      cell('readiness.rs.col.expires', 'rd-c-exp',
        h('span', { class: 'rd-date' }, r.expires_on ? showDay(r.expires_on) : ''),
        expiryBadge(r)),
      cell(null, 'rd-c-act', acts.length ? h('span', { class: 'rd-acts' }, acts) : null));
  }

  function table() {
    return h('div', { class: 'table-wrap' }, h('table', { class: 'data rd-table rd-cards' },
      h('caption', { class: 'sr-only', 'data-i18n': 'readiness.rs.list' }, t('readiness.rs.list')),
      h('thead', {}, h('tr', {},
        ['name', 'kind', 'quantity', 'system', 'expires'].map((c) =>
          h('th', { scope: 'col', class: c === 'quantity' ? 'rd-c-num' : null, 'data-i18n': `readiness.rs.col.${c}` }, t(`readiness.rs.col.${c}`))),
        h('th', { scope: 'col' }, h('span', { class: 'sr-only', 'data-i18n': 'readiness.col.actions' }, t('readiness.col.actions'))))),
      h('tbody', {}, items.map(row))));
  }

  let seq = 0;
  async function load() {
    const my = ++seq;
    const q = {};
    if (unit && unit.input.value) q.unit_id = unit.input.value;
    if (kind.input.value) q.kind = kind.input.value;
    if (soon.input.checked) q.expiring = String(SOON_DAYS);
    if (retired.input.checked) q.retired = '1';
    ctx.setQuery(q);
    const p = new URLSearchParams();
    if (q.unit_id) p.set('unit_id', q.unit_id);
    if (q.kind) p.set('kind', q.kind);
    if (q.expiring) p.set('expiring', q.expiring);
    p.set('status', q.retired ? 'all' : 'active');
    count.replaceChildren(h('span', { class: 'loading' }, tn('readiness.loading')));
    try {
      const got = await listAll(`/resources?${p}`);
      if (my !== seq) return;
      setAlert(box, null);
      items = got;
      const active = items.filter((r) => r.status !== 'retired');
      const n = (e) => active.filter((r) => r.expiry === e).length;
      count.replaceChildren(tn(items.length ? 'readiness.rs.count' : 'readiness.rs.empty',
        { n: items.length, soon: n('soon'), expired: n('expired') }));
      results.replaceChildren(items.length ? table() : '');
    } catch (err) {
      if (my !== seq) return;
      count.replaceChildren();
      showProblem(err, box);
    }
  }

  for (const x of [kind.input, soon.input, retired.input]) x.addEventListener('change', load);
  if (openBtn) openBtn.addEventListener('click', () => showForm(null, openBtn));
  const relabel = () => {
    for (const tr of results.querySelectorAll('tbody tr')) {
      const name = tr.querySelector('.rd-topic')?.textContent || '';
      tr.querySelector('.rd-edit')?.setAttribute('aria-label', `${t('readiness.edit')}: ${name}`);
      tr.querySelector('.rd-retire')?.setAttribute('aria-label', `${t('readiness.rs.retire')}: ${name}`);
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
      unit = unitField('rs-unit', 'readiness.unit', units, ctx.query.get('unit_id') || '', 'readiness.all_units');
      unit.input.addEventListener('change', load);
      filters.append(unit.wrap);
    }
    filters.append(kind.wrap, h('div', { class: 'rd-checks' }, soon.wrap, retired.wrap));
    await load();
    root.removeAttribute('aria-busy');
  })();

  root.append(
    h('div', { class: 'rd-top' },
      h('h1', { id: 'page-h', tabindex: '-1', 'data-i18n': 'readiness.rs.title' }, t('readiness.rs.title')),
      openBtn),
    h('p', { class: 'intro', 'data-i18n': 'readiness.rs.intro' }, t('readiness.rs.intro')),
    h('p', { class: 'rd-links' }, h('a', { href: '#/training', 'data-i18n': 'readiness.to_training' }, t('readiness.to_training'))),
    live, panel,
    h('section', { class: 'rd-list', 'aria-labelledby': 'rs-list-h' }, listH, filters, box, count, results));
  return {
    titleKey: 'readiness.rs.title', node: root,
    leave: () => document.removeEventListener('langchange', relabel),
  };
}
