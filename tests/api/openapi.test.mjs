// The OpenAPI document against the route table: every route of
// src/api/routes.c is documented with its method, the document names no
// route the server lacks, and it holds together (it parses, its $refs
// resolve, path parameters are declared, operationIds are unique, public
// routes need no credentials).  Path parameter names may differ between
// the two ({id} vs {eid}): paths are compared with each {…} segment
// normalised to {}.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, api, REPO_ROOT } from './lib/server.mjs';
import { useEngine } from './lib/common.mjs';

const ctx = useEngine();
let srv;
let served; // {status, headers, text, doc}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const norm = (p) => p.replace(/\{[^}]*\}/g, '{}');
const key = (method, p) => `${method.toUpperCase()} ${norm(p)}`;

/**
 * The route table of src/api/routes.c, as [{method, path, flags}], read
 * as text: the initialiser of uc_routes[], comments removed, one
 * `{ "METHOD", "/path", handler, PERM, FLAGS }` per entry.
 */
function routeTable() {
  const src = fs.readFileSync(path.join(REPO_ROOT, 'src/api/routes.c'), 'utf8');
  const m = /uc_routes\[\]\s*=\s*\{([\s\S]*?)\n\};/.exec(src);
  assert.ok(m, 'src/api/routes.c: no `uc_routes[] = { ... };` table');
  const body = m[1].replace(/\/\*[\s\S]*?\*\//g, ' ');
  const entry = /\{\s*"([A-Z]+)"\s*,\s*"([^"]+)"\s*,\s*(\w+)\s*,\s*(\w+)\s*,\s*([^}]*?)\s*\}/g;
  const routes = [];
  for (let e; (e = entry.exec(body)) !== null;) {
    routes.push({ method: e[1], path: e[2], handler: e[3], flags: e[5] });
  }
  // every entry must have been read: as many as there are handlers
  const handlers = body.match(/\bapi_\w+/g) || [];
  assert.equal(routes.length, handlers.length,
    `read ${routes.length} routes but the table names ${handlers.length} handlers: ` +
    'an entry of src/api/routes.c has a shape this test does not know');
  assert.ok(routes.length > 0, 'no routes read');
  return routes;
}

/** Every (method, path) of the document, normalised. */
function documented(doc) {
  const out = new Map();
  for (const [p, item] of Object.entries(doc.paths)) {
    for (const m of Object.keys(item)) {
      if (METHODS.includes(m)) out.set(key(m, p), { path: p, method: m, op: item[m], item });
    }
  }
  return out;
}

before(async () => {
  srv = await startServer({ ...ctx, sample: false });
  const r = await api(srv.base, 'GET', '/api/v1/openapi.json');
  let doc = null;
  try { doc = JSON.parse(r.text); } catch { /* asserted below */ }
  served = { ...r, doc };
});
after(async () => { if (srv) await srv.stop(); });

test('the served document parses, is OpenAPI 3.1 and is docs/api/openapi.json', () => {
  assert.equal(served.status, 200, served.text.slice(0, 300));
  assert.match(served.headers.get('content-type') || '', /^application\/json\b/);
  assert.ok(served.doc && typeof served.doc === 'object', 'the document must parse as JSON');
  assert.match(served.doc.openapi, /^3\.1\.\d+$/);
  assert.equal(typeof served.doc.info?.title, 'string');
  assert.equal(typeof served.doc.info?.version, 'string');
  assert.ok(served.doc.paths && typeof served.doc.paths === 'object', 'paths');
  const file = fs.readFileSync(path.join(REPO_ROOT, 'docs/api/openapi.json'), 'utf8');
  assert.ok(served.text === file,
    'the server must serve docs/api/openapi.json as built into it (rebuild after editing it)');
});

test('every route of src/api/routes.c is documented with its method', () => {
  const doc = documented(served.doc);
  const missing = routeTable().filter((r) => !doc.has(key(r.method, r.path)))
    .map((r) => `${r.method} ${r.path}`);
  assert.deepEqual(missing, [], `routes missing from docs/api/openapi.json:\n  ${missing.join('\n  ')}`);
});

test('the document names no route the server lacks', () => {
  const table = new Set(routeTable().map((r) => key(r.method, r.path)));
  const extra = [...documented(served.doc).entries()].filter(([k]) => !table.has(k))
    .map(([, v]) => `${v.method.toUpperCase()} ${v.path}`);
  assert.deepEqual(extra, [], `documented but not in src/api/routes.c:\n  ${extra.join('\n  ')}`);
  // two spellings of one route ({id} and {pid}) would hide one from a client
  const seen = new Map();
  for (const p of Object.keys(served.doc.paths)) {
    assert.ok(!seen.has(norm(p)), `${p} and ${seen.get(norm(p))} are the same route`);
    seen.set(norm(p), p);
  }
});

test('public routes need no credentials; the others do', () => {
  const doc = documented(served.doc);
  const global = served.doc.security;
  assert.ok(Array.isArray(global) && global.length > 0, 'top-level security');
  for (const r of routeTable()) {
    const { op } = doc.get(key(r.method, r.path)) || {};
    if (!op) continue; // reported by the test above
    const security = op.security ?? global;
    const open = security.length === 0 || security.some((s) => Object.keys(s).length === 0);
    assert.equal(open, /\bUC_R_PUBLIC\b/.test(r.flags),
      `${r.method} ${r.path}: security ${JSON.stringify(security)} vs flags ${r.flags}`);
  }
});

test('Idempotency-Key is documented exactly on the routes that honour it', () => {
  const doc = documented(served.doc);
  const resolve = (p) => (p && p.$ref ? pointer(served.doc, p.$ref) : p);
  for (const r of routeTable()) {
    const d = doc.get(key(r.method, r.path));
    if (!d) continue; // reported above
    const params = [...(d.item.parameters || []), ...(d.op.parameters || [])].map(resolve);
    const has = params.some((x) => x.in === 'header' && /^idempotency-key$/i.test(x.name));
    assert.equal(has, /\bUC_R_CREATE\b/.test(r.flags),
      `${r.method} ${r.path}: Idempotency-Key ${has ? 'documented' : 'missing'} (flags ${r.flags})`);
  }
});

test('operationIds are unique and path parameters declared', () => {
  const ids = new Map();
  const resolve = (p) => (p && p.$ref ? pointer(served.doc, p.$ref) : p);
  for (const { path: p, method, op, item } of documented(served.doc).values()) {
    const where = `${method.toUpperCase()} ${p}`;
    assert.equal(typeof op.operationId, 'string', `${where}: operationId`);
    assert.ok(!ids.has(op.operationId), `${where}: operationId ${op.operationId} also on ${ids.get(op.operationId)}`);
    ids.set(op.operationId, where);
    assert.ok(op.responses && Object.keys(op.responses).length > 0, `${where}: responses`);
    const params = [...(item.parameters || []), ...(op.parameters || [])].map(resolve);
    const inPath = new Set(params.filter((x) => x.in === 'path').map((x) => x.name));
    const names = [...p.matchAll(/\{([^}]+)\}/g)].map((x) => x[1]);
    for (const n of names) assert.ok(inPath.has(n), `${where}: path parameter {${n}} not declared`);
    for (const n of inPath) assert.ok(names.includes(n), `${where}: parameter ${n} is not in the path`);
  }
});

/** The value at a local JSON pointer (#/components/...), or fail. */
function pointer(doc, ref) {
  assert.ok(ref.startsWith('#/'), `only local $refs: ${ref}`);
  let v = doc;
  for (const raw of ref.slice(2).split('/')) {
    const k = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    assert.ok(v && typeof v === 'object' && k in v, `$ref ${ref} does not resolve`);
    v = v[k];
  }
  return v;
}

test('every $ref resolves', () => {
  const refs = [];
  const walk = (v) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      if (typeof v.$ref === 'string') refs.push(v.$ref);
      Object.values(v).forEach(walk);
    }
  };
  walk(served.doc);
  assert.ok(refs.length > 0);
  for (const r of new Set(refs)) pointer(served.doc, r);
});
