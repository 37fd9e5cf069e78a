// The signed-in person's own page: who they are (read-only), their
// password, two-factor authentication (TOTP, with the QR code the server draws) and
// their API tokens; what notifications they receive (profile-notify.js). When the unit requires TOTP and the person has not
// enrolled (me.must_enrol_totp), the enrolment comes first and the rest
// of the application waits for it.
import { api, setCsrf } from './api.js';
import { h } from './dom.js';
import { t, tn, tOr, valueLabel } from './i18n.js';
import { field, setFieldError, setAlert, problemKey, fieldKey } from './form.js';
import { formatDateTime } from './format.js';
import { notifyCard } from './profile-notify.js';

const ZONE = 'Asia/Ho_Chi_Minh';
// how long a new API token lives: days, or 0 for no expiry
const TOKEN_LIFETIMES = [7, 30, 90, 180, 365, 0];
const DEFAULT_LIFETIME = 90;

// ---------------------------------------------------------------- helpers

/** A heading whose text follows the language. */
export function heading(tag, key, id, focusable = false) {
  return h(tag, { id, tabindex: focusable ? '-1' : null, 'data-i18n': key }, t(key));
}

/** A button labelled by a key. */
export function button(cls, key, onclick, type = 'button') {
  return h('button', { type, class: cls, 'data-i18n': key, onclick }, t(key));
}

/** A polite live region; say() puts one notice in it. */
export function liveRegion() {
  return h('div', { class: 'profile-live', 'aria-live': 'polite' });
}
export function say(live, key, vars = null) {
  const p = tn(key, vars, 'p');
  p.className = 'notice';
  live.replaceChildren(p);
}

export function errorBox() {
  return h('div', { class: 'alert error', role: 'alert', hidden: true });
}

/** The message of one field error: this page's wording when it has one. */
function errorKeyOf(name, code) {
  const own = `profile.field.${name}.${code}`;
  return tOr(own, null) !== null ? own : fieldKey(code);
}

/**
 * Show an ApiError: field errors beside the fields of `fields` (name ->
 * field()), the problem in `box`. Returns the first field shown, to focus.
 * A 401 is the shell's (back to sign-in); nothing to show here.
 */
export function showError(err, box, fields = {}) {
  if (!err.slug) throw err;
  if (err.status === 401) return null;
  let first = null;
  for (const [name, fe] of Object.entries(err.fields)) {
    if (!fields[name]) continue;
    setFieldError(fields[name], errorKeyOf(name, fe.code));
    first ??= fields[name].input;
  }
  setAlert(box, first && err.slug === 'validation' ? 'error.validation' : problemKey(err));
  return first;
}

/** While a request runs: the button disabled and saying so. */
export async function busy(btn, key, fn) {
  const was = btn.dataset.i18n;
  btn.disabled = true;
  btn.dataset.i18n = key;
  btn.textContent = t(key);
  try {
    return await fn();
  } finally {
    btn.disabled = false;
    btn.dataset.i18n = was;
    btn.textContent = t(was);
  }
}

/** Copy text; navigator.clipboard needs a secure context, else execCommand. */
async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch { /* plain http on a LAN: fall back */ }
  const area = h('textarea', { class: 'profile-copy-buffer', readonly: true, 'aria-hidden': 'true', tabindex: '-1' });
  area.value = text;
  document.body.append(area);
  area.select();
  let ok = false;
  try { ok = document.execCommand('copy'); } catch { ok = false; }
  area.remove();
  return ok;
}

export function copyButton(key, text, live) {
  return button('secondary', key, async () => {
    say(live, (await copyText(text())) ? 'profile.copied' : 'profile.copy_failed');
  });
}

/** One "name: value" pair of a description list. */
function pair(key, value) {
  return h('div', { class: 'pair' }, h('dt', { 'data-i18n': key }, t(key)), h('dd', {}, value));
}

const orNone = (v, key = 'profile.who.none') => (v ? v : tn(key));

/** The end (23:59:59, Viet Nam time) of the day `days` days from today there. */
function endOfDayIn(days) {
  const o = {};
  const fmt = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
  for (const part of fmt.formatToParts(new Date())) o[part.type] = part.value;
  const end = new Date(`${o.year}-${o.month}-${o.day}T23:59:59.000+07:00`);
  end.setUTCDate(end.getUTCDate() + days);
  return end;
}

/** Refresh the shared /me (the shell keeps the same object) and the CSRF token. */
async function refreshMe(ctx) {
  const fresh = await api('GET', '/me');
  setCsrf(fresh.csrf_token);
  Object.assign(ctx.me, fresh);
  return fresh;
}

// ---------------------------------------------------------------- who I am

async function fillUnits(ids, spans) {
  for (const id of ids) {
    try {
      const unit = await api('GET', `/units/${id}`);
      for (const s of spans.get(id)) s.replaceChildren(unit.name);
    } catch (err) {
      // not readable (or gone): the unit's number stays
      if (!err.slug) throw err;
      if (err.status === 401) return;
    }
  }
}

function identityCard(me) {
  const spans = new Map();
  const unitName = (id) => {
    const s = h('span', { class: 'profile-unit' }, tn('profile.who.unit_id', { id }));
    if (!spans.has(id)) spans.set(id, []);
    spans.get(id).push(s);
    return s;
  };
  const roles = me.roles.length === 0 ? tn('profile.who.no_roles')
    : h('ul', { class: 'profile-roles' }, me.roles.map((r) => h('li', {},
      h('span', { class: 'profile-role' }, valueLabel('profile.role', r.role)),
      h('span', { class: 'profile-sep', 'aria-hidden': 'true' }, ' · '), unitName(r.unit_id))));
  const card = h('section', { class: 'card profile-card profile-who', 'aria-labelledby': 'who-h' },
    heading('h2', 'profile.who.title', 'who-h'),
    h('dl', { class: 'profile-facts' },
      pair('profile.who.name', me.full_name),
      pair('profile.who.login', h('span', { class: 'profile-mono' }, me.login)),
      pair('profile.who.unit', unitName(me.unit_id)),
      pair('profile.who.email', orNone(me.email)),
      pair('profile.who.phone', orNone(me.phone)),
      pair('profile.who.roles', roles),
      pair('profile.who.last_login', orNone(me.last_login_at && formatDateTime(me.last_login_at)))),
    h('p', { class: 'hint', 'data-i18n': 'profile.who.hint' }, t('profile.who.hint')));
  // the unit names: not readable before a required enrolment
  const names = () => fillUnits([...spans.keys()], spans);
  if (!me.must_enrol_totp) names();
  return { card, names };
}

// ---------------------------------------------------------------- password

function passwordCard(ctx) {
  const cur = field('pw-current', 'profile.pw.current',
    { type: 'password', autocomplete: 'current-password', required: true });
  const next = field('pw-new', 'profile.pw.new',
    { type: 'password', autocomplete: 'new-password', required: true }, 'profile.pw.rules');
  const again = field('pw-again', 'profile.pw.again',
    { type: 'password', autocomplete: 'new-password', required: true });
  const all = [cur, next, again];
  const box = errorBox();
  const live = liveRegion();
  const submit = button('primary', 'profile.pw.submit', null, 'submit');

  function checked() {
    let first = null;
    for (const f of all) {
      if (f.input.value === '') {
        setFieldError(f, 'field.required');
        first ??= f.input;
      }
    }
    if (!first && next.input.value !== again.input.value) {
      setFieldError(again, 'profile.pw.mismatch');
      first = again.input;
    }
    if (first) first.focus();
    return first === null;
  }

  const form = h('form', { class: 'profile-form', novalidate: true, 'aria-labelledby': 'pw-h' },
    // for password managers: whose password this is
    h('input', { type: 'text', name: 'username', autocomplete: 'username', value: ctx.me.login, hidden: true, readonly: true }),
    box, cur.wrap, next.wrap, again.wrap, h('div', { class: 'actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    setAlert(box, null);
    live.replaceChildren();
    for (const f of all) setFieldError(f, null);
    if (!checked()) return;
    try {
      await busy(submit, 'profile.pw.busy', async () => {
        await api('POST', '/me/password',
          { current_password: cur.input.value, new_password: next.input.value });
        // the session rotated: the new cookie came with the reply
        await refreshMe(ctx);
      });
      for (const f of all) f.input.value = '';
      say(live, 'profile.pw.done');
    } catch (err) {
      const first = showError(err, box, { current_password: cur, new_password: next });
      if (first) first.focus();
    }
  });
  return h('section', { class: 'card profile-card profile-password', 'aria-labelledby': 'pw-h' },
    heading('h2', 'profile.pw.title', 'pw-h'), form, live);
}

// ---------------------------------------------------------------- two-factor

/** "JBSWY3DPEHPK3PXP" -> "JBSW Y3DP EHPK 3PXP" */
function groupSecret(secret) {
  return secret.replace(/=+$/, '').replace(/\s+/g, '').match(/.{1,4}/g).join(' ');
}

function totpState(me) {
  const on = me.totp_enabled;
  const key = on ? 'profile.totp.on' : 'profile.totp.off';
  return h('p', { class: 'profile-state' },
    h('span', { 'data-i18n': 'profile.totp.state' }, t('profile.totp.state')), ' ',
    h('span', { class: `badge ${on ? 'ok' : 'idle'}`, 'data-i18n': key }, t(key)));
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * The QR code the server drew (libqrencode, service/totp.c: a viewBox
 * with a 4-module quiet zone and one path of whole modules) rebuilt
 * with createElementNS rather than parsed as markup; attrs go on the
 * <svg>, data-modules carries the symbol's size. null if it is not that.
 */
function qrSvg(text, attrs = {}) {
  const box = /viewBox="0 0 (\d+) \1"/.exec(text || '');
  const path = /<path d="((?:M\d+ \d+h1v1h-1z)+)"/.exec(text || '');
  if (!box || !path) return null;
  const el = (tag, a) => {
    const e = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(a)) e.setAttribute(k, String(v));
    return e;
  };
  const w = box[1];
  const svg = el('svg', {
    viewBox: `0 0 ${w} ${w}`, 'shape-rendering': 'crispEdges', 'data-modules': w - 8, ...attrs,
  });
  svg.append(el('rect', { width: w, height: w, fill: '#fff' }), el('path', { d: path[1], fill: '#000' }));
  return svg;
}

/** Step 1 (the QR code and the key) and step 2 (the code) of an enrolment. */
function enrolPanel(ctx, enrolment, done, cancel) {
  const live = liveRegion();
  const box = errorBox();
  const code = field('totp-code', 'profile.totp.code', {
    type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code',
    maxlength: '7', spellcheck: 'false', required: true,
  });
  const submit = button('primary', 'profile.totp.confirm', null, 'submit');
  const step1 = heading('h3', 'profile.totp.step1', 'totp-step1-h', true);
  const qr = qrSvg(enrolment.qr_svg, {
    class: 'profile-qr-code', role: 'img',
    'aria-label': t('profile.totp.qr_label'), 'data-i18n-label': 'profile.totp.qr_label',
  });
  const form = h('form', { class: 'profile-form', novalidate: true, 'aria-labelledby': 'totp-step2-h' },
    heading('h3', 'profile.totp.step2', 'totp-step2-h'), box, code.wrap,
    h('div', { class: 'actions toolbar' }, submit, button('secondary', 'profile.totp.cancel', cancel)));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    setAlert(box, null);
    setFieldError(code, null);
    const value = code.input.value.replace(/\s+/g, '');
    if (!/^\d{6}$/.test(value)) {
      setFieldError(code, value === '' ? 'field.required' : 'profile.totp.code_format');
      code.input.focus();
      return;
    }
    try {
      const res = await busy(submit, 'profile.totp.busy', () => api('POST', '/me/totp/confirm', { code: value }));
      await done(res.recovery_codes);
    } catch (err) {
      if (err.status === 409) {
        setAlert(box, 'profile.totp.restart');
        return;
      }
      const first = showError(err, box, { code });
      if (first) first.select();
    }
  });
  const panel = h('div', { class: 'profile-enrol' },
    h('section', { 'aria-labelledby': 'totp-step1-h' }, step1,
      h('p', { 'data-i18n': 'profile.totp.scan' }, t('profile.totp.scan')),
      h('div', { class: 'profile-qr' }, qr),
      h('p', { 'data-i18n': 'profile.totp.manual' }, t('profile.totp.manual')),
      h('dl', { class: 'profile-facts profile-key' },
        pair('profile.totp.account', h('span', { class: 'profile-mono' }, `ungcuu:${ctx.me.login}`)),
        pair('profile.totp.secret', h('code', { id: 'totp-secret', class: 'profile-secret' }, groupSecret(enrolment.secret)))),
      h('div', { class: 'toolbar' }, copyButton('profile.totp.copy_secret', () => enrolment.secret.replace(/=+$/, ''), live)),
      live),
    form);
  return { panel, focus: step1 };
}

/** The recovery codes, shown once. */
function codesPanel(codes, onSaved) {
  const live = liveRegion();
  const title = heading('h3', 'profile.codes.title', 'codes-h', true);
  const list = h('ol', { class: 'profile-codes' }, codes.map((c) => h('li', {}, h('code', {}, c))));
  const panel = h('section', { class: 'profile-codes-box', 'aria-labelledby': 'codes-h' },
    title,
    h('div', { class: 'alert warn' },
      h('p', { class: 'profile-strong', 'data-i18n': 'profile.codes.keep' }, t('profile.codes.keep')),
      h('p', { 'data-i18n': 'profile.codes.use' }, t('profile.codes.use'))),
    list,
    h('div', { class: 'toolbar profile-noprint' },
      copyButton('profile.codes.copy', () => codes.join('\n'), live),
      button('secondary', 'profile.codes.print', () => {
        const page = panel.closest('.profile');
        page.classList.add('profile-print-codes');
        window.addEventListener('afterprint', () => page.classList.remove('profile-print-codes'), { once: true });
        window.print();
      }),
      button('primary', 'profile.codes.saved', onSaved)),
    live);
  return { panel, focus: title };
}

function totpCard(ctx, hooks) {
  const live = liveRegion();
  const box = errorBox();
  const stateBox = h('div', {});
  const work = h('div', {});
  const card = h('section', { class: 'card profile-card profile-totp', 'aria-labelledby': 'totp-h' },
    heading('h2', 'profile.totp.title', 'totp-h', true),
    h('p', { 'data-i18n': 'profile.totp.intro' }, t('profile.totp.intro')),
    stateBox, live, box, work);

  /** The state, and (unless `bare`) what can be done: enrol or re-enrol. */
  function showState(bare = false) {
    const on = ctx.me.totp_enabled;
    const start = button(on ? 'secondary' : 'primary', on ? 'profile.totp.reenrol' : 'profile.totp.enable', () => begin(start));
    stateBox.replaceChildren(...[totpState(ctx.me),
      on && !bare ? h('p', { class: 'hint', 'data-i18n': 'profile.totp.reenrol_hint' }, t('profile.totp.reenrol_hint')) : null,
      bare ? null : h('div', { class: 'toolbar' }, start)].filter(Boolean));
    return start;
  }

  async function confirmed(codes) {
    await refreshMe(ctx);
    showState(true);
    const shown = codesPanel(codes, () => {
      work.replaceChildren();
      showState().focus();
    });
    work.replaceChildren(shown.panel);
    // a required enrolment is announced at the top of the page instead
    if (!hooks.enrolled()) say(live, 'profile.totp.done');
    shown.focus.focus();
  }

  async function begin(btn) {
    setAlert(box, null);
    live.replaceChildren();
    try {
      const enrolment = await busy(btn, 'app.loading', () => api('POST', '/me/totp'));
      btn.hidden = true;
      const e = enrolPanel(ctx, enrolment, confirmed, () => {
        work.replaceChildren();
        showState().focus();
      });
      work.replaceChildren(e.panel);
      e.focus.focus();
    } catch (err) {
      showError(err, box);
    }
  }

  showState();
  // the banner's button: start, or go to the enrolment under way
  function start() {
    const under = work.querySelector('h3');
    if (under) under.focus();
    else begin(stateBox.querySelector('button'));
  }
  return { card, start };
}

// ---------------------------------------------------------------- API tokens

function tokenState(tok) {
  if (tok.revoked_at) return 'revoked';
  if (tok.expires_at && Date.parse(tok.expires_at) <= Date.now()) return 'expired';
  return 'active';
}
const STATE_BADGE = { active: 'ok', expired: 'idle', revoked: 'bad' };

function tokenItem(tok, onRevoke) {
  const state = tokenState(tok);
  const nameId = `token-${tok.id}-name`;
  const revoke = state === 'active'
    ? h('button', { type: 'button', class: 'secondary', 'aria-describedby': nameId, 'data-i18n': 'profile.tokens.revoke' },
      t('profile.tokens.revoke'))
    : null;
  if (revoke) revoke.addEventListener('click', () => onRevoke(tok, revoke));
  return h('li', { class: `profile-token profile-token-${state}` },
    h('p', { class: 'profile-token-head' },
      h('span', { class: 'profile-token-name', id: nameId }, tok.name),
      h('span', { class: `badge ${STATE_BADGE[state]}`, 'data-i18n': `profile.tokens.state.${state}` },
        t(`profile.tokens.state.${state}`))),
    h('dl', { class: 'profile-facts' },
      pair('profile.tokens.created_at', formatDateTime(tok.created_at)),
      pair('profile.tokens.last_used', orNone(tok.last_used_at && formatDateTime(tok.last_used_at), 'profile.tokens.never_used')),
      tok.revoked_at
        ? pair('profile.tokens.revoked_at', formatDateTime(tok.revoked_at))
        : pair('profile.tokens.expires', orNone(tok.expires_at && formatDateTime(tok.expires_at), 'profile.tokens.no_expiry'))),
    revoke ? h('div', { class: 'profile-token-actions' }, revoke) : null);
}

async function allTokens() {
  const items = [];
  let cursor = null;
  for (let page = 0; page < 20; page++) {
    const q = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const res = await api('GET', `/me/tokens?limit=200${q}`);
    items.push(...res.items);
    cursor = res.next_cursor;
    if (!cursor) break;
  }
  return items;
}

/** The confirmation dialog of a revocation: onConfirm() runs the request. */
function revokeDialog(root, tok, onConfirm) {
  const box = errorBox();
  const yes = button('danger', 'profile.tokens.revoke_yes', null);
  const no = button('secondary', 'profile.cancel', () => dialog.close());
  const dialog = h('dialog', { class: 'profile-dialog', 'aria-labelledby': 'revoke-h', 'aria-describedby': 'revoke-q' },
    heading('h2', 'profile.tokens.revoke_title', 'revoke-h'),
    (() => { const p = tn('profile.tokens.revoke_q', { name: tok.name }, 'p'); p.id = 'revoke-q'; return p; })(),
    box, h('div', { class: 'toolbar' }, yes, no));
  yes.addEventListener('click', async () => {
    setAlert(box, null);
    try {
      await busy(yes, 'profile.tokens.revoking', () => onConfirm());
      dialog.close();
    } catch (err) {
      showError(err, box);
      if (err.status === 401) dialog.close();
    }
  });
  dialog.addEventListener('close', () => dialog.remove());
  root.append(dialog);
  dialog.showModal();
  no.focus();
  return dialog;
}

/** "Expires at 23:59 on 19/02/2027", or "no expiry", for the lifetime chosen. */
function expiryNote(note, days) {
  note.replaceChildren(days
    ? tn('profile.tokens.expires_on', { at: formatDateTime(endOfDayIn(days).toISOString()) })
    : tn('profile.tokens.never_expires'));
}

function tokenForm(onCreated) {
  const name = field('token-name', 'profile.tokens.name',
    { type: 'text', maxlength: '100', required: true, autocomplete: 'off' }, 'profile.tokens.name_hint');
  const life = field('token-life', 'profile.tokens.lifetime', { tag: 'select' });
  for (const days of TOKEN_LIFETIMES) {
    const key = days ? 'profile.tokens.days' : 'profile.tokens.no_expiry';
    const opt = tn(key, days ? { n: days } : null, 'option');
    opt.value = String(days);
    opt.selected = days === DEFAULT_LIFETIME;
    life.input.append(opt);
  }
  const note = h('p', { class: 'hint profile-expiry-note', id: 'token-life-note' });
  life.input.setAttribute('aria-describedby', note.id);
  life.wrap.append(note);
  expiryNote(note, DEFAULT_LIFETIME);
  life.input.addEventListener('change', () => expiryNote(note, Number(life.input.value)));
  const box = errorBox();
  const submit = button('primary', 'profile.tokens.create', null, 'submit');
  const form = h('form', { class: 'profile-form', novalidate: true, 'aria-labelledby': 'token-new-h' },
    heading('h3', 'profile.tokens.new', 'token-new-h'), box, name.wrap, life.wrap,
    h('div', { class: 'actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    setAlert(box, null);
    setFieldError(name, null);
    setFieldError(life, null);
    const body = { name: name.input.value.trim() };
    if (body.name === '') {
      setFieldError(name, 'field.required');
      name.input.focus();
      return;
    }
    const days = Number(life.input.value);
    if (days) body.expires_at = endOfDayIn(days).toISOString();
    try {
      const created = await busy(submit, 'profile.tokens.busy', () => api('POST', '/me/tokens', body));
      name.input.value = '';
      onCreated(created);
    } catch (err) {
      const first = showError(err, box, { name, expires_at: life });
      if (first) first.focus();
    }
  });
  return form;
}

/** The new token, shown once, with a copy button. */
function createdPanel(created, onDone) {
  const live = liveRegion();
  const title = tn('profile.tokens.show_title', { name: created.name }, 'h3');
  title.id = 'token-show-h';
  title.tabIndex = -1;
  const panel = h('section', { class: 'profile-token-show', 'aria-labelledby': 'token-show-h' },
    title,
    h('p', { class: 'alert warn', 'data-i18n': 'profile.tokens.show_once' }, t('profile.tokens.show_once')),
    h('p', {}, h('code', { id: 'token-secret', class: 'profile-secret profile-token-secret' }, created.token)),
    h('div', { class: 'toolbar' },
      copyButton('profile.tokens.copy', () => created.token, live),
      button('primary', 'profile.tokens.done', onDone)),
    live);
  return { panel, focus: title };
}

function tokensCard(ctx) {
  const live = liveRegion();
  const box = errorBox();
  const listBox = h('div', { class: 'profile-token-list', 'aria-busy': 'true' });
  const shown = h('div', {});
  const body = h('div', {});
  const card = h('section', { class: 'card profile-card profile-tokens', 'aria-labelledby': 'tokens-h' },
    heading('h2', 'profile.tokens.title', 'tokens-h', true),
    h('p', { class: 'intro', 'data-i18n': 'profile.tokens.intro' }, t('profile.tokens.intro')),
    live, box, body);

  async function load() {
    listBox.setAttribute('aria-busy', 'true');
    try {
      const items = await allTokens();
      const active = items.filter((x) => tokenState(x) === 'active').reverse();
      const old = items.filter((x) => tokenState(x) !== 'active').reverse();
      const parts = [active.length === 0
        ? h('p', { class: 'empty', 'data-i18n': 'profile.tokens.empty' }, t('profile.tokens.empty'))
        : h('ul', { class: 'profile-token-items' }, active.map((x) => tokenItem(x, revoke)))];
      if (old.length) {
        parts.push(h('details', { class: 'profile-token-old' },
          h('summary', {}, tn('profile.tokens.old', { n: old.length })),
          h('ul', { class: 'profile-token-items' }, old.map((x) => tokenItem(x, revoke)))));
      }
      listBox.replaceChildren(...parts);
    } catch (err) {
      listBox.replaceChildren();
      showError(err, box);
    } finally {
      listBox.removeAttribute('aria-busy');
    }
  }

  function revoke(tok, btn) {
    let revoked = false;
    const dialog = revokeDialog(card, tok, async () => {
      await api('DELETE', `/me/tokens/${tok.id}`);
      revoked = true;
    });
    dialog.addEventListener('close', async () => {
      if (!revoked) {
        btn.focus();
        return;
      }
      say(live, 'profile.tokens.revoked', { name: tok.name });
      await load();
      card.querySelector('#tokens-h').focus();
    });
  }

  function created(tok) {
    const p = createdPanel(tok, () => {
      shown.replaceChildren();
      card.querySelector('#tokens-h').focus();
    });
    shown.replaceChildren(p.panel);
    say(live, 'profile.tokens.created', { name: tok.name });
    p.focus.focus();
    load();
  }

  function show() {
    if (ctx.me.must_enrol_totp) {
      body.replaceChildren(h('p', { class: 'alert warn', 'data-i18n': 'profile.tokens.restricted' },
        t('profile.tokens.restricted')));
      return;
    }
    body.replaceChildren(shown, listBox, tokenForm(created));
    load();
  }

  show();
  return { card, show };
}

// ---------------------------------------------------------------- the page

export function profilePage(ctx) {
  const must = !!ctx.me.must_enrol_totp;
  const who = identityCard(ctx.me);
  const password = passwordCard(ctx);
  const tokens = tokensCard(ctx);
  const notify = notifyCard(ctx);
  const banner = h('div', { class: 'profile-banner', 'aria-live': 'polite' });
  const totp = totpCard(ctx, {
    enrolled() {
      if (!must) return false;
      say(banner, 'profile.enrolled_now');
      who.names();
      tokens.show();
      notify.show();
      return true;
    },
  });
  if (must) {
    banner.append(h('div', { class: 'alert warn profile-must' },
      h('p', { 'data-i18n': 'profile.must_enrol' }, t('profile.must_enrol')),
      button('primary', 'profile.must_enrol_go', () => totp.start())));
  }
  // a required enrolment comes first
  const cards = must
    ? [totp.card, who.card, password, notify.card, tokens.card]
    : [who.card, password, totp.card, notify.card, tokens.card];
  const node = h('section', { class: 'profile', 'aria-labelledby': 'page-h' },
    h('h1', { id: 'page-h', tabindex: '-1', 'data-i18n': 'profile.title' }, t('profile.title')),
    banner,
    h('div', { class: 'profile-grid' }, cards));
  return { titleKey: 'profile.title', node };
}
