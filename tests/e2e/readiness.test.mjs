// Training and awareness sessions (#/training) and equipment, tools and
// licences (#/resources) in Chromium: a leader records a session with its
// legal documents and named attendees, edits it (If-Match, a stale
// version), deletes one after a confirmation; bad input shows the
// server's field errors and creates nothing; licences expiring in 20
// days and expired, their badges and the "expiring" filter kept in the
// URL; one retired. An operator reads without a write button on a
// phone; a commune operator sees none of the department's records.
import assert from 'node:assert/strict';
import { useWorld, e2e, PHONE, DESK } from './lib/harness.mjs';
import { as, assertNoSideways } from './lib/team.mjs';
import { registerSystem } from './lib/systems.mjs';
import { dayText, dayIso, signInAs, settled, axeViolations, vietnameseLeft } from './lib/readiness.mjs';

useWorld();

const TOPIC = 'Phổ biến Luật An toàn thông tin mạng cho công chức, viên chức';
const LAW = 'Luật An toàn thông tin mạng ngày 19/11/2015';
const QD05 = 'Quyết định số 05/2017/QĐ-TTg ngày 16/03/2017 của Thủ tướng Chính phủ';
const AV = 'Bản quyền phần mềm phòng chống mã độc cho máy trạm';
const FW = 'Gói bảo hành, cập nhật mẫu nhận diện tường lửa';
const LAPTOP = 'Máy tính xách tay phục vụ ứng cứu sự cố';
const SOC = 'Dịch vụ giám sát an toàn thông tin (SOC)';
// what people typed, and the units' names: kept as they are in English
const DATA = [TOPIC, LAW, QD05, AV, FW, LAPTOP, SOC, 'Sở Nội vụ', 'Văn phòng Sở Nội vụ', 'Phòng Pháp chế',
  'Cổng thông tin điện tử Sở Nội vụ', 'Phòng họp số 2', 'Văn phòng Sở', 'Toàn thể công chức, viên chức của Sở',
  'Nguyễn Văn An', 'Trần Thị Bình', 'Phó Chánh Văn phòng'];

async function toTraining(page, base, who) {
  await signInAs(page, base, who);
  await page.getByRole('navigation').getByRole('link', { name: 'Tuyên truyền, đào tạo' }).click();
  await page.getByRole('heading', { level: 1, name: 'Tuyên truyền, đào tạo, bồi dưỡng' }).waitFor();
  await settled(page);
}

async function toResources(page, base, who) {
  await signInAs(page, base, who);
  await page.getByRole('navigation').getByRole('link', { name: 'Thiết bị, bản quyền' }).click();
  await page.getByRole('heading', { level: 1, name: 'Trang thiết bị, công cụ, phần mềm, bản quyền' }).waitFor();
  await settled(page);
}

e2e('a leader records a session with legal documents and attendees, edits it, deletes another; bad input creates nothing',
  { viewport: DESK }, async ({ page, base, errors }) => {
    const { call } = await as('lanhdao.snv');
    await toTraining(page, base, 'lanhdao.snv');
    await page.getByText('Chưa có buổi tuyên truyền, đào tạo nào.').waitFor();
    await page.getByRole('button', { name: 'Ghi nhận buổi tuyên truyền, đào tạo' }).click();
    const form = page.locator('form.rd-form');
    await form.getByRole('heading', { name: 'Ghi nhận buổi tuyên truyền, đào tạo, bồi dưỡng' }).waitFor();
    // the kinds in the plans' words
    const kinds = await form.getByLabel('Hình thức').locator('option').allInnerTexts();
    assert.deepEqual(kinds, ['Tuyên truyền, phổ biến', 'Đào tạo', 'Bồi dưỡng, tập huấn', 'Cử cán bộ tham gia']);

    // a date that is not one: refused beside its field, nothing sent
    await form.getByLabel('Nội dung, chủ đề').fill(TOPIC);
    await form.getByLabel('Ngày tổ chức').fill('31/02/2026');
    await form.getByRole('button', { name: 'Lưu', exact: true }).click();
    await form.locator('#tr-f-held-err').getByText('Ngày không đúng dạng ngày/tháng/năm.').waitFor();
    assert.equal(await form.getByLabel('Ngày tổ chức').getAttribute('aria-invalid'), 'true');
    // bad input the server refuses: no topic, the end before the start,
    // an attendee without a name; each error beside its field
    await form.getByLabel('Nội dung, chủ đề').fill('');
    await form.getByLabel('Ngày tổ chức').fill(dayText(-2));
    await form.getByLabel('Đến ngày').fill(dayText(-5));
    await form.getByRole('button', { name: 'Thêm người tham gia' }).click();
    await form.getByRole('group', { name: 'Người tham gia 1' }).getByLabel('Chức vụ').fill('Chuyên viên');
    await form.getByRole('button', { name: 'Lưu', exact: true }).click();
    await form.getByRole('alert').getByText('Một số trường chưa hợp lệ.', { exact: false }).waitFor();
    await form.locator('#tr-f-topic-err').getByText('Trường này là bắt buộc.').waitFor();
    assert.equal(await form.getByLabel('Nội dung, chủ đề').getAttribute('aria-invalid'), 'true');
    assert.equal(await form.getByLabel('Đến ngày').getAttribute('aria-invalid'), 'true');
    const p1 = form.getByRole('group', { name: 'Người tham gia 1' });
    assert.equal(await p1.getByLabel('Họ và tên').getAttribute('aria-invalid'), 'true');
    let list = await call('GET', '/trainings');
    assert.equal(list.status, 200, list.text);
    assert.equal(list.json.items.length, 0, 'nothing was created');
    assert.deepEqual(await axeViolations(page), [], 'the form with its errors');

    // the good input
    await form.getByLabel('Hình thức').selectOption({ label: 'Tuyên truyền, phổ biến' });
    await form.getByLabel('Nội dung, chủ đề').fill(TOPIC);
    await form.getByLabel('Đến ngày').fill('');
    await form.getByLabel('Địa điểm').fill('Hội trường Sở Nội vụ');
    await form.getByLabel('Đơn vị tổ chức').fill('Văn phòng Sở');
    await form.getByLabel('Đối tượng').fill('Toàn thể công chức, viên chức của Sở');
    for (const text of [LAW, 'Văn bản sẽ bỏ đi', QD05]) {
      await form.getByRole('button', { name: 'Thêm văn bản' }).click();
      await page.keyboard.type(text); // the new line has the focus
    }
    assert.equal(await form.getByLabel('Văn bản 2').inputValue(), 'Văn bản sẽ bỏ đi');
    await form.getByRole('button', { name: 'Bỏ văn bản 2' }).click();
    assert.equal(await form.getByLabel('Văn bản 2').inputValue(), QD05, 'the lines are numbered again');
    assert.equal(await form.getByLabel('Văn bản 3').count(), 0);
    await p1.getByLabel('Họ và tên').fill('Nguyễn Văn An');
    await p1.getByLabel('Đơn vị công tác').fill('Văn phòng Sở');
    await form.getByRole('button', { name: 'Thêm người tham gia' }).click();
    const p2 = form.getByRole('group', { name: 'Người tham gia 2' });
    await p2.getByLabel('Họ và tên').fill('Trần Thị Bình');
    await p2.getByLabel('Chức vụ').fill('Phó Chánh Văn phòng');
    await form.getByRole('button', { name: 'Lưu', exact: true }).click();
    await page.getByText(`Đã ghi nhận: ${TOPIC}.`).waitFor();
    const row = page.locator('tbody tr').filter({ hasText: TOPIC });
    await row.getByText('Tuyên truyền, phổ biến').waitFor();
    await row.getByText(dayText(-2)).waitFor();
    assert.equal((await row.locator('td.rd-c-num').innerText()).trim(), '2', 'two named attendees');
    list = await call('GET', '/trainings');
    const rec = list.json.items[0];
    assert.deepEqual(rec.legal_docs, [LAW, QD05]);
    assert.deepEqual(rec.attendees.map((x) => x.name), ['Nguyễn Văn An', 'Trần Thị Bình']);
    assert.equal(rec.held_on, dayIso(-2));

    // open it, edit it: a big session lists only some names
    await row.getByRole('button', { name: `Xem, sửa: ${TOPIC}` }).click();
    const edit = page.locator('form.rd-form');
    await edit.getByRole('heading', { name: 'Sửa thông tin buổi tuyên truyền, đào tạo, bồi dưỡng' }).waitFor();
    assert.equal(await edit.getByLabel('Văn bản 1').inputValue(), LAW);
    assert.equal(await edit.getByRole('group', { name: 'Người tham gia 2' }).getByLabel('Họ và tên').inputValue(), 'Trần Thị Bình');
    await edit.getByLabel('Số người tham gia').fill('45');
    await edit.getByLabel('Đến ngày').fill(dayText(-1));
    await edit.getByRole('button', { name: 'Lưu', exact: true }).click();
    await page.getByText(`Đã lưu: ${TOPIC}.`).waitFor();
    await row.locator('td.rd-c-num').getByText('45').waitFor();
    await row.getByText(`${dayText(-2)} – ${dayText(-1)}`).waitFor();

    // someone else changes it meanwhile: 412, then the latest version
    await row.getByRole('button', { name: `Xem, sửa: ${TOPIC}` }).click();
    await edit.getByLabel('Địa điểm').waitFor();
    const now = (await call('GET', `/trainings/${rec.id}`)).json;
    const other = await call('PATCH', `/trainings/${rec.id}`, { place: 'Phòng họp số 2' }, now.version);
    assert.equal(other.status, 200, other.text);
    await edit.getByLabel('Đơn vị tổ chức').fill('Phòng Pháp chế');
    await edit.getByRole('button', { name: 'Lưu', exact: true }).click();
    await edit.getByRole('alert').getByText('Thông tin vừa được người khác thay đổi.', { exact: false }).waitFor();
    await edit.getByRole('button', { name: 'Tải lại bản mới nhất' }).click();
    await page.waitForFunction(() => document.getElementById('tr-f-place')?.value === 'Phòng họp số 2');
    await edit.getByRole('button', { name: 'Hủy' }).click();

    // another session, deleted after the confirmation
    const made = await call('POST', '/trainings', {
      kind: 'external', topic: 'Khóa đào tạo ứng cứu sự cố tại Hà Nội', held_on: dayIso(-30),
      ends_on: dayIso(-26), attendees: [{ name: 'Lê Văn Cường', position: 'Chuyên viên', workplace: 'Văn phòng Sở' }],
    });
    assert.equal(made.status, 201, made.text);
    await page.getByRole('combobox', { name: 'Năm' }).selectOption({ label: 'Tất cả các năm' });
    const gone = page.locator('tbody tr').filter({ hasText: 'Khóa đào tạo ứng cứu sự cố tại Hà Nội' });
    await gone.getByText('Cử cán bộ tham gia').waitFor();
    // newest first
    assert.match(await page.locator('tbody tr').first().innerText(), /Phổ biến Luật/);
    await gone.getByRole('button', { name: /^Xem, sửa:/ }).click();
    await edit.getByRole('button', { name: 'Xóa buổi này' }).click();
    const dlg = page.getByRole('dialog', { name: 'Xóa buổi tuyên truyền, đào tạo này?' });
    await dlg.getByText('Khóa đào tạo ứng cứu sự cố tại Hà Nội', { exact: false }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'the confirmation');
    await dlg.getByRole('button', { name: 'Hủy' }).click();
    await dlg.waitFor({ state: 'detached' });
    assert.equal((await call('GET', `/trainings/${made.json.id}`)).status, 200, 'cancel keeps it');
    await edit.getByRole('button', { name: 'Xóa buổi này' }).click();
    await dlg.getByRole('button', { name: 'Xóa', exact: true }).click();
    await page.getByText('Đã xóa: Khóa đào tạo ứng cứu sự cố tại Hà Nội.').waitFor();
    await gone.waitFor({ state: 'detached' });
    assert.equal((await call('GET', `/trainings/${made.json.id}`)).status, 404);

    // the year filter, in the URL
    const year = Number(dayIso(-2).slice(0, 4));
    await page.getByRole('combobox', { name: 'Năm' }).selectOption(String(year - 1));
    await page.getByText('Chưa có buổi tuyên truyền, đào tạo nào.').waitFor();
    assert.match(page.url(), new RegExp(`year=${year - 1}`));
    await page.reload();
    await page.getByText('Chưa có buổi tuyên truyền, đào tạo nào.').waitFor();
    assert.equal(await page.getByRole('combobox', { name: 'Năm' }).inputValue(), String(year - 1));
    await page.getByRole('combobox', { name: 'Năm' }).selectOption(String(year));
    await row.waitFor();

    // English, and back
    assert.ok((await vietnameseLeft(page, DATA)).length > 5, 'the check sees the Vietnamese words');
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Training and awareness' }).waitFor();
    await row.getByText('Awareness session').waitFor();
    assert.doesNotMatch(await page.locator('main').innerText(), /readiness\.|undefined|null/);
    assert.deepEqual(await vietnameseLeft(page, DATA), [], 'the list in English');
    await row.getByRole('button', { name: `View, edit: ${TOPIC}` }).click();
    await edit.getByRole('heading', { name: 'Edit a training or awareness session' }).waitFor();
    await edit.getByLabel('Document 2').waitFor();
    assert.deepEqual(await vietnameseLeft(page, DATA), [], 'the form in English');
    await edit.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'VI', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Tuyên truyền, đào tạo, bồi dưỡng' }).waitFor();
    assert.deepEqual(errors, []);
  });

e2e('a leader adds licences expiring in 20 days and expired: badges, the expiring filter, one retired',
  { viewport: DESK }, async ({ page, base, errors }) => {
    const sys = await registerSystem(base, 'lanhdao.snv', { name: 'Cổng thông tin điện tử Sở Nội vụ' });
    const { call } = await as('lanhdao.snv');
    for (const body of [
      { kind: 'equipment', name: LAPTOP, quantity: 2 },
      { kind: 'service', name: SOC, vendor: 'VNPT', expires_on: dayIso(200) },
    ]) {
      const r = await call('POST', '/resources', body);
      assert.equal(r.status, 201, r.text);
    }
    await toResources(page, base, 'lanhdao.snv');
    await page.getByRole('button', { name: 'Thêm trang thiết bị, bản quyền' }).click();
    const form = page.locator('form.rd-form');
    // no name: the server's error beside the field, nothing created
    await form.getByLabel('Tên', { exact: true }).fill('');
    await form.getByRole('button', { name: 'Lưu', exact: true }).click();
    await form.locator('#rs-f-name-err').getByText('Trường này là bắt buộc.').waitFor();
    assert.equal(await form.getByLabel('Tên', { exact: true }).getAttribute('aria-invalid'), 'true');
    assert.equal((await call('GET', '/resources')).json.items.length, 2, 'nothing was created');

    // a licence expiring in 20 days, for the registered system
    await form.getByLabel('Loại', { exact: true }).selectOption({ label: 'Bản quyền phần mềm' });
    await form.getByLabel('Tên', { exact: true }).fill(AV);
    await form.getByLabel('Hãng, nhà cung cấp').fill('Kaspersky');
    await form.getByLabel('Số lượng').fill('50');
    await form.getByLabel('Phục vụ hệ thống thông tin').selectOption({ label: 'Cổng thông tin điện tử Sở Nội vụ' });
    await form.getByLabel('Ngày trang bị').fill(dayText(-345));
    await form.getByLabel('Ngày hết hạn').fill(dayText(20));
    await form.getByRole('button', { name: 'Lưu', exact: true }).click();
    await page.getByText(`Đã thêm: ${AV}.`).waitFor();
    // and an expired one
    await page.getByRole('button', { name: 'Thêm trang thiết bị, bản quyền' }).click();
    await form.getByLabel('Loại', { exact: true }).selectOption({ label: 'Trang thiết bị' });
    await form.getByLabel('Tên', { exact: true }).fill(FW);
    await form.getByLabel('Ngày hết hạn').fill(dayText(-3));
    await form.getByRole('button', { name: 'Lưu', exact: true }).click();
    await page.getByText(`Đã thêm: ${FW}.`).waitFor();

    const rowOf = (name) => page.locator('tbody tr').filter({ hasText: name });
    await rowOf(AV).getByText('Sắp hết hạn (còn 20 ngày)').waitFor();
    await rowOf(AV).getByText('Cổng thông tin điện tử Sở Nội vụ').waitFor();
    await rowOf(AV).getByText(dayText(20)).waitFor();
    await rowOf(FW).getByText('Đã hết hạn').waitFor();
    await rowOf(SOC).getByText('Còn hạn').waitFor();
    await rowOf(LAPTOP).getByText('Không thời hạn').waitFor();
    const badge = rowOf(AV).locator('.badge');
    assert.match(await badge.getAttribute('class'), /\bwarn\b/);
    assert.match(await rowOf(FW).locator('.badge').getAttribute('class'), /\bbad\b/);
    // expiring first
    const names = await page.locator('tbody tr .rd-topic').allInnerTexts();
    assert.deepEqual(names, [FW, AV, SOC, LAPTOP]);
    assert.deepEqual(await axeViolations(page), [], 'the list with its badges');
    const created = (await call('GET', '/resources')).json.items.find((r) => r.name === AV);
    assert.equal(created.system_id, sys.id);
    assert.equal(created.quantity, 50);

    // the expiring filter, kept in the URL
    await page.getByLabel('Đã hết hạn hoặc sắp hết hạn trong 60 ngày').check();
    await rowOf(SOC).waitFor({ state: 'detached' });
    assert.deepEqual(await page.locator('tbody tr .rd-topic').allInnerTexts(), [FW, AV]);
    assert.match(page.url(), /expiring=60/);
    await page.reload();
    await rowOf(AV).waitFor();
    assert.equal(await page.getByLabel('Đã hết hạn hoặc sắp hết hạn trong 60 ngày').isChecked(), true);
    assert.equal(await page.locator('tbody tr').count(), 2);
    await page.getByText('2 mục: 1 đã hết hạn, 1 sắp hết hạn.').waitFor();

    // edit (If-Match)
    await rowOf(AV).getByRole('button', { name: `Sửa: ${AV}` }).click();
    await form.getByRole('heading', { name: 'Sửa thông tin trang thiết bị, bản quyền' }).waitFor();
    assert.equal(await form.getByLabel('Ngày hết hạn').inputValue(), dayText(20));
    await form.getByLabel('Số lượng').fill('60');
    await form.getByRole('button', { name: 'Lưu', exact: true }).click();
    await page.getByText(`Đã lưu: ${AV}.`).waitFor();
    await rowOf(AV).locator('td.rd-c-num').getByText('60').waitFor();

    // retire the expired one, after the confirmation
    await rowOf(FW).getByRole('button', { name: `Ngừng sử dụng: ${FW}` }).click();
    const dlg = page.getByRole('dialog', { name: 'Ngừng sử dụng mục này?' });
    await dlg.getByRole('button', { name: 'Ngừng sử dụng' }).click();
    await page.getByText(`Đã chuyển “${FW}” sang ngừng sử dụng.`).waitFor();
    await rowOf(FW).waitFor({ state: 'detached' });
    await page.getByLabel('Hiện cả mục đã ngừng sử dụng').check();
    await rowOf(FW).getByText('Đã ngừng sử dụng').waitFor();
    assert.equal(await rowOf(FW).getByRole('button').count(), 0, 'a retired item has no action');
    assert.match(page.url(), /retired=1/);

    // English
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Equipment, tools, software and licences' }).waitFor();
    await rowOf(AV).getByText('Expiring soon (20 days left)').waitFor();
    await rowOf(FW).getByText('Retired').waitFor();
    assert.doesNotMatch(await page.locator('main').innerText(), /readiness\.|undefined|null/);
    assert.deepEqual(await vietnameseLeft(page, DATA), [], 'the list in English');
    await rowOf(AV).getByRole('button', { name: `Edit: ${AV}` }).click();
    await form.getByRole('heading', { name: 'Edit equipment or a licence' }).waitFor();
    assert.deepEqual(await vietnameseLeft(page, DATA), [], 'the form in English');
    await form.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'VI', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Trang thiết bị, công cụ, phần mềm, bản quyền' }).waitFor();
    assert.deepEqual(errors, []);
  });

e2e('an operator reads both pages on a phone, with no write button', { viewport: PHONE },
  async ({ page, base, errors }) => {
    await toResources(page, base, 'vanhanh.snv');
    const card = page.locator('tbody tr').filter({ hasText: AV });
    await card.getByText(/sắp hết hạn/i).waitFor();
    await page.locator('tbody tr').filter({ hasText: SOC }).getByText('Còn hạn').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Thêm trang thiết bị, bản quyền' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: /^(Sửa|Ngừng sử dụng)/ }).count(), 0);
    // a card: the column's name beside each value, no table header shown
    await card.getByText('Thời hạn').waitFor();
    const headBox = await page.locator('thead').first().boundingBox();
    assert.ok(!headBox || headBox.height <= 1, 'the header is not shown on a phone');
    await assertNoSideways(page, PHONE.width);
    assert.deepEqual(await axeViolations(page), [], 'the cards on a phone');
    await page.screenshot({ path: '/tmp/shots/readiness/resources-operator-390.png', fullPage: true }).catch(() => {});

    await page.goto(`${base}/#/training`);
    await page.getByRole('heading', { level: 1, name: 'Tuyên truyền, đào tạo, bồi dưỡng' }).waitFor();
    await settled(page);
    assert.equal(await page.getByRole('button', { name: 'Ghi nhận buổi tuyên truyền, đào tạo' }).count(), 0);
    await page.getByRole('button', { name: `Xem chi tiết: ${TOPIC}` }).click();
    const view = page.getByRole('region', { name: TOPIC });
    await view.getByText(LAW).waitFor();
    await view.getByText('Trần Thị Bình').waitFor();
    await view.getByText('Phòng họp số 2').waitFor();
    assert.equal(await page.locator('main form').count(), 0, 'no form for a reader');
    assert.equal(await page.getByRole('button', { name: /^Xóa/ }).count(), 0);
    await assertNoSideways(page, PHONE.width);
    assert.deepEqual(await axeViolations(page), [], 'a session read on a phone');
    await page.screenshot({ path: '/tmp/shots/readiness/training-operator-390.png', fullPage: true }).catch(() => {});
    await view.getByRole('button', { name: 'Đóng' }).click();
    await view.waitFor({ state: 'detached' });
    assert.deepEqual(errors, []);
  });

e2e('a commune operator sees none of the department\'s sessions or licences', { viewport: DESK },
  async ({ page, base, errors }) => {
    const { call } = await as('lanhdao.snv');
    const ids = (await call('GET', '/trainings')).json.items.map((x) => x.id);
    assert.ok(ids.length > 0, 'the first test recorded a session');
    await toTraining(page, base, 'vanhanh.xa');
    await page.getByText('Chưa có buổi tuyên truyền, đào tạo nào.').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Ghi nhận buổi tuyên truyền, đào tạo' }).count(), 0);
    assert.ok(!(await page.locator('main').innerText()).includes(TOPIC));
    await page.getByRole('navigation').getByRole('link', { name: 'Thiết bị, bản quyền' }).click();
    await page.getByRole('heading', { level: 1, name: 'Trang thiết bị, công cụ, phần mềm, bản quyền' }).waitFor();
    await settled(page);
    await page.getByText('Không có mục nào phù hợp.').waitFor();
    const main = await page.locator('main').innerText();
    for (const name of [AV, FW, SOC, LAPTOP]) assert.ok(!main.includes(name), `shows ${name}`);
    const xa = await as('vanhanh.xa');
    assert.equal((await xa.call('GET', `/trainings/${ids[0]}`)).status, 404);
    assert.deepEqual(errors, []);
  });
