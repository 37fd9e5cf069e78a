// Units: sample tree, read, create, validation, ETag/If-Match, move, lists, CLI.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, mustLogin, listAll } from './lib/server.mjs';
import {
  useEngine, assertProblem, as, SAMPLE_UNITS, uniq, indexUnits, assertTreeOrder,
} from './lib/common.mjs';

const ctx = useEngine();
let srv;
let base;
let admin;

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UNIT_KEYS = ['id', 'parent_id', 'code', 'name', 'kind', 'symbol', 'address', 'supervising_name',
  'signer_prefix', 'signer_title', 'signer_name', 'phone', 'email', 'require_totp', 'depth', 'version',
  'created_at', 'updated_at'];

before(async () => {
  srv = await startServer(ctx);
  base = srv.base;
  admin = await mustLogin(base, 'admin');
});
after(async () => { if (srv) await srv.stop(); });

const units = () => listAll(base, '/api/v1/units', as(admin));
async function unitByCode(code) {
  const u = (await units()).find((x) => x.code === code);
  assert.ok(u, `unit ${code} must exist`);
  return u;
}
async function getUnit(id) {
  const r = await api(base, 'GET', `/api/v1/units/${id}`, as(admin));
  assert.equal(r.status, 200, r.text);
  return r.json;
}
async function create(body, extra = {}) {
  return api(base, 'POST', '/api/v1/units', as(admin, { body, ...extra }));
}
function etagOf(r) { return r.headers.get('etag'); }

function assertUnitShape(u) {
  for (const k of UNIT_KEYS) assert.ok(k in u, `unit ${u.code} lacks ${k}`);
  assert.equal(typeof u.id, 'number');
  assert.equal(typeof u.version, 'number');
  assert.equal(typeof u.require_totp, 'boolean');
  assert.match(u.created_at, ISO_MS);
  assert.match(u.updated_at, ISO_MS);
}

test('sample tree matches the contract, in tree order', async () => {
  const items = await units();
  assert.deepEqual(items.map((u) => u.code).sort(), SAMPLE_UNITS.map((u) => u.code).sort());
  const { byId, byCode } = indexUnits(items);
  for (const want of SAMPLE_UNITS) {
    const u = byCode.get(want.code);
    assertUnitShape(u);
    assert.equal(u.name, want.name, `${want.code} name`);
    assert.equal(u.kind, want.kind, `${want.code} kind`);
    assert.equal(u.symbol, want.symbol, `${want.code} symbol`);
    if (want.parent === null) {
      assert.equal(u.parent_id, null, `${want.code} is a root`);
    } else {
      assert.equal(byId.get(u.parent_id)?.code, want.parent, `${want.code} parent`);
      assert.equal(u.depth, byId.get(u.parent_id).depth + 1, `${want.code} depth`);
    }
  }
  assertTreeOrder(items);
  assert.equal(items[0].code, 'HY', 'the root comes first');
});

test('GET /units/{id}: 200 with ETag "<version>"; unknown id 404', async () => {
  const snv = await unitByCode('SNV');
  const r = await api(base, 'GET', `/api/v1/units/${snv.id}`, as(admin));
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, snv);
  assert.equal(etagOf(r), `"${r.json.version}"`);
  assertProblem(await api(base, 'GET', '/api/v1/units/999999', as(admin)), 404, { slug: 'not-found' });
  assertProblem(await api(base, 'GET', '/api/v1/units/abc', as(admin)), [400, 404]);
});

test('POST /units creates a child: 201, ETag, fields, depth, listed under its parent', async () => {
  const snv = await unitByCode('SNV');
  const code = `T-${uniq()}`;
  const body = {
    parent_id: snv.id, code, name: 'Phòng Thử nghiệm Đặc biệt', kind: 'office', symbol: 'ĐTN',
    address: 'Số 1, đường Chùa Chuông', phone: '0221 3863 100', email: 'tn@snv.hungyen.gov.vn',
    signer_prefix: 'TL.', signer_title: 'Trưởng phòng', signer_name: 'Nguyễn Văn Á',
    supervising_name: 'Sở Nội vụ', require_totp: false,
  };
  const r = await create(body);
  assert.equal(r.status, 201, r.text);
  assertUnitShape(r.json);
  for (const [k, v] of Object.entries(body)) assert.deepEqual(r.json[k], v, `created ${k}`);
  assert.equal(r.json.depth, snv.depth + 1);
  assert.equal(etagOf(r), `"${r.json.version}"`);
  assert.deepEqual(await getUnit(r.json.id), r.json);
  const items = await units();
  assertTreeOrder(items);
  assert.ok(items.some((u) => u.id === r.json.id));
});

test('POST /units validation: 422 naming the field, nothing created', async () => {
  const snv = await unitByCode('SNV');
  const ok = (over) => ({ parent_id: snv.id, code: `V-${uniq()}`, name: 'Tên hợp lệ', kind: 'office', ...over });
  const cases = [
    ['missing parent_id', (() => { const b = ok({}); delete b.parent_id; return b; })(), 'parent_id', 'required'],
    ['missing code', (() => { const b = ok({}); delete b.code; return b; })(), 'code', 'required'],
    ['missing name', (() => { const b = ok({}); delete b.name; return b; })(), 'name', 'required'],
    ['empty name', ok({ name: '' }), 'name', ['required', 'too_short']],
    ['lower-case code', ok({ code: 'abc-1' }), 'code', 'format'],
    ['one-char code', ok({ code: 'A' }), 'code', ['too_short', 'format']],
    ['33-char code', ok({ code: 'A'.repeat(33) }), 'code', ['too_long', 'format']],
    ['underscore in code', ok({ code: 'A_B' }), 'code', 'format'],
    ['Vietnamese letter in code', ok({ code: 'ĐA' }), 'code', 'format'],
    ['unknown kind', ok({ kind: 'city' }), 'kind', ['format', 'range']],
    ['lower-case symbol', ok({ symbol: 'abc' }), 'symbol', 'format'],
    ['17-char symbol', ok({ symbol: 'A'.repeat(17) }), 'symbol', ['too_long', 'format']],
    ['space in symbol', ok({ symbol: 'A B' }), 'symbol', 'format'],
    ['bad email', ok({ email: 'not-an-email' }), 'email', 'format'],
  ];
  const before0 = await units();
  for (const [what, body, field, code] of cases) {
    const r = await create(body);
    assertProblem(r, 422, { slug: 'validation', field, code, msg: what });
  }
  assert.deepEqual(await units(), before0, 'refused creates must change nothing');
});

test('POST /units: wrong types are refused naming the field', async () => {
  const snv = await unitByCode('SNV');
  const before0 = await units();
  const cases = [
    ['name', { name: 42 }], ['require_totp', { require_totp: 'yes' }], ['parent_id', { parent_id: 'x' }],
    ['code', { code: ['A1'] }],
  ];
  for (const [field, over] of cases) {
    const body = { parent_id: snv.id, code: `W-${uniq()}`, name: 'Tên', kind: 'office', ...over };
    const r = await create(body);
    assertProblem(r, [400, 422], { field, code: 'type', msg: field });
  }
  assert.deepEqual(await units(), before0);
});

test('POST /units: a non-existent parent is refused, nothing created', async () => {
  const before0 = await units();
  const r = await create({ parent_id: 999999, code: `N-${uniq()}`, name: 'Mồ côi', kind: 'office' });
  if (r.status === 422) assertProblem(r, 422, { field: 'parent_id', code: 'not_found' });
  else assertProblem(r, 404, { slug: 'not-found' });
  assert.deepEqual(await units(), before0);
});

test('symbol allows Vietnamese upper-case letters (Đ Ă Â Ê Ô Ơ Ư), digits and -', async () => {
  const snv = await unitByCode('SNV');
  const r = await create({ parent_id: snv.id, code: `S-${uniq()}`, name: 'Ban Chỉ đạo', kind: 'office', symbol: 'BCĐ-ĂÂÊÔƠƯ1' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.symbol, 'BCĐ-ĂÂÊÔƠƯ1');
});

test('symbol allows Vietnamese upper-case letters with tone marks (ĐỘI, ỨC)', async () => {
  const snv = await unitByCode('SNV');
  const r = await create({ parent_id: snv.id, code: `S-${uniq()}`, name: 'Đội Ứng cứu', kind: 'office', symbol: 'ĐỘI-ỨC1' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.symbol, 'ĐỘI-ỨC1');
});

test('boundaries: every kind; code of 2 and 32; symbol of 16 are accepted', async () => {
  const snv = await unitByCode('SNV');
  for (const kind of ['province', 'department', 'agency', 'commune', 'office']) {
    const r = await create({ parent_id: snv.id, code: `K-${uniq()}`, name: `Loại ${kind}`, kind });
    assert.equal(r.status, 201, `kind ${kind}: ${r.text}`);
    assert.equal(r.json.kind, kind);
  }
  const two = `Q${uniq().slice(-1)}`;
  const r2 = await create({ parent_id: snv.id, code: two, name: 'Hai ký tự', kind: 'office' });
  assert.equal(r2.status, 201, `code ${two}: ${r2.text}`);
  const long = `L-${uniq()}`.padEnd(32, '9').slice(0, 32);
  const r32 = await create({ parent_id: snv.id, code: long, name: 'Ba mươi hai', kind: 'office', symbol: 'ĐA'.padEnd(16, 'B') });
  assert.equal(r32.status, 201, `code ${long}: ${r32.text}`);
  assert.equal(r32.json.code, long);
  assert.equal(r32.json.symbol, 'ĐA'.padEnd(16, 'B'));
});

test('duplicate code: 409 conflict or 422 duplicate on code', async () => {
  const snv = await unitByCode('SNV');
  const before0 = await units();
  const r = await create({ parent_id: snv.id, code: 'SNV-VP', name: 'Trùng mã', kind: 'office' });
  if (r.status === 409) assertProblem(r, 409, { slug: 'conflict' });
  else assertProblem(r, 422, { field: 'code', code: 'duplicate' });
  assert.deepEqual(await units(), before0);
});

test('PATCH: 428 without If-Match, 412 with a stale one, 200 with the current one', async () => {
  const snv = await unitByCode('SNV');
  const c = await create({ parent_id: snv.id, code: `P-${uniq()}`, name: 'Trước', kind: 'office' });
  assert.equal(c.status, 201, c.text);
  const u0 = c.json;
  const path = `/api/v1/units/${u0.id}`;

  assertProblem(await api(base, 'PATCH', path, as(admin, { body: { name: 'Sau' } })), 428,
    { slug: 'precondition-required' });
  assertProblem(await api(base, 'PATCH', path, as(admin, { body: { name: 'Sau' }, ifMatch: u0.version + 7 })), 412,
    { slug: 'precondition-failed' });
  assert.deepEqual(await getUnit(u0.id), u0, 'refused PATCH must change nothing');

  const r = await api(base, 'PATCH', path, as(admin, {
    ifMatch: u0.version, body: { name: 'Sau', kind: 'agency', phone: '0221 000 111', require_totp: true },
  }));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.name, 'Sau');
  assert.equal(r.json.kind, 'agency');
  assert.equal(r.json.phone, '0221 000 111');
  assert.equal(r.json.require_totp, true);
  assert.equal(r.json.code, u0.code);
  assert.ok(r.json.version > u0.version, 'version must grow');
  assert.equal(etagOf(r), `"${r.json.version}"`);
  assert.ok(r.json.updated_at >= u0.updated_at);
  assert.equal(r.json.created_at, u0.created_at);
  assert.deepEqual(await getUnit(u0.id), r.json);

  // The old ETag is now stale.
  assertProblem(await api(base, 'PATCH', path, as(admin, { body: { name: 'Lại' }, ifMatch: u0.version })), 412,
    { slug: 'precondition-failed' });

  // Invalid values and fields that PATCH does not take.
  const cur = await getUnit(u0.id);
  assertProblem(await api(base, 'PATCH', path, as(admin, { ifMatch: cur.version, body: { kind: 'planet' } })), 422,
    { field: 'kind' });
  assertProblem(await api(base, 'PATCH', path, as(admin, { ifMatch: cur.version, body: { symbol: 'bad sym' } })), 422,
    { field: 'symbol' });
  for (const field of ['code', 'parent_id', 'depth', 'id']) {
    const body = { [field]: field === 'code' ? 'NEWCODE' : 1 };
    assertProblem(await api(base, 'PATCH', path, as(admin, { ifMatch: cur.version, body })), [400, 422],
      { field, code: 'unknown_field', msg: `PATCH ${field}` });
  }
  assert.deepEqual(await getUnit(u0.id), cur, 'refused PATCHes must change nothing');
});

test('move: subtree depth follows; under itself or a descendant refused; If-Match needed', async () => {
  const snv = await unitByCode('SNV');
  const xapc = await unitByCode('XA-PC');
  const mk = async (parent, code) => {
    const r = await create({ parent_id: parent, code, name: `Đơn vị ${code}`, kind: 'office' });
    assert.equal(r.status, 201, r.text);
    return r.json;
  };
  const a = await mk(snv.id, `MA-${uniq()}`);
  const b = await mk(a.id, `MB-${uniq()}`);
  const c = await mk(b.id, `MC-${uniq()}`);
  assert.deepEqual([a.depth, b.depth, c.depth], [snv.depth + 1, snv.depth + 2, snv.depth + 3]);
  const mv = (u, parent, ifMatch) => api(base, 'POST', `/api/v1/units/${u.id}/move`,
    as(admin, { body: { parent_id: parent }, ifMatch }));

  assertProblem(await mv(a, xapc.id), 428, { slug: 'precondition-required' });
  assertProblem(await mv(a, xapc.id, a.version + 5), 412, { slug: 'precondition-failed' });

  const snapshot = await units();
  for (const [what, target] of [['itself', a.id], ['its child', b.id], ['its grandchild', c.id]]) {
    const r = await mv(a, target, a.version);
    assertProblem(r, [409, 422], { msg: `move under ${what}` });
    if (r.status === 422) assertProblem(r, 422, { field: 'parent_id' });
  }
  const hy = await unitByCode('HY');
  const r0 = await mv(hy, snv.id, hy.version);
  assertProblem(r0, [409, 422], { msg: 'move the root under its descendant' });
  const rn = await mv(a, 999999, a.version);
  if (rn.status === 422) assertProblem(rn, 422, { field: 'parent_id', code: 'not_found' });
  else assertProblem(rn, 404, { slug: 'not-found' });
  assert.deepEqual(await units(), snapshot, 'refused moves must change nothing');

  const r = await mv(a, xapc.id, a.version);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.parent_id, xapc.id);
  assert.equal(r.json.depth, xapc.depth + 1);
  assert.ok(r.json.version > a.version);
  assert.equal(etagOf(r), `"${r.json.version}"`);
  assert.equal((await getUnit(b.id)).depth, xapc.depth + 2, 'child depth follows the move');
  assert.equal((await getUnit(c.id)).depth, xapc.depth + 3, 'grandchild depth follows the move');
  const items = await units();
  assertTreeOrder(items);
  const { byId } = indexUnits(items);
  assert.equal(byId.get(c.id).parent_id, b.id);

  // Moving the subtree into one of its former siblings' positions and back works too.
  const back = await mv(r.json, snv.id, r.json.version);
  assert.equal(back.status, 200, back.text);
  assert.equal((await getUnit(c.id)).depth, snv.depth + 3);
});

test('list pagination: limit and cursor walk the same tree order without repeats', async () => {
  const all = (await api(base, 'GET', '/api/v1/units?limit=200', as(admin))).json.items;
  const seen = [];
  let cursor = null;
  for (let i = 0; i < 100; i++) {
    const q = `/api/v1/units?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const r = await api(base, 'GET', q, as(admin));
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.items.length <= 3);
    seen.push(...r.json.items.map((u) => u.id));
    cursor = r.json.next_cursor;
    if (cursor === null) break;
    assert.equal(r.json.items.length, 3, 'only the last page may be short');
  }
  assert.deepEqual(seen, all.map((u) => u.id));
  const dflt = await api(base, 'GET', '/api/v1/units', as(admin));
  assert.ok(dflt.json.items.length <= 50);
  assert.ok('next_cursor' in dflt.json);
  for (const bad of ['0', '201', 'abc', '-1']) {
    assertProblem(await api(base, 'GET', `/api/v1/units?limit=${bad}`, as(admin)), [400, 422],
      { field: 'limit', msg: `limit=${bad}` });
  }
});

test('Idempotency-Key: same key and body give the same reply and one unit', async () => {
  const snv = await unitByCode('SNV');
  const code = `I-${uniq()}`;
  const body = { parent_id: snv.id, code, name: 'Một lần', kind: 'office' };
  const key = `k-${uniq()}`;
  const r1 = await create(body, { headers: { 'idempotency-key': key } });
  assert.equal(r1.status, 201, r1.text);
  const r2 = await create(body, { headers: { 'idempotency-key': key } });
  assert.equal(r2.status, 201, r2.text);
  assert.deepEqual(r2.json, r1.json);
  assert.equal((await units()).filter((u) => u.code === code).length, 1);
});

test('Idempotency-Key: the same key and body sent at once still give one unit and the same reply', async () => {
  const snv = await unitByCode('SNV');
  for (let round = 0; round < 8; round++) {
    const code = `IP-${uniq()}`;
    const body = { parent_id: snv.id, code, name: 'Gửi lại', kind: 'office' };
    const key = `kp-${uniq()}`;
    const rs = await Promise.all([0, 1, 2, 3, 4, 5].map(() => create(body, { headers: { 'idempotency-key': key } })));
    assert.equal((await units()).filter((u) => u.code === code).length, 1, `round ${round}: one unit`);
    const first = rs.find((r) => r.status === 201);
    assert.ok(first, `round ${round}: no 201 among ${rs.map((r) => r.status).join(',')}`);
    for (const r of rs) {
      assert.equal(r.status, 201, `round ${round}: same key and body must give the same reply: ${rs.map((x) => x.status).join(',')} ${r.text}`);
      assert.deepEqual(r.json, first.json);
    }
  }
});

test('Idempotency-Key is per user: another user with the same key does not get the first reply', async () => {
  const snv = await unitByCode('SNV');
  const q = await mustLogin(base, 'quantri.snv');
  const key = `shared-${uniq()}`;
  const body = { parent_id: snv.id, code: `IK-${uniq()}`, name: 'Khóa chung', kind: 'office' };
  const r1 = await create(body, { headers: { 'idempotency-key': key } });
  assert.equal(r1.status, 201, r1.text);
  const r2 = await api(base, 'POST', '/api/v1/units', as(q, { body, headers: { 'idempotency-key': key } }));
  assert.ok(!(r2.status === 201 && r2.json && r2.json.id === r1.json.id),
    'a second user must not receive the first user\'s stored reply');
  if (r2.status === 409) assertProblem(r2, 409, { slug: 'conflict' });
  else assertProblem(r2, 422, { field: 'code', code: 'duplicate' });
});

test('CLI: unit add / list / move', async () => {
  const code = `CLI-${uniq()}`;
  const add = srv.cli('unit', 'add', code, '--parent', 'SNV', '--name', 'Phòng Điều hành CLI', '--kind', 'office', '--symbol', 'ĐH');
  assert.equal(add.status, 0, `${add.stdout}\n${add.stderr}`);
  const u = await unitByCode(code);
  const snv = await unitByCode('SNV');
  assert.equal(u.parent_id, snv.id);
  assert.equal(u.name, 'Phòng Điều hành CLI');
  assert.equal(u.kind, 'office');
  assert.equal(u.symbol, 'ĐH');

  const list = srv.cli('unit', 'list');
  assert.equal(list.status, 0, list.stderr);
  for (const c of ['HY', 'SNV-VP', code]) assert.ok(list.stdout.includes(c), `unit list lacks ${c}`);

  const move = srv.cli('unit', 'move', code, '--parent', 'XA-NT');
  assert.equal(move.status, 0, `${move.stdout}\n${move.stderr}`);
  const moved = await unitByCode(code);
  assert.equal(moved.parent_id, (await unitByCode('XA-NT')).id);

  const loop = srv.cli('unit', 'move', 'SNV', '--parent', 'SNV-VP');
  assert.notEqual(loop.status, 0, 'CLI must refuse moving a unit under its descendant');
  assert.equal((await unitByCode('SNV')).parent_id, (await unitByCode('HY')).id);

  const bad = srv.cli('unit', 'add', 'lower', '--parent', 'SNV', '--name', 'x', '--kind', 'office');
  assert.notEqual(bad.status, 0, 'CLI must refuse an invalid code');
  assert.ok(!(await units()).some((x) => x.code === 'lower' || x.code === 'LOWER'));
});

// ------------------------------------------------------------ races

test('concurrent PATCHes with the same If-Match: exactly one wins, the rest get 412', async () => {
  const snv = await unitByCode('SNV');
  for (let round = 0; round < 5; round++) {
    const c = await create({ parent_id: snv.id, code: `RC-${uniq()}`, name: 'Đua', kind: 'office' });
    assert.equal(c.status, 201, c.text);
    const u0 = c.json;
    const rs = await Promise.all(Array.from({ length: 8 }, (_, i) => api(base, 'PATCH', `/api/v1/units/${u0.id}`,
      as(admin, { ifMatch: u0.version, body: { name: `Đua ${i}` } }))));
    const won = rs.filter((r) => r.status === 200);
    assert.equal(won.length, 1, `round ${round}: statuses ${rs.map((r) => r.status).join(',')}`);
    for (const r of rs.filter((x) => x.status !== 200)) assertProblem(r, 412, { slug: 'precondition-failed' });
    const now = await getUnit(u0.id);
    assert.equal(now.name, won[0].json.name);
    assert.equal(now.version, won[0].json.version);
  }
});

test('concurrent creates with one code: exactly one 201, the rest 409/422, no 5xx', async () => {
  const snv = await unitByCode('SNV');
  const code = `DUP-${uniq()}`;
  const rs = await Promise.all(Array.from({ length: 8 }, () => create({ parent_id: snv.id, code, name: 'Trùng', kind: 'office' })));
  assert.equal(rs.filter((r) => r.status === 201).length, 1, `statuses: ${rs.map((r) => r.status).join(',')}`);
  for (const r of rs.filter((x) => x.status !== 201)) {
    if (r.status === 409) assertProblem(r, 409, { slug: 'conflict' });
    else assertProblem(r, 422, { field: 'code', code: 'duplicate' });
  }
  assert.equal((await units()).filter((u) => u.code === code).length, 1);
});

test('concurrent crossing moves (A under B, B under A) never make a cycle', async () => {
  const snv = await unitByCode('SNV');
  for (let round = 0; round < 6; round++) {
    const a = (await create({ parent_id: snv.id, code: `XA${round}-${uniq()}`, name: 'A', kind: 'office' })).json;
    const b = (await create({ parent_id: snv.id, code: `XB${round}-${uniq()}`, name: 'B', kind: 'office' })).json;
    const [ra, rb] = await Promise.all([
      api(base, 'POST', `/api/v1/units/${a.id}/move`, as(admin, { ifMatch: a.version, body: { parent_id: b.id } })),
      api(base, 'POST', `/api/v1/units/${b.id}/move`, as(admin, { ifMatch: b.version, body: { parent_id: a.id } })),
    ]);
    for (const r of [ra, rb]) assert.ok(r.status < 500, `round ${round}: ${r.status} ${r.text}`);
    assert.ok(!(ra.status === 200 && rb.status === 200), `round ${round}: both crossing moves succeeded`);
    const items = await units();
    const { byId } = indexUnits(items);
    for (const u of items) {
      // Walking up from every unit must reach the root without revisiting.
      const seen = new Set();
      for (let cur = u; cur && cur.parent_id !== null; cur = byId.get(cur.parent_id)) {
        assert.ok(!seen.has(cur.id), `round ${round}: cycle through ${cur.code}`);
        seen.add(cur.id);
      }
    }
    const ga = await getUnit(a.id);
    const gb = await getUnit(b.id);
    assert.ok(!(ga.parent_id === b.id && gb.parent_id === a.id), `round ${round}: A and B are each other's parent`);
    assertTreeOrder(items);
  }
});
