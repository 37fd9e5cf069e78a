// The compliance calendar: /api/v1/calendar (docs/internals/calendar.md).
//
// Fixture (sample data): vanhanh.snv (operator, SNV) registers two
// systems of the Sở Nội vụ, of levels 3 and 5; lanhdao.snv (leader,
// SNV) and vanhanh.snv receive SNV's reminders; vanhanh.xa (operator,
// XA-NT) sees only its commune; dieuphoi (coordinator, HY) sees every
// unit; doiungcuu (member, HY) reads but may not mark items done.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, mustLogin, listAll } from './lib/server.mjs';
import { useEngine, assertProblem, as } from './lib/common.mjs';

const ctx = useEngine();
let srv;
let base;
const S = {};
const U = {};
const SYS = {};
const WINDOW = 'from=2026-01-01&to=2028-01-01';
const at = (s) => Date.parse(s);

const get = (who, p) => api(base, 'GET', p, as(S[who]));
const post = (who, p, body) => api(base, 'POST', p, as(S[who], { body }));

async function system(name, criteria) {
  const r = await post('vanhanh.snv', '/api/v1/systems', { name, unit_id: U.SNV, criteria });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

async function items(who, unit) {
  const r = await get(who, `/api/v1/calendar?unit_id=${unit}&${WINDOW}`);
  assert.equal(r.status, 200, r.text);
  return r.json.items;
}

const pick = (list, code, sys, period) => list.find((i) => i.obligation === code &&
  i.system_id === (sys ?? null) && i.period === period);

before(async () => {
  srv = await startServer(ctx);
  base = srv.base;
  for (const who of ['admin', 'vanhanh.snv', 'lanhdao.snv', 'vanhanh.xa', 'doiungcuu', 'dieuphoi']) {
    S[who] = await mustLogin(base, who);
  }
  for (const u of await listAll(base, '/api/v1/units', as(S.admin))) U[u.code] = u.id;
  srv.sql("UPDATE users SET email = login || '@hungyen.gov.vn'");
  // the units entered the register before the instants the reminder
  // tests pretend (reminders skip items due before a unit was created)
  srv.sql("UPDATE units SET created_at = '2025-01-01T00:00:00.000Z'");
  SYS.l3 = await system('Cổng dịch vụ công Sở Nội vụ', ['N85.9.2c']);
  SYS.l5 = await system('Hệ thống lưu trữ dữ liệu mật', ['N85.11.1']);
  assert.equal(SYS.l3.level.in_force, 3);
  assert.equal(SYS.l5.level.in_force, 5);
});
after(async () => { if (srv) await srv.stop(); });

test('items of a unit and its systems, with "trước ngày" due instants', async () => {
  const list = await items('vanhanh.snv', U.SNV);
  const due = (code, sys, period) => {
    const i = pick(list, code, sys, period);
    assert.ok(i, `${code} ${sys} ${period}`);
    return at(i.due_at);
  };
  assert.equal(due('assess_6m', null, '2026'), at('2026-06-09T23:59:59.999+07:00'), 'before 10/06');
  assert.equal(due('assess_annual', null, '2027'), at('2027-12-04T23:59:59.999+07:00'), 'before 05/12');
  assert.equal(due('summary', null, '2026-H2'), at('2026-12-14T23:59:59.999+07:00'), 'Mẫu 05 before 15/12');
  assert.equal(due('assess_org', null, '2026-2027'), at('2027-12-31T23:59:59.999+07:00'), 'every 2 years');
  assert.equal(due('assess_level34', SYS.l3.id, '2026'), at('2026-12-31T23:59:59.999+07:00'));
  assert.equal(due('assess_level5', SYS.l5.id, '2027-H1'), at('2027-06-30T23:59:59.999+07:00'));
  const count = (code, sys) => list.filter((i) => i.obligation === code && i.system_id === sys).length;
  assert.equal(count('assess_level34', SYS.l3.id), 2, 'level 3: yearly');
  assert.equal(count('assess_level34', SYS.l5.id), 0);
  assert.equal(count('assess_level5', SYS.l5.id), 4, 'level 5: every 6 months');
  assert.equal(count('assess_level5', SYS.l3.id), 0);
  assert.equal(count('scan', SYS.l3.id), 4, 'a scan per system every 6 months');
  assert.equal(count('roster', null), 8, 'quarterly');
  const one = pick(list, 'assess_level5', SYS.l5.id, '2026-H1');
  assert.equal(one.system_name, SYS.l5.name);
  assert.equal(one.level, 5);
  assert.equal(one.scope, 'system');
  assert.deepEqual(one.evidence_kinds, ['assessment']);
  assert.equal(one.fulfilment, null);
  assert.ok(['upcoming', 'due', 'overdue'].includes(one.status));
  for (let k = 1; k < list.length; k++) assert.ok(at(list[k - 1].due_at) <= at(list[k].due_at), 'sorted by due');
  // the coordinator sees the unit too; another unit's user does not
  assert.equal((await items('dieuphoi', U.SNV)).length, list.length);
  assertProblem(await get('vanhanh.xa', `/api/v1/calendar?unit_id=${U.SNV}&${WINDOW}`), 404);
});

test('bad query: 422 naming the parameter', async () => {
  assertProblem(await get('vanhanh.snv', '/api/v1/calendar'), 422, { field: 'unit_id' });
  assertProblem(await get('vanhanh.snv', '/api/v1/calendar?unit_id=x'), 422, { field: 'unit_id' });
  assertProblem(await get('vanhanh.snv', `/api/v1/calendar?unit_id=${U.SNV}&from=yesterday`), 422, { field: 'from' });
  assertProblem(await get('vanhanh.snv', `/api/v1/calendar?unit_id=${U.SNV}&from=2027-01-01&to=2026-01-01`), 422,
    { field: 'to' });
  assertProblem(await get('vanhanh.snv', `/api/v1/calendar?unit_id=${U.SNV}&from=2020-01-01&to=2030-01-01`), 422,
    { field: 'to' });
  assertProblem(await get('vanhanh.snv', `/api/v1/calendar?unit_id=${U.SNV}&colour=red`), [400, 422]);
});

test('fulfil an item with evidence: done; bad input changes nothing', async () => {
  // an assessment record (docs/internals/assessments.md) that answers no
  // duty by itself (obligation ''), named as the evidence
  const assessment = async (system, heldOn) => {
    const r = await post('vanhanh.snv', '/api/v1/assessments', { unit_id: U.SNV, system_id: system,
      obligation: '', kind: 'external', title: 'Kiểm tra, đánh giá an toàn thông tin hệ thống',
      assessor: 'Trung tâm Giám sát an toàn không gian mạng quốc gia', held_on: heldOn,
      reference: 'BC-15/2026/SNV' });
    assert.equal(r.status, 201, r.text);
    return String(r.json.id);
  };
  const ev = await assessment(SYS.l5.id, '2026-05-20');
  const body = (extra = {}) => ({
    unit_id: U.SNV, system_id: SYS.l5.id, obligation: 'assess_level5', period: '2026-H1',
    evidence: { kind: 'assessment', ref: ev }, note: 'Đánh giá bởi đơn vị được cấp phép', ...extra,
  });
  const cases = [
    [{ obligation: 'nope' }, 'obligation', 422],
    [{ evidence: { kind: 'drill', ref: 'x' } }, 'evidence.kind', 422],
    [{ evidence: { kind: 'assessment', ref: '' } }, 'evidence.ref', 422],
    [{ evidence: undefined }, 'evidence', [400, 422]],
    [{ period: '2026-Q1' }, 'period', 422],
    [{ period: '2026' }, 'period', 422],
    [{ system_id: SYS.l3.id }, 'period', 422],
    [{ system_id: 999999 }, 'system_id', 422],
    [{ system_id: null }, 'system_id', 422],
    [{ obligation: 'drill', evidence: { kind: 'drill', ref: 'x' } }, 'system_id', 422],
    [{ unit_id: U['XA-NT'], system_id: null, obligation: 'drill', period: '2026', evidence: { kind: 'drill', ref: 'x' } },
      'unit_id', 422],
  ];
  for (const [extra, field, status] of cases) {
    assertProblem(await post('vanhanh.snv', '/api/v1/calendar/fulfil', body(extra)), status,
      { field, msg: JSON.stringify(extra) });
  }
  assertProblem(await post('doiungcuu', '/api/v1/calendar/fulfil', body()), 403);
  assertProblem(await post('vanhanh.xa', '/api/v1/calendar/fulfil', body()), 422, { field: 'unit_id' });
  // the evidence names an assessment of that system held within the period
  const other = await assessment(SYS.l3.id, '2026-05-20');
  const late = await assessment(SYS.l5.id, '2026-08-01');
  for (const [ref, why] of [['BC-15/2026/SNV', 'not an assessment id'], ['999999', 'no such assessment'],
    [other, 'an assessment of another system'], [late, 'held outside the period']]) {
    assertProblem(await post('vanhanh.snv', '/api/v1/calendar/fulfil', body({ evidence: { kind: 'assessment', ref } })),
      422, { field: 'evidence.ref', msg: why });
  }
  assert.equal(pick(await items('vanhanh.snv', U.SNV), 'assess_level5', SYS.l5.id, '2026-H1').fulfilment, null,
    'refused requests wrote nothing');

  const r = await post('vanhanh.snv', '/api/v1/calendar/fulfil', body());
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.status, 'done');
  assert.deepEqual(r.json.fulfilment.evidence, { kind: 'assessment', ref: ev });
  assert.equal(r.json.fulfilment.note, 'Đánh giá bởi đơn vị được cấp phép');
  assertProblem(await post('lanhdao.snv', '/api/v1/calendar/fulfil', body()), 409);
  const again = pick(await items('lanhdao.snv', U.SNV), 'assess_level5', SYS.l5.id, '2026-H1');
  assert.equal(again.status, 'done');
  assert.equal(again.fulfilment.evidence.ref, ev);
  // a unit item, fulfilled by the coordinator with the province's drill
  // (a drill of a unit above counts for the units below that took part)
  const drill = async (unit, heldOn) => {
    const r = await post('admin', '/api/v1/drills', { unit_id: unit, title: 'Diễn tập tấn công thay đổi giao diện',
      scenario: 'TC01', held_on: heldOn });
    assert.equal(r.status, 201, r.text);
    return String(r.json.id);
  };
  const hy = await drill(U.HY, '2026-03-15');
  const xa = await drill(U['XA-NT'], '2026-04-01');
  const unitDrill = (ref, period = '2026') => ({ unit_id: U.SNV, obligation: 'drill', period,
    evidence: { kind: 'drill', ref } });
  for (const [ref, period, why] of [['DT-2026-01', '2026', 'not a drill id'], ['999999', '2026', 'no such drill'],
    [xa, '2026', 'a drill of another branch'], [hy, '2027', 'held outside the period']]) {
    assertProblem(await post('dieuphoi', '/api/v1/calendar/fulfil', unitDrill(ref, period)), 422,
      { field: 'evidence.ref', msg: why });
  }
  const d = await post('dieuphoi', '/api/v1/calendar/fulfil', unitDrill(hy));
  assert.equal(d.status, 201, d.text);
  assert.deepEqual(d.json.fulfilment.evidence, { kind: 'drill', ref: hy });
  assert.equal(d.json.system_id, null);
  // the audit log has it
  const log = await get('admin', '/api/v1/audit?limit=20');
  assert.equal(log.status, 200, log.text);
  assert.equal(log.json.items.filter((e) => e.action === 'calendar.fulfil').length, 2, 'audited');
});

test('standing: every unit in scope for the coordinator, one for a commune', async () => {
  const c = await get('dieuphoi', `/api/v1/calendar/standing?${WINDOW}`);
  assert.equal(c.status, 200, c.text);
  const codes = c.json.units.map((u) => u.code).sort();
  assert.deepEqual(codes, Object.keys(U).sort(), 'all units under HY');
  const snv = c.json.units.find((u) => u.unit_id === U.SNV);
  const xa = c.json.units.find((u) => u.unit_id === U['XA-NT']);
  assert.ok(snv.done >= 2, JSON.stringify(snv));
  assert.equal(snv.total, snv.overdue + snv.due + snv.upcoming + snv.done);
  assert.ok(snv.total > xa.total, 'SNV has systems; the commune none');
  assert.equal(xa.done, 0);
  const mine = await get('vanhanh.xa', `/api/v1/calendar/standing?${WINDOW}`);
  assert.equal(mine.status, 200, mine.text);
  assert.deepEqual(mine.json.units.map((u) => u.code), ['XA-NT']);
  assert.deepEqual(mine.json.units[0], xa, 'the same counts');
  assertProblem(await get('dieuphoi', '/api/v1/calendar/standing?from=2026-13-01'), 422, { field: 'from' });
});

test('remind via the CLI: once per item and kind, to the unit\'s keepers', async () => {
  const outbox = async () => listAll(base, '/api/v1/outbox?kind=obligation.due', as(S.admin));
  assert.equal((await outbox()).length, 0);
  const r1 = srv.cli('calendar', 'remind', '--at', '2026-06-01T00:00:00+07:00');
  assert.equal(r1.status, 0, r1.stderr);
  const n = Number(/(\d+) reminder/.exec(r1.stdout)[1]);
  assert.ok(n > 0, r1.stdout);
  const rows = await outbox();
  assert.ok(rows.length > 0);
  const snv = rows.filter((m) => m.unit_id === U.SNV);
  const recipients = [...new Set(snv.map((m) => m.recipient))].sort();
  assert.deepEqual(recipients, ['lanhdao.snv@hungyen.gov.vn', 'vanhanh.snv@hungyen.gov.vn']);
  for (const who of recipients) {
    const subjects = snv.filter((m) => m.recipient === who).map((m) => m.subject);
    assert.equal(new Set(subjects).size, subjects.length, `one message per item and kind for ${who}`);
  }
  assert.ok(snv.some((m) => /^\[ungcuu\] Sắp đến hạn: Đánh giá, báo cáo công tác bảo đảm an toàn thông tin 6 tháng, kỳ 2026$/
    .test(m.subject)), 'before 10/06: the reminder window is open');
  assert.ok(snv.some((m) => m.subject.startsWith('[ungcuu] Quá hạn: Cập nhật danh sách') && m.subject.endsWith('2026-Q1')),
    'the Q1 roster is overdue');
  assert.ok(!snv.some((m) => m.subject.includes('cấp độ 5') && m.subject.endsWith('2026-H1')),
    'a fulfilled item is not reminded');
  assert.ok(rows.every((m) => m.unit_id === U.SNV || m.unit_id === U['XA-NT']), 'units with keepers only');

  const r2 = srv.cli('calendar', 'remind', '--at', '2026-06-01T00:00:00+07:00');
  assert.equal(r2.status, 0, r2.stderr);
  assert.match(r2.stdout, /\b0 reminder/);
  assert.equal((await outbox()).length, rows.length, 'a second run enqueues nothing');
  // once due turns overdue, one more message for that item
  const r3 = srv.cli('calendar', 'remind', '--at', '2026-06-10T00:00:00+07:00');
  assert.equal(r3.status, 0, r3.stderr);
  const late = (await outbox()).filter((m) => m.unit_id === U.SNV &&
    m.subject === '[ungcuu] Quá hạn: Đánh giá, báo cáo công tác bảo đảm an toàn thông tin 6 tháng, kỳ 2026');
  assert.equal(late.length, 2, 'overdue, to each keeper once');
  assert.equal(srv.cli('calendar', 'remind', '--at', 'soon').status, 2);
});

test('records fulfil their duties: a Mẫu 05 sent, a drill evaluated; report evidence is checked', async () => {
  const cal = async (unit, code, period) => pick(await items('dieuphoi', unit), code, null, period);
  const draft = async (from, to) => {
    const r = await post('vanhanh.snv', '/api/v1/reports', { unit_id: U.SNV, form: 'summary', from, to });
    assert.equal(r.status, 201, r.text);
    return r.json;
  };
  const act = (who, id, what, body, version) => api(base, 'POST', `/api/v1/reports/${id}/${what}`,
    as(S[who], { body, ifMatch: version }));
  const h1 = await draft('2026-01-01', '2026-07-01');
  const byReport = (ref, obligation = 'summary', period = '2026-H1') => ({ unit_id: U.SNV, obligation, period,
    evidence: { kind: 'report', ref } });
  assertProblem(await post('lanhdao.snv', '/api/v1/calendar/fulfil', byReport(h1.id)), 422,
    { field: 'evidence.ref', msg: 'a draft' });
  assertProblem(await post('lanhdao.snv', '/api/v1/calendar/fulfil', byReport('BC-9999-0001')), 422,
    { field: 'evidence.ref', msg: 'no such report' });
  assertProblem(await post('lanhdao.snv', '/api/v1/calendar/fulfil', byReport(h1.id, 'member_profile', '2026')), 422,
    { field: 'evidence.ref', msg: 'a Mẫu 05 is not a Mẫu 01' });
  assert.equal((await cal(U.SNV, 'summary', '2026-H1')).fulfilment, null);

  const a = await act('lanhdao.snv', h1.id, 'approve', undefined, h1.version);
  assert.equal(a.status, 200, a.text);
  const sent = await act('vanhanh.snv', h1.id, 'send', { recipients: ['Cơ quan điều phối quốc gia'],
    channel: 'email' }, a.json.version);
  assert.equal(sent.status, 200, sent.text);
  const done = await cal(U.SNV, 'summary', '2026-H1');
  assert.equal(done.status, 'done', 'sending Mẫu 05 for the first half fulfils 2026-H1');
  assert.deepEqual(done.fulfilment.evidence, { kind: 'report', ref: h1.id });
  assert.equal((await cal(U.SNV, 'summary', '2026-H2')).fulfilment, null, 'the other half is still owed');

  // the province's drill, evaluated: its own yearly drill is done
  const r = await post('admin', '/api/v1/drills', { unit_id: U.HY, title: 'Diễn tập ứng cứu tấn công DDoS',
    scenario: 'TC02', held_on: '2026-09-20' });
  assert.equal(r.status, 201, r.text);
  assert.equal((await cal(U.HY, 'drill', '2026')).fulfilment, null, 'planned, not yet evaluated');
  const ev = await api(base, 'PATCH', `/api/v1/drills/${r.json.id}`, as(S.admin,
    { body: { evaluation: 'Phát hiện sau 12 phút, báo cáo đúng hạn.' }, ifMatch: r.json.version }));
  assert.equal(ev.status, 200, ev.text);
  const drill = await cal(U.HY, 'drill', '2026');
  assert.equal(drill.status, 'done');
  assert.deepEqual(drill.fulfilment.evidence, { kind: 'drill', ref: String(r.json.id) });
});

test('reminders leave out what fell due before a unit entered the register', async () => {
  srv.sql("UPDATE units SET created_at = '2027-04-01T00:00:00.000Z' WHERE code = 'XA-NT'");
  const r = srv.cli('calendar', 'remind', '--at', '2027-04-02T00:00:00+07:00');
  assert.equal(r.status, 0, r.stderr);
  const q1 = (await listAll(base, '/api/v1/outbox?kind=obligation.due', as(S.admin)))
    .filter((m) => m.subject === '[ungcuu] Quá hạn: Cập nhật danh sách đội ứng cứu sự cố, kỳ 2027-Q1');
  assert.ok(q1.some((m) => m.unit_id === U.SNV), 'SNV, registered in 2025, is reminded');
  assert.ok(!q1.some((m) => m.unit_id === U['XA-NT']), 'the commune, registered after the due, is not');
});
