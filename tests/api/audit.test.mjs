// Audit log: entries for actions, filters, verify via API and CLI, and
// tamper detection after direct database edits.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startServer, api, login, mustLogin, listAll } from './lib/server.mjs';
import { useEngine, assertProblem, as, uniq } from './lib/common.mjs';

const ctx = useEngine();
let srv;
let base;
let admin;
let U;

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

before(async () => {
  srv = await startServer(ctx);
  base = srv.base;
  admin = await mustLogin(base, 'admin');
  U = Object.fromEntries((await listAll(base, '/api/v1/units', as(admin))).map((u) => [u.code, u]));
});
after(async () => { if (srv) await srv.stop(); });

const entries = (b, s, q = '') => listAll(b, `/api/v1/audit${q}`, as(s));
const maxId = (list) => list.reduce((m, e) => Math.max(m, Number(e.id)), 0);
async function since(id) { return (await entries(base, admin)).filter((e) => Number(e.id) > id); }
const mentions = (e, login, userId) => e.actor_login === login || String(e.object_id) === String(userId)
  || JSON.stringify(e).includes(`"${login}"`);

const st = {};

test('entries have the documented shape; ids are unique', async () => {
  const list = await entries(base, admin);
  assert.ok(list.length > 0, 'init/login must already have written entries');
  for (const e of list) {
    for (const k of ['id', 'at', 'actor_login', 'source', 'action', 'object_type', 'object_id', 'unit_id']) {
      assert.ok(k in e, `audit entry lacks ${k}: ${JSON.stringify(e)}`);
    }
    assert.match(e.at, ISO_MS);
    assert.equal(typeof e.action, 'string');
  }
  assert.equal(new Set(list.map((e) => e.id)).size, list.length);
});

test('a successful login is audited', async () => {
  const m = maxId(await entries(base, admin));
  const s = await mustLogin(base, 'kiemtra');
  st.kiemtra = s;
  const news = await since(m);
  const hit = news.filter((e) => mentions(e, 'kiemtra', s.user.id) && /login|session/i.test(e.action)
    && !/fail|invalid|denied|reject/i.test(e.action));
  assert.ok(hit.length >= 1, `no login entry for kiemtra in ${JSON.stringify(news)}`);
});

test('a failed login is audited', async () => {
  const users = await listAll(base, '/api/v1/users', as(admin));
  const bcd = users.find((u) => u.login === 'bcd');
  const m = maxId(await entries(base, admin));
  const r = await login(base, 'bcd', 'Definitely-Wrong-1!');
  assert.equal(r.status, 401);
  const news = await since(m);
  const hit = news.filter((e) => mentions(e, 'bcd', bcd.id) && /fail|invalid|denied|reject|bad/i.test(e.action));
  assert.ok(hit.length >= 1, `no failed-login entry for bcd in ${JSON.stringify(news)}`);
});

test('a unit create is audited with object and actor', async () => {
  const m = maxId(await entries(base, admin));
  const c = await api(base, 'POST', '/api/v1/units', as(admin, {
    body: { parent_id: U.SNV.id, code: `AU-${uniq()}`, name: 'Đơn vị kiểm toán', kind: 'office' },
  }));
  assert.equal(c.status, 201, c.text);
  const news = await since(m);
  const hit = news.filter((e) => e.object_type === 'unit' && String(e.object_id) === String(c.json.id));
  assert.ok(hit.length >= 1, `no unit entry in ${JSON.stringify(news)}`);
  assert.equal(hit[0].actor_login, 'admin');
  assert.match(hit[0].action, /create|add|new/i);
  st.unitAction = hit[0].action;
  st.unitEntry = hit[0];
});

test('a role change is audited', async () => {
  const users = await listAll(base, '/api/v1/users', as(admin));
  const dp = users.find((u) => u.login === 'doiungcuu');
  const m = maxId(await entries(base, admin));
  const r = await api(base, 'PUT', `/api/v1/users/${dp.id}/roles`, as(admin, {
    ifMatch: dp.version, body: { roles: [{ role: 'member', unit_id: U.HY.id }, { role: 'operator', unit_id: U.TTDL.id }] },
  }));
  assert.equal(r.status, 200, r.text);
  const news = await since(m);
  const hit = news.filter((e) => e.object_type === 'user' && String(e.object_id) === String(dp.id) && /role/i.test(e.action));
  assert.ok(hit.length >= 1, `no role entry in ${JSON.stringify(news)}`);
  assert.equal(hit[0].actor_login, 'admin');
  assert.notEqual(hit[0].before_digest ?? null, hit[0].after_digest ?? 'x', 'before/after digests must differ');
});

test('filters: action and object_type', async () => {
  const byAction = await entries(base, admin, `?action=${encodeURIComponent(st.unitAction)}`);
  assert.ok(byAction.length >= 1);
  assert.ok(byAction.every((e) => e.action === st.unitAction));
  assert.ok(byAction.some((e) => e.id === st.unitEntry.id));
  const byType = await entries(base, admin, '?object_type=unit');
  assert.ok(byType.length >= 1);
  assert.ok(byType.every((e) => e.object_type === 'unit'));
  const none = await entries(base, admin, '?action=no.such.action');
  assert.equal(none.length, 0);
  for (const bad of ['0', '201', 'x']) {
    assertProblem(await api(base, 'GET', `/api/v1/audit?limit=${bad}`, as(admin)), [400, 422], { field: 'limit', msg: bad });
  }
  const all = await entries(base, admin);
  const dflt = await api(base, 'GET', '/api/v1/audit', as(admin));
  assert.equal(dflt.json.items.length, Math.min(50, all.length), 'default page size is 50');
  if (all.length > 50) assert.equal(typeof dflt.json.next_cursor, 'string');
  const page = await api(base, 'GET', '/api/v1/audit?limit=2', as(admin));
  assert.equal(page.json.items.length, 2);
  assert.equal(typeof page.json.next_cursor, 'string');
});

test('auditor reads the log; others get 403', async () => {
  assert.equal((await api(base, 'GET', '/api/v1/audit', as(st.kiemtra))).status, 200);
  const s = await mustLogin(base, 'vanhanh.snv');
  assertProblem(await api(base, 'GET', '/api/v1/audit', as(s)), 403, { slug: 'forbidden' });
  assertProblem(await api(base, 'GET', '/api/v1/audit/verify', as(s)), 403, { slug: 'forbidden' });
});

test('verify: API ok=true and CLI exit 0 on an intact log', async () => {
  const list = await entries(base, admin);
  const r = await api(base, 'GET', '/api/v1/audit/verify', as(admin));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.ok, true, r.text);
  assert.ok(r.json.entries >= list.length, `entries ${r.json.entries} < ${list.length} listed`);
  assert.equal(r.json.first_bad_id ?? null, null);
  const c = srv.cli('audit', 'verify');
  assert.equal(c.status, 0, `${c.stdout}\n${c.stderr}`);
});

// ------------------------------------------------------------ tampering

async function populate(s) {
  const a = await mustLogin(s.base, 'admin');
  const units = await listAll(s.base, '/api/v1/units', as(a));
  const snv = units.find((u) => u.code === 'SNV');
  for (let i = 0; i < 4; i++) {
    const r = await api(s.base, 'POST', '/api/v1/units', as(a, {
      body: { parent_id: snv.id, code: `TP-${uniq()}`, name: `Đơn vị ${i}`, kind: 'office' },
    }));
    assert.equal(r.status, 201, r.text);
  }
  await login(s.base, 'bcd', 'Wrong-Wrong-Wrong-1');
  await mustLogin(s.base, 'dieuphoi');
  const ok = await api(s.base, 'GET', '/api/v1/audit/verify', as(a));
  assert.equal(ok.json.ok, true, `fresh log must verify: ${ok.text}`);
  const c = s.cli('audit', 'verify');
  assert.equal(c.status, 0, `fresh log must verify: ${c.stdout}\n${c.stderr}`);
  return a;
}

const q = (s, sql) => s.sql(sql).trim();
function ids(s) {
  return q(s, 'SELECT id FROM audit_entries ORDER BY id').split('\n').filter(Boolean).map(Number);
}
function columns(s) {
  const sql = s.engine === 'sqlite'
    ? "SELECT name FROM pragma_table_info('audit_entries') ORDER BY cid"
    : "SELECT column_name FROM information_schema.columns WHERE table_name = 'audit_entries' ORDER BY ordinal_position";
  return q(s, sql).split('\n').filter(Boolean).filter((c) => c !== 'id');
}
/** An attacker with database access removes whatever guards the table. */
function dropGuards(s) {
  if (s.engine === 'sqlite') {
    for (const t of q(s, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_entries'").split('\n').filter(Boolean)) {
      s.sql(`DROP TRIGGER "${t}"`);
    }
  } else {
    s.sql('ALTER TABLE audit_entries DISABLE TRIGGER ALL');
    for (const r of q(s, "SELECT rulename FROM pg_rules WHERE tablename = 'audit_entries'").split('\n').filter(Boolean)) {
      s.sql(`DROP RULE "${r}" ON audit_entries`);
    }
  }
}

function mentionsId(text, id) {
  return new RegExp(`(^|[^0-9])${id}([^0-9]|$)`).test(text);
}

async function expectBroken(s, a, okIds, what) {
  const c = s.cli('audit', 'verify');
  const out = `${c.stdout}\n${c.stderr}`;
  assert.equal(c.status, 1, `${what}: audit verify must exit 1, got ${c.status}: ${out}`);
  assert.ok(okIds.some((id) => mentionsId(out, id)), `${what}: CLI output must name entry ${okIds.join(' or ')}: ${out}`);
  const r = await api(s.base, 'GET', '/api/v1/audit/verify', as(a));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.ok, false, `${what}: API verify must say ok=false: ${r.text}`);
  assert.ok(okIds.includes(Number(r.json.first_bad_id)), `${what}: first_bad_id ${r.json.first_bad_id}, want ${okIds.join(' or ')}`);
  assert.equal(typeof r.json.reason, 'string');
  assert.ok(r.json.reason.length > 0);
  assert.ok(mentionsId(out, Number(r.json.first_bad_id)), `${what}: CLI and API must name the same entry: ${out}`);
}

async function tamperCase(what, fn) {
  const s = await startServer(ctx);
  try {
    const a = await populate(s);
    const all = ids(s);
    assert.deepEqual(all, Array.from({ length: all.length }, (_, i) => i + 1), 'ids are contiguous from 1');
    assert.ok(all.length >= 7, `need at least 7 entries, have ${all.length}`);
    dropGuards(s);
    const want = fn(s, Math.floor(all.length / 2), all.length);
    await expectBroken(s, a, want, what);
  } finally {
    await s.stop();
  }
}

test('tamper (a): editing one entry\'s action is detected at that entry', async () => {
  await tamperCase('edit', (s, k) => {
    const before0 = q(s, `SELECT action FROM audit_entries WHERE id = ${k}`);
    s.sql(`UPDATE audit_entries SET action = action || '.x' WHERE id = ${k}`);
    assert.equal(q(s, `SELECT action FROM audit_entries WHERE id = ${k}`), `${before0}.x`, 'tamper must apply');
    return [k];
  });
});

test('tamper (b): deleting an entry in the middle is detected', async () => {
  await tamperCase('delete', (s, k, n) => {
    s.sql(`DELETE FROM audit_entries WHERE id = ${k}`);
    assert.equal(Number(q(s, 'SELECT count(*) FROM audit_entries')) >= n - 1, true);
    assert.equal(q(s, `SELECT count(*) FROM audit_entries WHERE id = ${k}`), '0', 'tamper must apply');
    // The gap itself, or the first entry after it whose link no longer holds.
    return [k, k + 1];
  });
});

test('tamper (c): swapping the contents of two entries is detected at the first', async () => {
  await tamperCase('swap', (s, k) => {
    const i = k - 1;
    const j = k + 1;
    const cols = columns(s);
    assert.ok(cols.includes('hash') && cols.includes('prev_hash') && cols.includes('action'), cols.join(','));
    const hi = q(s, `SELECT hash FROM audit_entries WHERE id = ${i}`);
    const hj = q(s, `SELECT hash FROM audit_entries WHERE id = ${j}`);
    const list = cols.map((c) => `"${c}"`).join(', ');
    s.sql(`BEGIN;
      CREATE TEMP TABLE sw AS SELECT * FROM audit_entries WHERE id IN (${i}, ${j});
      DELETE FROM audit_entries WHERE id IN (${i}, ${j});
      INSERT INTO audit_entries (id, ${list}) SELECT CASE id WHEN ${i} THEN ${j} ELSE ${i} END, ${list} FROM sw;
      DROP TABLE sw;
      COMMIT;`);
    assert.equal(q(s, `SELECT hash FROM audit_entries WHERE id = ${i}`), hj, 'tamper must apply');
    assert.equal(q(s, `SELECT hash FROM audit_entries WHERE id = ${j}`), hi, 'tamper must apply');
    return [i];
  });
});

test('tamper (d): removing the newest entries is detected', async () => {
  const s = await startServer(ctx);
  let stopped = false;
  try {
    await populate(s);
    await s.stop({ keepDir: true });
    stopped = true;
    dropGuards(s);
    const n = ids(s).length;
    s.sql(`DELETE FROM audit_entries WHERE id >= ${n - 1}`);
    const c = s.cli('audit', 'verify');
    assert.equal(c.status, 1, `truncated log must not verify: ${c.stdout}\n${c.stderr}`);
  } finally {
    if (!stopped) await s.stop();
    fs.rmSync(s.dir, { recursive: true, force: true });
  }
});

test('concurrent writes keep one unbroken chain', async () => {
  const s = await startServer(ctx);
  try {
    const a = await mustLogin(s.base, 'admin');
    const units = await listAll(s.base, '/api/v1/units', as(a));
    const snv = units.find((u) => u.code === 'SNV');
    const creates = [];
    const fails = [];
    for (let i = 0; i < 24; i++) {
      creates.push(api(s.base, 'POST', '/api/v1/units', as(a, {
        body: { parent_id: snv.id, code: `CC-${uniq()}`, name: `Song song ${i}`, kind: 'office' },
      })));
      if (i % 6 === 0) fails.push(login(s.base, 'vanhanh.snv', `Wrong-${i}-password`));
    }
    for (const r of await Promise.all(creates)) assert.equal(r.status, 201, r.text);
    for (const r of await Promise.all(fails)) assert.equal(r.status, 401, r.res.text);
    const all = ids(s);
    assert.deepEqual(all, Array.from({ length: all.length }, (_, i) => i + 1), 'ids stay contiguous from 1');
    const v = await api(s.base, 'GET', '/api/v1/audit/verify', as(a));
    assert.equal(v.json.ok, true, v.text);
    const c = s.cli('audit', 'verify');
    assert.equal(c.status, 0, `${c.stdout}\n${c.stderr}`);
  } finally {
    await s.stop();
  }
});
