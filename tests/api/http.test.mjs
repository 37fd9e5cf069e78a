// HTTP plumbing: security headers, /metrics, OpenAPI, graceful SIGTERM.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, api, login, mustLogin, sleep, waitExit, rawHttp, SAMPLE_PASSWORD, ADMIN_PASSWORD,
} from './lib/server.mjs';
import { useEngine, as } from './lib/common.mjs';

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

function assertSecurityHeaders(r, what) {
  const h = r.headers;
  const csp = h.get('content-security-policy');
  assert.ok(csp && csp.trim().length > 0, `${what}: Content-Security-Policy missing`);
  assert.equal(h.get('x-content-type-options'), 'nosniff', `${what}: X-Content-Type-Options`);
  assert.equal(h.get('referrer-policy'), 'no-referrer', `${what}: Referrer-Policy`);
  assert.equal(String(h.get('x-frame-options')).toUpperCase(), 'DENY', `${what}: X-Frame-Options`);
  assert.ok(/(^|,)\s*no-store\b/.test(h.get('cache-control') || ''), `${what}: Cache-Control no-store (${h.get('cache-control')})`);
}

test('security headers on every reply, errors included', async () => {
  const cases = [
    ['GET /healthz', () => api(base, 'GET', '/healthz'), 200],
    ['GET /metrics', () => api(base, 'GET', '/metrics'), 200],
    ['GET /api/v1/openapi.json', () => api(base, 'GET', '/api/v1/openapi.json'), 200],
    ['GET /api/v1/me (cookie)', () => api(base, 'GET', '/api/v1/me', as(admin)), 200],
    ['GET /api/v1/me (none)', () => api(base, 'GET', '/api/v1/me'), 401],
    ['GET /nope', () => api(base, 'GET', '/nope'), 404],
    ['GET /api/v1/units/999999', () => api(base, 'GET', '/api/v1/units/999999', as(admin)), 404],
    ['PUT /healthz', () => api(base, 'PUT', '/healthz', { body: {} }), 405],
    ['POST /api/v1/session bad JSON', () => api(base, 'POST', '/api/v1/session', { raw: '{' }), 400],
    ['POST /api/v1/session text/plain', () => api(base, 'POST', '/api/v1/session', { raw: '{}', contentType: 'text/plain' }), 415],
    ['POST /api/v1/me/tokens no CSRF', () => api(base, 'POST', '/api/v1/me/tokens', { cookie: admin.cookie, body: { name: 'x' } }), 403],
    ['POST /api/v1/session ok', () => api(base, 'POST', '/api/v1/session', { body: { login: 'admin', password: ADMIN_PASSWORD } }), 201],
    ['DELETE /api/v1/me/tokens/999999', () => api(base, 'DELETE', '/api/v1/me/tokens/999999', as(admin)), 404],
  ];
  for (const [what, fn, status] of cases) {
    const r = await fn();
    assert.equal(r.status, status, `${what}: ${r.text.slice(0, 300)}`);
    assertSecurityHeaders(r, what);
  }
});

// ------------------------------------------------------------ metrics

function parseMetrics(text) {
  const samples = [];
  const types = {};
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const t = line.match(/^# TYPE (\S+) (\S+)/);
    if (t) { types[t[1]] = t[2]; continue; }
    if (line.startsWith('#')) continue;
    const m = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/);
    assert.ok(m, `unparseable metrics line: ${line}`);
    const labels = {};
    if (m[2]) {
      for (const lm of m[2].matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[lm[1]] = lm[2];
    }
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return { samples, types };
}
async function scrape() {
  const r = await api(base, 'GET', '/metrics');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type') || '', /^text\/plain/);
  return parseMetrics(r.text);
}
const healthzCount = (m) => m.samples
  .filter((s) => s.name === 'ungcuu_http_requests_total' && s.labels.route === '/healthz' && s.labels.status === '200')
  .reduce((a, s) => a + s.value, 0);

test('/metrics: request counter by route and status, latency histogram, db connections', async () => {
  const marker = `zz${Date.now()}`;
  await api(base, 'GET', `/nope-${marker}`);
  await api(base, 'GET', '/api/v1/units/4242', as(admin));
  await api(base, 'GET', '/healthz');
  const m1 = await scrape();
  assert.equal(m1.types.ungcuu_http_requests_total, 'counter');
  assert.equal(m1.types.ungcuu_http_request_duration_seconds, 'histogram');
  const reqs = m1.samples.filter((s) => s.name === 'ungcuu_http_requests_total');
  assert.ok(reqs.length > 0, 'ungcuu_http_requests_total missing');
  for (const s of reqs) {
    assert.ok('route' in s.labels && 'status' in s.labels, `labels route and status: ${JSON.stringify(s.labels)}`);
    assert.match(s.labels.status, /^[1-5]\d\d$/);
    assert.ok(!s.labels.route.includes(marker), `route label must be the route, not the raw path: ${s.labels.route}`);
    assert.ok(!/\/4242(\/|$)/.test(s.labels.route), `route label must not carry ids: ${s.labels.route}`);
  }
  assert.ok(reqs.some((s) => s.labels.status === '404'), '404 replies must be counted');
  assert.ok(healthzCount(m1) >= 1, 'GET /healthz must be counted under route="/healthz"');

  for (let i = 0; i < 3; i++) assert.equal((await api(base, 'GET', '/healthz')).status, 200);
  const m2 = await scrape();
  assert.equal(healthzCount(m2) - healthzCount(m1), 3, 'counter must count each request once');

  const buckets = m2.samples.filter((s) => s.name === 'ungcuu_http_request_duration_seconds_bucket');
  assert.ok(buckets.length > 0, 'latency histogram buckets missing');
  assert.ok(buckets.some((b) => b.labels.le === '+Inf'), 'histogram needs le="+Inf"');
  assert.ok(m2.samples.some((s) => s.name === 'ungcuu_http_request_duration_seconds_count'));
  assert.ok(m2.samples.some((s) => s.name === 'ungcuu_http_request_duration_seconds_sum'));
  // Buckets are cumulative within a series; +Inf equals _count.
  const series = new Map();
  for (const b of buckets) {
    const { le, ...rest } = b.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    if (!series.has(key)) series.set(key, []);
    series.get(key).push([le === '+Inf' ? Infinity : Number(le), b.value]);
  }
  for (const [key, pts] of series) {
    pts.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < pts.length; i++) assert.ok(pts[i][1] >= pts[i - 1][1], `histogram ${key} not cumulative`);
    const labels = Object.fromEntries(JSON.parse(key));
    const count = m2.samples.find((s) => s.name === 'ungcuu_http_request_duration_seconds_count'
      && JSON.stringify(Object.entries(s.labels).sort()) === JSON.stringify(Object.entries(labels).sort()));
    if (count) assert.equal(pts[pts.length - 1][1], count.value, `histogram ${key}: +Inf bucket = _count`);
  }
  const db = m2.samples.filter((s) => s.name === 'ungcuu_db_connections');
  assert.ok(db.length > 0, 'ungcuu_db_connections missing');
  assert.ok(db.every((s) => Number.isFinite(s.value) && s.value >= 0));
});

// ------------------------------------------------------------ OpenAPI

const CONTRACT_ROUTES = [
  ['post', '/api/v1/session'], ['delete', '/api/v1/session'], ['get', '/api/v1/me'],
  ['post', '/api/v1/me/password'], ['post', '/api/v1/me/totp'], ['post', '/api/v1/me/totp/confirm'],
  ['get', '/api/v1/me/tokens'], ['post', '/api/v1/me/tokens'], ['delete', '/api/v1/me/tokens/{}'],
  ['get', '/api/v1/units'], ['get', '/api/v1/units/{}'], ['post', '/api/v1/units'], ['patch', '/api/v1/units/{}'],
  ['post', '/api/v1/units/{}/move'], ['get', '/api/v1/users'], ['get', '/api/v1/users/{}'], ['post', '/api/v1/users'],
  ['patch', '/api/v1/users/{}'], ['post', '/api/v1/users/{}/disable'], ['put', '/api/v1/users/{}/roles'],
  ['get', '/api/v1/audit'], ['get', '/api/v1/audit/verify'], ['get', '/api/v1/openapi.json'], ['get', '/healthz'],
  ['get', '/metrics'],
];

test('/api/v1/openapi.json is OpenAPI 3.1.0 and documents every contract route', async () => {
  const r = await api(base, 'GET', '/api/v1/openapi.json');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type') || '', /json/);
  const doc = JSON.parse(r.text);
  assert.equal(doc.openapi, '3.1.0');
  assert.equal(typeof doc.info?.title, 'string');
  assert.equal(typeof doc.info?.version, 'string');
  assert.ok(doc.paths && typeof doc.paths === 'object');
  const norm = new Map();
  for (const [p, item] of Object.entries(doc.paths)) {
    const key = p.replace(/\{[^}]+\}/g, '{}');
    for (const m of Object.keys(item)) norm.set(`${m.toLowerCase()} ${key}`, true);
  }
  const prefixed = (p) => [p, p.replace(/^\/api\/v1/, '')];
  for (const [m, p] of CONTRACT_ROUTES) {
    const ok = prefixed(p).some((q) => norm.has(`${m} ${q}`))
      || (doc.servers || []).some((s) => norm.has(`${m} ${p.replace(new RegExp(`^${s.url}`), '')}`));
    assert.ok(ok, `OpenAPI lacks ${m.toUpperCase()} ${p}`);
  }
});

// ------------------------------------------------------------ graceful shutdown

test('SIGTERM lets in-flight logins finish with 201, then the process exits 0', async () => {
  const s = await startServer(ctx);
  let exitedOk = false;
  try {
    const t0 = Date.now();
    const warm = await login(s.base, 'bcd', SAMPLE_PASSWORD);
    assert.equal(warm.status, 201);
    const one = Date.now() - t0;
    const users = ['dieuphoi', 'kiemtra', 'doiungcuu'];
    const done = [];
    const inflight = users.map((u) => login(s.base, u, SAMPLE_PASSWORD).then((r) => { done.push(Date.now()); return r; }));
    await sleep(Math.max(5, Math.floor(one / 3)));
    const termAt = Date.now();
    s.proc.kill('SIGTERM');
    const results = await Promise.all(inflight);
    for (const [i, r] of results.entries()) {
      assert.equal(r.status, 201, `${users[i]}: in-flight login must complete: ${r.res.text}`);
      assert.ok(r.cookie, 'in-flight login must get its cookie');
    }
    assert.ok(done.some((t) => t > termAt), `the logins (${one} ms each) finished before SIGTERM; nothing was in flight`);
    const ex = await waitExit(s.exited, 15000);
    assert.notEqual(ex, 'timeout', 'process must exit after SIGTERM');
    assert.deepEqual(ex, { code: 0, signal: null }, `exit after SIGTERM: ${JSON.stringify(ex)}\n${s.logs().slice(-2000)}`);
    exitedOk = true;
    await assert.rejects(fetch(`${s.base}/healthz`, { signal: AbortSignal.timeout(2000) }), 'no more connections after exit');
  } finally {
    if (!exitedOk && !s.exitInfo) s.proc.kill('SIGKILL');
    if (exitedOk) await s.stop(); else await s.stop().catch(() => {});
  }
});

// ------------------------------------------------------------ TLS and --max-body

test('under TLS: Strict-Transport-Security and a Secure cookie; --max-body is honoured', async () => {
  const { execFileSync } = await import('node:child_process');
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ungcuu-tls-'));
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
  { stdio: 'ignore' });
  const ca = fs.readFileSync(cert);
  const s = await startServer({ ...ctx, tls: { cert, key, ca }, args: ['--max-body', '4096'] });
  try {
    const h = await rawHttp(`${s.base}/healthz`, { ca });
    assert.equal(h.status, 200);
    assertSecurityHeaders(h, 'TLS /healthz');
    const hsts = h.headers.get('strict-transport-security');
    assert.ok(hsts && /max-age=\d+/.test(hsts) && Number(hsts.match(/max-age=(\d+)/)[1]) > 0, `HSTS under TLS: ${hsts}`);

    const body = JSON.stringify({ login: 'admin', password: ADMIN_PASSWORD });
    const l = await rawHttp(`${s.base}/api/v1/session`, {
      method: 'POST', ca, body, headers: { 'content-type': 'application/json' },
    });
    assert.equal(l.status, 201, l.text);
    const c = l.setCookie.find((x) => x.startsWith('uc_session='));
    assert.ok(c, 'uc_session cookie');
    const attrs = c.split(';').map((x) => x.trim().toLowerCase());
    for (const a of ['secure', 'httponly', 'samesite=strict', 'path=/']) assert.ok(attrs.includes(a), `${a} missing: ${c}`);
    assert.ok(l.headers.get('strict-transport-security'), 'HSTS on API replies too');

    const big = JSON.stringify({ login: 'admin', password: 'x'.repeat(5000) });
    const r = await rawHttp(`${s.base}/api/v1/session`, {
      method: 'POST', ca, body: big, headers: { 'content-type': 'application/json' },
    });
    assert.equal(r.status, 413, r.text);
    assert.equal(r.json?.type, 'https://ungcuu.vn/problems/payload-too-large');
  } finally {
    await s.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
