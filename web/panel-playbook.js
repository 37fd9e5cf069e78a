// "Apply a response playbook" from the incident workspace's tasks panel:
// a dialog listing the playbooks the person may read (GET /playbooks),
// those for the incident's types first, showing which ones the incident
// already uses and at which version (GET /incidents/{id}/playbooks);
// applying one (POST, after a confirmation) adds its tasks, each with
// its procedure step and phase. The same version applied twice is 409:
// said in words, and the list shows it applied.
import {
  api, h, t, tn, setAlert, listAll, partPath, isApiError, problemKey,
} from './panel-common.js';
import { bi } from './i18n.js';
import { formatDateTime } from './format.js';
import { openDialog, dialogButtons } from './incident-common.js';

/** The playbooks, those for the incident's types first (the unit's own copies before the defaults). */
function ordered(playbooks, inc) {
  const types = Array.isArray(inc.types) ? inc.types : [];
  const rank = (p) => {
    const ti = types.indexOf(p.scenario);
    return ti < 0 ? Infinity : ti;
  };
  const own = (p) => (p.unit_id !== null && p.unit_id === inc.unit_id ? 0 : p.default ? 2 : 1);
  const matching = playbooks.filter((p) => types.includes(p.scenario))
    .sort((a, b) => rank(a) - rank(b) || own(a) - own(b) || a.id - b.id);
  const others = playbooks.filter((p) => !types.includes(p.scenario));
  return { matching, others };
}

/** The newest application of each playbook: id -> application. */
function appliedBy(applications) {
  const m = new Map();
  for (const a of applications) {
    const was = m.get(a.playbook_id);
    if (!was || a.version > was.version) m.set(a.playbook_id, a);
  }
  return m;
}

/** Whose playbook: the library's default, or a unit's copy. */
function origin(p) {
  return p.default ? tn('panel.playbook.default')
    : tn('panel.playbook.unit_copy', { unit: p.unit_name || p.unit_code || String(p.unit_id) });
}

/** One choice: a radio and its label (title; code, scenario, version, origin; applied or not). */
function choice(p, applied) {
  const id = `pb-opt-${p.id}`;
  const used = applied.get(p.id);
  const same = !!used && used.version === p.version;
  const input = h('input', {
    type: 'radio', name: 'pb-choice', id, value: String(p.id), disabled: same,
    'aria-describedby': `${id}-meta${used ? ` ${id}-used` : ''}`,
  });
  const label = h('label', { for: id, class: 'panel-pb-label' },
    h('span', { class: 'panel-pb-title' }, p.title),
    h('span', { class: 'panel-pb-meta', id: `${id}-meta` },
      h('span', { class: 'mono' }, p.scenario), ' · ', bi(p, 'scenario'), ' · ',
      tn('panel.playbook.version', { v: p.version }), ' · ', origin(p)),
    used ? h('span', { class: `badge ${same ? 'ok' : 'warn'} panel-pb-used`, id: `${id}-used` },
      tn(same ? 'panel.playbook.used_same' : 'panel.playbook.used_older', { v: used.version })) : null);
  return h('li', { class: `panel-pb-choice${same ? ' panel-pb-applied' : ''}` }, input, label);
}

/** The applications so far: title, version, when and by whom. */
function usedList(applications) {
  if (applications.length === 0) {
    return h('p', { class: 'hint', 'data-i18n': 'panel.playbook.none_used' }, t('panel.playbook.none_used'));
  }
  return h('ul', { class: 'panel-pb-usedlist' }, applications.map((a) => h('li', {},
    h('span', { class: 'panel-pb-title' }, a.title), ' ',
    tn('panel.playbook.used_line', {
      v: a.version, at: formatDateTime(a.applied_at), who: a.applied_by_name || '—', n: a.tasks.length,
    }))));
}

/**
 * The "apply a playbook" button of the tasks panel. onApplied(application)
 * runs after a successful apply (the panel reloads its tasks and says so).
 */
export function playbookButton(ctx, { host, onApplied }) {
  const button = h('button', {
    type: 'button', class: 'secondary', 'aria-haspopup': 'dialog', 'data-i18n': 'panel.playbook.open',
  }, t('panel.playbook.open'));
  button.addEventListener('click', () => openApply(ctx, host, button, onApplied));
  return button;
}

function openApply(ctx, host, opener, onApplied) {
  let done = false;
  const { dialog, close } = openDialog(host, { titleKey: 'panel.playbook.title', cls: 'panel-pb-dialog' }, (dlg, closeIt) => {
    const alert = h('div', { class: 'alert error', role: 'alert', hidden: true });
    const area = h('div', { class: 'panel-pb-area', 'aria-busy': 'true' },
      h('p', { class: 'loading', 'data-i18n': 'app.loading' }, t('app.loading')));
    dlg.append(
      h('p', { 'data-i18n': 'panel.playbook.intro' }, t('panel.playbook.intro')),
      alert, area);
    let playbooks = [];
    let applications = [];

    async function fetchAll() {
      [playbooks, applications] = await Promise.all([
        listAll('/playbooks'),
        api('GET', partPath(ctx.inc, 'playbooks')).then((r) => r.items),
      ]);
    }

    /** Step 1: choose. `chosen` keeps a choice when drawn again. */
    function chooseStep(chosen = null) {
      const applied = appliedBy(applications);
      const { matching, others } = ordered(playbooks, ctx.inc);
      const pickable = (p) => { const u = applied.get(p.id); return !u || u.version !== p.version; };
      const { row, save, cancel } = dialogButtons('panel.playbook.next', closeIt);
      const groups = [];
      if (matching.length) {
        groups.push(h('fieldset', { class: 'panel-pb-group' },
          h('legend', { 'data-i18n': 'panel.playbook.matching' }, t('panel.playbook.matching')),
          h('ul', { class: 'panel-pb-list' }, matching.map((p) => choice(p, applied)))));
      } else {
        groups.push(h('p', { class: 'hint', 'data-i18n': 'panel.playbook.no_matching' }, t('panel.playbook.no_matching')));
      }
      if (others.length) {
        const more = h('details', { class: 'panel-pb-more', open: matching.length === 0 },
          h('summary', {}, tn('panel.playbook.others', { n: others.length })),
          h('fieldset', { class: 'panel-pb-group' },
            h('legend', { class: 'panel-vh', 'data-i18n': 'panel.playbook.others_legend' }, t('panel.playbook.others_legend')),
            h('ul', { class: 'panel-pb-list' }, others.map((p) => choice(p, applied)))));
        groups.push(more);
      }
      const form = h('form', { method: 'dialog', novalidate: true, class: 'panel-pb-form' },
        h('h3', { 'data-i18n': 'panel.playbook.used_heading' }, t('panel.playbook.used_heading')),
        usedList(applications),
        h('h3', { 'data-i18n': 'panel.playbook.choose_heading' }, t('panel.playbook.choose_heading')),
        groups, row);
      // the first that may be applied, of the matching ones, is offered
      const first = chosen !== null && pickable(playbooks.find((p) => p.id === chosen) || {})
        ? chosen : (matching.find(pickable) || {}).id;
      if (first !== undefined) {
        const r = form.querySelector(`#pb-opt-${first}`);
        if (r) {
          r.checked = true;
          const det = r.closest('details');
          if (det) det.open = true;
        }
      }
      form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        const sel = form.querySelector('input[name="pb-choice"]:checked');
        if (!sel) {
          setAlert(alert, 'panel.playbook.pick_one');
          const any = form.querySelector('input[name="pb-choice"]:not(:disabled)');
          if (any) any.focus();
          return;
        }
        setAlert(alert, null);
        confirmStep(playbooks.find((p) => p.id === Number(sel.value)));
      });
      area.replaceChildren(form);
      (form.querySelector('input[name="pb-choice"]:checked') || save || cancel).focus();
    }

    /** Step 2: confirm, then apply. */
    function confirmStep(p) {
      const { row, save, cancel } = dialogButtons('panel.playbook.apply', () => chooseStep(p.id));
      cancel.dataset.i18n = 'panel.playbook.back';
      cancel.replaceChildren(t('panel.playbook.back'));
      const q = h('p', { class: 'panel-confirm', id: 'pb-confirm-q', tabindex: '-1' },
        tn('panel.playbook.confirm_q', { title: p.title, v: p.version, id: ctx.inc.id }));
      const form = h('form', { method: 'dialog', novalidate: true, class: 'panel-pb-form' },
        q, h('p', { 'data-i18n': 'panel.playbook.confirm_what' }, t('panel.playbook.confirm_what')), row);
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        setAlert(alert, null);
        save.disabled = true;
        cancel.disabled = true;
        try {
          const a = await api('POST', partPath(ctx.inc, 'playbooks'), { playbook_id: p.id, version: p.version });
          done = true;
          closeIt();
          await onApplied(a);
        } catch (err) {
          if (!isApiError(err)) throw err;
          save.disabled = false;
          cancel.disabled = false;
          if (err.status === 401) return;
          if (err.status === 409 || err.status === 422) {
            // applied meanwhile (or gone): show the list as it is now
            await reload(p.id);
            const now = appliedBy(applications).get(p.id);
            setAlert(alert, now && now.version === p.version ? 'panel.playbook.already' : problemKey(err));
            return;
          }
          setAlert(alert, problemKey(err));
        }
      });
      area.replaceChildren(form);
      q.focus();
    }

    async function reload(chosen = null) {
      area.setAttribute('aria-busy', 'true');
      try {
        await fetchAll();
        chooseStep(chosen);
      } catch (err) {
        if (!isApiError(err)) throw err;
        if (err.status === 401) { closeIt(); return; }
        area.replaceChildren();
        setAlert(alert, problemKey(err));
      } finally {
        area.removeAttribute('aria-busy');
      }
    }
    reload();
  });
  dialog.addEventListener('close', () => {
    if (!done && opener.isConnected) opener.focus();
  });
  return close;
}
