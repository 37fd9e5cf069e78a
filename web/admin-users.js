// Users and roles (#/admin/users): the users in scope, filtered by unit
// (with the units below it) and by name or login; with user.write, a new
// account, and for each account its details (PATCH, If-Match), its roles
// (role x unit, PUT /users/{id}/roles with If-Match) and disabling it
// after a confirmation. Filters and the chosen user stay in the URL.
import { api } from './api.js';
import { h } from './dom.js';
import { t, tn, valueLabel } from './i18n.js';
import { field, setFieldError, setAlert, problemKey } from './form.js';
import {
  adminFrame, deniedPage, fetchAll, fetchUnits, unitText, unitOptions, isUnder, clearErrors, showProblem,
  alertBox, statusBox, say, busy, button, hidden, keepTyped, clearTyped, roleText, confirmDialog, ROLES,
} from './admin.js';

const PATH = '/admin/users';
const TITLE = 'admin.users.title';

/** Lower case without diacritics: "Đỗ Thị Xuân" -> "do thi xuan". */
function fold(s) {
  return String(s || '').normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
}

/** The cell label shown above each value when rows stack on a phone. */
function cell(key, ...content) {
  return h('td', {}, h('span', { class: 'cell-label', 'data-i18n': key }, t(key)),
    h('div', { class: 'cell-value' }, ...content));
}

function stateBadge(u) {
  return u.disabled
    ? h('span', { class: 'badge idle', 'data-i18n': 'admin.users.disabled' }, t('admin.users.disabled'))
    : h('span', { class: 'badge ok', 'data-i18n': 'admin.users.active' }, t('admin.users.active'));
}

function roleOptions() {
  return ROLES.map((r) => h('option', { value: r, 'data-i18n': `admin.role.${r}` }, roleText(r)));
}

export function usersPage(ctx) {
  if (!ctx.can('user.read')) return deniedPage(ctx, PATH, TITLE);
  const write = ctx.can('user.write');
  const st = {
    units: [], byId: new Map(), users: [], sel: Number(ctx.query.get('user')) || null,
    unit: ctx.query.get('unit') || '', q: ctx.query.get('q') || '',
  };
  const loadAlert = alertBox();
  const status = statusBox();
  const count = h('p', { class: 'count', role: 'status', 'aria-live': 'polite' });
  const listBox = h('div', { class: 'list-box', 'aria-busy': 'true' },
    h('p', { class: 'loading', 'data-i18n': 'app.loading' }, t('app.loading')));
  const editor = h('div', { class: 'user-editor' });

  const fUnit = field('uf-unit', 'admin.users.filter_unit', { tag: 'select' });
  const fQ = field('uf-q', 'admin.users.search', { type: 'search', autocomplete: 'off', spellcheck: 'false' },
    'admin.users.search_hint');
  fQ.input.value = st.q;
  const filters = h('form', { class: 'filters user-filters card', role: 'search', 'aria-label': t('admin.users.filters'),
    'data-i18n-label': 'admin.users.filters' }, fUnit.wrap, fQ.wrap);
  filters.addEventListener('submit', (ev) => ev.preventDefault());
  filters.addEventListener('input', () => {
    st.unit = fUnit.input.value;
    st.q = fQ.input.value;
    keepQuery();
    renderList();
  });

  const createCard = h('div', { class: 'create-box', id: 'user-create', hidden: true });
  const addBtn = write ? button('admin.users.new', 'primary', {
    'aria-expanded': 'false', 'aria-controls': 'user-create',
    onclick: () => {
      const open = createCard.hidden;
      createCard.hidden = !open;
      addBtn.setAttribute('aria-expanded', String(open));
      if (open) {
        createCard.replaceChildren(createForm());
        createCard.querySelector('input').focus();
      }
    },
  }) : null;

  const node = adminFrame(ctx, PATH, TITLE,
    h('p', { class: 'intro', 'data-i18n': write ? 'admin.users.intro' : 'admin.users.intro_read' },
      t(write ? 'admin.users.intro' : 'admin.users.intro_read')),
    loadAlert, filters,
    addBtn ? h('div', { class: 'toolbar' }, addBtn) : null,
    createCard, status,
    h('div', { class: 'users-layout' },
      h('section', { class: 'user-list', 'aria-labelledby': 'ulist-h' },
        h('h2', { id: 'ulist-h', 'data-i18n': 'admin.users.list' }, t('admin.users.list')),
        count, listBox),
      editor));

  function keepQuery() {
    const q = {};
    if (st.unit) q.unit = st.unit;
    if (st.q.trim()) q.q = st.q.trim();
    if (st.sel) q.user = String(st.sel);
    ctx.setQuery(q);
  }

  function unitName(id) {
    const u = st.byId.get(id);
    return u ? unitText(u) : `#${id}`;
  }

  function shown() {
    const q = fold(st.q.trim());
    const unit = Number(st.unit) || null;
    return st.users.filter((u) => (!unit || isUnder(st.byId, u.unit_id, unit))
      && (!q || fold(u.full_name).includes(q) || fold(u.login).includes(q)));
  }

  function row(u) {
    const roles = u.roles.length
      ? h('ul', { class: 'grants' }, u.roles.map((g) => h('li', {},
        h('span', { 'data-i18n': `admin.role.${g.role}` }, roleText(g.role)), ' · ',
        h('span', { class: 'code' }, st.byId.get(g.unit_id)?.code || `#${g.unit_id}`))))
      : h('span', { class: 'muted', 'data-i18n': 'admin.users.no_roles' }, t('admin.users.no_roles'));
    return h('tr', { 'aria-current': st.sel === u.id ? 'true' : null, 'data-user': String(u.id) },
      cell('admin.users.col_user', h('span', { class: 'person' }, u.full_name), h('br'),
        h('span', { class: 'code login' }, u.login)),
      cell('admin.users.col_unit', unitName(u.unit_id)),
      cell('admin.users.col_roles', roles),
      cell('admin.users.col_state', stateBadge(u)),
      write ? h('td', { class: 'act' }, h('button', {
        type: 'button', class: 'secondary small', onclick: () => select(u.id, true),
      }, h('span', { 'data-i18n': 'admin.users.manage' }, t('admin.users.manage')), ' ',
      hidden('admin.users.manage_who', { name: u.full_name }))) : null);
  }

  function renderList() {
    const list = shown();
    count.replaceChildren(tn('admin.users.count', { n: list.length, total: st.users.length }));
    if (list.length === 0) {
      listBox.replaceChildren(h('p', { class: 'empty', 'data-i18n': 'admin.users.none' }, t('admin.users.none')));
      return;
    }
    const head = ['admin.users.col_user', 'admin.users.col_unit', 'admin.users.col_roles', 'admin.users.col_state'];
    listBox.replaceChildren(h('div', { class: 'table-wrap' }, h('table', { class: 'data stack' },
      h('thead', {}, h('tr', {}, head.map((k) => h('th', { scope: 'col', 'data-i18n': k }, t(k))),
        write ? h('th', { scope: 'col' }, h('span', { class: 'vh', 'data-i18n': 'admin.users.col_action' },
          t('admin.users.col_action'))) : null)),
      h('tbody', {}, list.map(row)))));
  }

  async function load() {
    try {
      const [units, users] = await Promise.all([fetchUnits(), fetchAll('/users')]);
      st.units = units;
      st.byId = new Map(units.map((u) => [u.id, u]));
      st.users = users;
    } catch (err) {
      if (!err.slug) throw err;
      listBox.replaceChildren();
      if (err.status !== 401) setAlert(loadAlert, problemKey(err));
      return;
    } finally {
      listBox.removeAttribute('aria-busy');
    }
    fUnit.input.replaceChildren(h('option', { value: '', 'data-i18n': 'admin.users.all_units' },
      t('admin.users.all_units')), ...unitOptions(st.units, st.unit));
    renderList();
    if (st.sel && st.users.some((u) => u.id === st.sel)) showEditor(false);
  }

  function replaceUser(u) {
    const i = st.users.findIndex((x) => x.id === u.id);
    if (i >= 0) st.users[i] = u; else st.users.push(u);
    renderList();
  }

  function select(id, focus) {
    st.sel = id;
    keepQuery();
    for (const tr of listBox.querySelectorAll('tr[data-user]')) {
      if (tr.dataset.user === String(id)) tr.setAttribute('aria-current', 'true');
      else tr.removeAttribute('aria-current');
    }
    showEditor(focus);
  }

  // ------------------------------------------------------------ create

  function createForm() {
    const alert = alertBox();
    const f = {
      login: field('uc-login', 'admin.users.login', {
        type: 'text', autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false', required: true,
      }, 'admin.users.login_hint'),
      full_name: field('uc-full_name', 'admin.users.full_name', { type: 'text', autocomplete: 'off', required: true }),
      email: field('uc-email', 'admin.users.email', { type: 'email', autocomplete: 'off', spellcheck: 'false' }),
      phone: field('uc-phone', 'admin.users.phone', { type: 'tel', autocomplete: 'off' }),
      unit_id: field('uc-unit', 'admin.users.unit', { tag: 'select', required: true }),
      password: field('uc-password', 'admin.users.password', {
        type: 'password', autocomplete: 'new-password', required: true,
      }, 'admin.users.password_hint'),
    };
    f.unit_id.input.append(...unitOptions(st.units, st.unit || st.units[0]?.id));
    const save = h('button', { type: 'submit', class: 'primary', 'data-i18n': 'admin.users.create' },
      t('admin.users.create'));
    const cancel = button('admin.cancel', 'secondary', { onclick: () => addBtn.click() });
    const form = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'uc-h' },
      h('h2', { id: 'uc-h', 'data-i18n': 'admin.users.new' }, t('admin.users.new')),
      alert,
      h('div', { class: 'grid2' }, f.login.wrap, f.full_name.wrap, f.email.wrap, f.phone.wrap,
        f.unit_id.wrap, f.password.wrap),
      h('div', { class: 'actions' }, save, cancel));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearErrors(alert, f);
      const body = {
        login: f.login.input.value.trim().toLowerCase(), full_name: f.full_name.input.value.trim(),
        email: f.email.input.value.trim(), phone: f.phone.input.value.trim(),
        unit_id: Number(f.unit_id.input.value), password: f.password.input.value,
      };
      let first = null;
      for (const k of ['login', 'full_name', 'password']) {
        if (body[k] === '') { setFieldError(f[k], 'field.required'); first ??= f[k].input; }
      }
      if (first) { first.focus(); return; }
      await busy(save, async () => {
        try {
          const u = await api('POST', '/users', body);
          f.password.input.value = '';
          createCard.hidden = true;
          createCard.replaceChildren();
          addBtn.setAttribute('aria-expanded', 'false');
          replaceUser(u);
          select(u.id, true);
          say(status, 'admin.users.created', { login: u.login });
        } catch (err) {
          if (!err.slug) throw err;
          const bad = showProblem(alert, f, err);
          if (bad) bad.input.focus();
        }
      });
    });
    return form;
  }

  // ------------------------------------------------------------ editor

  function showEditor(focus) {
    const u = st.users.find((x) => x.id === st.sel);
    if (!u || !write) { editor.replaceChildren(); return; }
    const heading = h('h2', { id: 'user-h', tabindex: '-1' }, u.full_name);
    const meta = h('p', { class: 'unit-meta' }, h('span', { class: 'code' }, u.login), ' · ',
      unitName(u.unit_id), ' · ', stateBadge(u));
    const local = statusBox();
    const close = button('admin.close', 'secondary small', {
      onclick: () => { st.sel = null; keepQuery(); editor.replaceChildren(); renderList(); },
    });
    const roles = rolesCard(u, local);
    st.boxes = { status: local, heading, rolesAlert: roles.querySelector('[role="alert"]'),
      rolesHeading: roles.querySelector('h3') };
    editor.replaceChildren(h('section', { class: 'editor', 'aria-labelledby': 'user-h' },
      h('div', { class: 'editor-head' }, heading, close), meta, local,
      detailsForm(u, local), roles, disableCard(u)));
    if (focus) heading.focus();
  }

  function current() {
    return st.users.find((x) => x.id === st.sel);
  }

  function detailsForm(u, local) {
    const alert = alertBox();
    const notes = [];
    const f = {
      full_name: field('ue-full_name', 'admin.users.full_name', { type: 'text', autocomplete: 'off', required: true }),
      email: field('ue-email', 'admin.users.email', { type: 'email', autocomplete: 'off', spellcheck: 'false' }),
      phone: field('ue-phone', 'admin.users.phone', { type: 'tel', autocomplete: 'off' }),
      unit_id: field('ue-unit', 'admin.users.unit', { tag: 'select' }),
    };
    f.unit_id.input.append(...unitOptions(st.units, u.unit_id));
    if (!st.byId.has(u.unit_id)) {
      f.unit_id.input.append(h('option', { value: String(u.unit_id), selected: true }, `#${u.unit_id}`));
    }
    const fill = (x) => {
      for (const k of ['full_name', 'email', 'phone']) f[k].input.value = x[k] ?? '';
      f.unit_id.input.value = String(x.unit_id);
    };
    const read = () => ({
      full_name: f.full_name.input.value.trim(), email: f.email.input.value.trim(),
      phone: f.phone.input.value.trim(), unit_id: Number(f.unit_id.input.value),
    });
    fill(u);
    const save = h('button', { type: 'submit', class: 'primary', 'data-i18n': 'admin.save' }, t('admin.save'));
    const form = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'ud-h' },
      h('h3', { id: 'ud-h', 'data-i18n': 'admin.users.details' }, t('admin.users.details')),
      alert, h('div', { class: 'grid2' }, f.full_name.wrap, f.unit_id.wrap, f.email.wrap, f.phone.wrap),
      h('div', { class: 'actions' }, save));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearErrors(alert, f);
      local.hidden = true;
      const v = read();
      if (v.full_name === '') { setFieldError(f.full_name, 'field.required'); f.full_name.input.focus(); return; }
      const cur = current();
      const body = {};
      for (const [k, x] of Object.entries(v)) if (x !== cur[k]) body[k] = x;
      if (Object.keys(body).length === 0) { say(local, 'admin.no_change'); return; }
      await busy(save, async () => {
        try {
          const nu = await api('PATCH', `/users/${cur.id}`, body, { ifMatch: cur.version });
          clearTyped(notes);
          replaceUser(nu);
          showEditor(false);
          say(st.boxes.status, 'admin.users.saved', { name: nu.full_name });
        } catch (err) {
          if (!err.slug) throw err;
          if (err.status === 412) {
            const fresh = await reload(cur.id, alert);
            if (!fresh) return;
            fill(fresh);
            setAlert(alert, 'admin.users.changed');
            const first = keepTyped(f, v, fresh, notes);
            if (first) first.focus();
            return;
          }
          const bad = showProblem(alert, f, err);
          if (bad) bad.input.focus();
        }
      });
    });
    return form;
  }

  /** The user as the server has it now (after a 412), or null. */
  async function reload(id, alert) {
    try {
      const fresh = await api('GET', `/users/${id}`);
      replaceUser(fresh);
      return fresh;
    } catch (err) {
      if (!err.slug) throw err;
      setAlert(alert, problemKey(err));
      return null;
    }
  }

  function rolesCard(u, local) {
    const alert = alertBox();
    const f = {
      role: field('ur-role', 'admin.users.role', { tag: 'select' }),
      unit_id: field('ur-unit', 'admin.users.role_unit', { tag: 'select' }, 'admin.users.role_unit_hint'),
    };
    f.role.input.append(...roleOptions());
    f.unit_id.input.append(...unitOptions(st.units, u.unit_id));
    const grant = h('button', { type: 'submit', class: 'primary', 'data-i18n': 'admin.users.grant' },
      t('admin.users.grant'));
    const list = u.roles.length
      ? h('ul', { class: 'grant-list' }, u.roles.map((g, i) => h('li', {},
        h('span', {}, h('strong', { 'data-i18n': `admin.role.${g.role}` }, roleText(g.role)), ' — ',
          unitName(g.unit_id)),
        h('button', {
          type: 'button', class: 'secondary small',
          onclick: (ev) => change(u.roles.filter((_, j) => j !== i), ev.currentTarget, 'admin.users.revoked', g),
        }, h('span', { 'data-i18n': 'admin.users.revoke' }, t('admin.users.revoke')),
        h('span', { class: 'vh' }, ' ', valueLabel('admin.role', g.role), ' — ', unitName(g.unit_id))))))
      : h('p', { class: 'muted', 'data-i18n': 'admin.users.no_roles' }, t('admin.users.no_roles'));
    const form = h('form', { class: 'grant-form', novalidate: true, 'aria-labelledby': 'ug-h' },
      h('h4', { id: 'ug-h', 'data-i18n': 'admin.users.grant_new' }, t('admin.users.grant_new')),
      h('div', { class: 'grid2' }, f.role.wrap, f.unit_id.wrap), h('div', { class: 'actions' }, grant));

    /** Replace the grants; say what changed (doneKey: granted or revoked, g). */
    async function change(roles, btn, doneKey, g) {
      clearErrors(alert, f);
      local.hidden = true;
      const cur = current();
      await busy(btn, async () => {
        try {
          const nu = await api('PUT', `/users/${cur.id}/roles`, {
            roles: roles.map((g) => ({ role: g.role, unit_id: g.unit_id })),
          }, { ifMatch: cur.version });
          replaceUser(nu);
          showEditor(false);
          const box = st.boxes.status;
          box.replaceChildren(tn(doneKey), ' ', valueLabel('admin.role', g.role), ' — ', unitName(g.unit_id), '.');
          box.hidden = false;
          st.boxes.rolesHeading.focus();
        } catch (err) {
          if (!err.slug) throw err;
          if (err.status === 412) {
            if (await reload(cur.id, alert)) {
              showEditor(false);
              setAlert(st.boxes.rolesAlert, 'admin.users.roles_changed');
            }
            return;
          }
          const bad = showProblem(alert, f, err);
          if (bad) bad.input.focus();
        }
      });
    }

    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const cur = current();
      const g = { role: f.role.input.value, unit_id: Number(f.unit_id.input.value) };
      if (cur.roles.some((x) => x.role === g.role && x.unit_id === g.unit_id)) {
        say(local, 'admin.users.has_role');
        return;
      }
      change([...cur.roles, g], grant, 'admin.users.granted', g);
    });
    return h('section', { class: 'card roles-card', 'aria-labelledby': 'urole-h' },
      h('h3', { id: 'urole-h', tabindex: '-1', 'data-i18n': 'admin.users.roles' }, t('admin.users.roles')),
      alert, list, form);
  }

  function disableCard(u) {
    const body = h('section', { class: 'card', 'aria-labelledby': 'uoff-h' },
      h('h3', { id: 'uoff-h', 'data-i18n': 'admin.users.disable' }, t('admin.users.disable')));
    if (u.disabled) {
      body.append(h('p', { 'data-i18n': 'admin.users.is_disabled' }, t('admin.users.is_disabled')));
      return body;
    }
    if (u.id === ctx.me.id) {
      body.append(h('p', { class: 'hint', 'data-i18n': 'admin.users.not_self' }, t('admin.users.not_self')));
      return body;
    }
    const alert = alertBox();
    const off = button('admin.users.disable_button', 'danger');
    off.addEventListener('click', async () => {
      const yes = await confirmDialog({
        titleKey: 'admin.users.disable_title', textKey: 'admin.users.disable_text',
        vars: { name: u.full_name, login: u.login }, okKey: 'admin.users.disable_button',
      });
      if (!yes) { off.focus(); return; }
      const cur = current();
      await busy(off, async () => {
        try {
          const nu = await api('POST', `/users/${cur.id}/disable`, undefined, { ifMatch: cur.version });
          replaceUser(nu);
          showEditor(false);
          say(st.boxes.status, 'admin.users.disabled_done', { name: nu.full_name });
          st.boxes.heading.focus();
        } catch (err) {
          if (!err.slug) throw err;
          if (err.status === 412 && await reload(cur.id, alert)) {
            showEditor(false);
            say(st.boxes.status, 'admin.users.changed_retry');
            return;
          }
          setAlert(alert, problemKey(err));
        }
      });
    });
    body.append(h('p', { 'data-i18n': 'admin.users.disable_help' }, t('admin.users.disable_help')), alert,
      h('div', { class: 'actions' }, off));
    return body;
  }

  load();
  return { titleKey: TITLE, node, focus: fQ.input };
}
