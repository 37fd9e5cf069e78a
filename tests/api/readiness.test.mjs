// Readiness (docs/internals/readiness.md): training and awareness
// sessions (/api/v1/trainings) and the unit's equipment, tools, software,
// licences and services with their expiry (/api/v1/resources), the
// resource.expiring reminders of `ungcuu calendar remind`, and the
// command-line lists.
//
// Fixture (sample data): lanhdao.snv (leader, SNV) keeps the Sở Nội
// vụ's records; vanhanh.snv (operator, SNV) reads them but may not change
// them (403) and receives SNV's reminders with lanhdao.snv; vanhanh.xa
// (operator, XA-NT) sees none of them (404).
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
const DAY = 86400_000;
const LOCAL = 7 * 3600_000;
// the local (UTC+7) calendar day n days from today
const day = (n = 0) => new Date(Date.now() + LOCAL + n * DAY).toISOString().slice(0, 10);

const post = (who, p, body) => api(base, 'POST', p, as(S[who], { body }));
const get = (who, p) => api(base, 'GET', p, as(S[who]));
const patch = (who, p, body, ifMatch) => api(base, 'PATCH', p, as(S[who], { body, ifMatch }));
const del = (who, p, ifMatch) => api(base, 'DELETE', p, as(S[who], { ifMatch }));

const session = (extra = {}) => ({
  kind: 'awareness',
  topic: 'Phổ biến Luật An toàn thông tin mạng cho cán bộ, công chức',
  legal_docs: ['Luật An toàn thông tin mạng ngày 19/11/2015'],
  held_on: '2026-09-15',
  place: 'Hội trường Sở Nội vụ',
  organiser: 'Văn phòng Sở',
  audience: 'Cán bộ, công chức, viên chức của Sở',
  ...extra,
});

const resource = (extra = {}) => ({
  kind: 'licence',
  name: 'Bản quyền phần mềm diệt virus',
  vendor: 'BKAV',
  quantity: 50,
  acquired_on: '2026-01-01',
  ...extra,
});

async function create(p, body, who = 'lanhdao.snv') {
  const r = await post(who, p, body);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.headers.get('etag'), `"${r.json.version}"`);
  return r.json;
}

async function system(who, name, unit) {
  const r = await post(who, '/api/v1/systems', { name, unit_id: unit });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

before(async () => {
  srv = await startServer(ctx);
  base = srv.base;
  for (const who of ['admin', 'lanhdao.snv', 'vanhanh.snv', 'vanhanh.xa']) S[who] = await mustLogin(base, who);
  for (const u of await listAll(base, '/api/v1/units', as(S.admin))) U[u.code] = u.id;
  srv.sql("UPDATE users SET email = login || '@hungyen.gov.vn'");
  SYS.snv = await system('vanhanh.snv', 'Cổng thông tin điện tử Sở Nội vụ', U.SNV);
  SYS.xa = await system('vanhanh.xa', 'Cổng thông tin xã Nghĩa Trụ', U['XA-NT']);
});
after(async () => { if (srv) await srv.stop(); });

// ---------------------------------------------------------------- trainings

test('trainings: create, read, list, patch and delete with If-Match', async () => {
  const t = await create('/api/v1/trainings', session({
    attendees: [{ name: 'Nguyễn Văn An', position: 'Chuyên viên', workplace: 'Văn phòng' },
      { name: 'Trần Thị Bình' }],
  }));
  assert.equal(t.unit_id, U.SNV, 'the actor\'s unit by default');
  assert.equal(t.unit_name, 'Sở Nội vụ');
  assert.equal(t.kind, 'awareness');
  assert.deepEqual(t.legal_docs, ['Luật An toàn thông tin mạng ngày 19/11/2015']);
  assert.equal(t.held_on, '2026-09-15');
  assert.equal(t.ends_on, null);
  assert.equal(t.attendee_count, 2, 'the number listed when no count is given');
  assert.deepEqual(t.attendees[1], { name: 'Trần Thị Bình' });
  assert.equal(t.version, 1);
  assert.equal(typeof t.created_at, 'string');
  assert.equal(t.created_by, S['lanhdao.snv'].user.id);

  const g = await get('vanhanh.snv', `/api/v1/trainings/${t.id}`);
  assert.equal(g.status, 200, g.text);
  assert.deepEqual(g.json, t);
  assert.equal(g.headers.get('etag'), `"${t.version}"`);

  const big = await create('/api/v1/trainings', session({
    kind: 'training', topic: 'Tập huấn ứng cứu sự cố', held_on: '2026-10-05', ends_on: '2026-10-07',
    attendee_count: 120, attendees: [{ name: 'Lê Văn Cường' }], unit_id: U.SNV,
  }));
  assert.equal(big.attendee_count, 120, 'a big session lists only some names');
  assert.equal(big.ends_on, '2026-10-07');

  const u = await patch('lanhdao.snv', `/api/v1/trainings/${big.id}`,
    { attendees: [{ name: 'Lê Văn Cường' }, { name: 'Phạm Thị Dung' }], ends_on: null }, big.version);
  assert.equal(u.status, 200, u.text);
  assert.equal(u.json.attendee_count, 120, 'the count stays when more names are listed');
  assert.equal(u.json.attendees.length, 2);
  assert.equal(u.json.ends_on, null, 'null clears ends_on');
  assert.equal(u.json.version, big.version + 1);
  assert.equal(u.json.topic, big.topic, 'what the patch leaves out stays');
  assertProblem(await patch('lanhdao.snv', `/api/v1/trainings/${big.id}`, { note: 'x' }, big.version), 412);
  assertProblem(await patch('lanhdao.snv', `/api/v1/trainings/${big.id}`, { note: 'x' }), 428);

  const list = await get('vanhanh.snv', `/api/v1/trainings?unit_id=${U.SNV}`);
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(list.json.items.map((x) => x.id).slice(0, 2), [big.id, t.id], 'newest held_on first');
  assert.equal(list.json.next_cursor, null);
  const byKind = await get('vanhanh.snv', '/api/v1/trainings?kind=training');
  assert.deepEqual(byKind.json.items.map((x) => x.id), [big.id]);
  const window = await get('vanhanh.snv', '/api/v1/trainings?from=2026-09-01&to=2026-09-30');
  assert.deepEqual(window.json.items.map((x) => x.id), [t.id]);
  assertProblem(await get('vanhanh.snv', '/api/v1/trainings?from=2026-9-1'), 422, { field: 'from' });
  assertProblem(await get('vanhanh.snv', '/api/v1/trainings?kind=party'), 422, { field: 'kind' });

  // paging: the same order, page by page
  for (let i = 0; i < 3; i++) {
    await create('/api/v1/trainings', session({ topic: `Tuyên truyền đợt ${i}`, held_on: '2026-09-15' }));
  }
  const all = await listAll(base, '/api/v1/trainings', as(S['vanhanh.snv']), { limit: 200 });
  const paged = await listAll(base, '/api/v1/trainings', as(S['vanhanh.snv']), { limit: 2 });
  assert.deepEqual(paged.map((x) => x.id), all.map((x) => x.id));
  assert.equal(all.length, 5);

  const audit = await get('admin', '/api/v1/audit?action=training.update');
  assert.ok(audit.json.items.some((e) => e.object_id === String(big.id)), 'audited');

  assertProblem(await del('lanhdao.snv', `/api/v1/trainings/${t.id}`, t.version + 5), 412);
  const d = await del('lanhdao.snv', `/api/v1/trainings/${t.id}`, t.version);
  assert.equal(d.status, 204, d.text);
  assertProblem(await get('lanhdao.snv', `/api/v1/trainings/${t.id}`), 404);
  const da = await get('admin', '/api/v1/audit?action=training.delete');
  assert.ok(da.json.items.some((e) => e.object_id === String(t.id)));
});

test('trainings: bad input is 422 naming the field and changes nothing', async () => {
  const t = await create('/api/v1/trainings', session({ topic: 'Bồi dưỡng kiến thức', kind: 'refresher' }));
  const before = await listAll(base, '/api/v1/trainings', as(S['lanhdao.snv']));
  const bad = [
    [{ kind: 'party' }, 'kind'],
    [{ topic: '' }, 'topic'],
    [{ topic: 'x'.repeat(501) }, 'topic'],
    [{ held_on: '2026-02-30' }, 'held_on'],
    [{ held_on: '15/09/2026' }, 'held_on'],
    [{ ends_on: '2026-9-16' }, 'ends_on'],
    [{ ends_on: '2026-09-14' }, 'ends_on'],
    [{ attendee_count: 1, attendees: [{ name: 'A' }, { name: 'B' }] }, 'attendee_count'],
    [{ attendee_count: -1 }, 'attendee_count'],
    [{ attendees: [{ name: '' }] }, 'attendees[0].name'],
    [{ attendees: [{ position: 'x' }] }, 'attendees[0].name'],
    [{ legal_docs: [''] }, 'legal_docs[0]'],
    [{ legal_docs: Array(51).fill('Luật') }, 'legal_docs'],
  ];
  for (const [change, field] of bad) {
    assertProblem(await post('lanhdao.snv', '/api/v1/trainings', session(change)), 422,
      { field, msg: JSON.stringify(change) });
    assertProblem(await patch('lanhdao.snv', `/api/v1/trainings/${t.id}`, change, t.version), 422,
      { field, msg: `patch ${JSON.stringify(change)}` });
  }
  assertProblem(await post('lanhdao.snv', '/api/v1/trainings', { kind: 'awareness', held_on: '2026-09-01' }), 422,
    { field: 'topic' });
  assertProblem(await post('lanhdao.snv', '/api/v1/trainings', session({ unit_id: U['XA-NT'] })), 422,
    { field: 'unit_id' });
  assert.deepEqual(await listAll(base, '/api/v1/trainings', as(S['lanhdao.snv'])), before, 'nothing changed');
  assert.deepEqual((await get('lanhdao.snv', `/api/v1/trainings/${t.id}`)).json, t);
});

test('trainings: another unit\'s user sees nothing, the operator may not write', async () => {
  const t = await create('/api/v1/trainings', session({ topic: 'Đào tạo nhận thức an toàn thông tin' }));
  const path = `/api/v1/trainings/${t.id}`;
  assertProblem(await get('vanhanh.xa', path), 404);
  assertProblem(await patch('vanhanh.xa', path, { note: 'x' }, t.version), 404);
  assertProblem(await del('vanhanh.xa', path, t.version), 404);
  const xl = await get('vanhanh.xa', '/api/v1/trainings');
  assert.equal(xl.status, 200, xl.text);
  assert.equal(xl.json.items.length, 0);
  assertProblem(await get('vanhanh.xa', `/api/v1/trainings?unit_id=${U.SNV}`), 404);

  assertProblem(await post('vanhanh.snv', '/api/v1/trainings', session()), 403);
  assertProblem(await patch('vanhanh.snv', path, { note: 'x' }, t.version), 403);
  assertProblem(await del('vanhanh.snv', path, t.version), 403);
  assert.deepEqual((await get('vanhanh.snv', path)).json, t, 'unchanged');
});

// ---------------------------------------------------------------- resources

test('resources: create, read, list, patch and retire with If-Match', async () => {
  const r = await create('/api/v1/resources', resource({
    name: 'Tường lửa FortiGate 100F', kind: 'equipment', quantity: 2, system_id: SYS.snv.id,
    serial: 'FG100F-0001', model: '100F', vendor: 'Fortinet', expires_on: day(400),
  }));
  assert.equal(r.unit_id, U.SNV);
  assert.equal(r.unit_name, 'Sở Nội vụ');
  assert.equal(r.system_id, SYS.snv.id);
  assert.equal(r.system_name, SYS.snv.name);
  assert.equal(r.quantity, 2);
  assert.equal(r.status, 'active');
  assert.equal(r.expiry, 'ok');
  assert.equal(r.days_left, 400);
  assert.equal(r.version, 1);
  const plain = await create('/api/v1/resources', { kind: 'tool', name: 'Bộ công cụ pháp chứng' });
  assert.equal(plain.quantity, 1, 'quantity 1 by default');
  assert.equal(plain.system_id, null);
  assert.equal(plain.system_name, null);
  assert.equal(plain.acquired_on, null);
  assert.equal(plain.expires_on, null);
  assert.equal(plain.expiry, 'none');
  assert.equal(plain.days_left, null);

  const g = await get('vanhanh.snv', `/api/v1/resources/${r.id}`);
  assert.equal(g.status, 200, g.text);
  assert.deepEqual(g.json, r);
  assert.equal(g.headers.get('etag'), `"${r.version}"`);

  const u = await patch('lanhdao.snv', `/api/v1/resources/${r.id}`, { quantity: 3, system_id: null }, r.version);
  assert.equal(u.status, 200, u.text);
  assert.equal(u.json.quantity, 3);
  assert.equal(u.json.system_id, null, 'null unlinks the system');
  assert.equal(u.json.name, r.name);
  assertProblem(await patch('lanhdao.snv', `/api/v1/resources/${r.id}`, { quantity: 4 }, r.version), 412);
  assertProblem(await del('lanhdao.snv', `/api/v1/resources/${r.id}`, r.version), 412);
  assertProblem(await del('lanhdao.snv', `/api/v1/resources/${r.id}`), 428);

  const d = await del('lanhdao.snv', `/api/v1/resources/${r.id}`, u.json.version);
  assert.equal(d.status, 200, d.text);
  assert.equal(d.json.status, 'retired', 'DELETE retires');
  assert.equal(d.json.version, u.json.version + 1);
  const kept = await get('lanhdao.snv', `/api/v1/resources/${r.id}`);
  assert.equal(kept.json.status, 'retired', 'kept as history');
  const active = await listAll(base, '/api/v1/resources', as(S['lanhdao.snv']));
  assert.ok(!active.some((x) => x.id === r.id), 'out of the default list');
  const retired = await listAll(base, '/api/v1/resources?status=retired', as(S['lanhdao.snv']));
  assert.deepEqual(retired.map((x) => x.id), [r.id]);
  const every = await listAll(base, '/api/v1/resources?status=all', as(S['lanhdao.snv']));
  assert.ok(every.some((x) => x.id === r.id) && every.some((x) => x.id === plain.id));
  assertProblem(await get('lanhdao.snv', '/api/v1/resources?status=gone'), 422, { field: 'status' });
  const back = await patch('lanhdao.snv', `/api/v1/resources/${r.id}`, { status: 'active' }, d.json.version);
  assert.equal(back.status, 200, back.text);
  assert.equal(back.json.status, 'active');
  const ret = await patch('lanhdao.snv', `/api/v1/resources/${r.id}`, { status: 'retired' }, back.json.version);
  assert.equal(ret.json.status, 'retired', 'status: retired retires');

  const audit = await get('admin', '/api/v1/audit?action=resource.retire');
  assert.equal(audit.json.items.filter((e) => e.object_id === String(r.id)).length, 2);
  const ac = await get('admin', '/api/v1/audit?action=resource.create');
  assert.ok(ac.json.items.some((e) => e.object_id === String(plain.id)));
});

test('resources: bad input is 422 naming the field and changes nothing', async () => {
  const r = await create('/api/v1/resources', resource({ name: 'Phần mềm quét lỗ hổng', kind: 'software' }));
  const before = await listAll(base, '/api/v1/resources?status=all', as(S['lanhdao.snv']));
  const bad = [
    [{ kind: 'car' }, 'kind'],
    [{ name: '' }, 'name'],
    [{ quantity: 0 }, 'quantity'],
    [{ quantity: -2 }, 'quantity'],
    [{ acquired_on: '2026-13-01' }, 'acquired_on'],
    [{ expires_on: 'next year' }, 'expires_on'],
    [{ expires_on: '2025-12-31' }, 'expires_on'],
    [{ system_id: SYS.xa.id }, 'system_id'],
    [{ system_id: 999999 }, 'system_id'],
  ];
  for (const [change, field] of bad) {
    assertProblem(await post('lanhdao.snv', '/api/v1/resources', resource(change)), 422,
      { field, msg: JSON.stringify(change) });
    assertProblem(await patch('lanhdao.snv', `/api/v1/resources/${r.id}`, change, r.version), 422,
      { field, msg: `patch ${JSON.stringify(change)}` });
  }
  assertProblem(await patch('lanhdao.snv', `/api/v1/resources/${r.id}`, { status: 'lost' }, r.version), 422,
    { field: 'status' });
  assertProblem(await post('lanhdao.snv', '/api/v1/resources', resource({ unit_id: U['XA-NT'] })), 422,
    { field: 'unit_id' });
  assertProblem(await get('lanhdao.snv', '/api/v1/resources?expiring=soon'), 422, { field: 'expiring' });
  assert.deepEqual(await listAll(base, '/api/v1/resources?status=all', as(S['lanhdao.snv'])), before,
    'nothing changed');
  assert.deepEqual((await get('lanhdao.snv', `/api/v1/resources/${r.id}`)).json, r);
});

test('resources: another unit\'s user sees nothing, the operator may not write', async () => {
  const r = await create('/api/v1/resources', resource({ name: 'Dịch vụ giám sát SOC', kind: 'service' }));
  const path = `/api/v1/resources/${r.id}`;
  assertProblem(await get('vanhanh.xa', path), 404);
  assertProblem(await patch('vanhanh.xa', path, { note: 'x' }, r.version), 404);
  assertProblem(await del('vanhanh.xa', path, r.version), 404);
  const xl = await get('vanhanh.xa', '/api/v1/resources?status=all');
  assert.equal(xl.status, 200, xl.text);
  assert.equal(xl.json.items.length, 0);
  assertProblem(await get('vanhanh.xa', `/api/v1/resources?unit_id=${U.SNV}`), 404);

  assertProblem(await post('vanhanh.snv', '/api/v1/resources', resource()), 403);
  assertProblem(await patch('vanhanh.snv', path, { note: 'x' }, r.version), 403);
  assertProblem(await del('vanhanh.snv', path, r.version), 403);
  assert.deepEqual((await get('vanhanh.snv', path)).json, r, 'unchanged');
  // the commune keeps its own, linked to its own system
  const x = await create('/api/v1/resources', resource({ system_id: SYS.xa.id }), 'admin');
  assert.equal(x.unit_id, U.HY, 'the admin\'s own unit');
});

test('resources: expiry and days_left by the local day, the expiring filter, the order', async () => {
  const unit = U['SNV-VP'];
  const mk = (name, expires_on) => create('/api/v1/resources',
    { unit_id: unit, kind: 'licence', name, acquired_on: '2020-01-01', ...(expires_on ? { expires_on } : {}) });
  const past = await mk('E hết hạn hôm qua', day(-1));
  const today = await mk('D hết hạn hôm nay', day(0));
  const soon = await mk('C còn 10 ngày', day(10));
  const edge = await mk('B còn 60 ngày', day(60));
  const later = await mk('A còn 61 ngày', day(61));
  const far = await mk('F còn 1000 ngày', day(1000));
  const none = await mk('G không thời hạn', null);
  const twin = await mk('B còn 60 ngày, thứ hai', day(60));
  const seen = (r) => [r.expiry, r.days_left];
  assert.deepEqual(seen(past), ['expired', -1]);
  assert.deepEqual(seen(today), ['soon', 0], 'not past yet on its last day');
  assert.deepEqual(seen(soon), ['soon', 10]);
  assert.deepEqual(seen(edge), ['soon', 60], 'within 60 days, inclusive');
  assert.deepEqual(seen(later), ['ok', 61]);
  assert.deepEqual(seen(far), ['ok', 1000]);
  assert.deepEqual(seen(none), ['none', null]);

  const list = await listAll(base, `/api/v1/resources?unit_id=${unit}`, as(S['vanhanh.snv']));
  assert.deepEqual(list.map((x) => x.id), [past, today, soon, edge, twin, later, far, none].map((x) => x.id),
    'by expires_on, then name, none last');
  const paged = await listAll(base, `/api/v1/resources?unit_id=${unit}`, as(S['vanhanh.snv']), { limit: 3 });
  assert.deepEqual(paged.map((x) => x.id), list.map((x) => x.id), 'the cursor keeps the order');
  const e30 = await listAll(base, `/api/v1/resources?unit_id=${unit}&expiring=30`, as(S['vanhanh.snv']));
  assert.deepEqual(e30.map((x) => x.id), [past, today, soon].map((x) => x.id), 'within 30 days or expired');
  const e60 = await listAll(base, `/api/v1/resources?unit_id=${unit}&expiring=60&kind=licence`,
    as(S['vanhanh.snv']));
  assert.equal(e60.length, 5);
  const e0 = await listAll(base, `/api/v1/resources?unit_id=${unit}&expiring=0`, as(S['vanhanh.snv']));
  assert.deepEqual(e0.map((x) => x.id), [past.id, today.id]);
  const kind = await listAll(base, `/api/v1/resources?unit_id=${unit}&kind=tool`, as(S['vanhanh.snv']));
  assert.equal(kind.length, 0);
  assertProblem(await get('vanhanh.snv', '/api/v1/resources?kind=car'), 422, { field: 'kind' });
});

// ---------------------------------------------------------------- reminders

test('reminders: once 30 days ahead, once on expiry, again for a new date, none when retired', async () => {
  const EXP = '2031-03-15';
  const r = await create('/api/v1/resources', resource({ name: 'Bản quyền SIEM nhắc hạn', expires_on: EXP }));
  const gone = await create('/api/v1/resources', resource({ name: 'Bản quyền đã thanh lý', expires_on: EXP }));
  const ret = await del('lanhdao.snv', `/api/v1/resources/${gone.id}`, gone.version);
  assert.equal(ret.status, 200, ret.text);
  const outbox = async (name) => (await listAll(base, '/api/v1/outbox?kind=resource.expiring', as(S.admin)))
    .filter((m) => m.subject.includes(name));
  const remind = (at) => {
    const x = srv.cli('calendar', 'remind', '--at', at);
    assert.equal(x.status, 0, x.stderr);
    return x;
  };
  remind('2031-02-12T09:00:00+07:00');
  assert.equal((await outbox(r.name)).length, 0, '31 days ahead: not yet');
  remind('2031-02-13T09:00:00+07:00');
  const ahead = await outbox(r.name);
  assert.deepEqual(ahead.map((m) => m.recipient).sort(),
    ['lanhdao.snv@hungyen.gov.vn', 'vanhanh.snv@hungyen.gov.vn'], 'one each to the unit\'s keepers');
  assert.ok(ahead.every((m) => m.unit_id === U.SNV && m.kind === 'resource.expiring'));
  assert.match(ahead[0].subject, /^\[ungcuu\] Sắp hết hạn: Bản quyền phần mềm "Bản quyền SIEM nhắc hạn" của Sở Nội vụ$/);
  remind('2031-02-20T09:00:00+07:00');
  assert.equal((await outbox(r.name)).length, 2, 'a second run enqueues nothing');
  remind('2031-03-14T23:00:00+07:00');
  assert.equal((await outbox(r.name)).length, 2, 'the day before: nothing more');
  remind('2031-03-15T00:30:00+07:00');
  const all = await outbox(r.name);
  assert.equal(all.length, 4, 'on expiry, one more to each keeper');
  assert.equal(all.filter((m) => m.subject.startsWith('[ungcuu] Hết hạn:')).length, 2);
  remind('2031-04-01T09:00:00+07:00');
  assert.equal((await outbox(r.name)).length, 4, 'once only');
  assert.equal((await outbox('đã thanh lý')).length, 0, 'retired: none');

  // renewed: a new expiry date reminds again
  const cur = (await get('lanhdao.snv', `/api/v1/resources/${r.id}`)).json;
  const renewed = await patch('lanhdao.snv', `/api/v1/resources/${r.id}`, { expires_on: '2032-03-15' }, cur.version);
  assert.equal(renewed.status, 200, renewed.text);
  remind('2032-02-20T09:00:00+07:00');
  assert.equal((await outbox(r.name)).length, 6, 'the new date: ahead again');
});

// ---------------------------------------------------------------- command line

test('the command line: training list, resource list', async () => {
  await create('/api/v1/trainings', session({ topic: 'Phổ biến Nghị định 85/2016' }));
  await create('/api/v1/resources', resource({ name: 'Máy quét lỗ hổng CLI', kind: 'tool', expires_on: day(5) }));
  const t = srv.cli('training', 'list', '--unit', 'SNV');
  assert.equal(t.status, 0, t.stderr);
  assert.match(t.stdout, /Phổ biến Nghị định 85\/2016/);
  const tj = srv.cli('training', 'list', '--unit', String(U.SNV), '--json');
  assert.equal(tj.status, 0, tj.stderr);
  assert.ok(JSON.parse(tj.stdout).some((x) => x.topic === 'Phổ biến Nghị định 85/2016'));
  const r = srv.cli('resource', 'list', '--expiring', '30');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Máy quét lỗ hổng CLI/);
  assert.doesNotMatch(r.stdout, /Bộ công cụ pháp chứng/, 'no expiry: not expiring');
  const xa = srv.cli('resource', 'list', '--json', '--as', 'vanhanh.xa');
  assert.equal(xa.status, 0, xa.stderr);
  assert.equal(JSON.parse(xa.stdout).length, 0, 'another unit\'s user sees none');
  assert.notEqual(srv.cli('resource', 'list', '--expiring', 'soon').status, 0);
});
