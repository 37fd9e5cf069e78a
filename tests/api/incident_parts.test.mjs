// Incident parts: tasks, comments, links, observables, directions received
// and reports sent, under /api/v1/incidents/{pid}/...
//
// Fixture (sample data): vanhanh.xa (operator, XA-NT) reports incidents A,
// B and R (TLP:RED) of the commune; vanhanh.snv (operator, SNV) reports S
// of the Sở Nội vụ. vanhanh.snv cannot see the commune's incidents, and
// vanhanh.xa cannot see S; dieuphoi (coordinator over HY) sees everything
// that is not TLP:RED unless named on it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, mustLogin, listAll } from './lib/server.mjs';
import { useEngine, assertProblem, as } from './lib/common.mjs';

const ctx = useEngine();
let srv;
let base;
const S = {}; // login -> session
const U = {}; // unit code -> id
const I = {}; // incident name -> public id
const HOUR = 3600_000;
const iso = (ms) => new Date(ms).toISOString();
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

async function incident(who, unitCode, title, extra = {}) {
  const r = await api(base, 'POST', '/api/v1/incidents', as(S[who], {
    body: {
      title, description: 'Máy chủ cổng thông tin bị thay đổi giao diện',
      detected_at: iso(Date.now() - 2 * HOUR), unit_id: U[unitCode], ...extra,
    },
  }));
  assert.equal(r.status, 201, `create incident: ${r.text}`);
  assert.match(r.json.id, /^SC-\d{4}-\d{4}$/);
  return r.json.id;
}

before(async () => {
  srv = await startServer(ctx);
  base = srv.base;
  for (const who of ['admin', 'vanhanh.xa', 'vanhanh.snv', 'dieuphoi', 'doiungcuu']) {
    S[who] = await mustLogin(base, who);
  }
  for (const u of await listAll(base, '/api/v1/units', as(S.admin))) U[u.code] = u.id;
  I.A = await incident('vanhanh.xa', 'XA-NT', 'Tấn công thay đổi giao diện cổng xã');
  I.B = await incident('vanhanh.xa', 'XA-NT', 'Mã độc trên máy trạm một cửa');
  I.R = await incident('vanhanh.xa', 'XA-NT', 'Lộ lọt dữ liệu cán bộ', { tlp: 'RED' });
  I.S = await incident('vanhanh.snv', 'SNV', 'Dò quét cổng dịch vụ công của Sở');
});
after(async () => { if (srv) await srv.stop(); });

const path = (pid, part) => `/api/v1/incidents/${pid}/${part}`;
const get = (who, pid, part) => api(base, 'GET', path(pid, part), as(S[who]));
const post = (who, pid, part, body, extra = {}) => api(base, 'POST', path(pid, part),
  as(S[who], { body, ...extra }));
const patch = (who, pid, part, body, ifMatch) => api(base, 'PATCH', path(pid, part),
  as(S[who], { body, ifMatch }));
const del = (who, pid, part) => api(base, 'DELETE', path(pid, part), as(S[who]));

async function items(who, pid, part) {
  const r = await get(who, pid, part);
  assert.equal(r.status, 200, `GET ${part}: ${r.text}`);
  assert.ok(Array.isArray(r.json.items));
  assert.equal(r.json.next_cursor, null);
  return r.json.items;
}
async function incidentVersion(who, pid) {
  const r = await api(base, 'GET', `/api/v1/incidents/${pid}`, as(S[who]));
  assert.equal(r.status, 200, r.text);
  return r.json.version;
}
async function timeline(who, pid) {
  const r = await api(base, 'GET', `/api/v1/incidents/${pid}/timeline`, as(S[who]));
  assert.equal(r.status, 200, r.text);
  return (r.json.items || r.json).map((e) => e.summary);
}
/** Refused with `status` naming `field`, and the list is unchanged. */
async function refused(who, pid, part, body, status, field, code) {
  const listed = part.replace(/\/bulk$/, '');
  const beforeList = await items('vanhanh.xa', pid, listed);
  const r = await post(who, pid, part, body);
  assertProblem(r, status, { field, code, msg: `POST ${part} ${JSON.stringify(body).slice(0, 200)}` });
  assert.deepEqual(await items('vanhanh.xa', pid, listed), beforeList, `${part}: nothing written`);
  return r;
}

// ------------------------------------------------------------------ tasks

test('tasks: create, list newest first, patch with If-Match', async () => {
  const v0 = await incidentVersion('vanhanh.xa', I.A);
  const due = iso(Date.now() + 24 * HOUR);
  const r = await post('vanhanh.xa', I.A, 'tasks', { title: 'Cô lập máy chủ web', due_at: due });
  assert.equal(r.status, 201, r.text);
  const t = r.json;
  assert.equal(r.headers.get('etag'), '"1"');
  assert.equal(t.title, 'Cô lập máy chủ web');
  assert.equal(t.state, 'open');
  assert.equal(t.incident, I.A);
  assert.equal(t.due_at, due);
  assert.equal(t.assignee_id, null);
  assert.match(t.created_at, ISO_MS);
  assert.ok(await incidentVersion('vanhanh.xa', I.A) > v0, 'the incident version moves');
  assert.ok((await timeline('vanhanh.xa', I.A)).includes('Thêm nhiệm vụ: Cô lập máy chủ web'));

  const r2 = await post('vanhanh.xa', I.A, 'tasks', { title: 'Thu thập nhật ký truy cập' });
  assert.equal(r2.status, 201, r2.text);
  const list = await items('vanhanh.xa', I.A, 'tasks');
  assert.deepEqual(list.map((x) => x.id), [r2.json.id, t.id], 'newest first');

  const url = `tasks/${t.id}`;
  assertProblem(await patch('vanhanh.xa', I.A, url, { state: 'done' }), 428);
  assertProblem(await patch('vanhanh.xa', I.A, url, { state: 'done' }, 7), 412);
  const p = await patch('vanhanh.xa', I.A, url, { state: 'done', due_at: null }, 1);
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.state, 'done');
  assert.equal(p.json.due_at, null, 'null clears due_at');
  assert.equal(p.json.version, 2);
  assert.equal(p.headers.get('etag'), '"2"');
  assert.equal(p.json.title, t.title, 'absent fields unchanged');
  assert.ok((await timeline('vanhanh.xa', I.A)).includes('Hoàn thành nhiệm vụ: Cô lập máy chủ web'));
  assertProblem(await patch('vanhanh.xa', I.A, url, { state: 'open' }, 1), 412, { msg: 'stale' });
  assertProblem(await patch('vanhanh.xa', I.A, 'tasks/999999', { state: 'open' }, 1), 404);
});

test('tasks: assignee must be able to see the incident; assigning names them', async () => {
  const snv = S['vanhanh.snv'].user.id;
  await refused('vanhanh.xa', I.A, 'tasks', { title: 'x', assignee_id: snv }, 422, 'assignee_id', 'not_found');
  await refused('vanhanh.xa', I.A, 'tasks', { title: 'x', assignee_id: 999999 }, 422, 'assignee_id');
  const member = S.doiungcuu.user.id;
  const r = await post('vanhanh.xa', I.A, 'tasks', { title: 'Phân tích mã độc', assignee_id: member, unit_id: U['XA-NT'] });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.assignee_id, member);
  assert.equal(typeof r.json.assignee_name, 'string');
  assert.equal(r.json.unit_id, U['XA-NT']);
  const p = await patch('vanhanh.xa', I.A, `tasks/${r.json.id}`, { assignee_id: null, unit_id: null }, 1);
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.assignee_id, null);
  assert.equal(p.json.unit_id, null);
  assertProblem(await patch('vanhanh.xa', I.A, `tasks/${r.json.id}`, { assignee_id: snv }, 2), 422,
    { field: 'assignee_id' });
});

test('tasks: bad input is refused naming the field, nothing written', async () => {
  await refused('vanhanh.xa', I.A, 'tasks', { title: '' }, 422, 'title', 'required');
  await refused('vanhanh.xa', I.A, 'tasks', { title: 'x'.repeat(201) }, 422, 'title', 'too_long');
  await refused('vanhanh.xa', I.A, 'tasks', { title: 'ok', state: 'later' }, 422, 'state', 'enum');
  await refused('vanhanh.xa', I.A, 'tasks', { title: 'ok', due_at: 'tomorrow' }, 422, 'due_at', 'format');
  await refused('vanhanh.xa', I.A, 'tasks', { title: 'ok', unit_id: 999999 }, 422, 'unit_id', 'not_found');
  await refused('vanhanh.xa', I.A, 'tasks', { title: 'ok', colour: 'red' }, 422, 'colour', 'unknown_field');
  await refused('vanhanh.xa', I.A, 'tasks', { title: 5 }, 422, 'title', 'type');
});

test('TLP:RED: hidden from a coordinator not named on it, visible once assigned a task', async () => {
  assertProblem(await get('dieuphoi', I.R, 'tasks'), 404);
  assertProblem(await get('dieuphoi', I.R, 'comments'), 404);
  assertProblem(await api(base, 'GET', `/api/v1/incidents/${I.R}`, as(S.dieuphoi)), 404);
  const r = await post('vanhanh.xa', I.R, 'tasks', { title: 'Đánh giá phạm vi lộ lọt', assignee_id: S.dieuphoi.user.id });
  assert.equal(r.status, 201, r.text);
  const list = await items('dieuphoi', I.R, 'tasks');
  assert.deepEqual(list.map((t) => t.id), [r.json.id]);
  assert.equal((await api(base, 'GET', `/api/v1/incidents/${I.R}`, as(S.dieuphoi))).status, 200);
  assertProblem(await get('doiungcuu', I.R, 'tasks'), 404, { msg: 'others still do not see it' });
});

// --------------------------------------------------------------- comments

test('comments: append-only, newest first, multi-line bodies', async () => {
  const body = 'Đã cô lập máy chủ.\nĐang chờ bản sao ổ cứng.';
  const r = await post('vanhanh.xa', I.A, 'comments', { body });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.body, body);
  assert.equal(r.json.author_id, S['vanhanh.xa'].user.id);
  assert.equal(r.json.incident, I.A);
  const r2 = await post('dieuphoi', I.A, 'comments', { body: 'Đề nghị gửi báo cáo ban đầu.' });
  assert.equal(r2.status, 201, r2.text);
  const list = await items('vanhanh.xa', I.A, 'comments');
  assert.deepEqual(list.map((c) => c.id), [r2.json.id, r.json.id]);
  assert.equal((await api(base, 'PATCH', path(I.A, `comments/${r.json.id}`), as(S['vanhanh.xa'], { body: { body: 'x' } }))).status, 404);
  assert.equal((await api(base, 'DELETE', path(I.A, 'comments'), as(S['vanhanh.xa']))).status, 405);
  await refused('vanhanh.xa', I.A, 'comments', { body: '' }, 422, 'body', 'required');
  await refused('vanhanh.xa', I.A, 'comments', { body: 'x'.repeat(10001) }, 422, 'body', 'too_long');
  await refused('vanhanh.xa', I.A, 'comments', { body: 'bell \u0007' }, 422, 'body', 'format');
});

test('comments: Idempotency-Key replays the create', async () => {
  const n = (await items('vanhanh.xa', I.B, 'comments')).length;
  const h = { headers: { 'idempotency-key': 'cmt-1' } };
  const r1 = await post('vanhanh.xa', I.B, 'comments', { body: 'Một lần thôi' }, h);
  const r2 = await post('vanhanh.xa', I.B, 'comments', { body: 'Một lần thôi' }, h);
  assert.equal(r1.status, 201, r1.text);
  assert.equal(r2.status, 201, r2.text);
  assert.equal(r2.json.id, r1.json.id);
  assert.equal((await items('vanhanh.xa', I.B, 'comments')).length, n + 1);
});

// ------------------------------------------------------------------ links

test('links: create, both directions, duplicates and self refused, delete', async () => {
  const r = await post('vanhanh.xa', I.A, 'links', { to: I.B, kind: 'related_to' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.from, I.A);
  assert.equal(r.json.to, I.B);
  assert.equal(r.json.direction, 'out');
  assert.equal(r.json.other.id, I.B);
  const fromB = await items('vanhanh.xa', I.B, 'links');
  assert.equal(fromB.length, 1);
  assert.equal(fromB[0].direction, 'in');
  assert.equal(fromB[0].other.id, I.A);
  await refused('vanhanh.xa', I.A, 'links', { to: I.B, kind: 'related_to' }, 409, 'to', 'duplicate');
  await refused('vanhanh.xa', I.B, 'links', { to: I.A, kind: 'related_to' }, 409, 'to', 'duplicate');
  await refused('vanhanh.xa', I.A, 'links', { to: I.A, kind: 'caused_by' }, 409, 'to', 'self');
  await refused('vanhanh.xa', I.A, 'links', { to: I.B, kind: 'similar' }, 422, 'kind', 'enum');
  const r2 = await post('vanhanh.xa', I.B, 'links', { to: I.A, kind: 'caused_by' });
  assert.equal(r2.status, 201, r2.text);
  assert.ok((await timeline('vanhanh.xa', I.B)).includes(`Liên kết: do ${I.A} gây ra`));
  assert.equal((await del('vanhanh.xa', I.A, `links/${r2.json.id}`)).status, 204, 'either end may remove');
  assert.deepEqual((await items('vanhanh.xa', I.A, 'links')).map((l) => l.id), [r.json.id]);
  assertProblem(await del('vanhanh.xa', I.A, `links/${r2.json.id}`), 404);
});

test('links: an incident the actor cannot see is "not found" naming to; hidden in lists', async () => {
  const r = await refused('vanhanh.xa', I.A, 'links', { to: I.S, kind: 'related_to' }, 404, 'to', 'not_found');
  const r2 = await refused('vanhanh.xa', I.A, 'links', { to: 'SC-1999-9999', kind: 'related_to' }, 404, 'to');
  assert.equal(r.json.detail.replace(I.S, ''), r2.json.detail.replace('SC-1999-9999', ''),
    'an invisible incident reads like a missing one');
  // the coordinator sees both and links them; the commune does not see the link
  const l = await post('dieuphoi', I.S, 'links', { to: I.A, kind: 'caused_by' });
  assert.equal(l.status, 201, l.text);
  assert.ok((await items('dieuphoi', I.A, 'links')).some((x) => x.id === l.json.id));
  assert.ok(!(await items('vanhanh.xa', I.A, 'links')).some((x) => x.id === l.json.id));
  assertProblem(await del('vanhanh.xa', I.A, `links/${l.json.id}`), 404);
});

// ------------------------------------------------------------ observables

test('observables: normalised on add; duplicates 409; bad input 422', async () => {
  const d = await post('vanhanh.xa', I.A, 'observables', { type: 'domain', value: ' Example.COM. ', is_indicator: true });
  assert.equal(d.status, 201, d.text);
  assert.equal(d.json.value, 'example.com');
  assert.equal(d.json.type, 'domain');
  assert.equal(d.json.is_indicator, true);
  assert.equal(d.json.tlp, 'AMBER', 'the incident TLP by default');
  assert.deepEqual(d.json.seen_in, []);
  const first = iso(Date.now() - 3 * HOUR);
  const v6 = await post('vanhanh.xa', I.A, 'observables', {
    type: 'ipv6', value: '2001:DB8:0:0:0:0:0:1', tlp: 'GREEN', first_seen: first, last_seen: first, note: 'C2\nserver',
  });
  assert.equal(v6.status, 201, v6.text);
  assert.equal(v6.json.value, '2001:db8::1');
  assert.equal(v6.json.tlp, 'GREEN');
  assert.equal(v6.json.first_seen, first);
  assert.equal(v6.json.note, 'C2\nserver');
  await refused('vanhanh.xa', I.A, 'observables', { type: 'domain', value: 'EXAMPLE.com' }, 409, 'value', 'duplicate');
  await refused('vanhanh.xa', I.A, 'observables', { type: 'ipv6', value: '2001:db8::0:1' }, 409, 'value', 'duplicate');
  await refused('vanhanh.xa', I.A, 'observables', { type: 'colour', value: 'x' }, 422, 'type');
  await refused('vanhanh.xa', I.A, 'observables', { type: 'ipv4', value: '1.2.3.999' }, 422, 'value', 'format');
  await refused('vanhanh.xa', I.A, 'observables', { type: 'ipv4', value: '1.2.3.4', tlp: 'PURPLE' }, 422, 'tlp', 'enum');
  await refused('vanhanh.xa', I.A, 'observables', {
    type: 'ipv4', value: '1.2.3.4', first_seen: iso(Date.now() - HOUR), last_seen: iso(Date.now() - 2 * HOUR),
  }, 422, 'last_seen', 'order');
  await refused('vanhanh.xa', I.A, 'observables', {
    type: 'ipv4', value: '1.2.3.4', first_seen: iso(Date.now() + 24 * HOUR),
  }, 422, 'first_seen', 'future');
  const list = await items('vanhanh.xa', I.A, 'observables');
  assert.deepEqual(list.map((o) => o.value), ['2001:db8::1', 'example.com'], 'newest first');
});

test('observables: bulk paste adds the valid lines, reports the rest', async () => {
  await post('vanhanh.xa', I.B, 'observables', { type: 'ipv4', value: '203.0.113.7' });
  const text = [
    '198.51.100.23', 'chẳng phải gì cả !!', '', '   EXAMPLE.com  ', 'example.com',
    'D41D8CD98F00B204E9800998ECF8427E', '203.0.113.7', 'https://Evil.Example.NET:443/a?b=1',
  ].join('\r\n');
  const r = await post('vanhanh.xa', I.B, 'observables/bulk', { text, is_indicator: true, tlp: 'CLEAR' });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json.added.map((o) => [o.type, o.value]), [
    ['ipv4', '198.51.100.23'], ['domain', 'example.com'], ['md5', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['url', 'https://evil.example.net/a?b=1'],
  ]);
  for (const o of r.json.added) {
    assert.equal(o.tlp, 'CLEAR');
    assert.equal(o.is_indicator, true);
  }
  assert.deepEqual(r.json.skipped.map((s) => [s.line, s.reason]), [
    [2, 'unrecognised'], [5, 'duplicate'], [7, 'duplicate'],
  ]);
  assert.equal(r.json.skipped[0].value, 'chẳng phải gì cả !!');
  // seen_in: example.com is on A too
  const dom = r.json.added.find((o) => o.type === 'domain');
  assert.deepEqual(dom.seen_in, [I.A]);
  const onA = (await items('vanhanh.xa', I.A, 'observables')).find((o) => o.value === 'example.com');
  assert.deepEqual(onA.seen_in, [I.B]);
  // every line skipped: 200, nothing written
  const n = (await items('vanhanh.xa', I.B, 'observables')).length;
  const again = await post('vanhanh.xa', I.B, 'observables/bulk', { text: 'example.com\n???' });
  assert.equal(again.status, 200, again.text);
  assert.deepEqual(again.json.added, []);
  assert.equal(again.json.skipped.length, 2);
  assert.equal((await items('vanhanh.xa', I.B, 'observables')).length, n);
  await refused('vanhanh.xa', I.B, 'observables/bulk', { text: '1.1.1.1', tlp: 'BLUE' }, 422, 'tlp', 'enum');
  await refused('vanhanh.xa', I.B, 'observables/bulk', { text: '1.1.1.1\n'.repeat(1001) }, 422, 'text', 'too_long');
  await refused('vanhanh.xa', I.B, 'observables/bulk', {}, 422, 'text', 'required');
});

test('observables: seen_in lists only incidents the actor can see; delete', async () => {
  const s = await post('vanhanh.snv', I.S, 'observables', { type: 'domain', value: 'example.com' });
  assert.equal(s.status, 201, s.text);
  assert.deepEqual(s.json.seen_in, [], 'the SNV operator sees neither A nor B');
  const xa = (await items('vanhanh.xa', I.A, 'observables')).find((o) => o.value === 'example.com');
  assert.deepEqual(xa.seen_in, [I.B], 'S is not visible to the commune');
  const co = (await items('dieuphoi', I.A, 'observables')).find((o) => o.value === 'example.com');
  assert.deepEqual([...co.seen_in].sort(), [I.B, I.S].sort());
  assert.equal((await del('vanhanh.xa', I.A, `observables/${xa.id}`)).status, 204);
  assert.ok(!(await items('vanhanh.xa', I.A, 'observables')).some((o) => o.id === xa.id));
  assertProblem(await del('vanhanh.xa', I.A, `observables/${xa.id}`), 404);
  assertProblem(await del('vanhanh.xa', I.A, `observables/${s.json.id}`), 404, { msg: 'of another incident' });
});

// ------------------------------------------------------------- directions

function today(offsetDays = 0) {
  // the local (UTC+7) civil date
  return new Date(Date.now() + 7 * HOUR + offsetDays * 24 * HOUR).toISOString().slice(0, 10);
}

test('directions: create, list, patch with If-Match', async () => {
  const body = {
    kind: 'coordination_order', number: '15/LĐP-CAT', issuer: 'Công an tỉnh Hưng Yên',
    issued_on: today(), actions: 'Ngắt kết nối máy chủ.\nSao lưu nhật ký.', deadline: iso(Date.now() + 48 * HOUR),
  };
  const r = await post('vanhanh.xa', I.A, 'directions', body);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.headers.get('etag'), '"1"');
  assert.equal(r.json.kind, 'coordination_order');
  assert.equal(r.json.issued_on, today());
  assert.equal(r.json.result, '');
  assert.ok((await timeline('vanhanh.xa', I.A)).includes('Nhận lệnh điều phối số 15/LĐP-CAT của Công an tỉnh Hưng Yên'));
  const r2 = await post('vanhanh.xa', I.A, 'directions', { ...body, kind: 'direction', number: '2/CĐ' });
  assert.equal(r2.status, 201, r2.text);
  assert.deepEqual((await items('vanhanh.xa', I.A, 'directions')).map((d) => d.id), [r2.json.id, r.json.id]);
  const url = `directions/${r.json.id}`;
  assertProblem(await patch('vanhanh.xa', I.A, url, { result: 'Đã thực hiện' }), 428);
  assertProblem(await patch('vanhanh.xa', I.A, url, { result: 'Đã thực hiện' }, 2), 412);
  const p = await patch('vanhanh.xa', I.A, url, { result: 'Đã thực hiện xong', deadline: null }, 1);
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.result, 'Đã thực hiện xong');
  assert.equal(p.json.deadline, null);
  assert.equal(p.headers.get('etag'), '"2"');
  assertProblem(await patch('vanhanh.xa', I.A, url, { issued_on: today(2) }, 2), 422, { field: 'issued_on', code: 'future' });
});

test('directions: bad input refused naming the field', async () => {
  const ok = { kind: 'direction', number: '1', issuer: 'BCĐ', issued_on: today(), actions: 'Làm ngay' };
  await refused('vanhanh.xa', I.B, 'directions', { ...ok, kind: 'order' }, 422, 'kind', 'enum');
  await refused('vanhanh.xa', I.B, 'directions', { ...ok, number: 'x'.repeat(51) }, 422, 'number', 'too_long');
  await refused('vanhanh.xa', I.B, 'directions', { ...ok, issued_on: '2026-02-30' }, 422, 'issued_on', 'format');
  await refused('vanhanh.xa', I.B, 'directions', { ...ok, issued_on: '21/11/2026' }, 422, 'issued_on', 'format');
  await refused('vanhanh.xa', I.B, 'directions', { ...ok, issued_on: today(3) }, 422, 'issued_on', 'future');
  await refused('vanhanh.xa', I.B, 'directions', { ...ok, actions: '' }, 422, 'actions', 'required');
  await refused('vanhanh.xa', I.B, 'directions', { ...ok, result: 'x'.repeat(5001) }, 422, 'result', 'too_long');
  await refused('vanhanh.xa', I.B, 'directions', { ...ok, deadline: 'soon' }, 422, 'deadline', 'format');
});

// ------------------------------------------------------------------ sends

test('sends: record, acknowledge once, list', async () => {
  const sent = iso(Date.now() - HOUR);
  const body = {
    report: 'initial', reference: '12/BC-UBND', recipients: ['Sở Khoa học và Công nghệ', 'Công an tỉnh'],
    channel: 'cong_van', sent_at: sent,
  };
  const v0 = await incidentVersion('vanhanh.xa', I.A);
  const r = await post('vanhanh.xa', I.A, 'sends', body);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.report, 'initial');
  assert.equal(typeof r.json.report_name, 'string');
  assert.deepEqual(r.json.recipients, body.recipients);
  assert.equal(r.json.sent_at, sent);
  assert.equal(r.json.acked_at, null);
  assert.ok(await incidentVersion('vanhanh.xa', I.A) > v0);
  const ack = await post('vanhanh.xa', I.A, `sends/${r.json.id}/ack`, { acked_at: iso(Date.now() - HOUR / 2) });
  assert.equal(ack.status, 200, ack.text);
  assert.match(ack.json.acked_at, ISO_MS);
  assertProblem(await post('vanhanh.xa', I.A, `sends/${r.json.id}/ack`, { acked_at: iso(Date.now()) }), 409);
  const r2 = await post('vanhanh.xa', I.A, 'sends', { ...body, report: 'progress', reference: undefined, sent_at: iso(Date.now() - HOUR / 4) });
  assert.equal(r2.status, 201, r2.text);
  assert.equal(r2.json.reference, '');
  assertProblem(await post('vanhanh.xa', I.A, `sends/${r2.json.id}/ack`, { acked_at: iso(Date.now() - HOUR) }), 422,
    { field: 'acked_at', code: 'order' });
  assertProblem(await post('vanhanh.xa', I.A, 'sends/999999/ack', { acked_at: iso(Date.now()) }), 404);
  assert.deepEqual((await items('vanhanh.xa', I.A, 'sends')).map((s) => s.id), [r2.json.id, r.json.id]);
  assert.equal((await items('vanhanh.xa', I.A, 'sends')).find((s) => s.id === r2.json.id).acked_at, null,
    'a refused ack writes nothing');
});

test('sends: bad input refused naming the field', async () => {
  const ok = { report: 'initial', recipients: ['Sở KH&CN'], channel: 'email', sent_at: iso(Date.now() - HOUR) };
  await refused('vanhanh.xa', I.B, 'sends', { ...ok, report: 'weekly' }, 422, 'report', 'enum');
  await refused('vanhanh.xa', I.B, 'sends', { ...ok, channel: 'pigeon' }, 422, 'channel', 'enum');
  await refused('vanhanh.xa', I.B, 'sends', { ...ok, recipients: [] }, 422, 'recipients', 'required');
  await refused('vanhanh.xa', I.B, 'sends', { ...ok, recipients: Array(21).fill('x') }, 422, 'recipients', 'too_long');
  await refused('vanhanh.xa', I.B, 'sends', { ...ok, recipients: [''] }, 422, 'recipients[0]', 'required');
  await refused('vanhanh.xa', I.B, 'sends', { ...ok, recipients: [7] }, 422, 'recipients[0]', 'type');
  await refused('vanhanh.xa', I.B, 'sends', { ...ok, reference: 'x'.repeat(51) }, 422, 'reference', 'too_long');
  await refused('vanhanh.xa', I.B, 'sends', { ...ok, sent_at: iso(Date.now() + 24 * HOUR) }, 422, 'sent_at', 'future');
  await refused('vanhanh.xa', I.B, 'sends', { ...ok, sent_at: iso(Date.now() - 30 * 24 * HOUR) }, 422, 'sent_at', 'order');
});

// ----------------------------------------------------------------- people

const uid = (who) => S[who].user.id;
const sees = async (who, pid) =>
  (await api(base, 'GET', `/api/v1/incidents/${pid}`, as(S[who]))).status === 200;
const inList = async (who, pid) =>
  (await listAll(base, '/api/v1/incidents', as(S[who]))).some((x) => x.id === pid);

test('people: a TLP:RED incident is seen only by the people named on it', async () => {
  I.R2 = await incident('vanhanh.xa', 'XA-NT', 'Lộ lọt hồ sơ một cửa', { tlp: 'RED' });
  const creator = await items('vanhanh.xa', I.R2, 'people');
  assert.deepEqual(creator.map((x) => x.user_id), [uid('vanhanh.xa')], 'the creator is named');
  assert.equal(creator[0].login, 'vanhanh.xa');
  assert.equal(creator[0].unit_id, U['XA-NT']);
  assert.equal(creator[0].unit_code, 'XA-NT');
  assert.equal(typeof creator[0].full_name, 'string');
  assert.equal(typeof creator[0].unit_name, 'string');

  // the coordinator over the province is not named: the incident does not exist for them
  assert.equal(await sees('dieuphoi', I.R2), false);
  assert.equal(await inList('dieuphoi', I.R2), false);
  assertProblem(await get('dieuphoi', I.R2, 'people'), 404);
  assertProblem(await post('dieuphoi', I.R2, 'people', { user_id: uid('dieuphoi') }), 404,
    { msg: 'may not name themself on what they cannot see' });

  const v0 = await incidentVersion('vanhanh.xa', I.R2);
  const r = await post('vanhanh.xa', I.R2, 'people', { user_id: uid('dieuphoi') });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.user_id, uid('dieuphoi'));
  assert.equal(r.json.login, 'dieuphoi');
  assert.ok(await incidentVersion('vanhanh.xa', I.R2) > v0, 'the incident version moves');
  assert.ok((await timeline('vanhanh.xa', I.R2)).includes(`Thêm người được xem sự cố: ${r.json.full_name}`));
  assert.equal(await sees('dieuphoi', I.R2), true, 'named: now visible');
  assert.equal(await inList('dieuphoi', I.R2), true, 'and listed');
  assert.deepEqual((await items('dieuphoi', I.R2, 'people')).map((x) => x.login), ['dieuphoi', 'vanhanh.xa'],
    'by login');
  assert.equal(await sees('doiungcuu', I.R2), false, 'others still do not see it');

  await refused('vanhanh.xa', I.R2, 'people', { user_id: uid('dieuphoi') }, 409, 'user_id', 'duplicate');
  await refused('vanhanh.xa', I.R2, 'people', { user_id: uid('vanhanh.snv') }, 422, 'user_id', 'not_found');
  await refused('vanhanh.xa', I.R2, 'people', { user_id: 999999 }, 422, 'user_id', 'not_found');
  await refused('vanhanh.xa', I.R2, 'people', {}, 422, 'user_id', 'required');
  await refused('vanhanh.xa', I.R2, 'people', { user_id: 'dieuphoi' }, 422, 'user_id', 'type');
  await refused('vanhanh.xa', I.R2, 'people', { user_id: uid('dieuphoi'), why: 'x' }, 422, 'why', 'unknown_field');
  // the administrator holds no incident role: never someone who may see it
  const admin = (await listAll(base, '/api/v1/users', as(S.admin))).find((u) => u.login === 'admin');
  await refused('vanhanh.xa', I.R2, 'people', { user_id: admin.id }, 422, 'user_id', 'not_found');
});

test('people: removed by a coordinator or by themself; the last one on a RED incident stays', async () => {
  const url = (who) => `people/${typeof who === 'number' ? who : uid(who)}`;
  const r = await post('vanhanh.xa', I.R2, 'people', { user_id: uid('doiungcuu') });
  assert.equal(r.status, 201, r.text);
  assert.equal(await sees('doiungcuu', I.R2), true);
  // someone else: incident.coordinate only
  assertProblem(await del('vanhanh.xa', I.R2, url('dieuphoi')), 403, { msg: 'an operator removing another' });
  assertProblem(await del('doiungcuu', I.R2, url('vanhanh.xa')), 403, { msg: 'a member removing another' });
  // themself: anyone named
  assert.equal((await del('doiungcuu', I.R2, url('doiungcuu'))).status, 204);
  assert.equal(await sees('doiungcuu', I.R2), false, 'removed: no longer visible');
  assertProblem(await del('doiungcuu', I.R2, url('doiungcuu')), 404);
  // the coordinator removes the creator
  assert.equal((await del('dieuphoi', I.R2, url('vanhanh.xa'))).status, 204);
  assert.equal(await sees('vanhanh.xa', I.R2), false);
  assert.equal(await inList('vanhanh.xa', I.R2), false);
  assertProblem(await get('vanhanh.xa', I.R2, 'people'), 404);
  assert.ok((await timeline('dieuphoi', I.R2)).some((l) => l.startsWith('Bỏ người được xem sự cố: ')));
  assertProblem(await del('dieuphoi', I.R2, url(999999)), 404, { msg: 'not named' });
  assertProblem(await del('dieuphoi', I.R2, 'people/abc'), 404);

  // the last person named on a RED incident stays
  const v = await incidentVersion('dieuphoi', I.R2);
  assertProblem(await del('dieuphoi', I.R2, url('dieuphoi')), 409, { msg: 'the last person' });
  assert.deepEqual((await items('dieuphoi', I.R2, 'people')).map((x) => x.login), ['dieuphoi']);
  assert.equal(await incidentVersion('dieuphoi', I.R2), v, 'a refusal writes nothing');
  assert.equal((await post('dieuphoi', I.R2, 'people', { user_id: uid('vanhanh.xa') })).status, 201);
  assert.equal((await del('dieuphoi', I.R2, url('dieuphoi'))).status, 204, 'no longer the last');
  assert.equal(await sees('dieuphoi', I.R2), false);
  assertProblem(await del('vanhanh.xa', I.R2, url('vanhanh.xa')), 409);
  assert.equal(await sees('vanhanh.xa', I.R2), true);

  // not RED: the list may empty, and everyone in scope still sees it
  const pid = await incident('vanhanh.xa', 'XA-NT', 'Thư điện tử giả mạo');
  assert.equal((await del('vanhanh.xa', pid, url('vanhanh.xa'))).status, 204);
  assert.deepEqual(await items('vanhanh.xa', pid, 'people'), []);
  assert.equal(await sees('vanhanh.xa', pid), true);
});

// ------------------------------------------------------------ visibility

test('a user of another unit gets 404 on every part', async () => {
  const who = 'vanhanh.snv';
  const parts = ['tasks', 'comments', 'links', 'observables', 'directions', 'sends', 'people'];
  const before = {};
  for (const p of parts) before[p] = await items('vanhanh.xa', I.A, p);
  for (const p of parts) assertProblem(await get(who, I.A, p), 404, { msg: `GET ${p}` });
  const bodies = {
    tasks: { title: 'x' },
    comments: { body: 'x' },
    links: { to: I.S, kind: 'related_to' },
    observables: { type: 'ipv4', value: '192.0.2.1' },
    'observables/bulk': { text: '192.0.2.1' },
    directions: { kind: 'direction', number: '1', issuer: 'x', issued_on: today(), actions: 'x' },
    sends: { report: 'initial', recipients: ['x'], channel: 'email', sent_at: iso(Date.now() - HOUR) },
    people: { user_id: S['vanhanh.snv'].user.id },
  };
  for (const [p, body] of Object.entries(bodies)) {
    assertProblem(await post(who, I.A, p, body), 404, { msg: `POST ${p}` });
  }
  const [t] = before.tasks;
  const [d] = before.directions;
  const [s] = before.sends;
  const [o] = before.observables;
  const [l] = before.links;
  assertProblem(await patch(who, I.A, `tasks/${t.id}`, { state: 'done' }, t.version), 404);
  assertProblem(await patch(who, I.A, `directions/${d.id}`, { result: 'x' }, d.version), 404);
  assertProblem(await post(who, I.A, `sends/${s.id}/ack`, { acked_at: iso(Date.now()) }), 404);
  assertProblem(await del(who, I.A, `observables/${o.id}`), 404);
  assertProblem(await del(who, I.A, `links/${l.id}`), 404);
  assertProblem(await del(who, I.A, `people/${before.people[0].user_id}`), 404);
  for (const p of parts) assert.deepEqual(await items('vanhanh.xa', I.A, p), before[p], `${p} unchanged`);
  // a reader without incident.write: the auditor sees, but may not change
  const kt = await mustLogin(base, 'kiemtra');
  assert.equal((await api(base, 'GET', path(I.A, 'tasks'), as(kt))).status, 200);
  assertProblem(await api(base, 'POST', path(I.A, 'comments'), as(kt, { body: { body: 'x' } })), 403);
});

test('the audit log records every change to a part', async () => {
  const r = await api(base, 'GET', '/api/v1/audit?limit=200', as(S.admin));
  assert.equal(r.status, 200, r.text);
  const actions = new Set(r.json.items.map((e) => e.action));
  for (const a of ['task.create', 'task.update', 'comment.create', 'link.create', 'link.delete',
    'observable.create', 'observable.import', 'observable.delete', 'direction.create',
    'direction.update', 'send.create', 'send.ack', 'person.add', 'person.remove']) {
    assert.ok(actions.has(a), `audit has ${a}`);
  }
});
