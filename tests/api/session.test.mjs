// Sessions, login throttling, CSRF, bearer tokens, session expiry.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, api, login, mustLogin, listAll, sleep, ADMIN_PASSWORD, SAMPLE_PASSWORD,
} from './lib/server.mjs';
import { useEngine, assertProblem, as, problemCore } from './lib/common.mjs';

const ctx = useEngine();
let srv;
let base;

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

before(async () => {
  srv = await startServer(ctx);
  base = srv.base;
});
after(async () => { if (srv) await srv.stop(); });

function cookieAttrs(raw) {
  return raw.split(';').slice(1).map((s) => s.trim().toLowerCase());
}

test('login: 201, HttpOnly SameSite=Strict cookie, csrf_token, user', async () => {
  const s = await login(base, 'dieuphoi', SAMPLE_PASSWORD);
  assert.equal(s.status, 201, s.res.text);
  assert.match(s.res.headers.get('content-type') || '', /^application\/json\b/);
  assert.ok(s.setCookie, 'Set-Cookie uc_session is missing');
  const attrs = cookieAttrs(s.setCookie);
  assert.ok(attrs.includes('httponly'), `HttpOnly missing: ${s.setCookie}`);
  assert.ok(attrs.includes('samesite=strict'), `SameSite=Strict missing: ${s.setCookie}`);
  assert.ok(attrs.includes('path=/'), `Path=/ missing: ${s.setCookie}`);
  assert.ok(s.cookie.length > 'uc_session='.length + 16, 'session token looks too short');
  assert.equal(typeof s.body.csrf_token, 'string');
  assert.ok(s.body.csrf_token.length >= 16, 'csrf_token looks too short');
  assert.match(s.body.expires_at, ISO_MS);
  const left = Date.parse(s.body.expires_at) - Date.now();
  assert.ok(left > 30 * 60_000 - 10_000 && left <= 12 * 3600_000 + 10_000,
    `expires_at must lie between the idle (30 min) and absolute (12 h) limits: ${s.body.expires_at}`);
  assert.equal(s.body.user.login, 'dieuphoi');
  assert.equal(typeof s.body.user.id, 'number');
  assert.doesNotMatch(s.res.text, /password_hash|\$argon2|totp_secret/i, 'login reply must not carry secrets');
});

test('GET /me with the cookie; csrf_token matches; logout 204 clears; then 401', async () => {
  const s = await mustLogin(base, 'kiemtra');
  const me = await api(base, 'GET', '/api/v1/me', as(s));
  assert.equal(me.status, 200, me.text);
  assert.equal(me.json.login, 'kiemtra');
  assert.ok(Array.isArray(me.json.roles));
  assert.ok(me.json.roles.some((r) => r.role === 'auditor'), JSON.stringify(me.json.roles));
  assert.equal(me.json.totp_enabled, false);
  assert.equal(me.json.must_enrol_totp, false);
  assert.equal(me.json.csrf_token, s.csrf);
  assert.equal(me.json.disabled, false);
  for (const k of ['id', 'login', 'full_name', 'email', 'phone', 'unit_id', 'disabled', 'totp_enabled',
    'roles', 'version', 'created_at', 'updated_at', 'last_login_at']) {
    assert.ok(k in me.json, `GET /me lacks ${k}`);
  }
  assert.match(me.json.last_login_at, ISO_MS);

  const out = await api(base, 'DELETE', '/api/v1/session', as(s));
  assert.equal(out.status, 204, out.text);
  const cleared = (out.headers.getSetCookie() || []).find((c) => c.startsWith('uc_session='));
  assert.ok(cleared, 'logout must clear the cookie with Set-Cookie');
  const attrs = cookieAttrs(cleared);
  const value = cleared.split(';')[0].slice('uc_session='.length);
  const expired = value === '' || attrs.includes('max-age=0')
    || attrs.some((a) => a.startsWith('expires=') && Date.parse(a.slice(8)) < Date.now());
  assert.ok(expired, `logout cookie must be expired/empty: ${cleared}`);

  const again = await api(base, 'GET', '/api/v1/me', { cookie: s.cookie });
  assertProblem(again, 401, { slug: 'unauthenticated' });
});

test('no credentials and a garbage cookie give 401 unauthenticated', async () => {
  assertProblem(await api(base, 'GET', '/api/v1/me'), 401, { slug: 'unauthenticated' });
  assertProblem(await api(base, 'GET', '/api/v1/me', { cookie: 'uc_session=garbage' }), 401,
    { slug: 'unauthenticated' });
  assertProblem(await api(base, 'GET', '/api/v1/me', { token: 'not-a-token' }), 401,
    { slug: 'unauthenticated' });
});

test('wrong password and unknown login give the identical 401 invalid-credentials', async () => {
  const wrong = await login(base, 'bcd', 'Wrong-Password-123!');
  const unknown = await login(base, 'nobody.here', 'Wrong-Password-123!');
  assertProblem(wrong.res, 401, { slug: 'invalid-credentials' });
  assertProblem(unknown.res, 401, { slug: 'invalid-credentials' });
  assert.deepEqual(problemCore(unknown.body), problemCore(wrong.body));
  assert.equal(wrong.cookie, null, 'no session cookie on failure');
  assert.equal(unknown.cookie, null, 'no session cookie on failure');
});

test('login body validation: missing password is 422 naming the field', async () => {
  const r = await api(base, 'POST', '/api/v1/session', { body: { login: 'bcd' } });
  assertProblem(r, 422, { field: 'password', code: 'required' });
});

test('lockout: 5 failures for one login -> 429 with Retry-After, even for the right password', async () => {
  const who = 'doiungcuu';
  for (let i = 1; i <= 4; i++) {
    const r = await login(base, who, `Wrong-Password-${i}!`);
    assertProblem(r.res, 401, { slug: 'invalid-credentials', msg: `failure ${i}` });
  }
  // The fifth failure locks the key; it may itself already be answered 429.
  const fifth = await login(base, who, 'Wrong-Password-5!');
  assertProblem(fifth.res, [401, 429], { msg: 'failure 5' });
  const locked = await login(base, who, SAMPLE_PASSWORD);
  assertProblem(locked.res, 429, { slug: 'too-many-requests' });
  assert.equal(locked.cookie, null, 'locked login must not get a session');
  const ra = locked.res.headers.get('retry-after');
  assert.ok(ra !== null, 'Retry-After missing');
  assert.match(ra, /^\d+$/, `Retry-After must be delta-seconds: ${ra}`);
  assert.ok(Number(ra) > 0 && Number(ra) <= 15 * 60, `first lock lasts at most 15 min, Retry-After=${ra}`);
  // The lock is per login: another user from the same address still gets in.
  const other = await login(base, 'vanhanh.xa', SAMPLE_PASSWORD);
  assert.equal(other.status, 201, other.res.text);
});

test('login issues a fresh session id, never the one the client sent', async () => {
  const first = await mustLogin(base, 'dieuphoi');
  for (const sent of [first.cookie, 'uc_session=attacker-chosen-value-0123456789abcdef']) {
    const r = await api(base, 'POST', '/api/v1/session', {
      cookie: sent, body: { login: 'dieuphoi', password: SAMPLE_PASSWORD },
    });
    assert.equal(r.status, 201, r.text);
    const sc = (r.headers.getSetCookie() || []).find((c) => c.startsWith('uc_session='));
    assert.ok(sc, 'login must set uc_session');
    assert.notEqual(sc.split(';')[0], sent, 'session id must be new on login');
  }
  assertProblem(await api(base, 'GET', '/api/v1/me', { cookie: 'uc_session=attacker-chosen-value-0123456789abcdef' }),
    401, { slug: 'unauthenticated' });
});

test('logout ends that session only', async () => {
  const a = await mustLogin(base, 'lanhdao.snv');
  const b = await mustLogin(base, 'lanhdao.snv');
  assert.notEqual(a.cookie, b.cookie);
  assert.equal((await api(base, 'DELETE', '/api/v1/session', as(a))).status, 204);
  assertProblem(await api(base, 'GET', '/api/v1/me', as(a)), 401, { slug: 'unauthenticated' });
  assert.equal((await api(base, 'GET', '/api/v1/me', as(b))).status, 200);
});

test('CSRF: cookie-authenticated writes need the session\'s X-CSRF-Token', async () => {
  const s = await mustLogin(base, 'lanhdao.snv');
  const other = await mustLogin(base, 'vanhanh.snv');
  assert.notEqual(s.csrf, other.csrf, 'two sessions must not share a csrf token');
  const name = 'csrf-probe';
  const count = async () => (await api(base, 'GET', '/api/v1/me/tokens', { cookie: s.cookie })).json.items
    .filter((t) => t.name === name).length;
  assert.equal(await count(), 0);

  const none = await api(base, 'POST', '/api/v1/me/tokens', { cookie: s.cookie, body: { name } });
  assertProblem(none, 403, { slug: 'forbidden', field: 'X-CSRF-Token' });
  const wrong = await api(base, 'POST', '/api/v1/me/tokens', { cookie: s.cookie, csrf: 'x'.repeat(32), body: { name } });
  assertProblem(wrong, 403, { slug: 'forbidden', field: 'X-CSRF-Token' });
  const foreign = await api(base, 'POST', '/api/v1/me/tokens', { cookie: s.cookie, csrf: other.csrf, body: { name } });
  assertProblem(foreign, 403, { slug: 'forbidden', field: 'X-CSRF-Token' });
  assert.equal(await count(), 0, 'refused requests must not create tokens');

  const noCsrfLogout = await api(base, 'DELETE', '/api/v1/session', { cookie: s.cookie });
  assertProblem(noCsrfLogout, 403, { slug: 'forbidden', field: 'X-CSRF-Token' });
  assert.equal((await api(base, 'GET', '/api/v1/me', { cookie: s.cookie })).status, 200,
    'a refused logout must leave the session alive');

  const ok = await api(base, 'POST', '/api/v1/me/tokens', as(s, { body: { name } }));
  assert.equal(ok.status, 201, ok.text);
  assert.equal(await count(), 1);
});

test('CSRF applies to PATCH and PUT too', async () => {
  const a = await mustLogin(base, 'admin');
  const units = await listAll(base, '/api/v1/units', as(a));
  const xa = units.find((u) => u.code === 'XA-PC');
  const p = await api(base, 'PATCH', `/api/v1/units/${xa.id}`, { cookie: a.cookie, ifMatch: xa.version, body: { name: 'CSRF' } });
  assertProblem(p, 403, { slug: 'forbidden', field: 'X-CSRF-Token' });
  const users = await listAll(base, '/api/v1/users', as(a));
  const u = users.find((x) => x.login === 'bcd');
  const r = await api(base, 'PUT', `/api/v1/users/${u.id}/roles`, { cookie: a.cookie, ifMatch: u.version, body: { roles: [] } });
  assertProblem(r, 403, { slug: 'forbidden', field: 'X-CSRF-Token' });
  const d = await api(base, 'POST', `/api/v1/users/${u.id}/disable`, { cookie: a.cookie, ifMatch: u.version });
  assertProblem(d, 403, { slug: 'forbidden', field: 'X-CSRF-Token' });
  assert.deepEqual((await api(base, 'GET', `/api/v1/units/${xa.id}`, as(a))).json, xa);
  assert.deepEqual((await api(base, 'GET', `/api/v1/users/${u.id}`, as(a))).json, u);
});

test('bearer tokens: create, use, list without secret, revoke', async () => {
  const s = await mustLogin(base, 'vanhanh.snv');
  const created = await api(base, 'POST', '/api/v1/me/tokens', as(s, { body: { name: 'laptop' } }));
  assert.equal(created.status, 201, created.text);
  const { id, token, name } = created.json;
  assert.equal(name, 'laptop');
  assert.equal(typeof token, 'string');
  assert.ok(token.length >= 20, 'token looks too short');
  assert.ok(id !== undefined && id !== null);

  const me = await api(base, 'GET', '/api/v1/me', { token });
  assert.equal(me.status, 200, me.text);
  assert.equal(me.json.login, 'vanhanh.snv');
  assert.ok(me.json.csrf_token === undefined || me.json.csrf_token === null,
    'csrf_token is for cookie sessions only');

  // Bearer requests are not subject to CSRF.
  const viaToken = await api(base, 'POST', '/api/v1/me/tokens', { token, body: { name: 'second' } });
  assert.equal(viaToken.status, 201, viaToken.text);

  const list = await api(base, 'GET', '/api/v1/me/tokens', as(s));
  assert.equal(list.status, 200, list.text);
  assert.ok(!list.text.includes(token), 'the token secret is shown once only');
  assert.ok(!list.text.includes(viaToken.json.token), 'the token secret is shown once only');
  const item = list.json.items.find((t) => t.id === id);
  assert.ok(item, 'created token must be listed');
  for (const k of ['id', 'name', 'created_at', 'last_used_at', 'expires_at', 'revoked_at']) {
    assert.ok(k in item, `token list item lacks ${k}`);
  }
  assert.equal(item.revoked_at, null);
  assert.ok(item.last_used_at !== null, 'last_used_at must be set once the token was used');

  // Another user cannot revoke it.
  const stranger = await mustLogin(base, 'vanhanh.xa');
  const steal = await api(base, 'DELETE', `/api/v1/me/tokens/${id}`, as(stranger));
  assertProblem(steal, 404, { slug: 'not-found' });
  assert.equal((await api(base, 'GET', '/api/v1/me', { token })).status, 200);

  const del = await api(base, 'DELETE', `/api/v1/me/tokens/${id}`, as(s));
  assert.equal(del.status, 204, del.text);
  assertProblem(await api(base, 'GET', '/api/v1/me', { token }), 401, { slug: 'unauthenticated' });
  const after2 = await api(base, 'GET', '/api/v1/me/tokens', as(s));
  const gone = after2.json.items.find((t) => t.id === id);
  assert.ok(!gone || gone.revoked_at !== null, 'a revoked token is listed with revoked_at or not at all');
  // The other token is unaffected.
  assert.equal((await api(base, 'GET', '/api/v1/me', { token: viaToken.json.token })).status, 200);
});

test('POST /me/tokens needs a name', async () => {
  const s = await mustLogin(base, 'kiemtra');
  assertProblem(await api(base, 'POST', '/api/v1/me/tokens', as(s, { body: {} })), 422, { field: 'name', code: 'required' });
  assertProblem(await api(base, 'POST', '/api/v1/me/tokens', as(s, { body: { name: 'x', expires_at: 'tomorrow' } })), [400, 422],
    { field: 'expires_at' });
});

test('tokens from the CLI work, and `token revoke` revokes them', async () => {
  const r = srv.cli('token', 'create', '--user', 'admin', '--name', 'cli-made');
  assert.equal(r.status, 0, `token create: ${r.stdout}\n${r.stderr}`);
  const lines = r.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
  const token = lines[lines.length - 1];
  assert.ok(token && !/\s/.test(token), `last stdout line must be the token alone: ${JSON.stringify(r.stdout)}`);
  const me = await api(base, 'GET', '/api/v1/me', { token });
  assert.equal(me.status, 200, me.text);
  assert.equal(me.json.login, 'admin');
  const list = await api(base, 'GET', '/api/v1/me/tokens', { token });
  const item = list.json.items.find((t) => t.name === 'cli-made');
  assert.ok(item, 'CLI token must be listed for its user');
  const rv = srv.cli('token', 'revoke', String(item.id));
  assert.equal(rv.status, 0, `token revoke: ${rv.stdout}\n${rv.stderr}`);
  assertProblem(await api(base, 'GET', '/api/v1/me', { token }), 401, { slug: 'unauthenticated' });
});

test('a token with expires_at stops working after that time', async () => {
  const s = await mustLogin(base, 'bcd');
  const exp = new Date(Date.now() + 2000).toISOString();
  const c = await api(base, 'POST', '/api/v1/me/tokens', as(s, { body: { name: 'short', expires_at: exp } }));
  assert.equal(c.status, 201, c.text);
  assert.equal(Date.parse(c.json.expires_at), Date.parse(exp));
  assert.equal((await api(base, 'GET', '/api/v1/me', { token: c.json.token })).status, 200);
  await sleep(Date.parse(exp) - Date.now() + 1200);
  assertProblem(await api(base, 'GET', '/api/v1/me', { token: c.json.token }), 401, { slug: 'unauthenticated' });
});

test('session idle and absolute expiry (UNGCUU_SESSION_IDLE_SECONDS / _ABSOLUTE_SECONDS)', async () => {
  const short = await startServer({
    ...ctx, env: { UNGCUU_SESSION_IDLE_SECONDS: '2', UNGCUU_SESSION_ABSOLUTE_SECONDS: '5' },
  });
  try {
    const b = short.base;
    const idle = async () => {
      const s = await mustLogin(b, 'bcd');
      assert.equal((await api(b, 'GET', '/api/v1/me', { cookie: s.cookie })).status, 200);
      await sleep(3000);
      assertProblem(await api(b, 'GET', '/api/v1/me', { cookie: s.cookie }), 401,
        { slug: 'unauthenticated', msg: 'idle session after 3 s (idle=2)' });
    };
    const busy = async () => {
      const s = await mustLogin(b, 'kiemtra');
      const t0 = Date.now();
      for (const at of [1000, 2000, 3000, 4000]) {
        await sleep(t0 + at - Date.now());
        const r = await api(b, 'GET', '/api/v1/me', { cookie: s.cookie });
        assert.equal(r.status, 200, `active session at +${at} ms must live (idle=2): ${r.text}`);
      }
      await sleep(t0 + 5600 - Date.now());
      assertProblem(await api(b, 'GET', '/api/v1/me', { cookie: s.cookie }), 401,
        { slug: 'unauthenticated', msg: 'active session past the absolute limit (5 s)' });
    };
    await Promise.all([idle(), busy()]);
  } finally {
    await short.stop();
  }
});

test('admin password from UNGCUU_ADMIN_PASSWORD works', async () => {
  const s = await login(base, 'admin', ADMIN_PASSWORD);
  assert.equal(s.status, 201, s.res.text);
});

test('20 failures from one address lock the address for every login: 429', async () => {
  const own = await startServer(ctx);
  try {
    const b = own.base;
    // 20 failures spread over 10 logins: no single login reaches 5.
    let failures = 0;
    for (let i = 0; i < 10; i++) {
      for (let j = 0; j < 2; j++) {
        const r = await login(b, `ghost${i}`, `Wrong-Password-${j}!`);
        failures += 1;
        if (failures < 20) assertProblem(r.res, 401, { slug: 'invalid-credentials', msg: `failure ${failures}` });
        else assertProblem(r.res, [401, 429], { msg: `failure ${failures}` });
      }
    }
    const r = await login(b, 'admin', ADMIN_PASSWORD);
    assertProblem(r.res, 429, { slug: 'too-many-requests', msg: 'right password after 20 failures from the address' });
    assert.equal(r.cookie, null);
    assert.match(r.res.headers.get('retry-after') || '', /^\d+$/);
  } finally {
    await own.stop();
  }
});

test('parallel failures are all counted: 8 concurrent wrong passwords lock the login', async () => {
  const own = await startServer(ctx);
  try {
    const b = own.base;
    const rs = await Promise.all(Array.from({ length: 8 }, (_, i) => login(b, 'quantri.snv', `Wrong-Parallel-${i}!`)));
    for (const r of rs) assertProblem(r.res, [401, 429]);
    const r = await login(b, 'quantri.snv', SAMPLE_PASSWORD);
    assertProblem(r.res, 429, { slug: 'too-many-requests', msg: 'right password after 8 parallel failures' });
    assert.equal(r.cookie, null);
  } finally {
    await own.stop();
  }
});
