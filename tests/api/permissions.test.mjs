// Permission matrix: every route x every sample user (and anonymous) x a
// target inside / outside the user's scope / missing, with the status the
// contract's permission table gives:
//   allowed                      -> 2xx
//   target out of scope/missing  -> 404 (existence does not leak)
//   in scope, not allowed        -> 403
//   no credentials               -> 401
// Objects referenced from the body (POST /units parent_id, POST /users
// unit_id) that are out of scope must be answered exactly like ids that do
// not exist (404, or 422 with code not_found on that field).
// A refused write must change nothing: the full unit and user lists, as the
// admin sees them, are compared before and after.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login, mustLogin, listAll, passwordOf, SAMPLE_USERS } from './lib/server.mjs';
import { totp } from './lib/totp.mjs';
import {
  useEngine, assertProblem, as, uniq, SAMPLE_UNITS, SAMPLE_GRANTS, PERMISSIONS, GOOD_PASSWORD,
  indexUnits, isUnder, assertTreeOrder,
} from './lib/common.mjs';

const ctx = useEngine();
let srv;
let base;
const S = {}; // login -> session
const PW = {}; // login -> current password
const RC = {}; // login -> unused recovery codes, once TOTP is on

/** A new session for a sample user (with a recovery code once TOTP is on). */
async function relogin(actor) {
  const extra = RC[actor] ? { recovery_code: RC[actor].pop() } : {};
  const r = await login(base, actor, PW[actor], extra);
  assert.equal(r.status, 201, `login ${actor}: ${r.res.text}`);
  return { cookie: r.cookie, csrf: r.csrf, user: r.body.user, login: actor };
}
let U; // code -> unit (admin view at start)
const FX = {}; // fixture users: home code -> user
const MISSING = 999999;

// ------------------------------------------------------------ the model

const PARENT = Object.fromEntries(SAMPLE_UNITS.map((u) => [u.code, u.parent]));
function underCode(code, anc) {
  for (let c = code; c; c = PARENT[c]) if (c === anc) return true;
  return false;
}
const grantsOf = (actor) => SAMPLE_GRANTS[actor].roles;
const inScope = (actor, code) => grantsOf(actor).some(([, g]) => underCode(code, g));
const allows = (actor, perm, code) => grantsOf(actor)
  .some(([role, g]) => PERMISSIONS[perm].includes(role) && underCode(code, g));
const allowsAnywhere = (actor, perm) => grantsOf(actor).some(([role]) => PERMISSIONS[perm].includes(role));

const ACTORS = [...SAMPLE_USERS, 'anonymous'];

/** The targets tried for an actor: in scope, out of scope (if any unit is), missing. */
function targetsFor(actor) {
  if (actor === 'anonymous') return [{ label: 'in', code: 'SNV-PC' }];
  const inCode = inScope(actor, 'SNV-PC') ? 'SNV-PC' : 'XA-NT';
  let outCode = null;
  if (!inScope(actor, 'XA-NT')) outCode = 'XA-NT';
  else if (!inScope(actor, 'SNV-PC')) outCode = 'SNV-PC';
  return [{ label: 'in', code: inCode }, ...(outCode ? [{ label: 'out', code: outCode }] : []), { label: 'missing', code: null }];
}

/*
 * Routes.  kind:
 *   unit   - path names a unit            user - path names a user (scope = home unit)
 *   parent - body names the parent unit    home - body names the new user's unit
 *   global - no object (scope-free)        self - the actor's own things
 *   root   - no object, needs the permission over the root unit
 */
const ROUTES = [
  { id: 'GET /units/{id}', kind: 'unit', perm: 'unit.read', ok: 200 },
  { id: 'POST /units', kind: 'parent', perm: 'unit.write', ok: 201, write: true, refField: 'parent_id' },
  { id: 'PATCH /units/{id}', kind: 'unit', perm: 'unit.write', ok: 200, write: true },
  { id: 'POST /units/{id}/move', kind: 'unit', perm: 'unit.write', ok: 200, write: true },
  { id: 'GET /users/{id}', kind: 'user', perm: 'user.read', ok: 200 },
  { id: 'POST /users', kind: 'home', perm: 'user.write', ok: 201, write: true, refField: 'unit_id' },
  { id: 'PATCH /users/{id}', kind: 'user', perm: 'user.write', ok: 200, write: true },
  { id: 'POST /users/{id}/disable', kind: 'user', perm: 'user.write', ok: 200, write: true },
  { id: 'PUT /users/{id}/roles', kind: 'user', perm: 'user.write', ok: 200, write: true },
  { id: 'GET /units', kind: 'global', perm: 'unit.read', ok: 200 },
  { id: 'GET /users', kind: 'global', perm: 'user.read', ok: 200 },
  { id: 'GET /audit', kind: 'global', perm: 'audit.read', ok: 200 },
  // Verify covers the whole chain, so (no leaking of out-of-scope entries) it
  // needs audit.read over the root unit.
  { id: 'GET /audit/verify', kind: 'root', perm: 'audit.read', ok: 200 },
  { id: 'GET /me', kind: 'self', ok: 200 },
  { id: 'GET /me/tokens', kind: 'self', ok: 200 },
  { id: 'POST /me/tokens', kind: 'self', ok: 201, write: true },
  { id: 'DELETE /me/tokens/{id}', kind: 'self', ok: 204, write: true },
  { id: 'POST /me/totp', kind: 'self', ok: 201, write: true },
  { id: 'POST /me/totp/confirm', kind: 'self', ok: 200, write: true },
  { id: 'DELETE /session', kind: 'self', ok: 204, write: true },
  { id: 'POST /me/password', kind: 'self', ok: 204, write: true },
];

/** Expected outcome: {status} or {notFoundLike: true}. */
function expected(actor, route, t) {
  if (actor === 'anonymous') return { status: 401 };
  switch (route.kind) {
    case 'self': return { status: route.ok };
    case 'global': return { status: allowsAnywhere(actor, route.perm) ? route.ok : 403 };
    case 'root': return { status: allows(actor, route.perm, 'HY') ? route.ok : 403 };
    case 'unit':
    case 'user':
      if (t.label === 'missing' || !inScope(actor, t.code)) return { status: 404 };
      return { status: allows(actor, route.perm, t.code) ? route.ok : 403 };
    case 'parent':
    case 'home':
      if (t.label === 'missing' || !inScope(actor, t.code)) return { notFoundLike: true };
      return { status: allows(actor, route.perm, t.code) ? route.ok : 403 };
    default: throw new Error(route.kind);
  }
}
const label = (e) => (e.notFoundLike ? '404 | 422 not_found, same as a missing id' : String(e.status));

// ------------------------------------------------------------ helpers

const adminAuth = () => as(S.admin);
const auth = (actor) => (actor === 'anonymous' ? {} : as(S[actor]));
const allUnits = () => listAll(base, '/api/v1/units', adminAuth());
const allUsers = () => listAll(base, '/api/v1/users', adminAuth());
async function snapshot() { return { units: await allUnits(), users: await allUsers() }; }
async function adminGet(p) {
  const r = await api(base, 'GET', p, adminAuth());
  assert.equal(r.status, 200, `admin GET ${p}: ${r.text}`);
  return r.json;
}
async function scratchUnit(parentCode) {
  const r = await api(base, 'POST', '/api/v1/units', as(S.admin, {
    body: { parent_id: U[parentCode].id, code: `SC-${uniq()}`, name: 'Đơn vị nháp', kind: 'office' },
  }));
  assert.equal(r.status, 201, `scratch unit: ${r.text}`);
  return r.json;
}
async function scratchUser(homeCode) {
  const r = await api(base, 'POST', '/api/v1/users', as(S.admin, {
    body: { login: `sc.${uniq().toLowerCase()}`, full_name: 'Người dùng nháp', unit_id: U[homeCode].id, password: GOOD_PASSWORD },
  }));
  assert.equal(r.status, 201, `scratch user: ${r.text}`);
  return r.json;
}

// ------------------------------------------------------------ setup

before(async () => {
  srv = await startServer(ctx);
  base = srv.base;
  for (const l of SAMPLE_USERS) {
    PW[l] = passwordOf(l);
    S[l] = await mustLogin(base, l, PW[l]);
  }
  U = Object.fromEntries((await listAll(base, '/api/v1/units', as(S.admin))).map((u) => [u.code, u]));
  FX['SNV-PC'] = await scratchUser('SNV-PC');
  FX['XA-NT'] = await scratchUser('XA-NT');
  // Something in the audit log that happened outside SNV.
  await scratchUnit('XA-PC');
});
after(async () => { if (srv) await srv.stop(); });

// ------------------------------------------------------------ the matrix

/** Build the request for a route/target; returns {method, path, body, ifMatch, check}. */
async function buildRequest(actor, route, t, exp) {
  const okWrite = route.write && exp.status === route.ok;
  switch (route.id) {
    case 'GET /units/{id}': {
      const id = t.code ? U[t.code].id : MISSING;
      return { method: 'GET', path: `/api/v1/units/${id}`,
        check: (r) => assert.equal(r.json.id, id) };
    }
    case 'PATCH /units/{id}': {
      const unit = okWrite ? await scratchUnit(t.code) : (t.code ? await adminGet(`/api/v1/units/${U[t.code].id}`) : null);
      const name = `Tên mới ${uniq()}`;
      return { method: 'PATCH', path: `/api/v1/units/${unit ? unit.id : MISSING}`, body: { name },
        ifMatch: unit ? unit.version : 1,
        check: (r) => assert.equal(r.json.name, name) };
    }
    case 'POST /units/{id}/move': {
      const unit = okWrite ? await scratchUnit(t.code) : (t.code ? await adminGet(`/api/v1/units/${U[t.code].id}`) : null);
      let np = inScope(actor === 'anonymous' ? 'admin' : actor, 'SNV-VP') ? 'SNV-VP' : 'XA-NT';
      if (t.code === np) np = 'HY';
      return { method: 'POST', path: `/api/v1/units/${unit ? unit.id : MISSING}/move`, body: { parent_id: U[np].id },
        ifMatch: unit ? unit.version : 1,
        check: (r) => assert.equal(r.json.parent_id, U[np].id) };
    }
    case 'POST /units': {
      const code = `MX-${uniq()}`;
      return { method: 'POST', path: '/api/v1/units',
        body: { parent_id: t.code ? U[t.code].id : MISSING, code, name: 'Đơn vị ma trận', kind: 'office' },
        check: async (r) => {
          assert.equal(r.json.code, code);
          assert.equal(r.json.parent_id, U[t.code].id);
        } };
    }
    case 'GET /users/{id}': {
      const id = t.code ? FX[t.code].id : MISSING;
      return { method: 'GET', path: `/api/v1/users/${id}`, check: (r) => assert.equal(r.json.id, id) };
    }
    case 'PATCH /users/{id}': {
      const user = okWrite ? await scratchUser(t.code) : (t.code ? await adminGet(`/api/v1/users/${FX[t.code].id}`) : null);
      const fullName = `Họ Tên Mới ${uniq()}`;
      return { method: 'PATCH', path: `/api/v1/users/${user ? user.id : MISSING}`, body: { full_name: fullName },
        ifMatch: user ? user.version : 1,
        check: (r) => assert.equal(r.json.full_name, fullName) };
    }
    case 'POST /users/{id}/disable': {
      const user = okWrite ? await scratchUser(t.code) : (t.code ? await adminGet(`/api/v1/users/${FX[t.code].id}`) : null);
      return { method: 'POST', path: `/api/v1/users/${user ? user.id : MISSING}/disable`,
        ifMatch: user ? user.version : 1,
        check: (r) => assert.equal(r.json.disabled, true) };
    }
    case 'PUT /users/{id}/roles': {
      const user = okWrite ? await scratchUser(t.code) : (t.code ? await adminGet(`/api/v1/users/${FX[t.code].id}`) : null);
      const roles = [{ role: 'member', unit_id: U[t.code || 'SNV-PC'].id }];
      return { method: 'PUT', path: `/api/v1/users/${user ? user.id : MISSING}/roles`, body: { roles },
        ifMatch: user ? user.version : 1,
        check: (r) => assert.deepEqual(r.json.roles.map((x) => [x.role, x.unit_id]), [['member', roles[0].unit_id]]) };
    }
    case 'POST /users': {
      const login = `mx.${uniq().toLowerCase()}`;
      return { method: 'POST', path: '/api/v1/users',
        body: { login, full_name: 'Người Ma Trận', unit_id: t.code ? U[t.code].id : MISSING, password: GOOD_PASSWORD },
        check: (r) => { assert.equal(r.json.login, login); assert.equal(r.json.unit_id, U[t.code].id); } };
    }
    case 'GET /units': return { method: 'GET', path: '/api/v1/units' };
    case 'GET /users': return { method: 'GET', path: '/api/v1/users' };
    case 'GET /audit': return { method: 'GET', path: '/api/v1/audit' };
    case 'GET /audit/verify': return { method: 'GET', path: '/api/v1/audit/verify',
      check: (r) => assert.equal(r.json.ok, true) };
    case 'GET /me': return { method: 'GET', path: '/api/v1/me',
      check: (r) => assert.equal(r.json.login, actor) };
    case 'GET /me/tokens': return { method: 'GET', path: '/api/v1/me/tokens',
      check: (r) => assert.ok(Array.isArray(r.json.items)) };
    case 'POST /me/tokens': return { method: 'POST', path: '/api/v1/me/tokens', body: { name: `mx-${uniq()}` },
      check: (r) => assert.equal(typeof r.json.token, 'string') };
    case 'DELETE /me/tokens/{id}': {
      let id = MISSING;
      if (actor !== 'anonymous') {
        const c = await api(base, 'POST', '/api/v1/me/tokens', as(S[actor], { body: { name: 'to-delete' } }));
        assert.equal(c.status, 201, c.text);
        id = c.json.id;
      }
      return { method: 'DELETE', path: `/api/v1/me/tokens/${id}` };
    }
    case 'POST /me/totp': return { method: 'POST', path: '/api/v1/me/totp',
      check: (r) => assert.equal(typeof r.json.secret, 'string') };
    case 'POST /me/totp/confirm': {
      if (actor === 'anonymous') return { method: 'POST', path: '/api/v1/me/totp/confirm', body: { code: '000000' } };
      const e = await api(base, 'POST', '/api/v1/me/totp', as(S[actor]));
      assert.equal(e.status, 201, e.text);
      return { method: 'POST', path: '/api/v1/me/totp/confirm', body: { code: totp(e.json.secret) },
        check: (r) => {
          assert.equal(r.json.recovery_codes.length, 10);
          RC[actor] = [...r.json.recovery_codes];
        } };
    }
    case 'DELETE /session': {
      if (actor === 'anonymous') return { method: 'DELETE', path: '/api/v1/session' };
      // A second session of the actor's, so the one the matrix uses stays.
      const extra = await relogin(actor);
      return { method: 'DELETE', path: '/api/v1/session', auth: as(extra),
        check: async () => {
          assertProblem(await api(base, 'GET', '/api/v1/me', as(extra)), 401, { slug: 'unauthenticated' });
          assert.equal((await api(base, 'GET', '/api/v1/me', as(S[actor]))).status, 200, 'other sessions stay');
        } };
    }
    case 'POST /me/password': {
      if (actor === 'anonymous') {
        return { method: 'POST', path: '/api/v1/me/password', body: { current_password: 'whatever-it-is-1', new_password: GOOD_PASSWORD } };
      }
      const next = `Doi-Mat-Khau-${uniq()}`;
      return { method: 'POST', path: '/api/v1/me/password', body: { current_password: PW[actor], new_password: next },
        check: async () => {
          PW[actor] = next;
          // The matrix goes on with a session made with the new password.
          S[actor] = await relogin(actor);
        } };
    }
    default: throw new Error(route.id);
  }
}

function assertNotFoundLike(r, field, msg) {
  assertProblem(r, [404, 422], { msg });
  if (r.status === 422) assertProblem(r, 422, { field, code: 'not_found', msg });
  else assertProblem(r, 404, { slug: 'not-found', msg });
}

for (const actor of ACTORS) {
  for (const route of ROUTES) {
    const targets = ['global', 'root', 'self'].includes(route.kind) ? [{ label: '-', code: null }] : targetsFor(actor);
    for (const t of targets) {
      const exp = expected(actor, route, t);
      const tname = t.label === '-' ? '' : ` [${t.label}${t.code ? ` ${t.code}` : ''}]`;
      test(`${actor}: ${route.id}${tname} -> ${label(exp)}`, async () => {
        const req = await buildRequest(actor, route, t, exp);
        const refused = route.write && exp.status !== route.ok;
        const snap = refused ? await snapshot() : null;
        const r = await api(base, req.method, req.path, { ...(req.auth || auth(actor)), body: req.body, ifMatch: req.ifMatch });
        const msg = `${actor} ${req.method} ${req.path}`;
        if (exp.notFoundLike) {
          assertNotFoundLike(r, route.refField, msg);
          if (t.label === 'out') {
            // Must be indistinguishable from a missing id.
            const body2 = { ...req.body, [route.refField]: MISSING };
            if (body2.code) body2.code = `MX-${uniq()}`;
            if (body2.login) body2.login = `mx.${uniq().toLowerCase()}`;
            const r2 = await api(base, req.method, req.path, { ...auth(actor), body: body2 });
            assert.equal(r.status, r2.status, `${msg}: out-of-scope and missing ${route.refField} must answer alike`);
            assert.equal(r.json.type, r2.json.type);
            assert.deepEqual(r.json.errors, r2.json.errors);
          }
        } else if (exp.status >= 200 && exp.status < 300) {
          assert.equal(r.status, exp.status, `${msg}: ${r.text.slice(0, 500)}`);
          if (req.check) await req.check(r);
        } else {
          const slug = { 401: 'unauthenticated', 403: 'forbidden', 404: 'not-found' }[exp.status];
          assertProblem(r, exp.status, { slug, msg });
        }
        if (snap) assert.deepEqual(await snapshot(), snap, `${msg}: a refused write must change nothing`);
      });
    }
  }
}

// ------------------------------------------------------------ sweeps and lists

for (const actor of SAMPLE_USERS) {
  test(`${actor}: GET /units/{id} for every sample unit -> 200 in scope, 404 outside`, async () => {
    for (const u of SAMPLE_UNITS) {
      const r = await api(base, 'GET', `/api/v1/units/${U[u.code].id}`, as(S[actor]));
      if (inScope(actor, u.code)) assert.equal(r.status, 200, `${actor} GET unit ${u.code}: ${r.text}`);
      else assertProblem(r, 404, { slug: 'not-found', msg: `${actor} GET unit ${u.code}` });
    }
  });

  test(`${actor}: GET /users/{id} for every sample user -> 200 / 403 / 404 by home unit`, async () => {
    const users = await allUsers();
    const byId = indexUnits(await allUnits()).byId;
    for (const l of SAMPLE_USERS) {
      const u = users.find((x) => x.login === l);
      const home = byId.get(u.unit_id).code;
      const r = await api(base, 'GET', `/api/v1/users/${u.id}`, as(S[actor]));
      const msg = `${actor} GET user ${l} (home ${home})`;
      if (!inScope(actor, home)) assertProblem(r, 404, { slug: 'not-found', msg });
      else if (!allows(actor, 'user.read', home)) assertProblem(r, 403, { slug: 'forbidden', msg });
      else assert.equal(r.status, 200, `${msg}: ${r.text}`);
    }
  });

  test(`${actor}: GET /units lists exactly the units in scope, in tree order`, async () => {
    const all = await allUnits();
    const { byId } = indexUnits(all);
    const roots = grantsOf(actor).map(([, code]) => U[code].id);
    const want = all.filter((u) => roots.some((g) => isUnder(byId, u.id, g))).map((u) => u.id).sort((a, b) => a - b);
    const got = await listAll(base, '/api/v1/units', as(S[actor]));
    assert.deepEqual(got.map((u) => u.id).sort((a, b) => a - b), want);
    assertTreeOrder(got);
  });

  test(`${actor}: GET /users lists exactly the users it may read`, async () => {
    if (!allowsAnywhere(actor, 'user.read')) {
      assertProblem(await api(base, 'GET', '/api/v1/users', as(S[actor])), 403, { slug: 'forbidden' });
      return;
    }
    const all = await allUsers();
    const { byId } = indexUnits(await allUnits());
    const roots = grantsOf(actor).filter(([role]) => PERMISSIONS['user.read'].includes(role)).map(([, c]) => U[c].id);
    const want = all.filter((u) => roots.some((g) => isUnder(byId, u.unit_id, g))).map((u) => u.id).sort((a, b) => a - b);
    const got = await listAll(base, '/api/v1/users', as(S[actor]));
    assert.deepEqual(got.map((u) => u.id).sort((a, b) => a - b), want);
  });

  test(`${actor}: GET /audit shows only entries in scope`, async () => {
    if (!allowsAnywhere(actor, 'audit.read')) {
      assertProblem(await api(base, 'GET', '/api/v1/audit', as(S[actor])), 403, { slug: 'forbidden' });
      return;
    }
    const { byId } = indexUnits(await allUnits());
    const roots = grantsOf(actor).filter(([role]) => PERMISSIONS['audit.read'].includes(role)).map(([, c]) => U[c].id);
    const got = await listAll(base, '/api/v1/audit', as(S[actor]));
    const rootScope = allows(actor, 'audit.read', 'HY');
    for (const e of got) {
      if (!byId.has(e.unit_id)) {
        // Entries tied to no unit (e.g. failed logins) are for root-scope readers only.
        assert.ok(rootScope, `${actor} sees audit entry ${e.id} (unit ${e.unit_id}) tied to no unit in its scope`);
        continue;
      }
      assert.ok(roots.some((g) => isUnder(byId, e.unit_id, g)),
        `${actor} sees audit entry ${e.id} of unit ${e.unit_id} outside its scope`);
    }
  });
}

// ------------------------------------------------------------ escalation attempts by a scoped admin

test('quantri.snv cannot move an in-scope unit under an out-of-scope parent', async () => {
  const q = S['quantri.snv'];
  const u = await scratchUnit('SNV-PC');
  const snap = await snapshot();
  const r = await api(base, 'POST', `/api/v1/units/${u.id}/move`, as(q, { ifMatch: u.version, body: { parent_id: U['XA-NT'].id } }));
  assertNotFoundLike(r, 'parent_id', 'move under XA-NT');
  const r2 = await api(base, 'POST', `/api/v1/units/${u.id}/move`, as(q, { ifMatch: u.version, body: { parent_id: MISSING } }));
  assert.equal(r.status, r2.status, 'out-of-scope and missing parent must answer alike');
  assert.deepEqual(r.json.errors, r2.json.errors);
  // Its own scope root cannot leave the scope either.
  const snv = await adminGet(`/api/v1/units/${U.SNV.id}`);
  const r3 = await api(base, 'POST', `/api/v1/units/${snv.id}/move`, as(q, { ifMatch: snv.version, body: { parent_id: U['XA-PC'].id } }));
  assertProblem(r3, [403, 404, 409, 422], { msg: 'move SNV under XA-PC' });
  assert.deepEqual(await snapshot(), snap);
});

test('quantri.snv cannot re-home an in-scope user out of scope', async () => {
  const q = S['quantri.snv'];
  const u = await scratchUser('SNV-PC');
  const snap = await snapshot();
  const r = await api(base, 'PATCH', `/api/v1/users/${u.id}`, as(q, { ifMatch: u.version, body: { unit_id: U['XA-NT'].id } }));
  assertNotFoundLike(r, 'unit_id', 're-home to XA-NT');
  assert.deepEqual(await snapshot(), snap);
});

test('quantri.snv cannot grant roles on units outside its scope', async () => {
  const q = S['quantri.snv'];
  const u = await scratchUser('SNV-PC');
  const snap = await snapshot();
  for (const code of ['HY', 'XA-NT']) {
    const r = await api(base, 'PUT', `/api/v1/users/${u.id}/roles`,
      as(q, { ifMatch: u.version, body: { roles: [{ role: 'admin', unit_id: U[code].id }] } }));
    assertProblem(r, [403, 404, 422], { msg: `grant admin@${code}` });
    if (r.status === 422) assertProblem(r, 422, { field: /^roles/, msg: `grant admin@${code}` });
  }
  const r = await api(base, 'POST', '/api/v1/users', as(q, {
    body: { login: `esc.${uniq().toLowerCase()}`, full_name: 'Leo Thang', unit_id: U['SNV-PC'].id, password: GOOD_PASSWORD,
      roles: [{ role: 'admin', unit_id: U.HY.id }] },
  }));
  assertProblem(r, [403, 404, 422], { msg: 'create a user with admin@HY' });
  assert.deepEqual(await snapshot(), snap);
  // Within scope it works.
  const ok = await api(base, 'PUT', `/api/v1/users/${u.id}/roles`,
    as(q, { ifMatch: u.version, body: { roles: [{ role: 'leader', unit_id: U['SNV-VP'].id }] } }));
  assert.equal(ok.status, 200, ok.text);
});

test('a bearer token carries the same scope as its user', async () => {
  const c = await api(base, 'POST', '/api/v1/me/tokens', as(S['vanhanh.xa'], { body: { name: 'scope' } }));
  assert.equal(c.status, 201, c.text);
  const token = c.json.token;
  assert.equal((await api(base, 'GET', `/api/v1/units/${U['XA-NT'].id}`, { token })).status, 200);
  assertProblem(await api(base, 'GET', `/api/v1/units/${U.SNV.id}`, { token }), 404, { slug: 'not-found' });
  const snap = await snapshot();
  const xa = await adminGet(`/api/v1/units/${U['XA-NT'].id}`);
  assertProblem(await api(base, 'PATCH', `/api/v1/units/${xa.id}`, { token, ifMatch: xa.version, body: { name: 'x' } }), 403,
    { slug: 'forbidden' });
  assert.deepEqual(await snapshot(), snap);
});

test('GET /me names exactly the permissions the roles carry somewhere', async () => {
  const INCIDENT = {
    'incident.read': ['operator', 'leader', 'member', 'coordinator', 'steering', 'auditor'],
    'incident.write': ['operator', 'leader', 'member', 'coordinator'],
    'incident.coordinate': ['coordinator'],
    'report.approve': ['leader', 'coordinator'],
    'system.write': ['operator', 'leader', 'coordinator', 'admin'],
    'team.write': ['leader', 'admin'],
  };
  const all = { ...PERMISSIONS, ...INCIDENT };
  for (const actor of SAMPLE_USERS) {
    const me = await api(base, 'GET', '/api/v1/me', as(S[actor]));
    assert.equal(me.status, 200, me.text);
    const want = Object.keys(all)
      .filter((p) => grantsOf(actor).some(([role]) => all[p].includes(role))).sort();
    assert.deepEqual([...me.json.permissions].sort(), want, actor);
  }
});

test('the other users\' tokens cannot be revoked', async () => {
  const own = await api(base, 'POST', '/api/v1/me/tokens', as(S.kiemtra, { body: { name: 'keep' } }));
  assert.equal(own.status, 201, own.text);
  for (const actor of ['admin', 'quantri.snv', 'dieuphoi']) {
    const r = await api(base, 'DELETE', `/api/v1/me/tokens/${own.json.id}`, as(S[actor]));
    assertProblem(r, 404, { slug: 'not-found', msg: actor });
  }
  assert.equal((await api(base, 'GET', '/api/v1/me', { token: own.json.token })).status, 200);
});

test('public endpoints answer without credentials', async () => {
  const h = await api(base, 'GET', '/healthz');
  assert.equal(h.status, 200);
  assert.deepEqual(h.json, { status: 'ok' });
  assert.equal((await api(base, 'GET', '/api/v1/openapi.json')).status, 200);
});
