// The incident workspace (#/incidents/:id) in Chromium: the provincial
// coordinator works a commune's incident from classification to closure
// (serious decision, the procedure's steps, a failed post-recovery check,
// the refusal while the final report is owed); a stale edit shows what
// changed meanwhile and can be applied again; another unit's user sees
// "not found"; the phone layout; English.
import assert from 'node:assert/strict';
import { useWorld, world, e2e, PHONE, DESK } from './lib/harness.mjs';
import {
  communeIncident, getIncident, recordSend, openIncident, step, openStep, stepAction, stepState,
} from './lib/incident.mjs';

useWorld();

const NORMAL = ['I.1', 'I.2', 'I.3', 'I.4', 'I.5', 'I.6', 'II.1', 'III.1', 'III.2', 'III.3', 'III.4', 'IV.1'];
const SERIOUS = ['S1', 'S2', 'S3', 'S4', 'S5a', 'S5b', 'S5c', 'S5d', 'S5đ', 'S5e', 'S5g', 'S5h', 'S6', 'S7'];

e2e('the coordinator classifies, marks serious, works the steps (a failed check included) and closes',
  { viewport: DESK }, async ({ page, base, errors }) => {
    const inc = await communeIncident();
    await openIncident(page, base, 'dieuphoi', inc.id);
    const head = page.locator('.inc-head');
    await page.getByRole('heading', { level: 1, name: inc.title }).waitFor();
    assert.match(await head.innerText(), /Ủy ban nhân dân xã Nghĩa Trụ/);
    assert.match(await head.innerText(), /Trạng thái\s+Mới/);
    assert.match(await head.innerText(), /Mức độ\s+Thông thường/);
    assert.match(await head.innerText(), /TLP:AMBER/);
    // the clocks: the notice is due, to whom, when, how long is left
    const clocks = page.locator('.inc-clocks');
    assert.match(await clocks.innerText(), /Thông báo sự cố/);
    assert.match(await clocks.innerText(), /Gửi:.*Cơ quan điều phối quốc gia/);
    assert.match(await clocks.innerText(), /Hạn: \d{2}\/\d{2}\/\d{4} 23:59/);
    assert.match(await clocks.innerText(), /Trong hạn\s+còn \d+ ngày/);

    // classify: one more type, TLP:GREEN, P2
    await page.getByRole('button', { name: 'Phân loại' }).click();
    const cls = page.getByRole('dialog', { name: 'Phân loại sự cố' });
    await cls.getByLabel(/TC03/).check();
    await cls.getByLabel(/TLP:GREEN/).check();
    await cls.getByLabel('Mức ưu tiên').selectOption('P2');
    await cls.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã lưu phân loại.').waitFor();
    assert.equal(await cls.count(), 0, 'the dialog closed');
    assert.match(await head.innerText(), /TLP:GREEN/);
    assert.match(await head.innerText(), /P2 - Cao/);
    assert.match(await head.innerText(), /TC03 Tấn công sử dụng mã độc; TC05 Tấn công thay đổi giao diện/);

    // decide serious, with reasons: they appear with the severity
    const reason = 'Cổng thông tin cấp độ 4 bị gián đoạn; xã không đủ khả năng tự xử lý.';
    await page.getByRole('button', { name: 'Quyết định mức độ' }).click();
    const dec = page.getByRole('dialog', { name: 'Quyết định mức độ sự cố' });
    await dec.getByLabel('Nghiêm trọng').check();
    await dec.getByLabel('Lý do quyết định').fill(reason);
    await dec.getByRole('button', { name: 'Ghi nhận quyết định' }).click();
    await page.getByText('Đã ghi nhận quyết định: sự cố nghiêm trọng.').waitFor();
    assert.match(await head.innerText(), /Mức độ\s+Nghiêm trọng/);
    assert.match(await head.innerText(), /Quyết định của cơ quan điều phối.*Nghiêm trọng — Cổng thông tin cấp độ 4/);
    assert.match(await head.innerText(), /Tiêu chí sự cố nghiêm trọng \(Điều 9 QĐ 05\/2017\): chưa đáp ứng — chưa có hệ thống bị ảnh hưởng/);
    await page.getByRole('heading', { name: 'Quy trình ứng cứu sự cố nghiêm trọng' }).waitFor();
    for (const c of [...NORMAL, ...SERIOUS]) assert.equal(await step(page, c).count(), 1, `step ${c} shown`);
    assert.match(await step(page, 'I.1').innerText(), /Chủ trì\s+Ủy ban nhân dân xã Nghĩa Trụ/);
    assert.match(await step(page, 'I.1').innerText(), /Phối hợp\s+Phòng An ninh mạng/);

    // the coordinator puts the provincial data centre on the containment step
    await stepAction(page, 'II.1', 'Phân công đơn vị…');
    const units = page.getByRole('dialog', { name: 'Bước II.1: phân công đơn vị' });
    const coordinating = units.getByRole('group', { name: 'Phối hợp' });
    await coordinating.getByLabel(/Trung tâm Dữ liệu và Chuyển đổi số/).check();
    assert.ok(await coordinating.getByLabel(/Phòng An ninh mạng/).isChecked(), 'the units already there are ticked');
    await units.getByRole('button', { name: 'Lưu' }).click();
    await step(page, 'II.1').getByText('Đã phân công đơn vị.').waitFor();
    assert.match(await step(page, 'II.1').innerText(), /Phối hợp\s+Phòng An ninh mạng[^\n]*, Trung tâm Dữ liệu và Chuyển đổi số/);

    // the steps up to the post-recovery check
    const note = page.locator('li[data-step="I.1"] textarea');
    await openStep(page, 'I.1');
    await stepAction(page, 'I.1', 'Bắt đầu', 'Đã bắt đầu bước.');
    assert.equal(await stepState(page, 'I.1'), 'Đang thực hiện');
    assert.match(await step(page, 'I.1').innerText(), /Bắt đầu lúc\s+\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    assert.match(await head.innerText(), /Trạng thái\s+Đang xác minh/);
    await note.fill('Đã xác minh: giao diện bị thay đổi, thu thập nhật ký máy chủ web.');
    await stepAction(page, 'I.1', 'Hoàn thành', 'Đã hoàn thành bước.');
    assert.equal(await stepState(page, 'I.1'), 'Hoàn thành');
    await openStep(page, 'I.1');
    assert.equal(await note.inputValue(), 'Đã xác minh: giao diện bị thay đổi, thu thập nhật ký máy chủ web.');
    assert.match(await step(page, 'I.1').innerText(), /Kết thúc lúc\s+\d{2}\/\d{2}\/\d{4}/);
    // a note alone
    await openStep(page, 'I.2');
    await page.locator('li[data-step="I.2"] textarea').fill('Đã gỡ trang bị thay đổi, đặt trang thông báo bảo trì.');
    await stepAction(page, 'I.2', 'Lưu ghi chú', 'Đã lưu ghi chú.');
    assert.equal(await stepState(page, 'I.2'), 'Chưa thực hiện');
    for (const c of ['I.2', 'I.3', 'I.5', 'I.6']) await stepAction(page, c, 'Hoàn thành', 'Đã hoàn thành bước.');
    // an optional step that does not apply: a reason is asked for
    await stepAction(page, 'I.4', 'Không áp dụng…');
    const na = page.getByRole('dialog', { name: 'Bước I.4: không áp dụng' });
    await na.getByRole('button', { name: 'Xác nhận không áp dụng' }).click();
    assert.equal(await na.getByText('Trường này là bắt buộc.').count(), 1, 'the reason is required');
    await na.getByLabel('Lý do').fill('Sự cố do xã tự xử lý, không cần chỉ đạo.');
    await na.getByRole('button', { name: 'Xác nhận không áp dụng' }).click();
    await step(page, 'I.4').getByText('Đã đánh dấu không áp dụng.').waitFor();
    assert.equal(await stepState(page, 'I.4'), 'Không áp dụng');
    for (const c of ['II.1', 'III.1', 'III.2']) await stepAction(page, c, 'Hoàn thành', 'Đã hoàn thành bước.');
    await stepAction(page, 'III.3', 'Bắt đầu', 'Đã bắt đầu bước.');
    assert.match(await head.innerText(), /Trạng thái\s+Đang kiểm tra/);

    // the check fails once: the work goes back, and it shows
    await stepAction(page, 'III.3', 'Kiểm tra không đạt…');
    const fail = page.getByRole('dialog', { name: 'Bước III.3: kiểm tra không đạt' });
    assert.match(await fail.innerText(), /Quay lại “Đang thực hiện”:\s+II\.1, III\.1/);
    assert.match(await fail.innerText(), /Làm lại từ đầu:\s+III\.2, III\.3/);
    await fail.getByLabel('Lý do').fill('Vẫn còn webshell trong thư mục tải lên.');
    await fail.getByRole('button', { name: 'Ghi nhận không đạt' }).click();
    await step(page, 'III.3').getByText('Đã ghi nhận kiểm tra không đạt. Công việc quay lại các bước II.1, III.1.').waitFor();
    assert.match(await step(page, 'III.3').locator('summary').innerText(), /Không đạt 1 lần/);
    assert.equal(await stepState(page, 'III.3'), 'Chưa thực hiện');
    assert.equal(await stepState(page, 'II.1'), 'Đang thực hiện');
    assert.equal(await stepState(page, 'III.1'), 'Đang thực hiện');
    assert.equal(await stepState(page, 'III.2'), 'Chưa thực hiện');
    assert.match(await head.innerText(), /Trạng thái\s+Đang loại bỏ/);

    // again, and this time the check passes
    for (const c of ['II.1', 'III.1', 'III.2']) await stepAction(page, c, 'Hoàn thành', 'Đã hoàn thành bước.');
    await stepAction(page, 'III.3', 'Kiểm tra đạt', 'Kiểm tra đạt.');
    assert.equal(await stepState(page, 'III.3'), 'Hoàn thành');
    assert.match(await step(page, 'III.3').locator('summary').innerText(), /Không đạt 1 lần/, 'the failure stays on record');
    for (const c of ['III.4', 'IV.1']) await stepAction(page, c, 'Hoàn thành', 'Đã hoàn thành bước.');
    // the end of the response starts the final report's clock
    assert.match(await clocks.innerText(), /Báo cáo kết thúc ứng phó sự cố[\s\S]*Trong hạn\s+còn/);
    for (const c of SERIOUS) {
      await stepAction(page, c, c === 'S6' ? 'Kiểm tra đạt' : 'Hoàn thành', c === 'S6' ? 'Kiểm tra đạt.' : 'Đã hoàn thành bước.');
    }
    assert.match(await head.innerText(), /Trạng thái\s+Chờ báo cáo kết thúc/);

    // closing while the final report is owed: refused, and said so
    await page.getByRole('button', { name: 'Đóng sự cố', exact: true }).click();
    let dlg = page.getByRole('dialog', { name: /Đóng sự cố/ });
    assert.match(await dlg.innerText(), /Chưa gửi:\s+Báo cáo kết thúc ứng phó sự cố/);
    await dlg.getByLabel('Nguyên nhân sự cố').fill('Plugin quản lý tệp của cổng thông tin có lỗ hổng tải lên tệp tùy ý.');
    await dlg.getByLabel('Ước tính thiệt hại').fill('Cổng thông tin gián đoạn 6 giờ; không mất dữ liệu.');
    await dlg.getByLabel('Bài học kinh nghiệm, đề xuất').fill('Cập nhật plugin hằng tháng; rà quét mã độc định kỳ.');
    await dlg.getByRole('button', { name: 'Xác nhận đóng sự cố' }).click();
    const refusal = dlg.getByRole('alert');
    await refusal.filter({ hasText: 'Chưa thể đóng sự cố' }).waitFor();
    assert.match(await refusal.innerText(), /Chưa thể đóng sự cố: chưa gửi báo cáo\s+Báo cáo kết thúc ứng phó sự cố/);
    await page.keyboard.press('Escape');
    await dlg.waitFor({ state: 'detached' });

    // the final report goes out (recorded elsewhere); the page shows it on reload, then closes
    await recordSend('dieuphoi', inc.id, 'final');
    await page.getByRole('button', { name: 'Tải lại' }).click();
    await page.getByText('Đã tải lại thông tin mới nhất.').waitFor();
    assert.match(await head.innerText(), /Trạng thái\s+Sẵn sàng đóng/);
    assert.match(await clocks.innerText(), /Báo cáo kết thúc ứng phó sự cố[\s\S]*Đã gửi đúng hạn/);
    await page.getByRole('button', { name: 'Đóng sự cố', exact: true }).click();
    dlg = page.getByRole('dialog', { name: /Đóng sự cố/ });
    assert.equal(await dlg.locator('.inc-owed').count(), 0, 'nothing owed any more');
    await dlg.getByLabel('Nguyên nhân sự cố').fill('Plugin quản lý tệp của cổng thông tin có lỗ hổng tải lên tệp tùy ý.');
    await dlg.getByLabel('Ước tính thiệt hại').fill('Cổng thông tin gián đoạn 6 giờ; không mất dữ liệu.');
    await dlg.getByLabel('Bài học kinh nghiệm, đề xuất').fill('Cập nhật plugin hằng tháng; rà quét mã độc định kỳ.');
    await dlg.getByRole('button', { name: 'Xác nhận đóng sự cố' }).click();
    await page.getByText('Đã đóng sự cố.').waitFor();
    assert.match(await head.innerText(), /Trạng thái\s+Đã đóng/);
    assert.match(await head.innerText(), /Nguyên nhân sự cố\s+Plugin quản lý tệp/);
    assert.equal(await page.getByRole('button', { name: 'Phân loại' }).count(), 0, 'a closed incident offers no changes');
    assert.equal(await page.getByRole('button', { name: 'Hoàn thành' }).count(), 0);

    const now = await getIncident('dieuphoi', inc.id);
    assert.equal(now.status, 'closed');
    assert.equal(now.severity, 'serious');
    assert.equal(now.tlp, 'GREEN');
    assert.equal(now.priority, 'P2');
    assert.deepEqual([...now.types].sort(), ['TC03', 'TC05']);
    assert.equal(now.serious.decision.note, reason);
    assert.equal(now.steps.find((s) => s.code === 'III.3').failures, 1);
    assert.equal(now.steps.find((s) => s.code === 'I.1').note, 'Đã xác minh: giao diện bị thay đổi, thu thập nhật ký máy chủ web.');
    assert.equal(now.steps.find((s) => s.code === 'I.2').note, 'Đã gỡ trang bị thay đổi, đặt trang thông báo bảo trì.');
    assert.deepEqual(now.steps.find((s) => s.code === 'II.1').coordinating.map((u) => u.code).sort(), ['PA05', 'TTDL']);
    assert.equal(now.closing.damage_estimate, 'Cổng thông tin gián đoạn 6 giờ; không mất dữ liệu.');
    assert.deepEqual(errors, []);
  });

e2e('a stale edit: the second person sees what changed meanwhile, applies again or discards',
  { viewport: DESK }, async ({ page, base, errors }) => {
    const inc = await communeIncident({ title: 'Máy chủ thư điện tử của xã gửi thư rác' });
    // the commune operator in a second browser
    const other = await world.browser.newContext({ viewport: DESK, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const xa = await other.newPage();
    const xaErrors = [];
    xa.on('pageerror', (e) => xaErrors.push(e.message));
    xa.on('console', (m) => { if (m.type() === 'error' && !/^Failed to load resource/.test(m.text())) xaErrors.push(m.text()); });
    try {
      await openIncident(page, base, 'dieuphoi', inc.id);
      await openIncident(xa, base, 'vanhanh.xa', inc.id);
      // both open the classification; the commune saves first
      await page.getByRole('button', { name: 'Phân loại' }).click();
      const mine = page.getByRole('dialog', { name: 'Phân loại sự cố' });
      await mine.getByLabel('Mức ưu tiên').selectOption('P1');
      await xa.getByRole('button', { name: 'Phân loại' }).click();
      const theirs = xa.getByRole('dialog', { name: 'Phân loại sự cố' });
      await theirs.getByLabel(/TLP:AMBER\+STRICT/).check();
      await theirs.getByRole('button', { name: 'Lưu' }).click();
      await xa.getByText('Đã lưu phân loại.').waitFor();

      // the coordinator's save is on the old version: 412, and the panel says what changed
      await mine.getByRole('button', { name: 'Lưu' }).click();
      const panel = page.getByRole('region', { name: 'Sự cố vừa được người khác thay đổi' });
      await panel.waitFor();
      const said = await panel.innerText();
      assert.match(said, /Thay đổi của bạn chưa được lưu: Phân loại/);
      assert.match(said, /Mức ưu tiên: P1 - Khẩn cấp/);
      assert.match(said, /Mức chia sẻ thông tin \(TLP\): TLP:AMBER\s*→\s*(thành\s*)?TLP:AMBER\+STRICT/);
      assert.equal(await mine.count(), 0, 'the dialog gave way to the panel');
      assert.ok(await panel.evaluate((el) => el === document.activeElement), 'the panel has the focus');
      // the page already shows the current incident
      assert.match(await page.locator('.inc-head').innerText(), /TLP:AMBER\+STRICT/);
      assert.match(await page.locator('.inc-head').innerText(), /P3 - Trung bình/);
      await panel.getByRole('button', { name: 'Áp dụng lại thay đổi của tôi' }).click();
      await page.getByText('Đã áp dụng lại thay đổi của bạn trên thông tin mới nhất.').waitFor();
      assert.equal(await panel.count(), 0);
      assert.match(await page.locator('.inc-head').innerText(), /P1 - Khẩn cấp/);
      assert.match(await page.locator('.inc-head').innerText(), /TLP:AMBER\+STRICT/);
      let now = await getIncident('dieuphoi', inc.id);
      assert.equal(now.priority, 'P1', 'the re-applied change landed');
      assert.equal(now.tlp, 'AMBER+STRICT', 'the other change stayed');

      // now the commune's page is stale: its classification is refused, and
      // discarding it keeps the coordinator's
      await xa.getByRole('button', { name: 'Phân loại' }).click();
      const again = xa.getByRole('dialog', { name: 'Phân loại sự cố' });
      await again.getByLabel('Mức ưu tiên').selectOption('P4');
      await again.getByRole('button', { name: 'Lưu' }).click();
      const xaPanel = xa.getByRole('region', { name: 'Sự cố vừa được người khác thay đổi' });
      await xaPanel.waitFor();
      assert.match(await xaPanel.innerText(), /Mức ưu tiên: P3 - Trung bình\s*→\s*(thành\s*)?P1 - Khẩn cấp/);
      await xaPanel.getByRole('button', { name: 'Bỏ thay đổi của tôi' }).click();
      await xa.getByText('Đã bỏ thay đổi của bạn.').waitFor();
      now = await getIncident('dieuphoi', inc.id);
      assert.equal(now.priority, 'P1', 'a discarded change is not sent');

      // a step changed by another person: the same panel, naming the step
      await stepAction(xa, 'I.1', 'Hoàn thành', 'Đã hoàn thành bước.');
      await stepAction(page, 'I.1', 'Bắt đầu');
      await panel.waitFor();
      assert.match(await panel.innerText(), /Bước I\.1 Tiếp nhận, xác minh sự cố — trạng thái: Chưa thực hiện\s*→\s*(thành\s*)?Hoàn thành/);
      await panel.getByRole('button', { name: 'Bỏ thay đổi của tôi' }).click();
      assert.equal(await stepState(page, 'I.1'), 'Hoàn thành');
    } finally {
      await other.close();
    }
    assert.deepEqual(errors, []);
    assert.deepEqual(xaErrors, []);
  });

e2e('a user of another unit opening the link sees "not found", nothing of the incident',
  { viewport: DESK }, async ({ page, base, errors }) => {
    const inc = await communeIncident({ title: 'Lộ mật khẩu hộp thư công vụ của xã' });
    const api404 = [];
    page.on('response', (r) => { if (r.url().includes(`/api/v1/incidents/${inc.id}`)) api404.push(r.status()); });
    await openIncident(page, base, 'vanhanh.snv', inc.id);
    await page.getByRole('heading', { level: 1, name: 'Không có trang này.' }).waitFor();
    assert.deepEqual(api404, [404], 'the server does not reveal it');
    const shown = await page.locator('main').innerText();
    assert.doesNotMatch(shown, /Lộ mật khẩu|Nghĩa Trụ|Quy trình|Thời hạn/);
    await page.getByRole('link', { name: 'Về trang chính' }).waitFor();
    assert.match(await page.title(), /Không có trang này/);
    // an id that does not exist reads the same
    await page.goto(`${base}/#/incidents/SC-2020-9999`);
    await page.waitForFunction(() => !document.querySelector('main [aria-busy="true"], main .loading'));
    await page.getByRole('heading', { level: 1, name: 'Không có trang này.' }).waitFor();
    assert.deepEqual(errors, []);
  });

e2e('on a phone: compact header, clocks first, the stepper vertical, no sideways scrolling',
  { viewport: PHONE }, async ({ page, base, errors }) => {
    const inc = await communeIncident({ title: 'Tấn công từ chối dịch vụ vào cổng dịch vụ công trực tuyến của xã' });
    await openIncident(page, base, 'dieuphoi', inc.id);
    const wide = () => page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(await wide() <= PHONE.width, `page is ${await wide()} px wide`);
    const top = async (sel) => (await page.locator(sel).boundingBox()).y;
    assert.ok(await top('.inc-head') < await top('.inc-clocks'), 'the header, then the clocks');
    assert.ok(await top('.inc-clocks') < await top('.inc-steps'), 'the clocks before the steps');
    const head = await page.locator('.inc-head').boundingBox();
    assert.ok(head.height < PHONE.height * 0.75, `the header is compact (${head.height} px)`);
    assert.equal(await page.locator('.inc-more').evaluate((d) => d.open), false, 'details folded');
    // the steps run down the page, one under another
    const a = await step(page, 'I.2').boundingBox();
    const b = await step(page, 'I.3').boundingBox();
    assert.ok(b.y > a.y + a.height - 1 && Math.abs(b.x - a.x) < 2, 'steps stacked vertically');
    // the jump menu reaches the procedure
    await page.locator('.inc-jump').getByRole('button', { name: 'Quy trình ứng cứu' }).click();
    await page.waitForFunction(() => document.activeElement?.id === 'inc-steps-h');
    // an open step and a dialog stay within the screen
    await stepAction(page, 'I.1', 'Bắt đầu', 'Đã bắt đầu bước.');
    await page.locator('.inc-more summary').click();
    assert.ok(await wide() <= PHONE.width, `page is ${await wide()} px wide with a step open`);
    await page.getByRole('button', { name: 'Phân loại' }).click();
    const dlg = page.getByRole('dialog', { name: 'Phân loại sự cố' });
    const box = await dlg.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width, 'the dialog fits the screen');
    await page.keyboard.press('Escape');
    await dlg.waitFor({ state: 'detached' });
    assert.ok(await wide() <= PHONE.width);
    assert.deepEqual(errors, []);
  });

e2e('in English: the header, clocks, steps and dialogs speak English; the switch works in place',
  { viewport: DESK }, async ({ page, base, errors }) => {
    const inc = await communeIncident({ title: 'Cổng thông tin xã bị chèn liên kết quảng cáo cờ bạc' });
    await openIncident(page, base, 'dieuphoi', inc.id, { lang: 'en' });
    await page.getByRole('heading', { level: 1, name: inc.title }).waitFor();
    const head = page.locator('.inc-head');
    for (const s of ['Status', 'New', 'Severity', 'Normal', 'Sharing level (TLP)', 'Priority', 'P3 - Medium',
      'Incident details', 'Unit', 'Incident types', 'TC05 Defacement', 'Detected at',
      'Serious-incident test', 'no affected system recorded', 'Classify', 'Decide the severity', 'Close the incident']) {
      assert.ok((await head.innerText()).includes(s), `header shows ${s}`);
    }
    assert.match(await page.locator('.inc-clocks').innerText(), /Reporting deadlines[\s\S]*Incident notice[\s\S]*Due: \d{2}\/\d{2}\/\d{4} 23:59[\s\S]*On time\s+\d+ d( \d+ h)? left/);
    const steps = page.locator('.inc-steps');
    for (const s of ['Response procedure', 'Normal incident response procedure', 'Receipt, analysis, first response and notification',
      'Receive and verify the incident', 'Not started', 'Lead', 'Coordinating', 'Information system operator', 'Start', 'Complete']) {
      assert.ok((await steps.innerText()).includes(s), `steps show ${s}`);
    }
    // nothing Vietnamese but what people typed (title, description, units' names)
    const units = [inc.unit_name, ...inc.steps.flatMap((s) => [...s.lead, ...s.coordinating].map((u) => u.name))];
    const typed = [inc.title, inc.description, ...units];
    const left = async (loc) => {
      let text = await loc.innerText();
      for (const d of typed) text = text.split(d).join(' ');
      return text.split('\n').filter((l) => /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i.test(l));
    };
    for (const sel of ['.inc-head', '.inc-clocks', '.inc-steps']) {
      assert.deepEqual(await left(page.locator(sel)), [], `${sel}: Vietnamese left in English`);
    }
    await page.getByRole('button', { name: 'Classify' }).click();
    const dlg = page.getByRole('dialog', { name: 'Classify the incident' });
    assert.match(await dlg.innerText(), /Incident types[\s\S]*TC01 Denial-of-service attack[\s\S]*Sharing level \(TLP\)/);
    assert.equal(await dlg.getByLabel('Priority').locator('option:checked').innerText(), 'P3 - Medium');
    assert.deepEqual(await left(dlg), []);
    await dlg.getByRole('button', { name: 'Cancel' }).click();
    await dlg.waitFor({ state: 'detached' });
    // back to Vietnamese without a reload
    await page.getByRole('button', { name: 'VI', exact: true }).click();
    await page.locator('html[lang="vi"]').waitFor();
    assert.match(await head.innerText(), /Trạng thái\s+Mới/);
    assert.match(await page.locator('.inc-steps').innerText(), /Tiếp nhận, xác minh sự cố/);
    assert.deepEqual(errors, []);
  });

e2e('the commune acknowledges a third party\'s notice and proposes an upgrade; only the coordinator decides',
  { viewport: DESK }, async ({ page, base, errors }) => {
    const inc = await communeIncident({
      title: 'Thông báo: tên miền của xã phát tán mã độc',
      source: 'notice',
      reported_at: new Date(Date.now() - 10 * 60_000).toISOString(),
      detected_at: new Date(Date.now() - 70 * 60_000).toISOString(),
      notice: {
        notifier_name: 'Trung tâm Giám sát an toàn không gian mạng quốc gia',
        notifier_address: 'Số 115 Trần Duy Hưng, Cầu Giấy, Hà Nội',
      },
      systems: [{ domain: 'nghiatru.hungyen.gov.vn' }],
    });
    await openIncident(page, base, 'vanhanh.xa', inc.id);
    const head = page.locator('.inc-head');
    assert.match(await head.innerText(), /Thông báo sự cố nhận từ Trung tâm Giám sát an toàn không gian mạng quốc gia/);
    assert.match(await head.innerText(), /Cần phản hồi ngay cho bên gửi/);
    // the acknowledgement's clock runs (within the hour)
    assert.match(await page.locator('.inc-clocks').innerText(), /Phản hồi xác nhận đã nhận thông báo, báo cáo[\s\S]*(Trong hạn|Sắp đến hạn)\s+còn \d+ phút/);
    await page.getByRole('button', { name: 'Xác nhận đã nhận thông báo' }).click();
    await page.getByText('Đã ghi nhận phản hồi cho bên gửi thông báo.').waitFor();
    assert.match(await head.innerText(), /Đã phản hồi lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    assert.equal(await page.getByRole('button', { name: 'Xác nhận đã nhận thông báo' }).count(), 0);
    assert.match(await page.locator('.inc-clocks').innerText(), /Đã gửi đúng hạn/);

    // the unit proposes; it has no decision to make
    assert.equal(await page.getByRole('button', { name: 'Quyết định mức độ' }).count(), 0);
    await page.getByRole('button', { name: 'Đề xuất nâng cấp nghiêm trọng' }).click();
    const dlg = page.getByRole('dialog', { name: 'Đề xuất nâng cấp thành sự cố nghiêm trọng' });
    await dlg.getByRole('button', { name: 'Gửi đề xuất' }).click();
    await dlg.getByText('Trường này là bắt buộc.').waitFor();
    assert.equal(await dlg.getByLabel('Lý do đề xuất').getAttribute('aria-invalid'), 'true');
    await dlg.getByLabel('Lý do đề xuất').fill('Mã độc có thể lây sang hệ thống một cửa của tỉnh.');
    await dlg.getByRole('button', { name: 'Gửi đề xuất' }).click();
    await page.getByText('Đã gửi đề xuất nâng cấp.').waitFor();
    assert.match(await head.innerText(), /Đơn vị đề xuất nâng cấp.*Mã độc có thể lây sang hệ thống một cửa của tỉnh\./);
    assert.match(await head.innerText(), /Mức độ\s+Thông thường/, 'a proposal is not a decision');
    assert.equal(await page.getByRole('button', { name: 'Đề xuất nâng cấp nghiêm trọng' }).count(), 0);
    // the steering board reads, and changes nothing
    const now = await getIncident('vanhanh.xa', inc.id);
    assert.equal(now.serious.proposal.reason, 'Mã độc có thể lây sang hệ thống một cửa của tỉnh.');
    assert.ok(now.acknowledged_at);
    assert.deepEqual(errors, []);
  });
