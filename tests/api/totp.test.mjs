// TOTP enrolment, login with TOTP and recovery codes, require_totp.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login, mustLogin, sleep, listAll, SAMPLE_PASSWORD } from './lib/server.mjs';
import { useEngine, assertProblem, as } from './lib/common.mjs';
import { base32Decode, totp, stepAt, STEP_MS } from './lib/totp.mjs';

const ctx = useEngine();
let srv;
let base;
let admin;

before(async () => {
  srv = await startServer(ctx);
  base = srv.base;
  admin = await mustLogin(base, 'admin');
});
after(async () => { if (srv) await srv.stop(); });

// State shared by the ordered tests below (user bcd).  They keep bcd's login
// failures at 4 or fewer, below the lockout threshold of 5.
const st = { secret: null, usedSteps: new Set(), recovery: null, session: null };

async function waitForFreshStep(used = st.usedSteps) {
  // A code may be used once (its step is remembered); wait for a step no code was used in.
  for (;;) {
    const s = stepAt();
    if (!used.has(s) && (Date.now() % STEP_MS) < STEP_MS - 3000) return s;
    const next = (s + 1) * STEP_MS;
    await sleep(next - Date.now() + 250);
  }
}

test('POST /me/totp returns secret, otpauth_uri and qr_svg; nothing enabled yet', async () => {
  st.session = await mustLogin(base, 'bcd');
  const me0 = await api(base, 'GET', '/api/v1/me', as(st.session));
  assert.equal(me0.json.totp_enabled, false);
  assert.equal(me0.json.must_enrol_totp, false);

  const r = await api(base, 'POST', '/api/v1/me/totp', as(st.session));
  assert.equal(r.status, 201, r.text);
  const { secret, otpauth_uri: uri, qr_svg: svg } = r.json;
  assert.match(secret, /^[A-Z2-7]+=*$/, 'secret must be base32');
  assert.ok(base32Decode(secret).length >= 16, 'RFC 4226: at least 128 bits of secret');
  assert.ok(uri.startsWith('otpauth://totp/'), uri);
  const u = new URL(uri);
  assert.equal(u.searchParams.get('secret').replace(/=+$/, ''), secret.replace(/=+$/, ''));
  for (const [k, v] of [['digits', '6'], ['period', '30'], ['algorithm', 'SHA1']]) {
    const got = u.searchParams.get(k);
    if (got !== null) assert.equal(got.toUpperCase(), v.toUpperCase(), `otpauth ${k}`);
  }
  assert.equal(typeof svg, 'string');
  assert.ok(/^(<svg|<\?xml)/.test(svg.trimStart()), `qr_svg must be SVG: ${svg.slice(0, 60)}`);
  assert.ok(svg.includes('</svg>'));
  st.secret = secret;

  const me1 = await api(base, 'GET', '/api/v1/me', as(st.session));
  assert.equal(me1.json.totp_enabled, false, 'TOTP is enabled only after confirmation');
  const still = await login(base, 'bcd', SAMPLE_PASSWORD);
  assert.equal(still.status, 201, 'an unconfirmed enrolment must not require TOTP at login');
});

test('confirm: wrong code is 422, the right RFC 6238 code gives 10 recovery codes', async () => {
  const now = stepAt();
  const near = new Set([-2, -1, 0, 1, 2].map((d) => totp(st.secret, now + d)));
  let wrong = '000000';
  while (near.has(wrong)) wrong = String((Number(wrong) + 111111) % 1e6).padStart(6, '0');
  const bad = await api(base, 'POST', '/api/v1/me/totp/confirm', as(st.session, { body: { code: wrong } }));
  assertProblem(bad, 422, { slug: 'validation', field: 'code' });
  assert.equal((await api(base, 'GET', '/api/v1/me', as(st.session))).json.totp_enabled, false);

  const step = await waitForFreshStep();
  const ok = await api(base, 'POST', '/api/v1/me/totp/confirm', as(st.session, { body: { code: totp(st.secret, step) } }));
  st.usedSteps.add(step);
  assert.equal(ok.status, 200, ok.text);
  const codes = ok.json.recovery_codes;
  assert.ok(Array.isArray(codes), 'recovery_codes must be an array');
  assert.equal(codes.length, 10);
  for (const c of codes) assert.ok(typeof c === 'string' && c.length >= 8, `weak recovery code ${c}`);
  assert.equal(new Set(codes).size, 10, 'recovery codes must be distinct');
  st.recovery = codes;
  const me = await api(base, 'GET', '/api/v1/me', as(st.session));
  assert.equal(me.json.totp_enabled, true);

  // A second user enrolled in the same step, for the parallel tests below.
  const d = await mustLogin(base, 'doiungcuu');
  const e = await api(base, 'POST', '/api/v1/me/totp', as(d));
  assert.equal(e.status, 201, e.text);
  const dc = await api(base, 'POST', '/api/v1/me/totp/confirm', as(d, { body: { code: totp(e.json.secret, step) } }));
  assert.equal(dc.status, 200, dc.text);
  st.d = { secret: e.json.secret, recovery: dc.json.recovery_codes, usedSteps: new Set([step]) };
});

test('login without a code is 401 totp-required naming field totp, and gives no session', async () => {
  const r = await login(base, 'bcd', SAMPLE_PASSWORD);
  assertProblem(r.res, 401, { slug: 'totp-required', field: 'totp' });
  assert.equal(r.cookie, null);
});

test('login with a wrong code is 401 without a session', async () => {
  const now = stepAt();
  const near = new Set([-2, -1, 0, 1, 2].map((d) => totp(st.secret, now + d)));
  let wrong = '123456';
  while (near.has(wrong)) wrong = String((Number(wrong) + 1) % 1e6).padStart(6, '0');
  const r = await login(base, 'bcd', SAMPLE_PASSWORD, { totp: wrong });
  assertProblem(r.res, 401);
  assert.equal(r.cookie, null);
});

test('recovery code logs in once; the same code a second time is refused', async () => {
  const code = st.recovery[3];
  const r1 = await login(base, 'bcd', SAMPLE_PASSWORD, { recovery_code: code });
  assert.equal(r1.status, 201, r1.res.text);
  assert.ok(r1.cookie);
  const r2 = await login(base, 'bcd', SAMPLE_PASSWORD, { recovery_code: code });
  assertProblem(r2.res, 401);
  assert.equal(r2.cookie, null);
  // Another recovery code still works.
  const r3 = await login(base, 'bcd', SAMPLE_PASSWORD, { recovery_code: st.recovery[7] });
  assert.equal(r3.status, 201, r3.res.text);
});

test('login with the current TOTP code is 201; replaying that code is refused', async () => {
  const step = await waitForFreshStep();
  const code = totp(st.secret, step);
  const r = await login(base, 'bcd', SAMPLE_PASSWORD, { totp: code });
  st.usedSteps.add(step);
  assert.equal(r.status, 201, r.res.text);
  assert.ok(r.cookie);
  const me = await api(base, 'GET', '/api/v1/me', { cookie: r.cookie });
  assert.equal(me.json.login, 'bcd');
  assert.equal(me.json.totp_enabled, true);
  // RFC 6238 section 5.2: a code is accepted once.
  const replay = await login(base, 'bcd', SAMPLE_PASSWORD, { totp: code });
  assertProblem(replay.res, 401);
  assert.equal(replay.cookie, null);
});

test('the same TOTP code sent three times at once is accepted once only (RFC 6238 5.2)', async () => {
  const step = await waitForFreshStep(st.d.usedSteps);
  const same = totp(st.d.secret, step);
  const rs = await Promise.all([0, 1, 2].map(() => login(base, 'doiungcuu', SAMPLE_PASSWORD, { totp: same })));
  st.d.usedSteps.add(step);
  assert.equal(rs.filter((x) => x.status === 201).length, 1, `statuses ${rs.map((x) => x.status).join(',')}`);
  for (const r of rs.filter((x) => x.status !== 201)) assertProblem(r.res, 401);
});

test('a recovery code sent three times at once is accepted once only', async () => {
  const code = st.d.recovery[5];
  const rs = await Promise.all([0, 1, 2].map(() => login(base, 'doiungcuu', SAMPLE_PASSWORD, { recovery_code: code })));
  assert.equal(rs.filter((x) => x.status === 201).length, 1, `statuses ${rs.map((x) => x.status).join(',')}`);
  for (const r of rs.filter((x) => x.status !== 201)) assertProblem(r.res, 401);
});

test('with TOTP enabled, a wrong password is invalid-credentials with or without a code', async () => {
  // A second user (kiemtra), so that bcd's failures stay below the lockout.
  const s = await mustLogin(base, 'kiemtra');
  const e = await api(base, 'POST', '/api/v1/me/totp', as(s));
  assert.equal(e.status, 201, e.text);
  const step = stepAt();
  const c = await api(base, 'POST', '/api/v1/me/totp/confirm', as(s, { body: { code: totp(e.json.secret, step) } }));
  assert.equal(c.status, 200, c.text);
  // Without a code: the answer must not reveal that the password was wrong or right.
  const noCode = await login(base, 'kiemtra', 'Not-The-Password-1!');
  assertProblem(noCode.res, 401, { slug: 'invalid-credentials' });
  assert.equal(noCode.cookie, null);
  const withCode = await login(base, 'kiemtra', 'Not-The-Password-1!', { totp: totp(e.json.secret, stepAt() + 1) });
  assertProblem(withCode.res, 401, { slug: 'invalid-credentials' });
  assert.equal(withCode.cookie, null);
  const withRecovery = await login(base, 'kiemtra', 'Not-The-Password-1!', { recovery_code: c.json.recovery_codes[0] });
  assertProblem(withRecovery.res, 401, { slug: 'invalid-credentials' });
  assert.equal(withRecovery.cookie, null);
  // The recovery code was not consumed by the failed attempt.
  const ok = await login(base, 'kiemtra', SAMPLE_PASSWORD, { recovery_code: c.json.recovery_codes[0] });
  assert.equal(ok.status, 201, ok.res.text);
});

test('require_totp on the home unit: /me says must_enrol_totp', async () => {
  const units = await listAll(base, '/api/v1/units', as(admin));
  const xa = units.find((u) => u.code === 'XA-NT');
  const p = await api(base, 'PATCH', `/api/v1/units/${xa.id}`,
    as(admin, { ifMatch: xa.version, body: { require_totp: true } }));
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.require_totp, true);
  const s = await mustLogin(base, 'vanhanh.xa');
  const me = await api(base, 'GET', '/api/v1/me', as(s));
  assert.equal(me.status, 200, me.text);
  assert.equal(me.json.totp_enabled, false);
  assert.equal(me.json.must_enrol_totp, true);
  // Users elsewhere are not affected.
  const other = await mustLogin(base, 'vanhanh.snv');
  assert.equal((await api(base, 'GET', '/api/v1/me', as(other))).json.must_enrol_totp, false);
});
