// An incident's reporting clocks (docs/internals/clock.md): the state
// as a word on a coloured badge, and a countdown that keeps running.
// One timer for the whole page updates every [data-due] element, so a
// page that is left needs no clean-up.
import { h } from './dom.js';
import { t, tn, bi, valueLabel } from './i18n.js';
import { formatDateTime } from './format.js';

const TICK_MS = 15_000;
const UNSENT = new Set(['pending', 'due_soon', 'overdue']);
let timer = null;

/** 93784000 -> "1 ngày 2 giờ" / "1 d 2 h": the two largest units. */
export function formatSpan(ms) {
  const min = Math.floor(Math.abs(ms) / 60_000);
  const d = Math.floor(min / 1440);
  const hr = Math.floor((min % 1440) / 60);
  const m = min % 60;
  if (d > 0) return hr ? t('clock.span_dh', { d, h: hr }) : t('clock.span_d', { d });
  if (hr > 0) return m ? t('clock.span_hm', { h: hr, m }) : t('clock.span_h', { h: hr });
  return t('clock.span_m', { m: Math.max(m, ms >= 0 ? 0 : 1) });
}

/** The state now: a running clock turns due_soon / overdue on the way. */
function liveState(el) {
  const state = el.dataset.state;
  if (!UNSENT.has(state)) return state;
  const now = Date.now();
  if (now > Number(el.dataset.due)) return 'overdue';
  if (el.dataset.warn && now >= Number(el.dataset.warn)) return 'due_soon';
  return state;
}

function paint(el) {
  const state = liveState(el);
  const badge = el.querySelector('.badge');
  badge.className = `badge ${state}`;
  badge.dataset.i18n = `clock.state.${state}`;
  badge.textContent = t(`clock.state.${state}`);
  const left = el.querySelector('.countdown');
  if (!left) return;
  const ms = Number(el.dataset.due) - Date.now();
  left.textContent = ms >= 0
    ? t('clock.left', { span: formatSpan(ms) })
    : t('clock.overdue_by', { span: formatSpan(ms) });
}

function tick() {
  const live = document.querySelectorAll('[data-due]');
  for (const el of live) paint(el);
  if (live.length === 0) {
    clearInterval(timer);
    timer = null;
  }
}

function startTicking() {
  if (timer === null) timer = setInterval(tick, TICK_MS);
}
document.addEventListener('langchange', tick);

/**
 * The state of one clock as a badge, with a countdown while it runs
 * unsent: "Sắp đến hạn · còn 5 giờ 10 phút".
 */
export function clockBadge(clock) {
  const running = UNSENT.has(clock.state) && clock.due_at;
  const el = h('span', { class: 'clock-state', 'data-state': clock.state },
    h('span', { class: `badge ${clock.state}` }),
    running ? h('span', { class: 'countdown' }) : null);
  if (running) {
    el.dataset.due = String(Date.parse(clock.due_at));
    if (clock.warn_at) el.dataset.warn = String(Date.parse(clock.warn_at));
    startTicking();
    paint(el);
  } else {
    el.querySelector('.badge').append(valueLabel('clock.state', clock.state));
  }
  return el;
}

function order(c) {
  return { overdue: 0, due_soon: 1, pending: 2, late: 3, met: 4, not_started: 5 }[c.state] ?? 6;
}

function clockItem(c) {
  const to = (c.to || []).map((p) => bi(p, 'label'));
  const sent = c.sent_at
    ? h('span', { class: 'clock-sent' }, tn('clock.sent_at'), ' ', formatDateTime(c.sent_at)) : null;
  return h('li', { class: `clock clock-${c.state}` },
    h('p', { class: 'clock-name' }, bi(c, 'label')),
    to.length ? h('p', { class: 'clock-to' }, tn('clock.to'), ' ',
      to.flatMap((el, i) => (i ? [', ', el] : [el]))) : null,
    c.due_at ? h('p', { class: 'clock-due' }, tn('clock.due'), ' ',
      h('time', { datetime: c.due_at }, formatDateTime(c.due_at))) : null,
    h('p', { class: 'clock-line' }, clockBadge(c), sent));
}

/**
 * The clocks of an incident: those that run or ran, most urgent first;
 * the ones whose moment has not come folded under a summary.
 */
export function clockList(clocks) {
  const list = [...(clocks || [])].sort((a, b) => order(a) - order(b)
    || String(a.due_at).localeCompare(String(b.due_at)));
  const started = list.filter((c) => c.state !== 'not_started');
  const waiting = list.filter((c) => c.state === 'not_started');
  const box = h('div', { class: 'clocks' });
  box.append(started.length
    ? h('ul', { class: 'clock-list' }, started.map(clockItem))
    : tn('clock.none', null, 'p'));
  if (waiting.length) {
    box.append(h('details', { class: 'clock-waiting' },
      h('summary', {}, tn('clock.waiting', { n: waiting.length })),
      h('ul', { class: 'clock-list' }, waiting.map(clockItem))));
  }
  return box;
}
