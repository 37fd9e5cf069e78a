// The registry of information systems: /api/v1/systems
// (docs/internals/systems.md).
//
// Fixture (sample data): vanhanh.snv (operator, SNV) and lanhdao.snv
// (leader, SNV) keep the Sở Nội vụ's systems; vanhanh.xa (operator,
// XA-NT) sees none of them (404); doiungcuu (member at HY) sees them all
// but may not change them (403); kiemtra (auditor) reads the audit log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, mustLogin, listAll } from './lib/server.mjs';
import { useEngine, assertProblem, as } from './lib/common.mjs';

const ctx = useEngine();
let srv;
let base;
const S = {};
const U = {};
const HOUR = 3600_000;
const iso = (ms) => new Date(ms).toISOString();
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());

const post = (who, p, body, extra = {}) => api(base, 'POST', p, as(S[who], { body, ...extra }));
const get = (who, p) => api(base, 'GET', p, as(S[who]));
const patch = (who, p, body, ifMatch) => api(base, 'PATCH', p, as(S[who], { body, ifMatch }));
const del = (who, p, ifMatch) => api(base, 'DELETE', p, as(S[who], { ifMatch }));

/** A portal of the Sở Nội vụ: level 2 on its own, a component of level 3. */
const portal = (extra = {}) => ({
  name: 'Cổng thông tin điện tử Sở Nội vụ',
  purpose: 'Công bố thông tin, tiếp nhận hồ sơ trực tuyến',
  owner_name: 'Ủy ban nhân dân tỉnh Hưng Yên',
  operator_name: 'Văn phòng Sở Nội vụ',
  security_provider: 'Công ty ATTT Phố Hiến',
  upstream_provider: 'VNPT Hưng Yên',
  addresses: ['203.0.113.0/24', '198.51.100.7', '2001:DB8:5::/48'],
  domains: ['SNV.HungYen.gov.vn'],
  os: [{ name: 'Ubuntu', version: '22.04' }],
  services: [{ code: 'web', detail: 'nginx 1.24, 443/tcp' }, { code: 'database' }],
  controls: [{ code: 'firewall', detail: 'FortiGate' }],
  contacts: [{ name: 'Vũ Văn Hành', position: 'Chuyên viên', phone: '0221 3861 000', email: 'hanh@snv.hungyen.gov.vn' }],
  criteria: ['N85.8.2a'],
  components: [{ name: 'Cổng dịch vụ công', criteria: ['N85.9.2c'] }],
  ...extra,
});

async function create(who, body) {
  const r = await post(who, '/api/v1/systems', body);
  assert.equal(r.status, 201, r.text);
  return r.json;
}

async function count(who) {
  return (await listAll(base, '/api/v1/systems?retired=1', as(S[who]))).length;
}

before(async () => {
  srv = await startServer(ctx);
  base = srv.base;
  for (const who of ['admin', 'vanhanh.snv', 'lanhdao.snv', 'vanhanh.xa', 'doiungcuu', 'dieuphoi', 'kiemtra']) {
    S[who] = await mustLogin(base, who);
  }
  for (const u of await listAll(base, '/api/v1/units', as(S.admin))) U[u.code] = u.id;
});
after(async () => { if (srv) await srv.stop(); });

test('create, read, list, patch with If-Match, retire', async () => {
  const r = await post('vanhanh.snv', '/api/v1/systems', portal());
  assert.equal(r.status, 201, r.text);
  const s = r.json;
  assert.equal(r.headers.get('etag'), `"${s.version}"`);
  assert.equal(s.unit_id, U.SNV, 'the actor\'s own unit by default');
  assert.equal(s.unit_code, 'SNV');
  assert.deepEqual(s.addresses, ['203.0.113.0/24', '198.51.100.7', '2001:db8:5::/48'], 'canonical');
  assert.deepEqual(s.domains, ['snv.hungyen.gov.vn']);
  assert.deepEqual(s.services, [{ code: 'web', detail: 'nginx 1.24, 443/tcp' }, { code: 'database', detail: '' }]);
  assert.equal(s.contacts[0].email, 'hanh@snv.hungyen.gov.vn');
  assert.equal(s.national_critical, false);
  assert.equal(s.level.computed, 3, 'the component of level 3 wins');
  assert.equal(s.level.in_force, 3);
  assert.equal(s.level.approved, null);
  assert.equal(s.dossier.status, 'draft');
  assert.equal(s.retired_at, null);

  const g = await get('vanhanh.snv', `/api/v1/systems/${s.id}`);
  assert.equal(g.status, 200, g.text);
  assert.deepEqual(g.json, s);
  assert.equal(g.headers.get('etag'), `"${s.version}"`);

  const mine = await listAll(base, '/api/v1/systems', as(S['vanhanh.snv']));
  assert.ok(mine.some((x) => x.id === s.id));
  const byUnit = await listAll(base, `/api/v1/systems?unit_id=${U.SNV}`, as(S.dieuphoi));
  assert.ok(byUnit.some((x) => x.id === s.id));
  assert.equal((await listAll(base, `/api/v1/systems?unit_id=${U['XA-NT']}`, as(S.dieuphoi)))
    .filter((x) => x.id === s.id).length, 0);
  const found = await listAll(base, '/api/v1/systems?q=hungyen%20c%E1%BB%95ng', as(S['vanhanh.snv']));
  assert.ok(found.some((x) => x.id === s.id), 'search by words of the name and domain, accents folded');
  assert.equal((await listAll(base, '/api/v1/systems?q=khanhhoa', as(S['vanhanh.snv']))).length, 0);
  assert.ok((await listAll(base, '/api/v1/systems?level=3', as(S['vanhanh.snv']))).some((x) => x.id === s.id));
  assert.ok(!(await listAll(base, '/api/v1/systems?level=2', as(S['vanhanh.snv']))).some((x) => x.id === s.id));

  // If-Match: required, and must be current
  assertProblem(await patch('lanhdao.snv', `/api/v1/systems/${s.id}`, { purpose: 'x' }), 428);
  assertProblem(await patch('lanhdao.snv', `/api/v1/systems/${s.id}`, { purpose: 'x' }, s.version + 1), 412);
  const p = await patch('lanhdao.snv', `/api/v1/systems/${s.id}`,
    { national_critical: true, domains: ['snv.hungyen.gov.vn', 'dichvucong.snv.hungyen.gov.vn'] }, s.version);
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.version, s.version + 1);
  assert.equal(p.json.national_critical, true);
  assert.equal(p.json.name, s.name, 'what the patch leaves out stays');
  // a patch that changes nothing keeps the version
  const same = await patch('lanhdao.snv', `/api/v1/systems/${s.id}`, { name: s.name }, p.json.version);
  assert.equal(same.status, 200, same.text);
  assert.equal(same.json.version, p.json.version);

  // retire: out of the default list, kept for reading, frozen
  assertProblem(await del('vanhanh.snv', `/api/v1/systems/${s.id}`), 428);
  const d = await del('vanhanh.snv', `/api/v1/systems/${s.id}`, p.json.version);
  assert.equal(d.status, 200, d.text);
  assert.ok(d.json.retired_at);
  assert.ok(!(await listAll(base, '/api/v1/systems', as(S['vanhanh.snv']))).some((x) => x.id === s.id));
  assert.ok((await listAll(base, '/api/v1/systems?retired=1', as(S['vanhanh.snv']))).some((x) => x.id === s.id));
  assert.equal((await get('vanhanh.snv', `/api/v1/systems/${s.id}`)).status, 200);
  assertProblem(await patch('vanhanh.snv', `/api/v1/systems/${s.id}`, { purpose: 'y' }, d.json.version), 409);
  assertProblem(await del('vanhanh.snv', `/api/v1/systems/${s.id}`, d.json.version), 409);
});

test('bad input: 422 naming each field, nothing written', async () => {
  const n0 = await count('vanhanh.snv');
  const cases = [
    [{ name: '' }, 'name'],
    [{ name: '   ' }, 'name', 'required'],
    [{ addresses: ['203.0.113.1/24'] }, 'addresses[0]', 'format'],
    [{ addresses: ['999.1.1.1'] }, 'addresses[0]', 'format'],
    [{ addresses: ['203.0.113.0/24', '203.0.113.0/24'] }, 'addresses[1]', 'duplicate'],
    [{ addresses: [42] }, 'addresses[0]', 'type'],
    [{ domains: ['not a domain'] }, 'domains[0]', 'format'],
    [{ criteria: ['N85.99'] }, 'criteria[0]', 'enum'],
    [{ criteria: ['N85.7', 'N85.7'] }, 'criteria[1]', 'duplicate'],
    [{ components: [{ name: 'A', criteria: ['nope'] }] }, 'components[0].criteria[0]', 'enum'],
    [{ components: [{ name: '', criteria: [] }] }, 'components[0].name'],
    [{ services: [{ code: 'telnet' }] }, 'services[0].code', 'enum'],
    [{ services: [{ code: 'web' }, { code: 'web' }] }, 'services[1].code', 'duplicate'],
    [{ controls: [{ code: 'magic' }] }, 'controls[0].code', 'enum'],
    [{ contacts: [{ name: 'Không liên lạc được' }] }, 'contacts[0]', 'required'],
    [{ contacts: [{ name: 'A', phone: 'gọi tôi' }] }, 'contacts[0].phone', 'format'],
    [{ os: [{ version: '22.04' }] }, 'os[0].name'],
    [{ unit_id: U['XA-NT'] }, 'unit_id', 'not_found'],
    [{ operator_unit_id: 999999 }, 'operator_unit_id', 'not_found'],
    [{ national_critical: 'yes' }, 'national_critical', 'type'],
    [{ colour: 'red' }, 'colour'],
  ];
  for (const [extra, field, code] of cases) {
    const r = await post('vanhanh.snv', '/api/v1/systems', portal(extra));
    assertProblem(r, [400, 422], { field, code, msg: JSON.stringify(extra) });
  }
  // every bad field at once
  const many = await post('vanhanh.snv', '/api/v1/systems',
    portal({ addresses: ['x'], domains: ['-'], criteria: ['?'] }));
  const p = assertProblem(many, 422);
  assert.deepEqual(p.errors.map((e) => e.field).sort(), ['addresses[0]', 'criteria[0]', 'domains[0]']);
  assert.equal(await count('vanhanh.snv'), n0, 'refused creates write nothing');

  const s = await create('vanhanh.snv', portal({ name: 'Hệ thống một cửa điện tử', addresses: [], domains: [] }));
  const bad = await patch('vanhanh.snv', `/api/v1/systems/${s.id}`, { criteria: ['N85.7', 'x'] }, s.version);
  assertProblem(bad, 422, { field: 'criteria[1]', code: 'enum' });
  const again = await get('vanhanh.snv', `/api/v1/systems/${s.id}`);
  assert.deepEqual(again.json, s, 'a refused patch changes nothing');
});

test('scope: the owner unit decides; another unit\'s user gets 404', async () => {
  const s = await create('vanhanh.snv', portal({
    name: 'Hệ thống quản lý văn bản', addresses: ['192.0.2.0/28'], domains: ['vanban.snv.hungyen.gov.vn'],
  }));
  const path = `/api/v1/systems/${s.id}`;
  // another unit: nothing, not even that it exists
  assertProblem(await get('vanhanh.xa', path), 404);
  assertProblem(await patch('vanhanh.xa', path, { purpose: 'x' }, s.version), 404);
  assertProblem(await del('vanhanh.xa', path, s.version), 404);
  assertProblem(await post('vanhanh.xa', `${path}/dossier/status`, { status: 'submitted' }, { ifMatch: s.version }), 404);
  assert.ok(!(await listAll(base, '/api/v1/systems', as(S['vanhanh.xa']))).some((x) => x.id === s.id));
  const m = await get('vanhanh.xa', '/api/v1/systems/match?ip=192.0.2.3');
  assert.equal(m.status, 200, m.text);
  assert.deepEqual(m.json.matches, [], 'the match shows only systems one may see');
  // a member of the provincial team sees it, may not change it
  assert.equal((await get('doiungcuu', path)).status, 200);
  assertProblem(await patch('doiungcuu', path, { purpose: 'x' }, s.version), 403);
  assertProblem(await post('doiungcuu', '/api/v1/systems', portal({ unit_id: U.SNV })), 403);
  // the province's coordinator and the unit's administrator may
  const c = await patch('dieuphoi', path, { purpose: 'Quản lý văn bản và điều hành' }, s.version);
  assert.equal(c.status, 200, c.text);
  assert.equal((await get('vanhanh.snv', path)).json.version, c.json.version);
  // moving a system needs system.write over the new unit too
  assertProblem(await patch('vanhanh.snv', path, { unit_id: U['XA-NT'] }, c.json.version), 422,
    { field: 'unit_id', code: 'not_found' });
  assert.equal((await get('vanhanh.snv', path)).json.unit_id, U.SNV);
});

test('level from the criteria, with its reasons, through the API', async () => {
  const none = await post('vanhanh.snv', '/api/v1/systems/level', {});
  assert.equal(none.status, 200, none.text);
  assert.equal(none.json.computed, 0);
  assert.deepEqual(none.json.reasons, []);
  assert.match(none.json.summary_vi, /chưa xác định được cấp độ/);

  const one = await post('vanhanh.xa', '/api/v1/systems/level', { criteria: ['N85.8.1', 'N85.9.3'] });
  assert.equal(one.status, 200, one.text);
  assert.equal(one.json.computed, 3);
  assert.equal(one.json.reasons.length, 1, 'only the criteria of the winning level');
  assert.equal(one.json.reasons[0].code, 'N85.9.3');
  assert.equal(one.json.reasons[0].article, 'Điều 9 khoản 3');
  assert.equal(one.json.reasons[0].component, null);
  assert.match(one.json.reasons[0].vi, /một ngành, một tỉnh hoặc một số tỉnh/);
  assert.equal(one.json.summary_vi, 'Cấp độ 3 theo Điều 9 khoản 3');
  assert.equal(one.json.summary_en, 'Level 3 under Article 9(3)');

  const comp = await post('vanhanh.snv', '/api/v1/systems/level', {
    criteria: ['N85.8.3'],
    components: [{ name: 'Trục liên thông', criteria: ['N85.10.3'] }, { name: 'Cổng', criteria: ['N85.9.2a'] }],
  });
  assert.equal(comp.status, 200, comp.text);
  assert.equal(comp.json.computed, 4);
  assert.deepEqual(comp.json.components, [{ name: 'Trục liên thông', level: 4 }, { name: 'Cổng', level: 3 }]);
  assert.equal(comp.json.reasons[0].component, 'Trục liên thông');
  assert.match(comp.json.summary_vi, /lấy cấp độ cao nhất/);

  assertProblem(await post('vanhanh.snv', '/api/v1/systems/level', { criteria: ['N85.12'] }), 422,
    { field: 'criteria[0]', code: 'enum' });

  // a stored system keeps its level and reasons, and a new tick moves it
  const s = await create('vanhanh.snv', portal({ name: 'Cơ sở dữ liệu cán bộ', criteria: ['N85.8.1'], components: [] }));
  assert.equal(s.level.computed, 2);
  assert.equal(s.level.reasons[0].code, 'N85.8.1');
  const up = await patch('vanhanh.snv', `/api/v1/systems/${s.id}`, { criteria: ['N85.8.1', 'N85.10.1'] }, s.version);
  assert.equal(up.status, 200, up.text);
  assert.equal(up.json.level.computed, 4);
  assert.equal(up.json.level.in_force, 4);
  assert.equal(up.json.level.summary_vi, 'Cấp độ 4 theo Điều 10 khoản 1');

  // the rule pack carries the criteria the form shows
  const pack = await get('vanhanh.snv', '/api/v1/rulepacks/legacy-2017');
  assert.equal(pack.status, 200);
  assert.equal(pack.json.levels.criteria.length, 21);
  assert.deepEqual([...new Set(pack.json.levels.criteria.map((c) => c.level))], [1, 2, 3, 4, 5]);
  assert.deepEqual(pack.json.levels.dossier_parts.map((d) => d.code),
    ['overview', 'design', 'justification', 'protection_plan', 'expert_opinion']);
  assert.deepEqual(pack.json.levels.dossier_parts[4].levels, [4, 5]);
  assert.match(pack.json.levels.criteria[0].src, /^legacy-2017\/levels\.txt:\d+$/);
});

test('the dossier: parts, draft -> submitted -> appraised -> approved, refused moves', async () => {
  const s = await create('vanhanh.snv', portal({ name: 'Hệ thống dịch vụ công trực tuyến', addresses: [], domains: [] }));
  const path = `/api/v1/systems/${s.id}`;
  const status = (who, body, v) => post(who, `${path}/dossier/status`, body, { ifMatch: v });
  assert.deepEqual(s.dossier.missing, ['overview', 'design', 'justification', 'protection_plan']);
  assert.equal(s.dossier.level, 3);

  // a draft can't jump; submitting names each missing part
  let v = s.version;
  assertProblem(await status('vanhanh.snv', { status: 'approved', decision_number: '1/QĐ', decision_date: today() }, v), 409);
  assertProblem(await status('vanhanh.snv', { status: 'appraised' }, v), 409);
  assertProblem(await status('vanhanh.snv', { status: 'rejected' }, v), 422, { field: 'status', code: 'enum' });
  const miss = await status('vanhanh.snv', { status: 'submitted' }, v);
  const p = assertProblem(miss, 422, { field: 'parts.design', code: 'required' });
  assert.deepEqual(p.errors.map((e) => e.field).sort(),
    ['parts.design', 'parts.justification', 'parts.overview', 'parts.protection_plan']);

  // the parts
  assertProblem(await patch('vanhanh.snv', `${path}/dossier`, { parts: [{ code: 'annex', provided: true }] }, v), 422,
    { field: 'parts[0].code', code: 'enum' });
  assertProblem(await patch('vanhanh.snv', `${path}/dossier`, { proposed_level: 6 }, v), 422, { field: 'proposed_level' });
  const parts = ['overview', 'design', 'justification', 'protection_plan']
    .map((code) => ({ code, provided: true, reference: `Hồ sơ số ${code}` }));
  let r = await patch('vanhanh.snv', `${path}/dossier`, { parts, note: 'Lập theo NĐ 85/2016' }, v);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.dossier.missing, []);
  assert.equal(r.json.dossier.parts[1].reference, 'Hồ sơ số design');
  v = r.json.version;
  // proposing level 4 needs the expert opinion too
  r = await patch('vanhanh.snv', `${path}/dossier`, { proposed_level: 4 }, v);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.dossier.missing, ['expert_opinion']);
  v = r.json.version;
  assertProblem(await status('vanhanh.snv', { status: 'submitted' }, v), 422, { field: 'parts.expert_opinion' });
  r = await patch('vanhanh.snv', `${path}/dossier`, { proposed_level: 0 }, v);
  assert.equal(r.json.dossier.level, 3, '0: back to the computed level');
  v = r.json.version;

  // submitted: frozen at its level, can be returned
  r = await status('vanhanh.snv', { status: 'submitted', note: 'Gửi Sở Khoa học và Công nghệ thẩm định' }, v);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.dossier.status, 'submitted');
  assert.equal(r.json.dossier.proposed_level, 3);
  assert.ok(r.json.dossier.submitted_at);
  v = r.json.version;
  assertProblem(await patch('vanhanh.snv', `${path}/dossier`, { note: 'x' }, v), 409);
  assertProblem(await status('vanhanh.snv', { status: 'approved', decision_number: '1', decision_date: today() }, v), 409);
  r = await status('vanhanh.snv', { status: 'draft', note: 'Hồ sơ chưa hợp lệ: thiếu bản sao' }, v);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.dossier.submitted_at, null);
  v = r.json.version;
  r = await status('vanhanh.snv', { status: 'submitted' }, v);
  v = r.json.version;
  r = await status('lanhdao.snv', { status: 'appraised', note: 'Phù hợp cấp độ 3' }, v);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.dossier.appraisal_note, 'Phù hợp cấp độ 3');
  v = r.json.version;

  // approval needs the decision's number and date
  const noDecision = await status('lanhdao.snv', { status: 'approved' }, v);
  const pe = assertProblem(noDecision, 422);
  assert.deepEqual(pe.errors.map((e) => e.field).sort(), ['decision_date', 'decision_number']);
  assertProblem(await status('lanhdao.snv', { status: 'approved', decision_number: '12/QĐ-UBND', decision_date: '2099-01-01' }, v),
    422, { field: 'decision_date' });
  assertProblem(await status('lanhdao.snv', { status: 'approved', decision_number: '12/QĐ-UBND', decision_date: '2026-02-30' }, v),
    422, { field: 'decision_date' });
  assertProblem(await status('lanhdao.snv', { status: 'approved', decision_number: '12/QĐ-UBND', decision_date: today() }, v + 1),
    412);
  r = await status('lanhdao.snv', { status: 'approved', decision_number: '12/QĐ-UBND', decision_date: today() }, v);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.dossier.status, 'approved');
  assert.equal(r.json.dossier.decision_number, '12/QĐ-UBND');
  assert.equal(r.json.dossier.decision_date, today());
  assert.ok(r.json.dossier.approved_at);
  assert.equal(r.json.level.approved, 3);
  assert.equal(r.json.level.in_force, 3);
  assert.deepEqual(r.json.dossier.history.map((h) => `${h.from}>${h.to}`),
    ['draft>submitted', 'submitted>draft', 'draft>submitted', 'submitted>appraised', 'appraised>approved']);
  assert.equal(r.json.dossier.history[1].note, 'Hồ sơ chưa hợp lệ: thiếu bản sao');
  assert.equal(r.json.dossier.history[3].by, 'lanhdao.snv');
  v = r.json.version;

  // the approved level stays in force while the ticks change and a
  // new round is drafted (NĐ 85/2016 Điều 18)
  assertProblem(await status('lanhdao.snv', { status: 'submitted' }, v), 409);
  r = await patch('vanhanh.snv', path, { criteria: ['N85.10.2'] }, v);
  assert.equal(r.json.level.computed, 4);
  assert.equal(r.json.level.in_force, 3, 'the approved level is the one in force');
  r = await status('vanhanh.snv', { status: 'draft', note: 'Xác định lại cấp độ' }, r.json.version);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.dossier.status, 'draft');
  assert.equal(r.json.level.approved, 3);
  assert.equal(r.json.dossier.decision_number, '12/QĐ-UBND');

  // every move is in the audit log
  const audit = await listAll(base, '/api/v1/audit?object_type=system', as(S.kiemtra));
  const mine = audit.filter((e) => e.object_id === String(s.id)).map((e) => e.action);
  assert.ok(mine.includes('system.create'), JSON.stringify(mine));
  assert.ok(mine.includes('system.dossier'));
  assert.equal(mine.filter((a) => a === 'system.dossier_status').length, 6);
  assert.ok(mine.includes('system.update'));
});

test('match: an IP inside a CIDR, an exact IP, a subdomain, no match', async () => {
  const a = await create('vanhanh.snv', portal({
    name: 'Hạ tầng máy chủ Sở Nội vụ', addresses: ['100.64.0.0/16'], domains: ['noivu.example.vn'], components: [],
  }));
  const b = await create('vanhanh.snv', portal({
    name: 'Máy chủ thư', addresses: ['100.64.5.25', '2001:db8:77::/48'], domains: ['mail.noivu.example.vn'], components: [],
  }));
  const m = async (q) => {
    const r = await get('dieuphoi', `/api/v1/systems/match?${q}`);
    assert.equal(r.status, 200, r.text);
    return r.json;
  };
  let r = await m('ip=100.64.9.9');
  assert.deepEqual(r.query, { type: 'ip', value: '100.64.9.9' });
  assert.deepEqual(r.matches.map((x) => [x.id, x.matched, x.via]), [[a.id, '100.64.0.0/16', 'cidr']]);
  assert.equal(r.matches[0].unit_code, 'SNV');
  r = await m('ip=100.64.5.25');
  assert.deepEqual(r.matches.map((x) => [x.id, x.matched, x.via]), [[b.id, '100.64.5.25', 'ip']], 'the longest prefix');
  r = await m('ip=::ffff:100.64.1.1');
  assert.deepEqual(r.matches.map((x) => x.id), [a.id], 'IPv4-mapped IPv6');
  r = await m('ip=2001:DB8:77::10');
  assert.deepEqual(r.matches.map((x) => x.id), [b.id]);
  assert.equal(r.query.value, '2001:db8:77::10');
  r = await m('domain=www.noivu.example.vn');
  assert.deepEqual(r.matches.map((x) => [x.id, x.matched, x.via]), [[a.id, 'noivu.example.vn', 'domain']]);
  r = await m('domain=Smtp.Mail.NoiVu.Example.VN');
  assert.deepEqual(r.matches.map((x) => x.id), [b.id], 'the longest registered suffix');
  for (const q of ['ip=100.65.0.1', 'domain=example.vn', 'domain=xnoivu.example.vn', 'ip=2001:db8:78::1']) {
    assert.deepEqual((await m(q)).matches, [], q);
  }
  // a change moves the index at once
  const p = await patch('vanhanh.snv', `/api/v1/systems/${a.id}`, { addresses: ['100.65.0.0/16'] }, a.version);
  assert.equal(p.status, 200, p.text);
  assert.deepEqual((await m('ip=100.65.0.1')).matches.map((x) => x.id), [a.id]);
  assert.deepEqual((await m('ip=100.64.9.9')).matches, []);
  const gone = await del('vanhanh.snv', `/api/v1/systems/${b.id}`, b.version);
  assert.equal(gone.status, 200, gone.text);
  assert.deepEqual((await m('domain=mail.noivu.example.vn')).matches.map((x) => x.id), [a.id], 'retired: out of the index');

  assertProblem(await get('dieuphoi', '/api/v1/systems/match?ip=300.1.1.1'), 422, { field: 'ip', code: 'format' });
  assertProblem(await get('dieuphoi', '/api/v1/systems/match?domain=a..vn'), 422, { field: 'domain', code: 'format' });
  assertProblem(await get('dieuphoi', '/api/v1/systems/match'), 422, { field: 'ip' });
  assertProblem(await get('dieuphoi', '/api/v1/systems/match?ip=1.1.1.1&domain=a.vn'), 422);
  assertProblem(await get('dieuphoi', '/api/v1/systems/match?url=x'), [400, 422]);
});

test('incidents name registered systems; the serious test reads their level', async () => {
  const low = await create('vanhanh.snv', portal({
    name: 'Trang thông tin nội bộ', addresses: ['198.18.0.10'], domains: ['noibo.snv.hungyen.gov.vn'],
    criteria: ['N85.8.1'], components: [],
  }));
  assert.equal(low.level.in_force, 2);
  const body = (systems, extra = {}) => ({
    title: 'Tấn công từ chối dịch vụ vào Trang thông tin nội bộ',
    description: 'Trang không truy cập được từ 08:00.',
    detected_at: iso(Date.now() - HOUR), unit_id: U.SNV,
    systems, harms: ['a'], owner_cannot_handle: true, ...extra,
  });
  const r = await post('vanhanh.snv', '/api/v1/incidents', body([{ system_id: low.id }]));
  assert.equal(r.status, 201, r.text);
  let inc = r.json;
  assert.deepEqual(inc.systems, [{
    system_id: low.id, name: 'Trang thông tin nội bộ', level: 2, national_critical: false,
    domain: 'noibo.snv.hungyen.gov.vn', ip: '198.18.0.10',
  }], 'the registry fills the system block');
  assert.equal(inc.serious.computed, false, 'a level-2 system is never serious');

  // the level rises in the registry; the incident's next edit reads it
  const up = await patch('vanhanh.snv', `/api/v1/systems/${low.id}`, { criteria: ['N85.10.2'] }, low.version);
  assert.equal(up.json.level.in_force, 4);
  const e = await patch('vanhanh.snv', `/api/v1/incidents/${inc.id}`, { description: 'Trang vẫn không truy cập được.' },
    inc.version);
  assert.equal(e.status, 200, e.text);
  inc = e.json;
  assert.equal(inc.systems[0].level, 4);
  assert.equal(inc.serious.computed, true, inc.serious.reasons_vi);
  assert.match(inc.serious.reasons_vi, /cấp độ 4/);

  // what the client says of a registered system does not override it
  const lie = await post('vanhanh.snv', '/api/v1/incidents',
    body([{ system_id: low.id, name: 'khác', level: 1, ip: '198.18.0.99' }]));
  assert.equal(lie.status, 201, lie.text);
  assert.equal(lie.json.systems[0].name, 'Trang thông tin nội bộ');
  assert.equal(lie.json.systems[0].level, 4);
  assert.equal(lie.json.systems[0].ip, '198.18.0.99', 'the host named stays');

  // Mẫu 03: the system and extra blocks come from the registry where empty
  const report = {
    reporter: { name: 'Sở Nội vụ', address: 'Hưng Yên', phone: '0221 3861 000', email: 'snv@hungyen.gov.vn' },
    contact: { full_name: 'Vũ Văn Hành', phone: '0912 345 678', email: 'hanh@snv.hungyen.gov.vn' },
    system: { operator_name: 'Văn phòng Sở Nội vụ' },
    current_status: 'not_handled', detection_methods: ['log_review'], notified: ['owner'],
  };
  const withReport = await post('vanhanh.snv', '/api/v1/incidents', body([{ system_id: low.id }], { report }));
  assert.equal(withReport.status, 201, withReport.text);
  const rep = withReport.json.report;
  assert.deepEqual(rep.system, {
    operator_name: 'Văn phòng Sở Nội vụ', owner_name: 'Ủy ban nhân dân tỉnh Hưng Yên',
    name: 'Trang thông tin nội bộ', security_provider: 'Công ty ATTT Phố Hiến',
    upstream_provider: 'VNPT Hưng Yên', level: 4,
  });
  assert.equal(rep.extra.os, 'Ubuntu');
  assert.equal(rep.extra.os_version, '22.04');
  assert.deepEqual(rep.extra.ips, ['198.18.0.10']);
  assert.deepEqual(rep.extra.domains, ['noibo.snv.hungyen.gov.vn']);
  assert.deepEqual(rep.extra.services, ['web', 'database']);
  assert.deepEqual(rep.extra.controls, ['firewall']);

  // a system one may not see cannot be named; free-text systems still work
  const xa = await post('vanhanh.xa', '/api/v1/incidents', {
    ...body([{ system_id: low.id }]), unit_id: U['XA-NT'],
  });
  assertProblem(xa, 422, { field: 'systems[0].system_id', code: 'not_found' });
  assertProblem(await post('vanhanh.snv', '/api/v1/incidents', body([{ system_id: 987654 }])), 422,
    { field: 'systems[0].system_id', code: 'not_found' });
  const free = await post('vanhanh.snv', '/api/v1/incidents', body([{ name: 'Máy trạm kế toán', level: 1 }]));
  assert.equal(free.status, 201, free.text);
  assert.equal(free.json.systems[0].system_id, null);
});

test('ungcuu system add | list | show | match', async () => {
  const add = srv.cli('system', 'add', 'Hệ thống hội nghị truyền hình', '--unit', 'SNV', '--address', '192.0.2.128/25',
    '--domain', 'hop.snv.hungyen.gov.vn', '--criterion', 'N85.8.1', '--json');
  assert.equal(add.status, 0, add.stderr);
  const s = JSON.parse(add.stdout);
  assert.equal(s.level.computed, 2);
  assert.deepEqual(s.addresses, ['192.0.2.128/25']);
  const list = srv.cli('system', 'list', '--unit', 'SNV');
  assert.equal(list.status, 0, list.stderr);
  assert.match(list.stdout, /^id\tunit\tlevel\tdossier\tname$/m);
  assert.match(list.stdout, new RegExp(`^${s.id}\\tSNV\\t2\\tdraft\\tHệ thống hội nghị truyền hình$`, 'm'));
  const show = srv.cli('system', 'show', String(s.id));
  assert.equal(show.status, 0, show.stderr);
  assert.match(show.stdout, /Cấp độ 2 theo Điều 8 khoản 1/);
  const ip = srv.cli('system', 'match', '192.0.2.200');
  assert.equal(ip.status, 0, ip.stderr);
  assert.match(ip.stdout, new RegExp(`^#${s.id}\\tSNV\\tcấp độ 2\\tcidr 192.0.2.128/25\\t`, 'm'));
  const dom = srv.cli('system', 'match', 'video.hop.snv.hungyen.gov.vn', '--json');
  assert.equal(JSON.parse(dom.stdout).matches[0].id, s.id);
  const none = srv.cli('system', 'match', '192.0.2.1', '--as', 'vanhanh.xa');
  assert.equal(none.status, 0, none.stderr);
  assert.match(none.stdout, /no registered system/);
  const refused = srv.cli('system', 'add', 'X', '--unit', 'SNV', '--as', 'vanhanh.xa');
  assert.notEqual(refused.status, 0);
  assert.match(refused.stderr, /SNV|unit_id/);
  const bad = srv.cli('system', 'add', 'X', '--unit', 'SNV', '--criterion', 'N85.0');
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /criteria\[0\]/);
});
