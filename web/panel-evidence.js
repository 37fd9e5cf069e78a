// Evidence files: the list (name, size, the full SHA-256 the server
// computed, who uploaded it and when, the step it is filed under), the
// upload with its progress (XMLHttpRequest: fetch reports no upload
// progress), the download, and each file's chain of custody with the
// recording of a hand-over.
import { upload } from './api.js';
import {
  api, h, t, tn, field, setAlert, setFieldError, panelFrame, listRegion, emptyNote, disclosure,
  busy, submitButton, showProblem, clearFields, say, timeField, parseLocalDateTime, partPath,
  isApiError, facts, formatSize, formatCount, onLang, problemKey,
  setChildren,
} from './panel-common.js';
import { valueLabel, currentLang } from './i18n.js';
import { formatDateTime } from './format.js';

const PAGE = 50;

/** Copy text to the clipboard; false when the browser refuses. */
async function copyText(text) {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch { /* fall back below */ }
  const ta = h('textarea', { readonly: true, class: 'panel-offscreen' });
  ta.value = text;
  document.body.append(ta);
  ta.select();
  let ok = false;
  try { ok = document.execCommand('copy'); } catch { ok = false; }
  ta.remove();
  return ok;
}

function stepLabel(inc, code) {
  const s = (inc.steps || []).find((x) => x.code === code);
  const el = document.createElement('span');
  el.dataset.vi = s ? `${code} · ${s.title_vi}` : code;
  el.dataset.en = s ? `${code} · ${s.title_en || s.title_vi}` : code;
  el.textContent = currentLang() === 'en' ? el.dataset.en : el.dataset.vi;
  return el;
}

export function evidencePanel(ctx) {
  const { section, alert, live, body } = panelFrame('evidence', 'panel.ev.title');
  const list = listRegion(() => ctx.writable());
  let items = [];
  let cursor = null;
  const open = new Map(); // evidence id -> detail (with custody) while its log is shown
  const actors = new Map(); // user id -> login, learnt from custody logs

  // ---- the SHA-256 with its copy button
  function hashLine(sha, label) {
    const code = h('code', { class: 'mono panel-sha' }, sha);
    const copy = h('button', { type: 'button', class: 'secondary panel-copy' },
      tn('panel.ev.copy'), h('span', { class: 'panel-vh' }, ` ${t(label)}`));
    copy.addEventListener('click', async () => {
      const ok = await copyText(sha);
      say(live, ok ? 'panel.ev.copied' : 'panel.ev.copy_failed');
    });
    return h('span', { class: 'panel-hash' }, code, copy);
  }

  // ---- upload
  const file = field('p-ev-file', 'panel.ev.file', { type: 'file', required: true });
  const description = field('p-ev-desc', 'panel.ev.description', { type: 'text', maxlength: '4000' });
  const step = field('p-ev-step', 'panel.ev.step', { tag: 'select' }, 'panel.ev.step_hint');
  const collectedBy = field('p-ev-by', 'panel.ev.collected_by', { type: 'text', maxlength: '500' });
  const collectedFrom = field('p-ev-from', 'panel.ev.collected_from', { type: 'text', maxlength: '500' },
    'panel.ev.collected_from_hint');
  const collectedAt = timeField('p-ev-at', 'panel.ev.collected_at');
  const fields = {
    file, description, step, collected_by: collectedBy, collected_from: collectedFrom,
    collected_at: collectedAt,
  };
  const upAlert = h('div', { class: 'alert error', role: 'alert', hidden: true });
  const upSend = submitButton('panel.ev.upload_submit');
  const bar = h('progress', { max: '100', value: '0', id: 'p-ev-progress', 'aria-labelledby': 'p-ev-progress-l' });
  const pct = h('span', { class: 'panel-pct' }, '0%');
  const abortBtn = h('button', { type: 'button', class: 'secondary', 'data-i18n': 'panel.ev.abort' },
    t('panel.ev.abort'));
  const progress = h('div', { class: 'panel-progress', hidden: true },
    h('span', { id: 'p-ev-progress-l', 'data-i18n': 'panel.ev.progress' }, t('panel.ev.progress')),
    bar, pct, abortBtn);
  const done = h('div', { class: 'notice panel-done', role: 'status', hidden: true, tabindex: '-1' });
  const upForm = h('form', { class: 'panel-form', novalidate: true },
    h('h3', { 'data-i18n': 'panel.ev.upload_heading' }, t('panel.ev.upload_heading')),
    upAlert, file.wrap, description.wrap, step.wrap, collectedBy.wrap, collectedFrom.wrap,
    collectedAt.wrap, h('div', { class: 'panel-actions' }, upSend), progress);
  const uploadBox = h('div', {}, upForm);
  const up = disclosure('p-ev-upload', 'panel.ev.upload', uploadBox);
  let current = null;
  abortBtn.addEventListener('click', () => { if (current) current.abort(); });

  let stepsDrawn = null;
  function fillSteps() {
    const sig = JSON.stringify((ctx.inc.steps || []).map((s) => s.code));
    if (sig === stepsDrawn) return;
    stepsDrawn = sig;
    const keep = step.input.value;
    step.input.replaceChildren(
      h('option', { value: '', 'data-i18n': 'panel.ev.no_step' }, t('panel.ev.no_step')),
      ...(ctx.inc.steps || []).map((s) => {
        const o = h('option', { value: s.code });
        const l = stepLabel(ctx.inc, s.code);
        o.dataset.vi = l.dataset.vi;
        o.dataset.en = l.dataset.en;
        o.textContent = l.textContent;
        return o;
      }));
    step.input.value = keep;
  }

  function setProgress(frac) {
    const n = Math.max(0, Math.min(100, Math.round(frac * 100)));
    bar.value = n;
    pct.textContent = `${n}%`;
  }

  upForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFields(fields);
    setAlert(upAlert, null);
    done.hidden = true;
    const f = file.input.files && file.input.files[0];
    let bad = null;
    let at = null;
    if (collectedAt.input.value.trim() !== '') {
      at = parseLocalDateTime(collectedAt.input.value);
      if (!at) { setFieldError(collectedAt, 'panel.field.datetime'); bad = collectedAt; }
    }
    if (!f) { setFieldError(file, 'field.required'); bad = file; }
    if (bad) { setAlert(upAlert, 'error.validation'); bad.input.focus(); return; }
    const data = new FormData();
    for (const [name, fl] of [['description', description], ['collected_by', collectedBy],
      ['collected_from', collectedFrom]]) {
      const v = fl.input.value.trim();
      if (v !== '') data.append(name, v);
    }
    if (at) data.append('collected_at', at);
    if (step.input.value !== '') data.append('step', step.input.value);
    data.append('file', f, f.name);
    await busy(upSend, async () => {
      setProgress(0);
      progress.hidden = false;
      abortBtn.hidden = false;
      say(live, 'panel.ev.uploading', { name: f.name });
      try {
        current = upload(partPath(ctx.inc, 'evidence'), data, setProgress);
        const e = await current.promise;
        setProgress(1);
        abortBtn.hidden = true;
        upForm.reset();
        showDone(e);
        await changed();
      } catch (err) {
        abortBtn.hidden = true;
        if (err && err.aborted) {
          progress.hidden = true;
          say(live, 'panel.ev.aborted');
          return;
        }
        progress.hidden = true;
        if (isApiError(err) && err.status === 401) {
          api('GET', '/me').catch(() => {}); // lets the shell see the expired session
          return;
        }
        showProblem(upAlert, err, fields, { 413: 'panel.ev.too_big' });
      } finally {
        current = null;
      }
    });
  });

  function showDone(e) {
    done.replaceChildren(
      h('p', {}, tn('panel.ev.uploaded', { name: e.filename, size: formatSize(e.size) })),
      h('p', { class: 'panel-done-hash' },
        h('span', { 'data-i18n': 'panel.ev.server_hash' }, t('panel.ev.server_hash')), ' ',
        hashLine(e.sha256, 'panel.ev.sha256')));
    done.hidden = false;
    done.focus();
  }

  // ---- custody
  function actionText(c) {
    const d = c.detail && typeof c.detail === 'object' ? c.detail : {};
    if (c.action === 'transferred') {
      return [
        facts([
          ['panel.ev.transfer_from', ctx.nameOf(c.actor) || c.actor],
          ['panel.ev.transfer_to', d.to || ''],
          ['panel.ev.transfer_reason', d.reason || ''],
        ]),
      ];
    }
    if (c.action === 'hash_mismatch') {
      return [valueLabel('panel.ev.mismatch', d.reason || 'content')];
    }
    return [];
  }

  function custodyList(detail) {
    const events = [...detail.custody].sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || b.id - a.id);
    return h('ol', { class: 'panel-custody' }, events.map((c) => h('li', { class: `custody-${c.action}` },
      h('p', { class: 'panel-event-head' },
        h('time', { datetime: c.at, class: 'panel-when' }, formatDateTime(c.at)),
        h('span', { class: 'panel-custody-action' }, valueLabel('panel.ev.action', c.action)),
        h('span', { class: 'panel-who' }, ctx.nameOf(c.actor) || c.actor),
        h('span', { class: `badge ${c.hash_ok ? 'ok' : 'bad'}` },
          tn(c.hash_ok ? 'panel.ev.hash_ok' : 'panel.ev.hash_bad'))),
      ...actionText(c))));
  }

  function transferForm(e, onSaved) {
    const p = `p-ev-${e.id}-tr`;
    const to = field(`${p}-to`, 'panel.ev.transfer_to', { type: 'text', required: true, maxlength: '500' },
      'panel.ev.transfer_to_hint');
    const reason = field(`${p}-reason`, 'panel.ev.transfer_reason', { type: 'text', required: true, maxlength: '500' });
    const fAlert = h('div', { class: 'alert error', role: 'alert', hidden: true });
    const save = submitButton('panel.ev.transfer_submit');
    const form = h('form', { class: 'panel-form', novalidate: true },
      h('h4', { 'data-i18n': 'panel.ev.transfer_heading' }, t('panel.ev.transfer_heading')),
      fAlert, to.wrap, reason.wrap, h('div', { class: 'panel-actions' }, save));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearFields({ to, reason });
      setAlert(fAlert, null);
      const body = { to: to.input.value.trim(), reason: reason.input.value.trim() };
      let bad = null;
      if (body.reason === '') { setFieldError(reason, 'field.required'); bad = reason; }
      if (body.to === '') { setFieldError(to, 'field.required'); bad = to; }
      if (bad) { setAlert(fAlert, 'error.validation'); bad.input.focus(); return; }
      await busy(save, async () => {
        try {
          const d = await api('POST', partPath(ctx.inc, 'evidence', e.id, 'transfer'), body);
          say(live, d.custody.some((c) => !c.hash_ok) ? 'panel.ev.transferred_bad' : 'panel.ev.transferred',
            { name: e.filename, to: body.to });
          onSaved(d);
        } catch (err) {
          showProblem(fAlert, err, { to, reason });
        }
      });
    });
    return form;
  }

  function custodyBlock(e) {
    const box = h('div', { class: 'panel-custody-box', id: `p-ev-${e.id}-custody` });
    const detail = open.get(e.id);
    box.append(h('h3', { 'data-i18n': 'panel.ev.custody' }, t('panel.ev.custody')));
    if (!detail) {
      box.append(h('p', { class: 'loading', 'data-i18n': 'app.loading' }, t('app.loading')));
      return box;
    }
    if (detail.error) {
      box.append(h('div', { class: 'alert error', role: 'alert', 'data-i18n': problemKey(detail.error) },
        t(problemKey(detail.error))));
      return box;
    }
    box.append(custodyList(detail));
    if (ctx.writable()) {
      box.append(transferForm(e, async (d) => {
        open.set(e.id, d);
        redrawItem(e.id);
        section.querySelector(`#p-ev-${e.id}-custody h3`)?.setAttribute('tabindex', '-1');
        section.querySelector(`#p-ev-${e.id}-custody h3`)?.focus();
        await changed();
      }));
    }
    return box;
  }

  async function toggleCustody(e) {
    if (open.has(e.id)) {
      open.delete(e.id);
      redrawItem(e.id);
      section.querySelector(`[data-ev="${e.id}"] .panel-custody-toggle`)?.focus();
      return;
    }
    open.set(e.id, null);
    redrawItem(e.id);
    try {
      const d = await api('GET', partPath(ctx.inc, 'evidence', e.id));
      for (const c of d.custody) if (c.action === 'collected' && d.created_by !== null) actors.set(d.created_by, c.actor);
      open.set(e.id, d);
    } catch (err) {
      if (!isApiError(err)) throw err;
      open.set(e.id, { error: err });
    }
    if (open.has(e.id)) redrawItem(e.id);
  }

  function uploader(e) {
    if (e.created_by === null) return tn('panel.ev.by_cli');
    const login = actors.get(e.created_by);
    return ctx.personName(e.created_by) || (login && (ctx.nameOf(login) || login))
      || tn('panel.ev.user_n', { id: e.created_by });
  }

  function item(e) {
    const li = h('li', { class: 'panel-item panel-ev', 'data-ev': e.id });
    const isOpen = open.has(e.id);
    const toggle = h('button', {
      type: 'button', class: 'secondary panel-custody-toggle', 'aria-expanded': String(isOpen),
      'aria-controls': `p-ev-${e.id}-custody`, 'data-i18n': isOpen ? 'panel.ev.custody_hide' : 'panel.ev.custody_show',
    }, t(isOpen ? 'panel.ev.custody_hide' : 'panel.ev.custody_show'));
    toggle.addEventListener('click', () => toggleCustody(e));
    const download = h('a', {
      class: 'button', href: `/api/v1${partPath(ctx.inc, 'evidence', e.id, 'content')}`, download: e.filename,
    }, tn('panel.ev.download'), h('span', { class: 'panel-vh' }, ` ${e.filename}`));
    li.append(...[
      h('div', { class: 'panel-item-head' },
        h('p', { class: 'panel-item-title panel-filename' }, e.filename),
        h('span', { class: 'panel-size' }, formatSize(e.size))),
      facts([
        ['panel.ev.sha256', hashLine(e.sha256, 'panel.ev.sha256')],
        ['panel.ev.size', tn('panel.ev.bytes', { n: formatCount(e.size) })],
        ['panel.ev.uploaded_by', uploader(e)],
        ['panel.ev.uploaded_at', formatDateTime(e.created_at)],
        ['panel.ev.step', e.step ? stepLabel(ctx.inc, e.step) : tn('panel.ev.no_step')],
        ['panel.ev.description', e.description || null],
        ['panel.ev.collected_by', e.collected_by || null],
        ['panel.ev.collected_from', e.collected_from || null],
        ['panel.ev.collected_at', e.collected_at ? formatDateTime(e.collected_at) : null],
      ]),
      h('div', { class: 'panel-row-actions' }, download, toggle),
      isOpen ? custodyBlock(e) : null].filter(Boolean));
    return li;
  }

  /** Draw one item again; keep the focus on its custody button if it had it. */
  function redrawItem(id) {
    const old = section.querySelector(`[data-ev="${id}"]`);
    const e = items.find((x) => x.id === id);
    if (!old || !e) return;
    const had = old.contains(document.activeElement)
      && document.activeElement.classList.contains('panel-custody-toggle');
    old.replaceWith(item(e));
    if (had) section.querySelector(`[data-ev="${id}"] .panel-custody-toggle`)?.focus();
  }

  function render() {
    if (items.length === 0) return emptyNote('panel.ev.empty');
    const out = [h('ul', { class: 'panel-items' }, items.map(item))];
    if (cursor) {
      const more = h('button', { type: 'button', class: 'secondary', 'data-i18n': 'panel.more' }, t('panel.more'));
      more.addEventListener('click', () => busy(more, async () => {
        try {
          const r = await api('GET', `${partPath(ctx.inc, 'evidence')}?limit=${PAGE}&cursor=${encodeURIComponent(cursor)}`);
          const first = r.items[0];
          items = items.concat(r.items);
          cursor = r.next_cursor;
          list.box.replaceChildren(...[render()].flat());
          if (first) section.querySelector(`[data-ev="${first.id}"] .panel-item-title`)?.focus();
        } catch (err) {
          showProblem(alert, err);
        }
      }));
      out.push(more);
    }
    return out;
  }

  function load() {
    return list.load(async () => {
      await ctx.people().catch(() => []);
      const r = await api('GET', `${partPath(ctx.inc, 'evidence')}?limit=${PAGE}`);
      items = r.items;
      cursor = r.next_cursor;
      for (const id of [...open.keys()]) if (!items.some((e) => e.id === id)) open.delete(id);
      return items;
    }, render);
  }

  async function changed() {
    await load();
    await ctx.reload();
  }

  const tools = h('div', { class: 'toolbar' });
  body.append(tools, uploadBox, done, list.box);
  // sizes follow the language's digits: draw them again
  onLang(section, () => {
    if (!list.box.hasAttribute('aria-busy') && items.length) list.box.replaceChildren(...[render()].flat());
  });

  function refresh(inc) {
    if (inc) ctx.inc = inc;
    fillSteps();
    setChildren(tools, (ctx.writable() ? [up.button] : []));
    if (!ctx.writable() && !current) up.close();
    return load();
  }
  refresh();
  return { key: 'evidence', titleKey: 'panel.ev.title', node: section, refresh };
}
