// The profile page's "Notifications" card: for each kind of message the
// server knows (GET /api/v1/me/notifications lists them, with their
// labels in both languages; the list grows, so it is never fixed here),
// whether it comes by email and by the person's own webhook; the
// webhook's address, and its signing secret shown once when the server
// makes it. Saved with PUT and If-Match (the choices' version); a stale
// version (412) reloads the choices and says so.
import { api } from './api.js';
import { h } from './dom.js';
import { t, tn, bi } from './i18n.js';
import { field, setFieldError, setAlert } from './form.js';
import {
  heading, button, liveRegion, say, errorBox, showError, busy, copyButton,
} from './profile.js';

const CHANNELS = ['email', 'webhook'];

/** The table of kinds with a checkbox per channel. */
function kindsTable(prefs) {
  const head = h('tr', {},
    h('th', { scope: 'col', id: 'nk-col-kind', 'data-i18n': 'profile.notify.kind' }, t('profile.notify.kind')),
    CHANNELS.map((c) => h('th', {
      scope: 'col', id: `nk-col-${c}`, class: 'profile-notify-ch', 'data-i18n': `profile.notify.${c}`,
    }, t(`profile.notify.${c}`))));
  const rows = prefs.kinds.map((k, i) => {
    const rowId = `nk-row-${i}`;
    const label = bi({ vi: k.label, en: k.label_en });
    return h('tr', { 'data-kind': k.kind },
      h('th', { scope: 'row', id: rowId, class: 'profile-notify-kind' }, label),
      CHANNELS.map((c) => h('td', { class: 'profile-notify-ch' },
        h('input', {
          type: 'checkbox', id: `nk-${i}-${c}`, 'data-channel': c, checked: !!k[c],
          'aria-labelledby': `nk-col-${c} ${rowId}`,
        }))));
  });
  return h('table', { class: 'data profile-notify-table', 'aria-labelledby': 'notify-h' },
    h('thead', {}, head), h('tbody', {}, rows));
}

/** Where mail goes: the account's address, or a warning that there is none. */
function mailNote(prefs) {
  if (!prefs.email) {
    return h('p', { class: 'alert warn', 'data-i18n': 'profile.notify.no_email' }, t('profile.notify.no_email'));
  }
  return h('p', { class: 'hint' }, tn('profile.notify.mail_to', { email: prefs.email }));
}

/** The webhook's secret, shown once, with a copy button. */
function secretPanel(secret, onDone) {
  const live = liveRegion();
  const title = heading('h3', 'profile.notify.secret_title', 'notify-secret-h', true);
  const panel = h('section', { class: 'profile-notify-secret', 'aria-labelledby': 'notify-secret-h' },
    title,
    h('p', { class: 'alert warn', 'data-i18n': 'profile.notify.secret_once' }, t('profile.notify.secret_once')),
    h('p', {}, h('code', { id: 'notify-secret', class: 'profile-secret profile-token-secret' }, secret)),
    h('div', { class: 'toolbar' },
      copyButton('profile.notify.secret_copy', () => secret, live),
      button('primary', 'profile.notify.secret_done', onDone)),
    live);
  return { panel, focus: title };
}

export function notifyCard(ctx) {
  const live = liveRegion();
  const box = errorBox();
  const stale = h('p', { class: 'alert warn', role: 'alert', hidden: true });
  const body = h('div', { 'aria-busy': 'true' }, h('p', { class: 'loading', 'data-i18n': 'app.loading' }, t('app.loading')));
  const shown = h('div', {});
  const card = h('section', { class: 'card profile-card profile-notify', 'aria-labelledby': 'notify-h' },
    heading('h2', 'profile.notify.title', 'notify-h', true),
    h('p', { class: 'intro', 'data-i18n': 'profile.notify.intro' }, t('profile.notify.intro')),
    live, stale, box, shown, body);

  let prefs = null;
  const url = field('notify-url', 'profile.notify.url', {
    type: 'url', inputmode: 'url', autocomplete: 'off', spellcheck: 'false', maxlength: '2000',
  }, 'profile.notify.url_hint');
  const secret = field('notify-secret-in', 'profile.notify.secret', {
    type: 'text', autocomplete: 'off', spellcheck: 'false', maxlength: '256',
  }, 'profile.notify.secret_hint');
  const fields = { webhook_url: url, webhook_secret: secret };
  const submit = button('primary', 'profile.notify.save', null, 'submit');

  function draw() {
    url.input.value = prefs.webhook_url || '';
    secret.input.value = '';
    const form = h('form', { class: 'profile-notify-form', novalidate: true, 'aria-labelledby': 'notify-h' },
      mailNote(prefs),
      h('div', { class: 'profile-notify-scroll' }, kindsTable(prefs)),
      h('fieldset', { class: 'profile-notify-hook' },
        h('legend', { 'data-i18n': 'profile.notify.hook_legend' }, t('profile.notify.hook_legend')),
        h('p', { class: 'hint', 'data-i18n': 'profile.notify.hook_intro' }, t('profile.notify.hook_intro')),
        url.wrap, secret.wrap),
      h('div', { class: 'toolbar' }, submit));
    form.addEventListener('submit', save);
    body.replaceChildren(form);
  }

  async function load() {
    body.setAttribute('aria-busy', 'true');
    try {
      prefs = await api('GET', '/me/notifications');
      draw();
    } catch (err) {
      body.replaceChildren();
      showError(err, box);
    } finally {
      body.removeAttribute('aria-busy');
    }
  }

  /** What to send: every kind's two choices, the webhook when changed. */
  function changes() {
    const out = {
      kinds: [...body.querySelectorAll('tbody tr[data-kind]')].map((row) => {
        const one = { kind: row.dataset.kind };
        for (const c of CHANNELS) one[c] = row.querySelector(`input[data-channel="${c}"]`).checked;
        return one;
      }),
    };
    const u = url.input.value.trim();
    if (u !== (prefs.webhook_url || '')) out.webhook_url = u;
    if (secret.input.value !== '') out.webhook_secret = secret.input.value;
    return out;
  }

  async function save(ev) {
    ev.preventDefault();
    setAlert(box, null);
    setAlert(stale, null);
    live.replaceChildren();
    for (const f of Object.values(fields)) setFieldError(f, null);
    try {
      const reply = await busy(submit, 'profile.notify.saving',
        () => api('PUT', '/me/notifications', changes(), { ifMatch: prefs.version }));
      prefs = reply;
      draw();
      say(live, 'profile.notify.saved');
      if (reply.webhook_secret) {
        const p = secretPanel(reply.webhook_secret, () => {
          shown.replaceChildren();
          card.querySelector('#notify-h').focus();
        });
        shown.replaceChildren(p.panel);
        p.focus.focus();
      }
    } catch (err) {
      if (err.status === 412) {
        // changed meanwhile (another tab, another session): show what is saved now
        await load();
        setAlert(stale, 'profile.notify.stale');
        card.querySelector('#notify-h').focus();
        return;
      }
      const first = showError(err, box, fields);
      if (first) first.focus();
    }
  }

  /** Before a required two-factor enrolment the server refuses: say so. */
  function show() {
    if (ctx.me.must_enrol_totp) {
      body.removeAttribute('aria-busy');
      body.replaceChildren(h('p', { class: 'alert warn', 'data-i18n': 'profile.notify.restricted' },
        t('profile.notify.restricted')));
      return;
    }
    load();
  }

  show();
  return { card, show };
}
