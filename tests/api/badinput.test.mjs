// Hostile and malformed input: every refusal is application/problem+json
// naming a field, and nothing is written.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, mustLogin, listAll, rawHttp } from './lib/server.mjs';
import { useEngine, assertProblem, as, uniq } from './lib/common.mjs';

const ctx = useEngine();
let srv;
let base;
let admin;
let U;

before(async () => {
  srv = await startServer(ctx);
  base = srv.base;
  admin = await mustLogin(base, 'admin');
  U = Object.fromEntries((await listAll(base, '/api/v1/units', as(admin))).map((u) => [u.code, u]));
});
after(async () => { if (srv) await srv.stop(); });

async function snapshot() {
  return {
    units: await listAll(base, '/api/v1/units', as(admin)),
    users: await listAll(base, '/api/v1/users', as(admin)),
  };
}
const postUnitRaw = (raw, extra = {}) => api(base, 'POST', '/api/v1/units', as(admin, { raw, ...extra }));
const validUnit = () => ({ parent_id: U.SNV.id, code: `B-${uniq()}`, name: 'Hợp lệ', kind: 'office' });

const rawRequest = ({ method = 'POST', path, headers, body, chunked }) => rawHttp(base + path, { method, headers, body, chunked });
const authHeaders = () => ({ cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' });

test('malformed JSON is 400 invalid-request with field body', async () => {
  const snap = await snapshot();
  for (const raw of [
    '{"parent_id": 1, "code": "BAD-1",', "{'code':'X'}", '{"code":"X",}', '{"code" "X"}', '{"a":NaN}',
    '{"a":1} trailing', '/* c */ {}', '', '{"name":"\\x41"}', '{"name":"tab\there"}',
  ]) {
    assertProblem(await postUnitRaw(raw), 400, { slug: 'invalid-request', field: 'body', msg: JSON.stringify(raw) });
  }
  assert.deepEqual(await snapshot(), snap);
});

test('a JSON body that is not an object is refused naming body', async () => {
  const snap = await snapshot();
  for (const raw of ['[]', '"x"', '42', 'null', 'true']) {
    assertProblem(await postUnitRaw(raw), [400, 422], { field: 'body', msg: raw });
  }
  assert.deepEqual(await snapshot(), snap);
});

test('wrong types are refused with code type on the field', async () => {
  const snap = await snapshot();
  const cases = [
    ['POST', '/api/v1/units', { ...validUnit(), name: true }, 'name'],
    ['POST', '/api/v1/units', { ...validUnit(), parent_id: '1' }, 'parent_id'],
    ['POST', '/api/v1/units', { ...validUnit(), require_totp: 1 }, 'require_totp'],
    ['POST', '/api/v1/units', { ...validUnit(), kind: null }, 'kind'],
    ['POST', '/api/v1/users', { login: 42, full_name: 'x', unit_id: U.SNV.id, password: 'Abcdefgh-1234!' }, 'login'],
    ['POST', '/api/v1/users', { login: 'typ.test', full_name: 'x', unit_id: U.SNV.id, password: 'Abcdefgh-1234!', roles: 'admin' }, 'roles'],
    ['POST', '/api/v1/me/tokens', { name: { a: 1 } }, 'name'],
  ];
  for (const [m, p, body, field] of cases) {
    assertProblem(await api(base, m, p, as(admin, { body })), [400, 422], { field, code: 'type', msg: `${m} ${p} ${field}` });
  }
  const r = await api(base, 'POST', '/api/v1/session', { body: { login: 1, password: 2 } });
  assertProblem(r, [400, 422], { field: /^(login|password)$/, code: 'type' });
  assert.deepEqual(await snapshot(), snap);
});

test('unknown fields are refused with code unknown_field naming the field', async () => {
  const snap = await snapshot();
  assertProblem(await api(base, 'POST', '/api/v1/units', as(admin, { body: { ...validUnit(), extra: 1 } })), [400, 422],
    { field: 'extra', code: 'unknown_field' });
  assertProblem(await api(base, 'POST', '/api/v1/session', { body: { login: 'admin', password: 'x'.repeat(12), remember_me: true } }),
    [400, 422], { field: 'remember_me', code: 'unknown_field' });
  assertProblem(await api(base, 'POST', '/api/v1/me/tokens', as(admin, { body: { name: 'a', scope: 'all' } })), [400, 422],
    { field: 'scope', code: 'unknown_field' });
  const dp = await listAll(base, '/api/v1/users', as(admin)).then((l) => l.find((u) => u.login === 'dieuphoi'));
  const r = await api(base, 'PUT', `/api/v1/users/${dp.id}/roles`, as(admin, {
    ifMatch: dp.version, body: { roles: [{ role: 'member', unit_id: U.HY.id, until: '2027-01-01' }] },
  }));
  assertProblem(r, [400, 422], { field: /until/, code: 'unknown_field' });
  assert.deepEqual(await snapshot(), snap);
});

test('a body over 1 MiB is 413 payload-too-large (with and without Content-Length)', async () => {
  const snap = await snapshot();
  const big = JSON.stringify({ ...validUnit(), name: 'a'.repeat(1024 * 1024 + 10) });
  for (const chunked of [false, true]) {
    const r = await rawRequest({ path: '/api/v1/units', headers: authHeaders(), body: big, chunked });
    assertProblem(r, 413, { slug: 'payload-too-large', field: 'body', msg: chunked ? 'chunked' : 'content-length' });
  }
  assert.equal((await api(base, 'GET', '/healthz')).status, 200);
  assert.deepEqual(await snapshot(), snap);
});

test('a body just under 1 MiB is parsed, not refused for its size', async () => {
  const snap = await snapshot();
  const body = JSON.stringify({ ...validUnit(), kind: 'planet', address: 'a'.repeat(1024 * 1024 - 300) });
  assert.ok(Buffer.byteLength(body) < 1024 * 1024);
  const r = await rawRequest({ path: '/api/v1/units', headers: authHeaders(), body });
  assertProblem(r, 422, { slug: 'validation', field: 'kind', msg: 'near-limit body with a bad kind' });
  assert.deepEqual(await snapshot(), snap);
});

test('nesting deeper than 32 is 400 naming body; absurd depth does not crash', async () => {
  const snap = await snapshot();
  const arrays = `{"name":${'['.repeat(40)}${']'.repeat(40)},"code":"D-1"}`;
  const objects = `{"name":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}`;
  for (const raw of [arrays, objects]) {
    assertProblem(await postUnitRaw(raw), 400, { slug: 'invalid-request', field: 'body', msg: raw.slice(0, 40) });
  }
  const absurd = '['.repeat(200000) + ']'.repeat(200000);
  assertProblem(await postUnitRaw(absurd), 400, { slug: 'invalid-request', field: 'body', msg: 'depth 200000' });
  const unclosed = '{"a":'.repeat(100000);
  assertProblem(await postUnitRaw(unclosed), 400, { field: 'body', msg: 'unclosed depth 100000' });
  assert.equal((await api(base, 'GET', '/healthz')).status, 200);
  assert.deepEqual(await snapshot(), snap);
});

test('an array of more than 1000 items is refused', async () => {
  const snap = await snapshot();
  const dp = await listAll(base, '/api/v1/users', as(admin)).then((l) => l.find((u) => u.login === 'dieuphoi'));
  const roles = Array.from({ length: 1001 }, () => ({ role: 'member', unit_id: U.HY.id }));
  const r = await api(base, 'PUT', `/api/v1/users/${dp.id}/roles`, as(admin, { ifMatch: dp.version, body: { roles } }));
  assertProblem(r, [400, 422], { field: /^(roles|body)$/ });
  const r2 = await postUnitRaw(JSON.stringify({ ...validUnit(), name: Array.from({ length: 5000 }, (_, i) => i) }));
  assertProblem(r2, [400, 422], { field: /^(name|body)$/ });
  assert.deepEqual(await snapshot(), snap);
});

test('invalid UTF-8 in the body is 400 naming body', async () => {
  const snap = await snapshot();
  const wrap = (bytes) => Buffer.concat([
    Buffer.from(`{"parent_id":${U.SNV.id},"code":"U-${uniq()}","name":"a`), Buffer.from(bytes), Buffer.from('b","kind":"office"}'),
  ]);
  for (const [what, bytes] of [
    ['ff fe', [0xff, 0xfe]], ['lone continuation', [0x80]], ['truncated sequence', [0xe1, 0xbb]],
    ['overlong slash', [0xc0, 0xaf]], ['UTF-16 surrogate', [0xed, 0xa0, 0x80]], ['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
  ]) {
    assertProblem(await postUnitRaw(wrap(bytes)), 400, { slug: 'invalid-request', field: 'body', msg: what });
  }
  // A \u escape for a lone surrogate is JSON syntax but not a character.
  const esc = await postUnitRaw(`{"parent_id":${U.SNV.id},"code":"U-${uniq()}","name":"a\\ud800b","kind":"office"}`);
  assertProblem(esc, [400, 422], { field: /^(body|name)$/, msg: 'escaped lone surrogate' });
  assert.deepEqual(await snapshot(), snap);
});

test('NUL in a string is refused or stored exactly', async () => {
  const body = { ...validUnit(), name: 'a\u0000b' };
  const r = await api(base, 'POST', '/api/v1/units', as(admin, { body }));
  if (r.status === 201) {
    const back = await api(base, 'GET', `/api/v1/units/${r.json.id}`, as(admin));
    assert.equal(back.json.name, 'a\u0000b');
  } else {
    assertProblem(r, [400, 422], { field: /^(body|name)$/ });
  }
});

test('wrong Content-Type is 415; application/json with charset is fine', async () => {
  const snap = await snapshot();
  const body = JSON.stringify(validUnit());
  for (const ct of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', null]) {
    const r = await postUnitRaw(body, { contentType: ct });
    const p = assertProblem(r, 415, { slug: 'unsupported-media-type', msg: String(ct) });
    assert.ok(Array.isArray(p.errors) && p.errors.length > 0 && typeof p.errors[0].field === 'string',
      `415 must name a field: ${r.text}`);
  }
  assert.deepEqual(await snapshot(), snap);
  const ok = await postUnitRaw(body, { contentType: 'application/json; charset=utf-8' });
  assert.equal(ok.status, 201, ok.text);
});

test('huge numbers are refused', async () => {
  const snap = await snapshot();
  for (const n of ['1e400', '99999999999999999999999', '-1', '1.5']) {
    const r = await postUnitRaw(`{"parent_id":${n},"code":"H-${uniq()}","name":"x","kind":"office"}`);
    assertProblem(r, [400, 404, 422], { msg: n });
  }
  assert.deepEqual(await snapshot(), snap);
});

test('unknown routes are 404 problems', async () => {
  for (const p of ['/api/v1/nope', '/api/v2/units', '/api/v1/units/1/explode', '/api/v1/units/1%2F..%2F2']) {
    assertProblem(await api(base, 'GET', p, as(admin)), [400, 404], { msg: p });
  }
  assertProblem(await api(base, 'GET', '/api/v1/nope', as(admin)), 404, { slug: 'not-found' });
  assertProblem(await api(base, 'GET', '/nope'), 404, { slug: 'not-found' });
  assertProblem(await api(base, 'GET', '/healthz/extra'), 404, { slug: 'not-found' });
});

test('wrong methods are 405 problems with Allow', async () => {
  for (const [m, p] of [
    ['DELETE', '/api/v1/units'], ['PUT', '/healthz'], ['POST', '/api/v1/me'], ['PATCH', '/api/v1/session'],
    ['GET', `/api/v1/units/${U.SNV.id}/move`], ['DELETE', '/api/v1/audit/verify'], ['POST', '/metrics'],
  ]) {
    const r = await api(base, m, p, as(admin, m === 'GET' ? {} : { body: {} }));
    assertProblem(r, 405, { slug: 'method-not-allowed', msg: `${m} ${p}` });
    const allow = r.headers.get('allow');
    assert.ok(allow && allow.length > 0, `${m} ${p}: 405 needs an Allow header (RFC 9110)`);
    assert.ok(!allow.split(/\s*,\s*/).includes(m), `${m} ${p}: Allow must not list ${m}`);
  }
});
