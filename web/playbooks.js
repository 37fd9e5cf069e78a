// Playbooks (docs/internals/playbooks.md): the 21 defaults of the plan
// and the units' own copies; one playbook's sections read-only, a copy
// for the unit, a new version edited as text (the server's
// line-numbered parse errors beside the field) and applying it to an
// incident.
import { api } from './api.js';
import { h } from './dom.js';
import { t, tn, bi, valueLabel } from './i18n.js';
import { field, setFieldError, setAlert } from './form.js';
import { formatDateTime } from './format.js';
import { add, fill, heading, button, errorBox, say, showError, clearErrors } from './team.js';

function scenarioLabel(p) {
  return bi({ vi: p.scenario_vi || p.scenario, en: p.scenario_en || p.scenario_vi || p.scenario });
}

function owner(p) {
  return p.default ? h('span', { class: 'badge idle' }, tn('playbook.default'))
    : h('span', { class: 'badge ok' }, p.unit_name || p.unit_code || '');
}

// ------------------------------------------------------------ the list

/** The page (synchronous: the router renders at once; the data follows). */
export function playbooksPage(ctx) {
  const root = h('div', { class: 'playbook-page', 'aria-busy': 'true' });
  buildPlaybooksPage(ctx, root).finally(() => root.removeAttribute('aria-busy'));
  return { titleKey: 'playbook.list_title', node: root };
}

async function buildPlaybooksPage(ctx, root) {
  const box = errorBox();
  add(root, h('h1', { id: 'page-h', tabindex: '-1', 'data-i18n': 'playbook.list_title' }, t('playbook.list_title')),
    tn('playbook.intro', null, 'p'), box,
    h('p', {}, h('a', { href: '#/drills', 'data-i18n': 'playbook.to_drills' }, t('playbook.to_drills'))));
  let items = [];
  try {
    items = (await api('GET', '/playbooks?limit=200')).items || [];
  } catch (err) {
    showError(err, box);
  }
  const table = h('table', { class: 'data playbook-table' },
    h('thead', {}, h('tr', {},
      ['playbook.col.scenario', 'playbook.col.title', 'playbook.col.owner', 'playbook.col.version']
        .map((k) => h('th', { scope: 'col', 'data-i18n': k }, t(k))))),
    h('tbody', {}, items.map((p) => h('tr', {},
      h('td', { 'data-label': t('playbook.col.scenario') }, h('strong', {}, p.scenario), ' ', scenarioLabel(p)),
      // the plan's own title, a Vietnamese document's name
      h('td', {}, h('a', { href: `#/playbooks/${p.id}`, lang: 'vi' }, p.title)),
      h('td', {}, owner(p)),
      h('td', {}, String(p.version))))));
  add(root, h('section', { class: 'card', 'aria-labelledby': 'pb-list-h' },
    heading('h2', 'playbook.library', { id: 'pb-list-h' }), h('div', { class: 'table-wrap' }, table)));
  return { titleKey: 'playbook.list_title', node: root };
}

// --------------------------------------------------------- one playbook

const SECTIONS = ['recognise', 'criteria', 'first_steps', 'evidence', 'resources'];

function sectionsView(b) {
  const out = [];
  // the playbook's text is Vietnamese (data/playbooks/): marked so for
  // screen readers and the English page alike
  if (b.summary) out.push(h('p', { class: 'pb-summary', lang: 'vi' }, b.summary));
  out.push(h('p', {}, tn('playbook.lead'), ' ', b.lead.join(', '),
    b.coordinate.length ? h('span', {}, ' · ', tn('playbook.coordinate'), ' ', b.coordinate.join(', ')) : null));
  for (const s of SECTIONS) {
    out.push(h('section', { class: 'pb-section', 'aria-labelledby': `pb-s-${s}` },
      heading('h3', `playbook.section.${s}`, { id: `pb-s-${s}` }),
      h('ul', { lang: 'vi' }, (b[s] || []).map((x) => h('li', {}, x)))));
  }
  out.push(h('section', { class: 'pb-section', 'aria-labelledby': 'pb-s-checklists' },
    heading('h3', 'playbook.section.checklists', { id: 'pb-s-checklists' }),
    (b.checklists || []).map((c) => h('div', { class: 'pb-checklist' },
      h('h4', {}, tn('playbook.step', { code: c.step }), c.phase ? h('span', {}, ' · ', valueLabel('playbook.phase', c.phase)) : null),
      h('ul', { lang: 'vi' }, (c.items || []).map((x) => h('li', {}, x)))))));
  out.push(h('section', { class: 'pb-section', 'aria-labelledby': 'pb-s-tasks' },
    heading('h3', 'playbook.section.tasks', { id: 'pb-s-tasks' }),
    h('ol', { class: 'pb-tasks' }, (b.tasks || []).map((k) => h('li', {},
      h('strong', {}, `[${k.step}] `), h('span', { lang: 'vi' }, k.title), ' ',
      h('span', { class: 'badge idle' }, valueLabel('playbook.phase', k.phase)),
      (k.lead || []).length ? h('span', { class: 'pb-party' }, ' · ', tn('playbook.lead'), ' ', k.lead.join(', ')) : null)))));
  return out;
}

function editForm(p, ctx, live) {
  const text = field('pb-content', 'playbook.content', { tag: 'textarea', rows: 24, spellcheck: 'false' }, 'playbook.content_hint');
  text.input.value = p.content;
  const note = field('pb-note', 'playbook.note', { maxlength: 500 });
  const box = errorBox();
  const save = h('button', { type: 'submit', class: 'primary', 'data-i18n': 'playbook.save' }, t('playbook.save'));
  const form = h('form', { class: 'pb-edit', novalidate: true, 'aria-labelledby': 'pb-edit-h' },
    heading('h2', 'playbook.edit', { id: 'pb-edit-h' }), box, text.wrap, note.wrap, save);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(box, { content: text, note });
    save.disabled = true;
    try {
      const r = await api('PATCH', `/playbooks/${p.id}`, { content: text.input.value, note: note.input.value.trim() },
        { ifMatch: p.version });
      say(live, 'playbook.saved', { n: r.version });
      ctx.go(`/playbooks/${p.id}`);
    } catch (err) {
      showError(err, box, { content: text, note });
      const fe = err.fields && err.fields.content;
      if (fe && fe.message && fe.code !== 'unchanged') {
        // the server's "content:12: ..." names the line: show it as it is
        delete text.err.dataset.i18n;
        fill(text.err, tn('playbook.parse_error'), ' ', h('code', {}, fe.message));
      }
    } finally {
      save.disabled = false;
    }
  });
  return form;
}

function applyForm(p) {
  const inc = field('pb-incident', 'playbook.apply.incident', { autocomplete: 'off', placeholder: 'SC-2026-0001' },
    'playbook.apply.hint');
  const box = errorBox();
  const out = h('div', { 'aria-live': 'polite', class: 'pb-applied' });
  const go = h('button', { type: 'submit', class: 'primary', 'data-i18n': 'playbook.apply.go' }, t('playbook.apply.go'));
  const form = h('form', { class: 'pb-apply', novalidate: true, 'aria-labelledby': 'pb-apply-h' },
    heading('h2', 'playbook.apply.title', { id: 'pb-apply-h' }), box, inc.wrap, go, out);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(box, { incident: inc });
    fill(out, );
    const id = inc.input.value.trim().toUpperCase();
    if (!id) { setFieldError(inc, 'field.required'); inc.input.focus(); return; }
    go.disabled = true;
    try {
      const r = await api('POST', `/incidents/${encodeURIComponent(id)}/playbooks`, { playbook_id: p.id });
      fill(out, h('p', { class: 'notice' },
        tn('playbook.apply.done', { n: (r.tasks || []).length, id }), ' ',
        h('a', { href: `#/incidents/${encodeURIComponent(id)}` }, tn('playbook.apply.open', { id }))));
    } catch (err) {
      if (err.status === 404) {
        setAlert(box, null);
        setFieldError(inc, 'playbook.apply.not_found');
        inc.input.focus();
      } else if (err.status === 409) {
        setAlert(box, 'playbook.apply.already');
      } else {
        showError(err, box, { playbook_id: inc });
      }
    } finally {
      go.disabled = false;
    }
  });
  return form;
}

/** The page (synchronous: the router renders at once; the data follows). */
export function playbookPage(ctx) {
  const root = h('div', { class: 'playbook-page', 'aria-busy': 'true' });
  buildPlaybookPage(ctx, root).finally(() => root.removeAttribute('aria-busy'));
  return { titleKey: 'playbook.title', node: root };
}

async function buildPlaybookPage(ctx, root) {
  const box = errorBox();
  const live = h('div', { class: 'pb-live', 'aria-live': 'polite' });
  const h1 = h('h1', { id: 'page-h', tabindex: '-1', 'data-i18n': 'playbook.title' }, t('playbook.title'));
  add(root, h('p', {}, h('a', { href: '#/playbooks', 'data-i18n': 'playbook.back' }, t('playbook.back'))), h1, live, box);
  let p;
  try {
    p = await api('GET', `/playbooks/${encodeURIComponent(ctx.params.id)}`);
  } catch (err) {
    showError(err, box);
    return { titleKey: 'playbook.title', node: root };
  }
  h1.removeAttribute('data-i18n');
  fill(h1, bi({ vi: p.title, en: (p.playbook && p.playbook.en) || '' }));
  add(root, h('p', { class: 'pb-meta' },
    h('span', {}, h('strong', {}, p.scenario), ' ', scenarioLabel(p)), owner(p),
    tn('playbook.version', { n: p.version }),
    h('span', {}, tn('playbook.updated'), ' ', formatDateTime(p.updated_at))));

  const actions = h('div', { class: 'toolbar' });
  if (p.default && ctx.can('incident.write')) {
    const copyBox = errorBox();
    add(actions, button('secondary', 'playbook.copy', async () => {
      try {
        const c = await api('POST', '/playbooks', { from: p.id });
        ctx.go(`/playbooks/${c.id}`);
      } catch (err) {
        if (err.status === 409) setAlert(copyBox, 'playbook.copy_exists');
        else showError(err, copyBox);
      }
    }), copyBox);
  }
  add(root, actions);

  const view = h('section', { class: 'card', 'aria-labelledby': 'pb-view-h' },
    heading('h2', 'playbook.sections', { id: 'pb-view-h' }));
  if (p.playbook) add(view, ...sectionsView(p.playbook));
  else add(view, h('p', { class: 'alert warn' }, tn('playbook.parse_error'), ' ', h('code', {}, p.parse_error || '')));
  add(root, view);

  const mayEdit = (!p.default && ctx.can('incident.write')) || (p.default && ctx.can('incident.coordinate'));
  if (mayEdit) add(root, h('section', { class: 'card' }, editForm(p, ctx, live)));
  if (ctx.can('incident.write')) add(root, h('section', { class: 'card' }, applyForm(p)));

  add(root, h('section', { class: 'card', 'aria-labelledby': 'pb-vers-h' },
    heading('h2', 'playbook.versions', { id: 'pb-vers-h' }),
    h('ul', {}, (p.versions || []).map((v) => h('li', {},
      tn('playbook.version', { n: v.version }), ' · ', formatDateTime(v.created_at),
      v.created_by_name ? ` · ${v.created_by_name}` : '', v.shipped ? h('span', {}, ' · ', tn('playbook.shipped')) : null,
      v.note ? ` — ${v.note}` : '')))));
  return { titleKey: 'playbook.title', node: root };
}
