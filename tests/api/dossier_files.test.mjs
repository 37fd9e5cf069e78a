// The files of a system's level dossier (hồ sơ đề xuất cấp độ, NĐ 85/2016
// Điều 15): /api/v1/systems/{id}/dossier/files (docs/internals/systems.md,
// "The dossier"). Streamed multipart uploads into the evidence's
// content-addressed store, listed per part in the system's JSON, verified
// downloads, removal while the dossier is a draft, scope and audit.
//
// Fixture (sample data): vanhanh.snv (operator, SNV) keeps the Sở Nội vụ's
// systems; vanhanh.xa (operator, XA-NT) sees none of them (404); doiungcuu
// (member at HY) sees them all but may not change them (403); kiemtra
// (auditor) reads the audit log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, api, mustLogin } from './lib/server.mjs';
import { useEngine, assertProblem, as } from './lib/common.mjs';

const ctx = useEngine();
let srv;
let base;
const S = {};
const SHA_RE = /^[0-9a-f]{64}$/;
const FILE_KEYS = ['id', 'system_id', 'part', 'filename', 'content_type', 'size', 'sha256', 'description',
  'created_at', 'created_by'].sort();

const sha256 = (buf) => crypto.createHash('sha256').update(buf).digest('hex');
const get = (who, p) => api(base, 'GET', p, as(S[who]));
const del = (who, p) => api(base, 'DELETE', p, as(S[who]));

/** A PDF-like document of n bytes. */
const pdf = (n = 3000) => Buffer.concat([Buffer.from('%PDF-1.7\n'), crypto.randomBytes(n)]);

/** POST a multipart form: fields {name: value}, file {data, filename, type} or none. */
function upload(who, p, { file, fields = {} } = {}, b = base, s = S[who]) {
  const form = new FormData();
  if (file) form.append('file', new Blob([file.data], { type: file.type || 'application/pdf' }), file.filename);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return api(b, 'POST', p, as(s, { raw: form, contentType: null }));
}

/** GET the content as bytes. */
async function download(who, p) {
  const res = await fetch(base + p, { headers: { cookie: S[who].cookie } });
  return { status: res.status, headers: res.headers, buf: Buffer.from(await res.arrayBuffer()) };
}

/** Files under <data>/evidence (the shared store), temp files included. */
function storeFiles(dataDir) {
  const out = [];
  const walk = (d, rel) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(d, e.name), path.join(rel, e.name));
      else out.push(path.join(rel, e.name));
    }
  };
  walk(path.join(dataDir, 'evidence'), '');
  return out.sort();
}

/** A new system of the Sở Nội vụ (level 3: overview, design, justification, protection_plan). */
async function system(name, b = base, s = S['vanhanh.snv']) {
  const r = await api(b, 'POST', '/api/v1/systems', as(s, {
    body: {
      name, purpose: 'Tiếp nhận hồ sơ trực tuyến', owner_name: 'Ủy ban nhân dân tỉnh Hưng Yên',
      criteria: ['N85.8.2a'], components: [{ name: 'Cổng dịch vụ công', criteria: ['N85.9.2c'] }],
    },
  }));
  assert.equal(r.status, 201, r.text);
  return r.json;
}

const filesPath = (id, fid, tail = '') => `/api/v1/systems/${id}/dossier/files${fid ? `/${fid}` : ''}${tail}`;
const partOf = (sys, code) => sys.dossier.parts.find((p) => p.code === code);

before(async () => {
  srv = await startServer(ctx);
  base = srv.base;
  for (const who of ['vanhanh.snv', 'vanhanh.xa', 'doiungcuu', 'kiemtra']) S[who] = await mustLogin(base, who);
});
after(async () => { if (srv) await srv.stop(); });

test('upload, list, in the part, download the same bytes, remove; audited', async () => {
  const s = await system('Hệ thống một cửa điện tử');
  assert.deepEqual(partOf(s, 'overview').files, [], 'every part lists its files, none yet');
  const data = pdf();
  const name = 'Thuyết minh đề xuất cấp độ (bản 2).pdf';
  const r = await upload('vanhanh.snv', filesPath(s.id), {
    file: { data, filename: name }, fields: { part: 'overview', description: 'Bản ký số ngày 20/11' },
  });
  assert.equal(r.status, 201, r.text);
  const f = r.json;
  assert.deepEqual(Object.keys(f).sort(), FILE_KEYS);
  assert.equal(f.system_id, s.id);
  assert.equal(f.part, 'overview');
  assert.equal(f.filename, name, 'the Vietnamese name is kept');
  assert.equal(f.content_type, 'application/pdf');
  assert.equal(f.size, data.length);
  assert.equal(f.sha256, sha256(data));
  assert.match(f.sha256, SHA_RE);
  assert.equal(f.description, 'Bản ký số ngày 20/11');
  assert.equal(typeof f.created_by, 'number');
  assert.ok(!Number.isNaN(Date.parse(f.created_at)));
  assert.equal(r.headers.get('location'), filesPath(s.id, f.id));
  assert.ok(storeFiles(srv.dataDir).some((x) => x.endsWith(f.sha256)), 'in the content-addressed store');

  // a second file in another part, a path in its name cut to the last segment
  const r2 = await upload('vanhanh.snv', filesPath(s.id), {
    file: { data: Buffer.from('thiết kế'), filename: '..\\tmp/Thiết kế.docx', type: 'application/octet-stream' },
    fields: { part: 'design' },
  });
  assert.equal(r2.status, 201, r2.text);
  assert.equal(r2.json.filename, 'Thiết kế.docx');
  assert.equal(r2.json.description, '');

  const list = await get('vanhanh.snv', filesPath(s.id));
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(list.json.items.map((x) => x.id).sort(), [f.id, r2.json.id].sort());
  assert.deepEqual(list.json.items.find((x) => x.id === f.id), f);

  const sys = await get('vanhanh.snv', `/api/v1/systems/${s.id}`);
  assert.deepEqual(partOf(sys.json, 'overview').files,
    [{ id: f.id, filename: name, size: data.length, sha256: f.sha256 }]);
  assert.deepEqual(partOf(sys.json, 'design').files.map((x) => x.id), [r2.json.id]);
  assert.deepEqual(partOf(sys.json, 'justification').files, []);
  assert.ok(sys.json.version > s.version, 'the system moved on');
  const inList = (await get('vanhanh.snv', '/api/v1/systems?limit=200')).json.items.find((x) => x.id === s.id);
  assert.deepEqual(partOf(inList, 'overview').files.map((x) => x.id), [f.id], 'lists show the files too');

  const d = await download('vanhanh.snv', filesPath(s.id, f.id, '/content'));
  assert.equal(d.status, 200);
  assert.ok(d.buf.equals(data), 'identical bytes');
  assert.equal(d.headers.get('content-type'), 'application/octet-stream', 'never the claimed type');
  assert.equal(d.headers.get('x-content-type-options'), 'nosniff');
  const cd = d.headers.get('content-disposition');
  assert.match(cd, /^attachment; /);
  assert.ok(cd.includes(`filename*=UTF-8''${encodeURIComponent(name).replace(/[()]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`), cd);
  assert.equal(d.headers.get('repr-digest'), `sha-256=:${Buffer.from(f.sha256, 'hex').toString('base64')}:`);
  // a member of the provincial team reads it too
  assert.ok((await download('doiungcuu', filesPath(s.id, f.id, '/content'))).buf.equals(data));

  // remove (draft): gone from the list, the part and the content
  assert.equal((await del('vanhanh.snv', filesPath(s.id, f.id))).status, 204);
  assertProblem(await del('vanhanh.snv', filesPath(s.id, f.id)), 404);
  assert.deepEqual((await get('vanhanh.snv', filesPath(s.id))).json.items.map((x) => x.id), [r2.json.id]);
  assert.deepEqual(partOf((await get('vanhanh.snv', `/api/v1/systems/${s.id}`)).json, 'overview').files, []);
  assertProblem(await get('vanhanh.snv', filesPath(s.id, f.id, '/content')), 404);
  // another system's file id is not this system's
  const other = await system('Hệ thống thư điện tử công vụ');
  assertProblem(await get('vanhanh.snv', filesPath(other.id, r2.json.id, '/content')), 404);
  assertProblem(await del('vanhanh.snv', filesPath(other.id, r2.json.id)), 404);

  const audit = (await get('kiemtra', '/api/v1/audit?object_type=system&limit=200')).json.items
    .filter((e) => e.object_id === String(s.id)).map((e) => e.action);
  assert.equal(audit.filter((a) => a === 'system.dossier_file_add').length, 2, JSON.stringify(audit));
  assert.equal(audit.filter((a) => a === 'system.dossier_file_remove').length, 1, JSON.stringify(audit));
});

test('bad input names the field and stores nothing', async () => {
  const s = await system('Hệ thống quản lý cán bộ');
  const before = storeFiles(srv.dataDir);
  const file = { data: pdf(100), filename: 'a.pdf' };
  const cases = [
    ['a part that does not exist', { file, fields: { part: 'annex' } }, 422, 'part', 'enum'],
    ['no part', { file }, 422, 'part', 'required'],
    ['no file part', { fields: { part: 'overview' } }, 422, 'file', 'required'],
    ['an unknown field', { file, fields: { part: 'overview', collected_by: 'x' } }, 422, 'collected_by',
      'unknown_field'],
    ['a description with a control character', { file, fields: { part: 'overview', description: 'a\u001bb' } },
      422, 'description', undefined],
  ];
  for (const [what, body, status, field, code] of cases) {
    const r = await upload('vanhanh.snv', filesPath(s.id), body);
    assertProblem(r, status, { field, code, msg: what });
    assert.deepEqual(storeFiles(srv.dataDir), before, `${what}: nothing stored`);
  }
  const j = await api(base, 'POST', filesPath(s.id), as(S['vanhanh.snv'], { body: { part: 'overview' } }));
  assertProblem(j, 415, { field: 'Content-Type' });
  assertProblem(await upload('vanhanh.snv', filesPath(999999), { file, fields: { part: 'overview' } }), 404);
  assert.deepEqual((await get('vanhanh.snv', filesPath(s.id))).json.items, []);
  assertProblem(await get('vanhanh.snv', filesPath(s.id, 'x', '/content')), 404);
});

test('scope: another unit 404 on everything, a reader 403 on changes', async () => {
  const s = await system('Hệ thống quản lý văn bản và điều hành');
  const r = await upload('vanhanh.snv', filesPath(s.id), { file: { data: pdf(), filename: 'tm.pdf' },
    fields: { part: 'overview' } });
  assert.equal(r.status, 201, r.text);
  const before = storeFiles(srv.dataDir);
  const file = { data: pdf(200), filename: 'x.pdf' };
  // vanhanh.xa: not even that it exists
  assertProblem(await get('vanhanh.xa', filesPath(s.id)), 404);
  assertProblem(await get('vanhanh.xa', filesPath(s.id, r.json.id, '/content')), 404);
  assertProblem(await upload('vanhanh.xa', filesPath(s.id), { file, fields: { part: 'overview' } }), 404);
  assertProblem(await del('vanhanh.xa', filesPath(s.id, r.json.id)), 404);
  // doiungcuu reads, may not change
  assert.equal((await get('doiungcuu', filesPath(s.id))).status, 200);
  assertProblem(await upload('doiungcuu', filesPath(s.id), { file, fields: { part: 'overview' } }), 403);
  assertProblem(await del('doiungcuu', filesPath(s.id, r.json.id)), 403);
  assert.deepEqual(storeFiles(srv.dataDir), before, 'nothing stored by refused uploads');
  assert.deepEqual((await get('vanhanh.snv', filesPath(s.id))).json.items.map((x) => x.id), [r.json.id]);
});

test('only a draft dossier takes or loses files (409 once submitted)', async () => {
  const s = await system('Hệ thống dịch vụ công trực tuyến mức độ 4');
  const r = await upload('vanhanh.snv', filesPath(s.id), { file: { data: pdf(), filename: 'tm.pdf' },
    fields: { part: 'overview' } });
  assert.equal(r.status, 201, r.text);
  const cur = await get('vanhanh.snv', `/api/v1/systems/${s.id}`);
  const parts = ['overview', 'design', 'justification', 'protection_plan'].map((code) => ({ code, provided: true }));
  let p = await api(base, 'PATCH', `/api/v1/systems/${s.id}/dossier`, as(S['vanhanh.snv'],
    { body: { parts }, ifMatch: cur.json.version }));
  assert.equal(p.status, 200, p.text);
  p = await api(base, 'POST', `/api/v1/systems/${s.id}/dossier/status`, as(S['vanhanh.snv'],
    { body: { status: 'submitted' }, ifMatch: p.json.version }));
  assert.equal(p.status, 200, p.text);
  const before = storeFiles(srv.dataDir);
  assertProblem(await upload('vanhanh.snv', filesPath(s.id), { file: { data: pdf(), filename: 'b.pdf' },
    fields: { part: 'design' } }), 409);
  assertProblem(await del('vanhanh.snv', filesPath(s.id, r.json.id)), 409);
  assert.deepEqual(storeFiles(srv.dataDir), before, 'nothing stored');
  // still readable
  assert.equal((await download('vanhanh.snv', filesPath(s.id, r.json.id, '/content'))).status, 200);
  // back to draft: files move again
  p = await api(base, 'POST', `/api/v1/systems/${s.id}/dossier/status`, as(S['vanhanh.snv'],
    { body: { status: 'draft', note: 'Bổ sung thiết kế' }, ifMatch: p.json.version }));
  assert.equal(p.status, 200, p.text);
  assert.equal((await del('vanhanh.snv', filesPath(s.id, r.json.id))).status, 204);
});

test('over the cap (UNGCUU_EVIDENCE_MAX): 413, nothing stored', async () => {
  const cap = 64 * 1024;
  const small = await startServer({ ...ctx, env: { UNGCUU_EVIDENCE_MAX: String(cap) } });
  try {
    const who = await mustLogin(small.base, 'vanhanh.snv');
    const s = await system('Hệ thống họp trực tuyến', small.base, who);
    const r = await upload(null, filesPath(s.id), { file: { data: crypto.randomBytes(cap + 1), filename: 'big.pdf' },
      fields: { part: 'overview' } }, small.base, who);
    assertProblem(r, 413, { field: 'file', code: 'too_long' });
    assert.deepEqual(storeFiles(small.dataDir), [], 'no temp file, nothing stored');
    const ok = await upload(null, filesPath(s.id), { file: { data: crypto.randomBytes(cap), filename: 'ok.pdf' },
      fields: { part: 'overview' } }, small.base, who);
    assert.equal(ok.status, 201, ok.text);
  } finally {
    await small.stop();
  }
});

test('a stored file that no longer matches its hash is not handed out', async () => {
  const s = await system('Hệ thống camera giám sát');
  const data = pdf(500);
  const r = await upload('vanhanh.snv', filesPath(s.id), { file: { data, filename: 'so-do.pdf' },
    fields: { part: 'design' } });
  assert.equal(r.status, 201, r.text);
  const rel = storeFiles(srv.dataDir).find((x) => x.endsWith(r.json.sha256));
  const abs = path.join(srv.dataDir, 'evidence', rel);
  fs.chmodSync(abs, 0o600);
  fs.writeFileSync(abs, Buffer.concat([data.subarray(0, 100), Buffer.from('X'), data.subarray(101)]));
  const d = await download('vanhanh.snv', filesPath(s.id, r.json.id, '/content'));
  assert.equal(d.status, 409);
  assert.ok(!d.buf.includes(data.subarray(0, 100)), 'no byte of the changed file');
});
