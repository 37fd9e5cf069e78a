// What the dashboard and the incident list read: counts per status,
// type, severity, priority and unit (GET /api/v1/incidents/count?group=),
// the types of each listed incident, and tasks across incidents
// (GET /api/v1/tasks?assignee=me&open=1).
//
// Fixture (sample data): vanhanh.xa (operator, home and grant XA-NT)
// reports three incidents of the commune, one of them serious and one
// TLP:RED; vanhanh.snv (operator, SNV) reports one of the Sở Nội vụ;
// op2.xa is a second operator of XA-NT. dieuphoi (coordinator over HY)
// sees every incident but the RED one; vanhanh.xa sees only the commune's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, mustLogin, listAll } from './lib/server.mjs';
import { useEngine, assertProblem, as, GOOD_PASSWORD } from './lib/common.mjs';

const ctx = useEngine();
let srv;
let base;
const S = {}; // login -> session
const U = {}; // unit code -> id
const I = {}; // name -> incident
const ME = {}; // login -> user id
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const iso = (ms) => new Date(ms).toISOString();

async function incident(who, unitCode, title, extra = {}) {
  const r = await api(base, 'POST', '/api/v1/incidents', as(S[who], {
    body: {
      title, description: 'Phát hiện truy cập bất thường vào máy chủ cổng thông tin',
      detected_at: iso(Date.now() - 2 * HOUR), unit_id: U[unitCode], ...extra,
    },
  }));
  assert.equal(r.status, 201, `create incident: ${r.text}`);
  return r.json;
}

async function task(who, pid, body) {
  const r = await api(base, 'POST', `/api/v1/incidents/${pid}/tasks`, as(S[who], { body }));
  assert.equal(r.status, 201, `create task: ${r.text}`);
  return r.json;
}

before(async () => {
  srv = await startServer(ctx);
  base = srv.base;
  for (const who of ['admin', 'vanhanh.xa', 'vanhanh.snv', 'dieuphoi']) S[who] = await mustLogin(base, who);
  for (const u of await listAll(base, '/api/v1/units', as(S.admin))) U[u.code] = u.id;
  const r = await api(base, 'POST', '/api/v1/users', as(S.admin, {
    body: {
      login: 'op2.xa', full_name: 'Người dùng hai của xã', unit_id: U['XA-NT'], password: GOOD_PASSWORD,
      roles: [{ role: 'operator', unit_id: U['XA-NT'] }],
    },
  }));
  assert.equal(r.status, 201, r.text);
  S['op2.xa'] = await mustLogin(base, 'op2.xa', GOOD_PASSWORD);
  for (const who of Object.keys(S)) {
    ME[who] = (await api(base, 'GET', '/api/v1/me', as(S[who]))).json.id;
  }
  I.A = await incident('vanhanh.xa', 'XA-NT', 'Tấn công từ chối dịch vụ cổng xã',
    { types: ['TC03', 'TC01'], priority: 'P1' });
  I.B = await incident('vanhanh.xa', 'XA-NT', 'Sự cố hệ thống một cửa điện tử', {
    types: ['TC01'], systems: [{ name: 'Hệ thống một cửa điện tử', level: 4 }],
    harms: ['a'], owner_cannot_handle: true,
  });
  I.R = await incident('vanhanh.xa', 'XA-NT', 'Lộ lọt dữ liệu cán bộ', { tlp: 'RED', types: ['TC05'] });
  I.S = await incident('vanhanh.snv', 'SNV', 'Dò quét cổng dịch vụ công của Sở quanhvung',
    { types: ['TC01'], priority: 'P1' });
  I.OLD = await incident('vanhanh.snv', 'SNV', 'Sự cố tháng trước', {
    types: ['LH01'], detected_at: iso(Date.now() - 40 * DAY),
  });
  assert.equal(I.B.severity, 'serious', 'fixture: B is serious');
});
after(async () => { if (srv) await srv.stop(); });

const get = (who, p) => api(base, 'GET', p, as(S[who]));
async function counted(who, qs) {
  const r = await get(who, `/api/v1/incidents/count?${qs}`);
  assert.equal(r.status, 200, `count ${qs} as ${who}: ${r.text}`);
  assert.equal(typeof r.json.count, 'number');
  return r.json;
}
const listed = (who, qs = '') => listAll(base, `/api/v1/incidents${qs ? `?${qs}` : ''}`, as(S[who]));
/** {key: count} of a grouped count. */
const asMap = (groups) => Object.fromEntries(groups.map((g) => [String(g.key), g.count]));

/** The counts per group computed from the list the user gets. */
function tally(items, pick) {
  const out = {};
  for (const i of items) for (const k of [pick(i)].flat()) out[k] = (out[k] || 0) + 1;
  return out;
}

// ------------------------------------------------------------------ counts

test('count?group= agrees with the list, for the coordinator and a commune user', async () => {
  const pickers = {
    status: (i) => i.status, severity: (i) => i.severity, priority: (i) => i.priority,
    type: (i) => i.types, unit: (i) => String(i.unit_id),
  };
  for (const who of ['dieuphoi', 'vanhanh.xa', 'vanhanh.snv']) {
    const items = await listed(who);
    for (const [group, pick] of Object.entries(pickers)) {
      const c = await counted(who, `group=${group}`);
      assert.equal(c.count, items.length, `${who} ${group}: count = list length`);
      assert.deepEqual(asMap(c.groups), tally(items, pick), `${who} ${group}: groups = list tally`);
      // largest first, then by key
      for (let i = 1; i < c.groups.length; i++) {
        const [a, b] = [c.groups[i - 1], c.groups[i]];
        assert.ok(a.count > b.count || (a.count === b.count && String(a.key) <= String(b.key)) ||
          (typeof a.key === 'number' && a.key < b.key), `${who} ${group}: order ${JSON.stringify(c.groups)}`);
      }
      for (const g of c.groups) assert.deepEqual(Object.keys(g).slice(0, 2), ['key', 'count']);
    }
  }
});

test('count is scoped like the list: a commune user counts only what they may read', async () => {
  const dp = await counted('dieuphoi', 'group=unit');
  const xa = await counted('vanhanh.xa', 'group=unit');
  const dpUnits = asMap(dp.groups);
  const xaUnits = asMap(xa.groups);
  assert.equal(dpUnits[U.SNV], 2, 'the coordinator counts the Sở Nội vụ incidents');
  assert.equal(dpUnits[U['XA-NT']], 2, 'the coordinator counts the commune incidents but the RED one');
  assert.deepEqual(xaUnits, { [U['XA-NT']]: 3 }, 'the commune counts its own three (RED: named, the reporter)');
  const unit = xa.groups[0];
  assert.equal(unit.unit_code, 'XA-NT');
  assert.equal(typeof unit.unit_name, 'string');
  assert.equal(typeof unit.key, 'number');
  // a search for a word of another unit's incident counts nothing for the commune
  assert.equal((await counted('vanhanh.xa', 'q=quanhvung&group=status')).count, 0);
  assert.deepEqual((await counted('vanhanh.xa', 'q=quanhvung&group=status')).groups, []);
  assert.equal((await counted('dieuphoi', 'q=quanhvung&group=status')).count, 1);
  // the administrator holds no incident.read: nothing
  const ad = await counted('admin', 'group=status');
  assert.equal(ad.count, 0);
  assert.deepEqual(ad.groups, []);
});

test('by type, an incident of several types counts once under each', async () => {
  const c = await counted('vanhanh.xa', 'group=type');
  assert.equal(c.count, 3);
  assert.deepEqual(asMap(c.groups), { TC01: 2, TC03: 1, TC05: 1 });
  assert.deepEqual(c.groups[0], { key: 'TC01', count: 2 });
  // the sum of the groups exceeds the count: A has two types
  assert.equal(c.groups.reduce((n, g) => n + g.count, 0), 4);
});

test('count?group= takes every list filter: this month, severity, type, priority', async () => {
  const now = Date.now();
  const from = iso(now - 10 * DAY);
  const to = iso(now + HOUR);
  const month = await counted('dieuphoi', `group=status&from=${from}&to=${to}`);
  const all = await counted('dieuphoi', 'group=status');
  assert.equal(all.count - month.count, 1, 'the incident of 40 days ago is outside');
  assert.equal((await counted('dieuphoi', 'group=severity&severity=serious')).count, 1);
  assert.deepEqual((await counted('dieuphoi', 'group=severity&severity=serious')).groups,
    [{ key: 'serious', count: 1 }]);
  const p1 = await counted('dieuphoi', 'group=unit&priority=P1');
  assert.deepEqual(asMap(p1.groups), { [U['XA-NT']]: 1, [U.SNV]: 1 });
  const t = await counted('dieuphoi', 'group=status&type=TC01');
  assert.equal(t.count, 3);
  // without group: the count alone, as before
  const plain = await get('dieuphoi', '/api/v1/incidents/count');
  assert.deepEqual(Object.keys(plain.json), ['count']);
});

test('count?group= refuses a bad group; the list refuses group', async () => {
  assertProblem(await get('dieuphoi', '/api/v1/incidents/count?group=colour'), 422,
    { field: 'group', code: 'enum' });
  assertProblem(await get('dieuphoi', '/api/v1/incidents/count?group='), 422, { field: 'group' });
  assertProblem(await get('dieuphoi', '/api/v1/incidents?group=status'), 422,
    { field: 'group', code: 'unknown_field' });
  assertProblem(await get('dieuphoi', '/api/v1/incidents/count?group=status&from=yesterday'), 422,
    { field: 'from' });
});

test('list items carry their types, sorted', async () => {
  const items = await listed('vanhanh.xa');
  const a = items.find((i) => i.id === I.A.id);
  assert.deepEqual(a.types, ['TC01', 'TC03']);
  for (const i of items) assert.ok(Array.isArray(i.types), `${i.id}: types`);
  // the same page through the cursor
  const r = await get('vanhanh.xa', '/api/v1/incidents?limit=1&sort=due');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.items.length, 1);
  assert.ok(Array.isArray(r.json.items[0].types));
});

// ------------------------------------------------------------------- tasks

test('tasks?assignee=me: mine by name or by my unit, only where I may read, paged by due', async () => {
  const xa = ME['vanhanh.xa'];
  const t0 = Date.now();
  const mine = [];
  // five named tasks on A, due in an order unlike their creation
  for (const [n, h] of [[1, 30], [2, 10], [3, 50], [4, 20], [5, 40]]) {
    mine.push(await task('vanhanh.xa', I.A.id, {
      title: `Nhiệm vụ số ${n}`, assignee_id: xa, due_at: iso(t0 + h * HOUR),
    }));
  }
  // the unit's task with nobody named: mine too, last (no due time)
  const unitTask = await task('vanhanh.xa', I.B.id, { title: 'Việc của đơn vị xã', unit_id: U['XA-NT'] });
  // a colleague's task in my unit is not mine
  const theirs = await task('vanhanh.xa', I.B.id, {
    title: 'Việc của đồng nghiệp', assignee_id: ME['op2.xa'], unit_id: U['XA-NT'],
  });
  // a task for my unit on an incident I may not read: not shown
  const hidden = await task('dieuphoi', I.S.id, { title: 'Việc giao cho xã ở Sở', unit_id: U['XA-NT'] });
  // done: out of open=1
  const done = await task('vanhanh.xa', I.B.id, { title: 'Việc đã xong', assignee_id: xa, state: 'done' });

  const all = await listAll(base, '/api/v1/tasks?assignee=me&open=1', as(S['vanhanh.xa']), { limit: 2 });
  const byDue = [...mine].sort((a, b) => Date.parse(a.due_at) - Date.parse(b.due_at));
  assert.deepEqual(all.map((t) => t.id), [...byDue.map((t) => t.id), unitTask.id],
    'nearest due first, paged two by two, the task without a due time last');
  const first = all[0];
  assert.equal(first.incident, I.A.id);
  assert.equal(first.incident_title, I.A.title);
  assert.equal(first.state, 'open');
  assert.equal(first.assignee_id, xa);
  for (const t of all) assert.equal(typeof t.incident_title, 'string');
  const ids = new Set(all.map((t) => t.id));
  for (const t of [theirs, hidden, done]) assert.ok(!ids.has(t.id), `not mine: ${t.title}`);

  // without open=1 the done one is back
  const any = await listAll(base, '/api/v1/tasks?assignee=me', as(S['vanhanh.xa']));
  assert.ok(any.some((t) => t.id === done.id));
  // the colleague sees their task and the unit's, not mine
  const other = await listAll(base, '/api/v1/tasks?assignee=me&open=1', as(S['op2.xa']));
  assert.deepEqual(other.map((t) => t.id).sort(), [theirs.id, unitTask.id].sort());
  // the coordinator sees the Sở task through unit_id, and every task of a unit
  const dp = await listAll(base, `/api/v1/tasks?unit_id=${U['XA-NT']}`, as(S.dieuphoi));
  assert.deepEqual(dp.map((t) => t.id).sort(), [unitTask.id, theirs.id, hidden.id].sort());
  // the commune user asking for its unit's tasks still does not see the Sở one
  const xaUnit = await listAll(base, `/api/v1/tasks?unit_id=${U['XA-NT']}`, as(S['vanhanh.xa']));
  assert.deepEqual(xaUnit.map((t) => t.id).sort(), [unitTask.id, theirs.id].sort());
  // the Sở operator: none of the commune's tasks, the one on their incident
  const snv = await listAll(base, '/api/v1/tasks', as(S['vanhanh.snv']));
  assert.deepEqual(snv.map((t) => t.id), [hidden.id]);
  // the administrator reads no incident: nothing
  const ad = await get('admin', '/api/v1/tasks?assignee=me');
  assert.equal(ad.status, 200, ad.text);
  assert.deepEqual(ad.json, { items: [], next_cursor: null });
});

test('tasks: TLP:RED incidents only for the people named on them', async () => {
  const t = await task('vanhanh.xa', I.R.id, { title: 'Việc trên sự cố mật', unit_id: U['XA-NT'] });
  const xa = await listAll(base, '/api/v1/tasks?open=1', as(S['vanhanh.xa']));
  assert.ok(xa.some((x) => x.id === t.id), 'the reporter is named');
  const other = await listAll(base, '/api/v1/tasks?assignee=me', as(S['op2.xa']));
  assert.ok(!other.some((x) => x.id === t.id), 'a colleague not named does not see it');
  const dp = await listAll(base, '/api/v1/tasks', as(S.dieuphoi));
  assert.ok(!dp.some((x) => x.id === t.id), 'the coordinator not named does not see it');
});

test('tasks: bad parameters are refused naming them', async () => {
  const bad = [
    ['assignee=someone', 'assignee', 'enum'],
    ['unit_id=abc', 'unit_id', 'format'],
    ['unit_id=999999', 'unit_id', 'not_found'],
    ['cursor=nonsense', 'cursor', 'format'],
    ['cursor=yesterday~3', 'cursor', 'format'],
    ['limit=0', 'limit', undefined],
    ['colour=red', 'colour', 'unknown_field'],
  ];
  for (const [qs, field, code] of bad) {
    assertProblem(await get('vanhanh.xa', `/api/v1/tasks?${qs}`), [400, 422], { field, code, msg: qs });
  }
});
