// The response team page (#/team) and the drills page (#/drills) in
// Chromium: the roster with its 24-hour contact-change clock, the rota
// across midnight, the on-call block a commune officer opens on a phone,
// and a drill with an injected exercise incident.
import assert from 'node:assert/strict';
import { useWorld, e2e, open, signIn, PHONE, DESK, SAMPLE_PASSWORD } from './lib/harness.mjs';
import { as, unitIds, localText, assertNoSideways } from './lib/team.mjs';

useWorld();

async function toTeam(page, base, who) {
  await open(page, base);
  await signIn(page, who, SAMPLE_PASSWORD);
  await page.getByRole('heading', { level: 1, name: 'Tổng quan' }).waitFor();
  await page.getByRole('navigation').getByRole('link', { name: 'Đội ứng cứu, trực 24/7' }).click();
  await page.getByRole('heading', { level: 1, name: 'Đội ứng cứu sự cố và trực 24/7' }).waitFor();
}

e2e('the leader adds a contact point: a 24 h clock, the notice recorded, a night shift, on duty now',
  { viewport: DESK }, async ({ page, base, errors }) => {
    await toTeam(page, base, 'lanhdao.snv');
    const roster = page.getByRole('region', { name: 'Danh sách Đội ứng cứu sự cố' });
    await roster.getByLabel('Họ và tên').fill('Nguyễn Văn An');
    await roster.getByLabel('Cấp bậc').fill('Thiếu tá');
    await roster.getByLabel('Chức vụ').fill('Trưởng phòng');
    await roster.getByLabel('Đơn vị công tác').fill('Văn phòng Sở Nội vụ');
    await roster.getByLabel('Số điện thoại').fill('0912 345 678');
    await roster.getByLabel('Thư điện tử').fill('an.nv@snv.hungyen.gov.vn');
    await roster.getByLabel('Vai trò trong đội').selectOption({ label: 'Đội trưởng' });
    await roster.getByLabel('Đầu mối liên lạc').selectOption({ label: 'Đầu mối chính' });
    // a date that is not one is refused beside its field, nothing sent
    await roster.getByLabel('Hiệu lực đến ngày').fill('31/02/2027');
    await roster.getByRole('button', { name: 'Lưu' }).click();
    await roster.getByText('Ngày không đúng dạng ngày/tháng/năm.').waitFor();
    assert.equal(await roster.getByLabel('Hiệu lực đến ngày').getAttribute('aria-invalid'), 'true');
    await roster.getByLabel('Hiệu lực đến ngày').fill('');
    await roster.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã thêm Nguyễn Văn An vào đội.').waitFor();
    const card = roster.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Nguyễn Văn An' }) });
    await card.getByText('Đầu mối chính').waitFor();
    await card.getByText('Đội trưởng').waitFor();

    // the contact-change clock: running, 24 h after the change
    const clocks = page.getByRole('region', { name: 'Thông báo thay đổi đầu mối (hạn 24 giờ)' });
    const clock = clocks.getByRole('listitem').filter({ hasText: 'Nguyễn Văn An' }).first();
    await clock.getByText('Trong hạn').waitFor();
    assert.match(await clock.innerText(), /còn (23 giờ|1 ngày)/);
    await clock.getByText('Ghi nhận đã gửi thông báo').click();
    await clock.getByLabel('Ghi chú (số công văn, kênh gửi)').fill('Công văn 12/SNV gửi VNCERT/CC');
    await clock.getByRole('button', { name: 'Ghi nhận', exact: true }).click();
    await page.getByText('Đã ghi nhận thông báo thay đổi đầu mối.').waitFor();
    const met = clocks.getByRole('listitem').filter({ hasText: 'Nguyễn Văn An' }).first();
    await met.getByText('Đã gửi đúng hạn').waitFor();
    await met.getByText('Công văn 12/SNV gửi VNCERT/CC').waitFor();

    // edit with If-Match: a new position
    await card.getByRole('button', { name: 'Sửa: Nguyễn Văn An' }).click();
    await roster.getByLabel('Chức vụ').fill('Phó Giám đốc');
    await roster.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã lưu thông tin của Nguyễn Văn An.').waitFor();
    await card.getByText('Phó Giám đốc').waitFor();

    // a night shift across midnight, weekly
    const rota = page.getByRole('region', { name: 'Lịch trực 24/7' });
    await rota.getByLabel('Người trực').selectOption({ label: 'Nguyễn Văn An' });
    await rota.getByLabel('Ngày trong tuần').selectOption({ label: 'Thứ Hai' });
    await rota.getByLabel('Giờ bắt đầu').fill('22:00');
    await rota.getByLabel('Số giờ trực').fill('10');
    await rota.getByRole('button', { name: 'Thêm ca', exact: true }).click();
    await page.getByText('Đã thêm ca trực.').waitFor();
    await rota.getByText('Thứ Hai 22:00 · 10 giờ').waitFor();

    // a dated shift covering now: the on-call block names who is on duty
    await rota.getByLabel('Loại ca').selectOption({ label: 'Theo ngày cụ thể' });
    await rota.getByLabel('Bắt đầu', { exact: true }).fill(localText(Date.now() - 3_600_000));
    await rota.getByLabel('Kết thúc', { exact: true }).fill(localText(Date.now() + 8 * 3_600_000));
    await rota.getByRole('button', { name: 'Thêm ca', exact: true }).click();
    await rota.getByRole('listitem').nth(1).waitFor();
    const oncall = page.getByRole('region', { name: 'Trực 24/7', exact: true });
    await oncall.getByText('Nguyễn Văn An').first().waitFor();
    const tel = oncall.getByRole('link', { name: '0987 654 321' }).or(oncall.getByRole('link', { name: '0912 345 678' })).first();
    assert.equal(await tel.getAttribute('href'), 'tel:0912345678');

    // the quarterly confirmation: owed, confirmed with the count, marked
    await roster.getByText(/^Xác nhận danh sách đội quý [1-4]\/\d{4}:/).waitFor();
    await roster.getByText(/^chưa xác nhận, hạn \d\d\/\d\d\/\d{4}$/).waitFor();
    await roster.getByRole('button', { name: 'Xác nhận danh sách đội quý này' }).click();
    await page.getByText('Đã xác nhận danh sách đội: 1 thành viên.').waitFor();
    await roster.getByText(/^đã xác nhận ngày \d\d\/\d\d\/\d{4}$/).waitFor();
    assert.equal(await roster.getByRole('button', { name: 'Xác nhận danh sách đội quý này' }).count(), 0);

    // English, and back
    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByRole('heading', { level: 1, name: 'Response team and 24/7 on-call' }).waitFor();
    await page.getByText(/^Team roster confirmation, quarter [1-4]\/\d{4}:/).waitFor();
    await page.getByRole('heading', { name: 'On call 24/7' }).waitFor();
    for (const s of ['On duty now:', 'Primary contact point', 'Team leader', 'Monday 22:00 · 10 h', 'Sent on time']) {
      await page.getByText(s, { exact: false }).first().waitFor();
    }
    assert.doesNotMatch(await page.locator('main').innerText(), /team\.|undefined|null/);
    await page.getByRole('button', { name: 'VI' }).click();
    await page.getByRole('heading', { level: 1, name: 'Đội ứng cứu sự cố và trực 24/7' }).waitFor();
    assert.deepEqual(errors, []);
  });

e2e('a commune operator on a phone sees who is on duty, with a number to call', { viewport: PHONE },
  async ({ page, base, errors }) => {
    const U = await unitIds();
    const { call } = await as('admin');
    const m = await call('POST', `/units/${U['XA-NT']}/team`, {
      full_name: 'Đặng Văn Trực', position: 'Công chức văn phòng', phone: '0988 111 222', team_role: 'member',
    });
    assert.equal(m.status, 201, m.text);
    const s = await call('POST', `/units/${U['XA-NT']}/rota`, {
      member_id: m.json.id, starts_at: new Date(Date.now() - 3_600_000).toISOString(),
      ends_at: new Date(Date.now() + 10 * 3_600_000).toISOString(),
    });
    assert.equal(s.status, 201, s.text);
    await open(page, base);
    await signIn(page, 'vanhanh.xa', SAMPLE_PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Tổng quan' }).waitFor();
    await page.goto(`${base}/#/team`);
    await page.getByRole('heading', { level: 1, name: 'Đội ứng cứu sự cố và trực 24/7' }).waitFor();
    await page.locator('main [aria-busy="true"]').waitFor({ state: 'detached' });
    const oncall = page.getByRole('region', { name: 'Trực 24/7', exact: true });
    await oncall.getByText('Đặng Văn Trực').waitFor();
    const tel = oncall.getByRole('link', { name: '0988 111 222' });
    assert.equal(await tel.getAttribute('href'), 'tel:0988111222');
    // the block comes first: on screen without scrolling
    const box = await tel.boundingBox();
    assert.ok(box && box.y + box.height <= 844 * 1.5, `tel link at ${box && box.y}`);
    // an operator reads the roster but may not change it
    assert.equal(await page.getByRole('button', { name: /^Sửa/ }).count(), 0);
    assert.equal(await page.getByLabel('Họ và tên').count(), 0);
    await assertNoSideways(page, PHONE.width);
    assert.deepEqual(errors, []);
  });

e2e('a drill: created, an exercise incident injected and flagged, the lessons recorded', { viewport: DESK },
  async ({ page, base, errors }) => {
    await open(page, base);
    await signIn(page, 'lanhdao.snv', SAMPLE_PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Tổng quan' }).waitFor();
    await page.goto(`${base}/#/drills`);
    await page.getByRole('heading', { level: 1, name: 'Diễn tập ứng cứu sự cố' }).waitFor();
    await page.getByLabel('Tên cuộc diễn tập').fill('Diễn tập ứng cứu mã độc tống tiền');
    await page.getByLabel('Kịch bản').selectOption('TC03');
    await page.getByLabel('Thành phần tham gia').fill('Nguyễn Văn An\nTrần Thị Bình');
    await page.getByRole('button', { name: 'Tạo diễn tập' }).click();
    await page.getByText('Đã tạo cuộc diễn tập.').waitFor();
    const drill = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Diễn tập ứng cứu mã độc tống tiền' }) });
    await drill.getByText('Nguyễn Văn An, Trần Thị Bình').waitFor();

    await drill.getByText('Đưa sự cố diễn tập vào').click();
    await drill.getByLabel('Tiêu đề sự cố').fill('Diễn tập: máy chủ tệp bị mã hóa');
    await drill.getByLabel('Mô tả').fill('Kịch bản diễn tập: dữ liệu máy chủ tệp bị mã hóa.');
    await drill.getByLabel('Thời điểm phát hiện').fill(localText(Date.now() - 2 * 3_600_000));
    await drill.getByLabel('Thời điểm báo cáo').fill(localText(Date.now() - 3_600_000));
    await drill.getByRole('button', { name: 'Tạo sự cố diễn tập' }).click();
    const link = page.getByRole('link', { name: /^Mở hồ sơ sự cố SC-/ });
    await link.waitFor();
    const id = (await link.innerText()).match(/SC-\d{4}-\d+/)[0];
    assert.equal(await link.getAttribute('href'), `#/incidents/${id}`);
    const again = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Diễn tập ứng cứu mã độc tống tiền' }) });
    await again.getByRole('listitem').filter({ hasText: id }).getByText('Diễn tập', { exact: true }).waitFor();
    await again.getByText('60 phút').waitFor();
    const { call } = await as('lanhdao.snv');
    assert.equal((await call('GET', `/incidents/${id}`)).json.exercise, true);

    await again.getByText('Ghi đánh giá, bài học').click();
    await again.getByLabel('Đánh giá', { exact: true }).fill('Đạt yêu cầu');
    await again.getByLabel('Bài học kinh nghiệm').fill('Cần sao lưu ngoại tuyến');
    await again.getByRole('button', { name: 'Lưu đánh giá' }).click();
    await page.getByText('Đã lưu đánh giá cuộc diễn tập.').waitFor();
    await page.getByText('Bài học kinh nghiệm: Cần sao lưu ngoại tuyến').waitFor();

    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByRole('heading', { level: 1, name: 'Incident response drills' }).waitFor();
    await page.getByText('Exercise', { exact: true }).first().waitFor();
    await page.getByRole('button', { name: 'VI' }).click();
    await page.getByRole('heading', { level: 1, name: 'Diễn tập ứng cứu sự cố' }).waitFor();
    assert.deepEqual(errors, []);
  });
