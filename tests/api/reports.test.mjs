// Official reports: /api/v1/reports (docs/internals/reports.md).
//
// Fixture (sample data): vanhanh.snv (operator, SNV) reports an incident of
// the Sở Nội vụ and drafts its notice and Mẫu 03; lanhdao.snv (leader, SNV)
// approves; vanhanh.xa (operator, XA-NT) cannot see the incident, so every
// report of it answers 404; kiemtra (auditor) reads the audit log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, api, mustLogin, listAll } from './lib/server.mjs';
import { useEngine, assertProblem, as } from './lib/common.mjs';

const ctx = useEngine();
let srv;
let base;
let tmp;
const S = {};
const U = {};
const HOUR = 3600_000;
const iso = (ms) => new Date(ms).toISOString();
const TITLE = 'Tấn công thay đổi giao diện Cổng thông tin điện tử Sở Nội vụ';
const YEAR = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Asia/Ho_Chi_Minh' })
  .format(new Date()));
let INC;

async function incident(title, extra = {}) {
  const r = await api(base, 'POST', '/api/v1/incidents', as(S['vanhanh.snv'], {
    body: {
      title, description: 'Trang chủ bị thay bằng nội dung lạ; máy chủ web bị cô lập.',
      detected_at: iso(Date.now() - 2 * HOUR), unit_id: U.SNV,
      systems: [{ name: 'Cổng thông tin điện tử', level: 2, domain: 'snv.hungyen.gov.vn', ip: '203.0.113.10' }],
      ...extra,
    },
  }));
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}
const draft = (who, body) => api(base, 'POST', '/api/v1/reports', as(S[who], { body }));
const get = (who, id) => api(base, 'GET', `/api/v1/reports/${id}`, as(S[who]));
const act = (who, id, verb, body, ifMatch) => api(base, 'POST', `/api/v1/reports/${id}/${verb}`,
  as(S[who], { body, ifMatch }));
const patch = (who, id, body, ifMatch) => api(base, 'PATCH', `/api/v1/reports/${id}`, as(S[who], { body, ifMatch }));

/** The document bytes, with the reply's headers. */
async function download(who, id, format) {
  const s = S[who];
  const res = await fetch(`${base}/api/v1/reports/${id}/document?format=${format}`, {
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
  });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}
function tool(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  assert.ok(!r.error, `${cmd} missing (poppler-utils / unzip): ${r.error}`);
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}
const flat = (s) => s.replace(/\s+/g, ' ');

before(async () => {
  srv = await startServer(ctx);
  base = srv.base;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ungcuu-reports-'));
  for (const who of ['admin', 'vanhanh.snv', 'vanhanh.xa', 'lanhdao.snv', 'dieuphoi', 'kiemtra']) {
    S[who] = await mustLogin(base, who);
  }
  for (const u of await listAll(base, '/api/v1/units', as(S.admin))) U[u.code] = u.id;
  INC = await incident(TITLE);
});
after(async () => {
  if (srv) await srv.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('notice: draft, edit, approve (leader only), frozen, send, clock met, ack', async () => {
  const d = await draft('vanhanh.snv', { incident: INC, form: 'notice' });
  assert.equal(d.status, 201, d.text);
  const r = d.json;
  assert.match(r.id, /^BC-\d{4}-\d{4}$/);
  assert.equal(r.status, 'draft');
  assert.equal(r.incident, INC);
  assert.equal(r.doc_type, 'TB');
  assert.equal(r.number, null);
  assert.equal(r.edition, 1);
  assert.equal(d.headers.get('etag'), '"1"');

  // the draft's document: number left blank for the clerk
  const j = await download('vanhanh.snv', r.id, 'json');
  assert.equal(j.status, 200);
  const data = JSON.parse(j.body.toString('utf8')).data;
  assert.equal(data.head.number, '/TB-SNV');
  assert.equal(data.incident.title, TITLE);

  assertProblem(await patch('vanhanh.snv', r.id, { fields: { result: 'x' } }), 428);
  assertProblem(await patch('vanhanh.snv', r.id, { fields: { bogus: 'x' } }, 1), 422, { field: 'fields.bogus' });
  const e = await patch('vanhanh.snv', r.id, { fields: { result: 'Đã khôi phục giao diện từ bản sao lưu.' } }, 1);
  assert.equal(e.status, 200, e.text);
  assert.equal(e.json.fields.result, 'Đã khôi phục giao diện từ bản sao lưu.');
  assert.equal(e.json.version, 2);

  assertProblem(await act('vanhanh.snv', r.id, 'approve', undefined, 2), 403, { msg: 'an operator cannot approve' });
  assertProblem(await act('lanhdao.snv', r.id, 'approve', undefined, 1), 412);
  const a = await act('lanhdao.snv', r.id, 'approve', undefined, 2);
  assert.equal(a.status, 200, a.text);
  assert.equal(a.json.status, 'approved');
  assert.equal(a.json.number, '01/TB-SNV');
  assert.equal(a.json.approved_by, S['lanhdao.snv'].user.id);
  assert.match(a.json.sha256, /^[0-9a-f]{64}$/);

  assertProblem(await patch('vanhanh.snv', r.id, { fields: { result: 'y' } }, a.json.version), 409,
    { msg: 'approved is frozen' });
  assertProblem(await act('lanhdao.snv', r.id, 'approve', undefined, a.json.version), 409);

  const s = await act('vanhanh.snv', r.id, 'send',
    { recipients: ['Cơ quan điều phối quốc gia'], channel: 'email' }, a.json.version);
  assert.equal(s.status, 200, s.text);
  assert.equal(s.json.status, 'sent');
  assert.equal(s.json.channel, 'email');
  const inc = await api(base, 'GET', `/api/v1/incidents/${INC}`, as(S['vanhanh.snv']));
  const clock = inc.json.clocks.find((c) => c.report === 'notice');
  assert.equal(clock.state, 'met', JSON.stringify(clock));
  const sends = await api(base, 'GET', `/api/v1/incidents/${INC}/sends`, as(S['vanhanh.snv']));
  assert.ok(sends.json.items.some((x) => x.report === 'notice' && x.reference === '01/TB-SNV'));

  assertProblem(await act('vanhanh.snv', r.id, 'ack', {}, 1), 412);
  const k = await act('vanhanh.snv', r.id, 'ack', {}, s.json.version);
  assert.equal(k.status, 200, k.text);
  assert.equal(k.json.status, 'acknowledged');
  assert.ok(k.json.acked_at);
});

test('Mẫu 03: PDF and DOCX carry the register; audit holds the PDF\'s SHA-256', async () => {
  const d = await draft('vanhanh.snv', { incident: INC, form: 'initial', fields: { confidential: true } });
  assert.equal(d.status, 201, d.text);
  const a = await act('lanhdao.snv', d.json.id, 'approve', undefined, 1);
  assert.equal(a.status, 200, a.text);
  assert.match(a.json.number, /^\d{2}\/BC-SNV$/);

  const pdf = await download('vanhanh.snv', d.json.id, 'pdf');
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  assert.match(pdf.headers.get('content-disposition'), new RegExp(`filename="${d.json.id}\\.pdf"`));
  const sha = crypto.createHash('sha256').update(pdf.body).digest('hex');
  assert.equal(sha, a.json.sha256, 'the approved rendering is the hashed one');
  const again = await download('lanhdao.snv', d.json.id, 'pdf');
  assert.ok(again.body.equals(pdf.body), 'a frozen report renders to the same bytes');

  const f = path.join(tmp, 'bc.pdf');
  fs.writeFileSync(f, pdf.body);
  const text = flat(tool('pdftotext', ['-raw', f, '-']));
  assert.ok(text.includes(TITLE), `the incident's title in the PDF: ${text.slice(0, 400)}`);
  assert.ok(text.includes('SỞ NỘI VỤ'), 'the unit as issuing body');
  assert.ok(text.includes('Sở Nội vụ'), 'the unit\'s name exactly');
  assert.ok(text.includes(`Số: ${a.json.number}`));
  assert.ok(text.includes('BÁO CÁO'));
  assert.match(tool('pdfinfo', [f]), /Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);

  const docx = await download('vanhanh.snv', d.json.id, 'docx');
  assert.equal(docx.status, 200);
  assert.match(docx.headers.get('content-type'), /wordprocessingml/);
  const fx = path.join(tmp, 'bc.docx');
  fs.writeFileSync(fx, docx.body);
  assert.equal(docx.body.subarray(0, 2).toString(), 'PK');
  const xml = tool('unzip', ['-p', fx, 'word/document.xml']);
  assert.ok(xml.includes(TITLE), 'word/document.xml holds the title');

  const au = await api(base, 'GET', '/api/v1/audit?action=report.document&limit=200', as(S.kiemtra));
  assert.equal(au.status, 200, au.text);
  assert.ok(au.json.items.some((x) => x.object_id === `${d.json.id}:sha256:${sha}`),
    `audit report.document for ${d.json.id}: ${JSON.stringify(au.json.items.map((x) => x.object_id))}`);
});

test('a correction is a new edition naming the one it replaces', async () => {
  const d = await draft('vanhanh.snv', { incident: INC, form: 'initial' });
  assertProblem(await draft('vanhanh.snv', { incident: INC, form: 'initial', replaces: d.json.id }), 422,
    { field: 'replaces', msg: 'a draft is edited, not replaced' });
  const a = await act('lanhdao.snv', d.json.id, 'approve', undefined, 1);
  assert.equal(a.status, 200, a.text);
  const n = await draft('vanhanh.snv', { incident: INC, form: 'initial', replaces: d.json.id });
  assert.equal(n.status, 201, n.text);
  assert.equal(n.json.replaces, d.json.id);
  assert.equal(n.json.edition, 2);
  assert.equal((await get('vanhanh.snv', d.json.id)).json.replaced_by, n.json.id);
  assertProblem(await draft('vanhanh.snv', { incident: INC, form: 'initial', replaces: d.json.id }), 409,
    { msg: 'one correction per edition' });
  const list = await api(base, 'GET', `/api/v1/reports?incident=${INC}`, as(S['vanhanh.snv']));
  assert.equal(list.status, 200, list.text);
  assert.equal(list.json.items[0].id, n.json.id, 'newest first');
});

test('numbers: per unit, year and type; concurrent approvals distinct and gap-free', async () => {
  const inc2 = await incident('Dò quét cổng dịch vụ công của Sở');
  const ids = [];
  for (let i = 0; i < 6; i++) {
    const d = await draft('vanhanh.snv', { incident: inc2, form: 'initial' });
    assert.equal(d.status, 201, d.text);
    ids.push(d.json.id);
  }
  const seqBefore = (await api(base, 'GET', `/api/v1/reports?incident=${INC}`, as(S['vanhanh.snv'])))
    .json.items.filter((x) => x.doc_type === 'BC' && x.seq).map((x) => x.seq);
  const res = await Promise.all(ids.map((id) => act(id.endsWith('0') ? 'dieuphoi' : 'lanhdao.snv', id, 'approve',
    undefined, 1)));
  for (const r of res) assert.equal(r.status, 200, r.text);
  const seqs = res.map((r) => r.json.seq).sort((x, y) => x - y);
  const max = Math.max(...seqBefore);
  assert.deepEqual(seqs, [1, 2, 3, 4, 5, 6].map((x) => x + max), 'distinct, gap-free, after the earlier ones');
  for (const r of res) {
    assert.equal(r.json.year, YEAR);
    assert.equal(r.json.number, `${String(r.json.seq).padStart(2, '0')}/BC-SNV`);
  }
  // another unit counts on its own; the notice (TB) counted apart above
  const xa = await api(base, 'POST', '/api/v1/incidents', as(S['vanhanh.xa'], {
    body: { title: 'Mã độc trên máy trạm một cửa', description: 'x', detected_at: iso(Date.now() - HOUR) },
  }));
  assert.equal(xa.status, 201, xa.text);
  const dx = await draft('vanhanh.xa', { incident: xa.json.id, form: 'initial' });
  assert.equal(dx.status, 201, dx.text);
  assertProblem(await act('vanhanh.xa', dx.json.id, 'approve', undefined, 1), 403);
  const ax = await act('dieuphoi', dx.json.id, 'approve', undefined, 1);
  assert.equal(ax.status, 200, ax.text);
  assert.equal(ax.json.number, '01/BC-UBND');
});

test('another unit\'s user gets 404 everywhere', async () => {
  const d = await draft('vanhanh.snv', { incident: INC, form: 'notice' });
  assert.equal(d.status, 201, d.text);
  const id = d.json.id;
  assertProblem(await get('vanhanh.xa', id), 404);
  assertProblem(await patch('vanhanh.xa', id, { fields: { result: 'x' } }, 1), 404);
  assertProblem(await act('vanhanh.xa', id, 'approve', undefined, 1), 404);
  assertProblem(await act('vanhanh.xa', id, 'send', { recipients: ['x'], channel: 'fax' }, 1), 404);
  assertProblem(await act('vanhanh.xa', id, 'ack', {}, 1), 404);
  assert.equal((await download('vanhanh.xa', id, 'pdf')).status, 404);
  assertProblem(await api(base, 'GET', `/api/v1/reports?incident=${INC}`, as(S['vanhanh.xa'])), 404);
  assertProblem(await draft('vanhanh.xa', { incident: INC, form: 'notice' }), 404);
  assertProblem(await get('vanhanh.snv', 'BC-2000-9999'), 404);
  assertProblem(await draft('vanhanh.snv', { incident: INC, form: 'plan' }), 422, { field: 'form' });
});

test('CLI: report draft|approve|render|send|ack|list, with --as', async () => {
  const inc = await incident('Lộ lọt dữ liệu qua cổng dịch vụ công');
  const run = (...args) => srv.cli('report', ...args);
  let r = run('draft', inc, '--form', '03', '--as', 'vanhanh.snv', '--json');
  assert.equal(r.status, 0, r.stderr);
  const id = JSON.parse(r.stdout).id;
  r = run('approve', inc, '--form', '03', '--as', 'vanhanh.snv');
  assert.notEqual(r.status, 0, 'an operator cannot approve');
  assert.match(r.stderr, /report\.approve/);
  r = run('approve', id, '--as', 'lanhdao.snv', '--json');
  assert.equal(r.status, 0, r.stderr);
  const approved = JSON.parse(r.stdout);
  assert.match(approved.number, /^\d{2}\/BC-SNV$/);
  const out = path.join(tmp, 'cli.pdf');
  r = run('render', inc, '--form', '03', '--format', 'pdf', '-o', out);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(crypto.createHash('sha256').update(fs.readFileSync(out)).digest('hex'), approved.sha256);
  r = run('send', id, '--to', 'Trung tâm VNCERT/CC', '--channel', 'national_system', '--as', 'vanhanh.snv');
  assert.equal(r.status, 0, r.stderr);
  r = run('ack', id);
  assert.equal(r.status, 0, r.stderr);
  r = run('list', inc, '--json');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout)[0].status, 'acknowledged');
});
