// Rule packs: the list, one pack in full (taxonomy, serious test, steps,
// reports and deadlines, day rule, holidays, options), the pack in use,
// unknown ids, who may read.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, mustLogin, listAll } from './lib/server.mjs';
import { useEngine, assertProblem, as } from './lib/common.mjs';

const ctx = useEngine();
let srv;
let base;
let admin;
let operator;

const SRC = (file) => new RegExp(`^[a-z0-9-]+/${file}\\.txt:[1-9][0-9]*$`);
const TYPES = ['TC01', 'TC02', 'TC03', 'TC04', 'TC05', 'TC06', 'TC07', 'TC08', 'TC09', 'TC10',
  'LH01', 'LH02', 'LH03', 'LH04', 'LH05', 'QT01', 'QT02', 'QT03', 'QT04', 'QT05', 'TH'];
const NORMAL_STEPS = ['I.1', 'I.2', 'I.3', 'I.4', 'I.5', 'I.6', 'II.1', 'III.1', 'III.2', 'III.3',
  'III.4', 'IV.1'];
const SERIOUS_STEPS = ['S1', 'S2', 'S3', 'S4', 'S5a', 'S5b', 'S5c', 'S5d', 'S5đ', 'S5e', 'S5g',
  'S5h', 'S6', 'S7'];
const REPORTS = ['notice', 'initial', 'progress', 'plan', 'direction_request', 'support_request',
  'final'];
const OPTION_LISTS = {
  current_status: ['handled', 'not_handled'],
  detection_method: ['ids_ips', 'log_review', 'third_party', 'other'],
  notified: ['national_coordinator', 'owner', 'ir_unit', 'isp', 'police', 'other'],
  service: ['web', 'mail', 'database', 'ftp', 'dns', 'proxy', 'other'],
  control: ['antivirus', 'firewall', 'ids_ips', 'other'],
  attachment: ['logs', 'malware_samples', 'other'],
  tlp: ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'],
  priority: ['P1', 'P2', 'P3', 'P4'],
  impact: ['none', 'low', 'medium', 'high'],
};

before(async () => {
  srv = await startServer(ctx);
  base = srv.base;
  admin = await mustLogin(base, 'admin');
  operator = await mustLogin(base, 'vanhanh.xa');
});
after(async () => { if (srv) await srv.stop(); });

async function getPack(id, who = admin) {
  const r = await api(base, 'GET', `/api/v1/rulepacks/${encodeURIComponent(id)}`, as(who));
  assert.equal(r.status, 200, r.text);
  return r.json;
}
const byCode = (items) => new Map(items.map((x) => [x.code, x]));

test('the list: both packs, legacy-2017 in use and default', async () => {
  const r = await api(base, 'GET', '/api/v1/rulepacks', as(admin));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.next_cursor, null);
  const items = r.json.items;
  assert.deepEqual(items.map((p) => p.id), ['law116-2026', 'legacy-2017']);
  const [law, legacy] = items;
  assert.equal(legacy.in_use, true);
  assert.equal(legacy.default, true);
  assert.equal(law.in_use, false);
  assert.equal(law.default, false);
  assert.equal(legacy.regime, 'legacy_2017');
  assert.equal(legacy.effective_from, '2017-03-16');
  assert.equal(law.effective_from, '2026-07-01');
  for (const p of items) {
    assert.match(p.src, SRC('pack'));
    assert.equal(typeof p.vi, 'string');
    assert.equal(typeof p.en, 'string');
    assert.ok(!('types' in p), 'the list carries summaries only');
  }
});

test('any signed-in user reads them, with the same answer', async () => {
  const a = await api(base, 'GET', '/api/v1/rulepacks', as(admin));
  const o = await api(base, 'GET', '/api/v1/rulepacks', as(operator));
  assert.equal(o.status, 200, o.text);
  assert.deepEqual(o.json, a.json);
  assert.deepEqual(await getPack('legacy-2017', operator), await getPack('legacy-2017', admin));
});

test('legacy-2017: 21 types with the plan\'s verbatim labels, and their RSIT classes', async () => {
  const p = await getPack('legacy-2017');
  assert.equal(p.in_use, true);
  assert.deepEqual(p.groups.map((g) => g.code), ['TC', 'LH', 'QT', 'TH']);
  assert.equal(p.groups[0].vi, 'Sự cố do bị tấn công mạng');
  assert.deepEqual(p.types.map((t) => t.code), TYPES);
  const t = byCode(p.types);
  assert.equal(t.get('TC01').vi, 'Tấn công từ chối dịch vụ');
  assert.equal(t.get('TC09').vi, 'Tấn công tổng hợp sử dụng kết hợp nhiều hình thức');
  assert.equal(t.get('LH03').vi, 'Sự cố do lỗi phần mềm, phần cứng, ứng dụng của hệ thống thông tin');
  assert.equal(t.get('QT01').vi, 'Lỗi trong cập nhật, thay đổi, cấu hình phần cứng');
  assert.equal(t.get('TC01').rsit, 'availability:ddos');
  assert.equal(t.get('TC01').group, 'TC');
  assert.equal(t.get('TC09').rsit, '');
  assert.equal(t.get('TC09').multi_label, true);
  assert.equal(t.get('TC04').rsit_alt.length, 4);
  for (const x of p.types) {
    assert.match(x.src, SRC('taxonomy'));
    assert.ok(x.vi.length > 0 && x.en.length > 0, x.code);
  }
});

test('legacy-2017: the serious test, harms a b c d đ, the parties', async () => {
  const p = await getPack('legacy-2017');
  assert.deepEqual(p.harms.map((h) => h.code), ['a', 'b', 'c', 'd', 'đ']);
  for (const h of p.harms) {
    assert.match(h.src, SRC('harms'));
    assert.ok(h.vi && h.en && h.reason_vi && h.reason_en, h.code);
  }
  assert.deepEqual(p.serious.levels, [4, 5]);
  assert.equal(p.serious.national_critical, true);
  assert.match(p.serious.phrases.system_vi, /\{level\}/);
  assert.equal(Object.keys(p.serious.phrases).length, 16);
  assert.match(p.serious.src, SRC('harms'));
  const parties = byCode(p.parties);
  for (const code of ['operator', 'owner', 'ir_unit', 'national_coordinator', 'sender']) {
    assert.ok(parties.has(code), code);
    assert.match(parties.get(code).src, SRC('parties'));
  }
  assert.ok(!parties.has('mps_unit'));
});

test('legacy-2017: normal steps I.1 ... IV.1 with lead, coordinate, reopen and reset', async () => {
  const p = await getPack('legacy-2017');
  const procs = byCode(p.procedures);
  assert.deepEqual([...procs.keys()], ['normal', 'serious']);
  const normal = procs.get('normal');
  assert.deepEqual(normal.steps.map((s) => s.code), NORMAL_STEPS);
  assert.deepEqual(normal.stages.map((s) => s.code), ['I', 'II', 'III', 'IV']);
  assert.deepEqual(procs.get('serious').steps.map((s) => s.code), SERIOUS_STEPS);
  const steps = byCode(normal.steps);
  const check = steps.get('III.3');
  assert.equal(check.phase, 'check');
  assert.deepEqual(check.reopen, ['II.1', 'III.1']);
  assert.deepEqual(check.reset, ['III.2', 'III.3']);
  assert.equal(steps.get('I.4').required, false);
  assert.equal(steps.get('I.1').required, true);
  for (const s of normal.steps) {
    assert.ok(Array.isArray(s.lead) && s.lead.length > 0, s.code);
    assert.ok(Array.isArray(s.coordinate), s.code);
    assert.equal(typeof s.content, 'string');
    assert.equal(typeof s.note, 'string');
    assert.match(s.src, SRC('procedure-normal'));
  }
  assert.match(normal.src, SRC('procedure-normal'));
});

test('legacy-2017: reports 1-7 with deadlines and recipients; ack; the day rule', async () => {
  const p = await getPack('legacy-2017');
  assert.deepEqual(p.reports.map((r) => r.code), REPORTS);
  assert.deepEqual(p.reports.map((r) => r.number), [1, 2, 3, 4, 5, 6, 7]);
  const r = byCode(p.reports);
  assert.deepEqual(r.get('notice').deadline, { anchor: 'detection', due: 'days', amount: 5 });
  assert.deepEqual(r.get('initial').deadline, { anchor: 'beyond_capacity', due: 'immediate', amount: 0 });
  assert.deepEqual(r.get('final').deadline, { anchor: 'response_end', due: 'days', amount: 5 });
  assert.deepEqual(r.get('progress').deadline, { anchor: 'none', due: 'none', amount: 0 });
  assert.equal(r.get('initial').form, 'Biểu mẫu 03');
  assert.equal(r.get('final').closure, true);
  assert.equal(r.get('notice').closure, false);
  assert.deepEqual(r.get('notice').recipients, ['owner', 'national_coordinator', 'ir_unit', 'members']);
  for (const x of p.reports) assert.match(x.src, SRC('reports'));
  assert.deepEqual(p.acknowledge.deadline, { anchor: 'receipt', due: 'immediate', amount: 0 });
  assert.deepEqual(p.acknowledge.recipients, ['sender']);
  assert.match(p.acknowledge.src, SRC('reports'));
  assert.deepEqual(p.days, {
    count: 'calendar', start_next_day: true, roll_non_working: true, weekend: ['sun', 'sat'],
    warn_days: 3, src: p.days.src,
  });
  assert.match(p.days.src, SRC('days'));
  assert.equal(p.clocks.immediate_minutes, 60);
  assert.equal(p.clocks.warn_percent, 25);
  assert.match(p.clocks.src, SRC('days'));
});

test('legacy-2017: holidays in date order, Tết 2026 among them', async () => {
  const p = await getPack('legacy-2017');
  const dates = p.holidays.map((h) => h.date);
  assert.deepEqual([...dates].sort(), dates);
  for (const d of ['2026-02-16', '2026-02-17', '2026-02-20', '2026-09-02']) assert.ok(dates.includes(d), d);
  const tet = p.holidays.find((h) => h.date === '2026-02-17');
  assert.match(tet.name, /Tết Nguyên đán/);
  for (const h of p.holidays) assert.match(h.src, SRC('holidays'));
});

test('options: the Mẫu 03 choices, TLP, priority and impact, with defaults', async () => {
  for (const id of ['legacy-2017', 'law116-2026']) {
    const p = await getPack(id);
    assert.deepEqual(Object.keys(p.options).sort(), Object.keys(OPTION_LISTS).sort(), id);
    for (const [list, codes] of Object.entries(OPTION_LISTS)) {
      const got = p.options[list].items.map((o) => o.code);
      const want = id === 'law116-2026' && list === 'notified'
        ? ['national_coordinator', 'owner', 'ir_unit', 'isp', 'mps_unit', 'police', 'other'] : codes;
      assert.deepEqual(got, want, `${id} ${list}`);
      assert.match(p.options[list].src, SRC('options'));
      for (const o of p.options[list].items) {
        assert.ok(o.vi && o.en, `${id} ${list} ${o.code}`);
        assert.match(o.src, SRC('options'));
      }
    }
    assert.equal(p.options.tlp.default, 'AMBER');
    assert.equal(p.options.priority.default, 'P3');
    assert.equal(p.options.impact.default, 'none');
    assert.equal(p.options.current_status.default, null);
    assert.equal(p.options.current_status.multi, false);
    assert.equal(p.options.detection_method.multi, true);
    assert.equal(p.options.current_status.items[0].vi, 'Đã được xử lý');
    assert.ok(p.options.tlp.items.every((o) => o.description_vi && o.description_en));
  }
});

test('law116-2026: immediately / 24 h from serious / 72 h from detection; not in use', async () => {
  const p = await getPack('law116-2026');
  assert.equal(p.in_use, false);
  assert.equal(p.types.length, 21);
  const r = byCode(p.reports);
  assert.deepEqual(r.get('notice').deadline, { anchor: 'detection', due: 'immediate', amount: 0 });
  assert.deepEqual(r.get('initial').deadline, { anchor: 'serious', due: 'hours', amount: 24 });
  assert.deepEqual(r.get('final').deadline, { anchor: 'detection', due: 'hours', amount: 72 });
  assert.deepEqual(r.get('notice').recipients, ['mps_unit', 'owner']);
  assert.ok(p.parties.some((x) => x.code === 'mps_unit'));
});

test('in_use follows the instance setting', async () => {
  srv.sql("UPDATE settings SET value = 'law116-2026' WHERE key = 'rulepack'");
  try {
    const items = await listAll(base, '/api/v1/rulepacks', as(admin));
    assert.deepEqual(items.filter((p) => p.in_use).map((p) => p.id), ['law116-2026']);
    assert.equal((await getPack('law116-2026')).in_use, true);
    assert.equal((await getPack('legacy-2017')).in_use, false);
  } finally {
    srv.sql("UPDATE settings SET value = 'legacy-2017' WHERE key = 'rulepack'");
  }
  assert.equal((await getPack('legacy-2017')).in_use, true);
});

test('the pack in use names the unit bound to each party; others name none', async () => {
  const p = await getPack('legacy-2017', operator);
  const parties = byCode(p.parties);
  assert.equal(parties.get('ir_unit').unit_code, 'TTDL');
  assert.equal(parties.get('police').unit_code, 'PA05');
  assert.equal(parties.get('owner').unit_code, 'HY');
  for (const x of p.parties) {
    assert.ok('unit_id' in x && 'unit_name' in x, `${x.code}: binding fields`);
    assert.equal(x.unit_code === null, x.unit_id === null, x.code);
  }
  assert.ok(p.parties.some((x) => x.unit_id === null), 'an unbound party is null');
  const other = await getPack('law116-2026');
  assert.ok(other.parties.every((x) => !('unit_id' in x)), 'a pack not in use has no bindings');
});

test('an unknown pack is 404', async () => {
  for (const id of ['legacy-2016', 'LEGACY-2017', 'x'.repeat(300), '..']) {
    assertProblem(await api(base, 'GET', `/api/v1/rulepacks/${id}`, as(admin)), 404, { slug: 'not-found', msg: id });
  }
});

test('no credentials: 401', async () => {
  assertProblem(await api(base, 'GET', '/api/v1/rulepacks'), 401);
  assertProblem(await api(base, 'GET', '/api/v1/rulepacks/legacy-2017'), 401);
});

test('a session that must enrol TOTP first: 403 (runs last: it changes XA-NT)', async () => {
  const units = await listAll(base, '/api/v1/units', as(admin));
  const xa = units.find((u) => u.code === 'XA-NT');
  const p = await api(base, 'PATCH', `/api/v1/units/${xa.id}`,
    as(admin, { ifMatch: xa.version, body: { require_totp: true } }));
  assert.equal(p.status, 200, p.text);
  const s = await mustLogin(base, 'vanhanh.xa');
  assert.equal((await api(base, 'GET', '/api/v1/me', as(s))).json.must_enrol_totp, true);
  assertProblem(await api(base, 'GET', '/api/v1/rulepacks', as(s)), 403);
  assertProblem(await api(base, 'GET', '/api/v1/rulepacks/legacy-2017', as(s)), 403);
});
