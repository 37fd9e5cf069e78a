// The incident workspace (#/incidents/:id): the header (who, what, how
// serious, how shared), the reporting clocks, the procedure as a stepper,
// and the panels (tasks, timeline ...: incident-panels.js). Every write
// sends If-Match with the version the person saw; a 412 shows what
// changed meanwhile and offers to apply the change again. An incident
// the person may not see answers 404 and shows as "no such page".
import { api, ApiError } from './api.js';
import { h } from './dom.js';
import { t, tn, bi, valueLabel } from './i18n.js';
import { formatDateTime } from './format.js';
import { clockList } from './clock.js';
import { incidentPanels } from './incident-panels.js';
import {
  loadPack, optionLabel, typeLabel, tlpBadge, joined, showRefusal, stateBadge,
} from './incident-common.js';
import { conflictPanel } from './incident-conflict.js';
import { stepper } from './incident-steps.js';
import { classifyDialog, decideDialog, proposeDialog } from './incident-actions.js';
import { closeDialog } from './incident-close.js';

const WIDE = '(min-width: 48rem)';

function pair(labelKey, value, cls = '') {
  return h('div', { class: `pair ${cls}` },
    h('dt', {}, tn(labelKey)), h('dd', {}, value));
}

function notFound(root) {
  root.className = 'card';
  root.removeAttribute('aria-busy');
  root.replaceChildren(
    h('h1', { id: 'page-h', tabindex: '-1', 'data-i18n': 'app.not_found' }, t('app.not_found')),
    h('p', {}, h('a', { href: '#/', 'data-i18n': 'app.back_home' }, t('app.back_home'))));
}

export function incidentPage(ctx) {
  const id = ctx.params.id;
  const path = `/incidents/${encodeURIComponent(id)}`;
  const S = {
    inc: null, pack: null, panels: [],
    openSteps: new Map(), drafts: new Map(), moreOpen: undefined, left: false,
  };
  const view = { titleKey: 'incident.page_title', node: null, leave };

  const head = h('header', { class: 'inc-head card' });
  const conflictSlot = h('div', { class: 'inc-conflict-slot' });
  const jump = h('nav', { class: 'inc-jump', 'data-i18n-label': 'incident.jump', 'aria-label': t('incident.jump') });
  const clocksBox = h('div', { class: 'inc-clocks-box' });
  const clocks = h('section', { class: 'inc-clocks card', 'aria-labelledby': 'inc-clocks-h' },
    h('h2', { id: 'inc-clocks-h', tabindex: '-1' }, tn('incident.clocks')), clocksBox);
  const stepsBox = h('div', { class: 'inc-steps-box' });
  const steps = h('section', { class: 'inc-steps card', 'aria-labelledby': 'inc-steps-h' },
    h('h2', { id: 'inc-steps-h', tabindex: '-1' }, tn('incident.procedure')), stepsBox);
  const panelsBox = h('div', { class: 'inc-panels' });
  const loading = h('p', { class: 'loading', 'data-i18n': 'app.loading' }, t('app.loading'));
  const root = h('section', { class: 'incident-page', 'aria-busy': 'true', 'aria-labelledby': 'page-h' },
    h('h1', { id: 'page-h', tabindex: '-1' }, tn('incident.page_title')), loading);
  view.node = root;

  // ---- writes

  /**
   * Run a write. action: {labelKey, mine?, send(cur) -> incident}.
   * {ok} after success (the page shows the reply), {conflict} after a
   * 412 (the panel took over), {error} for any other refusal.
   */
  async function run(action) {
    say(null);
    try {
      const next = await action.send(S.inc);
      show(next);
      return { ok: true, inc: next };
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.status === 412) {
        await conflict(action);
        return { conflict: true };
      }
      return { error: err };
    }
  }

  function clearConflict() {
    conflictSlot.replaceChildren();
  }

  async function conflict(action) {
    const seen = S.inc;
    let now;
    try {
      now = await api('GET', path);
    } catch (err) {
      for (const d of root.querySelectorAll('dialog[open]')) d.close();
      if (err instanceof ApiError && err.status === 404) notFound(root);
      else if (err instanceof ApiError) say(null, err);
      else throw err;
      return;
    }
    show(now);
    // the dialog the change came from gives way to the panel
    for (const d of root.querySelectorAll('dialog[open]')) d.close();
    const panel = conflictPanel({
      seen, now, pack: S.pack, action,
      onApply: async (errBox) => {
        const r = await run(action);
        if (r.error) showRefusal(errBox, r.error, S.inc);
        else if (r.ok) {
          clearConflict();
          say('incident.conflict.applied');
          head.querySelector('h1')?.focus();
        }
      },
      onDiscard: () => {
        clearConflict();
        say('incident.conflict.discarded');
        head.querySelector('h1')?.focus();
      },
    });
    conflictSlot.replaceChildren(panel);
    panel.focus();
  }

  async function reload() {
    try {
      const inc = await api('GET', path);
      show(inc);
      return inc;
    } catch (err) {
      if (err.status === 404) notFound(root);
      else if (err instanceof ApiError && err.status !== 401) say(null, err);
      return null;
    }
  }

  // ---- the header

  const headStatus = h('p', { class: 'inc-live', role: 'status', 'aria-live': 'polite' });
  const headError = h('div', { class: 'alert error', role: 'alert', hidden: true });

  function say(key, err = null) {
    if (err) {
      showRefusal(headError, err, S.inc);
      headStatus.replaceChildren();
      return;
    }
    headError.hidden = true;
    if (key) headStatus.replaceChildren(tn(key));
    else headStatus.replaceChildren();
  }

  function severityBlock(inc) {
    const s = inc.serious || {};
    const items = [];
    if (s.decision) {
      items.push(h('li', {}, h('strong', {}, tn('incident.serious.decision')), ' ',
        h('span', { class: 'inc-when' }, `(${formatDateTime(s.decision.at)})`), ': ',
        valueLabel('severity', s.decision.value),
        s.decision.note ? [' — ', h('span', { class: 'inc-typed' }, s.decision.note)] : null));
    }
    if (s.proposal) {
      items.push(h('li', {}, h('strong', {}, tn('incident.serious.proposal')), ' ',
        h('span', { class: 'inc-when' }, `(${formatDateTime(s.proposal.at)})`), ': ',
        h('span', { class: 'inc-typed' }, s.proposal.reason)));
    }
    items.push(h('li', {}, h('strong', {}, tn('incident.serious.test')), ' ',
      tn(s.computed ? 'incident.serious.test_met' : 'incident.serious.test_not_met'), ' — ',
      bi({ vi: s.reasons_vi, en: s.reasons_en })));
    return h('div', { class: 'inc-serious' },
      h('h2', { class: 'inc-subh' }, tn('incident.serious.heading')),
      h('ul', {}, items));
  }

  function noticeBlock(inc) {
    if (inc.source !== 'notice') return null;
    const n = inc.notice || {};
    const ackClock = inc.clocks.find((c) => c.report === 'ack');
    const who = [n.notifier_name, n.notifier_address].filter(Boolean).join(', ');
    if (inc.acknowledged_at) {
      return h('p', { class: 'notice inc-notice' }, tn('incident.notice.from'), ' ',
        h('span', { class: 'inc-typed' }, who), '. ', tn('incident.notice.acked'), ' ',
        formatDateTime(inc.acknowledged_at), '.');
    }
    const canAck = ctx.can('incident.write') && !inc.closed_at;
    const btn = canAck ? h('button', { type: 'button', class: 'secondary', onclick: acknowledge },
      tn('incident.action.acknowledge')) : null;
    return h('div', { class: 'alert warn inc-notice' },
      h('p', {}, tn('incident.notice.from'), ' ', h('span', { class: 'inc-typed' }, who), '. ',
        tn('incident.notice.must_ack'),
        ackClock?.due_at ? [' ', tn('incident.notice.due'), ' ', formatDateTime(ackClock.due_at), '.'] : null),
      btn);
  }

  async function acknowledge(ev) {
    const btn = ev.currentTarget;
    btn.disabled = true;
    const r = await run({
      labelKey: 'incident.action.acknowledge',
      send: (cur) => api('POST', `${path}/acknowledge`, undefined, { ifMatch: cur.version }),
    });
    btn.disabled = false;
    if (r.ok) {
      say('incident.done.acknowledged');
      head.querySelector('h1')?.focus();
    } else if (r.error) say(null, r.error);
  }

  function closingBlock(inc) {
    if (!inc.closing) return null;
    const c = inc.closing;
    return h('div', { class: 'inc-closing' },
      h('h2', { class: 'inc-subh' }, tn('incident.closing.heading'), ' ',
        h('span', { class: 'inc-when' }, `(${formatDateTime(inc.closed_at)})`)),
      h('dl', {},
        pair('incident.closing.root_cause', h('span', { class: 'inc-typed' }, c.root_cause)),
        pair('incident.closing.damage_estimate', h('span', { class: 'inc-typed' }, c.damage_estimate)),
        pair('incident.closing.lessons_learned', h('span', { class: 'inc-typed' }, c.lessons_learned))));
  }

  function actions(inc) {
    const open = !inc.closed_at;
    const canWrite = ctx.can('incident.write') && open;
    const canCoord = ctx.can('incident.coordinate') && open;
    const host = root;
    const btn = (key, onclick, cls = 'secondary') => h('button', { type: 'button', class: cls, onclick }, tn(key));
    const list = [];
    if (canWrite) {
      list.push(btn('incident.action.classify', () => classifyDialog(host, { S, path, run, say })));
    }
    if (canCoord) {
      list.push(btn('incident.action.decide', () => decideDialog(host, { S, path, run, say })));
    } else if (canWrite && inc.severity !== 'serious' && !inc.serious?.proposal) {
      list.push(btn('incident.action.propose', () => proposeDialog(host, { S, path, run, say })));
    }
    const again = btn('incident.action.reload', async () => {
      again.disabled = true;
      const got = await reload();
      again.disabled = false;
      if (got) {
        say('incident.done.reloaded');
        head.querySelector('.inc-reload')?.focus();
      }
    });
    again.classList.add('inc-reload');
    list.push(again);
    if (canWrite) {
      list.push(btn('incident.action.close', () => closeDialog(host, { S, path, run, say }), 'danger'));
    }
    return h('div', { class: 'toolbar inc-actions' }, list);
  }

  function renderHead(inc) {
    const pack = S.pack;
    const sevCls = inc.severity === 'serious' ? 'bad' : 'idle';
    const stateCls = inc.closed_at ? 'done' : 'idle';
    // on a phone the details fold under a summary; wide screens show them
    if (S.moreOpen === undefined) S.moreOpen = window.matchMedia(WIDE).matches;
    const more = h('details', { class: 'inc-more', open: S.moreOpen || null },
      h('summary', {}, tn('incident.details')),
      h('dl', { class: 'inc-facts' },
        pair('incident.field.unit', inc.unit_name),
        pair('incident.field.detected_at', formatDateTime(inc.detected_at)),
        pair('incident.field.reported_at', formatDateTime(inc.reported_at)),
        pair('incident.field.types', inc.types.length
          ? h('span', {}, joined(inc.types.map((c) => typeLabel(pack, c)), '; '))
          : tn('incident.none'), 'inc-wide')),
      severityBlock(inc),
      h('div', { class: 'inc-desc' },
        h('h2', { class: 'inc-subh' }, tn('incident.field.description')),
        h('p', { class: 'inc-typed' }, inc.description)));
    more.addEventListener('toggle', () => { S.moreOpen = more.open; });
    const hadFocus = document.activeElement?.id === 'page-h';
    head.replaceChildren(...[
      h('p', { class: 'inc-kicker' },
        h('span', { class: 'inc-id' }, inc.id),
        inc.exercise ? h('span', { class: 'tag inc-exercise' }, tn('incident.exercise')) : null,
        inc.source === 'notice' ? h('span', { class: 'tag' }, tn('incident.source.notice')) : null),
      h('h1', { id: 'page-h', tabindex: '-1' }, inc.title),
      h('dl', { class: 'inc-facts inc-key' },
        pair('incident.field.status', stateBadge('status', inc.status, stateCls)),
        pair('incident.field.severity', h('span', { class: `badge ${sevCls} sev-${inc.severity}` },
          valueLabel('severity', inc.severity))),
        pair('incident.field.tlp', tlpBadge(inc.tlp)),
        pair('incident.field.priority', optionLabel(pack, 'priority', inc.priority))),
      more,
      noticeBlock(inc),
      closingBlock(inc),
      actions(inc),
      headError,
      headStatus].filter(Boolean));
    if (hadFocus) head.querySelector('h1').focus();
  }

  // ---- the rest

  function renderClocks(inc) {
    clocksBox.replaceChildren(clockList(inc.clocks.filter(
      (c) => c.report !== 'ack' || inc.source === 'notice')));
  }

  function renderSteps(inc) {
    stepsBox.replaceChildren(stepper({ S, path, run, can: ctx.can, host: root }));
  }

  function go(section) {
    const hd = section.querySelector('h2');
    section.scrollIntoView({ block: 'start' });
    if (hd) hd.focus({ preventScroll: true });
  }

  function renderJump() {
    const targets = [[clocks, 'incident.clocks'], [steps, 'incident.procedure'],
      ...S.panels.map((p) => [p.section, p.titleKey])];
    jump.replaceChildren(h('ul', {}, targets.map(([sec, key]) => h('li', {},
      h('button', { type: 'button', class: 'inc-jump-btn', onclick: () => go(sec) }, tn(key))))));
  }

  function show(inc) {
    S.inc = inc;
    if (root.getAttribute('aria-busy')) return;
    renderHead(inc);
    renderClocks(inc);
    renderSteps(inc);
    root.classList.toggle('is-closed', !!inc.closed_at);
    for (const p of S.panels) {
      try { p.refresh?.(inc); } catch (e) { console.error(e); }
    }
  }

  function buildPanels(inc) {
    let list = [];
    try {
      list = incidentPanels({ inc, me: ctx.me, can: ctx.can, reload }) || [];
    } catch (e) {
      console.error(e);
    }
    S.panels = list.filter((p) => p && p.node).map((p) => {
      // a panel that brings its own <section> and <h2> is placed as it is
      const own = p.node.matches('section') ? p.node.querySelector('h2') : null;
      if (own) {
        own.setAttribute('tabindex', '-1');
        return { ...p, section: p.node };
      }
      const hid = `panel-h-${p.key}`;
      const section = h('section', { class: 'inc-panel card', id: `panel-${p.key}`, 'aria-labelledby': hid },
        h('h2', { id: hid, tabindex: '-1' }, tn(p.titleKey)), p.node);
      return { ...p, section };
    });
    panelsBox.replaceChildren(...S.panels.map((p) => p.section));
    root.classList.toggle('no-panels', S.panels.length === 0);
  }

  async function start() {
    let inc;
    try {
      inc = await api('GET', path);
      // the labels of types, TLP, priority and the steps' stages; without
      // them the page still works and shows codes
      S.pack = await loadPack(inc.rulepack).catch(() => null);
    } catch (err) {
      if (S.left) return;
      if (err instanceof ApiError && (err.status === 404 || err.status === 403 || err.status === 400)) {
        notFound(root);
        view.titleKey = 'app.not_found';
        document.title = t('app.title', { page: t('app.not_found') });
        if (document.activeElement === document.body || document.activeElement?.id === 'page-h') {
          root.querySelector('h1').focus();
        }
        return;
      }
      root.removeAttribute('aria-busy');
      loading.remove();
      const alert = h('div', { class: 'alert error', role: 'alert' });
      showRefusal(alert, err instanceof ApiError ? err : new ApiError(0, null), null);
      root.append(alert);
      if (!(err instanceof ApiError)) throw err;
      return;
    }
    if (S.left) return;
    const hadFocus = document.activeElement?.id === 'page-h';
    root.removeAttribute('aria-busy');
    root.replaceChildren(head, conflictSlot, clocks, jump, steps, panelsBox);
    S.inc = inc;
    buildPanels(inc);
    renderJump();
    show(inc);
    if (hadFocus) head.querySelector('h1').focus();
  }

  function leave() {
    S.left = true;
    for (const d of root.querySelectorAll('dialog[open]')) d.close();
  }

  start();
  return view;
}
