// Observables of an incident (addresses, domains, URLs, hashes, e-mail
// addresses, files, accounts), grouped by type, with the other incidents
// the person can see that share each one (the server's seen_in). One
// can be added with its type, or many pasted at once: the server guesses
// each line's type and says, line by line, what it did.
import {
  api, h, t, tn, field, setAlert, setFieldError, panelFrame, listRegion, emptyNote, disclosure,
  busy, submitButton, options, showProblem, clearFields, say, partPath, isApiError,
  setChildren,
} from './panel-common.js';
import { valueLabel } from './i18n.js';

export const TYPES = ['ipv4', 'ipv6', 'cidr', 'domain', 'url', 'email', 'md5', 'sha1', 'sha256',
  'filename', 'account'];
const MAX_LINES = 1000;

export function observablesPanel(ctx) {
  const { section, alert, live, body } = panelFrame('observables', 'panel.obs.title');
  const list = listRegion(() => ctx.writable());
  let items = [];
  let confirming = null; // id of the observable whose removal is being confirmed

  // ---- add one
  const type = field('p-obs-type', 'panel.obs.type', { tag: 'select', required: true });
  options(type.input, TYPES.map((x) => [x, `panel.obs.type.${x}`]));
  const value = field('p-obs-value', 'panel.obs.value', {
    type: 'text', required: true, maxlength: '2048', autocomplete: 'off', spellcheck: 'false',
    autocapitalize: 'none', class: 'mono',
  });
  const ioc = h('input', { type: 'checkbox', id: 'p-obs-ioc', name: 'p-obs-ioc' });
  const note = field('p-obs-note', 'panel.obs.note', { tag: 'textarea', maxlength: '2000', rows: '2' });
  const fields = { type, value, note };
  const oneAlert = h('div', { class: 'alert error', role: 'alert', hidden: true });
  const oneSend = submitButton('panel.obs.add_submit');
  const oneForm = h('form', { class: 'panel-form', novalidate: true },
    h('h3', { 'data-i18n': 'panel.obs.add_heading' }, t('panel.obs.add_heading')),
    oneAlert, type.wrap, value.wrap,
    h('div', { class: 'field panel-check' }, ioc,
      h('label', { for: 'p-obs-ioc', 'data-i18n': 'panel.obs.ioc' }, t('panel.obs.ioc'))),
    note.wrap, h('div', { class: 'panel-actions' }, oneSend));
  const addOne = disclosure('p-obs-add', 'panel.obs.add', oneForm);

  oneForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFields(fields);
    setAlert(oneAlert, null);
    const v = value.input.value.trim();
    if (v === '') {
      setFieldError(value, 'field.required');
      setAlert(oneAlert, 'error.validation');
      value.input.focus();
      return;
    }
    const req = { type: type.input.value, value: v, is_indicator: ioc.checked };
    if (note.input.value.trim() !== '') req.note = note.input.value.trim();
    await busy(oneSend, async () => {
      try {
        const o = await api('POST', partPath(ctx.inc, 'observables'), req);
        value.input.value = '';
        note.input.value = '';
        ioc.checked = false;
        say(live, 'panel.obs.added_one', { value: o.value });
        value.input.focus();
        await changed();
      } catch (err) {
        showProblem(oneAlert, err, fields);
        if (isApiError(err) && err.fields.value) value.input.focus();
      }
    });
  });

  // ---- paste many
  const text = field('p-obs-paste', 'panel.obs.paste_label', {
    tag: 'textarea', required: true, rows: '6', spellcheck: 'false', autocapitalize: 'none',
    class: 'mono',
  }, 'panel.obs.paste_hint');
  const pasteAlert = h('div', { class: 'alert error', role: 'alert', hidden: true });
  const pasteSend = submitButton('panel.obs.paste_submit');
  const results = h('div', { class: 'panel-paste-result' });
  const pasteForm = h('form', { class: 'panel-form', novalidate: true },
    h('h3', { 'data-i18n': 'panel.obs.paste_heading' }, t('panel.obs.paste_heading')),
    pasteAlert, text.wrap, h('div', { class: 'panel-actions' }, pasteSend), results);
  const paste = disclosure('p-obs-paste-block', 'panel.obs.paste', pasteForm);

  pasteForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    setFieldError(text, null);
    setAlert(pasteAlert, null);
    const raw = text.input.value;
    const lines = raw.split('\n');
    if (raw.trim() === '') {
      setFieldError(text, 'field.required');
      setAlert(pasteAlert, 'error.validation');
      text.input.focus();
      return;
    }
    if (lines.length > MAX_LINES) {
      setFieldError(text, 'panel.obs.too_many_lines');
      setAlert(pasteAlert, 'error.validation');
      text.input.focus();
      return;
    }
    await busy(pasteSend, async () => {
      try {
        const r = await api('POST', partPath(ctx.inc, 'observables/bulk'), { text: raw });
        showResults(lines, r);
        text.input.value = '';
        if (r.added.length > 0) await changed();
      } catch (err) {
        showProblem(pasteAlert, err, { text });
      }
    });
  });

  /**
   * The server reports skipped lines by number; the added ones come in
   * the order of their lines: every other non-empty line, in turn.
   */
  function showResults(lines, r) {
    const skipped = new Map(r.skipped.map((s) => [s.line, s]));
    const added = [...r.added];
    const rows = [];
    lines.forEach((l, i) => {
      const n = i + 1;
      if (l.trim() === '') return;
      const s = skipped.get(n);
      if (s) {
        const dup = s.reason === 'duplicate';
        rows.push(h('li', { class: dup ? 'res-dup' : 'res-bad' },
          h('span', { class: 'panel-line' }, tn('panel.obs.line', { n })),
          h('span', { class: 'mono panel-value' }, s.value),
          h('span', { class: `badge ${dup ? 'idle' : 'bad'}` },
            tn(dup ? 'panel.obs.res.duplicate' : 'panel.obs.res.invalid')),
          dup ? null : h('span', { class: 'panel-reason' }, valueLabel('panel.obs.reason', s.reason)),
          s.type ? h('span', { class: 'panel-type' }, valueLabel('panel.obs.type', s.type)) : null));
        return;
      }
      const o = added.shift();
      if (!o) return;
      rows.push(h('li', { class: 'res-ok' },
        h('span', { class: 'panel-line' }, tn('panel.obs.line', { n })),
        h('span', { class: 'mono panel-value' }, o.value),
        h('span', { class: 'badge ok' }, tn('panel.obs.res.added')),
        h('span', { class: 'panel-type' }, valueLabel('panel.obs.type', o.type))));
    });
    const dup = r.skipped.filter((s) => s.reason === 'duplicate').length;
    const bad = r.skipped.length - dup;
    const head = h('h4', { 'data-i18n': 'panel.obs.result_heading', tabindex: '-1' }, t('panel.obs.result_heading'));
    results.replaceChildren(head,
      h('p', { class: 'panel-count' }, tn('panel.obs.result_count', { added: r.added.length, dup, bad })),
      h('ol', { class: 'panel-results' }, rows));
    say(live, 'panel.obs.result_count', { added: r.added.length, dup, bad });
    head.focus();
  }

  // ---- the list
  async function remove(o) {
    setAlert(alert, null);
    try {
      await api('DELETE', partPath(ctx.inc, 'observables', o.id));
      confirming = null;
      say(live, 'panel.obs.removed', { value: o.value });
      await changed();
      section.querySelector('.panel-list h3, .panel-list .empty')?.setAttribute('tabindex', '-1');
      section.querySelector('.panel-list h3, .panel-list .empty')?.focus();
    } catch (err) {
      showProblem(alert, err);
    }
  }

  function seenIn(o) {
    if (!o.seen_in || o.seen_in.length === 0) return null;
    return h('p', { class: 'panel-seen' },
      tn('panel.obs.seen_in'), ' ',
      o.seen_in.map((id, i) => [i ? ', ' : '', h('a', { href: `#/incidents/${encodeURIComponent(id)}` }, id)]).flat());
  }

  function item(o) {
    const li = h('li', { class: 'panel-obs', 'data-obs': o.id });
    const head = h('div', { class: 'panel-obs-head' },
      h('span', { class: 'mono panel-value' }, o.value),
      // the incident's own TLP goes without saying
      o.tlp !== ctx.inc.tlp ? h('span', { class: 'badge idle' }, `TLP:${o.tlp}`) : null,
      o.is_indicator ? h('span', { class: 'badge warn' }, tn('panel.obs.ioc_badge')) : null);
    li.append(head);
    if (o.note) li.append(h('p', { class: 'panel-note-text' }, o.note));
    const seen = seenIn(o);
    if (seen) li.append(seen);
    if (ctx.writable()) {
      const actions = h('div', { class: 'panel-row-actions' });
      if (confirming === o.id) {
        const yes = h('button', { type: 'button', class: 'danger', 'data-i18n': 'panel.obs.remove_yes' },
          t('panel.obs.remove_yes'));
        const no = h('button', { type: 'button', class: 'secondary', 'data-i18n': 'panel.cancel' },
          t('panel.cancel'));
        yes.addEventListener('click', () => busy(yes, () => remove(o)));
        no.addEventListener('click', () => { confirming = null; redraw(o.id); });
        actions.append(h('span', { class: 'panel-confirm' }, tn('panel.obs.remove_ask', { value: o.value })), yes, no);
      } else {
        const del = h('button', { type: 'button', class: 'secondary' },
          tn('panel.obs.remove'), h('span', { class: 'panel-vh' }, ` ${o.value}`));
        del.addEventListener('click', () => { confirming = o.id; redraw(o.id, true); });
        actions.append(del);
      }
      li.append(actions);
    }
    return li;
  }

  function redraw(id, toYes = false) {
    list.box.replaceChildren(...[render()].flat());
    const li = section.querySelector(`[data-obs="${id}"]`);
    const b = li && li.querySelector(toYes ? 'button.danger' : '.panel-row-actions button');
    if (b) b.focus();
  }

  function render() {
    if (items.length === 0) return emptyNote('panel.obs.empty');
    const groups = TYPES.map((ty) => [ty, items.filter((o) => o.type === ty)])
      .concat([[null, items.filter((o) => !TYPES.includes(o.type))]])
      .filter(([, g]) => g.length > 0);
    return [
      h('p', { class: 'panel-count' }, tn('panel.obs.count', { n: items.length })),
      ...groups.map(([ty, g]) => h('div', { class: 'panel-group' },
        h('h3', {}, ty ? valueLabel('panel.obs.type', ty) : tn('panel.obs.type_other'), ` (${g.length})`),
        h('ul', { class: 'panel-items' }, g.map(item)))),
    ];
  }

  async function changed() {
    await load();
    await ctx.reload();
  }

  function load() {
    return list.load(async () => {
      const r = await api('GET', partPath(ctx.inc, 'observables'));
      items = r.items;
      return items;
    }, render);
  }

  const tools = h('div', { class: 'toolbar' });
  body.append(tools, oneForm, pasteForm, list.box);

  function refresh(inc) {
    if (inc) ctx.inc = inc;
    setChildren(tools, (ctx.writable() ? [addOne.button, paste.button] : []));
    if (!ctx.writable()) { addOne.close(); paste.close(); }
    return load();
  }
  refresh();
  return { key: 'observables', titleKey: 'panel.obs.title', node: section, refresh };
}
