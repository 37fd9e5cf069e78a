// From the form's fields to the body of POST /api/v1/incidents
// (IncidentCreateRequest), and the checks the browser can be sure of
// before sending: required fields, formats, times. Everything else is
// the server's to say (src/service/intake.c).
import {
  parseDate, parseTime, toInstant, isEmail, isPhone,
} from './incident-new-parts.js';
import { items } from './incident-new-report.js';

const SKEW_MS = 5 * 60 * 1000; // the server allows 5 minutes of clock skew
const MAX_TYPES = 10; // IncidentCreateRequest.types

const val = (x) => (x ? x.input.value.trim() : '');
/** Set o[k] to v unless v is empty. */
function put(o, k, v) {
  if (v !== '' && v !== undefined && !(Array.isArray(v) && v.length === 0)) o[k] = v;
}

export const isNotice = (f) => f.source.values()[0] === 'notice';

/** A row that says something (a name, a domain, an IP, a level or the list). */
const rowFilled = (r) => r.name.trim() || r.domain.trim() || r.ip.trim() || String(r.level) !== '0' || r.critical;

/** The time of a when-field: {ms, iso}, or a reason ('required', 'date', 'time'). */
export function readWhen(w) {
  const ds = w.date.value.trim();
  const ts = w.time.value.trim();
  if (ds === '' && ts === '') return { error: 'required', focus: w.date };
  const d = parseDate(ds);
  if (!d) return { error: ds === '' ? 'required' : 'date', focus: w.date };
  const tm = parseTime(ts);
  if (!tm) return { error: ts === '' ? 'required' : 'time', focus: w.time };
  return toInstant(d, tm);
}

function reportBody(r) {
  const person = {};
  for (const [k, x] of [['name', r.rname], ['address', r.raddr], ['phone', r.rphone], ['email', r.remail]]) put(person, k, val(x));
  const contact = {};
  for (const [k, x] of [['full_name', r.cname], ['position', r.cpos], ['phone', r.cphone], ['email', r.cemail]]) put(contact, k, val(x));
  const system = { level: Number(r.slevel.input.value) };
  for (const [k, x] of [['operator_name', r.sop], ['owner_name', r.sown], ['name', r.sname],
    ['security_provider', r.ssec], ['upstream_provider', r.sup]]) put(system, k, val(x));
  const extra = {};
  put(extra, 'os', val(r.os));
  put(extra, 'os_version', val(r.osv));
  if (r.services) put(extra, 'services', r.services.values());
  if (r.controls) put(extra, 'controls', r.controls.values());
  put(extra, 'ips', items(r.ips.input.value));
  put(extra, 'domains', items(r.domains.input.value));
  put(extra, 'purpose', val(r.purpose));
  if (r.attachments) put(extra, 'attachments', r.attachments.values());
  const body = {
    reporter: person, contact, system,
    current_status: r.status ? r.status.values()[0] : undefined,
    detection_methods: r.methods ? r.methods.values() : [],
    notified: r.notified ? r.notified.values() : [],
  };
  if (body.current_status === undefined) delete body.current_status;
  if (Object.keys(extra).length) body.extra = extra;
  body.confidential = r.secret.input.checked;
  put(body, 'recommendations', val(r.recs));
  return body;
}

/** The request body (call after check() found nothing). */
export function collect(f) {
  const notice = isNotice(f);
  const body = {};
  if (f.unit) body.unit_id = Number(f.unit.input.value);
  if (notice) body.source = 'notice';
  body.title = val(f.title);
  body.description = f.description.input.value.trim();
  body.detected_at = readWhen(f.detected).iso;
  body.reported_at = readWhen(f.reported).iso;
  body.types = f.types.values();
  if (f.tlp) body.tlp = f.tlp.input.value;
  if (f.priority) body.priority = f.priority.input.value;
  if (Object.keys(f.impact).length) {
    body.impact = {};
    for (const [axis, x] of Object.entries(f.impact)) body.impact[axis] = x.input.value;
  }
  body.systems = f.readSystems().filter(rowFilled).map((s) => {
    const o = { level: Number(s.level), national_critical: s.critical };
    put(o, 'name', s.name.trim());
    put(o, 'domain', s.domain.trim());
    put(o, 'ip', s.ip.trim());
    return o;
  });
  body.harms = f.harms.values();
  body.owner_cannot_handle = f.owner.input.checked;
  body.beyond_capacity = f.beyond.input.checked;
  if (notice) {
    const n = {};
    for (const [k, x] of [['notifier_name', f.nname], ['notifier_address', f.naddr], ['notifier_phone', f.nphone],
      ['notifier_email', f.nemail], ['operator_name', f.nop], ['owner_name', f.nown]]) put(n, k, val(x));
    put(n, 'result', f.nresult.input.value.trim());
    put(n, 'proposals', f.nprop.input.value.trim());
    body.notice = n;
  }
  if (f.report.toggle.input.checked) body.report = reportBody(f.report);
  return body;
}

/**
 * What the browser can be sure is wrong: [{path, key, vars?, focus?}]
 * in the order of the form. pack: for the combined types.
 */
export function check(f, pack, now = Date.now()) {
  const out = [];
  const bad = (path, key, extra = {}) => out.push({ path, key, ...extra });
  const need = (path, x) => { if (val(x) === '') bad(path, 'field.required'); };
  const phone = (path, x, required) => {
    const v = val(x);
    if (v === '') { if (required) bad(path, 'field.required'); } else if (!isPhone(v)) bad(path, 'new.err.phone');
  };
  const email = (path, x, required) => {
    const v = val(x);
    if (v === '') { if (required) bad(path, 'field.required'); } else if (!isEmail(v)) bad(path, 'new.err.email');
  };
  const notice = isNotice(f);
  if (notice) {
    need('notice.notifier_name', f.nname);
    need('notice.notifier_address', f.naddr);
    phone('notice.notifier_phone', f.nphone, false);
    email('notice.notifier_email', f.nemail, false);
  }
  need('title', f.title);
  need('description', f.description);
  const det = readWhen(f.detected);
  const rep = readWhen(f.reported);
  const whenErr = (path, w) => bad(path, w.error === 'required' ? 'field.required' : `new.err.${w.error}`, { focus: w.focus });
  if (det.error) whenErr('detected_at', det);
  else if (det.ms > now + SKEW_MS) bad('detected_at', 'new.err.future');
  else if (!rep.error && det.ms > rep.ms) bad('detected_at', 'new.err.order');
  if (rep.error) whenErr('reported_at', rep);
  else if (rep.ms > now + SKEW_MS) bad('reported_at', 'new.err.future');
  const rows = f.readSystems();
  rows.forEach((r, i) => {
    if (rowFilled(r) && !r.name.trim() && (!notice || (!r.domain.trim() && !r.ip.trim()))) {
      bad(`systems[${i}].name`, notice ? 'new.err.system_notice' : 'field.required');
    }
  });
  if (notice && !rows.some((r) => r.name.trim() || r.domain.trim() || r.ip.trim())) bad('systems', 'new.err.system_notice');
  const types = f.types.values();
  const multi = pack.types.filter((ty) => ty.multi_label).map((ty) => ty.code);
  if (types.length > MAX_TYPES) bad('types', 'new.err.types_max', { vars: { n: MAX_TYPES } });
  else if (types.some((c) => multi.includes(c)) && types.length < 2) bad('types', 'new.err.combined');
  if (f.report.toggle.input.checked) {
    const r = f.report;
    need('report.reporter.name', r.rname);
    need('report.reporter.address', r.raddr);
    phone('report.reporter.phone', r.rphone, true);
    email('report.reporter.email', r.remail, true);
    need('report.contact.full_name', r.cname);
    phone('report.contact.phone', r.cphone, true);
    email('report.contact.email', r.cemail, true);
    need('report.system.operator_name', r.sop);
    for (const [path, g] of [['report.current_status', r.status], ['report.detection_methods', r.methods], ['report.notified', r.notified]]) {
      if (g && g.values().length === 0) bad(path, g.inputs[0].type === 'radio' ? 'new.err.choose_one' : 'new.err.choose');
    }
  }
  return out;
}

/** What the serious test would say of the form as it stands (a hint only; the server decides). */
export function seriousHint(f, pack) {
  const s = pack.serious;
  const system = f.readSystems().some((r) => s.levels.includes(Number(r.level)) || (s.national_critical && r.critical));
  const harm = f.harms.values().length > 0;
  const owner = f.owner.input.checked;
  return { system, harm, owner, serious: system && harm && owner };
}
