// Security assessments (docs/internals/assessments.md): /api/v1/assessments
// (kiểm tra, đánh giá an toàn thông tin), the calendar items they fulfil,
// and `ungcuu assessment list`.
//
// Fixture (sample data): vanhanh.snv (operator, SNV) registers a level 3
// system of the Sở Nội vụ and keeps its assessments; lanhdao.snv (leader,
// SNV) too; doiungcuu (member, HY) reads them but may not change them
// (403); vanhanh.xa (operator, XA-NT) sees none of them (404).
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
const LOCAL = 7 * 3600_000;
// today, local (UTC+7)
const TODAY = new Date(Date.now() + LOCAL).toISOString().slice(0, 10);
const YEAR = TODAY.slice(0, 4);

const post = (who, p, body) => api(base, 'POST', p, as(S[who], { body }));
const get = (who, p) => api(base, 'GET', p, as(S[who]));
const patch = (who, p, body, ifMatch) => api(base, 'PATCH', p, as(S[who], { body, ifMatch }));
const del = (who, p, ifMatch) => api(base, 'DELETE', p, as(S[who], { ifMatch }));

const record = (extra = {}) => ({
  kind: 'self',
  title: 'Tự kiểm tra, đánh giá an toàn thông tin năm ' + YEAR,
  held_on: `${YEAR}-01-15`,
  scope: 'Các hệ thống thông tin của Sở',
  findings: { critical: 0, high: 1, medium: 3, low: 5 },
  summary: 'Đã khắc phục các điểm yếu mức cao.',
  reference: 'BC-01/' + YEAR + '/SNV',
  ...extra,
});

async function create(body, who = 'vanhanh.snv') {
  const r = await post(who, '/api/v1/assessments', body);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.headers.get('etag'), `"${r.json.version}"`);
  return r.json;
}

async function system(who, name, unit, criteria) {
  const r = await post(who, '/api/v1/systems', { name, unit_id: unit, criteria });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

async function calendarItem(unit, code, sys, period) {
  const r = await get('vanhanh.snv', `/api/v1/calendar?unit_id=${unit}&from=${YEAR}-01-01&to=${Number(YEAR) + 1}-12-31`);
  assert.equal(r.status, 200, r.text);
  return r.json.items.find((i) => i.obligation === code && i.system_id === (sys ?? null) && i.period === period);
}

const count = async () => (await listAll(base, '/api/v1/assessments', as(S.admin))).length;

before(async () => {
  srv = await startServer(ctx);
  base = srv.base;
  for (const who of ['admin', 'vanhanh.snv', 'lanhdao.snv', 'vanhanh.xa', 'doiungcuu']) {
    S[who] = await mustLogin(base, who);
  }
  for (const u of await listAll(base, '/api/v1/units', as(S.admin))) U[u.code] = u.id;
  SYS.l3 = await system('vanhanh.snv', 'Cổng dịch vụ công Sở Nội vụ', U.SNV, ['N85.9.2c']);
  SYS.l1 = await system('vanhanh.snv', 'Trang thông tin nội bộ Sở Nội vụ', U.SNV, []);
  SYS.old = await system('vanhanh.snv', 'Hệ thống thư điện tử cũ', U.SNV, []);
  SYS.xa = await system('vanhanh.xa', 'Cổng thông tin xã Nghĩa Trụ', U['XA-NT'], []);
  assert.equal(SYS.l3.level.in_force, 3);
  srv.sql(`UPDATE systems SET retired_at = '2026-01-01T00:00:00.000Z' WHERE id = ${SYS.old.id}`);
});
after(async () => { if (srv) await srv.stop(); });

test('create, read, list, patch and delete with If-Match', async () => {
  const a = await create(record());
  assert.equal(a.unit_id, U.SNV, 'the actor\'s unit by default');
  assert.equal(a.unit_name, 'Sở Nội vụ');
  assert.equal(a.system_id, null);
  assert.equal(a.system_name, null);
  assert.equal(a.obligation, '');
  assert.equal(a.kind, 'self');
  assert.equal(a.held_on, `${YEAR}-01-15`);
  assert.equal(a.ends_on, null);
  assert.equal(a.assessor, '');
  assert.deepEqual(a.findings, { critical: 0, high: 1, medium: 3, low: 5 });
  assert.equal(a.reference, 'BC-01/' + YEAR + '/SNV');
  assert.equal(a.version, 1);
  assert.equal(a.created_by, S['vanhanh.snv'].user.id);
  assert.equal(typeof a.created_at, 'string');

  const g = await get('doiungcuu', `/api/v1/assessments/${a.id}`);
  assert.equal(g.status, 200, g.text);
  assert.deepEqual(g.json, a);
  assert.equal(g.headers.get('etag'), `"${a.version}"`);

  const ext = await create(record({
    unit_id: U.SNV, system_id: SYS.l1.id, kind: 'external', title: 'Đánh giá hệ thống trang nội bộ',
    assessor: 'Công ty An ninh mạng được cấp phép', held_on: `${YEAR}-02-10`, ends_on: `${YEAR}-02-12`,
    findings: { high: 2 },
  }), 'lanhdao.snv');
  assert.equal(ext.system_id, SYS.l1.id);
  assert.equal(ext.system_name, 'Trang thông tin nội bộ Sở Nội vụ');
  assert.equal(ext.ends_on, `${YEAR}-02-12`);
  assert.deepEqual(ext.findings, { critical: 0, high: 2, medium: 0, low: 0 }, 'missing counts are 0');

  const u = await patch('vanhanh.snv', `/api/v1/assessments/${ext.id}`,
    { summary: 'Đã khắc phục', ends_on: null, findings: { high: 0, low: 1 } }, ext.version);
  assert.equal(u.status, 200, u.text);
  assert.equal(u.json.summary, 'Đã khắc phục');
  assert.equal(u.json.ends_on, null, 'null clears ends_on');
  assert.deepEqual(u.json.findings, { critical: 0, high: 0, medium: 0, low: 1 });
  assert.equal(u.json.version, ext.version + 1);
  assert.equal(u.json.title, ext.title, 'what the patch leaves out stays');
  assert.equal(u.json.system_id, SYS.l1.id);
  assertProblem(await patch('vanhanh.snv', `/api/v1/assessments/${ext.id}`, { summary: 'x' }, ext.version), 412);
  assertProblem(await patch('vanhanh.snv', `/api/v1/assessments/${ext.id}`, { summary: 'x' }), 428);
  const toUnit = await patch('vanhanh.snv', `/api/v1/assessments/${ext.id}`, { system_id: null }, u.json.version);
  assert.equal(toUnit.status, 200, toUnit.text);
  assert.equal(toUnit.json.system_id, null, 'null: the unit as a whole');

  const list = await get('vanhanh.snv', `/api/v1/assessments?unit_id=${U.SNV}`);
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(list.json.items.map((x) => x.id), [ext.id, a.id], 'newest held_on first');
  assert.equal(list.json.next_cursor, null);
  const win = await get('vanhanh.snv', `/api/v1/assessments?from=${YEAR}-02-01&to=${YEAR}-02-28`);
  assert.deepEqual(win.json.items.map((x) => x.id), [ext.id]);
  const withSys = await create(record({ system_id: SYS.l1.id, held_on: `${YEAR}-01-20` }));
  const bySys = await get('vanhanh.snv', `/api/v1/assessments?system_id=${SYS.l1.id}`);
  assert.deepEqual(bySys.json.items.map((x) => x.id), [withSys.id]);
  assertProblem(await get('vanhanh.snv', '/api/v1/assessments?from=2026-9-1'), 422, { field: 'from' });
  assertProblem(await get('vanhanh.snv', '/api/v1/assessments?system_id=x'), 422, { field: 'system_id' });
  assertProblem(await get('vanhanh.snv', '/api/v1/assessments?cursor=zz'), 422, { field: 'cursor' });

  for (let i = 0; i < 3; i++) await create(record({ title: `Tự kiểm tra đợt ${i}` }));
  const all = await listAll(base, '/api/v1/assessments', as(S['vanhanh.snv']), { limit: 200 });
  const paged = await listAll(base, '/api/v1/assessments', as(S['vanhanh.snv']), { limit: 2 });
  assert.deepEqual(paged.map((x) => x.id), all.map((x) => x.id), 'paging keeps the order');
  assert.equal(all.length, 6);

  assertProblem(await del('vanhanh.snv', `/api/v1/assessments/${withSys.id}`, withSys.version + 1), 412);
  const d = await del('vanhanh.snv', `/api/v1/assessments/${withSys.id}`, withSys.version);
  assert.equal(d.status, 204, d.text);
  assertProblem(await get('vanhanh.snv', `/api/v1/assessments/${withSys.id}`), 404);

  for (const action of ['assessment.create', 'assessment.update', 'assessment.delete']) {
    const log = await get('admin', `/api/v1/audit?action=${action}`);
    assert.equal(log.status, 200, log.text);
    assert.ok(log.json.items.some((e) => e.object_type === 'assessment'), `${action} audited`);
  }
  const upd = await get('admin', '/api/v1/audit?action=assessment.update');
  assert.ok(upd.json.items.some((e) => e.object_id === String(ext.id)));
  const gone = await get('admin', '/api/v1/audit?action=assessment.delete');
  assert.ok(gone.json.items.some((e) => e.object_id === String(withSys.id)));
});

test('bad input: 422 naming the field, nothing written', async () => {
  const before = await count();
  const cases = [
    [{ kind: 'party' }, 'kind'],
    [{ title: '' }, 'title'],
    [{ held_on: '2026-13-01' }, 'held_on'],
    [{ held_on: '15/01/2026' }, 'held_on'],
    [{ ends_on: `${YEAR}-01-14` }, 'ends_on'],
    [{ ends_on: 'soon' }, 'ends_on'],
    [{ kind: 'external' }, 'assessor'],
    [{ kind: 'external', assessor: '' }, 'assessor'],
    [{ findings: { critical: -1 } }, 'findings'],
    [{ findings: { high: 1.5 } }, /^findings/],
    [{ findings: { severe: 1 } }, /^findings/],
    [{ findings: [1, 2] }, /^findings/],
    [{ title: 'x'.repeat(501) }, 'title'],
    [{ summary: 'x'.repeat(20001) }, 'summary'],
    [{ reference: 'a\u0001b' }, 'reference'],
    [{ obligation: 'nope' }, 'obligation'],
    [{ obligation: 'scan', system_id: SYS.l1.id }, 'obligation'],
    [{ obligation: 'drill' }, 'obligation'],
    [{ obligation: 'assess_6m', system_id: SYS.l1.id }, 'system_id'],
    [{ obligation: 'assess_level34' }, 'system_id'],
    [{ system_id: 999999 }, 'system_id'],
    [{ system_id: SYS.xa.id }, 'system_id'],
    [{ system_id: SYS.old.id }, 'system_id'],
    [{ system_id: 'one' }, 'system_id'],
    [{ unit_id: U['XA-NT'] }, 'unit_id'],
    // level 3: a licensed or designated body assesses it (regulation §5)
    [{ obligation: 'assess_level34', system_id: SYS.l3.id, kind: 'self' }, 'kind'],
  ];
  for (const [extra, field] of cases) {
    assertProblem(await post('vanhanh.snv', '/api/v1/assessments', record(extra)), 422,
      { field, msg: JSON.stringify(extra).slice(0, 100) });
  }
  assertProblem(await post('vanhanh.snv', '/api/v1/assessments', record({ colour: 'red' })), [400, 422]);
  assertProblem(await post('vanhanh.snv', '/api/v1/assessments', { title: 'x' }), [400, 422]);
  assert.equal(await count(), before, 'refused requests wrote nothing');

  const a = await create(record({ title: 'Sẽ sửa sai' }));
  const bad = [
    [{ kind: 'external', assessor: '' }, 'assessor'],
    [{ held_on: `${YEAR}-02-30` }, 'held_on'],
    [{ obligation: 'assess_level34' }, 'system_id'],
    [{ unit_id: U['XA-NT'] }, /unit_id/],
  ];
  for (const [extra, field] of bad) {
    const r = await patch('vanhanh.snv', `/api/v1/assessments/${a.id}`, extra, a.version);
    assert.ok([400, 422].includes(r.status), r.text);
    if (r.status === 422) assertProblem(r, 422, { field, msg: JSON.stringify(extra) });
  }
  const same = await get('vanhanh.snv', `/api/v1/assessments/${a.id}`);
  assert.deepEqual(same.json, a, 'refused patches changed nothing');
});

test('scope: another unit sees none (404); a member reads but may not write (403)', async () => {
  const a = await create(record({ title: 'Của Sở Nội vụ' }));
  assertProblem(await get('vanhanh.xa', `/api/v1/assessments/${a.id}`), 404);
  assertProblem(await patch('vanhanh.xa', `/api/v1/assessments/${a.id}`, { summary: 'x' }, a.version), 404);
  assertProblem(await del('vanhanh.xa', `/api/v1/assessments/${a.id}`, a.version), 404);
  const xl = await get('vanhanh.xa', '/api/v1/assessments');
  assert.equal(xl.status, 200, xl.text);
  assert.ok(!xl.json.items.some((x) => x.unit_id === U.SNV), 'none of SNV\'s');
  assertProblem(await get('vanhanh.xa', `/api/v1/assessments?unit_id=${U.SNV}`), 404);

  const m = await get('doiungcuu', `/api/v1/assessments/${a.id}`);
  assert.equal(m.status, 200, m.text);
  assertProblem(await post('doiungcuu', '/api/v1/assessments', record({ unit_id: U.SNV })), 403);
  assertProblem(await patch('doiungcuu', `/api/v1/assessments/${a.id}`, { summary: 'x' }, a.version), 403);
  assertProblem(await del('doiungcuu', `/api/v1/assessments/${a.id}`, a.version), 403);

  // the commune keeps its own
  const x = await create(record({ title: 'Tự kiểm tra của xã' }), 'vanhanh.xa');
  assert.equal(x.unit_id, U['XA-NT']);
  assertProblem(await get('vanhanh.snv', `/api/v1/assessments/${x.id}`), 404);
});

test('an assessment that answers a duty fulfils its calendar item', async () => {
  assert.equal((await calendarItem(U.SNV, 'assess_level34', SYS.l3.id, YEAR)).fulfilment, null);
  const l3 = await create(record({
    obligation: 'assess_level34', system_id: SYS.l3.id, kind: 'external', held_on: TODAY,
    assessor: 'Trung tâm Giám sát an toàn không gian mạng quốc gia', title: 'Kiểm tra, đánh giá hệ thống cấp độ 3',
  }));
  const it = await calendarItem(U.SNV, 'assess_level34', SYS.l3.id, YEAR);
  assert.equal(it.status, 'done');
  assert.deepEqual(it.fulfilment.evidence, { kind: 'assessment', ref: String(l3.id) });

  // a unit duty: the six-month report of this year
  assert.equal((await calendarItem(U.SNV, 'assess_6m', null, YEAR)).fulfilment, null);
  const u6 = await create(record({ obligation: 'assess_6m', held_on: TODAY, title: 'Tự đánh giá 6 tháng' }));
  const six = await calendarItem(U.SNV, 'assess_6m', null, YEAR);
  assert.equal(six.status, 'done');
  assert.deepEqual(six.fulfilment.evidence, { kind: 'assessment', ref: String(u6.id) });

  // done already: a second one leaves the item as it is
  const again = await create(record({ obligation: 'assess_6m', held_on: TODAY, title: 'Lần hai' }));
  assert.ok(again.id > u6.id);
  assert.equal((await calendarItem(U.SNV, 'assess_6m', null, YEAR)).fulfilment.evidence.ref, String(u6.id));

  // planned (held in the future): nothing until it is held
  const next = `${Number(YEAR) + 1}-03-01`;
  const planned = await create(record({ obligation: 'assess_annual', held_on: next, title: 'Kế hoạch' }));
  assert.equal((await calendarItem(U.SNV, 'assess_annual', null, String(Number(YEAR) + 1))).fulfilment, null);
  assert.equal(planned.obligation, 'assess_annual');

  // an ad-hoc assessment (obligation '') fulfils nothing
  await create(record({ held_on: TODAY, title: 'Đột xuất' }));
  assert.equal((await calendarItem(U.SNV, 'assess_annual', null, YEAR)).fulfilment, null);

  const log = await get('admin', '/api/v1/audit?action=calendar.fulfil');
  assert.equal(log.json.items.length, 2, 'two items fulfilled, audited');

  // the evidence of a done item is kept: deleting it is refused
  const cur = await get('vanhanh.snv', `/api/v1/assessments/${u6.id}`);
  assertProblem(await del('vanhanh.snv', `/api/v1/assessments/${u6.id}`, cur.json.version), 409,
    { msg: 'evidence of the calendar' });
  assert.equal((await get('vanhanh.snv', `/api/v1/assessments/${u6.id}`)).status, 200, 'still there');
});

test('the CLI lists the assessments of a unit', () => {
  const r = srv.cli('assessment', 'list', '--unit', 'SNV', '--json');
  assert.equal(r.status, 0, r.stderr);
  const rows = JSON.parse(r.stdout);
  assert.ok(rows.length > 0);
  assert.ok(rows.every((x) => x.unit_id === U.SNV));
  const t = srv.cli('assessment', 'list', '--unit', 'XA-NT');
  assert.equal(t.status, 0, t.stderr);
  assert.match(t.stdout, /Tự kiểm tra của xã/);
  assert.doesNotMatch(t.stdout, /Của Sở Nội vụ/);
  assert.notEqual(srv.cli('assessment', 'list', '--unit', 'NOPE').status, 0);
});
