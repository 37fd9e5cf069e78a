// Statistics and the Mẫu 05 summary: /api/v1/statistics and
// /api/v1/statistics/summary05 (docs/internals/statistics.md).
//
// The test makes a small register through the API (units of the sample
// tree, several types with a combined attack, a serious incident, one
// beyond the unit's capacity that asks the national coordinator for
// support, one coordinated by an order from the police, two closed with
// their times, an untyped one, a TLP:RED one, a drill and eight outside
// the period), tallies by hand in plain JS what each person should get
// (reading back only what the test itself created), and compares:
//
//   dieuphoi    coordinator over HY: the province, without the TLP:RED
//               incident it is not named on
//   vanhanh.snv operator of SNV: SNV and the units below, the RED one too
//   vanhanh.xa  operator of XA-NT: its commune; the province is 404
//               (a unit outside one's scope does not exist for them)
//
// The drill is marked with SQL (the column is the register's; drills,
// C6, have no API yet). Then XLSX (sheet names, a cell), CSV (parsed), the
// summary as PDF (pdftotext) and DOCX, the CLI, and refused input.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, api, mustLogin, listAll } from './lib/server.mjs';
import { useEngine, assertProblem, as } from './lib/common.mjs';

const ctx = useEngine();
let srv;
let base;
let tmp;
const S = {};
const U = {};
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const LOCAL = 7 * HOUR; // Asia/Ho_Chi_Minh
const iso = (ms) => new Date(ms).toISOString();
const ms = (s) => Date.parse(s);
const localDay = (t) => new Date(t + LOCAL).toISOString().slice(0, 10);
const addDays = (d, n) => new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const dmy = (d) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
/** 09:00 local on day `day` of the month `back` months before this one. */
function monthsAgo(back, day) {
  const now = new Date(Date.now() + LOCAL);
  const t = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, day, 9) - LOCAL;
  return Math.min(t, Date.now() - 3 * HOUR);
}
const firstOfMonthAgo = (back) => {
  const now = new Date(Date.now() + LOCAL);
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 10);
};

// The period: from the first day of the month three months ago to today
// included (to = tomorrow, exclusive).
const FROM = firstOfMonthAgo(3);
const TO = addDays(localDay(Date.now()), 1);
const PERIOD = `from=${FROM}&to=${TO}`;

const I = {}; // name -> incident as finally read back
const PLAN = {}; // name -> what the test did to it
let TYPES; // the pack's taxonomy: [{code, group, vi}]

const CLOSING = (damage) => ({
  root_cause: 'Mật khẩu quản trị yếu, không bật xác thực hai yếu tố.',
  damage_estimate: damage,
  lessons_learned: 'Bắt buộc xác thực hai yếu tố cho mọi tài khoản quản trị.',
});

async function create(who, name, b, plan = {}) {
  const r = await api(base, 'POST', '/api/v1/incidents', as(S[who], {
    body: {
      title: `Sự cố thống kê ${name}`,
      description: 'Phát hiện truy cập bất thường vào hệ thống thông tin.',
      ...b,
    },
  }));
  assert.equal(r.status, 201, `create ${name}: ${r.text}`);
  I[name] = r.json;
  PLAN[name] = { creator: who, ...plan };
  return r.json;
}
const get = async (who, id) => {
  const r = await api(base, 'GET', `/api/v1/incidents/${id}`, as(S[who]));
  assert.equal(r.status, 200, `GET ${id}: ${r.text.slice(0, 300)}`);
  return r.json;
};
async function part(who, name, what, body) {
  const r = await api(base, 'POST', `/api/v1/incidents/${I[name].id}/${what}`, as(S[who], { body }));
  assert.ok([200, 201].includes(r.status), `${what} on ${name}: ${r.text.slice(0, 500)}`);
  return r.json;
}
async function step(who, name, code, b) {
  const cur = await get(who, I[name].id);
  const s = cur.steps.find((x) => x.code === code);
  const r = await api(base, 'PATCH', `/api/v1/incidents/${I[name].id}/steps/${encodeURIComponent(code)}`,
    as(S[who], { body: b, ifMatch: s.version }));
  assert.equal(r.status, 200, `step ${code} of ${name}: ${r.text.slice(0, 400)}`);
}
async function closeOut(who, name, damage) {
  for (const s of (await get(who, I[name].id)).steps) {
    if (s.state === 'done' || s.state === 'not_applicable') continue;
    await step(who, name, s.code, s.required ? { state: 'done' }
      : { state: 'not_applicable', reason: 'Không cần cho sự cố này' });
  }
  await part(who, name, 'sends', sendBody('final', ['Cơ quan điều phối quốc gia']));
  const cur = await get(who, I[name].id);
  const r = await api(base, 'POST', `/api/v1/incidents/${I[name].id}/close`,
    as(S[who], { body: CLOSING(damage), ifMatch: cur.version }));
  assert.equal(r.status, 200, `close ${name}: ${r.text.slice(0, 400)}`);
}
function sendBody(report, recipients) {
  return { report, recipients, channel: 'cong_van', sent_at: iso(Date.now() - MIN), reference: '12/BC-TEST' };
}

before(async () => {
  srv = await startServer(ctx);
  base = srv.base;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ungcuu-stats-'));
  for (const who of ['admin', 'dieuphoi', 'vanhanh.snv', 'vanhanh.xa', 'kiemtra']) S[who] = await mustLogin(base, who);
  for (const u of await listAll(base, '/api/v1/units', as(S.admin))) U[u.code] = u;
  const pack = await api(base, 'GET', '/api/v1/rulepacks/legacy-2017', as(S.dieuphoi));
  assert.equal(pack.status, 200, pack.text.slice(0, 300));
  TYPES = pack.json.taxonomy?.types || pack.json.types;
  assert.ok(Array.isArray(TYPES) && TYPES.length === 21, 'the pack lists its 21 types');

  // A: SNV, DoS, three months ago, closed; an indicator seen 5 h before
  await create('vanhanh.snv', 'A', {
    unit_id: U.SNV.id, types: ['TC01'], detected_at: iso(monthsAgo(3, 10)),
    reported_at: iso(monthsAgo(3, 10) + 3 * HOUR),
  });
  await part('vanhanh.snv', 'A', 'observables', {
    type: 'ipv4', value: '198.51.100.7', first_seen: iso(monthsAgo(3, 10) - 5 * HOUR),
    last_seen: iso(monthsAgo(3, 10)),
  });
  await part('vanhanh.snv', 'A', 'sends', sendBody('notice', ['Chủ quản hệ thống thông tin']));
  await closeOut('vanhanh.snv', 'A', 'Gián đoạn cổng thông tin 4 giờ; không mất dữ liệu.');

  // B: SNV-VP, a combined attack (3 types), two months ago, serious
  await create('vanhanh.snv', 'B', {
    unit_id: U['SNV-VP'].id, types: ['TC09', 'TC03', 'TC04'], detected_at: iso(monthsAgo(2, 12)),
  });
  let cur = await get('dieuphoi', I.B.id);
  const d = await api(base, 'POST', `/api/v1/incidents/${I.B.id}/decision`,
    as(S.dieuphoi, { body: { decision: 'serious', note: 'Ảnh hưởng nhiều đơn vị' }, ifMatch: cur.version }));
  assert.equal(d.status, 200, d.text.slice(0, 400));

  // C: XA-NT, malware, last month, beyond capacity, support asked of
  // the national coordinator
  await create('vanhanh.xa', 'C', {
    unit_id: U['XA-NT'].id, types: ['TC03'], detected_at: iso(monthsAgo(1, 14)), beyond_capacity: true,
  });
  await part('vanhanh.xa', 'C', 'sends', sendBody('support_request',
    ['Cơ quan điều phối quốc gia', 'Đội ứng cứu sự cố tỉnh Hưng Yên']));

  // O1-O8: SNV, before the period. They also put ids between C and D, so
  // that the commune's two incidents are sparse in the id range and its
  // figures come through the joined filter, the province's through the
  // id range (service/stats.c, parts())
  for (let k = 1; k <= 8; k++) {
    await create('vanhanh.snv', `O${k}`, { unit_id: U.SNV.id, types: ['TC01'], detected_at: iso(monthsAgo(5, k)) });
  }

  // D: XA-NT, power failure, this month, closed, damage as an amount;
  // its notice sent in time
  await create('vanhanh.xa', 'D', {
    unit_id: U['XA-NT'].id, types: ['LH01'], detected_at: iso(Date.now() - 2 * HOUR),
  });
  await part('vanhanh.xa', 'D', 'sends', sendBody('notice', ['Chủ quản hệ thống thông tin']));
  await closeOut('vanhanh.xa', 'D', '150.000.000 đồng');

  // E: SNV, no type yet, last month
  await create('vanhanh.snv', 'E', { unit_id: U.SNV.id, detected_at: iso(monthsAgo(1, 20)) });

  // F: SNV-PC, phishing, this month, coordinated by an order of the police
  await create('vanhanh.snv', 'F', {
    unit_id: U['SNV-PC'].id, types: ['TC02'], detected_at: iso(Date.now() - 5 * HOUR),
  });
  await part('vanhanh.snv', 'F', 'directions', {
    kind: 'coordination_order', number: '15/LĐP-CAT', issuer: 'Công an tỉnh Hưng Yên',
    issued_on: localDay(Date.now()), actions: 'Ngắt kết nối máy chủ.',
  });

  // R: SNV, TLP:RED: only vanhanh.snv (its creator) is named on it
  await create('vanhanh.snv', 'R', {
    unit_id: U.SNV.id, types: ['TC08'], tlp: 'RED', detected_at: iso(monthsAgo(2, 5)),
  }, { red: true });

  // X: a drill incident
  await create('vanhanh.snv', 'X', { unit_id: U.SNV.id, types: ['TC01'], detected_at: iso(monthsAgo(1, 3)) },
    { exercise: true });
  srv.sql(`UPDATE incidents SET exercise = 1 WHERE public_id = '${I.X.id}'`);

  // read every incident back (as someone who may read it)
  for (const name of Object.keys(I)) {
    const who = PLAN[name].creator;
    I[name] = await get(who, I[name].id);
    const obs = await api(base, 'GET', `/api/v1/incidents/${I[name].id}/observables`, as(S[who]));
    assert.equal(obs.status, 200, obs.text.slice(0, 300));
    PLAN[name].firstSeen = obs.json.items.map((o) => o.first_seen).filter(Boolean).sort()[0] || null;
  }
});
after(async () => {
  if (srv) await srv.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

// ---------------------------------------------------------------- the hand count

/** The unit and its subtree, by code. */
function subtree(code) {
  const ids = new Set([U[code].id]);
  for (let grew = true; grew;) {
    grew = false;
    for (const u of Object.values(U)) {
      if (!ids.has(u.id) && ids.has(u.parent_id)) { ids.add(u.id); grew = true; }
    }
  }
  return ids;
}

/** The incidents `who` should see counted for unit `code`. */
function counted(who, code) {
  const ids = subtree(code);
  return Object.entries(I).filter(([name, inc]) => {
    const p = PLAN[name];
    if (p.exercise || !ids.has(inc.unit_id)) return false;
    const day = localDay(ms(inc.detected_at));
    if (day < FROM || day >= TO) return false;
    return !p.red || who === p.creator;
  }).map(([name, inc]) => ({ name, inc }));
}

function helped(name, inc) {
  return name === 'C' || name === 'F' || inc.severity === 'serious' || inc.procedure === 'serious' ||
    Boolean(inc.beyond_capacity_at);
}
const DAMAGE = { D: 150_000_000 };
const DAMAGE_TEXT = new Set(['A']);

function row(list) {
  const r = { count: 0, self_handled: 0, helped_domestic: 0, helped_foreign: 0, vncert_requested: 0,
    damage_vnd: 0, damage_text: 0 };
  for (const { name, inc } of list) {
    r.count += 1;
    if (helped(name, inc)) r.helped_domestic += 1; else r.self_handled += 1;
    if (name === 'C') r.vncert_requested += 1;
    r.damage_vnd += DAMAGE[name] || 0;
    if (DAMAGE_TEXT.has(name)) r.damage_text += 1;
  }
  return r;
}

/** Median (mean of the middle two) and nearest-rank p90, in hours. */
function summary(vals) {
  if (vals.length === 0) return { n: 0, median_hours: null, p90_hours: null };
  const v = [...vals].sort((a, b) => a - b);
  const n = v.length;
  const med = n % 2 ? v[(n - 1) / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  const p90 = v[Math.ceil(0.9 * n) - 1];
  return { n, median_hours: Math.round(med / HOUR * 100) / 100, p90_hours: Math.round(p90 / HOUR * 100) / 100 };
}

function expected(who, code) {
  const list = counted(who, code);
  const out = { incidents: list.length, by_type: {}, units: {}, severity: { normal: 0, serious: 0 }, months: {},
    times: {}, deadlines: {} };
  for (const t of TYPES) out.by_type[t.code] = row(list.filter(({ inc }) => inc.types.includes(t.code)));
  out.total = row(list);
  out.multi = list.filter(({ inc }) => inc.types.length > 1).length;
  out.untyped = row(list.filter(({ inc }) => inc.types.length === 0));
  const T = { detect: [], report: [], contain: [], recover: [], close: [] };
  for (const { name, inc } of list) {
    const det = ms(inc.detected_at);
    const u = (out.units[inc.unit_id] ||= { count: 0, serious: 0, closed: 0 });
    u.count += 1;
    u.serious += inc.severity === 'serious' ? 1 : 0;
    u.closed += inc.closed_at ? 1 : 0;
    out.severity[inc.severity] += 1;
    const m = localDay(det).slice(0, 7);
    const mo = (out.months[m] ||= { count: 0, serious: 0, closed: 0 });
    mo.count += 1;
    mo.serious += inc.severity === 'serious' ? 1 : 0;
    mo.closed += inc.closed_at ? 1 : 0;
    const fs0 = PLAN[name].firstSeen;
    if (fs0 && ms(fs0) <= det) T.detect.push(det - ms(fs0));
    T.report.push(ms(inc.reported_at) - det);
    const contain = inc.steps.filter((s) => s.phase === 'contain' && s.state === 'done' && s.ended_at)
      .map((s) => ms(s.ended_at));
    if (contain.length) T.contain.push(Math.max(...contain) - det);
    if (inc.response_ended_at) T.recover.push(ms(inc.response_ended_at) - det);
    if (inc.closed_at) T.close.push(ms(inc.closed_at) - det);
    for (const c of inc.clocks) {
      const dl = (out.deadlines[c.report] ||= { met: 0, late: 0, overdue: 0, running: 0, not_started: 0 });
      const k = c.state === 'pending' || c.state === 'due_soon' ? 'running' : c.state;
      dl[k] += 1;
    }
  }
  for (const [k, v] of Object.entries(T)) out.times[k] = summary(v);
  return out;
}

function compare(got, want, label) {
  assert.equal(got.incidents, want.incidents, `${label}: incidents`);
  assert.equal(got.multi_type, want.multi, `${label}: multi_type`);
  assert.equal(got.untyped, want.untyped.count, `${label}: untyped`);
  const pick = (r) => ({
    count: r.count, self_handled: r.self_handled, helped_domestic: r.helped_domestic,
    helped_foreign: r.helped_foreign, vncert_requested: r.vncert_requested, damage_vnd: r.damage_vnd,
    damage_text: r.damage_text,
  });
  for (const t of TYPES) {
    const r = got.by_type.find((x) => x.code === t.code);
    assert.ok(r, `${label}: a row for ${t.code}`);
    assert.equal(r.label_vi, t.vi, `${label}: the label of ${t.code}`);
    assert.deepEqual(pick(r), want.by_type[t.code], `${label}: ${t.code}`);
  }
  const untyped = got.by_type.find((x) => x.code === '');
  if (want.untyped.count) assert.deepEqual(pick(untyped), want.untyped, `${label}: unclassified row`);
  else assert.equal(untyped, undefined, `${label}: no unclassified row`);
  assert.deepEqual(pick(got.by_type_total), want.total, `${label}: the total`);
  const units = Object.fromEntries(got.by_unit.map((u) => [u.unit_id, { count: u.count, serious: u.serious,
    closed: u.closed }]));
  assert.deepEqual(units, want.units, `${label}: by unit`);
  assert.deepEqual(Object.fromEntries(got.by_severity.map((s) => [s.severity, s.count])), want.severity,
    `${label}: by severity`);
  const months = Object.fromEntries(got.by_month.filter((m) => m.count > 0).map((m) => [m.month,
    { count: m.count, serious: m.serious, closed: m.closed }]));
  assert.deepEqual(months, want.months, `${label}: by month`);
  assert.equal(got.by_month.length, 4, `${label}: four months in the period`);
  assert.equal(got.by_month[0].from, FROM);
  for (const t of got.times) {
    const w = want.times[t.measure];
    assert.ok(w, `${label}: measure ${t.measure}`);
    assert.equal(t.n, w.n, `${label}: ${t.measure} n`);
    for (const k of ['median_hours', 'p90_hours']) {
      if (w[k] === null) assert.equal(t[k], null, `${label}: ${t.measure} ${k}`);
      else assert.ok(Math.abs(t[k] - w[k]) <= 0.011, `${label}: ${t.measure} ${k} ${t[k]} vs ${w[k]}`);
    }
  }
  const dl = Object.fromEntries(got.deadlines.map((x) => [x.report, { met: x.met, late: x.late,
    overdue: x.overdue, running: x.running, not_started: x.not_started }]));
  for (const [k, v] of Object.entries(want.deadlines)) assert.deepEqual(dl[k], v, `${label}: deadlines ${k}`);
}

const stats = (who, qs) => api(base, 'GET', `/api/v1/statistics?${qs}`, as(S[who]));
async function download(who, p) {
  const s = S[who];
  const res = await fetch(`${base}${p}`, { headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}
function tool(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  assert.ok(!r.error, `${cmd} missing (poppler-utils / unzip): ${r.error}`);
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}
const flat = (s) => s.replace(/\s+/g, ' ');

/** RFC 4180: quoted fields with doubled quotes, CRLF line ends. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let f = '';
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') { f += '"'; i++; } else if (c === '"') q = false; else f += c;
    } else if (c === '"') q = true;
    else if (c === ',') { row.push(f); f = ''; } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(f); rows.push(row); row = []; f = ''; i++;
    } else f += c;
  }
  assert.equal(f, '', 'the CSV ends with CRLF');
  return rows;
}

// ---------------------------------------------------------------- tests

test('the province (coordinator): every figure equals the hand count; TLP:RED not named on is left out', async () => {
  const r = await stats('dieuphoi', `unit_id=${U.HY.id}&${PERIOD}`);
  assert.equal(r.status, 200, r.text.slice(0, 500));
  assert.equal(r.json.unit.code, 'HY');
  assert.deepEqual(r.json.period, { from: FROM, to: TO, last_day: addDays(TO, -1), from_local: dmy(FROM),
    last_local: dmy(addDays(TO, -1)) });
  const want = expected('dieuphoi', 'HY');
  assert.equal(want.incidents, 6, 'A B C D E F (not R, X, O1-O8)');
  compare(r.json, want, 'province');
  // the data set does what it should
  assert.equal(r.json.multi_type, 1);
  assert.equal(r.json.by_type_total.vncert_requested, 1);
  assert.equal(r.json.by_type_total.damage_vnd, 150_000_000);
  assert.ok(r.json.deadlines.some((x) => x.met > 0) && r.json.deadlines.some((x) => x.late > 0) &&
    r.json.deadlines.some((x) => x.overdue > 0), 'met, late and overdue clocks all occur');
  assert.deepEqual(r.json.helpers.map((h) => h.name).sort(),
    ['Cơ quan điều phối quốc gia', 'Công an tỉnh Hưng Yên', 'Đội ứng cứu sự cố tỉnh Hưng Yên'].sort());
  // without unit_id the coordinator's own scope is the province
  const r2 = await stats('dieuphoi', PERIOD);
  assert.equal(r2.status, 200);
  assert.equal(r2.json.unit.code, 'HY');
  assert.equal(r2.json.incidents, 6);
});

test('a unit (its operator): SNV and the units below, the RED incident it is named on included', async () => {
  const r = await stats('vanhanh.snv', `unit_id=${U.SNV.id}&${PERIOD}`);
  assert.equal(r.status, 200, r.text.slice(0, 500));
  const want = expected('vanhanh.snv', 'SNV');
  assert.equal(want.incidents, 5, 'A B E F R');
  compare(r.json, want, 'SNV');
  // the coordinator's SNV is the same less R
  const c = await stats('dieuphoi', `unit_id=${U.SNV.id}&${PERIOD}`);
  assert.equal(c.status, 200);
  compare(c.json, expected('dieuphoi', 'SNV'), 'SNV as coordinator');
  assert.equal(c.json.incidents, 4);
});

test('a commune user gets only its unit; the province and another unit are 404', async () => {
  const own = await stats('vanhanh.xa', PERIOD);
  assert.equal(own.status, 200, own.text.slice(0, 300));
  assert.equal(own.json.unit.code, 'XA-NT');
  compare(own.json, expected('vanhanh.xa', 'XA-NT'), 'XA-NT');
  assert.equal(own.json.incidents, 2);
  assertProblem(await stats('vanhanh.xa', `unit_id=${U.HY.id}&${PERIOD}`), 404);
  assertProblem(await stats('vanhanh.xa', `unit_id=${U.SNV.id}&${PERIOD}`), 404);
  assertProblem(await stats('vanhanh.xa', `unit_id=999999&${PERIOD}`), 404);
  const s = await download('vanhanh.xa', `/api/v1/statistics/summary05?unit_id=${U.HY.id}&${PERIOD}`);
  assert.equal(s.status, 404);
  // the administrator runs the system, not the response
  assertProblem(await stats('admin', `unit_id=${U.HY.id}&${PERIOD}`), 403);
});

test('refused input names the field', async () => {
  const bad = [
    [`unit_id=${U.HY.id}&to=${TO}`, 'from', 'required'],
    [`unit_id=${U.HY.id}&from=${FROM}`, 'to', 'required'],
    [`unit_id=${U.HY.id}&from=2026-13-01&to=${TO}`, 'from', 'format'],
    [`unit_id=${U.HY.id}&from=31/02/2026&to=${TO}`, 'from', 'format'],
    [`unit_id=${U.HY.id}&from=${TO}&to=${FROM}`, 'to', 'order'],
    [`unit_id=${U.HY.id}&from=2000-01-01&to=2026-01-01`, 'to', 'range'],
    [`unit_id=abc&${PERIOD}`, 'unit_id', 'format'],
    [`unit_id=${U.HY.id}&${PERIOD}&format=xml`, 'format', 'enum'],
    [`unit_id=${U.HY.id}&${PERIOD}&format=csv`, 'table', 'required'],
    [`unit_id=${U.HY.id}&${PERIOD}&format=csv&table=nope`, 'table', 'enum'],
    [`unit_id=${U.HY.id}&${PERIOD}&format=xlsx&table=by_type`, 'table', 'format'],
  ];
  for (const [qs, field, code] of bad) assertProblem(await stats('dieuphoi', qs), 422, { field, code, msg: qs });
  assertProblem(await stats('dieuphoi', `${PERIOD}&colour=red`), [400, 422]);
  const s = await api(base, 'GET', `/api/v1/statistics/summary05?${PERIOD}&format=xml`, as(S.dieuphoi));
  assertProblem(s, 422, { field: 'format' });
  // dd/mm/yyyy is the same period
  const a = await stats('dieuphoi', `from=${dmy(FROM)}&to=${dmy(TO)}`);
  assert.equal(a.status, 200, a.text.slice(0, 300));
  assert.equal(a.json.incidents, 6);
});

test('XLSX: one worksheet per table, Vietnamese titles, the total and real dates', async () => {
  const r = await download('dieuphoi', `/api/v1/statistics?unit_id=${U.HY.id}&${PERIOD}&format=xlsx`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /spreadsheetml\.sheet/);
  assert.match(r.headers.get('content-disposition'), /attachment; filename="thong-ke-HY-.*\.xlsx"/);
  const f = path.join(tmp, 'stats.xlsx');
  fs.writeFileSync(f, r.body);
  const book = tool('unzip', ['-p', f, 'xl/workbook.xml']);
  const names = [...book.matchAll(/<sheet name="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(names, ['Thông tin', 'Theo loại sự cố', 'Theo đơn vị', 'Theo mức độ', 'Theo tháng',
    'Thời gian xử lý', 'Thời hạn báo cáo']);
  const strings = tool('unzip', ['-p', f, 'xl/sharedStrings.xml']);
  for (const s of ['Tổng cộng', 'Số sự cố tự xử lý', 'Ủy ban nhân dân tỉnh Hưng Yên', 'Tấn công từ chối dịch vụ']) {
    assert.ok(strings.includes(s), `shared strings hold ${s}`);
  }
  // Thông tin, row 2: E2 is the number of incidents, C2 a date
  const info = tool('unzip', ['-p', f, 'xl/worksheets/sheet1.xml']);
  assert.match(info, /<c r="E2"[^>]*><v>6<\/v><\/c>/);
  const c2 = /<c r="C2" s="(\d+)"[^>]*><v>(\d+)<\/v><\/c>/.exec(info);
  assert.ok(c2, 'C2 holds a number (an Excel date)');
  const serial = Date.UTC(1899, 11, 30) + Number(c2[2]) * DAY;
  assert.equal(new Date(serial).toISOString().slice(0, 10), FROM, 'C2 is the first day');
  const styles = tool('unzip', ['-p', f, 'xl/styles.xml']);
  assert.match(styles, /formatCode="dd\/mm\/yyyy"/);
  // Theo loại sự cố: the total row holds the number of incidents
  const byType = tool('unzip', ['-p', f, 'xl/worksheets/sheet2.xml']);
  const last = TYPES.length + 2 + (expected('dieuphoi', 'HY').untyped.count ? 1 : 0);
  assert.match(byType, new RegExp(`<c r="D${last}"[^>]*><v>6</v></c>`), 'D of the total row');
});

test('CSV: one table per request, RFC 4180, UTF-8 with a BOM, the same figures', async () => {
  const r = await download('dieuphoi', `/api/v1/statistics?unit_id=${U.HY.id}&${PERIOD}&format=csv&table=by_type`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/csv; charset=utf-8/);
  assert.deepEqual([...r.body.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a BOM');
  const rows = parseCsv(r.body.subarray(3).toString('utf8'));
  assert.deepEqual(rows[0].slice(0, 4), ['Mã', 'Nhóm', 'Loại sự cố/tấn công mạng', 'Số lượng']);
  const want = expected('dieuphoi', 'HY');
  for (const t of TYPES) {
    const line = rows.find((x) => x[0] === t.code);
    assert.ok(line, `a line for ${t.code}`);
    assert.equal(line[2], t.vi);
    assert.equal(Number(line[3]), want.by_type[t.code].count, `${t.code} count`);
  }
  const total = rows[rows.length - 1];
  assert.equal(total[2], 'Tổng cộng');
  assert.deepEqual(total.slice(3).map(Number), [6, want.total.self_handled, want.total.helped_domestic, 0, 1,
    150_000_000, 1]);
  // a label with a comma is quoted
  assert.ok(r.body.toString('utf8').includes('"Tấn công truy cập trái phép, chiếm quyền điều khiển"'));
  const m = await download('dieuphoi', `/api/v1/statistics?unit_id=${U.HY.id}&${PERIOD}&format=csv&table=by_month`);
  const months = parseCsv(m.body.subarray(3).toString('utf8'));
  assert.equal(months.length, 5, 'a header and four months');
  assert.equal(months[1][1], dmy(FROM), 'dates as dd/mm/yyyy');
  assert.equal(months.slice(1).reduce((n, x) => n + Number(x[3]), 0), 6);
});

test('Mẫu 05: the summary for the province as PDF and DOCX, and its data', async () => {
  const j = await api(base, 'GET', `/api/v1/statistics/summary05?unit_id=${U.HY.id}&${PERIOD}&format=json`,
    as(S.dieuphoi));
  assert.equal(j.status, 200, j.text.slice(0, 300));
  assert.equal(j.json.form, 'summary05');
  assert.deepEqual(j.json.to, ['Cơ quan điều phối quốc gia']);
  const total = j.json.rows.find((x) => x.kind === 'total');
  assert.deepEqual([total.count, total.self, total.domestic, total.foreign, total.vncert, total.damage],
    [6, 3, 3, 0, 1, 150_000_000]);
  assert.equal(j.json.rows.filter((x) => x.kind === 'type').length, 21);
  // a heading per cause group, but TH is its own only type
  assert.deepEqual(j.json.rows.filter((x) => x.kind === 'group').map((x) => x.code), ['TC', 'LH', 'QT']);

  const pdf = await download('dieuphoi', `/api/v1/statistics/summary05?unit_id=${U.HY.id}&${PERIOD}&format=pdf`);
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  assert.equal(pdf.body.subarray(0, 5).toString(), '%PDF-');
  const f = path.join(tmp, 'mau05.pdf');
  fs.writeFileSync(f, pdf.body);
  const text = flat(tool('pdftotext', ['-raw', f, '-']));
  assert.ok(text.includes('BÁO CÁO'), text.slice(0, 400));
  assert.ok(text.includes('về hoạt động tiếp nhận và xử lý sự cố'));
  assert.ok(text.includes('Kính gửi: Cơ quan điều phối quốc gia'));
  assert.ok(text.includes('Tổng cộng 6 3 3 0 1 150'), `the totals row: ${text.slice(text.indexOf('Tổng cộng'), 80)}`);
  for (const t of TYPES) assert.ok(text.includes(`${t.code}. ${t.vi}`), `the label of ${t.code}`);
  assert.ok(text.includes('TC01. Tấn công từ chối dịch vụ 1 1 0 0 0 0'), 'the TC01 row');
  assert.ok(text.includes('Công an tỉnh Hưng Yên (1 sự cố)'), 'the helpers of §2');

  const docx = await download('dieuphoi', `/api/v1/statistics/summary05?unit_id=${U.HY.id}&${PERIOD}&format=docx`);
  assert.equal(docx.status, 200);
  assert.equal(docx.body.subarray(0, 2).toString(), 'PK');
  const g = path.join(tmp, 'mau05.docx');
  fs.writeFileSync(g, docx.body);
  const xml = tool('unzip', ['-p', g, 'word/document.xml']);
  assert.ok(xml.includes('Tổng cộng') && xml.includes('Tấn công từ chối dịch vụ'));

  // the operator's summary is its unit's
  const x = await api(base, 'GET', `/api/v1/statistics/summary05?${PERIOD}&format=json`, as(S['vanhanh.xa']));
  assert.equal(x.status, 200);
  assert.equal(x.json.org.name, U['XA-NT'].name);
  assert.equal(x.json.rows.find((r) => r.kind === 'total').count, 2);
});

test('CLI: ungcuu stats and stats summary05 write the files; --as counts as that user sees', async () => {
  const xlsx = path.join(tmp, 'cli.xlsx');
  let r = srv.cli('stats', '--unit', 'SNV', '--from', dmy(FROM), '--to', dmy(TO), '--format', 'xlsx', '-o', xlsx);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(fs.readFileSync(xlsx).subarray(0, 2).toString(), 'PK');
  r = srv.cli('stats', '--unit', 'HY', '--from', dmy(FROM), '--to', dmy(TO));
  assert.equal(r.status, 0, r.stderr);
  // the local operator is the system: the RED incident counts too
  assert.equal(JSON.parse(r.stdout).incidents, 7);
  r = srv.cli('stats', '--unit', 'HY', '--from', FROM, '--to', TO, '--as', 'dieuphoi');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).incidents, 6);
  r = srv.cli('stats', '--unit', 'HY', '--from', FROM, '--to', TO, '--as', 'vanhanh.xa');
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /no (such )?unit/);
  r = srv.cli('stats', '--unit', 'HY', '--from', FROM, '--to', TO, '--format', 'csv', '--table', 'by_severity');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^\uFEFFMã,Mức độ,Số sự cố\r\nnormal,Thông thường,\d+\r\n/);
  const pdf = path.join(tmp, 'cli.pdf');
  r = srv.cli('stats', 'summary05', '--unit', 'HY', '--from', dmy(FROM), '--to', dmy(TO), '-o', pdf);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(fs.readFileSync(pdf).subarray(0, 5).toString(), '%PDF-');
  r = srv.cli('stats', '--unit', 'HY', '--from', 'hôm qua', '--to', dmy(TO));
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /from/);
});
