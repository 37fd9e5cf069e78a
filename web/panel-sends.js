// Reports sent (báo cáo đã gửi): which report of the rule pack, to
// whom, by which channel, when, and when the receiver acknowledged it.
// Recording a send stops that report's clock, so the whole workspace is
// reloaded after it. A send is a fact: never edited; its
// acknowledgement is recorded once (also on a closed incident).
import {
  api, h, t, tn, field, setAlert, setFieldError, panelFrame, listRegion, emptyNote, disclosure,
  busy, submitButton, options, showProblem, clearFields, say, timeField, nowLocal,
  parseLocalDateTime, partPath, isApiError, facts,
  setChildren,
} from './panel-common.js';
import { bi, pick, valueLabel } from './i18n.js';
import { formatDateTime } from './format.js';

const CHANNELS = ['cong_van', 'email', 'fax', 'national_system', 'other'];
const MAX_RECIPIENTS = 20;

export function sendsPanel(ctx) {
  const { section, live, body } = panelFrame('sends', 'panel.sends.title');
  const list = listRegion(() => [ctx.canWrite(), ctx.writable()]);
  let items = [];
  let pack = null;
  const acking = new Set();

  // ---- record a send
  const report = field('p-send-report', 'panel.sends.report', { tag: 'select', required: true });
  const reference = field('p-send-ref', 'panel.sends.reference', { type: 'text', maxlength: '50' },
    'panel.sends.reference_hint');
  const recipients = field('p-send-to', 'panel.sends.recipients', {
    tag: 'textarea', required: true, rows: '4',
  }, 'panel.sends.recipients_hint');
  const channel = field('p-send-channel', 'panel.sends.channel', { tag: 'select', required: true });
  options(channel.input, CHANNELS.map((c) => [c, `panel.sends.channel.${c}`]));
  const sentAt = timeField('p-send-at', 'panel.sends.sent_at', { required: true });
  const fields = { report, reference, recipients, channel, sent_at: sentAt };
  const formAlert = h('div', { class: 'alert error', role: 'alert', hidden: true });
  const send = submitButton('panel.sends.add_submit');
  const form = h('form', { class: 'panel-form', novalidate: true },
    h('h3', { 'data-i18n': 'panel.sends.add_heading' }, t('panel.sends.add_heading')),
    formAlert, report.wrap, recipients.wrap, channel.wrap, reference.wrap, sentAt.wrap,
    h('div', { class: 'panel-actions' }, send));
  const add = disclosure('p-send-add', 'panel.sends.add', form);
  let prefilled = '';
  add.button.addEventListener('click', () => {
    if (form.hidden) return;
    if (sentAt.input.value === '') sentAt.input.value = nowLocal();
    prefill();
  });
  report.input.addEventListener('change', prefill);

  function reportOf(code) {
    return pack ? (pack.reports || []).find((r) => r.code === code) : null;
  }

  /** The pack's recipients of the chosen report, unless the person typed their own. */
  function prefill() {
    const r = reportOf(report.input.value);
    if (!r || (recipients.input.value.trim() !== '' && recipients.input.value !== prefilled)) return;
    const parties = new Map((pack.parties || []).map((p) => [p.code, p]));
    prefilled = (r.recipients || []).map((c) => (parties.has(c) ? pick(parties.get(c)) : c)).join('\n');
    recipients.input.value = prefilled;
  }

  function fillReports() {
    const keep = report.input.value;
    const reports = pack ? pack.reports || [] : [];
    report.input.replaceChildren(...reports.map((r) => {
      const o = h('option', { value: r.code });
      const l = bi(r);
      o.dataset.vi = l.dataset.vi;
      o.dataset.en = l.dataset.en;
      o.textContent = l.textContent;
      return o;
    }));
    if (keep && reports.some((r) => r.code === keep)) report.input.value = keep;
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFields(fields);
    setAlert(formAlert, null);
    const names = recipients.input.value.split('\n').map((s) => s.trim()).filter(Boolean);
    const req = {
      report: report.input.value, recipients: names, channel: channel.input.value,
      sent_at: parseLocalDateTime(sentAt.input.value),
    };
    if (reference.input.value.trim() !== '') req.reference = reference.input.value.trim();
    const bad = [];
    if (!req.sent_at) {
      setFieldError(sentAt, sentAt.input.value.trim() ? 'panel.field.datetime' : 'field.required');
      bad.push(sentAt);
    }
    if (names.length === 0) { setFieldError(recipients, 'field.required'); bad.push(recipients); }
    if (names.length > MAX_RECIPIENTS) { setFieldError(recipients, 'panel.sends.too_many'); bad.push(recipients); }
    if (!req.report) { setFieldError(report, 'field.required'); bad.push(report); }
    if (bad.length) { setAlert(formAlert, 'error.validation'); bad[bad.length - 1].input.focus(); return; }
    await busy(send, async () => {
      try {
        await api('POST', partPath(ctx.inc, 'sends'), req);
        form.reset();
        prefilled = '';
        add.close();
        add.button.focus();
        const r = reportOf(req.report);
        say(live, 'panel.sends.added', { report: r ? pick(r) : req.report });
        await changed();
      } catch (err) {
        // recipients[3] -> the recipients field
        for (const [k, v] of Object.entries(isApiError(err) ? err.fields : {})) {
          if (k.startsWith('recipients') && !err.fields.recipients) err.fields.recipients = v;
        }
        showProblem(formAlert, err, fields);
      }
    });
  });

  // ---- acknowledgement
  function ackForm(s) {
    const p = `p-send-${s.id}-ack`;
    const at = timeField(p, 'panel.sends.acked_at', { value: nowLocal(), required: true });
    const fAlert = h('div', { class: 'alert error', role: 'alert', hidden: true });
    const save = submitButton('panel.sends.ack_save');
    const cancel = h('button', { type: 'button', class: 'secondary', 'data-i18n': 'panel.cancel' }, t('panel.cancel'));
    const f = h('form', { class: 'panel-form panel-inline', novalidate: true },
      fAlert, at.wrap, h('div', { class: 'panel-actions' }, save, cancel));
    cancel.addEventListener('click', () => { acking.delete(s.id); redraw(s.id); });
    f.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      setFieldError(at, null);
      setAlert(fAlert, null);
      const when = parseLocalDateTime(at.input.value);
      if (!when) {
        setFieldError(at, at.input.value.trim() ? 'panel.field.datetime' : 'field.required');
        setAlert(fAlert, 'error.validation');
        at.input.focus();
        return;
      }
      await busy(save, async () => {
        try {
          await api('POST', partPath(ctx.inc, 'sends', s.id, 'ack'), { acked_at: when });
          acking.delete(s.id);
          say(live, 'panel.sends.acked', { report: label(s).textContent });
          await changed();
          redraw(s.id);
        } catch (err) {
          if (isApiError(err) && err.status === 409 && !Object.keys(err.fields).length) {
            // acknowledged meanwhile by someone else: show it
            acking.delete(s.id);
            say(live, 'panel.sends.acked_already');
            await changed();
            redraw(s.id);
            return;
          }
          showProblem(fAlert, err, { acked_at: at });
        }
      });
    });
    return f;
  }

  function label(s) {
    const r = reportOf(s.report);
    return r ? bi(r) : document.createTextNode(s.report_name || s.report);
  }

  function item(s) {
    const li = h('li', { class: 'panel-item', 'data-send': s.id },
      h('div', { class: 'panel-item-head' },
        h('p', { class: 'panel-item-title', tabindex: '-1' }, label(s)),
        s.acked_at
          ? h('span', { class: 'badge ok' }, tn('panel.sends.acked_badge'))
          : h('span', { class: 'badge idle' }, tn('panel.sends.not_acked'))),
      facts([
        ['panel.sends.reference', s.reference || null],
        ['panel.sends.recipients', s.recipients.length > 1
          ? h('ul', { class: 'panel-names' }, s.recipients.map((n) => h('li', {}, n)))
          : s.recipients[0] || ''],
        ['panel.sends.channel', valueLabel('panel.sends.channel', s.channel)],
        ['panel.sends.sent_at', formatDateTime(s.sent_at)],
        ['panel.sends.acked_at', s.acked_at ? formatDateTime(s.acked_at) : tn('panel.sends.not_acked')],
      ]));
    if (!s.acked_at && ctx.canWrite()) {
      if (acking.has(s.id)) {
        li.append(ackForm(s));
      } else {
        const b = h('button', { type: 'button', class: 'secondary', 'data-i18n': 'panel.sends.ack' },
          t('panel.sends.ack'));
        b.addEventListener('click', () => {
          acking.add(s.id);
          redraw(s.id);
          section.querySelector(`[data-send="${s.id}"] input`)?.focus();
        });
        li.append(h('div', { class: 'panel-row-actions' }, b));
      }
    }
    return li;
  }

  function redraw(id) {
    const old = section.querySelector(`[data-send="${id}"]`);
    const s = items.find((x) => x.id === id);
    if (old && s) old.replaceWith(item(s));
    const now = section.querySelector(`[data-send="${id}"]`);
    if (now && !acking.has(id)) (now.querySelector('.panel-row-actions button') || now.querySelector('.panel-item-title')).focus();
  }

  function render() {
    if (items.length === 0) return emptyNote('panel.sends.empty');
    return h('ul', { class: 'panel-items' }, items.map(item));
  }

  function load() {
    return list.load(async () => {
      pack = await ctx.pack().catch((err) => { if (!isApiError(err)) throw err; return null; });
      fillReports();
      const r = await api('GET', partPath(ctx.inc, 'sends'));
      items = r.items;
      return items;
    }, render);
  }

  async function changed() {
    await load();
    await ctx.reload();
  }

  const tools = h('div', { class: 'toolbar' });
  body.append(tools, form, list.box);

  function refresh(inc) {
    if (inc) ctx.inc = inc;
    setChildren(tools, (ctx.writable() ? [add.button] : []));
    if (!ctx.writable()) add.close();
    return load();
  }
  refresh();
  return { key: 'sends', titleKey: 'panel.sends.title', node: section, refresh };
}
