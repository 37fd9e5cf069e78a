// Users: sample users, create, validation, password policy, ETag/If-Match,
// roles, disable, own password, CLI.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login, mustLogin, listAll, SAMPLE_USERS, SAMPLE_PASSWORD } from './lib/server.mjs';
import {
  useEngine, assertProblem, as, uniq, SAMPLE_GRANTS, GOOD_PASSWORD,
} from './lib/common.mjs';

const ctx = useEngine();
let srv;
let base;
let admin;
let U; // code -> unit

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const USER_KEYS = ['id', 'login', 'full_name', 'email', 'phone', 'unit_id', 'disabled', 'totp_enabled',
  'roles', 'version', 'created_at', 'updated_at', 'last_login_at'];

before(async () => {
  srv = await startServer(ctx);
  base = srv.base;
  admin = await mustLogin(base, 'admin');
  U = Object.fromEntries((await listAll(base, '/api/v1/units', as(admin))).map((u) => [u.code, u]));
});
after(async () => { if (srv) await srv.stop(); });

const users = () => listAll(base, '/api/v1/users', as(admin));
async function getUser(id) {
  const r = await api(base, 'GET', `/api/v1/users/${id}`, as(admin));
  assert.equal(r.status, 200, r.text);
  return r.json;
}
const lc = () => uniq().toLowerCase();
const createUser = (body, a = admin) => api(base, 'POST', '/api/v1/users', as(a, { body }));
const rolesKey = (roles) => roles.map((r) => `${r.role}@${r.unit_id}`).sort();

function assertUserShape(u) {
  for (const k of USER_KEYS) assert.ok(k in u, `user ${u.login} lacks ${k}`);
  for (const k of Object.keys(u)) assert.doesNotMatch(k, /password|hash|secret/i, `user exposes ${k}`);
  assert.equal(typeof u.disabled, 'boolean');
  assert.equal(typeof u.totp_enabled, 'boolean');
  assert.match(u.created_at, ISO_MS);
}

async function newUser(over = {}) {
  const login = `u.${lc()}`;
  const r = await createUser({
    login, full_name: 'Nguyễn Thị Thử', unit_id: U['SNV-VP'].id, password: GOOD_PASSWORD, ...over,
  });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

test('sample users have the contract\'s roles and home units', async () => {
  const list = await users();
  const byLogin = new Map(list.map((u) => [u.login, u]));
  for (const l of SAMPLE_USERS) {
    const u = byLogin.get(l);
    assert.ok(u, `sample user ${l} missing`);
    assertUserShape(u);
    const want = SAMPLE_GRANTS[l];
    assert.deepEqual(rolesKey(u.roles), rolesKey(want.roles.map(([role, code]) => ({ role, unit_id: U[code].id }))),
      `${l} roles`);
    assert.equal(u.unit_id, U[want.home].id, `${l} home unit`);
    assert.equal(u.disabled, false);
  }
});

test('GET /users/{id}: 200 with ETag; unknown 404', async () => {
  const u = (await users()).find((x) => x.login === 'dieuphoi');
  const r = await api(base, 'GET', `/api/v1/users/${u.id}`, as(admin));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.headers.get('etag'), `"${r.json.version}"`);
  assert.equal(r.json.login, 'dieuphoi');
  assertProblem(await api(base, 'GET', '/api/v1/users/999999', as(admin)), 404, { slug: 'not-found' });
});

test('POST /users: 201, fields, roles, no secrets; the user can log in', async () => {
  const body = {
    login: `tran.thi_b-${lc()}`, full_name: 'Trần Thị Bình', email: 'binh@snv.hungyen.gov.vn',
    phone: '0912 345 678', unit_id: U['SNV-VP'].id, password: GOOD_PASSWORD,
    roles: [{ role: 'operator', unit_id: U['SNV-VP'].id }],
  };
  const r = await createUser(body);
  assert.equal(r.status, 201, r.text);
  assertUserShape(r.json);
  assert.equal(r.json.login, body.login);
  assert.equal(r.json.full_name, body.full_name);
  assert.equal(r.json.email, body.email);
  assert.equal(r.json.phone, body.phone);
  assert.equal(r.json.unit_id, body.unit_id);
  assert.equal(r.json.disabled, false);
  assert.equal(r.json.totp_enabled, false);
  assert.equal(r.json.last_login_at, null);
  assert.deepEqual(rolesKey(r.json.roles), rolesKey(body.roles));
  assert.equal(r.headers.get('etag'), `"${r.json.version}"`);
  assert.ok(!r.text.includes(GOOD_PASSWORD));
  assert.deepEqual(await getUser(r.json.id), r.json);
  const s = await login(base, r.json.login, GOOD_PASSWORD);
  assert.equal(s.status, 201, s.res.text);
  const after0 = await getUser(r.json.id);
  assert.match(after0.last_login_at, ISO_MS);
});

test('a mixed-case login is stored lower-case or refused; never stored as given', async () => {
  const given = `Mixed.Case-${lc()}`;
  const r = await createUser({ login: given, full_name: 'Hoa Thường', unit_id: U.SNV.id, password: GOOD_PASSWORD });
  if (r.status === 201) assert.equal(r.json.login, given.toLowerCase());
  else assertProblem(r, 422, { field: 'login', code: 'format' });
  assert.ok(!(await users()).some((u) => u.login === given));
});

test('POST /users validation: 422 naming the field, nothing created', async () => {
  const base0 = () => ({ login: `v.${lc()}`, full_name: 'Lê Văn Cường', unit_id: U.SNV.id, password: GOOD_PASSWORD });
  const without = (k) => { const b = base0(); delete b[k]; return b; };
  const longLogin = `longlogin.${lc()}`.padEnd(16, 'x');
  const cases = [
    ['missing login', without('login'), 'login', 'required'],
    ['missing full_name', without('full_name'), 'full_name', 'required'],
    ['missing unit_id', without('unit_id'), 'unit_id', 'required'],
    ['missing password', without('password'), 'password', 'required'],
    ['login too short', { ...base0(), login: 'ab' }, 'login', ['too_short', 'format']],
    ['login too long', { ...base0(), login: 'a'.repeat(65) }, 'login', ['too_long', 'format']],
    ['space in login', { ...base0(), login: 'bad login' }, 'login', 'format'],
    ['non-ASCII login', { ...base0(), login: 'ngô.văn' }, 'login', 'format'],
    ['bad email', { ...base0(), email: 'nope' }, 'email', 'format'],
    ['unknown role', { ...base0(), roles: [{ role: 'king', unit_id: U.HY.id }] }, /^roles/, undefined],
    ['role without unit', { ...base0(), roles: [{ role: 'member' }] }, /^roles/, undefined],
    ['short password', { ...base0(), password: 'Abc-123-xyz' }, 'password', ['too_short', 'policy']],
    ['password = login', { ...base0(), login: longLogin, password: longLogin }, 'password', 'policy'],
    ['common password', { ...base0(), password: 'password1234' }, 'password', 'policy'],
  ];
  const before0 = await users();
  for (const [what, body, field, code] of cases) {
    const r = await createUser(body);
    assertProblem(r, 422, { slug: 'validation', field, code, msg: what });
  }
  assert.deepEqual(await users(), before0, 'refused creates must change nothing');
});

test('POST /users: non-existent unit is refused', async () => {
  const before0 = await users();
  const r = await createUser({ login: `x.${lc()}`, full_name: 'Không Đơn Vị', unit_id: 999999, password: GOOD_PASSWORD });
  if (r.status === 422) assertProblem(r, 422, { field: 'unit_id', code: 'not_found' });
  else assertProblem(r, 404, { slug: 'not-found' });
  assert.deepEqual(await users(), before0);
});

test('duplicate login: 409 conflict or 422 duplicate on login', async () => {
  const before0 = await users();
  const r = await createUser({ login: 'dieuphoi', full_name: 'Trùng', unit_id: U.SNV.id, password: GOOD_PASSWORD });
  if (r.status === 409) assertProblem(r, 409, { slug: 'conflict' });
  else assertProblem(r, 422, { field: 'login', code: 'duplicate' });
  // Another case of the same login is a duplicate too, or (no case folding) refused as format.
  const r2 = await createUser({ login: 'DieuPhoi', full_name: 'Trùng', unit_id: U.SNV.id, password: GOOD_PASSWORD });
  if (r2.status === 409) assertProblem(r2, 409, { slug: 'conflict' });
  else assertProblem(r2, 422, { field: 'login', code: ['duplicate', 'format'] });
  assert.deepEqual(await users(), before0);
});

test('PATCH /users/{id}: 428, 412, 200; login and password are not patchable', async () => {
  const u0 = await newUser();
  const path = `/api/v1/users/${u0.id}`;
  assertProblem(await api(base, 'PATCH', path, as(admin, { body: { full_name: 'Mới' } })), 428,
    { slug: 'precondition-required' });
  assertProblem(await api(base, 'PATCH', path, as(admin, { body: { full_name: 'Mới' }, ifMatch: u0.version + 3 })), 412,
    { slug: 'precondition-failed' });
  assert.deepEqual(await getUser(u0.id), u0);
  const r = await api(base, 'PATCH', path, as(admin, {
    ifMatch: u0.version, body: { full_name: 'Phạm Minh Đức', email: 'duc@hungyen.gov.vn', phone: '0900', unit_id: U['SNV-PC'].id },
  }));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.full_name, 'Phạm Minh Đức');
  assert.equal(r.json.email, 'duc@hungyen.gov.vn');
  assert.equal(r.json.phone, '0900');
  assert.equal(r.json.unit_id, U['SNV-PC'].id);
  assert.ok(r.json.version > u0.version);
  assert.equal(r.headers.get('etag'), `"${r.json.version}"`);
  assert.deepEqual(await getUser(u0.id), r.json);
  assertProblem(await api(base, 'PATCH', path, as(admin, { body: { full_name: 'Cũ' }, ifMatch: u0.version })), 412,
    { slug: 'precondition-failed' });
  const cur = r.json;
  for (const [field, v] of [['login', 'renamed'], ['password', GOOD_PASSWORD], ['disabled', true], ['roles', []]]) {
    assertProblem(await api(base, 'PATCH', path, as(admin, { ifMatch: cur.version, body: { [field]: v } })), [400, 422],
      { field, code: 'unknown_field', msg: `PATCH ${field}` });
  }
  assertProblem(await api(base, 'PATCH', path, as(admin, { ifMatch: cur.version, body: { email: 'x' } })), 422,
    { field: 'email', code: 'format' });
  assertProblem(await api(base, 'PATCH', path, as(admin, { ifMatch: cur.version, body: { full_name: '' } })), 422,
    { field: 'full_name' });
  assert.deepEqual(await getUser(u0.id), cur);
});

test('concurrent PATCHes / role changes with the same If-Match: exactly one wins, the rest get 412', async () => {
  for (let round = 0; round < 4; round++) {
    const u0 = await newUser();
    const reqs = Array.from({ length: 8 }, (_, i) => (i % 2
      ? api(base, 'PATCH', `/api/v1/users/${u0.id}`, as(admin, { ifMatch: u0.version, body: { full_name: `Đua ${i}` } }))
      : api(base, 'PUT', `/api/v1/users/${u0.id}/roles`,
        as(admin, { ifMatch: u0.version, body: { roles: [{ role: 'member', unit_id: U.HY.id }] } }))));
    const rs = await Promise.all(reqs);
    const won = rs.filter((r) => r.status === 200);
    assert.equal(won.length, 1, `round ${round}: statuses ${rs.map((r) => r.status).join(',')}`);
    for (const r of rs.filter((x) => x.status !== 200)) assertProblem(r, 412, { slug: 'precondition-failed' });
    assert.equal((await getUser(u0.id)).version, won[0].json.version);
  }
});

test('PUT /users/{id}/roles: If-Match, validation, and the grants take effect', async () => {
  const created = await newUser({ roles: [] });
  assert.deepEqual(created.roles, []);
  const path = `/api/v1/users/${created.id}/roles`;
  const s = await mustLogin(base, created.login, GOOD_PASSWORD);
  const u0 = await getUser(created.id);
  assertProblem(await api(base, 'GET', '/api/v1/audit', as(s)), 403, { slug: 'forbidden' });

  const roles = [{ role: 'auditor', unit_id: U.HY.id }, { role: 'leader', unit_id: U.SNV.id }];
  assertProblem(await api(base, 'PUT', path, as(admin, { body: { roles } })), 428, { slug: 'precondition-required' });
  assertProblem(await api(base, 'PUT', path, as(admin, { body: { roles }, ifMatch: u0.version + 1 })), 412,
    { slug: 'precondition-failed' });
  for (const [what, bad] of [
    ['unknown role', [{ role: 'superuser', unit_id: U.HY.id }]],
    ['missing unit', [{ role: 'auditor' }]],
    ['unit not found', [{ role: 'auditor', unit_id: 999999 }]],
    ['not an array', 'auditor@HY'],
  ]) {
    const r = await api(base, 'PUT', path, as(admin, { body: { roles: bad }, ifMatch: u0.version }));
    assertProblem(r, [400, 404, 422], { msg: what });
    if (r.status !== 404) assertProblem(r, r.status, { field: /^roles/, msg: what });
  }
  assert.deepEqual(await getUser(u0.id), u0, 'refused role changes must change nothing');

  const r = await api(base, 'PUT', path, as(admin, { body: { roles }, ifMatch: u0.version }));
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(rolesKey(r.json.roles), rolesKey(roles));
  assert.ok(r.json.version > u0.version);
  assert.equal(r.headers.get('etag'), `"${r.json.version}"`);
  // The existing session either sees the new grants or was ended by the
  // change (then a new session does); it never keeps the old grants.
  let cur = s;
  let a = await api(base, 'GET', '/api/v1/audit', as(cur));
  if (a.status === 401) {
    cur = await mustLogin(base, u0.login, GOOD_PASSWORD);
    a = await api(base, 'GET', '/api/v1/audit', as(cur));
  }
  assert.equal(a.status, 200, a.text);
  const me = await api(base, 'GET', '/api/v1/me', as(cur));
  assert.deepEqual(rolesKey(me.json.roles), rolesKey(roles));

  // Every role of the contract can be granted.
  const seven = ['operator', 'leader', 'member', 'coordinator', 'steering', 'auditor', 'admin']
    .map((role) => ({ role, unit_id: U['SNV-PC'].id }));
  const r7 = await api(base, 'PUT', path, as(admin, { body: { roles: seven }, ifMatch: r.json.version }));
  assert.equal(r7.status, 200, r7.text);
  assert.deepEqual(rolesKey(r7.json.roles), rolesKey(seven));
  const r2 = await api(base, 'PUT', path, as(admin, { body: { roles: [] }, ifMatch: r7.json.version }));
  assert.equal(r2.status, 200, r2.text);
  assert.deepEqual(r2.json.roles, []);
  for (const p of ['/api/v1/audit', '/api/v1/audit/verify']) {
    const x = await api(base, 'GET', p, as(cur));
    assertProblem(x, [401, 403], { msg: `${p} after the grants were removed` });
  }
  const fresh = await mustLogin(base, u0.login, GOOD_PASSWORD);
  assertProblem(await api(base, 'GET', '/api/v1/audit', as(fresh)), 403, { slug: 'forbidden' });
});

test('disable: 200 disabled; login refused; existing session and tokens stop working', async () => {
  const u0 = await newUser();
  const s = await mustLogin(base, u0.login, GOOD_PASSWORD);
  const tok = await api(base, 'POST', '/api/v1/me/tokens', as(s, { body: { name: 'before-disable' } }));
  assert.equal(tok.status, 201, tok.text);
  const r = await api(base, 'POST', `/api/v1/users/${u0.id}/disable`, as(admin, { ifMatch: u0.version }));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.disabled, true);
  assert.ok(r.json.version > u0.version);
  assert.equal(r.headers.get('etag'), `"${r.json.version}"`);
  assert.equal((await getUser(u0.id)).disabled, true);
  const l = await login(base, u0.login, GOOD_PASSWORD);
  assertProblem(l.res, 401);
  assert.equal(l.cookie, null);
  assertProblem(await api(base, 'GET', '/api/v1/me', as(s)), 401, { slug: 'unauthenticated' });
  assertProblem(await api(base, 'GET', '/api/v1/me', { token: tok.json.token }), 401, { slug: 'unauthenticated' });
});

test('POST /me/password: policy on new_password, wrong current refused, then the new one works', async () => {
  const u0 = await newUser();
  const s = await mustLogin(base, u0.login, GOOD_PASSWORD);
  const NEW = 'Mat-Khau-Moi-2026!';
  const wrong = await api(base, 'POST', '/api/v1/me/password',
    as(s, { body: { current_password: 'Not-The-Current-1!', new_password: NEW } }));
  assertProblem(wrong, [401, 403, 422], { msg: 'wrong current password' });
  for (const [what, np, codes] of [
    ['short', 'Short-1!', ['too_short', 'policy']],
    ['equal to login', u0.login, ['policy', 'too_short']],
    ['common', 'password1234', ['policy']],
  ]) {
    const r = await api(base, 'POST', '/api/v1/me/password',
      as(s, { body: { current_password: GOOD_PASSWORD, new_password: np } }));
    assertProblem(r, 422, { slug: 'validation', field: 'new_password', code: codes, msg: what });
  }
  assert.equal((await login(base, u0.login, GOOD_PASSWORD)).status, 201, 'refused changes keep the old password');
  const ok = await api(base, 'POST', '/api/v1/me/password', as(s, { body: { current_password: GOOD_PASSWORD, new_password: NEW } }));
  assert.equal(ok.status, 204, ok.text);
  assertProblem((await login(base, u0.login, GOOD_PASSWORD)).res, 401, { slug: 'invalid-credentials' });
  assert.equal((await login(base, u0.login, NEW)).status, 201);
});

test('user list pagination', async () => {
  const all = await users();
  const page = await api(base, 'GET', '/api/v1/users?limit=2', as(admin));
  assert.equal(page.status, 200);
  assert.equal(page.json.items.length, 2);
  assert.equal(typeof page.json.next_cursor, 'string');
  const ids = (await listAll(base, '/api/v1/users', as(admin), { limit: 2 })).map((u) => u.id);
  assert.deepEqual(ids, all.map((u) => u.id));
  assert.equal(new Set(ids).size, ids.length);
  for (const bad of ['0', '201', 'x']) {
    assertProblem(await api(base, 'GET', `/api/v1/users?limit=${bad}`, as(admin)), [400, 422], { field: 'limit', msg: bad });
  }
});

test('boundaries: logins of 3 and 64 characters and a 12-character password are accepted', async () => {
  const three = `z${uniq().toLowerCase().slice(-2)}`;
  const sixtyFour = `b.${uniq().toLowerCase()}`.padEnd(64, 'x');
  for (const [name, password] of [[three, 'Kh0ng-Ai-Biet'.slice(0, 12)], [sixtyFour, GOOD_PASSWORD]]) {
    assert.equal(password.length >= 12, true);
    const r = await createUser({ login: name, full_name: 'Biên', unit_id: U.SNV.id, password });
    assert.equal(r.status, 201, `${name}: ${r.text}`);
    assert.equal(r.json.login, name);
    assert.equal((await login(base, name, password)).status, 201);
  }
});

test('CLI: user add / list / role / passwd / disable', async () => {
  const l = `cli.${lc()}`;
  const P1 = 'Cli-Pa55word-One!';
  const P2 = 'Cli-Pa55word-Two!';
  const add = srv.cli('user', 'add', l, '--unit', 'SNV-PC', '--name', 'Hoàng Văn Em', '--email', 'em@hungyen.gov.vn',
    '--role', 'operator@SNV-PC', { env: { UNGCUU_PASSWORD: P1 } });
  assert.equal(add.status, 0, `${add.stdout}\n${add.stderr}`);
  let u = (await users()).find((x) => x.login === l);
  assert.ok(u, 'CLI-added user must exist');
  assert.equal(u.unit_id, U['SNV-PC'].id);
  assert.equal(u.full_name, 'Hoàng Văn Em');
  assert.deepEqual(rolesKey(u.roles), [`operator@${U['SNV-PC'].id}`]);
  assert.equal((await login(base, l, P1)).status, 201);

  const weak = srv.cli('user', 'add', `weak.${lc()}`, '--unit', 'SNV', '--name', 'Yếu', { env: { UNGCUU_PASSWORD: 'password1234' } });
  assert.notEqual(weak.status, 0, 'CLI must apply the password policy');

  const list = srv.cli('user', 'list');
  assert.equal(list.status, 0, list.stderr);
  for (const x of ['admin', 'dieuphoi', l]) assert.ok(list.stdout.includes(x), `user list lacks ${x}`);

  const grant = srv.cli('user', 'role', l, '--grant', 'auditor@HY');
  assert.equal(grant.status, 0, `${grant.stdout}\n${grant.stderr}`);
  u = await getUser(u.id);
  assert.deepEqual(rolesKey(u.roles), rolesKey([{ role: 'operator', unit_id: U['SNV-PC'].id }, { role: 'auditor', unit_id: U.HY.id }]));
  const revoke = srv.cli('user', 'role', l, '--revoke', 'operator@SNV-PC');
  assert.equal(revoke.status, 0, `${revoke.stdout}\n${revoke.stderr}`);
  u = await getUser(u.id);
  assert.deepEqual(rolesKey(u.roles), [`auditor@${U.HY.id}`]);

  const pw = srv.cli('user', 'passwd', l, { env: { UNGCUU_PASSWORD: P2 } });
  assert.equal(pw.status, 0, `${pw.stdout}\n${pw.stderr}`);
  assert.equal((await login(base, l, P1)).status, 401);
  assert.equal((await login(base, l, P2)).status, 201);

  const dis = srv.cli('user', 'disable', l);
  assert.equal(dis.status, 0, `${dis.stdout}\n${dis.stderr}`);
  assert.equal((await getUser(u.id)).disabled, true);
  assert.equal((await login(base, l, P2)).status, 401);
});

test('sample users can log in with UNGCUU_SAMPLE_PASSWORD', async () => {
  const r = await login(base, 'doiungcuu', SAMPLE_PASSWORD);
  assert.equal(r.status, 201, r.res.text);
});
