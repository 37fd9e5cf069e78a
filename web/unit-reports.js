// Báo cáo định kỳ và thống kê: the reports that belong to a unit rather
// than an incident (Mẫu 01 member profile; Mẫu 05 summary when the
// workflow has it) and the register's statistics for a unit and a period
// (docs/internals/statistics.md). The unit and the period live in the URL
// (?unit=ID&from=yyyy-mm-dd&to=yyyy-mm-dd, both days inclusive); the API
// takes `to` as the day after the last day.
import { ApiError, api } from './api.js';
import {
  h, t, tn, field, setAlert, setFieldError, isApiError, showProblem, clearFields, say, busy,
  submitButton, facts, onLang, nowLocal, parseLocalDate, parseLocalDateTime, formatIsoDate,
  formatCount, timeField, listAll,
} from './panel-common.js';
import { bi, tOr, valueLabel, currentLang } from './i18n.js';
import { formatDateTime } from './format.js';
import { openDialog, dialogButtons } from './incident-common.js';

const TABLES = ['by_type', 'by_unit', 'by_severity', 'by_month', 'times', 'deadlines'];
const CHANNELS = ['cong_van', 'email', 'fax', 'national_system', 'other'];
const STATUS_BADGE = { draft: 'idle', approved: 'warn', sent: 'ok', acknowledged: 'done' };
// the free fields edited here, per form (until GET /reports/forms lists them)
const FORM_FIELDS = {
  member_profile: ['to', 'copies', 'website', 'fax', 'activity'],
  summary: ['to', 'copies', 'proposals'],
};
const KINDS = { to: 'list', copies: 'list', website: 'line', fax: 'line' };
const FORM_NO = { member_profile: '01', summary: '05' };

const enc = encodeURIComponent;
const lines = (s) => s.split('\n').map((x) => x.trim()).filter(Boolean);
const two = (n) => String(n).padStart(2, '0');

/** "2026-12-31" -> "2027-01-01" (calendar days, no zone). */
function nextDay(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  const x = new Date(Date.UTC(y, m - 1, d + 1));
  return `${x.getUTCFullYear()}-${two(x.getUTCMonth() + 1)}-${two(x.getUTCDate())}`;
}

/** "2027-01-01" -> "2026-12-31". */
function prevDay(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  const x = new Date(Date.UTC(y, m - 1, d - 1));
  return `${x.getUTCFullYear()}-${two(x.getUTCMonth() + 1)}-${two(x.getUTCDate())}`;
}

function newKey() {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The current year in Asia/Ho_Chi_Minh. */
function thisYear() { return Number(nowLocal().slice(6, 10)); }

/** Units in tree order (parents before children), each with its depth below the top shown. */
function treeOrder(units) {
  const ids = new Set(units.map((u) => u.id));
  const kids = new Map();
  for (const u of units) {
    const p = ids.has(u.parent_id) ? u.parent_id : null;
    if (!kids.has(p)) kids.set(p, []);
    kids.get(p).push(u);
  }
  const out = [];
  const walk = (p, depth) => {
    for (const u of (kids.get(p) || []).sort((a, b) => a.code.localeCompare(b.code))) {
      out.push({ ...u, level: depth });
      walk(u.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

const reportPath = (id, ...segs) => `/reports/${[id, ...segs].map(enc).join('/')}`;
const docHref = (id, format) => `/api/v1/reports/${enc(id)}/document?format=${format}`;

/**
 * Open a PDF of the API in a new tab, fetched with the session (the
 * server sends it as an attachment). The same as panel-reports.js's
 * preview(), which that module does not export.
 */
async function openPdf(ev, href, onFail) {
  if (ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey) return;
  const w = window.open('', '_blank');
  if (!w) return; // a blocked pop-up: the link downloads the file
  ev.preventDefault();
  try {
    const res = await fetch(href, { credentials: 'same-origin', cache: 'no-store' });
    if (!res.ok) throw new ApiError(res.status, await res.json().catch(() => null));
    const url = URL.createObjectURL(await res.blob());
    w.location.href = url;
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (err) {
    w.close();
    const e = err instanceof ApiError ? err : new ApiError(0, null);
    if (e.status === 401) api('GET', '/me').catch(() => {});
    onFail(e);
  }
}

const num = (n) => h('td', { class: 'unitrep-num' }, formatCount(n ?? 0));
const hours = (x) => h('td', { class: 'unitrep-num' },
  x === null || x === undefined ? '—' : new Intl.NumberFormat(currentLang() === 'en' ? 'en-GB' : 'vi-VN',
    { maximumFractionDigits: 1 }).format(x));

/** A data table with its caption (a key) and column titles (keys). */
function table(captionKey, cols, rows, foot = null) {
  // a region the keyboard can scroll when a phone is too narrow for the table
  const cid = `ur-cap-${captionKey.split('.').pop()}`;
  const wrap = h('div', { class: 'table-wrap unitrep-table', role: 'region', tabindex: '0', 'aria-labelledby': cid },
    h('table', { class: 'data' },
      h('caption', { id: cid, 'data-i18n': captionKey }, t(captionKey)),
      h('thead', {}, h('tr', {}, cols.map((k, i) => h('th', {
        scope: 'col', class: i > 0 ? 'unitrep-num' : null, 'data-i18n': k,
      }, t(k))))),
      h('tbody', {}, rows),
      foot ? h('tfoot', {}, foot) : null));
  // on a phone the row's name takes a line of its own, the numbers share the next (unitrep.css)
  wrap.style.setProperty('--unitrep-cols', String(cols.length - 1));
  return wrap;
}

export function unitReportsPage(ctx) {
  const canWrite = ctx.can('incident.write');
  const canApprove = ctx.can('report.approve');
  const year = thisYear();
  const state = { units: [], unitId: null, from: null, last: null, forms: null, reports: [] };

  // ------------------------------------------------------------ the choice

  const unit = field('ur-unit', 'unitrep.unit', { tag: 'select' });
  const from = field('ur-from', 'unitrep.from', {
    type: 'text', maxlength: '10', autocomplete: 'off', spellcheck: 'false', inputmode: 'numeric',
  }, 'unitrep.date_hint');
  const to = field('ur-to', 'unitrep.to', {
    type: 'text', maxlength: '10', autocomplete: 'off', spellcheck: 'false', inputmode: 'numeric',
  }, 'unitrep.date_hint');
  const choiceAlert = h('div', { class: 'alert error', role: 'alert', hidden: true });
  const half = h('button', { type: 'button', class: 'secondary', 'data-i18n': 'unitrep.first_half',
    'data-i18n-vars': JSON.stringify({ year }) }, t('unitrep.first_half', { year }));
  const whole = h('button', { type: 'button', class: 'secondary', 'data-i18n': 'unitrep.whole_year',
    'data-i18n-vars': JSON.stringify({ year }) }, t('unitrep.whole_year', { year }));
  const show = submitButton('unitrep.show');
  const choice = h('form', { class: 'card unitrep-choice', novalidate: true, 'aria-labelledby': 'ur-choice-h' },
    h('h2', { id: 'ur-choice-h', 'data-i18n': 'unitrep.choice' }, t('unitrep.choice')),
    choiceAlert, unit.wrap,
    h('div', { class: 'unitrep-dates' }, from.wrap, to.wrap),
    h('div', { class: 'toolbar', role: 'group', 'aria-label': t('unitrep.shortcuts'), 'data-i18n-label': 'unitrep.shortcuts' },
      h('span', { class: 'hint', 'data-i18n': 'unitrep.shortcuts' }, t('unitrep.shortcuts')), half, whole),
    h('div', { class: 'toolbar' }, show));

  const setPeriod = (a, b) => { from.input.value = a; to.input.value = b; };
  half.addEventListener('click', () => { setPeriod(`01/01/${year}`, `30/06/${year}`); choice.requestSubmit(); });
  whole.addEventListener('click', () => { setPeriod(`01/01/${year}`, `31/12/${year}`); choice.requestSubmit(); });

  // ------------------------------------------------------------ statistics

  const statsAlert = h('div', { class: 'alert error', role: 'alert', tabindex: '-1', hidden: true });
  const statsLive = h('p', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });
  const statsBody = h('div', { class: 'unitrep-stats-body' });
  const statsCard = h('section', { class: 'card unitrep-stats', 'aria-labelledby': 'ur-stats-h' },
    h('h2', { id: 'ur-stats-h', 'data-i18n': 'unitrep.stats' }, t('unitrep.stats')),
    statsAlert, statsLive, statsBody);

  // ------------------------------------------------------------ reports

  const repAlert = h('div', { class: 'alert error', role: 'alert', tabindex: '-1', hidden: true });
  const repLive = h('p', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });
  const repTools = h('div', { class: 'unitrep-draft' });
  const repList = h('div', { class: 'unitrep-list' });
  const repCard = h('section', { class: 'card unitrep-reports', 'aria-labelledby': 'ur-rep-h' },
    h('h2', { id: 'ur-rep-h', 'data-i18n': 'unitrep.reports' }, t('unitrep.reports')),
    h('p', { class: 'hint', 'data-i18n': 'unitrep.reports_intro' }, t('unitrep.reports_intro')),
    repAlert, repLive, repTools, repList);

  const node = h('div', { class: 'unitrep' },
    h('h1', { id: 'page-h', tabindex: '-1', 'data-i18n': 'unitrep.title' }, t('unitrep.title')),
    h('p', { class: 'intro', 'data-i18n': 'unitrep.intro' }, t('unitrep.intro')),
    choice, statsCard, repCard);

  const params = () => {
    const q = `unit_id=${enc(state.unitId)}&from=${state.from}&to=${nextDay(state.last)}`;
    return q;
  };

  // ------------------------------------------------------------ statistics

  function refusedKey(err) {
    if (err.status === 404) return 'unitrep.out_of_scope';
    if (err.status === 403) return 'unitrep.forbidden';
    if (err.status === 422) return 'unitrep.bad_period';
    return null;
  }

  function statsTables(s) {
    const label = (r) => bi(r, 'label');
    const byType = table('unitrep.t.by_type',
      ['unitrep.c.type', 'unitrep.c.count', 'unitrep.c.self', 'unitrep.c.helped', 'unitrep.c.vncert'],
      s.by_type.map((r) => h('tr', {}, h('th', { scope: 'row' }, r.code ? `${r.code}. ` : '', label(r)),
        num(r.count), num(r.self_handled), num(r.helped_domestic), num(r.vncert_requested))),
      h('tr', {}, h('th', { scope: 'row', 'data-i18n': 'unitrep.total' }, t('unitrep.total')),
        num(s.by_type_total.count), num(s.by_type_total.self_handled),
        num(s.by_type_total.helped_domestic), num(s.by_type_total.vncert_requested)));
    const byUnit = s.by_unit.length
      ? table('unitrep.t.by_unit', ['unitrep.c.unit', 'unitrep.c.count', 'unitrep.c.serious', 'unitrep.c.closed'],
        s.by_unit.map((r) => h('tr', {}, h('th', { scope: 'row' }, r.name), num(r.count), num(r.serious), num(r.closed))))
      : h('div', { class: 'unitrep-table' }, h('h3', { 'data-i18n': 'unitrep.t.by_unit' }, t('unitrep.t.by_unit')),
        h('p', { class: 'empty', 'data-i18n': 'unitrep.none' }, t('unitrep.none')));
    const bySev = table('unitrep.t.by_severity', ['unitrep.c.severity', 'unitrep.c.count'],
      s.by_severity.map((r) => h('tr', {}, h('th', { scope: 'row' }, label(r)), num(r.count))));
    const byMonth = table('unitrep.t.by_month',
      ['unitrep.c.month', 'unitrep.c.count', 'unitrep.c.serious', 'unitrep.c.closed'],
      s.by_month.map((r) => h('tr', {}, h('th', { scope: 'row' }, `${r.month.slice(5)}/${r.month.slice(0, 4)}`),
        num(r.count), num(r.serious), num(r.closed))));
    const times = table('unitrep.t.times',
      ['unitrep.c.measure', 'unitrep.c.n', 'unitrep.c.median', 'unitrep.c.p90'],
      s.times.map((r) => h('tr', {}, h('th', { scope: 'row' }, valueLabel('unitrep.measure', r.measure)),
        num(r.n), hours(r.median_hours), hours(r.p90_hours))));
    const deadlines = table('unitrep.t.deadlines',
      ['unitrep.c.report', 'unitrep.c.met', 'unitrep.c.late', 'unitrep.c.overdue', 'unitrep.c.running', 'unitrep.c.not_started'],
      s.deadlines.map((r) => h('tr', {}, h('th', { scope: 'row' },
        tOr(`unitrep.clock.${r.report}`, null) !== null ? valueLabel('unitrep.clock', r.report) : h('span', { lang: 'vi' }, r.label_vi)),
      num(r.met), num(r.late), num(r.overdue), num(r.running), num(r.not_started))));
    return [['by_type', byType], ['by_unit', byUnit], ['by_severity', bySev], ['by_month', byMonth],
      ['times', times], ['deadlines', deadlines]];
  }

  function csvLink(name) {
    const href = `/api/v1/statistics?${params()}&format=csv&table=${name}`;
    return h('a', { class: 'button unitrep-csv', href, download: '' },
      tn('unitrep.csv'), h('span', { class: 'sr-only' }, ' ', tn(`unitrep.t.${name}`)));
  }

  function renderStats(s) {
    const summaryHref = (f) => `/api/v1/statistics/summary05?${params()}&format=${f}`;
    const head = h('div', { class: 'unitrep-head unitrep-wide' },
      facts([
        ['unitrep.fact.unit', `${s.unit.name} (${s.unit.code})`],
        ['unitrep.fact.period', `${s.period.from_local} – ${s.period.last_local}`],
        ['unitrep.fact.incidents', h('strong', { class: 'unitrep-total' }, formatCount(s.incidents))],
        ['unitrep.fact.multi', s.multi_type ? formatCount(s.multi_type) : null],
        ['unitrep.fact.untyped', s.untyped ? formatCount(s.untyped) : null],
        ['unitrep.fact.generated', formatDateTime(s.generated_at)],
      ]),
      h('div', { class: 'toolbar' },
        h('a', { class: 'button', href: `/api/v1/statistics?${params()}&format=xlsx`, download: '' },
          tn('unitrep.xlsx')),
        state.forms?.summary ? null : [
          h('a', { class: 'button', href: summaryHref('pdf'), target: '_blank', rel: 'noopener',
            onclick: (ev) => openPdf(ev, summaryHref('pdf'), (e) => setAlert(statsAlert, refusedKey(e) || 'unitrep.pdf_failed')) },
          tn('unitrep.summary_pdf'), h('span', { class: 'sr-only' }, tn('unitrep.new_tab'))),
          h('a', { class: 'button', href: summaryHref('docx'), download: '' }, tn('unitrep.summary_docx')),
        ]));
    const narrow = new Set(['by_unit', 'by_severity']);
    const parts = statsTables(s).map(([name, tbl]) => h('div', {
      class: `unitrep-part ${narrow.has(name) ? '' : 'unitrep-wide'}`,
    }, tbl,
      h('div', { class: 'toolbar unitrep-part-tools' }, csvLink(name))));
    const notes = s.notes?.length
      ? h('ul', { class: 'hint unitrep-notes unitrep-wide', lang: 'vi' }, s.notes.map((n) => h('li', {}, n))) : null;
    statsBody.replaceChildren(...[head, parts[0], notes, ...parts.slice(1)].filter(Boolean));
  }

  async function loadStats() {
    setAlert(statsAlert, null);
    statsBody.setAttribute('aria-busy', 'true');
    statsBody.replaceChildren(h('p', { class: 'loading', 'data-i18n': 'app.loading' }, t('app.loading')));
    try {
      const s = await api('GET', `/statistics?${params()}`);
      renderStats(s);
      say(statsLive, 'unitrep.stats_shown', { n: s.incidents });
    } catch (err) {
      if (!isApiError(err)) throw err;
      statsBody.replaceChildren();
      if (err.status === 401) return;
      setAlert(statsAlert, refusedKey(err) || problemKeyOf(err));
    } finally {
      statsBody.removeAttribute('aria-busy');
    }
  }

  // ------------------------------------------------------------ reports

  /** A form's name: this page's words for the unit forms it knows, else the server's label. */
  function formName(code) {
    if (tOr(`unitrep.form.${code}`, null) !== null) return valueLabel('unitrep.form', code);
    const label = state.forms?.[code]?.label;
    return label && typeof label === 'object' ? bi(label) : h('span', {}, code);
  }

  /** The unit forms that can be drafted: from GET /reports/forms, else Mẫu 01 only. */
  function draftForms() {
    if (!state.forms) return ['member_profile'];
    return Object.values(state.forms).filter((f) => f.subject === 'unit' || f.code === 'member_profile')
      .map((f) => f.code);
  }

  /** The free fields of a form edited here (lists, lines, texts; tables and contacts are left to the DOCX). */
  function fieldsOf(code) {
    const listed = state.forms?.[code]?.fields;
    if (Array.isArray(listed)) {
      const names = listed.filter((x) => ['list', 'line', 'text'].includes(x?.type)).map((x) => x.name);
      if (names.length) return names;
    }
    return FORM_FIELDS[code] || ['to', 'copies'];
  }

  function kindOf(code, name) {
    const spec = (state.forms?.[code]?.fields || []).find((x) => x?.name === name);
    return spec?.type || KINDS[name] || 'text';
  }

  let fillDraft = () => {};

  function drawDraft() {
    if (!canWrite) { repTools.replaceChildren(); return; }
    const which = field('ur-draft-form', 'unitrep.draft_form', { tag: 'select' });
    const fill = () => {
      const keep = which.input.value;
      which.input.replaceChildren(...draftForms().map((c) => h('option', { value: c },
        FORM_NO[c] ? `${t('unitrep.template', { n: FORM_NO[c] })} — ` : '', formName(c).textContent)));
      if (keep) which.input.value = keep;
    };
    fill();
    fillDraft = fill;
    const alert = h('div', { class: 'alert error', role: 'alert', hidden: true });
    const save = submitButton('unitrep.draft');
    const period = `${formatIsoDate(state.from)} – ${formatIsoDate(state.last)}`;
    const hint = h('p', { class: 'hint', id: 'ur-draft-hint', 'aria-live': 'polite' });
    const showHint = () => hint.replaceChildren(which.input.value === 'summary'
      ? tn('unitrep.draft_hint_summary', { period }) : tn('unitrep.draft_hint'));
    which.input.addEventListener('change', showHint);
    showHint();
    which.input.setAttribute('aria-describedby', 'ur-draft-hint');
    let key = newKey();
    const form = h('form', { class: 'unitrep-draft-form', novalidate: true }, alert, which.wrap, hint,
      h('div', { class: 'toolbar' }, save));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      setAlert(alert, null);
      setFieldError(which, null);
      const code = which.input.value;
      const body = { unit_id: state.unitId, form: code };
      if (code === 'summary') Object.assign(body, { from: state.from, to: nextDay(state.last) });
      await busy(save, async () => {
        try {
          const r = await api('POST', '/reports', body, { headers: { 'Idempotency-Key': key } });
          key = newKey();
          say(repLive, 'unitrep.drafted', { id: r.id });
          await loadReports();
          focusReport(r.id);
        } catch (err) {
          if (!isApiError(err) || err.status !== 0) key = newKey();
          showProblem(alert, err, { form: which }, { 404: 'unitrep.out_of_scope' });
        }
      });
    });
    repTools.replaceChildren(form);
  }

  const open = new Map(); // report id -> {kind, node}
  const notes = new Map(); // report id -> key

  function row(id) { return repList.querySelector(`[data-report="${CSS.escape(id)}"]`); }
  function focusReport(id) {
    const el = row(id);
    (el?.querySelector('.alert') || el?.querySelector('.unitrep-item-title'))?.focus();
  }

  async function stale(id, key = 'unitrep.stale') {
    open.delete(id);
    notes.set(id, key);
    say(repLive, key);
    await loadReports();
    focusReport(id);
  }

  function editor(r) {
    const names = fieldsOf(r.form);
    const fields = {};
    for (const name of names) {
      const id = `ur-${r.id}-${name}`;
      const key = tOr(`unitrep.field.${name}`, null) !== null ? `unitrep.field.${name}` : `report.field.${name}`;
      const kind = kindOf(r.form, name);
      const f = kind === 'line' ? field(id, key, { type: 'text', maxlength: '300' })
        : field(id, key, { tag: 'textarea', rows: kind === 'list' ? '3' : '4' },
          kind === 'list' ? 'unitrep.list_hint' : null);
      const v = r.fields?.[name];
      f.input.value = kind === 'list' ? (Array.isArray(v) ? v.join('\n') : '') : (typeof v === 'string' ? v : '');
      fields[name] = f;
    }
    const initial = Object.fromEntries(Object.entries(fields).map(([n, f]) => [n, f.input.value]));
    return inline(r, 'edit', 'unitrep.edit_heading', 'unitrep.save', fields, async () => {
      const patch = {};
      for (const [name, f] of Object.entries(fields)) {
        const v = f.input.value;
        if (v.trim() === initial[name].trim()) continue;
        if (kindOf(r.form, name) === 'list') patch[name] = lines(v).length ? lines(v) : null;
        else patch[name] = v.trim() === '' ? null : v.trim();
      }
      if (Object.keys(patch).length === 0) return { said: ['unitrep.nothing_changed'] };
      await api('PATCH', reportPath(r.id), { fields: patch }, { ifMatch: r.version });
      return { said: ['unitrep.saved', { id: r.id }] };
    });
  }

  function sender(r) {
    const rec = field(`ur-${r.id}-rec`, 'unitrep.recipients', { tag: 'textarea', rows: '3' }, 'unitrep.list_hint');
    rec.input.value = (r.fields?.to || []).join('\n');
    const channel = field(`ur-${r.id}-ch`, 'unitrep.channel', { tag: 'select' });
    channel.input.replaceChildren(...CHANNELS.map((c) => h('option', { value: c, 'data-i18n': `report.channel.${c}` },
      t(`report.channel.${c}`))));
    const at = timeField(`ur-${r.id}-at`, 'unitrep.sent_at', { value: nowLocal(), hintKey: 'unitrep.time_hint' });
    return inline(r, 'send', 'unitrep.send_heading', 'unitrep.send', { recipients: rec, channel, sent_at: at }, async () => {
      const bad = [];
      const when = parseLocalDateTime(at.input.value);
      if (!when) { setFieldError(at, at.input.value.trim() ? 'unitrep.bad_time' : 'field.required'); bad.push(at); }
      if (!lines(rec.input.value).length) { setFieldError(rec, 'field.required'); bad.push(rec); }
      if (bad.length) return { bad };
      const sentAt = Math.max(Date.parse(when), Date.parse(r.approved_at || 0));
      await api('POST', reportPath(r.id, 'send'), {
        recipients: lines(rec.input.value), channel: channel.input.value, sent_at: new Date(sentAt).toISOString(),
      }, { ifMatch: r.version });
      return { said: ['unitrep.sent', { id: r.id }] };
    });
  }

  function acker(r) {
    const at = timeField(`ur-${r.id}-ack`, 'unitrep.acked_at', { value: nowLocal(), hintKey: 'unitrep.time_hint' });
    return inline(r, 'ack', 'unitrep.ack_heading', 'unitrep.ack', { acked_at: at }, async () => {
      const when = parseLocalDateTime(at.input.value);
      if (!when) {
        setFieldError(at, at.input.value.trim() ? 'unitrep.bad_time' : 'field.required');
        return { bad: [at] };
      }
      const ackAt = Math.max(Date.parse(when), Date.parse(r.sent_at || 0));
      await api('POST', reportPath(r.id, 'ack'), { acked_at: new Date(ackAt).toISOString() }, { ifMatch: r.version });
      return { said: ['unitrep.acked', { id: r.id }] };
    });
  }

  /** A small form inside a report's row; submit() returns {bad} or {said}. */
  function inline(r, kind, headKey, saveKey, fields, submit) {
    const alert = h('div', { class: 'alert error', role: 'alert', hidden: true });
    const save = submitButton(saveKey);
    const cancel = h('button', { type: 'button', class: 'secondary', 'data-i18n': 'unitrep.cancel' }, t('unitrep.cancel'));
    const form = h('form', { class: `unitrep-inline unitrep-${kind}`, novalidate: true },
      h('h4', { 'data-i18n': headKey }, t(headKey)), alert,
      Object.values(fields).map((f) => f.wrap), h('div', { class: 'toolbar' }, save, cancel));
    cancel.addEventListener('click', () => { open.delete(r.id); redraw(r.id); focusReport(r.id); });
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearFields(fields);
      setAlert(alert, null);
      await busy(save, async () => {
        try {
          const res = await submit();
          if (res.bad) {
            setAlert(alert, 'error.validation');
            res.bad[res.bad.length - 1].input.focus();
            return;
          }
          open.delete(r.id);
          say(repLive, ...res.said);
          await loadReports();
          focusReport(r.id);
        } catch (err) {
          if (isApiError(err) && err.status === 412) { await stale(r.id); return; }
          if (isApiError(err) && err.status === 409) { await stale(r.id, 'unitrep.refused'); return; }
          showProblem(alert, err, fields);
        }
      });
    });
    return { kind, node: form };
  }

  function approveDialog(r) {
    openDialog(node, { titleKey: 'unitrep.approve_title', titleExtra: formName(r.form) }, (dlg, close) => {
      const alert = h('div', { class: 'alert error', role: 'alert', hidden: true });
      const { row: buttons, save } = dialogButtons('unitrep.approve_confirm', close);
      const form = h('form', { method: 'dialog', novalidate: true },
        h('p', {}, tn('unitrep.approve_text', { id: r.id })), alert, buttons);
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        setAlert(alert, null);
        save.disabled = true;
        try {
          const a = await api('POST', reportPath(r.id, 'approve'), undefined, { ifMatch: r.version });
          close();
          say(repLive, a.number ? 'unitrep.approved_number' : 'unitrep.approved', { id: r.id, number: a.number || '' });
          await loadReports();
          focusReport(r.id);
        } catch (err) {
          if (isApiError(err) && (err.status === 412 || err.status === 409)) {
            close();
            await stale(r.id, err.status === 412 ? 'unitrep.stale' : 'unitrep.refused');
            return;
          }
          showProblem(alert, err);
        } finally {
          save.disabled = false;
        }
      });
      dlg.append(form);
    });
  }

  function toggle(r, kind, make) {
    if (open.get(r.id)?.kind === kind) open.delete(r.id);
    else { notes.delete(r.id); open.set(r.id, make(r)); }
    redraw(r.id);
    row(r.id)?.querySelector('.unitrep-inline input, .unitrep-inline textarea')?.focus();
  }

  function actions(r) {
    const label = h('span', { class: 'sr-only' }, ' ', r.id);
    const pdf = h('a', {
      class: 'button', href: docHref(r.id, 'pdf'), target: '_blank', rel: 'noopener',
      onclick: (ev) => openPdf(ev, docHref(r.id, 'pdf'), () => { notes.set(r.id, 'unitrep.pdf_failed'); redraw(r.id); }),
    }, tn(r.status === 'draft' ? 'unitrep.preview' : 'unitrep.view'), label,
    h('span', { class: 'sr-only' }, tn('unitrep.new_tab')));
    const docx = h('a', { class: 'button', href: docHref(r.id, 'docx'), download: `${r.id}.docx` },
      tn('unitrep.docx'), label.cloneNode(true));
    const cur = open.get(r.id)?.kind;
    const btn = (key, fn, cls = 'secondary', exp = null) => h('button', {
      type: 'button', class: cls, onclick: fn, 'aria-expanded': exp === null ? null : String(exp),
    }, tn(key), label.cloneNode(true));
    const out = [pdf, docx];
    if (r.status === 'draft' && canWrite) out.push(btn('unitrep.edit', () => toggle(r, 'edit', editor), 'secondary', cur === 'edit'));
    if (r.status === 'draft' && canApprove) out.push(btn('unitrep.approve', () => approveDialog(r), 'primary'));
    if (r.status === 'approved' && canWrite) out.push(btn('unitrep.send', () => toggle(r, 'send', sender), 'primary', cur === 'send'));
    if (r.status === 'sent' && canWrite) out.push(btn('unitrep.ack', () => toggle(r, 'ack', acker), 'secondary', cur === 'ack'));
    return h('div', { class: 'toolbar unitrep-actions' }, out);
  }

  /** A summary's period, both days inclusive ("01/01/2026 – 30/06/2026"). */
  function periodOf(r) {
    const p = r.fields?.period;
    if (!p?.from || !p?.to) return null;
    return `${formatIsoDate(p.from)} – ${formatIsoDate(prevDay(p.to))}`;
  }

  function item(r) {
    const note = notes.get(r.id);
    const f = r.fields || {};
    const shown = fieldsOf(r.form).filter((n) => f[n] && (!Array.isArray(f[n]) || f[n].length));
    return h('li', { class: `unitrep-item unitrep-${r.status}`, 'data-report': r.id },
      h('div', { class: 'unitrep-item-head' },
        h('p', { class: 'unitrep-item-title', tabindex: '-1' },
          tn('unitrep.template', { n: FORM_NO[r.form] || '' }), ' — ', formName(r.form)),
        h('span', { class: `badge ${STATUS_BADGE[r.status] || 'idle'}` }, valueLabel('report.status', r.status))),
      note ? h('p', { class: 'alert warn', role: 'alert', tabindex: '-1', 'data-i18n': note }, t(note)) : null,
      facts([
        ['unitrep.fact.id', r.id],
        ['unitrep.fact.number', r.number ? h('strong', { class: 'unitrep-number' }, r.number)
          : (r.status === 'draft' ? tn('unitrep.no_number_yet')
            : tn(r.form === 'member_profile' ? 'unitrep.no_number_01' : 'unitrep.no_number'))],
        ['unitrep.fact.period', periodOf(r)],
        ['unitrep.fact.created', formatDateTime(r.created_at)],
        ['unitrep.fact.approved', r.approved_at ? formatDateTime(r.approved_at) : null],
        ['unitrep.fact.sent', r.sent_at ? [formatDateTime(r.sent_at), r.channel ? ' — ' : '',
          r.channel ? valueLabel('report.channel', r.channel) : ''] : null],
        ['unitrep.fact.recipients', r.recipients?.length ? r.recipients.join('; ') : null],
        ['unitrep.fact.acked', r.acked_at ? formatDateTime(r.acked_at) : null],
        ...shown.map((n) => [tOr(`unitrep.field.${n}`, null) !== null ? `unitrep.field.${n}` : `report.field.${n}`,
          Array.isArray(f[n]) ? f[n].join('; ') : String(f[n])]),
      ]),
      actions(r),
      open.get(r.id)?.node || null);
  }

  function redraw(id) {
    const old = row(id);
    const r = state.reports.find((x) => x.id === id);
    if (old && r) old.replaceWith(item(r));
  }

  function renderReports() {
    repList.replaceChildren(state.reports.length
      ? h('ul', { class: 'unitrep-items' }, state.reports.map(item))
      : h('p', { class: 'empty', 'data-i18n': 'unitrep.no_reports' }, t('unitrep.no_reports')));
  }

  async function loadReports() {
    setAlert(repAlert, null);
    repList.setAttribute('aria-busy', 'true');
    try {
      const r = await api('GET', `/reports?unit=${enc(state.unitId)}`);
      state.reports = r.items || [];
      for (const id of [...open.keys()]) if (!state.reports.some((x) => x.id === id)) open.delete(id);
      renderReports();
    } catch (err) {
      if (!isApiError(err)) throw err;
      state.reports = [];
      repList.replaceChildren();
      if (err.status !== 401) setAlert(repAlert, refusedKey(err) || problemKeyOf(err));
    } finally {
      repList.removeAttribute('aria-busy');
    }
  }

  // ------------------------------------------------------------ the choice, applied

  function problemKeyOf(err) {
    return tOr(`error.${err.slug}`, null) !== null ? `error.${err.slug}` : 'error.unknown';
  }

  function fillUnits() {
    unit.input.replaceChildren(...treeOrder(state.units).map((u) => h('option', { value: String(u.id) },
      `${'\u00a0\u00a0'.repeat(u.level)}${u.level ? '– ' : ''}${u.name} (${u.code})`)));
  }

  function apply() {
    const inScope = state.units.some((u) => u.id === state.unitId);
    if (inScope) unit.input.value = String(state.unitId);
    from.input.value = formatIsoDate(state.from);
    to.input.value = formatIsoDate(state.last);
    loadStats();
    if (inScope) { drawDraft(); loadReports(); } else {
      repTools.replaceChildren();
      repList.replaceChildren();
      setAlert(repAlert, 'unitrep.out_of_scope');
    }
  }

  choice.addEventListener('submit', (ev) => {
    ev.preventDefault();
    clearFields({ from, to });
    setAlert(choiceAlert, null);
    const a = parseLocalDate(from.input.value);
    const b = parseLocalDate(to.input.value);
    if (!a) setFieldError(from, from.input.value.trim() ? 'unitrep.bad_date' : 'field.required');
    if (!b) setFieldError(to, to.input.value.trim() ? 'unitrep.bad_date' : 'field.required');
    if (a && b && b < a) setFieldError(to, 'unitrep.to_before_from');
    if (!a || !b || b < a) {
      setAlert(choiceAlert, 'error.validation');
      (!a ? from : to).input.focus();
      return;
    }
    state.unitId = Number(unit.input.value);
    state.from = a;
    state.last = b;
    open.clear();
    notes.clear();
    ctx.setQuery({ unit: state.unitId, from: a, to: b });
    apply();
  });

  onLang(node, () => {
    fillDraft();
    if (state.units.length) {
      const keep = unit.input.value;
      fillUnits();
      unit.input.value = keep;
    }
  });

  // busy until the units and forms are in and the choice applied
  node.setAttribute('aria-busy', 'true');
  (async () => {
    try {
      state.units = await listAll('/units');
    } catch (err) {
      if (!isApiError(err)) throw err;
      if (err.status !== 401) setAlert(choiceAlert, problemKeyOf(err));
      return;
    }
    try {
      const f = await api('GET', '/reports/forms');
      const items = Array.isArray(f) ? f : f?.items;
      if (Array.isArray(items)) {
        state.forms = Object.fromEntries(items.filter((x) => x && x.code).map((x) => [x.code, x]));
        if (!state.forms.member_profile) state.forms.member_profile = { code: 'member_profile', subject: 'unit' };
      }
    } catch (err) {
      if (!isApiError(err)) throw err;
      state.forms = null; // not there yet: Mẫu 01 only
    }
    fillUnits();
    const q = ctx.query;
    const wanted = Number(q.get('unit'));
    const top = treeOrder(state.units)[0];
    state.unitId = Number.isInteger(wanted) && wanted > 0 ? wanted : (top ? top.id : null);
    const qf = /^\d{4}-\d{2}-\d{2}$/.test(q.get('from') || '') ? q.get('from') : `${year}-01-01`;
    const qt = /^\d{4}-\d{2}-\d{2}$/.test(q.get('to') || '') ? q.get('to') : `${year}-12-31`;
    state.from = qf;
    state.last = qt < qf ? qf : qt;
    if (state.unitId === null) { setAlert(choiceAlert, 'unitrep.no_units'); return; }
    apply();
  })().finally(() => node.removeAttribute('aria-busy'));

  return { titleKey: 'unitrep.title', node, focus: unit.input };
}
