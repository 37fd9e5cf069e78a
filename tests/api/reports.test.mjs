// Official reports: /api/v1/reports (docs/internals/reports.md).
//
// Fixture (sample data): vanhanh.snv (operator, SNV) reports an incident of
// the Sở Nội vụ and drafts its notice, Mẫu 03, Mẫu 04 and the free-form
// reports, and the unit's Mẫu 01; lanhdao.snv (leader, SNV) approves;
// vanhanh.xa (operator, XA-NT) cannot see the incident nor the Sở's unit
// reports, so every report of them answers 404; kiemtra (auditor) reads
// the audit log. The admin gives the Sở an address, telephone, e-mail and
// signer first, so that the documents carry them.
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
const issuedDocx = new Map(); // every form's DOCX written by documents() -> its PDF's first words
const S = {};
const U = {};
const HOUR = 3600_000;
const iso = (ms) => new Date(ms).toISOString();
const TITLE = 'Tấn công thay đổi giao diện Cổng thông tin điện tử Sở Nội vụ';
const YEAR = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Asia/Ho_Chi_Minh' })
  .format(new Date()));
let INC;
const SNV = {
  address: 'Số 8 đường Lê Quý Đôn, phường Phố Hiến, tỉnh Hưng Yên',
  phone: '0221 3862 456', email: 'snv@hungyen.gov.vn', signer_name: 'Nguyễn Thị Hằng',
};
/** Today's date in Vietnam, dd/mm/yyyy (the documents' dates). */
const today = () => new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric',
}).format(new Date());
const sleep = (ms) => new Promise((r) => { setTimeout(r, ms); });

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
  const snv = await api(base, 'GET', `/api/v1/units/${U.SNV}`, as(S.admin));
  const pu = await api(base, 'PATCH', `/api/v1/units/${U.SNV}`, as(S.admin, { body: SNV, ifMatch: snv.json.version }));
  assert.equal(pu.status, 200, pu.text);
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
  assertProblem(await draft('vanhanh.snv', { incident: INC, form: 'bogus' }), 422, { field: 'form' });
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

// ---- Mẫu 04, the free-form reports, Mẫu 01 ----

const dataOf = async (who, id) => {
  const j = await download(who, id, 'json');
  assert.equal(j.status, 200, j.body.toString());
  return JSON.parse(j.body.toString('utf8')).data;
};

/** Every XML part of a DOCX parses (xmllint --noout). */
function wellFormed(file) {
  const parts = tool('unzip', ['-Z1', file]).split('\n').filter((x) => /\.(xml|rels)$/.test(x));
  assert.ok(parts.includes('word/document.xml'), `parts: ${parts}`);
  for (const part of parts) {
    // unzip reads a name as a pattern: [Content_Types].xml needs escapes
    const body = spawnSync('unzip', ['-p', file, part.replace(/[[\]*?]/g, '\\$&')]);
    assert.ok(body.stdout.length > 0, `${part}: empty`);
    const r = spawnSync('xmllint', ['--noout', '-'], { input: body.stdout });
    assert.ok(!r.error, `xmllint missing (libxml2-utils): ${r.error}`);
    assert.equal(r.status, 0, `${part} is not well-formed XML: ${r.stderr}`);
  }
}

/**
 * The report's PDF and DOCX: the PDF is A4, its text (pdftotext -raw,
 * whitespace runs as one space) and the DOCX's text (tags removed) are
 * returned; every DOCX part is well-formed.
 */
async function documents(who, id) {
  const pdf = await download(who, id, 'pdf');
  assert.equal(pdf.status, 200, pdf.body.toString().slice(0, 300));
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  const f = path.join(tmp, `${id}.pdf`);
  fs.writeFileSync(f, pdf.body);
  assert.match(tool('pdfinfo', [f]), /Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
  const docx = await download(who, id, 'docx');
  assert.equal(docx.status, 200);
  assert.match(docx.headers.get('content-type'), /wordprocessingml/);
  const fx = path.join(tmp, `${id}.docx`);
  fs.writeFileSync(fx, docx.body);
  wellFormed(fx);
  issuedDocx.set(fx, flat(tool('pdftotext', ['-raw', f, '-'])).slice(0, 60));
  const xml = tool('unzip', ['-p', fx, 'word/document.xml']);
  return {
    pdf: pdf.body,
    text: flat(tool('pdftotext', ['-raw', f, '-'])),
    word: xml.replace(/<[^>]+>/g, '').replace(/&amp;/g, '&').replace(/&quot;/g, '"'),
  };
}

/** Each string in both texts, exactly (every diacritic). */
function carries(docs, strings, what) {
  for (const x of strings) {
    assert.ok(docs.text.includes(x), `${what} PDF lacks "${x}": ${docs.text.slice(0, 3000)}`);
    assert.ok(docs.word.includes(x), `${what} DOCX lacks "${x}"`);
  }
}

/** Draft, approve (leader) and send a report of form on incident inc. */
async function issued(inc, form, fields = {}) {
  const d = await draft('vanhanh.snv', { incident: inc, form, fields });
  assert.equal(d.status, 201, d.text);
  const a = await act('lanhdao.snv', d.json.id, 'approve', undefined, 1);
  assert.equal(a.status, 200, a.text);
  const s = await act('vanhanh.snv', d.json.id, 'send', { recipients: ['Sở Khoa học và Công nghệ'], channel: 'cong_van' },
    a.json.version);
  assert.equal(s.status, 200, s.text);
  return s.json;
}

/** Take the incident through every required step: the response ends. */
async function endResponse(inc) {
  for (const code of ['I.1', 'I.2', 'I.3', 'I.5', 'II.1', 'III.1', 'III.2', 'III.3', 'III.4', 'IV.1']) {
    const cur = await api(base, 'GET', `/api/v1/incidents/${inc}`, as(S['vanhanh.snv']));
    const st = cur.json.steps.find((x) => x.code === code);
    const r = await api(base, 'PATCH', `/api/v1/incidents/${inc}/steps/${encodeURIComponent(code)}`,
      as(S['vanhanh.snv'], { body: { state: 'done' }, ifMatch: st.version }));
    assert.equal(r.status, 200, `step ${code}: ${r.text.slice(0, 400)}`);
  }
  const cur = await api(base, 'GET', `/api/v1/incidents/${inc}`, as(S['vanhanh.snv']));
  assert.ok(cur.json.response_ended_at, 'the response ended');
  return cur.json;
}

const CLOSING = {
  root_cause: 'Máy chủ chưa vá lỗ hổng của phần mềm quản lý nội dung; mật khẩu quản trị yếu.',
  damage_estimate: 'Cổng thông tin gián đoạn 6 giờ; không mất dữ liệu công dân.',
  lessons_learned: 'Cập nhật bản vá hằng tháng; bật xác thực hai yếu tố cho tài khoản quản trị.',
};

test('Mẫu 04: names the initial report (or "chưa có"), lists evidence and sends, takes the closing data', async () => {
  const title = 'Mã độc mã hóa dữ liệu trên máy chủ một cửa điện tử';
  const inc = await incident(title);

  // no initial report yet: "chưa có", and the operator may say which it was
  const d0 = await draft('vanhanh.snv', { incident: inc, form: 'final' });
  assert.equal(d0.status, 201, d0.text);
  assert.equal(d0.json.doc_type, 'BC');
  let data = await dataOf('vanhanh.snv', d0.json.id);
  assert.deepEqual([data.initial.number, data.initial.date], ['chưa có', 'chưa có']);
  carries(await documents('vanhanh.snv', d0.json.id), ['Số ký hiệu: chưa có; Ngày báo cáo: chưa có'], 'Mẫu 04');
  assertProblem(await patch('vanhanh.snv', d0.json.id, { fields: { initial_date: '31/02/2026' } }, 1), 422,
    { field: 'fields.initial_date' });
  assertProblem(await patch('vanhanh.snv', d0.json.id, { fields: { developments: 'x' } }, 1), 422,
    { field: 'fields.developments', msg: 'not a field of Mẫu 04' });
  const e = await patch('vanhanh.snv', d0.json.id, { fields: { initial_number: '15/BC-SNV', initial_date: '20/11/2026' } }, 1);
  assert.equal(e.status, 200, e.text);
  data = await dataOf('vanhanh.snv', d0.json.id);
  assert.deepEqual([data.initial.number, data.initial.date], ['15/BC-SNV', '20/11/2026']);

  // the register's initial report wins once there is one; evidence and sends are attached
  fs.writeFileSync(path.join(tmp, 'access.log'), '203.0.113.66 - - "POST /upload.php" 200\n');
  const ev = srv.cli('incident', 'evidence', inc, path.join(tmp, 'access.log'), '--description',
    'Nhật ký truy cập máy chủ web', '--data-dir', srv.dataDir);
  assert.equal(ev.status, 0, ev.stderr);
  const ini = await issued(inc, 'initial');
  const notice = await issued(inc, 'notice');
  await endResponse(inc);
  const result = 'Đã gỡ mã độc, khôi phục dữ liệu từ bản sao lưu ngày 20/11 và đưa máy chủ hoạt động trở lại.';
  const d = await draft('vanhanh.snv', { incident: inc, form: 'final', fields: { result } });
  assert.equal(d.status, 201, d.text);
  data = await dataOf('vanhanh.snv', d.json.id);
  assert.deepEqual([data.initial.number, data.initial.date, data.initial.source], [ini.number, today(), 'register']);
  const a = await act('lanhdao.snv', d.json.id, 'approve', undefined, 1);
  assert.equal(a.status, 200, a.text);
  assert.match(a.json.number, /^\d{2}\/BC-SNV$/);
  const docs = await documents('vanhanh.snv', d.json.id);
  assert.equal(crypto.createHash('sha256').update(docs.pdf).digest('hex'), a.json.sha256);
  carries(docs, ['BÁO CÁO', 'Kết thúc ứng phó sự cố an toàn thông tin mạng', 'KÝ HIỆU BÁO CÁO BAN ĐẦU SỰ CỐ',
    `Số ký hiệu: ${ini.number}; Ngày báo cáo: ${today()}`, title, result, 'KẾT QUẢ XỬ LÝ SỰ CỐ',
    'CÁC TÀI LIỆU ĐÍNH KÈM', 'Tệp access.log: Nhật ký truy cập máy chủ web',
    `Báo cáo ban đầu số ${ini.number}, gửi ngày ${today()}`, `Thông báo sự cố số ${notice.number}, gửi ngày ${today()}`,
    'Sở Nội vụ', SNV.address, SNV.phone, SNV.email, SNV.signer_name, 'Tên hệ thống: Cổng thông tin điện tử',
    'Phân loại cấp độ của hệ thống thông tin: Cấp 2'], 'Mẫu 04');
  assert.ok(docs.text.includes(`Số: ${a.json.number}`));
  assertProblem(await patch('vanhanh.snv', d.json.id, { fields: { result: 'x' } }, a.json.version), 409);

  // sent: the final report's clock is met, and the incident may close
  const s = await act('vanhanh.snv', d.json.id, 'send', { recipients: ['Cơ quan điều phối quốc gia'], channel: 'national_system' },
    a.json.version);
  assert.equal(s.status, 200, s.text);
  let cur = await api(base, 'GET', `/api/v1/incidents/${inc}`, as(S['vanhanh.snv']));
  assert.equal(cur.json.clocks.find((c) => c.report === 'final').state, 'met');
  const k = await act('vanhanh.snv', d.json.id, 'ack', {}, s.json.version);
  assert.equal(k.status, 200, k.text);
  cur = await api(base, 'GET', `/api/v1/incidents/${inc}`, as(S['vanhanh.snv']));
  cur = await api(base, 'POST', `/api/v1/incidents/${inc}/close`, as(S['vanhanh.snv'], { body: CLOSING, ifMatch: cur.json.version }));
  assert.equal(cur.status, 200, cur.text);

  // a correction after closure: names the edition it replaces, takes the closing data
  const c = await draft('vanhanh.snv', { incident: inc, form: 'final', replaces: d.json.id });
  assert.equal(c.status, 201, c.text);
  assert.equal(c.json.edition, 2);
  assert.deepEqual(c.json.fields, { result }, 'the replaced edition\'s fields');
  data = await dataOf('vanhanh.snv', c.json.id);
  assert.equal(data.fields.root_cause, CLOSING.root_cause);
  assert.equal(data.fields.lessons, CLOSING.lessons_learned);
  const ac = await act('lanhdao.snv', c.json.id, 'approve', undefined, 1);
  assert.equal(ac.status, 200, ac.text);
  carries(await documents('lanhdao.snv', c.json.id), [`Báo cáo này thay thế Báo cáo số ${a.json.number} ngày ${today()}.`,
    CLOSING.root_cause, CLOSING.damage_estimate, CLOSING.lessons_learned, result], 'the correction');
});

const LATER = {
  progress: 'Diễn biến tình hình sự cố an toàn thông tin mạng',
  plan: 'Phương án ứng cứu cụ thể sự cố an toàn thông tin mạng',
  direction_request: 'Xin ý kiến chỉ đạo, chỉ huy ứng cứu sự cố an toàn thông tin mạng',
  support_request: 'Đề nghị hỗ trợ, phối hợp ứng cứu sự cố an toàn thông tin mạng',
};

test('free-form reports (types 3-6): prefilled from the register since the last report, edited, issued', async () => {
  const title = 'Dò quét và khai thác lỗ hổng cổng dịch vụ công trực tuyến';
  const inc = await incident(title);
  const ini = await issued(inc, 'initial');
  await sleep(20);
  const event = 'Phát hiện tài khoản quản trị lạ được tạo lúc 02 giờ sáng';
  let r = await api(base, 'POST', `/api/v1/incidents/${inc}/timeline`, as(S['vanhanh.snv'], {
    body: { at: new Date().toISOString(), summary: event },
  }));
  assert.equal(r.status, 200, r.text);
  const task = 'Khóa tài khoản quản trị lạ và đổi mật khẩu';
  r = await api(base, 'POST', `/api/v1/incidents/${inc}/tasks`, as(S['vanhanh.snv'], { body: { title: task } }));
  assert.equal(r.status, 201, r.text);
  r = await api(base, 'PATCH', `/api/v1/incidents/${inc}/tasks/${r.json.id}`, as(S['vanhanh.snv'],
    { body: { state: 'done' }, ifMatch: r.json.version }));
  assert.equal(r.status, 200, r.text);

  const drafts = {};
  for (const form of Object.keys(LATER)) {
    const d = await draft('vanhanh.snv', { incident: inc, form });
    assert.equal(d.status, 201, d.text);
    assert.equal(d.json.doc_type, 'BC');
    const data = await dataOf('vanhanh.snv', d.json.id);
    assert.ok(data.fields.developments.startsWith('- ') &&
      data.fields.developments.includes(`ngày ${today()}: ${event};`), `the timeline since the send: ${data.fields.developments}`);
    assert.ok(data.fields.developments.includes(`Hoàn thành nhiệm vụ: ${task}.`), 'tasks done, from the timeline');
    assert.ok(!/Soạn dự thảo|Phê duyệt|Gửi BC/.test(data.fields.developments), 'not the report workflow\'s own lines');
    assert.ok(data.fields.measures.includes(`Nhiệm vụ “${task}”: đã hoàn thành`), data.fields.measures);
    assert.ok(data.fields.scope.includes('Cổng thông tin điện tử (snv.hungyen.gov.vn, 203.0.113.10)'), data.fields.scope);
    assert.equal(data.fields.contact.full_name, 'Vũ Văn Hành', 'the drafter');
    assert.equal(data.initial.number, ini.number);
    assert.deepEqual(d.json.fields, {}, 'defaults are not the operator\'s fields');
    drafts[form] = d.json;
  }
  assertProblem(await patch('vanhanh.snv', drafts.progress.id, { fields: { plan: 'x' } }, 1), 422, { field: 'fields.plan' });
  assertProblem(await patch('vanhanh.snv', drafts.progress.id, { fields: { contact: { name: 'x' } } }, 1), 422,
    { field: 'fields.contact.name' });

  for (const [form, subject] of Object.entries(LATER)) {
    const own = {
      support: `Đề nghị Trung tâm Dữ liệu và Chuyển đổi số cử 02 kỹ sư hỗ trợ phân tích mã độc (${form}).`,
      coordinate: 'Công an tỉnh Hưng Yên (PA05); Trung tâm Dữ liệu và Chuyển đổi số',
      recommendations: 'Rà soát toàn bộ tài khoản quản trị trên các hệ thống của Sở.',
      ...(form === 'plan' ? { plan: 'Cô lập máy chủ, phân tích nhật ký, vá lỗ hổng, khôi phục dịch vụ trong 24 giờ.' } : {}),
      ...(form === 'direction_request' ? { request: 'Xin ý kiến chỉ đạo về việc tạm dừng cổng dịch vụ công trong 48 giờ.' } : {}),
    };
    const e = await patch('vanhanh.snv', drafts[form].id, { fields: own }, 1);
    assert.equal(e.status, 200, e.text);
    const a = await act('lanhdao.snv', drafts[form].id, 'approve', undefined, 2);
    assert.equal(a.status, 200, a.text);
    const docs = await documents('vanhanh.snv', drafts[form].id);
    carries(docs, ['BÁO CÁO', subject, title, task, ...Object.values(own),
      `Số, ký hiệu báo cáo ban đầu: ${ini.number}, ngày ${today()}`, 'Vũ Văn Hành', SNV.signer_name], form);
    // the defaults are the register at approval: after the progress
    // report went out, the event is no longer news for the next ones
    if (form === 'progress') carries(docs, [event], form);
    else assert.ok(!docs.text.includes(event) && docs.text.includes('(không có diễn biến mới)'), form);
    assert.ok(docs.text.includes(`Số: ${a.json.number}`));
    const s = await act('vanhanh.snv', drafts[form].id, 'send', { recipients: ['Ủy ban nhân dân tỉnh Hưng Yên'], channel: 'cong_van' },
      a.json.version);
    assert.equal(s.status, 200, s.text);
    const k = await act('vanhanh.snv', drafts[form].id, 'ack', {}, s.json.version);
    assert.equal(k.status, 200, k.text);
    assert.equal(k.json.status, 'acknowledged');
  }
  const sends = await api(base, 'GET', `/api/v1/incidents/${inc}/sends`, as(S['vanhanh.snv']));
  for (const form of Object.keys(LATER)) {
    assert.ok(sends.json.items.some((x) => x.report === form && /\/BC-SNV$/.test(x.reference)), `a send of ${form}`);
  }
  // the next report starts after the last one sent
  const next = await draft('vanhanh.snv', { incident: inc, form: 'progress' });
  assert.equal(next.status, 201, next.text);
  assert.ok(!(await dataOf('vanhanh.snv', next.json.id)).fields.developments?.includes(event));
});

const PROFILE = {
  fax: '0221 3862 457',
  website: 'https://snv.hungyen.gov.vn',
  activity: 'Bảo đảm an toàn thông tin cho các hệ thống của Sở; phối hợp với Đội ứng cứu sự cố tỉnh.',
  contact_primary: {
    full_name: 'Trần Văn Đức', position: 'Chuyên viên Văn phòng Sở', phone: '0221 3862 458',
    mobile: '0912 345 678', email: 'duc.tv@hungyen.gov.vn',
  },
  systems: [{ name: 'Cổng thông tin điện tử Sở Nội vụ', level: 2 }, { name: 'Hệ thống quản lý văn bản và điều hành' }],
  staff: [
    { group: 'field', label: 'An toàn thông tin', count: 2 },
    { group: 'level', label: 'Thạc sĩ', count: 1 },
    { group: 'defence', label: 'Giám sát, phát hiện tấn công mạng', count: 1 },
  ],
  staff_list: [{
    full_name: 'Trần Văn Đức', school: 'Học viện Kỹ thuật mật mã', major: 'An toàn thông tin',
    degree: 'Kỹ sư an toàn thông tin', graduated: '06/2018',
  }],
};

test('Mẫu 01: a unit\'s member profile from its data; its free fields; its scope (404 outside)', async () => {
  assertProblem(await draft('vanhanh.snv', { unit_id: U.SNV, form: 'member_profile', fields: {
    staff: [{ group: 'khac', label: 'x', count: -1 }], systems: [{ name: 'x', level: 7 }],
  } }), 422, { field: 'fields.staff[0].group' });
  const bad = await draft('vanhanh.snv', { unit_id: U.SNV, form: 'member_profile', fields: { staff: [{ count: 1.5 }] } });
  assertProblem(bad, 422, { field: 'fields.staff[0].count' });
  assertProblem(await draft('vanhanh.snv', { incident: INC, form: 'member_profile' }), 422, { field: 'incident' });
  assertProblem(await draft('vanhanh.snv', { unit_id: U.SNV, form: 'final' }), 422, { field: 'unit_id' });
  // a commune's user: the Sở's profile does not exist for them
  assertProblem(await draft('vanhanh.xa', { unit_id: U.SNV, form: 'member_profile' }), 404);
  assertProblem(await draft('vanhanh.xa', { unit_id: U.HY, form: 'member_profile' }), 404, { msg: 'above the commune' });

  const d = await draft('vanhanh.snv', { unit_id: U.SNV, form: 'member_profile', fields: PROFILE });
  assert.equal(d.status, 201, d.text);
  assert.equal(d.json.incident, null);
  assert.equal(d.json.unit_id, U.SNV);
  assert.equal(d.json.doc_type, '');
  const id = d.json.id;
  assertProblem(await get('vanhanh.xa', id), 404);
  assertProblem(await patch('vanhanh.xa', id, { fields: { fax: 'x' } }, 1), 404);
  assertProblem(await act('vanhanh.xa', id, 'approve', undefined, 1), 404);
  assert.equal((await download('vanhanh.xa', id, 'pdf')).status, 404);
  assertProblem(await api(base, 'GET', `/api/v1/reports?unit=${U.SNV}`, as(S['vanhanh.xa'])), 404);
  const own = await draft('vanhanh.xa', { unit_id: U['XA-NT'], form: 'member_profile' });
  assert.equal(own.status, 201, own.text);
  const list = await api(base, 'GET', `/api/v1/reports?unit=${U.SNV}`, as(S['vanhanh.snv']));
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(list.json.items.map((x) => x.id), [id]);
  assertProblem(await api(base, 'GET', `/api/v1/reports?unit=${U.SNV}&incident=${INC}`, as(S['vanhanh.snv'])), 422);

  const data = await dataOf('vanhanh.snv', id);
  assert.equal(data.organisation.supervising, 'Ủy ban nhân dân tỉnh Hưng Yên', 'the parent unit');
  assert.deepEqual(data.fields.leader, { full_name: SNV.signer_name, position: 'Phó Giám đốc' });
  assert.equal(data.fields.intake.address, SNV.address);
  assert.equal(data.head.number, '', 'a form, unnumbered');
  assert.deepEqual(data.to, [], 'no Kính gửi');
  assert.deepEqual(data.copies, ['Cơ quan điều phối quốc gia']);

  assertProblem(await act('vanhanh.snv', id, 'approve', undefined, 1), 403);
  const a = await act('lanhdao.snv', id, 'approve', undefined, 1);
  assert.equal(a.status, 200, a.text);
  assert.equal(a.json.number, null);
  assert.match(a.json.sha256, /^[0-9a-f]{64}$/);
  const docs = await documents('vanhanh.snv', id);
  assert.equal(crypto.createHash('sha256').update(docs.pdf).digest('hex'), a.json.sha256);
  carries(docs, ['BẢN KHAI', 'Hồ sơ thành viên mạng lưới ứng cứu sự cố', 'Thông tin chung về tổ chức', 'SỞ NỘI VỤ',
    'Tên tổ chức: Sở Nội vụ', 'Tên cơ quan chủ quản: Ủy ban nhân dân tỉnh Hưng Yên', `Địa chỉ: ${SNV.address}`,
    `Điện thoại: ${SNV.phone}`, `Email: ${SNV.email}`, `Lãnh đạo phụ trách an toàn thông tin: ${SNV.signer_name}`,
    'Chức vụ: Phó Giám đốc', `Fax: ${PROFILE.fax}`, PROFILE.website, PROFILE.activity, 'Trần Văn Đức',
    PROFILE.contact_primary.mobile, 'Cổng thông tin điện tử Sở Nội vụ', 'Cấp 2', 'Hệ thống quản lý văn bản và điều hành',
    'Số lượng cán bộ theo lĩnh vực đào tạo', 'Giám sát, phát hiện tấn công mạng', 'Học viện Kỹ thuật mật mã',
    'Kỹ sư an toàn thông tin', 'Chúng tôi cam kết', 'Cơ quan điều phối quốc gia', 'KT. GIÁM ĐỐC', SNV.signer_name],
  'Mẫu 01');
  assert.ok(!/Số: /.test(docs.text), 'no number on a form');
  assert.ok(!docs.text.includes('Như trên'), 'no Kính gửi, so no "Như trên"');
  const au = await api(base, 'GET', '/api/v1/audit?action=report.document&limit=200', as(S.kiemtra));
  assert.ok(au.json.items.some((x) => x.object_id === `${id}:sha256:${a.json.sha256}`));

  const s = await act('vanhanh.snv', id, 'send', { recipients: ['Trung tâm VNCERT/CC'], channel: 'email' }, a.json.version);
  assert.equal(s.status, 200, s.text);
  assert.equal(s.json.status, 'sent');
  const k = await act('vanhanh.snv', id, 'ack', {}, s.json.version);
  assert.equal(k.status, 200, k.text);
  assert.equal(k.json.status, 'acknowledged');

  // the yearly update: a new edition naming the one it replaces
  const n = await draft('vanhanh.snv', { unit_id: U.SNV, form: 'member_profile', replaces: id });
  assert.equal(n.status, 201, n.text);
  assert.equal(n.json.replaces, id);
  assert.equal(n.json.edition, 2);
  assert.equal((await dataOf('vanhanh.snv', n.json.id)).replaces.text, `Bản khai này thay thế Bản khai ngày ${today()}.`);
  assertProblem(await draft('vanhanh.snv', { unit_id: U['XA-NT'], form: 'member_profile', replaces: id }), 404);
  assertProblem(await draft('vanhanh.snv', { incident: INC, form: 'initial', replaces: id }), 422, { field: 'replaces' });
});

test('CLI: report draft --form final, --form member_profile --unit CODE, list and render by unit', async () => {
  const inc = await incident('Tấn công giả mạo thư điện tử công vụ');
  const run = (...args) => srv.cli('report', ...args);
  let r = run('draft', inc, '--form', 'final', '--as', 'vanhanh.snv', '--json');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).form, 'final');
  r = run('draft', inc, '--form', '04', '--as', 'vanhanh.snv', '--json');
  assert.equal(JSON.parse(r.stdout).form, 'final');
  r = run('draft', '--form', 'member_profile', '--unit', 'SNV', '--as', 'vanhanh.snv', '--json');
  assert.equal(r.status, 0, r.stderr);
  const mp = JSON.parse(r.stdout);
  assert.equal(mp.form, 'member_profile');
  assert.equal(mp.unit_id, U.SNV);
  r = run('draft', '--form', '01', '--unit', 'SNV', '--as', 'vanhanh.xa');
  assert.notEqual(r.status, 0, 'a commune user cannot draft the Sở\'s profile');
  // Mẫu 05 for a period
  r = run('draft', '--form', '05', '--unit', 'SNV', '--from', `${YEAR}-01-01`, '--to', `${YEAR}-07-01`,
    '--as', 'vanhanh.snv', '--json');
  assert.equal(r.status, 0, r.stderr);
  const sm = JSON.parse(r.stdout);
  assert.equal(sm.form, 'summary');
  assert.equal(sm.unit_id, U.SNV);
  r = run('draft', '--form', '05', '--unit', 'SNV', '--from', `${YEAR}-07-01`, '--to', `${YEAR}-01-01`,
    '--as', 'vanhanh.snv');
  assert.notEqual(r.status, 0, 'a period ending before it starts is refused');
  assert.match(r.stderr, /to/);
  r = run('list', '--unit', 'SNV', '--json');
  assert.equal(r.status, 0, r.stderr);
  assert.ok(JSON.parse(r.stdout).some((x) => x.id === mp.id));
  const out = path.join(tmp, 'mau01.docx');
  r = run('render', '--unit', 'SNV', '--format', 'docx', '-o', out);
  assert.equal(r.status, 0, r.stderr);
  wellFormed(out);
  assert.ok(tool('unzip', ['-p', out, 'word/document.xml']).includes('Hồ sơ thành viên mạng lưới ứng cứu sự cố'));
});

// ---- Mẫu 05, the forms, the inline preview ----

/** The total row of a Mẫu 05 data object. */
const total = (data) => data.rows.find((r) => r.kind === 'total').count;

test('Mẫu 05: drafted from a period, follows the register, approved (numbered, frozen, hashed), sent, acked', async () => {
  const period = { from: `${YEAR}-01-01`, to: `${YEAR + 1}-01-01` };
  assertProblem(await draft('vanhanh.snv', { unit_id: U.SNV, form: 'summary', from: period.from }), 422,
    { field: 'to' });
  assertProblem(await draft('vanhanh.snv', { unit_id: U.SNV, form: 'summary', from: period.to, to: period.from }),
    422, { field: 'to', msg: 'to before from' });
  assertProblem(await draft('vanhanh.snv', { unit_id: U.SNV, form: 'summary', from: '2026/01/01', to: period.to }),
    422, { field: 'fields.period.from' });
  assertProblem(await draft('vanhanh.snv', { incident: INC, form: 'summary', ...period }), 422, { field: 'incident' });
  assertProblem(await draft('vanhanh.snv', { unit_id: U.SNV, form: 'member_profile', ...period }), 422,
    { field: 'from' });
  assertProblem(await draft('vanhanh.xa', { unit_id: U.SNV, form: 'summary', ...period }), 404);

  const d = await draft('vanhanh.snv', { unit_id: U.SNV, form: 'summary', ...period,
    fields: { proposals: 'Đề nghị tăng cường diễn tập ứng cứu sự cố.' } });
  assert.equal(d.status, 201, d.text);
  const id = d.json.id;
  assert.equal(d.json.form, 'summary');
  assert.equal(d.json.doc_type, 'BC');
  assert.equal(d.json.incident, null);
  assert.deepEqual(d.json.fields.period, period);
  assert.equal(d.json.number, null);

  // a draft is the statistics of now: a new incident is counted
  const n0 = total(await dataOf('vanhanh.snv', id));
  await incident('Dò quét cổng dịch vụ máy chủ thư điện tử Sở Nội vụ');
  let data = await dataOf('vanhanh.snv', id);
  assert.equal(total(data), n0 + 1, 'the draft follows the register');
  assert.equal(data.form, 'summary05');
  assert.equal(data.head.number, '/BC-SNV', 'blank for the clerk');
  assert.equal(data.proposals, 'Đề nghị tăng cường diễn tập ứng cứu sự cố.');

  // edited while a draft; the operator's helpers replace the register's
  assertProblem(await patch('vanhanh.snv', id, { fields: { result: 'x' } }, 1), 422, { field: 'fields.result' });
  assertProblem(await patch('vanhanh.snv', id, { fields: { period: null } }, 1), 422, { field: 'fields.period' });
  const e = await patch('vanhanh.snv', id, { fields: { helpers: ['Công an tỉnh Hưng Yên'],
    foreign_helpers: ['Team Cymru'] } }, 1);
  assert.equal(e.status, 200, e.text);
  data = await dataOf('vanhanh.snv', id);
  assert.deepEqual(data.helpers, ['Công an tỉnh Hưng Yên']);
  assert.deepEqual(data.foreign_helpers, ['Team Cymru']);

  // the commune's user: 404 on everything of the Sở's summary
  assertProblem(await get('vanhanh.xa', id), 404);
  assertProblem(await patch('vanhanh.xa', id, { fields: { proposals: 'x' } }, 2), 404);
  assertProblem(await act('vanhanh.xa', id, 'approve', undefined, 2), 404);
  assert.equal((await download('vanhanh.xa', id, 'pdf')).status, 404);

  assertProblem(await act('vanhanh.snv', id, 'approve', undefined, 2), 403);
  const a = await act('lanhdao.snv', id, 'approve', undefined, 2);
  assert.equal(a.status, 200, a.text);
  assert.equal(a.json.status, 'approved');
  assert.match(a.json.number, /^\d{2}\/BC-SNV$/);
  const frozen = await dataOf('vanhanh.snv', id);
  assert.equal(frozen.head.number, a.json.number);
  assert.match(frozen.head.place_date, new RegExp(`ngày ${today().slice(0, 2)} tháng ${today().slice(3, 5)} năm ${YEAR}`));
  assertProblem(await patch('vanhanh.snv', id, { fields: { proposals: 'x' } }, a.json.version), 409);
  assertProblem(await act('lanhdao.snv', id, 'approve', undefined, a.json.version), 409);

  // frozen: a later incident does not change it
  await incident('Mã độc trên máy trạm văn thư Sở Nội vụ');
  const after = await dataOf('vanhanh.snv', id);
  assert.equal(total(after), total(frozen), 'approved data no longer follows the register');
  assert.deepEqual(after.rows, frozen.rows);

  const docs = await documents('vanhanh.snv', id);
  const sha = crypto.createHash('sha256').update(docs.pdf).digest('hex');
  assert.equal(sha, a.json.sha256, 'the PDF downloaded is the hashed one');
  carries(docs, ['BÁO CÁO', `Số: ${a.json.number}`, 'về hoạt động tiếp nhận và xử lý sự cố', 'Sở Nội vụ',
    'Công an tỉnh Hưng Yên', 'Team Cymru', 'Đề nghị tăng cường diễn tập ứng cứu sự cố.', 'Tổng cộng'], 'Mẫu 05');
  const au = await api(base, 'GET', '/api/v1/audit?action=report.document&limit=200', as(S.kiemtra));
  assert.equal(au.status, 200, au.text);
  assert.ok(au.json.items.some((x) => x.object_id === `${id}:sha256:${sha}`), 'the hash in the audit log');

  const s = await act('vanhanh.snv', id, 'send', { recipients: ['Trung tâm VNCERT/CC'], channel: 'cong_van' },
    a.json.version);
  assert.equal(s.status, 200, s.text);
  assert.equal(s.json.status, 'sent');
  const k = await act('vanhanh.snv', id, 'ack', {}, s.json.version);
  assert.equal(k.status, 200, k.text);
  assert.equal(k.json.status, 'acknowledged');

  const list = await api(base, 'GET', `/api/v1/reports?unit=${U.SNV}`, as(S['vanhanh.snv']));
  assert.equal(list.status, 200, list.text);
  assert.ok(list.json.items.some((x) => x.id === id && x.form === 'summary'));
});

test('GET /reports/forms: every form with its labels, subject and free fields', async () => {
  const r = await api(base, 'GET', '/api/v1/reports/forms', as(S['vanhanh.xa']));
  assert.equal(r.status, 200, r.text);
  const forms = Object.fromEntries(r.json.items.map((f) => [f.code, f]));
  assert.deepEqual(Object.keys(forms).sort(), ['direction_request', 'final', 'initial', 'member_profile',
    'notice', 'plan', 'progress', 'summary', 'support_request']);
  assert.equal(forms.initial.label.vi, 'Báo cáo ban đầu');
  assert.equal(forms.initial.label.en, 'Initial report');
  assert.equal(forms.initial.subject, 'incident');
  assert.equal(forms.member_profile.subject, 'unit');
  assert.equal(forms.member_profile.doc_type, '');
  assert.equal(forms.summary.subject, 'unit');
  assert.equal(forms.summary.period, true);
  assert.equal(forms.summary.doc_type, 'BC');
  assert.equal(forms.summary.obligation, 'summary', 'the pack\'s periodic duty (TT 20/2017 Điều 6.1.c)');
  assert.equal(forms.summary.label.vi, 'Báo cáo định kỳ công tác ứng cứu sự cố (Mẫu 05)');
  assert.equal(forms.summary.label.en, 'Periodic incident response summary (Form 05)');
  assert.equal(forms.initial.obligation, undefined);
  for (const f of r.json.items) {
    assert.ok(f.label.vi && f.label.en, `${f.code}: labels`);
    const names = f.fields.map((x) => x.name);
    assert.ok(names.includes('to') && names.includes('copies'), `${f.code}: ${names}`);
  }
  const field = (code, name) => forms[code].fields.find((x) => x.name === name);
  assert.deepEqual(field('initial', 'confidential'), { name: 'confidential', type: 'bool', required: false });
  assert.equal(field('notice', 'result').type, 'text');
  assert.equal(field('notice', 'result').max_length, 5000);
  assert.equal(field('final', 'initial_date').type, 'date');
  assert.equal(field('final', 'attachments').type, 'list');
  assert.equal(field('final', 'attachments').max_items, 20);
  assert.equal(field('progress', 'contact').type, 'object');
  assert.deepEqual(field('progress', 'contact').keys.map((k) => k.name), ['full_name', 'position', 'phone', 'email']);
  assert.equal(field('member_profile', 'staff').type, 'table');
  assert.equal(field('member_profile', 'staff').max_items, 200);
  assert.equal(field('summary', 'period').required, true);
  assert.deepEqual(forms.summary.fields.map((x) => x.name),
    ['to', 'copies', 'period', 'helpers', 'foreign_helpers', 'proposals']);
  assert.equal(field('plan', 'plan').type, 'text');
  assert.equal(field('notice', 'plan'), undefined, 'a per-form field only on its form');
  const anon = await fetch(`${base}/api/v1/reports/forms`);
  assert.equal(anon.status, 401, 'signed-in users only');
});

test('inline preview: disposition=inline may be framed by the app itself; other replies stay DENY', async () => {
  const d = await draft('vanhanh.snv', { incident: INC, form: 'notice' });
  assert.equal(d.status, 201, d.text);
  const s = S['vanhanh.snv'];
  const get2 = (q) => fetch(`${base}/api/v1/reports/${d.json.id}/document?${q}`,
    { headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
  const inl = await get2('format=pdf&disposition=inline');
  assert.equal(inl.status, 200);
  assert.match(inl.headers.get('content-disposition'), new RegExp(`^inline; filename="${d.json.id}\\.pdf"$`));
  assert.equal(inl.headers.get('x-frame-options'), 'SAMEORIGIN');
  assert.match(inl.headers.get('content-security-policy'), /frame-ancestors 'self'/);
  assert.doesNotMatch(inl.headers.get('content-security-policy'), /frame-ancestors 'none'/);
  assert.equal((await inl.arrayBuffer()).byteLength > 0, true);

  const att = await get2('format=pdf');
  assert.match(att.headers.get('content-disposition'), /^attachment; /);
  assert.equal(att.headers.get('x-frame-options'), 'DENY');
  assert.match(att.headers.get('content-security-policy'), /frame-ancestors 'none'/);
  await att.arrayBuffer();
  const bad = await get2('format=pdf&disposition=window');
  assert.equal(bad.status, 422);
  assert.equal((await bad.json()).errors[0].field, 'disposition');

  const page = await fetch(`${base}/`);
  const csp = page.headers.get('content-security-policy');
  assert.match(csp, /frame-src 'self'/);
  assert.match(csp, /object-src 'none'/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.equal(page.headers.get('x-frame-options'), 'DENY');
  await page.arrayBuffer();
  const me = await api(base, 'GET', '/api/v1/me', as(s));
  assert.equal(me.headers.get('x-frame-options'), 'DENY');
});

// Last: every DOCX the tests above issued (each form, filled from the
// register) opens in LibreOffice, which converts it to PDF without
// error, with the same Vietnamese text as our own PDF. One LibreOffice
// run for all of them; once per run of the suite (SQLite), since the
// documents do not depend on the engine.
test('LibreOffice opens every form\'s DOCX and gives back its text', { skip: ctx.engine !== 'sqlite' }, () => {
  const files = [...issuedDocx.keys()];
  assert.ok(files.length >= 8, `only ${files.length} documents issued`);
  const out = path.join(tmp, 'lo');
  const r = spawnSync('timeout', ['300', 'soffice', '--headless', '--norestore',
    `-env:UserInstallation=file://${path.join(tmp, 'lo-profile')}`, '--convert-to', 'pdf', '--outdir', out,
    ...files], { encoding: 'utf8' });
  assert.ok(!r.error, `soffice missing (libreoffice-writer-nogui): ${r.error}`);
  assert.equal(r.status, 0, `soffice: ${r.stderr}`);
  for (const [fx, head] of issuedDocx) {
    const pdf = path.join(out, path.basename(fx).replace(/\.docx$/, '.pdf'));
    assert.ok(fs.existsSync(pdf), `LibreOffice made no PDF of ${path.basename(fx)}: ${r.stdout}`);
    const text = flat(tool('pdftotext', ['-raw', pdf, '-']));
    for (const word of head.split(' ').filter((w) => w.length > 3).slice(0, 6)) {
      assert.ok(text.includes(word), `${path.basename(fx)}: LibreOffice's PDF lacks "${word}"`);
    }
  }
});
