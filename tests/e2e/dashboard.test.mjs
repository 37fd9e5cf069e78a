// The dashboard (#/) in Chromium: serious incidents on top, reporting
// deadlines with a countdown, the person's tasks, open incidents, and
// this month's incidents by status and by type as bar charts whose
// numbers match what was made through the API.
import assert from 'node:assert/strict';
import {
  useWorld, e2e, open, signIn, PHONE, DESK, SAMPLE_PASSWORD, ADMIN_PASSWORD,
} from './lib/harness.mjs';
import {
  HOUR, DAY, iso, incident, call, session, unitId, assertNoSideScroll,
} from './lib/list.mjs';
import { GOOD_PASSWORD } from '../api/lib/common.mjs';

useWorld();

const I = {};
let seeding = null;
function seeded() {
  if (!seeding) {
    seeding = (async () => {
      const now = Date.now();
      I.D1 = await incident('vanhanh.xa', {
        title: 'Tấn công từ chối dịch vụ cổng thông tin xã', types: ['TC01'], detected_at: iso(now - 60_000),
      });
      I.D2 = await incident('vanhanh.xa', {
        title: 'Mã độc mã hóa máy chủ một cửa', types: ['TC01', 'TC03'], detected_at: iso(now - 120_000),
        systems: [{ name: 'Hệ thống một cửa điện tử', level: 4 }], harms: ['a'], owner_cannot_handle: true,
      });
      // forty days ago: last month's, its notice long overdue
      I.OLD = await incident('vanhanh.xa', {
        title: 'Thư giả mạo gửi cán bộ xã', types: ['TC02'], detected_at: iso(now - 40 * DAY),
      });
      I.S1 = await incident('vanhanh.snv', {
        title: 'Dò quét cổng dịch vụ công của Sở', types: ['TC04'], detected_at: iso(now - 60_000),
      });
      const me = (await session('vanhanh.xa')).user.id;
      const r = await call('vanhanh.xa', 'POST', `/api/v1/incidents/${I.D1.id}/tasks`, {
        title: 'Chặn địa chỉ IP tấn công trên tường lửa', assignee_id: me, due_at: iso(now + 3 * HOUR),
      });
      assert.equal(r.status, 201, r.text);
      I.task = r.json;
      assert.equal(I.D2.severity, 'serious', 'fixture: D2 is serious');
    })();
  }
  return seeding;
}

async function openDashboard(page, base, login, password = SAMPLE_PASSWORD) {
  await seeded();
  await open(page, base);
  await signIn(page, login, password);
  await page.getByRole('heading', { level: 1, name: /Tổng quan|Overview/ }).waitFor();
}

const loaded = (page) => page.waitForFunction(
  () => document.querySelector('.dashboard') && !document.querySelector('.dashboard [aria-busy]'));

/** The counts per key of GET /incidents/count?group= for this month, as login. */
async function monthGroups(login, group) {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit',
  }).formatToParts(new Date()).map((x) => [x.type, x.value]));
  const last = new Date(Date.UTC(Number(p.year), Number(p.month), 0)).getUTCDate();
  const r = await call(login, 'GET',
    `/api/v1/incidents/count?group=${group}&from=${p.year}-${p.month}-01&to=${p.year}-${p.month}-${last}`);
  assert.equal(r.status, 200, r.text);
  return { ...r.json, from: `${p.year}-${p.month}-01`, to: `${p.year}-${p.month}-${String(last).padStart(2, '0')}` };
}

/** {label: number} from a chart's table of numbers. */
async function chartNumbers(chart) {
  const rows = await chart.locator('.chart-data tbody tr').evaluateAll((trs) => trs.map((tr) =>
    [tr.querySelector('th').textContent.trim(), Number(tr.querySelector('td').textContent)]));
  return Object.fromEntries(rows);
}

e2e('serious incidents on top, deadlines counting down, my tasks, and this month in charts',
  { viewport: DESK }, async ({ page, base, errors }) => {
    await openDashboard(page, base, 'vanhanh.xa');
    await loaded(page);
    // serious first
    const serious = page.getByRole('region', { name: 'Sự cố nghiêm trọng' });
    const link = serious.getByRole('link', { name: new RegExp(I.D2.title) });
    assert.equal(await link.getAttribute('href'), `#/incidents/${I.D2.id}`);
    const order = await page.locator('.dashboard h2').allInnerTexts();
    assert.equal(order[0], 'Sự cố nghiêm trọng');

    // deadlines: the overdue notice first, with the time it is late by
    const clocks = page.getByRole('region', { name: 'Hạn báo cáo sắp đến' });
    const first = clocks.locator('li').first();
    assert.match(await first.innerText(), new RegExp(I.OLD.title));
    assert.match(await first.innerText(), /Quá hạn/);
    assert.match(await first.innerText(), /quá hạn \d+ ngày/);
    assert.equal(await first.getByRole('link').getAttribute('href'), `#/incidents/${I.OLD.id}`);
    // and a running one counting down
    const running = clocks.locator('li', { hasText: I.D1.title }).first();
    assert.match(await running.innerText(), /còn \d+ ngày/);

    // my task, with its incident and its countdown
    const tasks = page.getByRole('region', { name: 'Nhiệm vụ của tôi' });
    const task = tasks.locator('li', { hasText: I.task.title });
    assert.match(await task.innerText(), /còn (2 giờ \d+ phút|3 giờ)/);
    assert.equal(await task.getByRole('link').getAttribute('href'), `#/incidents/${I.D1.id}`);

    // open incidents: the serious one first
    const openList = page.locator('.incidents li');
    assert.equal(await openList.count(), 3);
    assert.match(await openList.first().innerText(), new RegExp(I.D2.title));

    // this month: two incidents (last month's and the Sở's are not counted)
    const stats = page.getByRole('region', { name: /Sự cố tháng \d{2}\/\d{4}/ });
    await stats.getByText('Tổng số: 2 sự cố được phát hiện trong tháng.').waitFor();
    const byType = stats.locator('figure.chart', { hasText: 'Theo loại sự cố' });
    assert.deepEqual(await chartNumbers(byType), {
      'Tấn công từ chối dịch vụ': 2, 'Tấn công sử dụng mã độc': 1,
    }, 'an incident of two types counts under each');
    const typeImg = byType.getByRole('img');
    const summary = await typeImg.getAttribute('aria-label');
    assert.match(summary, /Tấn công từ chối dịch vụ 2; Tấn công sử dụng mã độc 1/);
    const byStatus = stats.locator('figure.chart', { hasText: 'Theo trạng thái' });
    const want = await monthGroups('vanhanh.xa', 'status');
    assert.equal(want.count, 2);
    const statusNumbers = await chartNumbers(byStatus);
    assert.equal(Object.values(statusNumbers).reduce((a, b) => a + b, 0), 2);
    assert.equal(Object.keys(statusNumbers).length, want.groups.length);
    assert.match(await byStatus.getByRole('img').getAttribute('aria-label'), /^Số sự cố tháng \d{2}\/\d{4} — Theo trạng thái: /);
    // the bar's value is written beside it
    assert.deepEqual(await typeImg.locator('.chart-value').allTextContents(), ['2', '1']);

    // a bar opens the list filtered the same way
    await typeImg.locator('g.chart-bar').first().click();
    await page.getByRole('heading', { level: 1, name: 'Danh sách sự cố' }).waitFor();
    const q = new URLSearchParams(new URL(page.url()).hash.split('?')[1]);
    assert.deepEqual(Object.fromEntries(q), { type: 'TC01', from: want.from, to: want.to });
    await page.waitForSelector('.list-results:not([aria-busy])', { state: 'attached' });
    assert.equal(await page.locator('.incident-table tbody tr').count(), 2);
    assert.deepEqual(errors, []);
  });

e2e('the numbers behind a chart are a table its links reach by keyboard', { viewport: DESK },
  async ({ page, base, errors }) => {
    await openDashboard(page, base, 'vanhanh.xa');
    await loaded(page);
    const byType = page.locator('figure.chart', { hasText: 'Theo loại sự cố' });
    const table = byType.locator('.chart-data');
    const hidden = await table.evaluate((el) => el.getBoundingClientRect().height);
    assert.ok(hidden <= 1, 'visually hidden until used');
    const cell = byType.getByRole('link', { name: 'Tấn công sử dụng mã độc' });
    await cell.focus();
    const shown = await table.evaluate((el) => el.getBoundingClientRect().height);
    assert.ok(shown > 20, `shown while a link in it has focus (${shown} px)`);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Danh sách sự cố' }).waitFor();
    assert.match(page.url(), /type=TC03/);
    assert.deepEqual(errors, []);
  });

e2e('the coordinator counts every unit; the language switch redraws the charts', { viewport: DESK },
  async ({ page, base, errors }) => {
    await openDashboard(page, base, 'dieuphoi');
    await loaded(page);
    const byType = page.locator('figure.chart').nth(1);
    assert.deepEqual(await chartNumbers(byType), {
      'Tấn công từ chối dịch vụ': 2, 'Tấn công sử dụng mã độc': 1,
      'Tấn công truy cập trái phép, chiếm quyền điều khiển': 1,
    });
    const want = await monthGroups('dieuphoi', 'type');
    assert.equal(want.groups.reduce((n, g) => n + g.count, 0), 4);
    await page.getByText('Tổng số: 3 sự cố được phát hiện trong tháng.').waitFor();
    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await page.locator('figcaption', { hasText: 'By incident type' }).waitFor();
    const summary = await byType.getByRole('img').getAttribute('aria-label');
    assert.match(summary, /^Incidents in \d{2}\/\d{4} — By incident type: Denial-of-service attack 2; /);
    assert.match(await page.locator('figure.chart').first().getByRole('img').getAttribute('aria-label'), /New 3/);
    assert.match(await page.locator('.dash-clocks').innerText(), /\d+ d( \d+ h)? left|Overdue/);
    await page.getByText('In total: 3 incidents detected this month.').waitFor();
    assert.deepEqual(errors, []);
  });

e2e('on a phone: no sideways scrolling', { viewport: PHONE }, async ({ page, base, errors }) => {
  await openDashboard(page, base, 'vanhanh.xa');
  await loaded(page);
  await assertNoSideScroll(page, PHONE.width);
  const svg = await page.locator('figure.chart svg').first().boundingBox();
  assert.ok(svg.x + svg.width <= PHONE.width, 'charts fit the phone');
  assert.deepEqual(errors, []);
});

e2e('a unit requiring a second factor: the warning links to the profile; an admin sees no incidents',
  { viewport: DESK }, async ({ page, base, errors }) => {
    await seeded();
    const unit = await unitId('XA-PC');
    const u = await call('admin', 'GET', `/api/v1/units/${unit}`);
    const patched = await call('admin', 'PATCH', `/api/v1/units/${unit}`, { require_totp: true },
      { ifMatch: u.json.version });
    assert.equal(patched.status, 200, patched.text);
    const made = await call('admin', 'POST', '/api/v1/users', {
      login: 'vanhanh.xapc', full_name: 'Cán bộ xã Phụng Công', unit_id: unit, password: GOOD_PASSWORD,
      roles: [{ role: 'operator', unit_id: unit }],
    });
    assert.equal(made.status, 201, made.text);
    await openDashboard(page, base, 'vanhanh.xapc', GOOD_PASSWORD);
    const warn = page.getByRole('link', { name: /yêu cầu xác thực hai lớp/ });
    await warn.click();
    await page.waitForFunction(() => location.hash === '#/profile');
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.getByText('Vai trò của bạn không bao gồm việc xem sự cố.', { exact: false }).waitFor();
    assert.deepEqual(errors, []);
  });
