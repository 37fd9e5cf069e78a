// The start page after sign-in, for the day's work at a glance: serious
// incidents first, then the reporting deadlines that are close and the
// person's own tasks, the open incidents, and this month's incidents by
// status and by type as bar charts. Every item links to its incident,
// every bar to the list filtered the same way.
import { api } from './api.js';
import { h } from './dom.js';
import { t, tn, bi, pick, valueLabel } from './i18n.js';
import { setAlert, problemKey } from './form.js';
import { formatDateTime } from './format.js';
import { clockBadge } from './clock.js';
import { barChart } from './chart.js';
import { inUsePack, dueBadge, incidentHref } from './incidents.js';

const RUNNING = { overdue: 0, due_soon: 1, pending: 2 };
const CLOCK_INCIDENTS = 6; // nearest deadlines looked into
const CLOCKS_SHOWN = 8; // at most, when that many are overdue or due soon
const CLOCKS_CALM = 3; // at least, when few are

function row(nameKey, value) {
  return h('div', { class: 'pair' },
    h('dt', { 'data-i18n': nameKey }, t(nameKey)), h('dd', {}, value));
}

function heading(id, key, vars = null) {
  const el = tn(key, vars, 'h2');
  el.id = id;
  return el;
}

/** A section that loads on its own: heading, error line, body. */
function section(cls, id, key, vars = null) {
  const alert = h('div', { class: 'alert error', role: 'alert', hidden: true });
  const body = h('div', { class: `${cls}-body`, 'aria-busy': 'true' },
    h('p', { class: 'loading', 'data-i18n': 'app.loading' }, t('app.loading')));
  const node = h('section', { class: `dash-card ${cls}`, 'aria-labelledby': id },
    heading(id, key, vars), alert, body);
  return { node, alert, body };
}

/** Run load() into a section: its nodes, or the problem in its alert. */
async function fill(sec, load) {
  try {
    sec.body.replaceChildren(...(await load()).filter(Boolean));
  } catch (err) {
    if (!err.slug) throw err;
    sec.body.replaceChildren();
    if (err.status !== 401) setAlert(sec.alert, problemKey(err));
  } finally {
    sec.body.removeAttribute('aria-busy');
  }
}

function empty(key) {
  return h('p', { class: 'empty', 'data-i18n': key }, t(key));
}

function incidentLink(id, title) {
  return h('a', { href: incidentHref(id), class: 'dash-link' },
    h('span', { class: 'incident-id' }, id), ' ', h('span', {}, title));
}

// ---------------------------------------------------------------- lists

function incidentItem(inc) {
  const serious = inc.severity === 'serious';
  return h('li', { class: `incident${serious ? ' serious' : ''}` },
    h('p', { class: 'incident-head' },
      h('span', { class: 'incident-id' }, inc.id),
      inc.exercise ? h('span', { class: 'tag', 'data-i18n': 'dashboard.exercise' },
        t('dashboard.exercise')) : null),
    h('p', { class: 'incident-title' }, h('a', { href: incidentHref(inc.id) }, inc.title)),
    h('dl', { class: 'facts' },
      row('dashboard.unit', inc.unit_name),
      row('dashboard.status', valueLabel('status', inc.status)),
      row('dashboard.severity', h('span', { class: `sev sev-${inc.severity}` },
        valueLabel('severity', inc.severity))),
      row('dashboard.detected', formatDateTime(inc.detected_at)),
      inc.next_due_at ? row('dashboard.next_due', dueBadge(inc.next_due_at)) : null));
}

function moreLink(key, href, n) {
  return h('p', { class: 'dash-more' }, h('a', { href }, tn(key, { n })));
}

async function seriousBody() {
  const res = await api('GET', '/incidents?open=1&severity=serious&sort=due&limit=10');
  if (res.items.length === 0) return [empty('dashboard.serious_empty')];
  const list = h('ul', { class: 'serious-list' }, res.items.map((inc) => h('li', {},
    incidentLink(inc.id, inc.title), ' ',
    h('span', { class: 'serious-status' }, valueLabel('status', inc.status)))));
  return [list, res.next_cursor
    ? moreLink('dashboard.all_serious', '#/incidents?open=1&severity=serious', '') : null];
}

async function openBody() {
  const [res, count] = await Promise.all([
    api('GET', '/incidents?open=1&sort=due&limit=10'),
    api('GET', '/incidents/count?open=1'),
  ]);
  if (res.items.length === 0) return [empty('dashboard.empty')];
  const items = [...res.items].sort((a, b) =>
    (b.severity === 'serious') - (a.severity === 'serious'));
  return [h('ul', { class: 'incident-list' }, items.map(incidentItem)),
    moreLink('dashboard.all_open', '#/incidents?open=1&sort=due', count.count)];
}

function taskItem(task) {
  const due = task.due_at
    ? [h('time', { datetime: task.due_at }, formatDateTime(task.due_at)), ' ', dueBadge(task.due_at)]
    : [tn('dashboard.task_no_due')];
  return h('li', { class: 'task' },
    h('p', { class: 'task-title' }, task.title),
    h('p', { class: 'task-incident' }, incidentLink(task.incident, task.incident_title)),
    h('p', { class: 'task-due' }, tn('dashboard.task_due'), ' ', ...due));
}

async function tasksBody() {
  const res = await api('GET', '/tasks?assignee=me&open=1&limit=10');
  if (res.items.length === 0) return [empty('dashboard.tasks_empty')];
  return [h('ul', { class: 'task-list' }, res.items.map(taskItem)),
    res.next_cursor ? h('p', { class: 'hint', 'data-i18n': 'dashboard.tasks_more' },
      t('dashboard.tasks_more')) : null];
}

function clockItem({ inc, clock }) {
  return h('li', { class: `dash-clock dash-clock-${clock.state}` },
    h('p', { class: 'dash-clock-name' }, bi(clock, 'label')),
    h('p', {}, incidentLink(inc.id, inc.title)),
    h('p', { class: 'dash-clock-due' }, tn('dashboard.clock_due'), ' ',
      h('time', { datetime: clock.due_at }, formatDateTime(clock.due_at))),
    h('p', {}, clockBadge(clock)));
}

/** The running clocks of the incidents with the nearest deadlines. */
async function clocksBody() {
  const res = await api('GET', `/incidents?sort=due&limit=${CLOCK_INCIDENTS}`);
  const due = res.items.filter((i) => i.next_due_at);
  const full = await Promise.all(due.map((i) => api('GET', incidentApi(i.id))));
  const clocks = full.flatMap((inc) => (inc.clocks || [])
    .filter((c) => c.state in RUNNING && c.due_at).map((clock) => ({ inc, clock })));
  clocks.sort((a, b) => RUNNING[a.clock.state] - RUNNING[b.clock.state]
    || Date.parse(a.clock.due_at) - Date.parse(b.clock.due_at));
  // every urgent one (up to a screenful), and the nearest others with them
  const urgent = clocks.filter((c) => c.clock.state !== 'pending').slice(0, CLOCKS_SHOWN);
  const shown = [...urgent, ...clocks.filter((c) => c.clock.state === 'pending')]
    .slice(0, Math.max(urgent.length, CLOCKS_CALM));
  if (shown.length === 0) return [empty('dashboard.clocks_empty')];
  return [h('ul', { class: 'dash-clock-list' }, shown.map(clockItem))];
}

function incidentApi(id) {
  return `/incidents/${encodeURIComponent(id)}`;
}

// ---------------------------------------------------------------- charts

/** This month in Asia/Ho_Chi_Minh: {from, to} dates and "11/2026". */
function thisMonth(now = new Date()) {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit',
  }).formatToParts(now).map((x) => [x.type, x.value]));
  const last = new Date(Date.UTC(Number(p.year), Number(p.month), 0)).getUTCDate();
  return {
    from: `${p.year}-${p.month}-01`, to: `${p.year}-${p.month}-${String(last).padStart(2, '0')}`,
    label: `${p.month}/${p.year}`,
  };
}

function chartSpec(titleKey, month, groups, label, param) {
  return {
    title: () => t(titleKey),
    rows: groups.map((g) => ({
      label: () => label(g.key),
      value: g.count,
      href: `#/incidents?${new URLSearchParams({ [param]: g.key, from: month.from, to: month.to })}`,
    })),
    emptyKey: 'dashboard.chart_empty',
    summaryKey: 'dashboard.chart_summary',
    summaryVars: { month: month.label },
    categoryKey: titleKey === 'dashboard.by_type' ? 'dashboard.col_type' : 'dashboard.col_status',
    countKey: 'dashboard.col_count',
  };
}

async function chartsBody() {
  const month = thisMonth();
  const range = `from=${month.from}&to=${month.to}`;
  const [byStatus, byType, pack] = await Promise.all([
    api('GET', `/incidents/count?group=status&${range}`),
    api('GET', `/incidents/count?group=type&${range}`),
    inUsePack(),
  ]);
  const typeName = (code) => {
    const ty = (pack.types || []).find((x) => x.code === code);
    return ty ? pick(ty) : code;
  };
  const statusName = (code) => valueLabel('status', code).textContent;
  return [
    h('p', { class: 'dash-total' }, tn('dashboard.month_total', { n: byStatus.count })),
    h('div', { class: 'charts' },
      barChart(chartSpec('dashboard.by_status', month, byStatus.groups, statusName, 'status')),
      h('div', {},
        barChart(chartSpec('dashboard.by_type', month, byType.groups, typeName, 'type')),
        byType.groups.length ? h('p', { class: 'hint', 'data-i18n': 'dashboard.type_note' },
          t('dashboard.type_note')) : null)),
  ];
}

// ---------------------------------------------------------------- page

export function dashboardPage(ctx) {
  const head = h('h1', { id: 'page-h', tabindex: '-1', 'data-i18n': 'dashboard.title' },
    t('dashboard.title'));
  if (ctx.me.must_enrol_totp) {
    return {
      titleKey: 'dashboard.title',
      node: h('section', { class: 'dashboard', 'aria-labelledby': 'page-h' }, head,
        h('p', { class: 'alert warn' },
          h('a', { href: '#/profile', 'data-i18n': 'dashboard.must_enrol' }, t('dashboard.must_enrol')))),
    };
  }
  if (!ctx.can('incident.read')) {
    return {
      titleKey: 'dashboard.title',
      node: h('section', { class: 'dashboard', 'aria-labelledby': 'page-h' }, head,
        h('p', { class: 'notice', 'data-i18n': 'dashboard.no_incidents_role' },
          t('dashboard.no_incidents_role'))),
    };
  }
  const serious = section('dash-serious', 'serious-h', 'dashboard.serious_heading');
  const clocks = section('dash-clocks', 'clocks-h', 'dashboard.clocks_heading');
  const tasks = section('dash-tasks', 'tasks-h', 'dashboard.tasks_heading');
  const open = section('dash-open', 'open-h', 'dashboard.open_heading');
  open.body.classList.add('incidents');
  const stats = section('dash-stats', 'stats-h', 'dashboard.stats_heading', { month: thisMonth().label });
  const node = h('section', { class: 'dashboard', 'aria-labelledby': 'page-h' }, head,
    serious.node,
    h('div', { class: 'dash-grid' }, clocks.node, tasks.node),
    open.node, stats.node);
  fill(serious, seriousBody).then(() => {
    serious.node.classList.toggle('has-serious', !!serious.body.querySelector('li'));
  });
  fill(clocks, clocksBody);
  fill(tasks, tasksBody);
  fill(open, openBody);
  fill(stats, chartsBody);
  return { titleKey: 'dashboard.title', node };
}
