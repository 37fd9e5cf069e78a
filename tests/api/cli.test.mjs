// The CLI beyond what the resource files use: init without passwords,
// policy, migrate, version, UNGCUU_DB, backup/restore, error exits.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, api, login, mustLogin, listAll, runCli, ADMIN_PASSWORD } from './lib/server.mjs';
import { createDatabase } from './lib/pg.mjs';
import { useEngine, as, uniq } from './lib/common.mjs';

const ctx = useEngine();
let tmp;

tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ungcuu-cli-'));
after(() => { if (tmp) fs.rmSync(tmp, { recursive: true, force: true }); });

async function freshDb(name) {
  return ctx.engine === 'sqlite' ? `sqlite:${path.join(tmp, `${name}-${uniq()}.db`)}` : createDatabase(await ctx.getPgUrl());
}
const NO_PASSWORDS = { UNGCUU_ADMIN_PASSWORD: null, UNGCUU_SAMPLE_PASSWORD: null, UNGCUU_PASSWORD: null };

test('version exits 0 and prints a version', () => {
  const r = runCli(['version']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /\d+\.\d+/);
});

test('init without passwords in the environment generates and prints them once; they work', async () => {
  const db = await freshDb('gen');
  const r = runCli(['init', '--db', db, '--sample'], { env: NO_PASSWORDS, cwd: tmp });
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  const lines = `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => /password/i.test(l));
  const last = (re) => {
    const l = lines.find((x) => re.test(x));
    assert.ok(l, `init must print a line matching ${re}: ${r.stdout}`);
    return l.trim().split(/\s+/).pop();
  };
  const adminPw = last(/admin/i);
  const samplePw = last(/sample/i);
  assert.ok(adminPw.length >= 12, `generated admin password too short: ${adminPw}`);
  assert.ok(samplePw.length >= 12, `generated sample password too short: ${samplePw}`);
  assert.notEqual(adminPw, samplePw);
  const s = await startServer({ ...ctx, db });
  try {
    assert.equal((await login(s.base, 'admin', adminPw)).status, 201, 'generated admin password must work');
    assert.equal((await login(s.base, 'dieuphoi', samplePw)).status, 201, 'generated sample password must work');
    assert.equal((await login(s.base, 'admin', ADMIN_PASSWORD)).status, 401);
  } finally {
    await s.stop();
  }
});

test('init refuses passwords that break the policy', async () => {
  for (const [what, env] of [
    ['common admin password', { UNGCUU_ADMIN_PASSWORD: 'password1234' }],
    ['short admin password', { UNGCUU_ADMIN_PASSWORD: 'Short-1!' }],
    ['common sample password', { UNGCUU_SAMPLE_PASSWORD: 'password1234' }],
  ]) {
    const r = runCli(['init', '--db', await freshDb('weak'), '--sample'], { env, cwd: tmp });
    assert.notEqual(r.status, 0, `${what}: init must fail\n${r.stdout}`);
  }
});

test('migrate on an up-to-date database exits 0; UNGCUU_DB is the default --db', async () => {
  const db = await freshDb('mig');
  assert.equal(runCli(['init', '--db', db, '--sample'], { cwd: tmp }).status, 0);
  const m = runCli(['migrate', '--db', db], { cwd: tmp });
  assert.equal(m.status, 0, `${m.stdout}\n${m.stderr}`);
  const m2 = runCli(['migrate'], { env: { UNGCUU_DB: db }, cwd: tmp });
  assert.equal(m2.status, 0, `${m2.stdout}\n${m2.stderr}`);
  const l = runCli(['unit', 'list'], { env: { UNGCUU_DB: db }, cwd: tmp });
  assert.equal(l.status, 0, l.stderr);
  assert.ok(l.stdout.includes('SNV-PC'), l.stdout);
});

test('CLI errors exit non-zero and change nothing', async () => {
  const s = await startServer(ctx);
  try {
    const a = await mustLogin(s.base, 'admin');
    const units0 = await listAll(s.base, '/api/v1/units', as(a));
    const users0 = await listAll(s.base, '/api/v1/users', as(a));
    for (const args of [
      ['token', 'create', '--user', 'nobody'],
      ['user', 'role', 'dieuphoi', '--grant', 'emperor@HY'],
      ['user', 'role', 'dieuphoi', '--grant', 'admin@NOWHERE'],
      ['user', 'disable', 'nobody'],
      ['unit', 'add', 'NEW-1', '--parent', 'NOWHERE', '--name', 'Mồ côi'],
      ['unit', 'add', 'SNV', '--parent', 'HY', '--name', 'Trùng'],
      ['unit', 'move', 'HY', '--parent', 'SNV-PC'],
      ['frobnicate'],
    ]) {
      const r = s.cli(...args, { env: { UNGCUU_PASSWORD: 'Good-Pa55word-123' } });
      assert.notEqual(r.status, 0, `${args.join(' ')} must fail: ${r.stdout}`);
      assert.ok(r.stderr.trim().length > 0, `${args.join(' ')} must say why on stderr`);
    }
    assert.deepEqual(await listAll(s.base, '/api/v1/units', as(a)), units0);
    assert.deepEqual(await listAll(s.base, '/api/v1/users', as(a)), users0);
  } finally {
    await s.stop();
  }
});

test('backup, then restore, brings the database back', async () => {
  const s = await startServer(ctx);
  let s2 = null;
  try {
    const a = await mustLogin(s.base, 'admin');
    const file = path.join(tmp, `backup-${uniq()}.bak`);
    const b = s.cli('backup', file);
    assert.equal(b.status, 0, `${b.stdout}\n${b.stderr}`);
    assert.ok(fs.existsSync(file) && fs.statSync(file).size > 0, 'backup file must exist and not be empty');
    const snapUnits = await listAll(s.base, '/api/v1/units', as(a));
    const units = Object.fromEntries(snapUnits.map((u) => [u.code, u]));
    const code = `AFTER-${uniq()}`;
    const c = await api(s.base, 'POST', '/api/v1/units', as(a, {
      body: { parent_id: units.SNV.id, code, name: 'Sau sao lưu', kind: 'office' },
    }));
    assert.equal(c.status, 201, c.text);
    await s.stop({ keepDir: true });
    const r = s.cli('restore', file);
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    s2 = await startServer({ ...ctx, db: s.url });
    const a2 = await mustLogin(s2.base, 'admin');
    const back = await listAll(s2.base, '/api/v1/units', as(a2));
    assert.ok(!back.some((u) => u.code === code), 'the unit created after the backup must be gone');
    assert.deepEqual(back.map((u) => u.code).sort(), snapUnits.map((u) => u.code).sort());
    const v = await api(s2.base, 'GET', '/api/v1/audit/verify', as(a2));
    assert.equal(v.json.ok, true, v.text);
    assert.equal(s2.cli('audit', 'verify').status, 0);
  } finally {
    if (s2) await s2.stop();
    await s.stop({ keepDir: true });
    fs.rmSync(s.dir, { recursive: true, force: true });
  }
});
