// The start page after sign-in: the person's open incidents, serious
// ones first. (Clocks, tasks and charts come with the next pages.)
import { api } from './api.js';
import { h } from './dom.js';
import { t, valueLabel } from './i18n.js';
import { setAlert, problemKey } from './form.js';
import { formatDateTime } from './format.js';

function row(nameKey, value) {
  return h('div', { class: 'pair' },
    h('dt', { 'data-i18n': nameKey }, t(nameKey)), h('dd', {}, value));
}

function incidentItem(inc) {
  const serious = inc.severity === 'serious';
  return h('li', { class: `incident${serious ? ' serious' : ''}` },
    h('p', { class: 'incident-head' },
      h('span', { class: 'incident-id' }, inc.id),
      inc.exercise ? h('span', { class: 'tag', 'data-i18n': 'dashboard.exercise' },
        t('dashboard.exercise')) : null),
    h('p', { class: 'incident-title' }, inc.title),
    h('dl', { class: 'facts' },
      row('dashboard.unit', inc.unit_name),
      row('dashboard.status', valueLabel('status', inc.status)),
      row('dashboard.severity', h('span', { class: `sev sev-${inc.severity}` },
        valueLabel('severity', inc.severity))),
      row('dashboard.detected', formatDateTime(inc.detected_at)),
      inc.next_due_at ? row('dashboard.next_due', formatDateTime(inc.next_due_at)) : null));
}

async function load(box, alert) {
  try {
    const res = await api('GET', '/incidents?open=1&limit=50');
    const items = [...res.items].sort((a, b) =>
      (b.severity === 'serious') - (a.severity === 'serious'));
    const list = items.length === 0
      ? h('p', { class: 'empty', 'data-i18n': 'dashboard.empty' }, t('dashboard.empty'))
      : h('ul', { class: 'incident-list' }, items.map(incidentItem));
    const more = res.next_cursor
      ? [h('p', { class: 'hint', 'data-i18n': 'dashboard.more' }, t('dashboard.more'))] : [];
    box.replaceChildren(list, ...more);
  } catch (err) {
    if (!err.slug) throw err;
    box.replaceChildren();
    if (err.status !== 401) setAlert(alert, problemKey(err));
  } finally {
    box.removeAttribute('aria-busy');
  }
}

export function dashboardPage(ctx) {
  const alert = h('div', { class: 'alert error', role: 'alert', hidden: true });
  const box = h('div', { class: 'incidents', 'aria-busy': 'true' },
    h('p', { class: 'loading', 'data-i18n': 'app.loading' }, t('app.loading')));
  const enrol = ctx.me.must_enrol_totp
    ? h('p', { class: 'alert warn', 'data-i18n': 'dashboard.must_enrol' }, t('dashboard.must_enrol'))
    : null;
  const node = h('section', { class: 'dashboard', 'aria-labelledby': 'page-h' },
    h('h1', { id: 'page-h', tabindex: '-1', 'data-i18n': 'dashboard.title' }, t('dashboard.title')),
    enrol,
    h('section', { 'aria-labelledby': 'open-h' },
      h('h2', { id: 'open-h', 'data-i18n': 'dashboard.open_heading' }, t('dashboard.open_heading')),
      alert, box));
  if (enrol) box.replaceChildren();
  else load(box, alert);
  return { titleKey: 'dashboard.title', node };
}
