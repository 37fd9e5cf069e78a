// Sign-in: login and password; the authentication code field appears
// when the server answers totp-required (401), and takes either the
// 6-digit code or a recovery code. Errors stay beside the
// form and beside each field; nothing is lost from what was typed.
import { api } from './api.js';
import { h } from './dom.js';
import { t } from './i18n.js';
import { field, setFieldError, setAlert, problemKey, fieldKey } from './form.js';

export function signinPage(ctx) {
  const login = field('login', 'signin.login', {
    type: 'text', autocomplete: 'username', autocapitalize: 'none',
    spellcheck: 'false', required: true,
  });
  const password = field('password', 'signin.password', {
    type: 'password', autocomplete: 'current-password', required: true,
  });
  const totp = field('totp', 'signin.totp', {
    type: 'text', autocomplete: 'one-time-code', autocapitalize: 'none',
    spellcheck: 'false', maxlength: '40',
  }, 'signin.totp_hint');
  totp.wrap.hidden = true;
  const fields = { login, password, totp };
  const alert = h('div', { class: 'alert error', id: 'signin-error', role: 'alert', hidden: true });
  const notice = h('p', { class: 'notice', role: 'status', hidden: true });
  if (ctx.notice) setAlert(notice, ctx.notice);
  const submit = h('button', { type: 'submit', class: 'primary', 'data-i18n': 'signin.submit' },
    t('signin.submit'));

  const form = h('form', { class: 'card signin', novalidate: true, 'aria-labelledby': 'page-h' },
    h('h1', { id: 'page-h', tabindex: '-1', 'data-i18n': 'signin.title' }, t('signin.title')),
    h('p', { class: 'intro', 'data-i18n': 'signin.intro' }, t('signin.intro')),
    notice, alert, login.wrap, password.wrap, totp.wrap,
    h('div', { class: 'actions' }, submit));

  function clearErrors() {
    setAlert(alert, null);
    for (const f of Object.values(fields)) setFieldError(f, null);
  }

  function missing() {
    let first = null;
    for (const f of [login, password]) {
      if (f.input.value.trim() === '') {
        setFieldError(f, 'field.required');
        first ??= f.input;
      }
    }
    if (first) first.focus();
    return first !== null;
  }

  function showProblem(err) {
    if (err.slug === 'totp-required') {
      totp.wrap.hidden = false;
      setAlert(alert, 'signin.totp_needed');
      setFieldError(totp, 'error.totp-required');
      totp.input.focus();
      return;
    }
    let shown = false;
    for (const [name, fe] of Object.entries(err.fields)) {
      if (fields[name] && !fields[name].wrap.hidden) {
        setFieldError(fields[name], fieldKey(fe.code));
        shown = true;
      }
    }
    setAlert(alert, shown && err.slug === 'validation' ? 'error.validation' : problemKey(err));
    if (err.slug === 'invalid-credentials') {
      totp.input.value = '';
      password.input.select();
      password.input.focus();
    }
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors();
    setAlert(notice, null);
    if (missing()) return;
    const body = { login: login.input.value.trim(), password: password.input.value };
    // six digits are the code of the moment; anything else is one of
    // the recovery codes given at enrolment
    const code = totp.wrap.hidden ? '' : totp.input.value.trim();
    if (/^\d{6}$/.test(code.replace(/\s/g, ''))) body.totp = code.replace(/\s/g, '');
    else if (code !== '') body.recovery_code = code;
    submit.disabled = true;
    submit.dataset.i18n = 'signin.busy';
    submit.textContent = t('signin.busy');
    try {
      const res = await api('POST', '/session', body, { quiet401: true });
      password.input.value = '';
      await ctx.signedIn(res.csrf_token);
    } catch (err) {
      if (!err.slug) throw err;
      showProblem(err);
    } finally {
      submit.disabled = false;
      submit.dataset.i18n = 'signin.submit';
      submit.textContent = t('signin.submit');
    }
  });

  return { titleKey: 'signin.title', node: form, focus: login.input };
}
