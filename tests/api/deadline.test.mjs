// Warnings of an incident's reporting deadlines (issue 6, C10;
// service/deadline.c): each clock of an open incident is told to the
// incident unit's leaders and operators once when it turns due soon and
// once more when it is overdue; a clock met is told nothing more; a
// TLP:RED incident is told only to the people named on it, without its
// title. Driven by `ungcuu calendar remind --at` (the reminder pass the
// server runs every hour).
//
// Fixture (sample data): vanhanh.snv (operator, SNV) reports incidents
// of the Sở Nội vụ; lanhdao.snv (leader, SNV) keeps it with him;
// quantri.snv (admin, SNV) is not told.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, mustLogin, listAll } from './lib/server.mjs';
import { useEngine, as } from './lib/common.mjs';

const ctx = useEngine();
let srv;
let base;
const S = {};
const MIN = 60_000;
const iso = (ms) => new Date(ms).toISOString();

async function report(extra = {}) {
  const r = await api(base, 'POST', '/api/v1/incidents', as(S['vanhanh.snv'], {
    body: {
      title: 'Tấn công thay đổi giao diện Cổng thông tin điện tử Sở Nội vụ',
      description: 'Trang chủ hiển thị nội dung lạ.',
      detected_at: iso(Date.now() - 10 * MIN), types: ['TC01'], ...extra,
    },
  }));
  assert.equal(r.status, 201, r.text);
  return r.json;
}

const remind = (t) => {
  const r = srv.cli('calendar', 'remind', '--at', iso(t));
  assert.equal(r.status, 0, r.stderr);
};
const warnings = async (id) => (await listAll(base, '/api/v1/outbox?kind=incident.deadline', as(S.admin)))
  .filter((m) => m.incident === id && m.channel === 'email');

before(async () => {
  srv = await startServer(ctx);
  base = srv.base;
  for (const who of ['admin', 'vanhanh.snv', 'lanhdao.snv']) S[who] = await mustLogin(base, who);
  srv.sql("UPDATE users SET email = login || '@hungyen.gov.vn'");
});
after(async () => { if (srv) await srv.stop(); });

test('due soon, then overdue: each told once to the unit\'s keepers; a met clock no more', async () => {
  const inc = await report();
  const notice = inc.clocks.find((c) => c.report === 'notice');
  assert.ok(notice && notice.warn_at && notice.due_at, JSON.stringify(inc.clocks));

  remind(Date.parse(notice.warn_at) - MIN);
  assert.deepEqual(await warnings(inc.id), [], 'before the warning time: nothing');

  remind(Date.parse(notice.warn_at) + MIN);
  const ahead = await warnings(inc.id);
  assert.deepEqual(ahead.map((m) => m.recipient).sort(),
    ['lanhdao.snv@hungyen.gov.vn', 'vanhanh.snv@hungyen.gov.vn'], 'the leader and the operator of SNV');
  assert.equal(ahead[0].subject,
    `[ungcuu] Sắp đến hạn: Thông báo sự cố sự cố ${inc.id}, hạn ${notice.due_local}`);
  remind(Date.parse(notice.warn_at) + 2 * MIN);
  assert.equal((await warnings(inc.id)).length, 2, 'a second run enqueues nothing');

  remind(Date.parse(notice.due_at) + MIN);
  const all = await warnings(inc.id);
  const late = all.filter((m) => m.subject.startsWith('[ungcuu] Quá hạn: Thông báo sự cố'));
  assert.equal(late.length, 2, 'overdue: one more to each');

  // the notice recorded as sent: the clock is met, nothing more for it
  const inc2 = await report({ title: 'Tấn công từ chối dịch vụ vào Cổng dịch vụ công' });
  const n2 = inc2.clocks.find((c) => c.report === 'notice');
  const cur = await api(base, 'GET', `/api/v1/incidents/${inc2.id}`, as(S['vanhanh.snv']));
  const sent = await api(base, 'POST', `/api/v1/incidents/${inc2.id}/sends`, as(S['vanhanh.snv'], {
    body: { report: 'notice', sent_at: iso(Date.now() - MIN), channel: 'email',
      recipients: ['Cơ quan điều phối quốc gia'], reference: '12/TB-SNV' },
    ifMatch: cur.json.version,
  }));
  assert.ok([200, 201].includes(sent.status), sent.text);
  remind(Date.parse(n2.due_at) + MIN);
  assert.ok(!(await warnings(inc2.id)).some((m) => m.subject.includes('Thông báo sự cố sự cố')),
    'a met clock is not warned of');
});

test('TLP:RED: only the people named on the incident, and no title', async () => {
  const inc = await report({ title: 'Lộ lọt dữ liệu hồ sơ cán bộ', tlp: 'RED' });
  const notice = inc.clocks.find((c) => c.report === 'notice');
  remind(Date.parse(notice.warn_at) + MIN);
  const got = await warnings(inc.id);
  const people = await api(base, 'GET', `/api/v1/incidents/${inc.id}/people`, as(S['vanhanh.snv']));
  assert.equal(people.status, 200, people.text);
  const named = new Set((people.json.items || people.json).map((p) => p.login || p.user_login));
  assert.ok(named.has('vanhanh.snv'), `the reporter is named: ${people.text}`);
  assert.deepEqual(got.map((m) => m.recipient), ['vanhanh.snv@hungyen.gov.vn']);
  for (const m of got) {
    assert.ok(named.has(m.recipient.split('@')[0]), `${m.recipient} is named on the incident`);
    assert.ok(!m.subject.includes('Lộ lọt'), 'the title stays on the server');
  }
  assert.ok(!got.some((m) => m.recipient === 'lanhdao.snv@hungyen.gov.vn'), 'the leader is not named: not told');
});
