// Administration: the unit tree, users and their roles, the audit log
// and the rule pack in use. Each page has its own module; this one holds
// what they share (the sub-menu, reading whole lists, field errors, a
// confirmation dialog) and re-exports the pages for the router.
//
// The page modules import from this one and this one re-exports them: a
// harmless cycle, because only function declarations cross it and they
// are called after both modules have loaded.
import { api } from './api.js';
import { h } from './dom.js';
import { t, tOr, tn } from './i18n.js';
import { setFieldError, setAlert, problemKey, fieldKey } from './form.js';

export { unitsPage } from './admin-units.js';
export { usersPage } from './admin-users.js';
export { auditPage } from './admin-audit.js';
export { rulepackPage } from './admin-rulepack.js';

// [path, dictionary key, permission (null: anyone signed in)]
function tabs() {
  return [
    ['/admin/units', 'admin.tab.units', 'unit.write'],
    ['/admin/users', 'admin.tab.users', 'user.read'],
    ['/admin/audit', 'admin.tab.audit', 'audit.read'],
    ['/admin/rulepack', 'admin.tab.rulepack', null],
  ];
}

/** The sub-menu of the administration pages the person may use. */
function subMenu(ctx, current) {
  return h('nav', { class: 'admin-tabs', 'aria-label': t('admin.menu'), 'data-i18n-label': 'admin.menu' },
    h('ul', {}, tabs().filter(([, , perm]) => ctx.can(perm)).map(([path, key]) =>
      h('li', {}, h('a', {
        href: `#${path}`, 'aria-current': path === current ? 'page' : null, 'data-i18n': key,
      }, t(key))))));
}

/**
 * The frame of an administration page: the sub-menu, the heading (the
 * page's <h1>, focused on navigation) and the content.
 */
export function adminFrame(ctx, path, titleKey, ...content) {
  return h('section', { class: `admin ${path.split('/').pop()}-page`, 'aria-labelledby': 'page-h' },
    subMenu(ctx, path),
    h('h1', { id: 'page-h', tabindex: '-1', 'data-i18n': titleKey }, t(titleKey)),
    ...content);
}

/** A page the person may not use: says so, and keeps the sub-menu. */
export function deniedPage(ctx, path, titleKey) {
  return {
    titleKey,
    node: adminFrame(ctx, path, titleKey,
      h('p', { class: 'alert warn', 'data-i18n': 'admin.denied' }, t('admin.denied'))),
  };
}

/** Every item of a paged list (next_cursor), 200 at a time. */
export async function fetchAll(path) {
  const items = [];
  let cursor = null;
  for (let i = 0; i < 500; i++) {
    const sep = path.includes('?') ? '&' : '?';
    const page = await api('GET', `${path}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...page.items);
    cursor = page.next_cursor;
    if (!cursor) break;
  }
  return items;
}

/** The units in scope, in tree order with siblings sorted by name. */
export async function fetchUnits() {
  return treeOrder(await fetchAll('/units'));
}

/**
 * Units in tree pre-order with siblings sorted by name (Vietnamese
 * collation); a unit whose parent is not in the list is a root.
 */
export function treeOrder(units) {
  const ids = new Set(units.map((u) => u.id));
  const kids = new Map();
  for (const u of units) {
    const p = ids.has(u.parent_id) ? u.parent_id : null;
    if (!kids.has(p)) kids.set(p, []);
    kids.get(p).push(u);
  }
  const byName = (a, b) => a.name.localeCompare(b.name, 'vi') || a.code.localeCompare(b.code);
  const out = [];
  const walk = (p) => {
    for (const u of (kids.get(p) || []).sort(byName)) { out.push(u); walk(u.id); }
  };
  walk(null);
  return out;
}

/** "Sở Nội vụ (SNV)" */
export function unitText(u) {
  return u ? `${u.name} (${u.code})` : '';
}

/**
 * <option>s for units in tree order, indented by depth (relative to the
 * shallowest unit shown, so a department admin's tree starts flush).
 */
export function unitOptions(units, selected = null) {
  const top = units.reduce((m, u) => Math.min(m, u.depth), Infinity);
  return units.map((u) => h('option', {
    value: String(u.id), selected: String(u.id) === String(selected),
  }, `${'\u00a0\u00a0\u00a0'.repeat(Math.max(0, u.depth - top))}${unitText(u)}`));
}

/** Is unit id at or below ancestor (byId: id -> unit)? */
export function isUnder(byId, id, ancestor) {
  for (let u = byId.get(id), n = 0; u && n < 10000; u = byId.get(u.parent_id), n++) {
    if (u.id === ancestor) return true;
  }
  return false;
}

/**
 * The message key for one field's error: admin.fe.<field>.<code>, else
 * admin.fe.<code>, else the common field.<code>.
 */
export function feKey(name, code) {
  for (const k of [`admin.fe.${name}.${code}`, `admin.fe.${code}`]) {
    if (tOr(k, null) !== null) return k;
  }
  return fieldKey(code);
}

/** Clear the alert and every field's error. */
export function clearErrors(alert, fields) {
  setAlert(alert, null);
  for (const f of Object.values(fields)) setFieldError(f, null);
}

/**
 * Show an ApiError: each field's error beside it, and a summary in the
 * alert. Returns the first field in error (to focus), or null.
 */
export function showProblem(alert, fields, err) {
  let first = null;
  for (const [name, fe] of Object.entries(err.fields || {})) {
    const f = fields[name.replace(/[[.].*$/, '')];
    if (f && !f.wrap.hidden) {
      setFieldError(f, feKey(name.replace(/[[.].*$/, ''), fe.code));
      first ??= f;
    }
  }
  setAlert(alert, first && err.slug === 'validation' ? 'error.validation' : problemKey(err));
  return first;
}

/** An alert box (role="alert"), hidden until used. */
export function alertBox() {
  return h('div', { class: 'alert error', role: 'alert', hidden: true });
}

/** A polite live region for results ("Saved."), hidden until used. */
export function statusBox() {
  return h('p', { class: 'notice', role: 'status', 'aria-live': 'polite', hidden: true });
}

/** Show a message with variables in a status or alert box. */
export function say(box, key, vars = null) {
  box.replaceChildren(tn(key, vars));
  box.hidden = false;
}

/** A submit button that shows it is working while fn() runs. */
export async function busy(button, fn) {
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    return await fn();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}

/** A button with its text from the dictionary. */
export function button(key, cls = 'secondary', attrs = {}) {
  return h('button', { type: 'button', class: cls, 'data-i18n': key, ...attrs }, t(key));
}

/** Text only screen readers read (the name of a unit on its buttons). */
export function hidden(key, vars) {
  const s = tn(key, vars);
  s.classList.add('vh');
  return s;
}

/**
 * After a 412: the form shows the current values again; beside each field
 * whose value now differs from what the person typed, the typed value
 * stays visible with a button that puts it back. notes collects the
 * notes (clearTyped removes them). Returns the first such field's input.
 */
export function keepTyped(fields, typed, fresh, notes) {
  clearTyped(notes);
  let first = null;
  for (const [k, v] of Object.entries(typed)) {
    const f = fields[k];
    if (!f || String(v) === String(fresh[k] ?? '')) continue;
    let shown = v === '' ? tn('admin.empty') : String(v);
    if (typeof v === 'boolean') shown = tn(v ? 'admin.yes' : 'admin.no');
    else if (f.input.tagName === 'SELECT') {
      const o = [...f.input.options].find((x) => x.value === String(v));
      if (o) shown = o.textContent.trim();
    }
    const use = button('admin.use_typed', 'secondary small');
    const note = h('div', { class: 'typed' },
      h('p', {}, h('span', { 'data-i18n': 'admin.you_typed' }, t('admin.you_typed')), ' ',
        h('strong', {}, shown)), use);
    use.addEventListener('click', () => {
      if (typeof v === 'boolean') f.input.checked = v; else f.input.value = String(v);
      note.remove();
      f.input.focus();
    });
    f.err.before(note);
    notes.push(note);
    first ??= f.input;
  }
  return first;
}

export function clearTyped(notes) {
  for (const n of notes.splice(0)) n.remove();
}

/** The label of a role, following the language. */
export function roleText(role) {
  return tOr(`admin.role.${role}`, role);
}

export const ROLES = ['operator', 'leader', 'member', 'coordinator', 'steering', 'auditor', 'admin'];
export const KINDS = ['province', 'department', 'agency', 'commune', 'office'];

/**
 * Ask before something that cannot be undone: a modal <dialog> with the
 * question and two buttons. Resolves true when confirmed.
 */
export function confirmDialog({ titleKey, textKey, vars = null, okKey, host }) {
  return new Promise((resolve) => {
    const ok = button(okKey, 'danger');
    const cancel = button('admin.cancel', 'secondary');
    const dlg = h('dialog', { class: 'admin-dialog', 'aria-labelledby': 'admin-dlg-h' },
      h('h2', { id: 'admin-dlg-h', 'data-i18n': titleKey }, t(titleKey)),
      tn(textKey, vars, 'p'),
      h('div', { class: 'dialog-actions' }, ok, cancel));
    let answer = false;
    ok.addEventListener('click', () => { answer = true; dlg.close(); });
    cancel.addEventListener('click', () => dlg.close());
    dlg.addEventListener('close', () => { dlg.remove(); resolve(answer); });
    (host || document.body).append(dlg);
    dlg.showModal();
    cancel.focus();
  });
}
