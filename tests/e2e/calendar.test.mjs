// The compliance calendar in Chromium: a department with a level-3
// system sees its duties with their statuses, marks one done with
// evidence; the coordinator's standing shows every unit, a commune's
// only its own; a phone in English.
import assert from 'node:assert/strict';
import { useWorld, world, e2e, open, signIn, PHONE, DESK, SAMPLE_PASSWORD } from './lib/harness.mjs';
import { signInAs, assertNoSideways, registerSystem } from './lib/systems.mjs';
import { mustLogin, listAll } from '../api/lib/server.mjs';
import { as } from '../api/lib/common.mjs';

useWorld();

const SYS = 'Cổng dịch vụ công Sở Nội vụ';
const YEAR = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(new Date());
let unitCount = 0;

let ready = null;
/** Once, before the first test: a level-3 system of the department. */
const setup = () => (ready ||= (async () => {
  const s = await registerSystem(world.server.base, 'vanhanh.snv', { name: SYS, criteria: ['N85.9.2c'] });
  assert.equal(s.level.in_force, 3);
  const admin = await mustLogin(world.server.base, 'dieuphoi');
  unitCount = (await listAll(world.server.base, '/api/v1/units', as(admin))).length;
})());

e2e('a department sees its duties and its level-3 system\'s, and marks one done with evidence',
  { viewport: DESK }, async ({ page, base, errors }) => {
    await setup();
    await signInAs(page, base, 'vanhanh.snv');
    await page.getByRole('navigation').getByRole('link', { name: 'Lịch tuân thủ' }).click();
    await page.getByRole('heading', { level: 1, name: 'Lịch tuân thủ' }).waitFor();
    await page.getByRole('heading', { level: 2, name: new RegExp(`Nghĩa vụ năm ${YEAR}`) }).waitFor();
    const item = page.locator('.cal-item').filter({ hasText: 'Kiểm tra, đánh giá hệ thống cấp độ 3, 4 hằng năm' })
      .filter({ hasText: SYS }).first();
    await item.waitFor();
    const text = await item.innerText();
    assert.match(text, /Hạn hoàn thành\s+\d{2}\/\d{2}\/\d{4}/);
    assert.match(text, /Chưa đến hạn|Sắp đến hạn|Quá hạn/);
    assert.ok(text.includes(`Kỳ\n${YEAR}`) || text.includes(`Kỳ ${YEAR}`) || text.includes(YEAR), text);
    // statuses are words, not colours alone
    const words = await page.locator('.cal-status').allInnerTexts();
    assert.ok(words.length > 5);
    for (const w of words) assert.ok(['Chưa đến hạn', 'Sắp đến hạn', 'Đã thực hiện', 'Quá hạn'].includes(w), w);

    await item.getByRole('button', { name: 'Đánh dấu đã thực hiện' }).click();
    const kind = item.getByLabel('Loại minh chứng');
    assert.deepEqual(await kind.locator('option').allInnerTexts(), ['Báo cáo kiểm tra, đánh giá']);
    // the reference is required
    await item.getByRole('button', { name: 'Xác nhận đã thực hiện' }).click();
    assert.equal(await item.getByLabel('Số hiệu, nơi lưu minh chứng').getAttribute('aria-invalid'), 'true');
    await item.getByLabel('Số hiệu, nơi lưu minh chứng').fill('BC-15/2026/SNV');
    await item.getByLabel('Ghi chú').fill('Đánh giá bởi đơn vị được cấp phép');
    await item.getByRole('button', { name: 'Xác nhận đã thực hiện' }).click();
    const done = page.locator('.cal-item.done').filter({ hasText: 'Kiểm tra, đánh giá hệ thống cấp độ 3, 4 hằng năm' }).first();
    await done.getByText('Đã ghi nhận thực hiện.').waitFor();
    const dtext = await done.innerText();
    assert.match(dtext, /Đã thực hiện/);
    assert.match(dtext, /Báo cáo kiểm tra, đánh giá · BC-15\/2026\/SNV/);
    assert.equal(await done.getByRole('button', { name: 'Đánh dấu đã thực hiện' }).count(), 0);
    // the unit's own standing counts it
    const standing = page.getByRole('region', { name: 'Tình hình thực hiện của đơn vị' });
    const row = standing.getByRole('row').filter({ has: page.getByRole('link', { name: /^SNV · / }) });
    await row.waitFor();
    assert.match((await row.getByRole('cell').nth(3).innerText()).trim(), /[1-9]\d*$/);
    // after a reload it is still done
    await page.reload();
    await page.locator('.cal-item.done').filter({ hasText: 'BC-15/2026/SNV' }).first().waitFor();
    assert.deepEqual(errors, []);
  });

e2e('the coordinator\'s standing shows every unit and leads to a unit\'s calendar', { viewport: DESK }, async ({ page, base, errors }) => {
    await setup();
  await signInAs(page, base, 'dieuphoi');
  await page.getByRole('navigation').getByRole('link', { name: 'Lịch tuân thủ' }).click();
  const standing = page.getByRole('region', { name: 'Tình hình thực hiện của các đơn vị' });
  await standing.getByRole('row').nth(1).waitFor();
  assert.equal(await standing.getByRole('row').count(), unitCount + 1, 'a row per unit and the header');
  for (const h of ['Đơn vị', 'Quá hạn', 'Sắp đến hạn', 'Chưa đến hạn', 'Đã thực hiện']) {
    await standing.getByRole('columnheader', { name: h }).waitFor();
  }
  await standing.getByRole('link', { name: /^SNV · / }).click();
  await page.locator('.cal-item').filter({ hasText: SYS }).first().waitFor();
  await page.locator('.cal-item.done').filter({ hasText: 'BC-15/2026/SNV' }).first().waitFor();
  assert.deepEqual(errors, []);
});

e2e('a commune operator sees only its own unit; on a phone in English, no sideways scrolling',
  { viewport: PHONE, lang: 'en' }, async ({ page, base, errors }) => {
    await setup();
    await open(page, base);
    await signIn(page, 'vanhanh.xa', SAMPLE_PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'Compliance calendar' }).click();
    await page.getByRole('heading', { level: 1, name: 'Compliance calendar' }).waitFor();
    const standing = page.getByRole('region', { name: 'Your unit\'s standing' });
    await standing.getByRole('row').nth(1).waitFor();
    assert.equal(await standing.getByRole('row').count(), 2, 'its own unit only');
    assert.match(await standing.innerText(), /XA-NT/);
    await page.locator('.cal-item').first().waitFor();
    const main = await page.locator('main').innerText();
    assert.ok(!main.includes(SYS), 'not the department\'s system');
    assert.match(main, /Due by \d{2}\/\d{2}\/\d{4}|Due by\n\d{2}\/\d{2}\/\d{4}/);
    for (const s of ['Hạn hoàn thành', 'Đánh dấu', 'Lịch tuân thủ']) assert.ok(!main.includes(s), `still shows ${s}`);
    await assertNoSideways(page, PHONE.width);
    await page.screenshot({ path: '/tmp/shots/calendar/calendar-390-en.png', fullPage: true }).catch(() => {});
    assert.deepEqual(errors, []);
  });
