// The initial report, Mẫu 03 (regulation §3.3 B), as an optional part of
// the new-incident form: opened by a checkbox, filled from the unit and
// the person where the form knows them, its choices from the pack's lists.
import { h } from './dom.js';
import { tn } from './i18n.js';
import {
  textField, selectField, listGroup, checkField, levelItems,
} from './incident-new-parts.js';

/** A part of the report; its fields' errors are named with its legend (two have a phone). */
function sub(legendKey, ...children) {
  const legend = tn(legendKey);
  return h('fieldset', { class: 'group sub' }, h('legend', {}, legend), ...children);
}
/** Name the fields of a part by the part's legend in the error summary. */
function within(node, r, keys) {
  const legend = node.querySelector('legend > span');
  for (const k of keys) if (r[k]) r[k].context = legend;
  return node;
}
const cols = (...c) => h('div', { class: 'ni-cols' }, ...c);

/** Split a list typed one per line (or with commas, spaces). */
export function items(s) {
  return s.split(/[\s,;]+/).map((x) => x.trim()).filter(Boolean);
}

export function reportSection(f, reg, pack) {
  const r = {};
  f.report = r;
  const tf = (key, path, label, opts = {}) => {
    r[key] = textField(`n-r-${key}`, label, opts);
    reg.set(path, r[key]);
    return r[key].wrap;
  };
  const max = (n) => ({ maxlength: String(n) });
  const tel = { type: 'tel', maxlength: '32', autocomplete: 'off' };
  const mail = { type: 'email', maxlength: '254', autocomplete: 'off' };
  r.toggle = checkField('n-report-on', 'new.report.toggle', 'new.report.toggle_hint');
  reg.set('report', r.toggle);

  const reporter = sub('new.report.reporter',
    cols(tf('rname', 'report.reporter.name', 'new.report.rname', { required: true, attrs: max(200) }),
      tf('raddr', 'report.reporter.address', 'new.report.raddr', { required: true, attrs: max(300) })),
    cols(tf('rphone', 'report.reporter.phone', 'new.report.phone', { required: true, attrs: tel }),
      tf('remail', 'report.reporter.email', 'new.report.email', { required: true, attrs: mail })));
  const contact = sub('new.report.contact',
    cols(tf('cname', 'report.contact.full_name', 'new.report.cname', { required: true, attrs: max(200) }),
      tf('cpos', 'report.contact.position', 'new.report.cpos', { attrs: max(200) })),
    cols(tf('cphone', 'report.contact.phone', 'new.report.phone', { required: true, attrs: tel }),
      tf('cemail', 'report.contact.email', 'new.report.email', { required: true, attrs: mail })));
  r.slevel = selectField('n-r-slevel', 'new.report.slevel', levelItems());
  reg.set('report.system.level', r.slevel);
  const system = sub('new.report.system',
    cols(tf('sop', 'report.system.operator_name', 'new.report.sop', { required: true, attrs: max(200) }),
      tf('sown', 'report.system.owner_name', 'new.report.sown', { attrs: max(200) })),
    cols(tf('sname', 'report.system.name', 'new.report.sname', { attrs: max(200) }), r.slevel.wrap),
    cols(tf('ssec', 'report.system.security_provider', 'new.report.ssec', { attrs: max(200) }),
      tf('sup', 'report.system.upstream_provider', 'new.report.sup', { attrs: max(200) })));
  within(reporter, r, ['rname', 'raddr', 'rphone', 'remail']);
  within(contact, r, ['cname', 'cpos', 'cphone', 'cemail']);
  within(system, r, ['sop', 'sown', 'sname', 'slevel', 'ssec', 'sup']);
  for (const k of ['rphone', 'cphone']) r[k].formatKey = 'new.err.phone';
  for (const k of ['remail', 'cemail']) r[k].formatKey = 'new.err.email';
  reg.set('report.reporter', r.rname);
  reg.set('report.contact', r.cname);
  reg.set('report.system', r.sop);

  const group = (key, path, code, opts) => {
    const g = listGroup(pack, `n-r-${key}`, code, opts);
    if (g) { r[key] = g; reg.set(path, g); }
    return g ? g.wrap : null;
  };
  const state = h('div', { class: 'state' },
    group('status', 'report.current_status', 'current_status', { required: true }),
    group('methods', 'report.detection_methods', 'detection_method', { required: true }),
    group('notified', 'report.notified', 'notified', { required: true }));

  const extra = sub('new.report.extra',
    cols(tf('os', 'report.extra.os', 'new.report.os', { attrs: max(100) }),
      tf('osv', 'report.extra.os_version', 'new.report.osv', { attrs: max(100) })),
    group('services', 'report.extra.services', 'service', { cls: 'compact' }),
    group('controls', 'report.extra.controls', 'control', { cls: 'compact' }),
    cols(tf('ips', 'report.extra.ips', 'new.report.ips', { tag: 'textarea', hint: 'new.report.ips_hint', attrs: { rows: '3', spellcheck: 'false', autocapitalize: 'none' } }),
      tf('domains', 'report.extra.domains', 'new.report.domains', { tag: 'textarea', hint: 'new.report.domains_hint', attrs: { rows: '3', spellcheck: 'false', autocapitalize: 'none' } })),
    tf('purpose', 'report.extra.purpose', 'new.report.purpose', { tag: 'textarea', attrs: { rows: '2', maxlength: '1000' } }),
    group('attachments', 'report.extra.attachments', 'attachment', { cls: 'compact' }));
  r.ips.formatKey = 'new.err.ip_item';
  r.ips.list = () => items(r.ips.input.value);
  r.domains.formatKey = 'new.err.domain_item';
  r.domains.list = () => items(r.domains.input.value);
  reg.set('report.extra', r.os);

  r.secret = checkField('n-r-secret', 'new.report.confidential', 'new.report.confidential_hint');
  reg.set('report.confidential', r.secret);
  const last = h('div', {}, r.secret.wrap,
    tf('recs', 'report.recommendations', 'new.report.recs', { tag: 'textarea', attrs: { rows: '3', maxlength: '5000' } }));

  r.body = h('div', { class: 'report-body', id: 'n-report-body' },
    h('p', { class: 'hint' }, tn('new.report.intro')), reporter, contact, system, state, extra, last);
  r.toggle.input.setAttribute('aria-controls', r.body.id);
  const node = h('fieldset', { class: 'section', id: 'n-s-report' },
    h('legend', {}, h('span', { class: 'section-title' }, tn('new.s.report'))), r.toggle.wrap, r.body);
  return node;
}

/**
 * Fill the report's empty fields from the unit and the person (and
 * re-fill those still holding what was filled before, when the unit changes).
 */
export function autofill(r, unit, me, systemName) {
  const put = (f, v) => {
    if (!f || !v) return;
    if (f.input.value === '' || f.input.value === f.input.dataset.auto) {
      f.input.value = v;
      f.input.dataset.auto = v;
    }
  };
  if (unit) {
    put(r.rname, unit.name); put(r.raddr, unit.address); put(r.rphone, unit.phone); put(r.remail, unit.email);
    put(r.sop, unit.name); put(r.sown, unit.supervising_name);
  }
  put(r.cname, me.full_name); put(r.cphone, me.phone); put(r.cemail, me.email);
  put(r.sname, systemName);
}
