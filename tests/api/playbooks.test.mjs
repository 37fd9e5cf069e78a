// Playbooks (phương án đối phó, ứng cứu; issue 6, C5): the 21 defaults,
// a unit's copy and its versions, applying one to an incident (tasks with
// their step codes, the steps' checklists), and who may do what.
//
// Fixture (sample data): vanhanh.xa (operator, XA-NT) reports incidents A
// and B of the commune; vanhanh.snv (operator, SNV) cannot see them;
// dieuphoi (coordinator over HY, the root) edits the defaults; the sample
// binds the party "team" to PA05.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startServer, api, mustLogin, listAll } from './lib/server.mjs';
import { useEngine, assertProblem, as } from './lib/common.mjs';

const ctx = useEngine();
let srv;
let base;
const S = {}; // login -> session
const U = {}; // unit code -> id
const I = {}; // incident name -> public id
let TYPES = []; // taxonomy codes of the rule pack in use
const DEF = {}; // scenario -> default playbook (list row)

const get = (who, p) => api(base, 'GET', p, as(S[who]));
const post = (who, p, body) => api(base, 'POST', p, as(S[who], { body }));
const patch = (who, p, body, ifMatch) => api(base, 'PATCH', p, as(S[who], { body, ifMatch }));

async function incident(who, title) {
  const r = await post(who, '/api/v1/incidents', {
    title, description: 'Tệp tin trên máy chủ một cửa bị mã hóa hàng loạt',
    detected_at: new Date(Date.now() - 3600_000).toISOString(), unit_id: U['XA-NT'],
  });
  assert.equal(r.status, 201, `create incident: ${r.text}`);
  return r.json.id;
}

async function ok(r, status = 200) {
  assert.equal(r.status, status, r.text.slice(0, 800));
  return r.json;
}

before(async () => {
  srv = await startServer(ctx);
  base = srv.base;
  for (const who of ['admin', 'vanhanh.xa', 'vanhanh.snv', 'dieuphoi', 'kiemtra']) {
    S[who] = await mustLogin(base, who);
  }
  for (const u of await listAll(base, '/api/v1/units', as(S.admin))) U[u.code] = u.id;
  const pack = await ok(await get('vanhanh.xa', '/api/v1/rulepacks/legacy-2017'));
  TYPES = pack.types.map((t) => t.code);
  I.A = await incident('vanhanh.xa', 'Mã hóa dữ liệu máy chủ một cửa');
  I.B = await incident('vanhanh.xa', 'Mã hóa dữ liệu máy trạm kế toán');
  I.C = await incident('vanhanh.xa', 'Mã hóa dữ liệu ổ mạng dùng chung');
});
const leftover = []; // directories of servers stopped with keepDir
after(async () => {
  if (srv) await srv.stop();
  for (const d of leftover) fs.rmSync(d, { recursive: true, force: true });
});

// ---------------------------------------------------------------- library

test('the 21 defaults: one per scenario, in the taxonomy order, for any signed-in user', async () => {
  assert.equal(TYPES.length, 21);
  for (const who of ['vanhanh.xa', 'kiemtra', 'admin']) {
    const items = await listAll(base, '/api/v1/playbooks?default=true', as(S[who]), { limit: 5 });
    assert.deepEqual(items.map((p) => p.scenario), TYPES, `${who}: scenarios`);
    for (const p of items) {
      assert.equal(p.default, true);
      assert.equal(p.unit_id, null);
      assert.equal(p.version, 1);
      assert.ok(p.title.length > 10, p.title);
      assert.equal(typeof p.scenario_vi, 'string');
    }
  }
  for (const p of await listAll(base, '/api/v1/playbooks?default=1', as(S['vanhanh.xa']))) DEF[p.scenario] = p;
  const one = await ok(await get('vanhanh.xa', `/api/v1/playbooks?scenario=TC01`));
  assert.deepEqual(one.items.map((p) => p.id), [DEF.TC01.id]);
  assertProblem(await api(base, 'GET', '/api/v1/playbooks'), 401);
  assertProblem(await get('vanhanh.xa', '/api/v1/playbooks?colour=red'), [400, 422]);
});

test('every default parses: sections, checklists of II.1, III.1, III.2, tasks on steps I.1 ... IV.1', async () => {
  const pack = await ok(await get('vanhanh.xa', '/api/v1/rulepacks/legacy-2017'));
  const steps = new Set(pack.procedures.find((p) => p.code === 'normal').steps.map((s) => s.code));
  const parties = new Set(pack.parties.map((p) => p.code));
  for (const code of TYPES) {
    const r = await get('vanhanh.xa', `/api/v1/playbooks/${DEF[code].id}`);
    const p = await ok(r);
    assert.equal(r.headers.get('etag'), '"1"');
    assert.equal(p.parse_error, undefined, `${code}: ${p.parse_error}`);
    assert.equal(p.shown_version, 1);
    assert.match(p.content, new RegExp(`^\\[playbook ${code}\\]$`, 'm'));
    const b = p.playbook;
    for (const s of ['recognise', 'criteria', 'first_steps', 'evidence', 'resources']) {
      assert.ok(b[s].length >= 3, `${code}: ${s}`);
    }
    assert.deepEqual(b.checklists.map((c) => c.phase).filter((x) => ['contain', 'eradicate', 'recover'].includes(x)),
      ['contain', 'eradicate', 'recover'], `${code}: checklists`);
    assert.ok(b.tasks.length >= 6, `${code}: tasks`);
    for (const t of b.tasks) {
      assert.ok(steps.has(t.step), `${code}: step ${t.step}`);
      for (const x of [...t.lead, ...t.coordinate]) assert.ok(parties.has(x), `${code}: party ${x}`);
    }
    for (const x of [...b.lead, ...b.coordinate]) assert.ok(parties.has(x), `${code}: party ${x}`);
    assert.deepEqual(p.versions.map((v) => v.version), [1]);
    assert.equal(p.versions[0].shipped, true);
  }
  assertProblem(await get('vanhanh.xa', '/api/v1/playbooks/999999'), 404);
  assertProblem(await get('vanhanh.xa', `/api/v1/playbooks/${DEF.TC01.id}?version=7`), 404);
  assertProblem(await get('vanhanh.xa', `/api/v1/playbooks/${DEF.TC01.id}?version=x`), [400, 422]);
});

// ------------------------------------------------------------- applying

test('applying a playbook creates its tasks with their step codes, the checklists, one timeline line', async () => {
  const pb = await ok(await get('vanhanh.xa', `/api/v1/playbooks/${DEF.TC06.id}`));
  const v0 = (await ok(await get('vanhanh.xa', `/api/v1/incidents/${I.B}`))).version;
  const r = await post('vanhanh.xa', `/api/v1/incidents/${I.B}/playbooks`, { playbook_id: DEF.TC06.id });
  const use = await ok(r, 201);
  assert.equal(use.playbook_id, DEF.TC06.id);
  assert.equal(use.version, 1);
  assert.equal(use.scenario, 'TC06');
  assert.equal(use.applied_by, S['vanhanh.xa'].user.id);
  assert.deepEqual(use.tasks.map((t) => [t.step_code, t.phase]), pb.playbook.tasks.map((t) => [t.step, t.phase]));

  const tasks = (await ok(await get('vanhanh.xa', `/api/v1/incidents/${I.B}/tasks`))).items;
  assert.equal(tasks.length, pb.playbook.tasks.length, 'the tasks appear');
  const byId = new Map(tasks.map((t) => [t.id, t]));
  for (const [i, t] of use.tasks.entries()) {
    const task = byId.get(t.task_id);
    assert.ok(task, `task ${t.task_id} is listed`);
    assert.equal(task.title, `[${t.step_code}] ${pb.playbook.tasks[i].title}`, 'the title carries the step code');
    assert.equal(task.step, t.step_code, 'the task names its step');
    assert.equal(task.phase, t.phase, 'and its phase');
    assert.equal(task.state, 'open');
    const lead = pb.playbook.tasks[i].lead[0];
    assert.equal(task.unit_id, lead === 'operator' ? U['XA-NT'] : lead === 'team' ? U.PA05 : task.unit_id,
      `unit of a task led by ${lead}`);
  }
  assert.ok(use.tasks.some((t) => t.step_code === 'II.1') && use.tasks.some((t) => t.step_code === 'IV.1'));

  const want = pb.playbook.checklists.flatMap((c) => c.items.map((text) => [c.step, c.phase, text]));
  assert.deepEqual(use.checklist.map((c) => [c.step_code, c.phase, c.text]), want, 'the steps\' checklists');
  assert.ok(use.checklist.every((c) => c.done === false && c.version === 1));

  const inc = await ok(await get('vanhanh.xa', `/api/v1/incidents/${I.B}`));
  assert.ok(inc.version > v0, 'the incident version moves');
  const tl = (await ok(await get('vanhanh.xa', `/api/v1/incidents/${I.B}/timeline`))).items.map((e) => e.summary);
  assert.equal(tl.filter((s) => s.startsWith('Áp dụng phương án ứng cứu TC06 (phiên bản 1)')).length, 1, tl.join('\n'));

  const listed = (await ok(await get('vanhanh.xa', `/api/v1/incidents/${I.B}/playbooks`))).items;
  assert.deepEqual(listed, [use]);
  const audit = await ok(await get('admin', '/api/v1/audit?action=playbook.apply'));
  assert.ok(audit.items.some((e) => e.object_id === String(use.id)), 'audit entry');
});

test('applying the same version twice is refused (409) and writes nothing', async () => {
  const before = (await ok(await get('vanhanh.xa', `/api/v1/incidents/${I.B}/tasks`))).items.length;
  const v = (await ok(await get('vanhanh.xa', `/api/v1/incidents/${I.B}`))).version;
  assertProblem(await post('vanhanh.xa', `/api/v1/incidents/${I.B}/playbooks`, { playbook_id: DEF.TC06.id }), 409);
  assertProblem(await post('vanhanh.xa', `/api/v1/incidents/${I.B}/playbooks`, { playbook_id: DEF.TC06.id, version: 1 }), 409);
  assert.equal((await ok(await get('vanhanh.xa', `/api/v1/incidents/${I.B}/tasks`))).items.length, before);
  assert.equal((await ok(await get('vanhanh.xa', `/api/v1/incidents/${I.B}`))).version, v);
  assert.equal((await ok(await get('vanhanh.xa', `/api/v1/incidents/${I.B}/playbooks`))).items.length, 1);
});

test('another unit\'s user gets 404; bad input names the field and writes nothing', async () => {
  const path = `/api/v1/incidents/${I.A}/playbooks`;
  assertProblem(await post('vanhanh.snv', path, { playbook_id: DEF.TC03.id }), 404);
  assertProblem(await get('vanhanh.snv', path), 404);
  assertProblem(await post('kiemtra', path, { playbook_id: DEF.TC03.id }), 403);
  assertProblem(await post('vanhanh.xa', path, {}), 422, { field: 'playbook_id' });
  assertProblem(await post('vanhanh.xa', path, { playbook_id: 999999 }), 422, { field: 'playbook_id', code: 'not_found' });
  assertProblem(await post('vanhanh.xa', path, { playbook_id: DEF.TC03.id, version: 2 }), 422, { field: 'version', code: 'not_found' });
  assertProblem(await post('vanhanh.xa', path, { playbook_id: 'TC03' }), 422, { field: 'playbook_id' });
  assertProblem(await post('vanhanh.xa', path, { playbook_id: DEF.TC03.id, colour: 1 }), 422, { field: 'colour' });
  assertProblem(await post('vanhanh.xa', '/api/v1/incidents/SC-2026-9999/playbooks', { playbook_id: DEF.TC03.id }), 404);
  assert.deepEqual((await ok(await get('vanhanh.xa', path))).items, []);
  assert.deepEqual((await ok(await get('vanhanh.xa', `/api/v1/incidents/${I.A}/tasks`))).items, []);
});

// ------------------------------------------------------- copies, versions

test('a unit copies a default; editing makes version 2; an incident that applied version 1 keeps it', async () => {
  const r = await post('vanhanh.xa', '/api/v1/playbooks', { from: DEF.TC06.id, note: 'Bản của xã' });
  const copy = await ok(r, 201);
  assert.equal(r.headers.get('etag'), '"1"');
  assert.equal(copy.unit_id, U['XA-NT'], 'the actor\'s own unit by default');
  assert.equal(copy.default, false);
  assert.equal(copy.based_on, DEF.TC06.id);
  assert.equal(copy.based_version, 1);
  assert.equal(copy.version, 1);
  assert.equal(copy.system_id, null);
  const v1 = copy.content;
  assert.equal(v1, (await ok(await get('vanhanh.xa', `/api/v1/playbooks/${DEF.TC06.id}`))).content);
  assertProblem(await post('vanhanh.xa', '/api/v1/playbooks', { from: DEF.TC06.id }), 409, { msg: 'one copy per unit and scenario' });
  const sys = await ok(await post('vanhanh.xa', '/api/v1/playbooks', { from: DEF.TC06.id, system_id: 7 }), 201);
  assert.equal(sys.system_id, 7, 'a copy for one system');

  const use1 = await ok(await post('vanhanh.xa', `/api/v1/incidents/${I.C}/playbooks`, { playbook_id: copy.id }), 201);
  assert.equal(use1.version, 1);

  const v2 = v1.replace(/^vi = .*$/m, 'vi = Phương án ransomware của xã Nghĩa Trụ')
    .replace(/^title = Cô lập ngay .*$/m, 'title = Rút cáp mạng máy chủ một cửa, tách NAS sao lưu');
  assertProblem(await patch('vanhanh.xa', `/api/v1/playbooks/${copy.id}`, { content: v2 }), 428);
  assertProblem(await patch('vanhanh.xa', `/api/v1/playbooks/${copy.id}`, { content: v2 }, 5), 412);
  const e = await patch('vanhanh.xa', `/api/v1/playbooks/${copy.id}`, { content: v2, note: 'Theo máy chủ một cửa' }, 1);
  const edited = await ok(e);
  assert.equal(e.headers.get('etag'), '"2"');
  assert.equal(edited.version, 2);
  assert.equal(edited.title, 'Phương án ransomware của xã Nghĩa Trụ');
  assert.deepEqual(edited.versions.map((v) => [v.version, v.note, v.shipped]),
    [[2, 'Theo máy chủ một cửa', false], [1, 'Bản của xã', false]]);
  assert.equal(edited.versions[0].created_by, S['vanhanh.xa'].user.id);
  assertProblem(await patch('vanhanh.xa', `/api/v1/playbooks/${copy.id}`, { content: v2 }, 1), 412, { msg: 'stale' });

  // the incident keeps what it applied
  const kept = (await ok(await get('vanhanh.xa', `/api/v1/incidents/${I.C}/playbooks`))).items;
  assert.equal(kept.length, 1);
  assert.equal(kept[0].version, 1);
  assert.equal(kept[0].title, DEF.TC06.title);
  assert.ok(kept[0].tasks.some((t) => t.title.startsWith('[I.2] Cô lập ngay')));
  const old = await ok(await get('vanhanh.xa', `/api/v1/playbooks/${copy.id}?version=1`));
  assert.equal(old.shown_version, 1);
  assert.equal(old.content, v1);
  assert.equal(old.version, 2, 'the current version is still named');

  // the new version applies once more, with its own tasks
  const use2 = await ok(await post('vanhanh.xa', `/api/v1/incidents/${I.C}/playbooks`, { playbook_id: copy.id }), 201);
  assert.equal(use2.version, 2);
  assert.ok(use2.tasks.some((t) => t.title === '[I.2] Rút cáp mạng máy chủ một cửa, tách NAS sao lưu'));
  assertProblem(await post('vanhanh.xa', `/api/v1/incidents/${I.C}/playbooks`, { playbook_id: copy.id, version: 1 }), 409);

  // the list by unit
  const mine = await ok(await get('vanhanh.xa', `/api/v1/playbooks?unit_id=${U['XA-NT']}`));
  assert.deepEqual(mine.items.map((p) => p.id), [copy.id, sys.id]);
  const audit = await ok(await get('admin', '/api/v1/audit?action=playbook.update'));
  assert.ok(audit.items.some((x) => x.object_id === String(copy.id)));
});

test('a unit\'s copy is its own: others get 404, bad edits name the field', async () => {
  const copy = (await ok(await get('vanhanh.xa', `/api/v1/playbooks?unit_id=${U['XA-NT']}&scenario=TC06`))).items[0];
  assertProblem(await get('vanhanh.snv', `/api/v1/playbooks/${copy.id}`), 404);
  assert.ok(!(await listAll(base, '/api/v1/playbooks', as(S['vanhanh.snv']))).some((p) => p.id === copy.id));
  assertProblem(await patch('vanhanh.snv', `/api/v1/playbooks/${copy.id}`, { content: 'x' }, copy.version), 404);
  assertProblem(await post('vanhanh.snv', `/api/v1/incidents/${I.A}/playbooks`, { playbook_id: copy.id }), 404);
  assertProblem(await post('vanhanh.xa', `/api/v1/incidents/${I.A}/playbooks`, { playbook_id: 999999 }), 422);
  assertProblem(await post('vanhanh.snv', '/api/v1/playbooks', { from: DEF.TC01.id, unit_id: U['XA-NT'] }), 422,
    { field: 'unit_id', code: 'not_found' });
  assertProblem(await post('vanhanh.snv', '/api/v1/playbooks', { from: copy.id, unit_id: U.SNV }), 422,
    { field: 'from', code: 'not_found' });
  assertProblem(await post('kiemtra', '/api/v1/playbooks', { from: DEF.TC01.id, unit_id: U.SNV }), 403);

  const cur = await ok(await get('vanhanh.xa', `/api/v1/playbooks/${copy.id}`));
  const edit = (content, extra = {}) => patch('vanhanh.xa', `/api/v1/playbooks/${copy.id}`, { content, ...extra }, cur.version);
  let p = assertProblem(await edit(cur.content.replace('step = III.1', 'step = III.9')), 422, { field: 'content', code: 'format' });
  assert.match(p.errors[0].message, /^content:\d+: 'step': 'III\.9' is not a step/);
  p = assertProblem(await edit(cur.content.replace('[playbook TC06]', '[playbook TC05]')), 422, { field: 'content' });
  assert.match(p.errors[0].message, /this playbook is for scenario TC06/);
  assertProblem(await edit(cur.content.replace(/\[checklist III\.2\][^[]*/, '')), 422, { field: 'content' });
  assertProblem(await edit(cur.content.replace('lead = operator', 'lead = mayor')), 422, { field: 'content' });
  assertProblem(await edit(cur.content), 422, { field: 'content', code: 'unchanged' });
  assertProblem(await edit(`${cur.content}\n# note`, { note: 'a\u0001b' }), 422, { field: 'note' });
  assertProblem(await edit(`${cur.content}\u0000`), [400, 422], { msg: 'a NUL in the text' });
  assertProblem(await patch('vanhanh.xa', `/api/v1/playbooks/${copy.id}`, {}, cur.version), 422, { field: 'content' });
  assertProblem(await post('vanhanh.xa', '/api/v1/playbooks', { from: DEF.TC02.id, content: 'nonsense' }), 422, { field: 'content' });
  assertProblem(await post('vanhanh.xa', '/api/v1/playbooks', { from: DEF.TC02.id, system_id: -1 }), 422, { field: 'system_id' });
  assertProblem(await post('vanhanh.xa', '/api/v1/playbooks', {}), 422, { field: 'from' });
  const after = await ok(await get('vanhanh.xa', `/api/v1/playbooks/${copy.id}`));
  assert.equal(after.version, cur.version, 'nothing written');
  assert.equal((await ok(await get('vanhanh.xa', `/api/v1/playbooks?unit_id=${U['XA-NT']}&scenario=TC02`))).items.length, 0);
});

test('the defaults are the province coordinator\'s to edit; everyone else copies them', async () => {
  const d = await ok(await get('dieuphoi', `/api/v1/playbooks/${DEF.LH01.id}`));
  const text = `${d.content}\n# Sửa đổi của Công an tỉnh\n`;
  assertProblem(await patch('vanhanh.xa', `/api/v1/playbooks/${DEF.LH01.id}`, { content: text }, 1), 403);
  assertProblem(await patch('admin', `/api/v1/playbooks/${DEF.LH01.id}`, { content: text }, 1), 403);
  const e = await ok(await patch('dieuphoi', `/api/v1/playbooks/${DEF.LH01.id}`, { content: text }, 1));
  assert.equal(e.version, 2);
  assert.equal(e.default, true);
  assert.equal(e.versions[0].created_by, S.dieuphoi.user.id);
  assert.equal(e.versions[0].shipped, false);
});

// ------------------------------------------------------------- checklist

test('ticking a checklist item: If-Match, who and when, a timeline line', async () => {
  const use = (await ok(await get('vanhanh.xa', `/api/v1/incidents/${I.B}/playbooks`))).items[0];
  const item = use.checklist[0];
  const url = `/api/v1/incidents/${I.B}/checklist/${item.id}`;
  assertProblem(await patch('vanhanh.xa', url, { done: true }), 428);
  assertProblem(await patch('vanhanh.snv', url, { done: true }, 1), 404);
  assertProblem(await patch('vanhanh.xa', url, { done: 'yes' }, 1), 422, { field: 'done' });
  const r = await patch('vanhanh.xa', url, { done: true, note: 'Đã rút cáp 3 máy' }, 1);
  const t = await ok(r);
  assert.equal(r.headers.get('etag'), '"2"');
  assert.equal(t.done, true);
  assert.equal(t.done_by, S['vanhanh.xa'].user.id);
  assert.match(t.done_at, /^\d{4}-\d{2}-\d{2}T/);
  assert.equal(t.note, 'Đã rút cáp 3 máy');
  assertProblem(await patch('vanhanh.xa', url, { done: false }, 1), 412);
  const u = await ok(await patch('vanhanh.xa', url, { done: false }, 2));
  assert.equal(u.done, false);
  assert.equal(u.done_at, null);
  assertProblem(await patch('vanhanh.xa', `/api/v1/incidents/${I.B}/checklist/999999`, { done: true }, 1), 404);
  assertProblem(await patch('vanhanh.xa', `/api/v1/incidents/${I.A}/checklist/${item.id}`, { done: true }, 3), 404,
    { msg: 'an item of another incident' });
  const tl = (await ok(await get('vanhanh.xa', `/api/v1/incidents/${I.B}/timeline`))).items.map((e) => e.summary);
  assert.ok(tl.some((s) => s.startsWith(`Đã thực hiện mục kiểm tra (${item.step_code}): `)), tl.join('\n'));
});

// ------------------------------------------------------------------- CLI

test('ungcuu playbook list | show | apply', async () => {
  const l = srv.cli('playbook', 'list', '--default');
  assert.equal(l.status, 0, l.stderr);
  assert.equal(l.stdout.trim().split('\n').length, 22, 'a header and 21 defaults');
  const s = srv.cli('playbook', 'show', String(DEF.TC05.id), '--json');
  assert.equal(s.status, 0, s.stderr);
  assert.equal(JSON.parse(s.stdout).scenario, 'TC05');
  const D = await incident('vanhanh.xa', 'Thay đổi giao diện cổng thông tin xã');
  const no = srv.cli('playbook', 'apply', D, String(DEF.TC05.id), '--as', 'vanhanh.snv');
  assert.equal(no.status, 1);
  assert.match(no.stderr, /no such incident/);
  const a = srv.cli('playbook', 'apply', D, String(DEF.TC05.id), '--as', 'vanhanh.xa', '--json');
  assert.equal(a.status, 0, a.stderr);
  const use = JSON.parse(a.stdout);
  assert.equal(use.scenario, 'TC05');
  const tasks = (await ok(await get('vanhanh.xa', `/api/v1/incidents/${D}/tasks`))).items;
  assert.equal(tasks.length, use.tasks.length);
  const again = srv.cli('playbook', 'apply', D, String(DEF.TC05.id));
  assert.equal(again.status, 1);
  assert.match(again.stderr, /already applied/);
  assert.equal(srv.cli('playbook', 'show', 'x').status, 2);
});

// ------------------------------------------------------ shipped defaults

test('a newer binary\'s text becomes a new version of an unedited default; an edited one is kept', async () => {
  // pretend the database holds an older shipped text of TC02 and LH01
  srv.sql(`UPDATE playbook_versions SET content = content || '# older' WHERE playbook_id IN
    (${DEF.TC02.id}, ${DEF.LH01.id}) AND version = 1`);
  const old = srv;
  await old.stop({ keepDir: true });
  leftover.push(old.dir);
  srv = await startServer({ ...ctx, db: old.url });
  base = srv.base;
  for (const who of ['vanhanh.xa', 'dieuphoi']) S[who] = await mustLogin(base, who);
  const tc02 = await ok(await get('vanhanh.xa', `/api/v1/playbooks/${DEF.TC02.id}`));
  assert.equal(tc02.version, 2, 'the shipped text is version 2');
  assert.deepEqual(tc02.versions.map((v) => [v.version, v.shipped]), [[2, true], [1, true]]);
  assert.ok(!tc02.content.endsWith('# older'));
  const lh01 = await ok(await get('vanhanh.xa', `/api/v1/playbooks/${DEF.LH01.id}`));
  assert.equal(lh01.version, 2, 'the coordinator\'s edit stays the current version');
  assert.equal(lh01.versions[0].shipped, false);
  const all = await listAll(base, '/api/v1/playbooks?default=true', as(S['vanhanh.xa']));
  assert.equal(all.length, 21, 'no default twice');
});
