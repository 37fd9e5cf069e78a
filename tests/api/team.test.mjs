// Readiness (docs/internals/team.md): the response team's roster and the
// contact-change clock (/api/v1/units/{id}/team), the on-call rota
// (/api/v1/units/{id}/rota, /api/v1/oncall) and drills (/api/v1/drills)
// with exercise incidents that statistics leave out.
//
// Fixture (sample data): lanhdao.snv (leader, SNV) keeps the Sở Nội
// vụ's team and reports its incidents; vanhanh.snv (operator, SNV) reads
// it but may not change it (403); vanhanh.xa (operator, XA-NT) sees none
// of it (404).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, mustLogin, listAll } from './lib/server.mjs';
import { useEngine, assertProblem, as } from './lib/common.mjs';

const ctx = useEngine();
let srv;
let base;
const S = {};
const U = {};
const HOUR = 3600_000;
const LOCAL = 7 * HOUR;
const iso = (ms) => new Date(ms).toISOString();
const ms = (s) => Date.parse(s);
const localDay = (t) => new Date(t + LOCAL).toISOString().slice(0, 10);

const post = (who, p, body, extra = {}) => api(base, 'POST', p, as(S[who], { body, ...extra }));
const get = (who, p) => api(base, 'GET', p, as(S[who]));
const patch = (who, p, body, ifMatch) => api(base, 'PATCH', p, as(S[who], { body, ifMatch }));
const del = (who, p, ifMatch) => api(base, 'DELETE', p, as(S[who], { ifMatch }));
const team = (u = U.SNV) => `/api/v1/units/${u}/team`;
const rota = (u = U.SNV) => `/api/v1/units/${u}/rota`;

const member = (extra = {}) => ({
  full_name: 'Nguyễn Văn An',
  rank: 'Thiếu tá',
  position: 'Trưởng phòng',
  workplace: 'Văn phòng Sở Nội vụ',
  phone: '0912 345 678',
  email: 'an.nv@snv.hungyen.gov.vn',
  team_role: 'member',
  ...extra,
});

async function add(body) {
  const r = await post('lanhdao.snv', team(), body);
  assert.equal(r.status, 201, r.text);
  return r.json;
}

before(async () => {
  srv = await startServer(ctx);
  base = srv.base;
  for (const who of ['admin', 'lanhdao.snv', 'vanhanh.snv', 'vanhanh.xa']) S[who] = await mustLogin(base, who);
  for (const u of await listAll(base, '/api/v1/units', as(S.admin))) U[u.code] = u.id;
  srv.sql("UPDATE users SET email = login || '@hungyen.gov.vn'");
});
after(async () => { if (srv) await srv.stop(); });

test('roster: create, read, list, patch and delete with If-Match', async () => {
  const m = await add(member({ full_name: 'Trần Thị Bình', team_role: 'deputy' }));
  assert.equal(m.unit_id, U.SNV);
  assert.equal(m.team_role, 'deputy');
  assert.equal(m.contact, '');
  assert.equal(m.valid_from, localDay(Date.now()), 'valid from today by default');
  assert.equal(m.valid_to, null);
  assert.equal(m.active, true);

  const g = await get('vanhanh.snv', `${team()}/${m.id}`);
  assert.equal(g.status, 200, g.text);
  assert.equal(g.headers.get('etag'), `"${g.json.version}"`);
  const list = await get('vanhanh.snv', team());
  assert.equal(list.status, 200, list.text);
  assert.ok(list.json.items.some((x) => x.id === m.id));

  assertProblem(await patch('lanhdao.snv', `${team()}/${m.id}`, { position: 'Phó phòng' }), 428);
  assertProblem(await patch('lanhdao.snv', `${team()}/${m.id}`, { position: 'Phó phòng' }, m.version + 1), 412);
  const p = await patch('lanhdao.snv', `${team()}/${m.id}`, { position: 'Phó phòng', valid_to: '2099-12-31' },
    m.version);
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.position, 'Phó phòng');
  assert.equal(p.json.valid_to, '2099-12-31');
  assert.equal(p.json.version, m.version + 1);
  const open = await patch('lanhdao.snv', `${team()}/${m.id}`, { valid_to: '' }, p.json.version);
  assert.equal(open.status, 200, open.text);
  assert.equal(open.json.valid_to, null, '"" reopens');

  // the operator reads but may not change it
  assertProblem(await post('vanhanh.snv', team(), member()), 403);
  assertProblem(await patch('vanhanh.snv', `${team()}/${m.id}`, { rank: 'x' }, open.json.version), 403);

  assertProblem(await del('lanhdao.snv', `${team()}/${m.id}`), 428);
  assert.equal((await del('lanhdao.snv', `${team()}/${m.id}`, open.json.version)).status, 204);
  assertProblem(await get('lanhdao.snv', `${team()}/${m.id}`), 404);
});

test('bad input names the field and changes nothing', async () => {
  const before = (await get('lanhdao.snv', team())).json.items.length;
  const r = await post('lanhdao.snv', team(), member({ team_role: 'captain', email: 'nope', phone: 'abc',
    valid_from: '2026-02-30' }));
  const p = assertProblem(r, 422);
  const fields = p.errors.map((e) => e.field).sort();
  for (const f of ['email', 'phone', 'team_role', 'valid_from']) assert.ok(fields.includes(f), `${f}: ${r.text}`);
  assertProblem(await post('lanhdao.snv', team(), member({ full_name: '' })), [400, 422], { field: 'full_name' });
  assertProblem(await post('lanhdao.snv', team(), member({ valid_from: '2026-05-01', valid_to: '2026-04-01' })),
    422, { field: 'valid_to' });
  assert.equal((await get('lanhdao.snv', team())).json.items.length, before);
});

test('a contact-point change starts the 24-hour clock; recording the notice meets it', async () => {
  const t0 = Date.now();
  const m = await add(member({ full_name: 'Lê Văn Cường', contact: 'primary' }));
  const t1 = Date.now();
  let roster = (await get('lanhdao.snv', team())).json;
  const c = roster.clocks.find((x) => x.member_id === m.id);
  assert.ok(c, JSON.stringify(roster.clocks));
  assert.equal(c.kind, 'contact_change');
  assert.equal(c.state, 'running');
  assert.equal(c.met_at, null);
  assert.ok(ms(c.started_at) >= t0 - 1000 && ms(c.started_at) <= t1 + 1000, c.started_at);
  assert.equal(ms(c.due_at) - ms(c.started_at), 24 * HOUR, 'due = change + 24 h');
  assert.match(c.detail, /Lê Văn Cường/);

  // a change that is not about contact points starts nothing
  const n = roster.clocks.length;
  const p = await patch('lanhdao.snv', `${team()}/${m.id}`, { rank: 'Trung tá' }, m.version);
  assert.equal(p.status, 200, p.text);
  assert.equal((await get('lanhdao.snv', team())).json.clocks.length, n);
  // a new phone of the contact point does
  const p2 = await patch('lanhdao.snv', `${team()}/${m.id}`, { phone: '0987 654 321' }, p.json.version);
  assert.equal(p2.status, 200, p2.text);
  roster = (await get('lanhdao.snv', team())).json;
  assert.equal(roster.clocks.length, n + 1);

  // the notice: outsiders 404, the operator 403, bad input 422
  const url = `${team()}/clocks/${c.id}/notice`;
  assertProblem(await post('vanhanh.xa', url, {}), 404);
  assertProblem(await post('vanhanh.snv', url, {}), 403);
  assertProblem(await post('lanhdao.snv', url, { sent_at: 'yesterday' }), 422, { field: 'sent_at' });
  assertProblem(await post('lanhdao.snv', url, { sent_at: iso(Date.now() + 10 * HOUR) }), 422,
    { field: 'sent_at' });
  assertProblem(await post('lanhdao.snv', url, { sent_at: iso(ms(c.started_at) - HOUR) }), 422,
    { field: 'sent_at', msg: 'before the change' });
  const sent = iso(ms(c.started_at) + 1);
  const r = await post('lanhdao.snv', url, { sent_at: sent, note: 'Công văn 12/SNV gửi VNCERT/CC' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.state, 'met');
  assert.equal(ms(r.json.met_at), ms(sent));
  assertProblem(await post('lanhdao.snv', url, {}), 409);
  roster = (await get('vanhanh.snv', team())).json;
  assert.equal(roster.clocks.find((x) => x.id === c.id).state, 'met');

  // each clock told the unit's leaders and admins at once
  const out = (await listAll(base, '/api/v1/outbox?kind=contact.changed', as(S.admin)))
    .filter((o) => o.unit_id === U.SNV && o.channel === 'email');
  assert.deepEqual([...new Set(out.map((o) => o.recipient))].sort(),
    ['lanhdao.snv@hungyen.gov.vn', 'quantri.snv@hungyen.gov.vn'], 'the leader and the admin of SNV');
  assert.equal(out.length, 2 * roster.clocks.length, 'one message per person per clock');
  assert.match(out[0].subject,
    /^\[ungcuu\] Thay đổi đầu mối ứng cứu sự cố của Sở Nội vụ: báo cáo trước \d\d\/\d\d\/\d{4} \d\d:\d\d$/);
  assert.ok(!out.some((o) => o.recipient === 'vanhanh.snv@hungyen.gov.vn'), 'operators are not told');
});

test('the quarterly confirmation of the roster marks the calendar', async () => {
  const y = Number(localDay(Date.now()).slice(0, 4));
  const q = Math.floor((Number(localDay(Date.now()).slice(5, 7)) - 1) / 3) + 1;
  const url = `${team()}/confirmations`;
  assertProblem(await post('vanhanh.xa', url, {}), 404);
  assertProblem(await post('vanhanh.snv', url, {}), 403);
  assertProblem(await post('admin', `${team(U['XA-NT'])}/confirmations`, {}), 409, { msg: 'no current member' });
  const r = await post('lanhdao.snv', url, {});
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.period, `${y}-Q${q}`);
  const members = (await get('lanhdao.snv', team())).json.items.filter((m) => m.active).length;
  assert.equal(r.json.members, members);
  assert.match(r.json.evidence, new RegExp(`^Xác nhận danh sách đội ứng cứu sự cố ngày \\d\\d/\\d\\d/${y}: ${members} thành viên$`));
  assertProblem(await post('lanhdao.snv', url, {}), 409, { msg: 'confirmed already' });
  const cal = await get('vanhanh.snv', `/api/v1/calendar?unit_id=${U.SNV}&from=${y}-01-01&to=${y + 1}-01-01`);
  assert.equal(cal.status, 200, cal.text);
  const item = cal.json.items.find((i) => i.obligation === 'roster' && i.period === `${y}-Q${q}`);
  assert.equal(item.status, 'done');
  assert.deepEqual(item.fulfilment.evidence, { kind: 'document', ref: r.json.evidence });
});

test('on call now and next, with a rota across midnight', async () => {
  const night = await add(member({ full_name: 'Phạm Văn Đêm' }));
  const day = await add(member({ full_name: 'Hoàng Thị Ngày' }));
  // Monday 22:00 for 10 h (into Tuesday), Tuesday 08:00 for 14 h
  let r = await post('lanhdao.snv', rota(), { member_id: night.id, weekday: 1, start: '22:00', length_min: 600 });
  assert.equal(r.status, 201, r.text);
  r = await post('lanhdao.snv', rota(), { member_id: day.id, weekday: 2, start: '08:00', length_min: 840 });
  assert.equal(r.status, 201, r.text);
  // a dated shift over the year end
  r = await post('lanhdao.snv', rota(), { member_id: day.id, starts_at: '2026-12-31T18:00:00+07:00',
    ends_at: '2027-01-01T08:00:00+07:00' });
  assert.equal(r.status, 201, r.text);
  const dated = r.json;

  // 2026-12-01 is a Tuesday: 00:30 is after midnight, still the night's
  const at = encodeURIComponent('2026-12-01T00:30:00+07:00');
  const l = await get('vanhanh.snv', `${rota()}?at=${at}`);
  assert.equal(l.status, 200, l.text);
  assert.equal(l.json.items.length, 3);
  assert.deepEqual(l.json.on_duty.map((x) => x.full_name), ['Phạm Văn Đêm']);
  assert.equal(ms(l.json.on_duty[0].start), ms('2026-11-30T22:00:00+07:00'));
  assert.equal(ms(l.json.on_duty[0].end), ms('2026-12-01T08:00:00+07:00'));
  assert.equal(l.json.next.full_name, 'Hoàng Thị Ngày');
  assert.equal(ms(l.json.next.start), ms('2026-12-01T08:00:00+07:00'));

  // the hotline page: the units in scope
  const o = await get('lanhdao.snv', `/api/v1/oncall?at=${encodeURIComponent('2027-01-01T00:30:00+07:00')}`);
  assert.equal(o.status, 200, o.text);
  const snv = o.json.units.find((u) => u.unit_id === U.SNV);
  assert.ok(snv, o.text);
  assert.deepEqual(snv.on_duty.map((x) => x.shift_id), [dated.id], 'the dated shift past the year end');
  const x = await get('vanhanh.xa', `/api/v1/oncall?at=${at}`);
  assert.equal(x.status, 200, x.text);
  assert.ok(!x.json.units.some((u) => u.unit_id === U.SNV), 'another unit\'s rota stays out');

  // a member who has left the team is not on duty, nor next
  const gone = await add(member({ full_name: 'Vũ Văn Cũ', valid_from: '2026-01-01', valid_to: '2026-06-30' }));
  r = await post('lanhdao.snv', rota(), { member_id: gone.id, weekday: 2, start: '00:00', length_min: 1440 });
  assert.equal(r.status, 201, r.text);
  const l2 = await get('vanhanh.snv', `${rota()}?at=${at}`);
  assert.deepEqual(l2.json.on_duty.map((x) => x.full_name), ['Phạm Văn Đêm']);
  assert.equal(l2.json.items.find((x) => x.member_id === gone.id).member_active, false);
  const june = await get('vanhanh.snv', `${rota()}?at=${encodeURIComponent('2026-06-30T12:00:00+07:00')}`);
  assert.ok(june.json.on_duty.some((x) => x.full_name === 'Vũ Văn Cũ'), 'on duty while on the team');
  assert.equal((await del('lanhdao.snv', `${rota()}/${r.json.id}`)).status, 204);

  assertProblem(await get('vanhanh.snv', `${rota()}?at=soon`), [400, 422], { field: 'at' });
  assertProblem(await post('lanhdao.snv', rota(), { member_id: night.id, weekday: 8, start: '25:00',
    length_min: 0 }), 422);
  assertProblem(await post('lanhdao.snv', rota(), { member_id: 999999, weekday: 1, start: '08:00',
    length_min: 60 }), 422, { field: 'member_id' });
  assertProblem(await del('lanhdao.snv', `${rota()}/${dated.id}`.replace(String(U.SNV), String(U['XA-NT']))), 404);
  assert.equal((await del('lanhdao.snv', `${rota()}/${dated.id}`)).status, 204);
  assert.equal((await get('lanhdao.snv', rota())).json.items.length, 2);
});

test('another unit\'s user gets 404', async () => {
  const m = await add(member({ full_name: 'Đỗ Văn Kín' }));
  assertProblem(await get('vanhanh.xa', team()), 404);
  assertProblem(await get('vanhanh.xa', `${team()}/${m.id}`), 404);
  assertProblem(await get('vanhanh.xa', rota()), 404);
  assertProblem(await get('vanhanh.xa', `${team(U['XA-NT'])}/${m.id}`), 404, { msg: 'a member read through another unit' });
});

test('a drill with an exercise incident: flagged, out of the statistics, measured', async () => {
  const today = localDay(Date.now());
  const period = `unit_id=${U.SNV}&from=${localDay(Date.now() - 24 * HOUR)}&to=${localDay(Date.now() + 24 * HOUR)}`;
  const stats = async () => {
    const r = await get('lanhdao.snv', `/api/v1/statistics?${period}`);
    assert.equal(r.status, 200, r.text.slice(0, 300));
    return r.json.incidents;
  };
  const c = await post('lanhdao.snv', '/api/v1/drills', {
    title: 'Diễn tập ứng cứu sự cố mã độc tống tiền', scenario: 'TC03', held_on: today,
    participants: ['Nguyễn Văn An', 'Trần Thị Bình'],
  });
  assert.equal(c.status, 201, c.text);
  const d = c.json;
  assert.equal(d.unit_id, U.SNV);
  assert.deepEqual(d.incidents, []);
  assertProblem(await post('lanhdao.snv', '/api/v1/drills', { title: 'x', scenario: 'ZZ99', held_on: today }), 422,
    { field: 'scenario' });
  assertProblem(await post('vanhanh.snv', '/api/v1/drills', { title: 'x', scenario: 'TC03', held_on: today }), 403);

  const n0 = await stats();
  const now = Date.now();
  const inj = await post('lanhdao.snv', `/api/v1/drills/${d.id}/incidents`, {
    injected_at: iso(now - 3 * HOUR),
    incident: {
      title: 'Diễn tập: mã độc mã hóa dữ liệu máy chủ tệp',
      description: 'Kịch bản diễn tập: máy chủ tệp bị mã hóa dữ liệu.',
      types: ['TC03'], detected_at: iso(now - 2 * HOUR), reported_at: iso(now - HOUR),
    },
  });
  assert.equal(inj.status, 201, inj.text);
  assert.equal(inj.json.incidents.length, 1);
  const e = inj.json.incidents[0];
  assert.equal(e.exercise, true);
  assert.equal(e.detect_s, 3600);
  assert.equal(e.report_s, 3600);
  assert.equal(e.contain_s, null);
  assert.deepEqual(inj.json.measured, { detect_s: 3600, report_s: 3600, contain_s: null });

  const i = await get('lanhdao.snv', `/api/v1/incidents/${e.id}`);
  assert.equal(i.status, 200, i.text);
  assert.equal(i.json.exercise, true, 'flagged exercise on the incident itself');
  assert.equal(await stats(), n0, 'the exercise incident is not counted');

  // its reports are practised (drafted, approved) but never sent upward
  const draft = await post('vanhanh.snv', '/api/v1/reports', { incident: e.id, form: 'notice' });
  assert.equal(draft.status, 201, draft.text);
  const ok = await post('lanhdao.snv', `/api/v1/reports/${draft.json.id}/approve`, {}, { ifMatch: draft.json.version });
  assert.equal(ok.status, 200, ok.text);
  assertProblem(await post('vanhanh.snv', `/api/v1/reports/${draft.json.id}/send`,
    { recipients: ['Cơ quan điều phối quốc gia'], channel: 'email' }, { ifMatch: ok.json.version }), 409);
  assert.equal((await get('vanhanh.snv', `/api/v1/reports/${draft.json.id}`)).json.status, 'approved');

  // a real incident of the same unit and period is
  const real = await post('lanhdao.snv', '/api/v1/incidents', {
    unit_id: U.SNV, title: 'Sự cố thật', description: 'Truy cập bất thường.', types: ['TC03'],
    detected_at: iso(now - HOUR),
  });
  assert.equal(real.status, 201, real.text);
  assert.equal(real.json.exercise, false);
  assert.equal(await stats(), n0 + 1);

  // evaluation and lessons, with If-Match
  const cur = await get('lanhdao.snv', `/api/v1/drills/${d.id}`);
  assert.equal(cur.status, 200, cur.text);
  const u = await patch('lanhdao.snv', `/api/v1/drills/${d.id}`,
    { evaluation: 'Đạt yêu cầu', lessons: 'Cần sao lưu ngoại tuyến' }, cur.json.version);
  assert.equal(u.status, 200, u.text);
  assert.equal(u.json.lessons, 'Cần sao lưu ngoại tuyến');
  assert.equal(u.json.incidents.length, 1);
  assertProblem(await patch('lanhdao.snv', `/api/v1/drills/${d.id}`, { lessons: 'x' }, cur.json.version), 412);

  // bad injection changes nothing
  assertProblem(await post('lanhdao.snv', `/api/v1/drills/${d.id}/incidents`, {
    injected_at: iso(now), incident: { title: 't', description: 'd', detected_at: iso(now - HOUR) },
  }), 422, { field: 'injected_at' });
  assert.equal((await get('lanhdao.snv', `/api/v1/drills/${d.id}`)).json.incidents.length, 1);

  // the list, and another unit's user
  const list = await get('vanhanh.snv', `/api/v1/drills?unit_id=${U.SNV}`);
  assert.equal(list.status, 200, list.text);
  assert.ok(list.json.items.some((x) => x.id === d.id));
  assertProblem(await get('vanhanh.xa', `/api/v1/drills/${d.id}`), 404);
  const xl = await get('vanhanh.xa', '/api/v1/drills');
  assert.equal(xl.status, 200, xl.text);
  assert.ok(!xl.json.items.some((x) => x.id === d.id));
  assertProblem(await post('vanhanh.xa', `/api/v1/drills/${d.id}/incidents`, {
    incident: { title: 't', description: 'd', detected_at: iso(now - HOUR) },
  }), 404);
});

test('the command line: team list, oncall, drill list', async () => {
  const t = srv.cli('team', 'list', 'SNV');
  assert.equal(t.status, 0, t.stderr);
  assert.match(t.stdout, /Lê Văn Cường/);
  assert.match(t.stdout, /báo cơ quan điều phối quốc gia trước/, 'an unmet contact-change clock is shown');
  const j = srv.cli('team', 'list', 'SNV', '--json', '--as', 'vanhanh.xa');
  assert.notEqual(j.status, 0, 'another unit\'s user gets nothing');
  const o = srv.cli('oncall', '--at', '2026-12-01T00:30:00+07:00', '--as', 'lanhdao.snv');
  assert.equal(o.status, 0, o.stderr);
  assert.match(o.stdout, /trực: Phạm Văn Đêm/);
  assert.match(o.stdout, /tiếp: Hoàng Thị Ngày/);
  assert.equal(srv.cli('oncall', '--at', 'soon').status === 0, false);
  const d = srv.cli('drill', 'list', '--unit', 'SNV', '--json');
  assert.equal(d.status, 0, d.stderr);
  assert.ok(JSON.parse(d.stdout).some((x) => x.scenario === 'TC03'));
});
