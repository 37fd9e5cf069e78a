// Security assessments (#/assessments) in Chromium: a department operator
// records the yearly assessment of its level-3 system; a date that is not
// one and a self-assessment of a level-3 system are refused beside their
// fields and create nothing; the external one is listed (date, kind in
// words, system, duty, findings) and marks the calendar's item done with
// a link back to the record; a stale edit (If-Match) asks to reload; one
// deleted after a confirmation. A commune operator sees none of the
// department's, on a phone.
import assert from 'node:assert/strict';
import { useWorld, world, e2e, PHONE, DESK } from './lib/harness.mjs';
import { as, assertNoSideways } from './lib/team.mjs';
import { registerSystem } from './lib/systems.mjs';
import { dayText, dayIso, signInAs, settled, axeViolations } from './lib/readiness.mjs';

useWorld();

const SYS = 'Cổng dịch vụ công Sở Nội vụ';
const DUTY = 'Kiểm tra, đánh giá hệ thống cấp độ 3, 4 hằng năm';
const TITLE = 'Kiểm tra, đánh giá an toàn thông tin Cổng dịch vụ công năm nay';
const ORG = 'Trung tâm Giám sát an toàn không gian mạng quốc gia';

let ready = null;
const setup = () => (ready ||= (async () => {
  const s = await registerSystem(world.server.base, 'vanhanh.snv', { name: SYS, criteria: ['N85.9.2c'] });
  assert.equal(s.level.in_force, 3);
})());

async function toAssessments(page, base, who, name = 'Kiểm tra, đánh giá',
  h1 = 'Kiểm tra, đánh giá an toàn thông tin') {
  await signInAs(page, base, who);
  await page.getByRole('navigation').getByRole('link', { name }).click();
  await page.getByRole('heading', { level: 1, name: h1 }).waitFor();
  await settled(page);
}

e2e('an operator records the yearly assessment of a level-3 system; bad input creates nothing; the calendar item is done',
  { viewport: DESK }, async ({ page, base, errors }) => {
    await setup();
    const { call } = await as('vanhanh.snv');
    await toAssessments(page, base, 'vanhanh.snv');
    await page.getByText('Chưa có đợt kiểm tra, đánh giá nào.').waitFor();
    await page.getByRole('button', { name: 'Ghi nhận đợt kiểm tra, đánh giá' }).click();
    const form = page.locator('form.as-form');
    await form.getByRole('heading', { name: 'Ghi nhận đợt kiểm tra, đánh giá an toàn thông tin' }).waitFor();
    const duty = form.getByLabel('Nghĩa vụ định kỳ được thực hiện');
    await duty.locator('option', { hasText: DUTY }).waitFor({ state: 'attached' });
    assert.deepEqual(await form.getByLabel('Hình thức').locator('option').allInnerTexts(),
      ['Tự kiểm tra, đánh giá', 'Tổ chức được cấp phép, chỉ định']);
    await duty.selectOption({ label: DUTY });
    // a per-system duty: the systems that owe it, and the rule in words
    const sys = form.getByLabel('Hệ thống thông tin');
    assert.deepEqual(await sys.locator('option').allInnerTexts(), [`${SYS} (cấp độ 3)`]);
    await form.getByText('Hệ thống cấp độ 3 trở lên phải do tổ chức chuyên môn được cấp phép').waitFor();

    // a date that is not one: refused beside its field, nothing sent
    await form.getByLabel('Tên đợt kiểm tra, đánh giá').fill(TITLE);
    await form.getByLabel('Ngày bắt đầu').fill('31/02/2026');
    await form.getByRole('button', { name: 'Lưu', exact: true }).click();
    await form.locator('#as-f-held-err').getByText('Ngày không đúng dạng ngày/tháng/năm.').waitFor();
    assert.equal(await form.getByLabel('Ngày bắt đầu').getAttribute('aria-invalid'), 'true');
    // a self-assessment of a level-3 system: the server refuses it
    await form.getByLabel('Ngày bắt đầu').fill(dayText(0));
    await form.getByLabel('Ngày kết thúc').fill(dayText(-3));
    await form.getByRole('button', { name: 'Lưu', exact: true }).click();
    await form.locator('#as-f-kind-err')
      .getByText('Hệ thống cấp độ 3 trở lên phải do tổ chức được cấp phép, chỉ định kiểm tra, đánh giá.').waitFor();
    assert.equal(await form.getByLabel('Hình thức').getAttribute('aria-invalid'), 'true');
    assert.equal(await form.getByLabel('Ngày kết thúc').getAttribute('aria-invalid'), 'true');
    await form.getByRole('alert').first().waitFor();
    let list = await call('GET', '/assessments');
    assert.equal(list.status, 200, list.text);
    assert.equal(list.json.items.length, 0, 'nothing was created');
    assert.deepEqual(await axeViolations(page), [], 'the form with its errors');

    // the good input
    await form.getByLabel('Hình thức').selectOption({ label: 'Tổ chức được cấp phép, chỉ định' });
    await form.getByLabel('Tổ chức thực hiện').fill(ORG);
    await form.getByLabel('Ngày kết thúc').fill('');
    await form.getByLabel('Phạm vi kiểm tra, đánh giá').fill('Máy chủ ứng dụng, cơ sở dữ liệu, tường lửa');
    await form.getByLabel('Cao', { exact: true }).fill('2');
    await form.getByLabel('Thấp', { exact: true }).fill('4');
    await form.getByLabel('Kết quả, kiến nghị').fill('Đã khắc phục 2 điểm yếu mức cao.');
    await form.getByLabel('Số hiệu báo cáo, nơi lưu').fill('Báo cáo số 15/BC-SNV');
    await form.getByRole('button', { name: 'Lưu', exact: true }).click();
    await page.getByText(`Đã ghi nhận “${TITLE}”.`).waitFor();
    const row = page.locator('tbody tr').filter({ hasText: TITLE });
    await row.getByText(dayText(0)).waitFor();
    await row.getByText('Tổ chức được cấp phép, chỉ định').waitFor();
    await row.getByText(SYS).waitFor();
    await row.getByText(DUTY).waitFor();
    const findings = await row.locator('.as-findings').innerText();
    for (const s of ['Nghiêm trọng: 0', 'Cao: 2', 'Trung bình: 0', 'Thấp: 4']) assert.ok(findings.includes(s), findings);
    list = await call('GET', '/assessments');
    const rec = list.json.items[0];
    assert.equal(rec.kind, 'external');
    assert.equal(rec.obligation, 'assess_level34');
    assert.deepEqual(rec.findings, { critical: 0, high: 2, medium: 0, low: 4 });

    // the calendar: the item is done, its evidence links to the record
    await page.getByRole('link', { name: 'Xem Lịch tuân thủ' }).click();
    await page.getByRole('heading', { level: 1, name: 'Lịch tuân thủ' }).waitFor();
    const done = page.locator('.cal-item.done').filter({ hasText: DUTY }).filter({ hasText: SYS }).first();
    await done.waitFor();
    await done.getByRole('link', { name: `Đợt đánh giá số ${rec.id}` }).click();
    const edit = page.locator('form.as-form');
    await edit.getByRole('heading', { name: 'Sửa thông tin đợt kiểm tra, đánh giá' }).waitFor();
    assert.equal(await edit.getByLabel('Tên đợt kiểm tra, đánh giá').inputValue(), TITLE);
    await edit.getByLabel('Nghĩa vụ định kỳ được thực hiện').locator('option:checked', { hasText: DUTY }).waitFor({ state: 'attached' });

    // someone else changes it meanwhile: the save asks to reload
    const changed = await call('PATCH', `/assessments/${rec.id}`, { summary: 'Đã khắc phục toàn bộ.' }, rec.version);
    assert.equal(changed.status, 200, changed.text);
    await edit.getByLabel('Kết quả, kiến nghị').fill('Bản sửa cũ');
    await edit.getByRole('button', { name: 'Lưu', exact: true }).click();
    await edit.getByText('Thông tin vừa được người khác thay đổi', { exact: false }).waitFor();
    await edit.getByRole('button', { name: 'Tải lại bản mới nhất' }).click();
    // the reload is a request: the button hides once the form holds it
    await edit.getByRole('button', { name: 'Tải lại bản mới nhất' }).waitFor({ state: 'hidden' });
    assert.equal(await edit.getByLabel('Kết quả, kiến nghị').inputValue(), 'Đã khắc phục toàn bộ.');
    await edit.getByLabel('Số hiệu báo cáo, nơi lưu').fill('Báo cáo số 16/BC-SNV');
    await edit.getByRole('button', { name: 'Lưu', exact: true }).click();
    await page.getByText(`Đã lưu “${TITLE}”.`).waitFor();
    const after = await call('GET', `/assessments/${rec.id}`);
    assert.equal(after.json.reference, 'Báo cáo số 16/BC-SNV');
    assert.equal(after.json.summary, 'Đã khắc phục toàn bộ.');

    // delete after a confirmation; Cancel first keeps it. The calendar
    // names this one as its evidence: it is kept, and the page says why.
    await page.locator('tbody tr').filter({ hasText: TITLE }).getByRole('button', { name: /Xem, sửa/ }).click();
    await page.getByRole('button', { name: 'Xóa đợt đánh giá này' }).click();
    const dlg = page.getByRole('dialog', { name: 'Xóa đợt kiểm tra, đánh giá?' });
    await dlg.getByRole('button', { name: 'Hủy' }).click();
    assert.equal((await call('GET', `/assessments/${rec.id}`)).status, 200);
    await page.getByRole('button', { name: 'Xóa đợt đánh giá này' }).click();
    await dlg.getByRole('button', { name: 'Xóa', exact: true }).click();
    await page.getByText('Không xóa được: đợt đánh giá này là minh chứng', { exact: false }).waitFor();
    assert.equal((await call('GET', `/assessments/${rec.id}`)).status, 200, 'kept as the evidence');

    // one that nothing names is deleted
    const adhoc = await call('POST', '/assessments', { kind: 'self', title: 'Tự kiểm tra đột xuất', held_on: dayIso(0) });
    assert.equal(adhoc.status, 201, adhoc.text);
    await page.goto(`${base}/#/assessments?id=${adhoc.json.id}`);
    await page.getByRole('button', { name: 'Xóa đợt đánh giá này' }).click();
    await dlg.getByRole('button', { name: 'Xóa', exact: true }).click();
    await page.getByText('Đã xóa “Tự kiểm tra đột xuất”.').waitFor();
    assert.equal((await call('GET', `/assessments/${adhoc.json.id}`)).status, 404);
    await page.screenshot({ path: '/tmp/shots/assessments/assessments-1440-vi.png', fullPage: true }).catch(() => {});
    assert.deepEqual(errors, []);
  });

e2e('a commune operator sees none of the department\'s assessments; on a phone in English',
  { viewport: PHONE, lang: 'en' }, async ({ page, base, errors }) => {
    await setup();
    const { call } = await as('vanhanh.snv');
    const r = await call('POST', '/assessments', { kind: 'self', title: 'Tự kiểm tra của Sở Nội vụ', held_on: '2026-03-02' });
    assert.equal(r.status, 201, r.text);
    await toAssessments(page, base, 'vanhanh.xa', 'Security assessments', 'Security assessments');
    await page.getByText('No assessments yet.').waitFor();
    const main = await page.locator('main').innerText();
    assert.ok(!main.includes('Tự kiểm tra của Sở Nội vụ'), 'not the department\'s');
    await page.getByRole('button', { name: 'Record an assessment' }).click();
    await page.locator('form.as-form').getByRole('heading', { name: 'Record a security assessment' }).waitFor();
    await settled(page);
    await assertNoSideways(page, PHONE.width);
    await page.screenshot({ path: '/tmp/shots/assessments/assessments-390-en.png', fullPage: true }).catch(() => {});
    // the record itself is out of sight
    await page.goto(`${base}/#/assessments?id=${r.json.id}`);
    await page.getByRole('heading', { level: 1, name: 'Security assessments' }).waitFor();
    await page.locator('.rd-list .alert.error').waitFor();
    assert.deepEqual(errors.filter((e) => !/404/.test(e)), []);
  });
