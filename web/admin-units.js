// The unit tree (#/admin/units): the units in the person's scope as
// nested lists that open and close; choosing one opens its editor: its
// details and signer (PATCH with If-Match; a 412 reloads the form and
// keeps what was typed beside each field), a child unit, and a move
// under another parent (only parents in scope, never below itself).
import { api } from './api.js';
import { h } from './dom.js';
import { t, tn, valueLabel } from './i18n.js';
import { field, setFieldError, setAlert, problemKey } from './form.js';
import {
  adminFrame, deniedPage, fetchUnits, unitText, unitOptions, isUnder, clearErrors, showProblem,
  alertBox, statusBox, say, busy, button, hidden, keepTyped, clearTyped, KINDS,
} from './admin.js';

const PATH = '/admin/units';
const TITLE = 'admin.units.title';
const PREFIXES = ['', 'KT.', 'TM.', 'Q.', 'TL.', 'TUQ.'];
// the editable text fields, in the order of the form
const TEXT = ['name', 'symbol', 'supervising_name', 'signer_title', 'signer_name', 'address', 'phone', 'email'];

function kindField(id, value) {
  const f = field(id, 'admin.units.kind', { tag: 'select' });
  f.input.append(...KINDS.map((k) => h('option', {
    value: k, selected: k === value, 'data-i18n': `admin.kind.${k}`,
  }, t(`admin.kind.${k}`))));
  return f;
}

/** The signer prefixes, plus the unit's own when it is another one. */
function prefixOptions(value) {
  const list = PREFIXES.includes(value) ? PREFIXES : [...PREFIXES, value];
  return list.map((p) => {
    const key = p === '' ? 'admin.prefix.none' : `admin.prefix.${p.replace('.', '')}`;
    return PREFIXES.includes(p)
      ? h('option', { value: p, selected: p === value, 'data-i18n': key }, t(key))
      : h('option', { value: p, selected: true }, p);
  });
}

function prefixField(id, value) {
  const f = field(id, 'admin.units.signer_prefix', { tag: 'select' }, 'admin.units.signer_prefix_hint');
  f.input.append(...prefixOptions(value));
  return f;
}

/** A checkbox laid out like the other fields (same {wrap, input, err}). */
function checkField(id, labelKey, hintKey) {
  const err = h('p', { class: 'field-error', id: `${id}-err`, hidden: true });
  const hint = h('p', { class: 'hint', id: `${id}-hint`, 'data-i18n': hintKey }, t(hintKey));
  const input = h('input', { type: 'checkbox', id, name: id, 'aria-describedby': `${id}-hint` });
  const wrap = h('div', { class: 'field admin-check' },
    h('div', { class: 'check-row' }, input,
      h('label', { for: id, 'data-i18n': labelKey }, t(labelKey))), hint, err);
  return { wrap, input, err, hint };
}

const LABELS = {
  name: ['admin.units.name', null],
  symbol: ['admin.units.symbol', 'admin.units.symbol_hint'],
  supervising_name: ['admin.units.supervising_name', 'admin.units.supervising_hint'],
  signer_title: ['admin.units.signer_title', 'admin.units.signer_title_hint'],
  signer_name: ['admin.units.signer_name', null],
  address: ['admin.units.address', null],
  phone: ['admin.units.phone', null],
  email: ['admin.units.email', null],
};

function textField(prefix, key) {
  const [label, hint] = LABELS[key];
  const type = key === 'email' ? 'email' : key === 'phone' ? 'tel' : 'text';
  return field(`${prefix}-${key}`, label, {
    type, autocomplete: 'off', spellcheck: key === 'name' || key === 'address' ? null : 'false',
    required: key === 'name' ? true : null,
  }, hint);
}

export function unitsPage(ctx) {
  if (!ctx.can('unit.write')) return deniedPage(ctx, PATH, TITLE);
  const st = { units: [], byId: new Map(), open: new Set(), sel: null, cur: null, alive: true };
  const loadAlert = alertBox();
  const treeBox = h('div', { class: 'tree-box', 'aria-busy': 'true' },
    h('p', { class: 'loading', 'data-i18n': 'app.loading' }, t('app.loading')));
  const editor = h('div', { class: 'unit-editor' });
  const treeCard = h('section', { class: 'card tree-card', 'aria-labelledby': 'tree-h' },
    h('h2', { id: 'tree-h', 'data-i18n': 'admin.units.tree' }, t('admin.units.tree')),
    h('div', { class: 'toolbar' },
      button('admin.units.expand_all', 'secondary small', { onclick: () => setAll(true) }),
      button('admin.units.collapse_all', 'secondary small', { onclick: () => setAll(false) })),
    treeBox);
  const node = adminFrame(ctx, PATH, TITLE,
    h('p', { class: 'intro', 'data-i18n': 'admin.units.intro' }, t('admin.units.intro')),
    loadAlert,
    h('div', { class: 'units-layout' }, treeCard, editor));

  function index(units) {
    st.units = units;
    st.byId = new Map(units.map((u) => [u.id, u]));
  }

  function topDepth() {
    return st.units.reduce((m, u) => Math.min(m, u.depth), Infinity);
  }

  function setAll(open) {
    st.open = new Set(open ? st.units.map((u) => u.id) : []);
    renderTree();
  }

  /** Open the branches down to a unit, so that it shows. */
  function reveal(id) {
    for (let u = st.byId.get(st.byId.get(id)?.parent_id); u; u = st.byId.get(u.parent_id)) {
      st.open.add(u.id);
    }
  }

  function item(u, kids) {
    const children = kids.get(u.id) || [];
    const open = st.open.has(u.id);
    const listId = `unit-kids-${u.id}`;
    const toggle = children.length
      ? h('button', {
        type: 'button', class: 'tree-toggle', 'aria-expanded': String(open), 'aria-controls': listId,
        onclick: () => {
          if (st.open.has(u.id)) st.open.delete(u.id); else st.open.add(u.id);
          const now = st.open.has(u.id);
          toggle.setAttribute('aria-expanded', String(now));
          document.getElementById(listId).hidden = !now;
        },
      }, h('span', { class: 'chev', 'aria-hidden': 'true' }), hidden('admin.units.children_of', { name: u.name }))
      : h('span', { class: 'tree-leaf', 'aria-hidden': 'true' });
    const pick = h('button', {
      type: 'button', class: 'tree-unit', 'data-unit': String(u.id),
      'aria-current': st.sel === u.id ? 'true' : null, onclick: () => select(u.id, true),
    }, h('span', { class: 'tree-name' }, u.name), ' ',
    h('span', { class: 'tree-meta' }, h('span', { class: 'code' }, u.code), ' · ', valueLabel('admin.kind', u.kind)));
    return h('li', {},
      h('div', { class: 'tree-row' }, toggle, pick),
      children.length ? h('ul', { id: listId, hidden: !open }, children.map((c) => item(c, kids))) : null);
  }

  function renderTree() {
    const kids = new Map();
    const roots = [];
    for (const u of st.units) {
      if (u.parent_id !== null && st.byId.has(u.parent_id)) {
        if (!kids.has(u.parent_id)) kids.set(u.parent_id, []);
        kids.get(u.parent_id).push(u);
      } else {
        roots.push(u);
      }
    }
    treeBox.replaceChildren(h('ul', { class: 'unit-tree', 'aria-labelledby': 'tree-h' },
      roots.map((u) => item(u, kids))));
    treeBox.removeAttribute('aria-busy');
  }

  async function load(selectId) {
    try {
      index(await fetchUnits());
    } catch (err) {
      if (!err.slug) throw err;
      treeBox.replaceChildren();
      treeBox.removeAttribute('aria-busy');
      if (err.status !== 401) setAlert(loadAlert, problemKey(err));
      return;
    }
    if (st.open.size === 0) {
      const top = topDepth();
      for (const u of st.units) if (u.depth === top) st.open.add(u.id);
    }
    if (selectId && st.byId.has(selectId)) {
      reveal(selectId);
      st.sel = selectId;
    } else if (st.sel && !st.byId.has(st.sel)) {
      st.sel = null;
    }
    renderTree();
  }

  function select(id, focus) {
    st.sel = id;
    ctx.setQuery({ unit: String(id) });
    for (const b of treeBox.querySelectorAll('.tree-unit')) {
      if (b.dataset.unit === String(id)) b.setAttribute('aria-current', 'true');
      else b.removeAttribute('aria-current');
    }
    showEditor(st.byId.get(id), focus);
  }

  function emptyEditor() {
    editor.replaceChildren(h('p', { class: 'card empty-choice', 'data-i18n': 'admin.units.choose' },
      t('admin.units.choose')));
  }

  // ------------------------------------------------------------ editor

  function showEditor(unit, focus) {
    st.cur = unit;
    const status = statusBox();
    const heading = h('h2', { id: 'unit-h', tabindex: '-1' }, unit.name);
    const parent = st.byId.get(unit.parent_id);
    const meta = h('p', { class: 'unit-meta' },
      tn('admin.units.code_is', { code: unit.code }), ' · ', valueLabel('admin.kind', unit.kind),
      parent ? [' · ', tn('admin.units.parent_is', { name: unitText(parent) })] : null);
    const move = moveForm(unit, status);
    st.boxes = { status, moveAlert: move.querySelector('[role="alert"]') };
    editor.replaceChildren(h('section', { class: 'editor', 'aria-labelledby': 'unit-h' },
      heading, meta, status, editForm(unit, status, heading, meta), addForm(unit), move));
    if (focus) heading.focus();
  }

  function refreshHeading(heading, meta, unit) {
    heading.textContent = unit.name;
    const parent = st.byId.get(unit.parent_id);
    meta.replaceChildren(tn('admin.units.code_is', { code: unit.code }), ' · ', valueLabel('admin.kind', unit.kind),
      ...(parent ? [' · ', tn('admin.units.parent_is', { name: unitText(parent) })] : []));
  }

  function editForm(unit, status, heading, meta) {
    const alert = alertBox();
    const f = {};
    for (const k of TEXT) f[k] = textField('ue', k);
    f.kind = kindField('ue-kind', unit.kind);
    f.signer_prefix = prefixField('ue-signer_prefix', unit.signer_prefix);
    f.require_totp = checkField('ue-require_totp', 'admin.units.require_totp', 'admin.units.require_totp_hint');
    const typedNotes = [];
    const save = h('button', { type: 'submit', class: 'primary', 'data-i18n': 'admin.save' }, t('admin.save'));
    const form = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'ue-h' },
      h('h3', { id: 'ue-h', 'data-i18n': 'admin.units.edit' }, t('admin.units.edit')),
      alert,
      h('div', { class: 'grid2' }, f.name.wrap, f.kind.wrap),
      h('fieldset', {},
        h('legend', { 'data-i18n': 'admin.units.doc' }, t('admin.units.doc')),
        h('div', { class: 'grid2' }, f.symbol.wrap, f.supervising_name.wrap),
        h('div', { class: 'grid3' }, f.signer_prefix.wrap, f.signer_title.wrap, f.signer_name.wrap)),
      h('fieldset', {},
        h('legend', { 'data-i18n': 'admin.units.contact' }, t('admin.units.contact')),
        f.address.wrap,
        h('div', { class: 'grid2' }, f.phone.wrap, f.email.wrap)),
      f.require_totp.wrap,
      h('div', { class: 'actions' }, save));

    function fill(u) {
      for (const k of TEXT) f[k].input.value = u[k] ?? '';
      f.kind.input.value = u.kind;
      f.signer_prefix.input.replaceChildren(...prefixOptions(u.signer_prefix));
      f.signer_prefix.input.value = u.signer_prefix;
      f.require_totp.input.checked = !!u.require_totp;
    }

    function read() {
      const v = {};
      for (const k of TEXT) v[k] = f[k].input.value.trim();
      v.kind = f.kind.input.value;
      v.signer_prefix = f.signer_prefix.input.value;
      v.require_totp = f.require_totp.input.checked;
      return v;
    }

    fill(unit);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearErrors(alert, f);
      status.hidden = true;
      const v = read();
      if (v.name === '') {
        setFieldError(f.name, 'field.required');
        f.name.input.focus();
        return;
      }
      const body = {};
      for (const [k, x] of Object.entries(v)) if (x !== st.cur[k]) body[k] = x;
      if (Object.keys(body).length === 0) {
        say(status, 'admin.no_change');
        return;
      }
      await busy(save, async () => {
        try {
          const u = await api('PATCH', `/units/${st.cur.id}`, body, { ifMatch: st.cur.version });
          clearTyped(typedNotes);
          updateUnit(u);
          fill(u);
          refreshHeading(heading, meta, u);
          say(status, 'admin.units.saved', { name: u.name });
        } catch (err) {
          if (!err.slug) throw err;
          if (err.status === 412) {
            await stale(v);
            return;
          }
          const first = showProblem(alert, f, err);
          if (first) first.input.focus();
        }
      });
    });

    async function stale(typed) {
      try {
        const fresh = await api('GET', `/units/${st.cur.id}`);
        updateUnit(fresh);
        fill(fresh);
        refreshHeading(heading, meta, fresh);
        setAlert(alert, 'admin.units.changed');
        const first = keepTyped(f, typed, fresh, typedNotes);
        if (first) first.focus();
      } catch (err) {
        if (!err.slug) throw err;
        setAlert(alert, err.status === 404 ? 'admin.units.gone' : 'admin.load_failed');
      }
    }
    return form;
  }

  function updateUnit(u) {
    const i = st.units.findIndex((x) => x.id === u.id);
    if (i >= 0) st.units[i] = u;
    st.byId.set(u.id, u);
    st.cur = u;
    renderTree();
  }

  function addForm(parent) {
    const alert = alertBox();
    const f = {
      code: field('ua-code', 'admin.units.code', {
        type: 'text', autocomplete: 'off', spellcheck: 'false', autocapitalize: 'characters', required: true,
      }, 'admin.units.code_hint'),
      name: textField('ua', 'name'),
      kind: kindField('ua-kind', 'office'),
      symbol: textField('ua', 'symbol'),
    };
    const add = h('button', { type: 'submit', class: 'primary', 'data-i18n': 'admin.units.add_submit' },
      t('admin.units.add_submit'));
    const form = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'ua-h' },
      h('h3', { id: 'ua-h' }, tn('admin.units.add_under', { name: parent.name })),
      alert,
      h('div', { class: 'grid2' }, f.code.wrap, f.kind.wrap),
      f.name.wrap, f.symbol.wrap,
      h('div', { class: 'actions' }, add));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearErrors(alert, f);
      const body = {
        parent_id: parent.id, code: f.code.input.value.trim().toUpperCase(),
        name: f.name.input.value.trim(), kind: f.kind.input.value,
      };
      const symbol = f.symbol.input.value.trim();
      if (symbol !== '') body.symbol = symbol;
      let first = null;
      for (const k of ['code', 'name']) {
        if (body[k] === '') { setFieldError(f[k], 'field.required'); first ??= f[k].input; }
      }
      if (first) { first.focus(); return; }
      await busy(add, async () => {
        try {
          const u = await api('POST', '/units', body);
          await load(u.id);
          select(u.id, true);
          say(st.boxes.status, 'admin.units.added', { name: u.name });
        } catch (err) {
          if (!err.slug) throw err;
          const bad = showProblem(alert, f, err);
          if (bad) bad.input.focus();
        }
      });
    });
    return form;
  }

  function moveForm(unit, status) {
    const alert = alertBox();
    const choices = st.units.filter((u) => !isUnder(st.byId, u.id, unit.id));
    const f = { parent_id: field('um-parent', 'admin.units.new_parent', { tag: 'select' }, 'admin.units.move_hint') };
    f.parent_id.input.append(...unitOptions(choices, unit.parent_id));
    const go = h('button', { type: 'submit', class: 'primary', 'data-i18n': 'admin.units.move_submit' },
      t('admin.units.move_submit'));
    const form = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'um-h' },
      h('h3', { id: 'um-h', 'data-i18n': 'admin.units.move' }, t('admin.units.move')),
      alert);
    if (choices.length === 0) {
      form.append(h('p', { class: 'hint', 'data-i18n': 'admin.units.no_parent' }, t('admin.units.no_parent')));
      return form;
    }
    form.append(f.parent_id.wrap, h('div', { class: 'actions' }, go));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearErrors(alert, f);
      const target = Number(f.parent_id.input.value);
      if (target === st.cur.parent_id) {
        say(status, 'admin.units.same_parent');
        return;
      }
      await busy(go, async () => {
        try {
          const u = await api('POST', `/units/${st.cur.id}/move`, { parent_id: target }, { ifMatch: st.cur.version });
          await load(u.id);
          select(u.id, true);
          say(st.boxes.status, 'admin.units.moved',
            { name: u.name, parent: unitText(st.byId.get(u.parent_id)) });
        } catch (err) {
          if (!err.slug) throw err;
          if (err.status === 412) {
            await load(st.cur.id);
            select(st.cur.id, false);
            setAlert(st.boxes.moveAlert, 'admin.units.changed_move');
            return;
          }
          const bad = showProblem(alert, f, err);
          if (bad) bad.input.focus();
        }
      });
    });
    return form;
  }

  emptyEditor();
  const want = Number(ctx.query.get('unit')) || null;
  load(want).then(() => {
    if (st.sel && st.alive) showEditor(st.byId.get(st.sel), false);
  });
  return {
    titleKey: TITLE,
    node,
    leave() { st.alive = false; },
  };
}
