// Shared test plumbing: engine selection, problem+json assertions, sample data.
import assert from 'node:assert/strict';
import { startPostgres } from './pg.mjs';

export const ENGINE = process.env.UNGCUU_TEST_ENGINE || 'sqlite';
export const PROBLEM_BASE = 'https://ungcuu.vn/problems/';

/**
 * Call at module top level.  Returns {engine, getPgUrl()}: pass it (or a
 * spread of it) to startServer().  For postgres, getPgUrl() starts one
 * cluster for this test file on first use (or uses UNGCUU_TEST_PG_URL); the
 * cluster is stopped when the process exits.  (Node 20 runs a file's
 * top-level before() hooks concurrently, so nothing here relies on hook
 * order.)
 */
export function useEngine() {
  if (!['sqlite', 'postgres'].includes(ENGINE)) throw new Error(`UNGCUU_TEST_ENGINE=${ENGINE}?`);
  let pending = null;
  const getPgUrl = () => {
    if (ENGINE !== 'postgres') return Promise.resolve(null);
    if (!pending) {
      pending = process.env.UNGCUU_TEST_PG_URL
        ? Promise.resolve(process.env.UNGCUU_TEST_PG_URL)
        : startPostgres().then((pg) => pg.clusterUrl);
    }
    return pending;
  };
  return { engine: ENGINE, getPgUrl };
}

/**
 * Assert an RFC 9457 problem reply.
 *   status: number or array of acceptable numbers
 *   slug: expected type slug (or null to derive from the status)
 *   field / code: an errors[] entry with that field (and code) must exist
 */
const SLUG_OF = {
  400: 'invalid-request', 401: null, 403: 'forbidden', 404: 'not-found', 405: 'method-not-allowed',
  409: 'conflict', 412: 'precondition-failed', 413: 'payload-too-large', 415: 'unsupported-media-type',
  422: 'validation', 428: 'precondition-required', 429: 'too-many-requests', 500: 'internal',
};
export function assertProblem(r, status, { slug, field, code, msg } = {}) {
  const ctx = `${msg ? msg + ': ' : ''}got ${r.status} ${r.text.slice(0, 600)}`;
  const ok = Array.isArray(status) ? status : [status];
  assert.ok(ok.includes(r.status), `expected status ${ok.join('/')}, ${ctx}`);
  const ct = r.headers.get('content-type') || '';
  assert.match(ct, /^application\/problem\+json\b/, `content-type must be application/problem+json (${ct}); ${ctx}`);
  assert.ok(r.json && typeof r.json === 'object', `problem body must be JSON; ${ctx}`);
  const want = slug || SLUG_OF[r.status];
  if (want) assert.equal(r.json.type, PROBLEM_BASE + want, `problem type; ${ctx}`);
  else assert.ok(String(r.json.type).startsWith(PROBLEM_BASE), `problem type; ${ctx}`);
  assert.equal(r.json.status, r.status, `problem status member; ${ctx}`);
  assert.equal(typeof r.json.title, 'string', `problem title; ${ctx}`);
  if (field !== undefined) {
    assert.ok(Array.isArray(r.json.errors), `problem must have errors[]; ${ctx}`);
    const fields = r.json.errors.map((e) => e.field);
    const match = (e) => (field instanceof RegExp ? field.test(e.field) : e.field === field);
    const hit = r.json.errors.filter(match);
    assert.ok(hit.length > 0, `errors[] must name field ${field} (has ${JSON.stringify(fields)}); ${ctx}`);
    if (code !== undefined) {
      const codes = Array.isArray(code) ? code : [code];
      assert.ok(hit.some((e) => codes.includes(e.code)),
        `errors[] field ${field} must have code ${codes.join('/')} (has ${JSON.stringify(hit)}); ${ctx}`);
    }
    for (const e of r.json.errors) {
      assert.equal(typeof e.field, 'string', `errors[].field must be a string; ${ctx}`);
      assert.equal(typeof e.code, 'string', `errors[].code must be a string; ${ctx}`);
    }
  }
  return r.json;
}

/** Auth options for api() from a mustLogin() session. */
export const as = (s, extra = {}) => ({ cookie: s.cookie, csrf: s.csrf, ...extra });

// ------------------------------------------------------------ sample data

export const SAMPLE_UNITS = [
  { code: 'HY', name: 'Ủy ban nhân dân tỉnh Hưng Yên', kind: 'province', parent: null, symbol: 'UBND' },
  { code: 'CAT', name: 'Công an tỉnh Hưng Yên', kind: 'department', parent: 'HY', symbol: 'CAT' },
  { code: 'PA05', name: 'Phòng An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao', kind: 'office', parent: 'CAT', symbol: 'PA05' },
  { code: 'SKHCN', name: 'Sở Khoa học và Công nghệ', kind: 'department', parent: 'HY', symbol: 'SKHCN' },
  { code: 'TTDL', name: 'Trung tâm Dữ liệu và Chuyển đổi số', kind: 'agency', parent: 'SKHCN', symbol: 'TTDL' },
  { code: 'SNV', name: 'Sở Nội vụ', kind: 'department', parent: 'HY', symbol: 'SNV' },
  { code: 'SNV-VP', name: 'Văn phòng Sở Nội vụ', kind: 'office', parent: 'SNV', symbol: 'VP' },
  { code: 'SNV-PC', name: 'Phòng Pháp chế', kind: 'office', parent: 'SNV', symbol: 'PC' },
  { code: 'XA-NT', name: 'Ủy ban nhân dân xã Nghĩa Trụ', kind: 'commune', parent: 'HY', symbol: 'UBND' },
  { code: 'XA-PC', name: 'Ủy ban nhân dân xã Phụng Công', kind: 'commune', parent: 'HY', symbol: 'UBND' },
];

// Grants and home units from the contract.  Where the contract names no
// home unit, the home is the unit of the single grant.
export const SAMPLE_GRANTS = {
  admin: { roles: [['admin', 'HY']], home: 'HY' },
  dieuphoi: { roles: [['coordinator', 'HY']], home: 'PA05' },
  bcd: { roles: [['steering', 'HY']], home: 'HY' },
  kiemtra: { roles: [['auditor', 'HY']], home: 'HY' },
  doiungcuu: { roles: [['member', 'HY']], home: 'TTDL' },
  'lanhdao.snv': { roles: [['leader', 'SNV']], home: 'SNV' },
  'vanhanh.snv': { roles: [['operator', 'SNV']], home: 'SNV' },
  'vanhanh.xa': { roles: [['operator', 'XA-NT']], home: 'XA-NT' },
  'quantri.snv': { roles: [['admin', 'SNV']], home: 'SNV' },
};

export const PERMISSIONS = {
  'unit.read': ['operator', 'leader', 'member', 'coordinator', 'steering', 'auditor', 'admin'],
  'unit.write': ['admin'],
  'user.read': ['admin', 'auditor', 'leader', 'coordinator'],
  'user.write': ['admin'],
  'audit.read': ['admin', 'auditor'],
};

/** Index units (as returned by the API) by id and code. */
export function indexUnits(units) {
  const byId = new Map(units.map((u) => [u.id, u]));
  const byCode = new Map(units.map((u) => [u.code, u]));
  return { byId, byCode };
}

/** Is unit `id` equal to or below unit `ancestorId`? */
export function isUnder(byId, id, ancestorId) {
  let cur = byId.get(id);
  for (let i = 0; cur && i < 1000; i++) {
    if (cur.id === ancestorId) return true;
    cur = cur.parent_id === null || cur.parent_id === undefined ? null : byId.get(cur.parent_id);
  }
  return false;
}

/** Assert that a list of units is in tree (pre-)order. */
export function assertTreeOrder(items) {
  // Pre-order: every unit comes right after its parent's subtree began, i.e.
  // its parent is on the current root-to-here path (or not in the list).
  const ids = new Set(items.map((u) => u.id));
  const stack = [];
  for (const u of items) {
    while (stack.length && stack[stack.length - 1] !== u.parent_id) stack.pop();
    if (stack.length === 0) {
      assert.ok(u.parent_id === null || !ids.has(u.parent_id),
        `tree order: ${u.code} is not inside its parent's subtree`);
    }
    stack.push(u.id);
  }
}

/** Random suffix for unique codes and logins. */
let seq = 0;
export function uniq() {
  seq += 1;
  return `${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}${seq}`.toUpperCase();
}

/** Strip members that legitimately differ between two otherwise identical problems. */
export function problemCore(p) {
  const { instance, request_id: _r, trace_id: _t, ...rest } = p || {};
  return rest;
}

/** Strong password that satisfies the policy. */
export const GOOD_PASSWORD = 'Ng0-Van-Thanh-2026!';
