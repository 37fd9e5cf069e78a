// The new-incident form (#/incidents/new) in Chromium: a commune officer
// reports on a phone, bad input is refused beside each field (by the
// browser and by the server) with nothing created, keyboard only, the
// draft survives a lost connection and a reload, the pack's English
// labels, and a coordinator records a third party's notice for a unit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useWorld, e2e, open, signIn, PHONE, DESK, SAMPLE_PASSWORD, world,
} from './lib/harness.mjs';
import {
  apiGet, incidentCount, packInUse, vnTime, openForm, tabTo, formOrder,
} from './lib/report.mjs';

useWorld();

const PID_URL = /#\/incidents\/(SC-\d{4}-\d{4})$/;
const shell = { open, signIn };

/** The incident the page went to after sending. */
async function created(page) {
  await page.waitForURL(PID_URL);
  const id = PID_URL.exec(page.url())[1];
  return apiGet('dieuphoi', `/incidents/${id}`);
}

const draftKeys = (page) => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('ungcuu.draft.')));

e2e('a commune officer reports an incident on a phone, with the initial report', { viewport: PHONE },
  async ({ page, base, errors }) => {
    const pack = await packInUse();
    const type = (code) => pack.types.find((x) => x.code === code);
    const opt = (list, code) => pack.options[list].items.find((x) => x.code === code);
    const n0 = await incidentCount();
    await openForm(page, base, 'vanhanh.xa', shell);
    await page.getByRole('heading', { name: 'Báo cáo sự cố', level: 1 }).waitFor();
    // own unit, no choice of unit for a commune operator
    assert.equal(await page.getByLabel('Đơn vị báo cáo').count(), 0);
    await page.getByText('Ủy ban nhân dân xã Nghĩa Trụ').first().waitFor();
    // required fields are marked, and said to be required
    assert.equal(await page.getByLabel('Tên sự cố').getAttribute('aria-required'), 'true');
    assert.equal(await page.getByLabel('Ngày phát hiện').getAttribute('aria-required'), 'true');
    assert.equal(await page.getByLabel('Tên hệ thống', { exact: true }).getAttribute('aria-required'), null);

    // detected 06:30 Vietnam time = 23:30 UTC the day before; reported 07:15
    const det = vnTime(1, 6, 30);
    const rep = vnTime(1, 7, 15);
    assert.ok(det.iso.endsWith('T23:30:00.000Z'));
    await page.getByLabel('Tên sự cố').fill('Cổng thông tin điện tử xã bị thay đổi giao diện');
    await page.getByLabel('Mô tả sơ bộ về sự cố').fill('Trang chủ hiện nội dung lạ từ 06:20.\nĐã tạm dừng trang để kiểm tra.');
    await page.getByLabel('Ngày phát hiện').fill(det.date);
    await page.getByLabel('Giờ phát hiện').fill('6h30'); // tidied to 06:30
    await page.getByLabel('Ngày báo cáo').fill(rep.date);
    await page.getByLabel('Giờ báo cáo').fill(rep.time);
    await page.getByLabel('Ngày báo cáo').focus();
    assert.equal(await page.getByLabel('Giờ phát hiện').inputValue(), '06:30');

    // two systems: the portal (level 4, domain and IP) and its database
    await page.getByLabel('Tên hệ thống', { exact: true }).fill('Cổng thông tin điện tử xã');
    await page.getByLabel('Cấp độ của hệ thống thông tin', { exact: true }).selectOption('4');
    await page.getByLabel('Tên miền', { exact: true }).fill('NghiaTru.HungYen.gov.vn');
    await page.getByLabel('Địa chỉ IP', { exact: true }).fill('203.162.10.5');
    await page.getByRole('button', { name: 'Thêm hệ thống' }).click();
    const sys2 = page.getByRole('group', { name: 'Hệ thống 2' });
    await expectFocus(page, '#n-sys-1-name');
    await sys2.getByLabel('Tên hệ thống', { exact: true }).fill('Cơ sở dữ liệu của cổng');

    // the taxonomy and the serious test, labelled from the pack
    await page.getByLabel(type('TC05').vi, { exact: true }).check();
    await page.getByLabel(type('TC04').vi, { exact: true }).check();
    const verdict = page.locator('#n-verdict');
    assert.match(await verdict.innerText(), /chưa đủ điều kiện nghiêm trọng/);
    await page.getByLabel(`a) ${pack.harms[0].vi}`).check();
    await page.getByLabel('Chủ quản hệ thống không đủ khả năng tự xử lý').check();
    assert.match(await verdict.innerText(), /có dấu hiệu nghiêm trọng/);
    await page.getByLabel(pack.options.priority.vi).selectOption('P2');
    await page.getByLabel(pack.options.tlp.vi).selectOption('GREEN');
    await page.getByText(opt('tlp', 'GREEN').description_vi).waitFor();
    await page.getByLabel('Tính khả dụng').selectOption('high');

    // beyond capacity opens the initial report, filled from the unit and the person
    await page.getByLabel('Sự cố vượt quá khả năng xử lý của đơn vị').check();
    assert.equal(await page.getByLabel('Lập Báo cáo ban đầu sự cố ngay').isChecked(), true);
    const reporter = page.getByRole('group', { name: 'Tổ chức, cá nhân báo cáo sự cố' });
    assert.equal(await reporter.getByLabel('Tên tổ chức, cá nhân').inputValue(), 'Ủy ban nhân dân xã Nghĩa Trụ');
    const contact = page.getByRole('group', { name: 'Người liên hệ' });
    assert.equal(await contact.getByLabel('Họ và tên').inputValue(), 'Đỗ Thị Xuân');
    assert.equal(await page.getByLabel('Tên đơn vị vận hành hệ thống thông tin').inputValue(), 'Ủy ban nhân dân xã Nghĩa Trụ');
    await reporter.getByLabel('Địa chỉ').fill('Xã Nghĩa Trụ, tỉnh Hưng Yên');
    await reporter.getByLabel('Điện thoại').fill('0221 3861 234');
    await reporter.getByLabel('Thư điện tử').fill('ubnd@nghiatru.hungyen.gov.vn');
    await contact.getByLabel('Chức vụ').fill('Công chức văn phòng');
    await contact.getByLabel('Điện thoại').fill('0912 345 678');
    await contact.getByLabel('Thư điện tử').fill('xuan.dt@nghiatru.hungyen.gov.vn');
    await page.getByRole('radiogroup', { name: pack.options.current_status.vi }).getByLabel(opt('current_status', 'not_handled').vi).check();
    await page.getByRole('group', { name: pack.options.detection_method.vi }).getByLabel(opt('detection_method', 'log_review').vi).check();
    const notified = page.getByRole('group', { name: pack.options.notified.vi });
    await notified.getByLabel(opt('notified', 'owner').vi, { exact: true }).check();
    await notified.getByLabel(opt('notified', 'ir_unit').vi).check();
    await page.getByRole('group', { name: pack.options.service.vi }).getByLabel(opt('service', 'web').vi, { exact: true }).check();
    await page.getByLabel('Các địa chỉ IP của hệ thống').fill('203.162.10.5\n2001:DB8::1');
    await page.getByLabel('Các tên miền của hệ thống').fill('NghiaTru.HungYen.gov.vn');

    // nothing wider than the phone
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= 390, `page is ${wide} px wide at 390 px`);
    assert.equal((await draftKeys(page)).length, 1, 'the draft is kept while typing');

    // a double tap sends once
    let posts = 0;
    page.on('request', (rq) => { if (rq.method() === 'POST' && rq.url().endsWith('/api/v1/incidents')) posts++; });
    await page.getByRole('button', { name: 'Gửi báo cáo' }).dblclick();
    const inc = await created(page);
    assert.equal(posts, 1, 'one request for a double tap');
    assert.equal(await incidentCount(), n0 + 1);
    assert.deepEqual(await draftKeys(page), [], 'the draft is gone once sent');
    assert.equal(inc.unit_code, 'XA-NT');
    assert.equal(inc.source, 'unit');
    assert.equal(inc.title, 'Cổng thông tin điện tử xã bị thay đổi giao diện');
    assert.equal(inc.description, 'Trang chủ hiện nội dung lạ từ 06:20.\nĐã tạm dừng trang để kiểm tra.');
    assert.equal(inc.detected_at, det.iso);
    assert.equal(inc.reported_at, rep.iso);
    assert.deepEqual([...inc.types].sort(), ['TC04', 'TC05']);
    assert.deepEqual(inc.systems.map((s) => [s.name, s.level, s.domain, s.ip]), [
      ['Cổng thông tin điện tử xã', 4, 'nghiatru.hungyen.gov.vn', '203.162.10.5'],
      ['Cơ sở dữ liệu của cổng', 0, '', '']]);
    assert.deepEqual(inc.harms, [pack.harms[0].code]);
    assert.equal(inc.owner_cannot_handle, true);
    assert.equal(inc.beyond_capacity, true);
    assert.equal(inc.severity, 'serious', 'level 4 + harm + owner cannot handle');
    assert.equal(inc.priority, 'P2');
    assert.equal(inc.tlp, 'GREEN');
    assert.deepEqual(inc.impact, { confidentiality: 'none', integrity: 'none', availability: 'high' });
    const r = inc.report;
    assert.equal(r.reporter.name, 'Ủy ban nhân dân xã Nghĩa Trụ');
    assert.equal(r.reporter.email, 'ubnd@nghiatru.hungyen.gov.vn');
    assert.equal(r.contact.full_name, 'Đỗ Thị Xuân');
    assert.equal(r.contact.position, 'Công chức văn phòng');
    assert.equal(r.system.operator_name, 'Ủy ban nhân dân xã Nghĩa Trụ');
    assert.equal(r.current_status, 'not_handled');
    assert.deepEqual(r.detection_methods, ['log_review']);
    assert.deepEqual([...r.notified].sort(), ['ir_unit', 'owner']);
    assert.deepEqual(r.extra.services, ['web']);
    assert.deepEqual(r.extra.ips, ['203.162.10.5', '2001:db8::1']);
    assert.deepEqual(r.extra.domains, ['nghiatru.hungyen.gov.vn']);
    assert.deepEqual(errors, []);
  });

async function expectFocus(page, selector) {
  await page.waitForFunction((s) => document.activeElement === document.querySelector(s), selector);
}

e2e('bad input is shown beside each field and in a summary; nothing is created', { viewport: DESK },
  async ({ page, base, errors }) => {
    const n0 = await incidentCount();
    let posts = 0;
    page.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/api/v1/incidents')) posts++; });
    await openForm(page, base, 'vanhanh.xa', shell);

    // empty: Enter in a field sends; the browser refuses, focus on the summary
    await page.getByLabel('Tên sự cố').press('Enter');
    const summary = page.locator('.error-summary');
    await summary.getByRole('heading', { name: /Chưa gửi được: có 3 mục cần sửa/ }).waitFor();
    await expectFocus(page, '.error-summary');
    assert.equal(await page.locator('#n-title-err').innerText(), 'Trường này là bắt buộc.');
    assert.equal(await page.getByLabel('Tên sự cố').getAttribute('aria-invalid'), 'true');
    assert.match(await page.getByLabel('Tên sự cố').getAttribute('aria-describedby'), /n-title-err/);
    assert.equal(await page.locator('#n-desc-err').innerText(), 'Trường này là bắt buộc.');
    assert.equal(await page.locator('#n-det-err').innerText(), 'Trường này là bắt buộc.');
    assert.deepEqual(await summary.getByRole('link').allInnerTexts(), [
      'Tên sự cố: Trường này là bắt buộc.',
      'Mô tả sơ bộ về sự cố: Trường này là bắt buộc.',
      'Thời điểm phát hiện sự cố: Trường này là bắt buộc.']);
    await summary.getByRole('link', { name: /Mô tả sơ bộ/ }).click();
    await expectFocus(page, '#n-desc');
    assert.match(page.url(), /#\/incidents\/new$/, 'the summary links do not change the route');

    // a detection time in the future, then one after the report time
    const tomorrow = vnTime(-1, 9, 0);
    await page.getByLabel('Tên sự cố').fill('Máy chủ thư điện tử gửi thư rác');
    await page.getByLabel('Mô tả sơ bộ về sự cố').fill('Nhiều thư rác gửi đi từ máy chủ thư của xã.');
    await page.getByLabel('Ngày phát hiện').fill(tomorrow.date);
    await page.getByLabel('Giờ phát hiện').fill('09:00');
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await page.locator('#n-det-err').getByText('Thời điểm này chưa tới.').waitFor();
    assert.equal(await page.locator('#n-title-err').isHidden(), true, 'a corrected field loses its error');
    const before = vnTime(1, 10, 0);
    await page.getByLabel('Ngày phát hiện').fill(before.date);
    await page.getByLabel('Giờ phát hiện').fill('10:00');
    await page.getByLabel('Ngày báo cáo').fill(before.date);
    await page.getByLabel('Giờ báo cáo').fill('09:00');
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await page.locator('#n-det-err').getByText('Thời điểm phát hiện phải trước thời gian báo cáo.').waitFor();
    await page.getByLabel('Ngày báo cáo').fill('31/02/2026');
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await page.locator('#n-rep-err').getByText('Ngày phải có dạng ngày/tháng/năm, ví dụ 21/11/2026.').waitFor();
    assert.equal(posts, 0, 'the browser refused all of these without asking the server');

    // what only the server knows: a bad IP address, beside its field
    await page.getByLabel('Giờ báo cáo').fill('11:00');
    await page.getByLabel('Ngày báo cáo').fill(before.date);
    await page.getByLabel('Tên hệ thống', { exact: true }).fill('Máy chủ thư');
    await page.getByLabel('Địa chỉ IP', { exact: true }).fill('300.1.1.1');
    await page.getByLabel('Tên miền', { exact: true }).fill('không phải tên miền');
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await page.locator('#n-sys-0-ip-err').getByText('Địa chỉ IP không hợp lệ (ví dụ: 203.162.10.5).').waitFor();
    await page.locator('#n-sys-0-domain-err').getByText(/Tên miền không hợp lệ/).waitFor();
    assert.equal(posts, 1);
    assert.equal(await page.getByLabel('Địa chỉ IP', { exact: true }).getAttribute('aria-invalid'), 'true');
    await expectFocus(page, '.error-summary');
    assert.deepEqual(await summary.getByRole('link').allInnerTexts(), [
      'Hệ thống 1 – Tên miền: Tên miền không hợp lệ (ví dụ: nghiatru.hungyen.gov.vn).',
      'Hệ thống 1 – Địa chỉ IP: Địa chỉ IP không hợp lệ (ví dụ: 203.162.10.5).']);
    await summary.getByRole('link', { name: /Địa chỉ IP/ }).click();
    await expectFocus(page, '#n-sys-0-ip');

    // the server's error for a field the form does not show: in the summary, by its name
    await page.getByLabel('Địa chỉ IP', { exact: true }).fill('203.162.10.9');
    await page.getByLabel('Tên miền', { exact: true }).fill('');
    await page.route('**/api/v1/incidents', (route) => route.fulfill({
      status: 422, contentType: 'application/problem+json',
      body: JSON.stringify({
        type: 'https://ungcuu.vn/problems/validation', title: 'Validation failed', status: 422,
        errors: [{ field: 'exercise', code: 'type', message: 'exercise must be a boolean' }],
      }),
    }));
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await summary.getByText('exercise: Không đúng kiểu dữ liệu.').waitFor();
    assert.equal(await page.locator('#n-sys-0-ip-err').isHidden(), true);
    await page.unroute('**/api/v1/incidents');

    assert.equal(await incidentCount(), n0, 'nothing was created');
    assert.equal(await page.getByLabel('Tên sự cố').inputValue(), 'Máy chủ thư điện tử gửi thư rác', 'nothing typed is lost');
    assert.deepEqual(errors, []);
  });

e2e('keyboard only: Tab, Space, arrows, typing and Enter', { viewport: DESK },
  async ({ page, base, errors }) => {
    const pack = await packInUse();
    await open(page, base);
    await page.keyboard.type('vanhanh.xa');
    await page.keyboard.press('Tab');
    await page.keyboard.type(SAMPLE_PASSWORD);
    await page.keyboard.press('Enter');
    await page.locator('#nav a[href="#/incidents/new"]').waitFor();
    await page.goto(`${base}/#/incidents/new`);
    await page.locator('#n-title').waitFor();
    await expectFocus(page, '#page-h');

    const order = await formOrder(page);
    const visited = [];
    const go = async (id, opts) => { visited.push(...await tabTo(page, id, opts)); };
    await go('n-title');
    await page.keyboard.type('Tấn công từ chối dịch vụ vào cổng dịch vụ công');
    await go('n-desc');
    await page.keyboard.type('Cổng không truy cập được từ 20:00.');
    await page.keyboard.press('Enter'); // a new line in the description, not a send
    await page.keyboard.type('Lưu lượng tăng đột biến.');
    const det = vnTime(0, 0, 0);
    await go('n-det-date');
    await page.keyboard.type(det.date);
    await go('n-det-time');
    await page.keyboard.type('00:00');
    await go(`n-type-${pack.types[0].code}`);
    await page.keyboard.press('Space');
    await go('n-harms-0');
    await page.keyboard.press('Space');
    await go('n-priority');
    await page.keyboard.press('ArrowUp'); // P3 -> P2
    await go('n-submit');
    // the way forward followed the page, with no trap
    const forward = visited.filter((id) => order.includes(id));
    const idx = forward.map((id) => order.indexOf(id));
    assert.deepEqual(idx, [...idx].sort((a, b) => a - b), `tab order follows the page: ${forward.join(' ')}`);
    // back to the system's name, type it, and Enter sends
    await tabTo(page, 'n-sys-0-name', { back: true });
    await page.keyboard.type('Cổng dịch vụ công xã');
    await page.keyboard.press('Enter');
    const inc = await created(page);
    assert.equal(inc.title, 'Tấn công từ chối dịch vụ vào cổng dịch vụ công');
    assert.equal(inc.description, 'Cổng không truy cập được từ 20:00.\nLưu lượng tăng đột biến.');
    assert.equal(inc.detected_at, det.iso);
    assert.deepEqual(inc.types, [pack.types[0].code]);
    assert.deepEqual(inc.harms, [pack.harms[0].code]);
    assert.equal(inc.priority, 'P2');
    assert.deepEqual(inc.systems.map((s) => s.name), ['Cổng dịch vụ công xã']);
    assert.deepEqual(errors, []);
  });

e2e('a lost connection keeps the draft; a reload restores it; the retry reports once', { viewport: PHONE },
  async ({ page, base, errors }) => {
    const n0 = await incidentCount();
    await openForm(page, base, 'vanhanh.xa', shell);
    const det = vnTime(1, 0, 5);
    await page.getByLabel('Tên sự cố').fill('Mất kết nối Internet tại bộ phận một cửa');
    await page.getByLabel('Mô tả sơ bộ về sự cố').fill('Đường truyền bị ngắt, không nộp được hồ sơ trực tuyến.');
    await page.getByLabel('Ngày phát hiện').fill(det.date);
    await page.getByLabel('Giờ phát hiện').fill(det.time);
    await page.getByLabel('Sự cố đường kết nối Internet').check();

    // the first try never reaches the server; the second does, and its answer is lost
    const keys = [];
    await page.route('**/api/v1/incidents', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      keys.push(route.request().headers()['idempotency-key']);
      if (keys.length === 2) await route.fetch();
      return route.abort();
    });
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    const offline = page.getByRole('alert').filter({ hasText: 'mất kết nối tới máy chủ' });
    await offline.waitFor();
    assert.equal(await page.getByLabel('Tên sự cố').inputValue(), 'Mất kết nối Internet tại bộ phận một cửa');
    assert.equal(await incidentCount(), n0);
    await offline.getByRole('button', { name: 'Gửi lại' }).click();
    await page.waitForFunction(() => !document.querySelector('#n-submit').disabled);
    await offline.waitFor();
    assert.equal(keys.length, 2);
    assert.ok(keys[0] && keys[0] === keys[1], 'the retry carries the same Idempotency-Key');
    assert.equal(await incidentCount(), n0 + 1, 'the server has it; the page does not know');

    await page.reload();
    await page.locator('#n-title').waitFor();
    const note = page.getByRole('status').filter({ hasText: 'Đã khôi phục bản nháp' });
    await note.waitFor();
    assert.match(await note.innerText(), /lưu lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    assert.equal(await page.getByLabel('Tên sự cố').inputValue(), 'Mất kết nối Internet tại bộ phận một cửa');
    assert.equal(await page.getByLabel('Ngày phát hiện').inputValue(), det.date);
    assert.equal(await page.getByLabel('Sự cố đường kết nối Internet').isChecked(), true);

    await page.unroute('**/api/v1/incidents');
    const sent = [];
    page.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/api/v1/incidents')) sent.push(r.headers()['idempotency-key']); });
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    const inc = await created(page);
    assert.deepEqual(sent, [keys[0]], 'sent once more, with the same key: the server gives back the one it has');
    assert.equal(inc.title, 'Mất kết nối Internet tại bộ phận một cửa');
    assert.equal(inc.detected_at, det.iso);
    assert.deepEqual(inc.types, ['LH02']);
    assert.equal(await incidentCount(), n0 + 1, 'reported once');
    assert.deepEqual(await draftKeys(page), []);

    // a fresh form has no draft; a new one can be thrown away
    await page.goto(`${base}/#/incidents/new`);
    await page.locator('#n-title').waitFor();
    assert.equal(await page.getByRole('status').filter({ hasText: 'bản nháp' }).count(), 0, 'no draft to restore');
    await page.getByLabel('Tên sự cố').fill('Bản nháp sẽ bỏ');
    await page.reload();
    await page.locator('#n-title').waitFor();
    assert.equal(await page.getByLabel('Tên sự cố').inputValue(), 'Bản nháp sẽ bỏ');
    await page.getByRole('button', { name: 'Bỏ bản nháp' }).click();
    await page.getByText('Đã bỏ bản nháp; biểu mẫu trở lại như ban đầu.').waitFor();
    assert.equal(await page.getByLabel('Tên sự cố').inputValue(), '');
    assert.deepEqual(await draftKeys(page), []);
    assert.deepEqual(errors, []);
  });

e2e('in English the form shows the pack\'s English labels, and switches in place', { viewport: DESK },
  async ({ page, base, errors }) => {
    const pack = await packInUse();
    await open(page, base);
    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await openForm(page, base, 'vanhanh.xa', shell);
    await page.getByRole('heading', { name: 'Report an incident', level: 1 }).waitFor();
    await page.getByLabel('Incident name').waitFor();
    await page.getByRole('group', { name: pack.groups[0].en }).waitFor();
    for (const ty of pack.types.slice(0, 3)) await page.getByLabel(ty.en, { exact: true }).waitFor();
    await page.getByLabel(`a) ${pack.harms[0].en}`).waitFor();
    await page.getByLabel(pack.options.tlp.en).waitFor();
    const prio = pack.options.priority.items.find((x) => x.code === pack.options.priority.default);
    assert.equal(await page.getByLabel(pack.options.priority.en).locator('option:checked').innerText(), prio.en);
    await page.getByLabel('Write the initial incident report now').check();
    await page.getByRole('group', { name: pack.options.detection_method.en }).waitFor();
    const text = await page.locator('main').innerText();
    for (const s of [pack.types[0].vi, pack.harms[0].vi, pack.options.notified.vi, 'Gửi báo cáo', 'Tên sự cố']) {
      assert.ok(!text.includes(s), `the English form shows "${s}"`);
    }
    // an error follows the switch back to Vietnamese, as do the pack's labels
    await page.getByRole('button', { name: 'Send the report' }).click();
    await page.locator('#n-title-err').getByText('This field is required.').waitFor();
    await page.getByRole('button', { name: 'VI' }).click();
    await page.locator('#n-title-err').getByText('Trường này là bắt buộc.').waitFor();
    await page.getByLabel(pack.types[0].vi, { exact: true }).waitFor();
    await page.getByRole('heading', { name: /Chưa gửi được/ }).waitFor();
    assert.deepEqual(errors, []);
  });

e2e('a coordinator records a third party\'s notice for a commune', { viewport: DESK },
  async ({ page, base, errors }) => {
    const units = (await apiGet('dieuphoi', '/units?limit=200')).items;
    const xapc = units.find((u) => u.code === 'XA-PC');
    const n0 = await incidentCount();
    await openForm(page, base, 'dieuphoi', shell);
    const unit = page.getByLabel('Đơn vị báo cáo');
    const me = await apiGet('dieuphoi', '/me');
    assert.equal(await unit.inputValue(), String(me.unit_id), 'own unit by default');
    assert.equal(await unit.locator('option').count(), units.length);
    await unit.selectOption(String(xapc.id));

    await page.getByLabel('Nhận thông báo từ tổ chức, cá nhân bên ngoài').check();
    const notifier = page.getByRole('group', { name: 'Thông tin người thông báo sự cố' });
    await notifier.waitFor();
    assert.equal(await notifier.getByLabel('Tên đơn vị, cá nhân thông báo').getAttribute('aria-required'), 'true');
    await page.getByRole('group', { name: /Thời điểm nhận thông báo/ }).waitFor();
    await page.getByLabel('Tên sự cố').fill('Cảnh báo mã độc trên máy chủ xã Phụng Công');
    await page.getByLabel('Mô tả sơ bộ về sự cố').fill('Máy chủ kết nối tới máy chủ điều khiển mã độc.');
    const det = vnTime(2, 22, 40);
    await page.getByLabel('Ngày phát hiện').fill(det.date);
    await page.getByLabel('Giờ phát hiện').fill(det.time);
    const got = vnTime(1, 8, 0);
    await page.getByLabel('Ngày nhận').fill(got.date);
    await page.getByLabel('Giờ nhận').fill(got.time);
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    // the notifier and the system are required for a notice
    await page.locator('#n-nname-err').getByText('Trường này là bắt buộc.').waitFor();
    assert.equal(await page.locator('#n-naddr-err').innerText(), 'Trường này là bắt buộc.');
    assert.equal(await page.locator('#n-systems-err').innerText(), 'Ghi tên hệ thống, tên miền hoặc địa chỉ IP.');

    await notifier.getByLabel('Tên đơn vị, cá nhân thông báo').fill('Trung tâm Giám sát an toàn không gian mạng quốc gia');
    await notifier.getByLabel('Địa chỉ').fill('Số 115 Trần Duy Hưng, Cầu Giấy, Hà Nội');
    await notifier.getByLabel('Thư điện tử').fill('canhbao@ncsc.gov.vn');
    await page.getByLabel('Tên miền', { exact: true }).fill('PhungCong.HungYen.gov.vn'); // a domain is enough
    await page.getByLabel('Kết quả xử lý sự cố').fill('Chưa xử lý.');
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    const inc = await created(page);
    assert.equal(await incidentCount(), n0 + 1);
    assert.equal(inc.unit_code, 'XA-PC');
    assert.equal(inc.source, 'notice');
    assert.deepEqual(inc.notice, {
      notifier_name: 'Trung tâm Giám sát an toàn không gian mạng quốc gia',
      notifier_address: 'Số 115 Trần Duy Hưng, Cầu Giấy, Hà Nội',
      notifier_email: 'canhbao@ncsc.gov.vn',
      result: 'Chưa xử lý.',
    });
    assert.equal(inc.systems[0].domain, 'phungcong.hungyen.gov.vn');
    assert.equal(inc.detected_at, det.iso);
    assert.equal(inc.reported_at, got.iso);
    assert.deepEqual(errors, []);
  });

test('the browser\'s own time zone does not change the times sent', async () => {
  // e2e() runs Chromium in Asia/Ho_Chi_Minh; an officer's laptop may not be
  for (const timezoneId of ['America/Los_Angeles', 'Asia/Kolkata']) {
    const ctx = await world.browser.newContext({ viewport: DESK, locale: 'en-US', timezoneId });
    const page = await ctx.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await openForm(page, world.server.base, 'vanhanh.xa', shell);
      // 01:00 and 06:30 in Vietnam fall on the day before in both zones
      const det = vnTime(1, 1, 0);
      const rep = vnTime(1, 6, 30);
      await page.getByLabel('Tên sự cố').fill(`Thử múi giờ ${timezoneId}`);
      await page.getByLabel('Mô tả sơ bộ về sự cố').fill('Kiểm tra quy đổi giờ.');
      await page.getByLabel('Ngày phát hiện').fill(det.date);
      await page.getByLabel('Giờ phát hiện').fill(det.time);
      await page.getByLabel('Ngày báo cáo').fill(rep.date);
      await page.getByLabel('Giờ báo cáo').fill(rep.time);
      await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
      const inc = await created(page);
      assert.equal(inc.detected_at, det.iso, timezoneId);
      assert.equal(inc.reported_at, rep.iso, timezoneId);
      assert.deepEqual(errors, []);
    } finally {
      await ctx.close();
    }
  }
});
