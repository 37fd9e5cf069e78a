// Start an ungcuu server for one test file, plus a tiny HTTP client.
//
//   const srv = await startServer({ engine: 'sqlite' | 'postgres', pgUrl, env })
//   srv.base       http://127.0.0.1:PORT
//   srv.url        database URL (sqlite:/tmp/.../ungcuu.db or postgres://...)
//   srv.cli(...args[, {env, input}])  -> {status, stdout, stderr}  (adds --db URL)
//   srv.sql(sql)   run SQL directly on the database (sqlite3 / psql), returns stdout
//   srv.stop()     SIGTERM, asserts a clean exit 0
import { spawn, spawnSync } from 'node:child_process';
import http from 'node:http';
import https from 'node:https';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { freePort, createDatabase, psql } from './pg.mjs';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const BIN = path.resolve(REPO_ROOT, process.env.UNGCUU_BIN || 'build/ungcuu');
export const ADMIN_PASSWORD = 'Adm1n-Th1s-Is-Long!';
export const SAMPLE_PASSWORD = 'Sampl3-Pa55word-Ok';
export const SAMPLE_USERS = ['admin', 'dieuphoi', 'bcd', 'kiemtra', 'doiungcuu', 'lanhdao.snv',
  'vanhanh.snv', 'vanhanh.xa', 'quantri.snv'];
export const passwordOf = (login) => (login === 'admin' ? ADMIN_PASSWORD : SAMPLE_PASSWORD);

const START_TIMEOUT_MS = Number(process.env.UNGCUU_TEST_START_TIMEOUT_MS || 20_000);
const STOP_TIMEOUT_MS = Number(process.env.UNGCUU_TEST_STOP_TIMEOUT_MS || 15_000);
const VERBOSE = !!process.env.UNGCUU_TEST_SERVER_LOG;

const live = new Set();
process.on('exit', () => {
  for (const p of live) { try { p.kill('SIGKILL'); } catch { /* gone */ } }
});

function baseEnv(extra) {
  const env = { ...process.env };
  delete env.UNGCUU_DB;
  delete env.UNGCUU_PASSWORD;
  const out = {
    ...env,
    UNGCUU_ADMIN_PASSWORD: ADMIN_PASSWORD,
    UNGCUU_SAMPLE_PASSWORD: SAMPLE_PASSWORD,
    ...(extra || {}),
  };
  // A value of null/undefined in `extra` removes the variable.
  for (const [k, v] of Object.entries(out)) if (v === null || v === undefined) delete out[k];
  return out;
}

/** Run the binary with the test environment (no --db added). */
export function runCli(args, opts = {}) { return runBin(args, opts); }

function runBin(args, { env, input, cwd } = {}) {
  const r = spawnSync(BIN, args, {
    encoding: 'utf8', env: baseEnv(env), input, cwd, timeout: 120_000,
  });
  if (r.error) throw r.error;
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Start a fresh server on a fresh database.
 * opts.engine: 'sqlite' (default) | 'postgres'; opts.pgUrl: a URL into the cluster,
 *   or opts.getPgUrl(): a promise of one (postgres)
 * opts.db: an existing database URL (no creation, no init)
 * opts.tls: {cert, key, ca} to serve HTTPS; opts.args: more serve arguments
 * opts.env: extra environment for init and serve; opts.sample: default true
 */
export async function startServer(opts = {}) {
  if (!fs.existsSync(BIN)) throw new Error(`server binary ${BIN} not found (set UNGCUU_BIN)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ungcuu-test-'));
  try {
    return await startIn(dir, opts);
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

async function startIn(dir, opts) {
  const engine = opts.engine || 'sqlite';
  const dataDir = path.join(dir, 'data');
  fs.mkdirSync(dataDir);
  let url;
  let sqlitePath = null;
  if (opts.db) {
    // An existing database: no creation, no init.
    url = opts.db;
    if (engine === 'sqlite') sqlitePath = url.replace(/^sqlite:/, '');
  } else if (engine === 'sqlite') {
    sqlitePath = path.join(dir, 'ungcuu.db');
    url = `sqlite:${sqlitePath}`;
  } else if (engine === 'postgres') {
    const pgUrl = opts.pgUrl || (opts.getPgUrl ? await opts.getPgUrl() : null);
    if (!pgUrl) throw new Error('startServer: postgres needs pgUrl (or getPgUrl)');
    url = createDatabase(pgUrl);
  } else {
    throw new Error(`unknown engine ${engine}`);
  }

  let init = null;
  if (!opts.db) {
    init = runBin(['init', '--db', url, ...(opts.sample === false ? [] : ['--sample'])],
      { env: opts.env, cwd: dir });
    if (init.status !== 0) {
      throw new Error(`ungcuu init exited ${init.status}\nstdout:\n${init.stdout}\nstderr:\n${init.stderr}`);
    }
  }

  const port = await freePort();
  const tls = opts.tls || null; // {cert, key, ca}: serve HTTPS
  const base = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  const args = ['serve', '--listen', `127.0.0.1:${port}`, '--db', url, '--data-dir', dataDir,
    ...(tls ? ['--tls-cert', tls.cert, '--tls-key', tls.key] : []), ...(opts.args || [])];
  const proc = spawn(BIN, args, { env: baseEnv(opts.env), cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(proc);
  const out = [];
  proc.stdout.on('data', (d) => { out.push(d); if (VERBOSE) process.stderr.write(d); });
  proc.stderr.on('data', (d) => { out.push(d); if (VERBOSE) process.stderr.write(d); });
  let exitInfo = null;
  const exited = new Promise((resolve) => {
    proc.on('exit', (code, signal) => { exitInfo = { code, signal }; live.delete(proc); resolve(exitInfo); });
  });
  const logs = () => Buffer.concat(out).toString('utf8');

  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (exitInfo) {
      throw new Error(`ungcuu serve exited early (${JSON.stringify(exitInfo)}):\n${logs()}`);
    }
    try {
      if (tls) {
        const r = await rawHttp(`${base}/healthz`, { ca: tls.ca, timeout: 1000 });
        if (r.status === 200) break;
      } else {
        const r = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(1000) });
        await r.arrayBuffer();
        if (r.status === 200) break;
      }
    } catch { /* not up yet */ }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`ungcuu serve did not answer /healthz within ${START_TIMEOUT_MS} ms:\n${logs()}`);
    }
    await sleep(50);
  }

  let stopped = false;
  async function stop({ keepDir = false } = {}) {
    if (stopped) return exitInfo;
    stopped = true;
    if (!exitInfo) proc.kill('SIGTERM');
    const res = await waitExit(exited, STOP_TIMEOUT_MS);
    if (res === 'timeout') {
      proc.kill('SIGKILL');
      await exited;
      assert.fail(`server did not exit within ${STOP_TIMEOUT_MS} ms after SIGTERM\n${logs()}`);
    }
    if (!keepDir) fs.rmSync(dir, { recursive: true, force: true });
    assert.deepEqual(exitInfo, { code: 0, signal: null },
      `server must exit 0 on SIGTERM, got ${JSON.stringify(exitInfo)}\n${logs().slice(-4000)}`);
    return exitInfo;
  }

  function cli(...args) {
    let o = {};
    if (args.length && typeof args[args.length - 1] === 'object') o = args.pop();
    return runBin([...args, '--db', url], { env: o.env, input: o.input, cwd: dir });
  }

  function sql(text) {
    if (engine === 'sqlite') {
      const r = spawnSync('sqlite3', ['-batch', '-bail', '-cmd', '.timeout 10000', sqlitePath, text],
        { encoding: 'utf8', timeout: 60_000 });
      if (r.error) throw r.error;
      if (r.status !== 0) throw new Error(`sqlite3 failed (${r.status}): ${text}\n${r.stderr}`);
      return r.stdout;
    }
    return psql(url, text);
  }

  return { engine, base, url, dir, dataDir, sqlitePath, port, proc, stop, cli, sql, logs, init,
    exited, get exitInfo() { return exitInfo; } };
}

export function sleep(ms) { return new Promise((r) => setTimeout(r, Math.max(0, ms))); }

/** Resolve with the exit info of `exited`, or 'timeout' after ms (timer cleared either way). */
export async function waitExit(exited, ms) {
  let t;
  const timer = new Promise((resolve) => { t = setTimeout(resolve, ms, 'timeout'); });
  try {
    return await Promise.race([exited, timer]);
  } finally {
    clearTimeout(t);
  }
}

// ---------------------------------------------------------------- client

/**
 * api(base, method, path, {cookie, csrf, token, body, raw, contentType, ifMatch, headers})
 * body: a JS value sent as JSON; raw: a string/Buffer sent as is.
 * Returns {status, headers, json, text}.
 */
export async function api(base, method, p, o = {}) {
  const headers = { accept: 'application/json', ...(o.headers || {}) };
  if (o.cookie) headers.cookie = o.cookie;
  if (o.csrf) headers['x-csrf-token'] = o.csrf;
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  if (o.ifMatch !== undefined && o.ifMatch !== null) {
    headers['if-match'] = typeof o.ifMatch === 'number' ? `"${o.ifMatch}"` : String(o.ifMatch);
  }
  let body;
  if (o.raw !== undefined) {
    body = o.raw;
    if (o.contentType !== null) headers['content-type'] = o.contentType || 'application/json';
  } else if (o.body !== undefined) {
    body = JSON.stringify(o.body);
    if (o.contentType !== null) headers['content-type'] = o.contentType || 'application/json';
  }
  const res = await fetch(base + p, { method, headers, body, redirect: 'manual' });
  const text = await res.text();
  let json = null;
  if (text.length) { try { json = JSON.parse(text); } catch { json = null; } }
  return { status: res.status, headers: res.headers, json, text };
}

/** Extract `uc_session=...` from a reply's Set-Cookie headers. */
export function sessionCookieOf(headers) {
  const all = headers.getSetCookie ? headers.getSetCookie() : [];
  const c = all.find((s) => s.startsWith('uc_session='));
  return c ? { pair: c.split(';')[0], raw: c } : null;
}

/** login(base, login, password, extra) -> {cookie, csrf, body, res, status, setCookie} */
export async function login(base, loginName, password, extra = {}) {
  const res = await api(base, 'POST', '/api/v1/session', { body: { login: loginName, password, ...extra } });
  const sc = sessionCookieOf(res.headers);
  return {
    status: res.status,
    cookie: sc ? sc.pair : null,
    setCookie: sc ? sc.raw : null,
    csrf: res.json ? res.json.csrf_token : null,
    body: res.json,
    res,
  };
}

/** Log in and fail loudly when that does not give 201. Returns {cookie, csrf, user, login}. */
export async function mustLogin(base, loginName, password = passwordOf(loginName)) {
  const s = await login(base, loginName, password);
  assert.equal(s.status, 201, `login ${loginName}: ${s.res.text}`);
  assert.ok(s.cookie, `login ${loginName}: no uc_session cookie`);
  return { cookie: s.cookie, csrf: s.csrf, user: s.body.user, login: loginName };
}

/** Collect every item of a list endpoint, following next_cursor. */
export async function listAll(base, p, auth, { limit = 200, max = 100 } = {}) {
  const items = [];
  let cursor = null;
  for (let i = 0; i < max; i++) {
    const sep = p.includes('?') ? '&' : '?';
    const q = `${p}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const r = await api(base, 'GET', q, auth);
    assert.equal(r.status, 200, `GET ${q}: ${r.text}`);
    assert.ok(Array.isArray(r.json.items), `GET ${q}: items must be an array`);
    items.push(...r.json.items);
    cursor = r.json.next_cursor;
    if (cursor === null || cursor === undefined) return items;
    assert.equal(typeof cursor, 'string');
  }
  assert.fail(`GET ${p}: more than ${max} pages`);
}

/**
 * A request with node:http / node:https (for TLS with a private CA, and for
 * bodies the server may cut short).  Returns {status, headers (a Headers),
 * setCookie [], text, json}.
 */
export function rawHttp(url, { method = 'GET', headers = {}, body, ca, chunked = false, timeout = 10_000 } = {}) {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const h = { ...headers };
    if (!chunked && body !== undefined) h['content-length'] = Buffer.byteLength(body);
    const mod = u.protocol === 'https:' ? https : http;
    const req = mod.request({
      host: u.hostname, port: u.port, method, path: u.pathname + u.search, headers: h, ca, timeout,
      agent: false,
    });
    let answered = false;
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('response', (res) => {
      answered = true;
      const chunks = [];
      res.on('data', (d) => chunks.push(d));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json = null;
        try { json = JSON.parse(text); } catch { /* not JSON */ }
        const hdrs = new Headers();
        for (const [k, v] of Object.entries(res.headers)) {
          if (k !== 'set-cookie') hdrs.set(k, Array.isArray(v) ? v.join(', ') : v);
        }
        resolve({ status: res.statusCode, headers: hdrs, setCookie: res.headers['set-cookie'] || [], text, json });
      });
    });
    req.on('error', (e) => { if (!answered) reject(e); });
    if (body !== undefined) {
      const buf = Buffer.from(body);
      if (chunked) {
        for (let i = 0; i < buf.length; i += 64 * 1024) req.write(buf.subarray(i, i + 64 * 1024));
      } else {
        req.write(buf);
      }
    }
    req.end();
  });
}
