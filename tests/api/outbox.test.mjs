// The outbox (issue 6, C10): messages written in the transaction of the
// change that causes them, sent by the worker of `ungcuu serve` through
// a real SMTP server on loopback (Debian's aiosmtpd, lib/smtp.mjs) and
// as signed webhooks to a node HTTP server; retries with back-off,
// exactly one delivery, nothing lost when the process is killed; each
// person's choices; the administrators' view.
//
// Fixture: the sample tree, every user's address <login>@hungyen.gov.vn.
// dieuphoi (coordinator over HY) and bcd (steering board over HY) are
// the ones a serious incident of XA-NT goes to; doiungcuu (member over
// HY) is the one tasks are assigned to.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { startServer, api, mustLogin, listAll, sleep } from './lib/server.mjs';
import { useEngine, assertProblem, as, uniq } from './lib/common.mjs';
import { startSmtp } from './lib/smtp.mjs';

const ctx = useEngine();
const HOUR = 3600_000;
const iso = (ms) => new Date(ms).toISOString();
const PUBLIC = 'https://ungcuu.hungyen.gov.vn';
const FROM = 'ungcuu@hungyen.gov.vn';
const SMTP_USER = 'ungcuu-relay';
const SMTP_PASSWORD = 'Relay-Pa55word-2026';
const addr = (login) => `${login}@hungyen.gov.vn`;

let srv;
let base;
let smtp;
let hooks;
const S = {}; // login -> session
const U = {}; // unit code -> id

/** serve's outbox flags: the test SMTP server, short back-off. */
function outboxArgs(smtpUrl, extra = []) {
  return ['--smtp-url', smtpUrl, '--smtp-user', SMTP_USER, '--mail-from', FROM,
    '--public-url', PUBLIC, '--outbox-backoff-ms', '200', '--outbox-poll-ms', '50',
    '--outbox-max-attempts', '3', ...extra];
}
const outboxEnv = { UNGCUU_SMTP_PASSWORD: SMTP_PASSWORD };

/** A webhook receiver on loopback: records each POST, can fail the next n. */
async function startHooks() {
  const got = [];
  let failing = 0;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (d) => chunks.push(d));
    req.on('end', () => {
      if (failing > 0) {
        failing -= 1;
        res.writeHead(503);
        res.end('busy');
        return;
      }
      got.push({ path: req.url, method: req.method, headers: req.headers,
        raw: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204);
      res.end();
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    got,
    fail(n) { failing = n; },
    close: () => new Promise((r) => server.close(r)),
  };
}

async function until(what, pred, ms = 20_000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await pred();
    if (v) return v;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

async function incident(who, title, extra = {}) {
  const r = await api(base, 'POST', '/api/v1/incidents', as(S[who], {
    body: {
      title, description: 'Máy chủ cổng dịch vụ công bị mã hóa dữ liệu',
      detected_at: iso(Date.now() - 2 * HOUR), unit_id: U['XA-NT'], ...extra,
    },
  }));
  assert.equal(r.status, 201, `create incident: ${r.text}`);
  return r.json;
}
const SERIOUS = { systems: [{ name: 'Cổng dịch vụ công', level: 4 }], harms: ['a'], owner_cannot_handle: true };

async function outbox(query = '') {
  return listAll(base, `/api/v1/outbox${query}`, as(S.admin));
}
/** The outbox rows of incident pid, once none is pending or sending. */
async function settled(pid, n) {
  return until(`${n} settled outbox rows of ${pid}`, async () => {
    const rows = (await outbox()).filter((r) => r.incident === pid);
    return rows.length >= n && rows.every((r) => ['delivered', 'failed'].includes(r.state)) ? rows : null;
  });
}
const mailsOf = (pid) => smtp.messages().filter((m) => m.subject.includes(pid));

async function task(who, pid, title, assignee, extra = {}) {
  const r = await api(base, 'POST', `/api/v1/incidents/${pid}/tasks`, as(S[who], {
    body: { title, assignee_id: assignee, ...extra },
  }));
  assert.equal(r.status, 201, `create task: ${r.text}`);
  return r.json;
}

before(async () => {
  smtp = await startSmtp({ user: SMTP_USER, password: SMTP_PASSWORD });
  hooks = await startHooks();
  srv = await startServer({ ...ctx, args: outboxArgs(smtp.url), env: outboxEnv });
  base = srv.base;
  srv.sql("UPDATE users SET email = login || '@hungyen.gov.vn'");
  for (const who of ['admin', 'dieuphoi', 'bcd', 'kiemtra', 'doiungcuu', 'vanhanh.xa', 'vanhanh.snv',
    'quantri.snv']) {
    S[who] = await mustLogin(base, who);
  }
  for (const u of await listAll(base, '/api/v1/units', as(S.admin))) U[u.code] = u.id;
});
after(async () => {
  if (srv) await srv.stop();
  if (smtp) await smtp.stop();
  if (hooks) await hooks.close();
});

test('a computed serious incident: one mail each to the coordinator and the board, Vietnamese intact', async () => {
  const title = 'Tấn công mã hóa "dữ liệu" <Cổng> & dịch vụ công';
  const inc = await incident('vanhanh.xa', title, SERIOUS);
  assert.equal(inc.severity, 'serious');
  const rows = await settled(inc.id, 2);
  const msgs = await smtp.waitFor(() => mailsOf(inc.id).length >= 2);
  await sleep(300); // nothing more comes
  const mine = mailsOf(inc.id);
  assert.deepEqual(mine.map((m) => m.rcpt_tos).sort(), [[addr('bcd')], [addr('dieuphoi')]]);
  const m = mine.find((x) => x.rcpt_tos[0] === addr('dieuphoi'));
  assert.equal(m.mail_from, FROM);
  assert.equal(m.auth_login, SMTP_USER, 'logged in with --smtp-user and UNGCUU_SMTP_PASSWORD');
  assert.equal(m.subject, `[ungcuu] Sự cố nghiêm trọng ${inc.id}: ${title}`);
  assert.equal(m.to, `Nguyễn Văn Điều <${addr('dieuphoi')}>`);
  assert.match(m.from, new RegExp(`<${FROM}>$`));
  assert.equal(m.content_type, 'multipart/alternative');
  assert.match(m.date, /\+0700$/);
  assert.match(m.message_id, /^<ungcuu\.outbox\.\d+\.\d+@hungyen\.gov\.vn>$/);
  assert.equal(m.headers['X-Ungcuu-Incident'], inc.id);
  assert.match(m.text, /^Kính gửi Nguyễn Văn Điều,/);
  assert.ok(m.text.includes(`Sự cố ${inc.id} "${title}" của Ủy ban nhân dân xã Nghĩa Trụ`), m.text);
  assert.match(m.text, /sự cố an toàn thông tin mạng nghiêm trọng/);
  assert.match(m.text, /Căn cứ: kết quả đánh giá theo tiêu chí sự cố nghiêm trọng: .*cấp độ 4/);
  assert.match(m.text, /Phát hiện lúc: \d{2}\/\d{2}\/\d{4} \d{2}:\d{2} \(giờ Việt Nam\)/);
  assert.ok(m.text.includes(`Xem chi tiết: ${PUBLIC}/#/incidents/${inc.id}`), m.text);
  assert.ok(m.html.includes('Tấn công mã hóa &quot;dữ liệu&quot; &lt;Cổng&gt; &amp; dịch vụ công'), m.html);
  assert.ok(m.html.includes(`href="${PUBLIC}/#/incidents/${inc.id}"`));
  const b = mine.find((x) => x.rcpt_tos[0] === addr('bcd'));
  assert.match(b.text, /^Kính gửi Trần Thị Bình,/);
  // the rows: delivered on the first attempt
  assert.equal(rows.length, 2);
  for (const r of rows) {
    assert.equal(r.state, 'delivered');
    assert.equal(r.attempts, 1);
    assert.equal(r.channel, 'email');
    assert.equal(r.kind, 'incident.serious');
    assert.equal(r.last_error, null);
    assert.match(r.delivered_at, /Z$/);
  }
  for (const who of ['kiemtra', 'doiungcuu', 'vanhanh.xa', 'admin']) {
    assert.ok(!mine.some((x) => x.rcpt_tos.includes(addr(who))), `${who} is not told`);
  }
});

test('the coordinator decides serious: told once, and not again when the incident changes', async () => {
  const inc = await incident('vanhanh.xa', 'Dò quét trái phép máy chủ thư điện tử',
    { systems: [{ name: 'Thư điện tử', level: 2 }] });
  assert.equal(inc.severity, 'normal');
  const d = await api(base, 'POST', `/api/v1/incidents/${inc.id}/decision`, as(S.dieuphoi, {
    body: { decision: 'serious', note: 'Ảnh hưởng diện rộng' }, ifMatch: inc.version,
  }));
  assert.equal(d.status, 200, d.text);
  await smtp.waitFor(() => mailsOf(inc.id).length >= 2);
  const p = await api(base, 'PATCH', `/api/v1/incidents/${inc.id}`, as(S.dieuphoi, {
    body: { title: 'Dò quét trái phép máy chủ thư điện tử (cập nhật)' }, ifMatch: d.json.version,
  }));
  assert.equal(p.status, 200, p.text);
  await sleep(500);
  const mine = mailsOf(inc.id);
  assert.equal(mine.length, 2, 'one mail each, not one per change');
  assert.match(mine[0].text, /Căn cứ: quyết định của cơ quan điều phối \(Ảnh hưởng diện rộng\)/);
  assert.equal((await outbox()).filter((r) => r.incident === inc.id).length, 2);

  // a drill's incident says so before anything else
  const drill = await incident('vanhanh.xa', 'Diễn tập tấn công mã độc tống tiền');
  srv.sql(`UPDATE incidents SET exercise = 1 WHERE public_id = '${drill.id}'`);
  const dd = await api(base, 'POST', `/api/v1/incidents/${drill.id}/decision`, as(S.dieuphoi, {
    body: { decision: 'serious' }, ifMatch: drill.version,
  }));
  assert.equal(dd.status, 200, dd.text);
  const dm = await smtp.waitFor(() => mailsOf(drill.id).length >= 2);
  assert.ok(dm.filter((m) => m.subject.includes(drill.id))
    .every((m) => m.subject.startsWith('[DIỄN TẬP] [ungcuu] Sự cố nghiêm trọng')
      && /DIỄN TẬP: sự cố này thuộc một cuộc diễn tập/.test(m.text)));
});

test('the server refuses, then accepts: exactly one delivery, attempts = 2', async () => {
  const inc = await incident('vanhanh.xa', 'Mã độc trên máy trạm bộ phận một cửa');
  const before0 = smtp.refused();
  smtp.refuse(1);
  const t = await task('vanhanh.xa', inc.id, 'Cô lập máy trạm nhiễm mã độc', S.doiungcuu.user.id,
    { due_at: iso(Date.now() + 24 * HOUR) });
  const [row] = await settled(inc.id, 1);
  assert.equal(smtp.refused() - before0, 1, 'the first try was refused');
  assert.equal(row.state, 'delivered');
  assert.equal(row.attempts, 2);
  assert.equal(row.kind, 'task.assigned');
  assert.equal(row.recipient, addr('doiungcuu'));
  assert.equal(row.last_error, null);
  await sleep(300);
  const mine = mailsOf(inc.id);
  assert.equal(mine.length, 1, 'exactly one delivery');
  const m = mine[0];
  assert.deepEqual(m.rcpt_tos, [addr('doiungcuu')]);
  assert.equal(m.subject, `[ungcuu] Nhiệm vụ mới: ${t.title} (${inc.id})`);
  assert.match(m.text, /^Kính gửi Phạm Minh Đội,/);
  assert.match(m.text, /Đỗ Thị Xuân đã giao cho Ông\/Bà một nhiệm vụ/);
  assert.match(m.text, /Hạn hoàn thành: \d{2}\/\d{2}\/\d{4} \d{2}:\d{2} \(giờ Việt Nam\)/);
  // assigning oneself, or changing a task without a new assignee: nothing
  await task('vanhanh.xa', inc.id, 'Tự rà soát nhật ký', S['vanhanh.xa'].user.id);
  const up = await api(base, 'PATCH', `/api/v1/incidents/${inc.id}/tasks/${t.id}`, as(S['vanhanh.xa'], {
    body: { title: 'Cô lập và quét máy trạm' }, ifMatch: t.version,
  }));
  assert.equal(up.status, 200, up.text);
  await sleep(400);
  assert.equal((await outbox()).filter((r) => r.incident === inc.id).length, 1);
});

test('refused every time: failed after the last attempt, visible, and an administrator retries it', async () => {
  const inc = await incident('vanhanh.xa', 'Lộ lọt tài khoản quản trị cổng xã');
  smtp.refuse(3);
  await task('vanhanh.xa', inc.id, 'Đổi mật khẩu quản trị', S.doiungcuu.user.id);
  const [row] = await settled(inc.id, 1);
  assert.equal(row.state, 'failed');
  assert.equal(row.attempts, 3, '--outbox-max-attempts 3');
  assert.match(row.last_error, /451/);
  assert.equal(mailsOf(inc.id).length, 0);
  const failed = await outbox('?state=failed');
  assert.ok(failed.some((r) => r.id === row.id));
  const cli = srv.cli('outbox', 'list', '--state', 'failed', '--json');
  assert.equal(cli.status, 0, cli.stderr);
  assert.ok(JSON.parse(cli.stdout).some((r) => r.id === row.id));
  // not the administrator's: 403; not a message: 404
  assertProblem(await api(base, 'POST', `/api/v1/outbox/${row.id}/retry`, as(S.dieuphoi)), 403);
  assertProblem(await api(base, 'POST', '/api/v1/outbox/999999/retry', as(S.admin)), 404);
  const r = await api(base, 'POST', `/api/v1/outbox/${row.id}/retry`, as(S.admin));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.state, 'pending');
  assert.equal(r.json.attempts, 0);
  const [again] = await settled(inc.id, 1);
  assert.equal(again.state, 'delivered');
  assert.equal(again.attempts, 1);
  assert.equal(mailsOf(inc.id).length, 1);
  assertProblem(await api(base, 'POST', `/api/v1/outbox/${row.id}/retry`, as(S.admin)), 409);
  const audit = await api(base, 'GET', '/api/v1/audit?action=outbox.retry', as(S.admin));
  assert.equal(audit.status, 200, audit.text);
  assert.ok(audit.json.items.some((e) => e.object_id === String(row.id)));
});

test('each person chooses: with serious incidents off, the board member gets nothing', async () => {
  const path0 = '/api/v1/me/notifications';
  const g = await api(base, 'GET', path0, as(S.bcd));
  assert.equal(g.status, 200, g.text);
  assert.equal(g.json.email, addr('bcd'));
  assert.equal(g.json.webhook_url, null);
  assert.equal(g.headers.get('etag'), `"${g.json.version}"`);
  assert.deepEqual(g.json.kinds.map((k) => [k.kind, k.email, k.webhook]),
    [['incident.serious', true, false], ['task.assigned', true, false], ['obligation.due', true, false],
      ['contact.changed', true, false], ['incident.deadline', true, false], ['resource.expiring', true, false]]);
  assert.equal(typeof g.json.kinds[0].label, 'string');
  const off = { kinds: [{ kind: 'incident.serious', email: false }] };
  assertProblem(await api(base, 'PUT', path0, as(S.bcd, { body: off })), 428);
  assertProblem(await api(base, 'PUT', path0, as(S.bcd, {
    body: { kinds: [{ kind: 'incident.nope', email: false }] }, ifMatch: g.json.version,
  })), 422, { field: 'kinds[0].kind', code: 'enum' });
  assertProblem(await api(base, 'PUT', path0, as(S.bcd, {
    body: { kinds: [{ kind: 'task.assigned', webhook: true }] }, ifMatch: g.json.version,
  })), 422, { field: 'webhook_url', code: 'required' });
  assertProblem(await api(base, 'PUT', path0, as(S.bcd, {
    body: { webhook_url: 'ftp://example.org/x' }, ifMatch: g.json.version,
  })), 422, { field: 'webhook_url', code: 'format' });
  assertProblem(await api(base, 'PUT', path0, as(S.bcd, {
    body: { kinds: [{ kind: 'incident.serious', email: 'no' }] }, ifMatch: g.json.version,
  })), [400, 422]);
  const same = await api(base, 'GET', path0, as(S.bcd));
  assert.deepEqual(same.json, g.json, 'refused changes change nothing');
  const p = await api(base, 'PUT', path0, as(S.bcd, { body: off, ifMatch: g.json.version }));
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.version, g.json.version + 1);
  assert.deepEqual(p.json.kinds.map((k) => [k.kind, k.email, k.webhook]),
    [['incident.serious', false, false], ['task.assigned', true, false], ['obligation.due', true, false],
      ['contact.changed', true, false], ['incident.deadline', true, false], ['resource.expiring', true, false]]);
  assertProblem(await api(base, 'PUT', path0, as(S.bcd, { body: off, ifMatch: g.json.version })), 412);
  // the system actor on the command line has no choices; others' are theirs
  const mine = await api(base, 'GET', path0, as(S.dieuphoi));
  assert.equal(mine.json.kinds[0].email, true);

  const inc = await incident('vanhanh.xa', 'Tấn công từ chối dịch vụ cổng thông tin xã', SERIOUS);
  const rows = await settled(inc.id, 1);
  assert.deepEqual(rows.map((r) => r.recipient), [addr('dieuphoi')]);
  await sleep(300);
  assert.deepEqual(mailsOf(inc.id).map((m) => m.rcpt_tos[0]), [addr('dieuphoi')]);

  const back = await api(base, 'PUT', path0, as(S.bcd, {
    body: { kinds: [{ kind: 'incident.serious', email: true }] }, ifMatch: p.json.version,
  }));
  assert.equal(back.status, 200, back.text);
});

test('webhooks: a unit subscription and a person\'s own, each signed with its secret', async () => {
  const W = '/api/v1/webhooks';
  // bad input and access first: nothing is made
  assertProblem(await api(base, 'POST', W, as(S['vanhanh.xa'], {
    body: { unit_id: U['XA-NT'], url: `${hooks.url}/x`, kinds: ['incident.serious'] },
  })), 403);
  assertProblem(await api(base, 'POST', W, as(S['quantri.snv'], {
    body: { unit_id: U.HY, url: `${hooks.url}/x`, kinds: ['incident.serious'] },
  })), 422, { field: 'unit_id', code: 'not_found' });
  assertProblem(await api(base, 'POST', W, as(S.admin, {
    body: { unit_id: U.HY, url: 'ftp://x', kinds: ['nope', 'incident.serious', 'incident.serious'] },
  })), 422, { field: 'url', code: 'format' });
  const bad = await api(base, 'POST', W, as(S.admin, {
    body: { unit_id: U.HY, url: `${hooks.url}/x`, kinds: ['nope', 'incident.serious', 'incident.serious'] },
  }));
  assertProblem(bad, 422, { field: 'kinds[0]', code: 'enum' });
  assertProblem(bad, 422, { field: 'kinds[2]', code: 'duplicate' });
  assertProblem(await api(base, 'POST', W, as(S.admin, {
    body: { unit_id: U.HY, url: `${hooks.url}/x`, kinds: [] },
  })), 422, { field: 'kinds' });
  assertProblem(await api(base, 'POST', W, as(S.admin, {
    body: { unit_id: U.HY, url: `${hooks.url}/x`, kinds: ['task.assigned'], secret: 'short' },
  })), 422, { field: 'secret', code: 'format' });
  assert.deepEqual((await api(base, 'GET', W, as(S.admin))).json.items, []);

  const c = await api(base, 'POST', W, as(S.admin, {
    body: { unit_id: U.HY, url: `${hooks.url}/unit`, kinds: ['task.assigned', 'incident.serious'],
      description: 'Hệ thống giám sát của tỉnh' },
  }));
  assert.equal(c.status, 201, c.text);
  const sub = c.json;
  assert.match(sub.secret, /^whsec_[A-Za-z0-9_-]{43}$/, 'a secret made by the server, shown once');
  assert.deepEqual(sub.kinds, ['incident.serious', 'task.assigned']);
  const g = await api(base, 'GET', `${W}/${sub.id}`, as(S.admin));
  assert.equal(g.status, 200, g.text);
  assert.equal(g.json.secret, undefined, 'never read back');
  assertProblem(await api(base, 'GET', `${W}/${sub.id}`, as(S['quantri.snv'])), 404);
  assert.deepEqual((await api(base, 'GET', W, as(S['quantri.snv']))).json.items, []);

  // doiungcuu's own webhook, for tasks
  const me = await api(base, 'GET', '/api/v1/me/notifications', as(S.doiungcuu));
  const own = 'my-own-webhook-secret-2026';
  const p = await api(base, 'PUT', '/api/v1/me/notifications', as(S.doiungcuu, {
    body: { webhook_url: `${hooks.url}/me`, webhook_secret: own,
      kinds: [{ kind: 'task.assigned', webhook: true, email: false }] },
    ifMatch: me.json.version,
  }));
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.webhook_url, `${hooks.url}/me`);
  assert.equal(p.json.webhook_secret, undefined, 'a secret the person set is not echoed');

  const verify = (h, secret) => {
    const sig = `sha256=${crypto.createHmac('sha256', secret).update(h.raw, 'utf8').digest('hex')}`;
    assert.equal(h.headers['x-ungcuu-signature'], sig, 'the signature verifies with the secret');
    assert.equal(h.headers['content-type'], 'application/json; charset=utf-8');
    assert.ok(Math.abs(Number(h.headers['x-ungcuu-timestamp']) - Date.now() / 1000) < 120);
    assert.match(h.headers['x-ungcuu-delivery'], /^\d+$/);
    assert.notEqual(h.headers['x-ungcuu-signature'],
      `sha256=${crypto.createHmac('sha256', 'wrong').update(h.raw, 'utf8').digest('hex')}`);
    return JSON.parse(h.raw);
  };

  // a serious incident: the unit's hook (its kinds), the first try refused
  hooks.fail(1);
  const inc = await incident('vanhanh.xa', 'Chiếm quyền điều khiển máy chủ', SERIOUS);
  const rows = await settled(inc.id, 3);
  const hookRow = rows.find((r) => r.channel === 'webhook');
  assert.equal(hookRow.state, 'delivered');
  assert.equal(hookRow.attempts, 2, 'a 503, then a 204');
  assert.equal(hookRow.recipient, `${hooks.url}/unit`);
  const serious = hooks.got.filter((h) => h.path === '/unit' && h.headers['x-ungcuu-event'] === 'incident.serious');
  assert.equal(serious.length, 1);
  const body = verify(serious[0], sub.secret);
  assert.equal(body.event, 'incident.serious');
  assert.equal(body.incident.id, inc.id);
  assert.equal(body.incident.title, 'Chiếm quyền điều khiển máy chủ');
  assert.equal(body.incident.unit_code, 'XA-NT');
  assert.equal(body.incident.severity, 'serious');
  assert.equal(body.incident.url, `${PUBLIC}/#/incidents/${inc.id}`);
  assert.equal(serious[0].headers['x-ungcuu-delivery'], String(hookRow.id));

  // a task for doiungcuu: their own hook (no mail: they chose webhook) and the unit's
  const t = await task('vanhanh.xa', inc.id, 'Thu thập nhật ký máy chủ', S.doiungcuu.user.id);
  await until('two task webhooks', () => hooks.got.filter((h) => h.headers['x-ungcuu-event'] === 'task.assigned'
    && JSON.parse(h.raw).task.id === t.id).length === 2);
  const got = hooks.got.filter((h) => h.headers['x-ungcuu-event'] === 'task.assigned' && JSON.parse(h.raw).task.id === t.id);
  const mineHook = verify(got.find((h) => h.path === '/me'), own);
  assert.equal(mineHook.task.title, 'Thu thập nhật ký máy chủ');
  assert.equal(mineHook.task.assignee_id, S.doiungcuu.user.id);
  assert.equal(mineHook.task.assigned_by, 'Đỗ Thị Xuân');
  verify(got.find((h) => h.path === '/unit'), sub.secret);
  await sleep(300);
  assert.equal(smtp.messages().filter((m) => m.subject.includes('Thu thập nhật ký máy chủ')).length, 0,
    'email off for tasks: no mail');

  // TLP:RED: only the people named on it; no unit webhook
  const before0 = hooks.got.length;
  const red = await incident('vanhanh.xa', 'Lộ lọt hồ sơ mật', { ...SERIOUS, tlp: 'RED' });
  assert.equal(red.severity, 'serious');
  await sleep(600);
  assert.equal(hooks.got.length, before0);
  assert.equal(mailsOf(red.id).length, 0);

  // switched off, then removed
  const off = await api(base, 'PATCH', `${W}/${sub.id}`, as(S.admin, { body: { active: false }, ifMatch: g.json.version }));
  assert.equal(off.status, 200, off.text);
  assert.equal(off.json.active, false);
  assertProblem(await api(base, 'PATCH', `${W}/${sub.id}`, as(S.admin, { body: { active: true }, ifMatch: g.json.version })), 412);
  assertProblem(await api(base, 'PATCH', `${W}/${sub.id}`, as(S.admin, { body: { kinds: ['x'] }, ifMatch: off.json.version })),
    422, { field: 'kinds[0]' });
  const d = await api(base, 'DELETE', `${W}/${sub.id}`, as(S.admin));
  assert.equal(d.status, 204, d.text);
  assertProblem(await api(base, 'GET', `${W}/${sub.id}`, as(S.admin)), 404);
  const restore = await api(base, 'PUT', '/api/v1/me/notifications', as(S.doiungcuu, {
    body: { webhook_url: '', kinds: [{ kind: 'task.assigned', webhook: false, email: true }] },
    ifMatch: p.json.version,
  }));
  assert.equal(restore.status, 200, restore.text);
  assert.equal(restore.json.webhook_url, null);
});

test('the outbox is the administrators\': scope, filters, pages', async () => {
  assertProblem(await api(base, 'GET', '/api/v1/outbox', as(S.dieuphoi)), 403);
  assertProblem(await api(base, 'GET', '/api/v1/outbox?state=lost', as(S.admin)), 422, { field: 'state', code: 'enum' });
  assertProblem(await api(base, 'GET', '/api/v1/outbox?nope=1', as(S.admin)), [400, 422]);
  const all = await outbox();
  assert.ok(all.length >= 5);
  const page = await api(base, 'GET', '/api/v1/outbox?limit=2', as(S.admin));
  assert.equal(page.json.items.length, 2);
  assert.equal(typeof page.json.next_cursor, 'string');
  assert.deepEqual(all.slice(0, 2).map((r) => r.id), page.json.items.map((r) => r.id));
  const ids = all.map((r) => r.id);
  assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first');
  // the Sở Nội vụ's administrator sees only messages about the Sở's units
  const snv = await listAll(base, '/api/v1/outbox', as(S['quantri.snv']));
  assert.deepEqual(snv.filter((r) => r.unit_code === 'XA-NT'), []);
  const delivered = await outbox('?state=delivered&kind=task.assigned');
  assert.ok(delivered.length >= 1);
  assert.ok(delivered.every((r) => r.state === 'delivered' && r.kind === 'task.assigned'));
  assert.equal(srv.cli('outbox', 'retry', 'abc').status, 2);
  assert.notEqual(srv.cli('outbox', 'retry', '999999').status, 0);
});

test('killed between the commit and the send: delivered once after the restart', async () => {
  const mailbox = await startSmtp({ user: SMTP_USER, password: SMTP_PASSWORD });
  const a = await startServer({ ...ctx, args: outboxArgs(mailbox.url, ['--outbox-worker', 'off']), env: outboxEnv });
  let b = null;
  let c = null;
  try {
    a.sql("UPDATE users SET email = login || '@hungyen.gov.vn'");
    const xa = await mustLogin(a.base, 'vanhanh.xa');
    const units = await listAll(a.base, '/api/v1/units', as(xa));
    const marker = `Mã hóa dữ liệu ${uniq()}`;
    const r = await api(a.base, 'POST', '/api/v1/incidents', as(xa, {
      body: { title: marker, description: 'Máy chủ bị mã hóa', detected_at: iso(Date.now() - HOUR),
        unit_id: units.find((u) => u.code === 'XA-NT').id, ...SERIOUS },
    }));
    assert.equal(r.status, 201, r.text);
    const count = (sql) => Number(a.sql(sql).trim());
    assert.equal(count("SELECT COUNT(*) FROM outbox WHERE state = 'pending'"), 2, 'written with the change');
    await sleep(400);
    assert.equal(mailbox.messages().length, 0, 'no worker: nothing sent');
    // one of them as a worker killed mid-send leaves it: claimed, lease over
    a.sql("UPDATE outbox SET state = 'sending', attempts = 1, claim = 'dead',"
      + " lease_until = '2000-01-01T00:00:00.000Z' WHERE id = (SELECT MIN(id) FROM outbox)");
    a.proc.kill('SIGKILL');
    await a.exited;
    b = await startServer({ ...ctx, db: a.url, args: outboxArgs(mailbox.url), env: outboxEnv });
    const msgs = await mailbox.waitFor((m) => m.length >= 2);
    await sleep(500);
    assert.equal(mailbox.messages().length, 2, 'exactly one each');
    assert.deepEqual(msgs.map((m) => m.rcpt_tos[0]).sort(), [addr('bcd'), addr('dieuphoi')]);
    assert.ok(msgs.every((m) => m.subject.endsWith(marker)));
    const rows = b.sql("SELECT state, attempts FROM outbox ORDER BY id").trim().split('\n')
      .map((l) => l.split('|'));
    assert.deepEqual(rows, [['delivered', '2'], ['delivered', '1']]);

    // two processes, one outbox: each message is claimed by one of them
    c = await startServer({ ...ctx, db: a.url, args: outboxArgs(mailbox.url), env: outboxEnv });
    const xb = await mustLogin(b.base, 'vanhanh.xa');
    const pid = b.sql('SELECT public_id FROM incidents ORDER BY id LIMIT 1').trim();
    const doi = await mustLogin(b.base, 'doiungcuu');
    for (let i = 0; i < 8; i++) {
      const t = await api(i % 2 ? b.base : c.base, 'POST', `/api/v1/incidents/${pid}/tasks`, as(xb, {
        body: { title: `Nhiệm vụ song song ${i}`, assignee_id: doi.user.id },
      }));
      assert.equal(t.status, 201, t.text);
    }
    await mailbox.waitFor((m) => m.length >= 10);
    await sleep(600);
    const tasks = mailbox.messages().filter((m) => m.subject.includes('Nhiệm vụ song song'));
    assert.equal(tasks.length, 8, 'exactly once each, whichever process sent it');
    assert.equal(new Set(tasks.map((m) => m.subject)).size, 8);
    assert.equal(b.sql("SELECT COUNT(*) FROM outbox WHERE kind = 'task.assigned' AND state = 'delivered'"
      + ' AND attempts = 1').trim(), '8');
  } finally {
    if (c) await c.stop();
    if (b) await b.stop();
    fs.rmSync(a.dir, { recursive: true, force: true });
    await mailbox.stop();
  }
});

test('STARTTLS required: the mail goes encrypted, checked against --smtp-ca', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ungcuu-smtp-tls-'));
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
  { stdio: 'ignore' });
  const mailbox = await startSmtp({ user: SMTP_USER, password: SMTP_PASSWORD, tls: { cert, key } });
  const s = await startServer({ ...ctx, env: outboxEnv,
    args: outboxArgs(mailbox.url, ['--smtp-tls', 'required', '--smtp-ca', cert]) });
  try {
    s.sql("UPDATE users SET email = login || '@hungyen.gov.vn'");
    const xa = await mustLogin(s.base, 'vanhanh.xa');
    const units = await listAll(s.base, '/api/v1/units', as(xa));
    const r = await api(s.base, 'POST', '/api/v1/incidents', as(xa, {
      body: { title: 'Thử STARTTLS', description: 'x', detected_at: iso(Date.now() - HOUR),
        unit_id: units.find((u) => u.code === 'XA-NT').id, ...SERIOUS },
    }));
    assert.equal(r.status, 201, r.text);
    const msgs = await mailbox.waitFor((m) => m.length >= 2);
    assert.ok(msgs.every((m) => m.tls && m.auth_login === SMTP_USER));
  } finally {
    await s.stop();
    await mailbox.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
