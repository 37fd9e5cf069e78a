// The compliance calendar in Chromium: a department with a level-3
// system sees its duties with their statuses, marks one done with
// evidence; the coordinator's standing shows every unit, a commune's
// only its own; a phone in English.
import assert from 'node:assert/strict';
import { useWorld, world, e2e, open, signIn, PHONE, DESK, SAMPLE_PASSWORD } from './lib/harness.mjs';
import { signInAs, assertNoSideways, registerSystem } from './lib/systems.mjs';
import { api, mustLogin, listAll } from '../api/lib/server.mjs';
import { as } from '../api/lib/common.mjs';

useWorld();

const SYS = 'Cổng dịch vụ công Sở Nội vụ';
const YEAR = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(new Date());
let unitCount = 0;
let ASM = '';
const TODAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());

let ready = null;
/** Once, before the first test: a level-3 system of the department. */
const setup = () => (ready ||= (async () => {
  const s = await registerSystem(world.server.base, 'vanhanh.snv', { name: SYS, criteria: ['N85.9.2c'] });
  assert.equal(s.level.in_force, 3);
  // an external assessment of the system this year that answers no duty
  // by itself: the evidence the department names (web/assessments.js)
  const op = await mustLogin(world.server.base, 'vanhanh.snv');
  const a = await api(world.server.base, 'POST', '/api/v1/assessments', as(op, { body: {
    system_id: s.id, obligation: '', kind: 'external', title: 'Kiểm tra, đánh giá Cổng dịch vụ công',
    assessor: 'Trung tâm Giám sát an toàn không gian mạng quốc gia', held_on: TODAY, reference: 'BC-15/2026/SNV',
  } }));
  assert.equal(a.status, 201, a.text);
  ASM = String(a.json.id);
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
    // the evidence is an assessment recorded within the period, or one to record
    const pickA = item.getByLabel('Đợt kiểm tra, đánh giá', { exact: true });
    await pickA.locator('option').first().waitFor({ state: 'attached' });
    assert.deepEqual(await pickA.locator('option').allInnerTexts(),
      [`${TODAY.split('-').reverse().join('/')} · Kiểm tra, đánh giá Cổng dịch vụ công`]);
    assert.match(await item.getByRole('link', { name: 'Ghi nhận đợt kiểm tra, đánh giá' }).getAttribute('href'),
      /^#\/assessments\?new=1&unit_id=\d+&obligation=assess_level34&system_id=\d+$/);
    await pickA.selectOption(ASM);
    await item.getByLabel('Ghi chú').fill('Đánh giá bởi đơn vị được cấp phép');
    await item.getByRole('button', { name: 'Xác nhận đã thực hiện' }).click();
    const done = page.locator('.cal-item.done').filter({ hasText: 'Kiểm tra, đánh giá hệ thống cấp độ 3, 4 hằng năm' }).first();
    await done.getByText('Đã ghi nhận thực hiện.').waitFor();
    const dtext = await done.innerText();
    assert.match(dtext, /Đã thực hiện/);
    assert.match(dtext, new RegExp(`Báo cáo kiểm tra, đánh giá · Đợt đánh giá số ${ASM}`));
    assert.equal(await done.getByRole('link', { name: `Đợt đánh giá số ${ASM}` }).getAttribute('href'), `#/assessments?id=${ASM}`);
    assert.equal(await done.getByRole('button', { name: 'Đánh dấu đã thực hiện' }).count(), 0);
    // the unit's own standing counts it
    const standing = page.getByRole('region', { name: 'Tình hình thực hiện của đơn vị' });
    const row = standing.getByRole('row').filter({ has: page.getByRole('link', { name: /^SNV · / }) });
    await row.waitFor();
    assert.match((await row.getByRole('cell').nth(3).innerText()).trim(), /[1-9]\d*$/);
    // after a reload it is still done
    await page.reload();
    await page.locator('.cal-item.done').filter({ hasText: `Đợt đánh giá số ${ASM}` }).first().waitFor();
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
  await page.locator('.cal-item.done').filter({ hasText: `Đợt đánh giá số ${ASM}` }).first().waitFor();
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
