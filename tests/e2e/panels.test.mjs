// The incident workspace's panels in Chromium: tasks, observables,
// evidence (upload progress, the server's SHA-256, custody), reports
// sent and their acknowledgement, directions, the timeline that records
// all of it, a reader without actions, the phone layout, and evidence
// content refused to a user of another unit. Incidents are made through
// the API; the workspace is opened at #/incidents/{id}.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  useWorld, world, e2e, open, signIn, PHONE, DESK, SAMPLE_PASSWORD,
} from './lib/harness.mjs';
import {
  api, as, session, createIncident, openWorkspace, panel, settled,
} from './lib/panels.mjs';

const WEB = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');
useWorld();

const S = {}; // API sessions
let A; // the incident the flow tests work on (unit XA-NT)
let B; // another incident of the same unit, sharing an observable with A
const FILE = crypto.randomBytes(384 * 1024); // a few hundred KB
const FILE_SHA = crypto.createHash('sha256').update(FILE).digest('hex');
const TASK = 'Cô lập máy chủ cổng thông tin khỏi mạng nội bộ';

// Made once, by the first test that needs them (the world's server is
// started by the harness's own hook, which a file-level hook of ours
// cannot be ordered after on every Node version).
let made = null;
function fixtures() {
  made ??= (async () => {
    const base = world.server.base;
    for (const login of ['vanhanh.xa', 'dieuphoi']) S[login] = await session(base, login);
    A = await createIncident(base, S['vanhanh.xa']);
    B = await createIncident(base, S['vanhanh.xa']);
    const r = await api(base, 'POST', `/api/v1/incidents/${B.id}/observables`,
      as(S['vanhanh.xa'], { body: { type: 'domain', value: 'evil.example.com' } }));
    assert.equal(r.status, 201, r.text);
  })();
  return made;
}

/** "dd/mm/yyyy HH:MM" of an instant in UTC+7. */
function local(ms) {
  const d = new Date(ms + 7 * 3600_000);
  const p = (n) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

async function signedIn(page, base, login = 'vanhanh.xa') {
  await fixtures();
  await open(page, base);
  await signIn(page, login, SAMPLE_PASSWORD);
  await page.locator('#who-name').waitFor();
}

/** The text a live region (role=status) of the panel says. */
const said = (p) => p.locator('.panel-live');

async function noSideways(page, width) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= width, `page is ${wide} px wide at ${width} px`);
}

// ------------------------------------------------------------ dictionaries

/** web/i18n/<lang>/panel.json */
function dict(lang) {
  return JSON.parse(fs.readFileSync(path.join(WEB, 'i18n', lang, 'panel.json'), 'utf8'));
}

test('every panel.* key the panels use is in both dictionaries, with the same variables', () => {
  const vi = dict('vi');
  const en = dict('en');
  assert.deepEqual(Object.keys(vi).filter((k) => !(k in en)), [], 'in vi, not in en');
  assert.deepEqual(Object.keys(en).filter((k) => !(k in vi)), [], 'in en, not in vi');
  const vars = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
  for (const k of Object.keys(vi)) assert.equal(vars(vi[k]), vars(en[k]), `${k}: variables differ`);
  const files = fs.readdirSync(WEB).filter((f) => /^(panel-.*|incident-panels)\.js$/.test(f));
  assert.ok(files.length >= 7, files.join(' '));
  const used = new Set();
  for (const f of files) {
    for (const m of fs.readFileSync(path.join(WEB, f), 'utf8').matchAll(/'(panel\.[\w.-]+)'/g)) used.add(m[1]);
  }
  // prefixes of coded values: each code's key is checked below
  const coded = {
    'panel.tasks.state': ['open', 'done', 'cancelled'],
    'panel.timeline.kind': ['change', 'event'],
    'panel.obs.type': ['ipv4', 'ipv6', 'cidr', 'domain', 'url', 'email', 'md5', 'sha1', 'sha256', 'filename', 'account'],
    'panel.obs.reason': ['unrecognised', 'invalid', 'too_long', 'duplicate'],
    'panel.ev.action': ['collected', 'viewed', 'downloaded', 'exported', 'transferred', 'hash_mismatch'],
    'panel.ev.mismatch': ['content', 'missing'],
    'panel.dir.kind': ['direction', 'coordination_order'],
    'panel.dir.state': ['done', 'pending', 'overdue'],
    'panel.sends.channel': ['cong_van', 'email', 'fax', 'national_system', 'other'],
  };
  for (const [prefix, codes] of Object.entries(coded)) for (const c of codes) used.add(`${prefix}.${c}`);
  assert.deepEqual([...used].filter((k) => !(k in vi)), [], 'used but not defined');
});

// ------------------------------------------------------------ tasks

e2e('a task is added, completed, and a change made meanwhile by someone else is caught',
  { viewport: DESK }, async ({ page, base, errors }) => {
    await signedIn(page, base);
    await openWorkspace(page, base, A.id);
    const tasks = panel(page, 'Nhiệm vụ');
    await tasks.getByText('Chưa có nhiệm vụ nào.').waitFor();
    await tasks.getByRole('button', { name: 'Thêm nhiệm vụ' }).click();
    // nothing typed: refused beside the field, without a request
    await tasks.getByRole('button', { name: 'Lưu nhiệm vụ' }).click();
    const title = tasks.getByLabel('Nội dung nhiệm vụ');
    assert.equal(await title.getAttribute('aria-invalid'), 'true');
    await title.fill(TASK);
    const who = tasks.getByLabel('Người thực hiện');
    await who.locator('option', { hasText: 'Đỗ Thị Xuân' }).waitFor({ state: 'attached' });
    await who.selectOption({ label: 'Đỗ Thị Xuân (Ủy ban nhân dân xã Nghĩa Trụ)' });
    await tasks.getByLabel('Đơn vị thực hiện').selectOption({ label: 'Ủy ban nhân dân xã Nghĩa Trụ' });
    const due = local(Date.now() + 26 * 3600_000).slice(0, 10);
    await tasks.getByLabel('Hạn hoàn thành').fill(`${due} 17:00`);
    await tasks.getByRole('button', { name: 'Lưu nhiệm vụ' }).click();
    await said(tasks).getByText(`Đã thêm nhiệm vụ: ${TASK}.`).waitFor();
    const row = tasks.locator('li', { hasText: TASK });
    await row.waitFor();
    await settled(page);
    assert.ok(await tasks.getByRole('button', { name: 'Thêm nhiệm vụ' }).evaluate((b) => b === document.activeElement),
      'the focus goes back to the button that opened the form');
    await row.getByText('Đang thực hiện').waitFor();
    assert.match(await row.innerText(), new RegExp(`Hạn hoàn thành\\s+${due.replace(/\//g, '\\/')} 17:00`));
    assert.match(await row.innerText(), /Người thực hiện\s+Đỗ Thị Xuân/);
    // the server has it as the person typed it (UTC+7)
    const listed = await api(base, 'GET', `/api/v1/incidents/${A.id}/tasks`, as(S['vanhanh.xa']));
    const [y, m, d] = [due.slice(6), due.slice(3, 5), due.slice(0, 2)];
    assert.equal(listed.json.items[0].due_at, new Date(`${y}-${m}-${d}T17:00:00+07:00`).toISOString());

    await row.getByRole('button', { name: 'Đánh dấu hoàn thành' }).click();
    await row.getByText('Đã hoàn thành').waitFor();
    await said(tasks).getByText(`Đã đánh dấu hoàn thành: ${TASK}.`).waitFor();
    assert.ok(await row.getByRole('button', { name: 'Mở lại' }).evaluate((b) => b === document.activeElement),
      'the focus stays on the row');

    // someone else renames it meanwhile; reopening from the stale row is refused (412)
    const t = (await api(base, 'GET', `/api/v1/incidents/${A.id}/tasks`, as(S.dieuphoi))).json.items[0];
    const r = await api(base, 'PATCH', `/api/v1/incidents/${A.id}/tasks/${t.id}`,
      as(S.dieuphoi, { ifMatch: t.version, body: { title: `${TASK} (PA05)` } }));
    assert.equal(r.status, 200, r.text);
    await row.getByRole('button', { name: 'Mở lại' }).click();
    const fresh = tasks.locator('li', { hasText: `${TASK} (PA05)` });
    await fresh.getByText(/vừa được người khác thay đổi/).waitFor();
    await fresh.getByText('Đã hoàn thành').waitFor();
    // and now it goes through
    await fresh.getByRole('button', { name: 'Mở lại' }).click();
    await fresh.getByText('Đang thực hiện').waitFor();
    await fresh.getByRole('button', { name: 'Đánh dấu hoàn thành' }).click();
    await fresh.getByText('Đã hoàn thành').waitFor();
    assert.deepEqual(errors, []);
  });

// ------------------------------------------------------------ observables

e2e('five observables are pasted: each line says added, duplicate or invalid, with the reason',
  { viewport: DESK }, async ({ page, base, errors }) => {
    await signedIn(page, base);
    await openWorkspace(page, base, A.id);
    const obs = panel(page, 'Đối tượng quan sát');
    await obs.getByText('Chưa có đối tượng quan sát nào.').waitFor();
    // one by hand, with its type
    await obs.getByRole('button', { name: 'Thêm một đối tượng' }).click();
    await obs.getByLabel('Loại', { exact: true }).selectOption({ label: 'Địa chỉ IPv4' });
    await obs.getByLabel('Giá trị', { exact: true }).fill('203.0.113.7');
    await obs.getByRole('button', { name: 'Thêm', exact: true }).click();
    await said(obs).getByText('Đã thêm 203.0.113.7.').waitFor();
    await obs.getByRole('button', { name: 'Thôi' }).first().click();

    await obs.getByRole('button', { name: 'Dán danh sách' }).click();
    await obs.getByLabel('Danh sách, mỗi dòng một giá trị').fill([
      '198.51.100.23',
      'evil.example.com',
      '203.0.113.7',
      'không phải giá trị nào',
      '44d88612fea8a8f36de82e1278abb02f',
    ].join('\n'));
    await obs.getByRole('button', { name: 'Thêm danh sách' }).click();
    const res = obs.locator('.panel-results');
    await res.waitFor();
    const lines = await res.locator('li').allInnerTexts();
    assert.equal(lines.length, 5, lines.join('\n'));
    assert.match(lines[0], /Dòng 1\s+198\.51\.100\.23\s+Đã thêm\s+Địa chỉ IPv4/);
    assert.match(lines[1], /Dòng 2\s+evil\.example\.com\s+Đã thêm\s+Tên miền/);
    assert.match(lines[2], /Dòng 3\s+203\.0\.113\.7\s+Trùng, đã có/);
    assert.match(lines[3], /Dòng 4\s+không phải giá trị nào\s+Không hợp lệ\s+không nhận ra loại giá trị/);
    assert.match(lines[4], /Dòng 5\s+44d88612fea8a8f36de82e1278abb02f\s+Đã thêm\s+Mã băm MD5/);
    await said(obs).getByText('Đã thêm 3, trùng 1, không hợp lệ 1.').waitFor();
    assert.ok(await obs.getByRole('heading', { name: 'Kết quả từng dòng' }).evaluate((x) => x === document.activeElement));

    // the list, by type; the domain B has too links to B
    await obs.getByRole('heading', { name: 'Địa chỉ IPv4 (2)' }).waitFor();
    await obs.getByRole('heading', { name: 'Mã băm MD5 (1)' }).waitFor();
    const dom = obs.locator('li', { hasText: 'evil.example.com' });
    await dom.getByText('Cũng xuất hiện trong sự cố:').waitFor();
    assert.equal(await dom.getByRole('link', { name: B.id }).getAttribute('href'), `#/incidents/${B.id}`);

    // removal asks first
    const md5 = obs.locator('li', { hasText: '44d88612fea8a8f36de82e1278abb02f' });
    await md5.getByRole('button', { name: /Xóa/ }).click();
    await md5.getByText('Xóa 44d88612fea8a8f36de82e1278abb02f khỏi sự cố?').waitFor();
    await md5.getByRole('button', { name: 'Xóa', exact: true }).click();
    await said(obs).getByText('Đã xóa 44d88612fea8a8f36de82e1278abb02f.').waitFor();
    await obs.getByRole('heading', { name: 'Mã băm MD5 (1)' }).waitFor({ state: 'detached' });
    assert.deepEqual(errors, []);
  });

// ------------------------------------------------------------ evidence

e2e('a file is uploaded with its progress to 100 %, the server\'s SHA-256 shown, and handed over',
  { viewport: DESK }, async ({ page, base, errors }) => {
    await signedIn(page, base);
    await openWorkspace(page, base, A.id);
    const ev = panel(page, 'Chứng cứ');
    await ev.getByText('Chưa có chứng cứ nào.').waitFor();
    await ev.getByRole('button', { name: 'Tải lên chứng cứ' }).click();
    await ev.getByLabel('Tệp chứng cứ').setInputFiles({
      name: 'nhat-ky-may-chu.log', mimeType: 'text/plain', buffer: FILE,
    });
    await ev.getByLabel('Mô tả', { exact: true }).fill('Nhật ký truy cập máy chủ web ngày phát hiện');
    await ev.getByLabel('Thuộc bước').selectOption('I.1');
    await ev.getByLabel('Người thu thập').fill('Đỗ Thị Xuân');
    // every value the bar takes, as the browser reports the upload
    await page.evaluate(() => {
      window.seenProgress = [];
      const bar = document.querySelector('#panel-evidence progress');
      new MutationObserver(() => window.seenProgress.push(Number(bar.value)))
        .observe(bar, { attributes: true, attributeFilter: ['value'] });
    });
    await ev.getByRole('button', { name: 'Tải lên', exact: true }).click();
    const bar = ev.getByRole('progressbar', { name: 'Tiến độ tải lên' });
    await page.waitForFunction(() => document.querySelector('#panel-evidence progress').value === 100);
    await ev.locator('.panel-pct', { hasText: '100%' }).waitFor();
    assert.ok(await bar.isVisible());
    const seen = await page.evaluate(() => window.seenProgress);
    assert.equal(seen[seen.length - 1], 100, `progress: ${seen}`);
    assert.ok(seen.every((v, i) => i === 0 || v >= seen[i - 1]), `progress only grows: ${seen}`);
    const done = ev.locator('.panel-done');
    await done.getByText('Đã tải lên nhat-ky-may-chu.log (384 KB).').waitFor();
    assert.equal((await done.locator('code').innerText()).trim(), FILE_SHA);
    assert.ok(await done.evaluate((n) => n === document.activeElement), 'the result takes the focus');

    const item = ev.locator('li[data-ev]', { hasText: 'nhat-ky-may-chu.log' });
    await item.waitFor();
    const text = await item.innerText();
    assert.ok(text.includes(FILE_SHA), 'the full SHA-256 in the list');
    assert.match(text, /Dung lượng\s+393\.216 byte/);
    assert.match(text, /Người tải lên\s+Đỗ Thị Xuân/);
    assert.match(text, /Thuộc bước\s+I\.1 · Tiếp nhận, xác minh sự cố/);
    assert.match(text, /Thời điểm tải lên\s+\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    assert.equal(await item.locator('code').evaluate((c) => getComputedStyle(c).fontFamily.includes('mono')), true);

    // the download link gives the very bytes
    const href = await item.getByRole('link', { name: /Tải xuống/ }).getAttribute('href');
    assert.match(href, new RegExp(`^/api/v1/incidents/${A.id}/evidence/\\d+/content$`));
    const got = await page.request.get(`${base}${href}`);
    assert.equal(got.status(), 200);
    assert.equal(crypto.createHash('sha256').update(await got.body()).digest('hex'), FILE_SHA);

    // copy the hash
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    await item.getByRole('button', { name: /Sao chép/ }).click();
    await said(ev).getByText('Đã sao chép mã SHA-256.').waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), FILE_SHA);

    // the chain of custody, and a hand-over
    await item.getByRole('button', { name: 'Xem nhật ký lưu giữ' }).click();
    const custody = item.locator('.panel-custody');
    await custody.getByText('Thu thập, tải lên').waitFor();
    await item.getByLabel('Bên nhận').fill('Đại úy Nguyễn Văn An, Phòng PA05, Công an tỉnh');
    await item.getByLabel('Lý do, ghi chú').fill('Phục vụ điều tra, xác minh nguồn tấn công');
    await item.getByRole('button', { name: 'Ghi nhận bàn giao' }).click();
    await said(ev).getByText(/Đã ghi nhận bàn giao nhat-ky-may-chu\.log cho Đại úy Nguyễn Văn An/).waitFor();
    const handed = item.locator('.custody-transferred');
    await handed.waitFor();
    const h = await handed.innerText();
    assert.match(h, /Bàn giao/);
    assert.match(h, /Bên giao\s+Đỗ Thị Xuân/);
    assert.match(h, /Bên nhận\s+Đại úy Nguyễn Văn An, Phòng PA05, Công an tỉnh/);
    assert.match(h, /Lý do, ghi chú\s+Phục vụ điều tra, xác minh nguồn tấn công/);
    assert.match(h, /Khớp mã băm/);
    assert.match(h, /\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    assert.deepEqual(errors, []);
  });

e2e('a user of another unit cannot fetch the evidence content by its URL', { viewport: DESK },
  async ({ page, base, errors }) => {
    await fixtures();
    const list = await api(base, 'GET', `/api/v1/incidents/${A.id}/evidence`, as(S['vanhanh.xa']));
    assert.ok(list.json.items.length > 0, 'the upload test ran first');
    const url = `${base}/api/v1/incidents/${A.id}/evidence/${list.json.items[0].id}/content`;
    await signedIn(page, base, 'vanhanh.snv'); // Sở Nội vụ: not the commune's incident
    const r = await page.request.get(url);
    assert.equal(r.status(), 404);
    assert.ok(!(await r.body()).equals(FILE));
    const meta = await page.request.get(url.replace(/\/content$/, ''));
    assert.equal(meta.status(), 404);
    assert.deepEqual(errors, []);
  });

// ------------------------------------------------------------ reports sent

e2e('a report sent is recorded, then its acknowledgement; its clock turns green', { viewport: DESK },
  async ({ page, base, errors }) => {
    await fixtures();
    const before = (await api(base, 'GET', `/api/v1/incidents/${A.id}`, as(S['vanhanh.xa']))).json;
    assert.notEqual(before.clocks.find((c) => c.report === 'notice').state, 'met');
    await signedIn(page, base);
    await openWorkspace(page, base, A.id);
    const sends = panel(page, 'Báo cáo đã gửi');
    await sends.getByText('Chưa gửi báo cáo nào.').waitFor();
    await sends.getByRole('button', { name: 'Ghi nhận gửi báo cáo' }).click();
    await sends.getByLabel('Loại báo cáo').selectOption({ label: 'Thông báo sự cố' });
    // the pack's recipients of that report are filled in
    const to = sends.getByLabel('Nơi nhận', { exact: true });
    assert.match(await to.inputValue(), /Chủ quản hệ thống thông tin\nCơ quan điều phối quốc gia/);
    await to.fill('Sở Khoa học và Công nghệ\nCông an tỉnh (PA05)\nTrung tâm Giám sát an toàn không gian mạng quốc gia');
    await sends.getByLabel('Hình thức gửi').selectOption({ label: 'Công văn' });
    await sends.getByLabel('Số, ký hiệu văn bản').fill('15/BC-UBND');
    assert.match(await sends.getByLabel('Thời điểm gửi').inputValue(), /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    await sends.getByRole('button', { name: 'Lưu', exact: true }).click();
    await said(sends).getByText('Đã ghi nhận gửi Thông báo sự cố; hạn báo cáo được cập nhật.').waitFor();
    const row = sends.locator('li[data-send]');
    await row.getByText('Chưa có xác nhận').first().waitFor();
    const text = await row.innerText();
    assert.match(text, /Thông báo sự cố/);
    assert.match(text, /Số, ký hiệu văn bản\s+15\/BC-UBND/);
    assert.match(text, /Hình thức gửi\s+Công văn/);
    assert.match(text, /Công an tỉnh \(PA05\)/);
    assert.match(text, /Thời điểm gửi\s+\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    // the send stopped the clock
    const after = (await api(base, 'GET', `/api/v1/incidents/${A.id}`, as(S['vanhanh.xa']))).json;
    assert.equal(after.clocks.find((c) => c.report === 'notice').state, 'met');

    await row.getByRole('button', { name: 'Ghi nhận xác nhận đã nhận' }).click();
    const ackAt = row.getByLabel('Nơi nhận xác nhận lúc');
    assert.match(await ackAt.inputValue(), /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    await row.getByRole('button', { name: 'Lưu xác nhận' }).click();
    await row.getByText('Đã được xác nhận').waitFor();
    assert.match(await row.innerText(), /Nơi nhận xác nhận lúc\s+\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    assert.equal(await row.getByRole('button', { name: 'Ghi nhận xác nhận đã nhận' }).count(), 0);
    assert.deepEqual(errors, []);
  });

// ------------------------------------------------------------ directions

e2e('a direction received is recorded and its result marks it carried out', { viewport: DESK },
  async ({ page, base, errors }) => {
    await signedIn(page, base);
    await openWorkspace(page, base, A.id);
    const dir = panel(page, 'Chỉ đạo, lệnh điều phối nhận được');
    await dir.getByText('Chưa nhận chỉ đạo nào.').waitFor();
    await dir.getByRole('button', { name: 'Ghi nhận chỉ đạo' }).click();
    await dir.getByLabel('Loại văn bản').selectOption('direction');
    await dir.getByLabel('Số, ký hiệu', { exact: true }).fill('27/CĐ-BCĐ');
    await dir.getByLabel('Cơ quan, người ban hành').fill('Ban Chỉ đạo tỉnh');
    assert.match(await dir.getByLabel('Ngày ban hành').inputValue(), /^\d{2}\/\d{2}\/\d{4}$/);
    await dir.getByLabel('Nội dung yêu cầu').fill('Cô lập hệ thống bị tấn công.\nBáo cáo kết quả trước 17 giờ.');
    await dir.getByLabel('Thời hạn thực hiện').fill('31/02/2026');
    await dir.getByRole('button', { name: 'Lưu chỉ đạo' }).click();
    assert.equal(await dir.getByLabel('Thời hạn thực hiện').getAttribute('aria-invalid'), 'true');
    await dir.getByLabel('Thời hạn thực hiện').fill('');
    await dir.getByRole('button', { name: 'Lưu chỉ đạo' }).click();
    const row = dir.locator('li[data-dir]');
    await row.getByText('Chưa có kết quả').waitFor();
    assert.match(await row.innerText(), /Chỉ đạo số 27\/CĐ-BCĐ/);
    assert.match(await row.innerText(), /Cô lập hệ thống bị tấn công\.\nBáo cáo kết quả trước 17 giờ\./);
    await row.getByRole('button', { name: 'Ghi kết quả thực hiện' }).click();
    await row.getByLabel('Kết quả thực hiện').fill('Đã cô lập máy chủ lúc 15 giờ, đang rà soát nhật ký.');
    await row.getByRole('button', { name: 'Lưu kết quả' }).click();
    await row.getByText('Đã thực hiện', { exact: true }).waitFor();
    assert.match(await row.innerText(), /Đã cô lập máy chủ lúc 15 giờ/);
    assert.deepEqual(errors, []);
  });

// ------------------------------------------------------------ timeline

e2e('the timeline shows what was done, newest first, and takes an event of its own', { viewport: DESK },
  async ({ page, base, errors }) => {
    await signedIn(page, base);
    await openWorkspace(page, base, A.id);
    const tl = panel(page, 'Diễn biến');
    await tl.locator('.panel-event').first().waitFor();
    const all = await tl.locator('.panel-events').innerText();
    for (const s of [`Thêm nhiệm vụ: ${TASK}`, 'Hoàn thành nhiệm vụ', 'Thêm chứng cứ: nhat-ky-may-chu.log',
      'Bàn giao chứng cứ cho Đại úy Nguyễn Văn An', 'Gửi Thông báo sự cố', 'Nhận chỉ đạo số 27/CĐ-BCĐ',
      'Tiếp nhận báo cáo sự cố']) {
      assert.ok(all.includes(s), `timeline shows "${s}":\n${all}`);
    }
    assert.match(all, /\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}\s+Cập nhật\s+Đỗ Thị Xuân \(vanhanh\.xa\)/);
    // newest first: the report received comes last
    const texts = await tl.locator('.panel-event-text').allInnerTexts();
    assert.equal(texts[texts.length - 1], 'Tiếp nhận báo cáo sự cố');
    assert.ok(texts.indexOf('Thêm chứng cứ: nhat-ky-may-chu.log') < texts.indexOf(`Thêm nhiệm vụ: ${TASK}`));

    // an event that happened before it was written down
    await tl.getByRole('button', { name: 'Ghi thêm diễn biến' }).click();
    const at = tl.getByLabel('Thời điểm xảy ra');
    assert.match(await at.inputValue(), /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    const when = local(Date.now() - 30 * 60_000);
    await at.fill(when);
    await tl.getByLabel('Nội dung').fill('Gọi điện báo Công an tỉnh (PA05)\nđồng chí An tiếp nhận');
    await tl.getByRole('button', { name: 'Lưu diễn biến' }).click();
    await said(tl).getByText('Đã ghi thêm diễn biến.').waitFor();
    const mine = tl.locator('.panel-event', { hasText: 'Gọi điện báo Công an tỉnh (PA05) đồng chí An tiếp nhận' });
    await mine.waitFor();
    const line = await mine.innerText();
    assert.ok(line.includes(when), line);
    assert.match(line, /Sự kiện/);
    assert.match(line, /Ghi vào hệ thống lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);

    // in English, the kinds follow; the server's own lines stay as written
    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByRole('heading', { name: 'Timeline', exact: true }).waitFor();
    await panel(page, 'Timeline').locator('.panel-event', { hasText: 'Gọi điện báo Công an tỉnh' })
      .getByText('Event', { exact: true }).waitFor();
    for (const name of ['Tasks', 'Observables', 'Evidence', 'Directions received', 'Reports sent']) {
      await page.getByRole('heading', { name, exact: true }).waitFor();
    }
    assert.match(await panel(page, 'Evidence').innerText(), /393,216 bytes/);
    assert.deepEqual(errors, []);
  });

// ------------------------------------------------------------ refusals

e2e('a write the server refuses (403) is said beside the form, and what was typed stays',
  { viewport: DESK }, async ({ page, base, errors }) => {
    await signedIn(page, base);
    await openWorkspace(page, base, B.id);
    await page.route('**/api/v1/incidents/*/tasks', (route) => (route.request().method() === 'POST'
      ? route.fulfill({
        status: 403,
        contentType: 'application/problem+json',
        body: JSON.stringify({
          type: 'https://ungcuu.vn/problems/forbidden', title: 'Not allowed', status: 403,
          detail: 'your roles do not allow incident.write on this incident', errors: [],
        }),
      })
      : route.continue()));
    const tasks = panel(page, 'Nhiệm vụ');
    await tasks.getByRole('button', { name: 'Thêm nhiệm vụ' }).click();
    await tasks.getByLabel('Nội dung nhiệm vụ').fill('Rà soát tài khoản quản trị');
    await tasks.getByRole('button', { name: 'Lưu nhiệm vụ' }).click();
    const alert = tasks.locator('form').getByRole('alert');
    await alert.getByText('Bạn không có quyền thực hiện việc này.').waitFor();
    assert.equal(await tasks.getByLabel('Nội dung nhiệm vụ').inputValue(), 'Rà soát tài khoản quản trị');
    assert.equal(await tasks.getByRole('button', { name: 'Lưu nhiệm vụ' }).isEnabled(), true);
    await tasks.getByText('Chưa có nhiệm vụ nào.').waitFor();
    assert.deepEqual(errors, []);
  });

// ------------------------------------------------------------ readers, phones

e2e('an auditor reads the panels and is offered no change', { viewport: DESK },
  async ({ page, base, errors }) => {
    await signedIn(page, base, 'kiemtra');
    await openWorkspace(page, base, A.id);
    await settled(page);
    for (const name of ['Nhiệm vụ', 'Diễn biến', 'Đối tượng quan sát', 'Chứng cứ',
      'Chỉ đạo, lệnh điều phối nhận được', 'Báo cáo đã gửi']) {
      const p = panel(page, name);
      await p.waitFor();
      assert.equal(await p.locator('form:visible').count(), 0, `${name}: no form`);
      assert.equal(await p.getByRole('button', { name: /Thêm|Ghi|Tải lên|Xóa|Đánh dấu|Mở lại/ }).count(), 0,
        `${name}: no change offered`);
    }
    await panel(page, 'Nhiệm vụ').getByText(TASK).waitFor();
    // reading is allowed: the evidence downloads, its custody shows
    const item = panel(page, 'Chứng cứ').locator('li[data-ev]').first();
    await item.getByRole('link', { name: /Tải xuống/ }).waitFor();
    await item.getByRole('button', { name: 'Xem nhật ký lưu giữ' }).click();
    await item.locator('.custody-transferred').waitFor();
    // the server says no all the same (403) to a write by hand
    const r = await page.evaluate(async (id) => {
      const { api } = await import('/assets/api.js');
      try { await api('POST', `/incidents/${id}/tasks`, { title: 'x' }); return 0; } catch (e) { return e.status; }
    }, A.id);
    assert.equal(r, 403);
    assert.deepEqual(errors, []);
  });

e2e('on a phone (390 px) every panel, form and list fits without sideways scrolling',
  { viewport: PHONE }, async ({ page, base, errors }) => {
    await signedIn(page, base);
    await openWorkspace(page, base, A.id);
    await settled(page);
    for (const [p, b] of [['Nhiệm vụ', 'Thêm nhiệm vụ'], ['Diễn biến', 'Ghi thêm diễn biến'],
      ['Đối tượng quan sát', 'Thêm một đối tượng'], ['Đối tượng quan sát', 'Dán danh sách'],
      ['Chứng cứ', 'Tải lên chứng cứ'], ['Chỉ đạo, lệnh điều phối nhận được', 'Ghi nhận chỉ đạo'],
      ['Báo cáo đã gửi', 'Ghi nhận gửi báo cáo']]) {
      await panel(page, p).getByRole('button', { name: b }).click();
    }
    const item = panel(page, 'Chứng cứ').locator('li[data-ev]').first();
    await item.getByRole('button', { name: 'Xem nhật ký lưu giữ' }).click();
    await item.getByLabel('Bên nhận').waitFor();
    await noSideways(page, 390);
    for (const id of ['tasks', 'timeline', 'observables', 'evidence', 'directions', 'sends']) {
      const box = await page.locator(`#panel-${id}`).boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= 390, `#panel-${id} fits: ${JSON.stringify(box)}`);
    }
    // the hash wraps inside its panel
    const sha = await item.locator('code').boundingBox();
    assert.ok(sha.x + sha.width <= 390, `the SHA-256 fits: ${JSON.stringify(sha)}`);
    assert.deepEqual(errors, []);
  });
