// The whole way of one incident through the pages, as the issue tells
// it: a commune operator whose account has a second factor signs in on
// a phone, reports an incident with the form, attaches evidence in the
// workspace and sees the reporting clocks; the provincial coordinator,
// at a desk, sees it appear on the dashboard and in the list; an
// operator of another unit finds it neither by link nor by search.
import assert from 'node:assert/strict';
import { useWorld, world, e2e, open, signIn, PHONE, DESK, SAMPLE_PASSWORD } from './lib/harness.mjs';
import { api, login } from '../api/lib/server.mjs';
import { totp, stepAt } from '../api/lib/totp.mjs';

useWorld();

const TITLE = 'Cổng thông tin xã Nghĩa Trụ bị chèn mã độc';
const FILE = Buffer.from('203.0.113.7 - - [21/11/2026:06:12:01 +0700] "POST /wp-login.php" 200\n'.repeat(2000));

/** Turn on the second factor of a user through the API; the secret. */
async function enrolTotp(who) {
  const s = await login(world.server.base, who, SAMPLE_PASSWORD);
  const as = { cookie: s.cookie, csrf: s.csrf };
  const begin = await api(world.server.base, 'POST', '/api/v1/me/totp', as);
  assert.equal(begin.status, 201, `POST /me/totp: ${begin.status}`);
  const { secret } = begin.json;
  const ok = await api(world.server.base, 'POST', '/api/v1/me/totp/confirm',
    { ...as, body: { code: totp(secret, stepAt()) } });
  assert.equal(ok.status, 200, `confirm: ${ok.text.slice(0, 200)}`);
  return secret;
}

/** dd/mm/yyyy and HH:MM of an instant, in Vietnam (UTC+7). */
function vn(ms) {
  const d = new Date(ms + 7 * 3_600_000);
  const p = (n) => String(n).padStart(2, '0');
  return { date: `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`,
    time: `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}` };
}

let reported = null; // the incident's id, for the tests after the first

e2e('a commune operator with a second factor reports from a phone, attaches evidence, sees the clocks',
  { viewport: PHONE }, async ({ page, base, errors }) => {
    const secret = await enrolTotp('vanhanh.xa');
    await open(page, base);
    await signIn(page, 'vanhanh.xa', SAMPLE_PASSWORD);
    await page.getByText('Tài khoản này cần mã xác thực thứ hai.').waitFor();
    // the code after the one spent on enrolling (a code counts once)
    await page.getByLabel('Mã xác thực').fill(totp(secret, stepAt() + 1));
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tổng quan' }).waitFor();

    await page.getByRole('link', { name: 'Báo cáo sự cố' }).click();
    await page.getByRole('heading', { level: 1, name: 'Báo cáo sự cố' }).waitFor();
    const detected = vn(Date.now() - 40 * 60_000);
    await page.getByLabel('Tên sự cố').fill(TITLE);
    await page.getByLabel('Mô tả sơ bộ về sự cố').fill('Trang chủ chuyển hướng người xem sang trang lạ từ 06:10.');
    await page.getByLabel('Ngày phát hiện').fill(detected.date);
    await page.getByLabel('Giờ phát hiện').fill(detected.time);
    await page.getByRole('button', { name: /^Gửi báo cáo/ }).click();

    // the workspace of the new incident
    await page.waitForURL(/#\/incidents\/SC-\d{4}-\d{4}$/);
    reported = decodeURIComponent(page.url().split('/').pop());
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    const header = await page.locator('main').innerText();
    assert.ok(header.includes(reported), 'the id is shown');
    // the clocks: the 5-day notice runs, with its countdown
    const clock = page.locator('.clock', { hasText: 'Thông báo sự cố' }).first();
    await clock.waitFor();
    assert.match(await clock.innerText(), /Trong hạn[\s\S]*còn 4 ngày|Trong hạn[\s\S]*còn 5 ngày/);
    assert.match(await clock.innerText(), /Hạn: \d{2}\/\d{2}\/\d{4} 23:59/);

    // evidence, with the progress bar and the server's SHA-256
    const ev = page.getByRole('region', { name: 'Chứng cứ' });
    await ev.getByRole('button', { name: 'Tải lên chứng cứ' }).click();
    await ev.getByLabel('Tệp chứng cứ').setInputFiles({ name: 'access.log', mimeType: 'text/plain', buffer: FILE });
    await ev.getByLabel('Mô tả', { exact: true }).fill('Nhật ký truy cập máy chủ web');
    await ev.getByRole('button', { name: 'Tải lên', exact: true }).click();
    await page.waitForFunction(() => document.querySelector('#panel-evidence progress')?.value === 100);
    const sha = (await import('node:crypto')).createHash('sha256').update(FILE).digest('hex');
    await ev.locator('li[data-ev]', { hasText: 'access.log' }).getByText(sha).waitFor();

    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= PHONE.width, `page is ${wide} px wide at ${PHONE.width} px`);
    assert.deepEqual(errors, []);
  });

e2e('the provincial coordinator sees it appear on the dashboard and in the list', { viewport: DESK },
  async ({ page, base, errors }) => {
    assert.ok(reported, 'the first test reported an incident');
    await open(page, base);
    await signIn(page, 'dieuphoi', SAMPLE_PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Tổng quan' }).waitFor();
    await page.locator('main').getByText(TITLE).first().waitFor();
    await page.getByRole('link', { name: 'Sự cố', exact: true }).click();
    await page.getByRole('heading', { level: 1 }).waitFor();
    const row = page.locator('main tr', { hasText: reported });
    await row.waitFor();
    await row.getByRole('link', { name: TITLE }).click();
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    assert.deepEqual(errors, []);
  });

e2e('an operator of another unit gets neither the incident nor its evidence, by link or by search',
  { viewport: DESK }, async ({ page, base, errors }) => {
    assert.ok(reported, 'the first test reported an incident');
    await open(page, base);
    await signIn(page, 'vanhanh.snv', SAMPLE_PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Tổng quan' }).waitFor();
    await page.goto(`${base}/#/incidents/${encodeURIComponent(reported)}`);
    await page.getByRole('heading', { level: 1, name: 'Không có trang này.' }).waitFor();
    assert.ok(!(await page.locator('main').innerText()).includes(TITLE));
    await page.goto(`${base}/#/incidents?q=${encodeURIComponent('mã độc Nghĩa Trụ')}`);
    await page.waitForFunction(() => !document.querySelector('main [aria-busy="true"]'));
    assert.ok(!(await page.locator('main').innerText()).includes(reported));
    // the evidence by its address, with this person's cookies
    const dp = await login(base, 'dieuphoi', SAMPLE_PASSWORD);
    const list = await api(base, 'GET', `/api/v1/incidents/${reported}/evidence`, { cookie: dp.cookie });
    assert.equal(list.status, 200, list.text);
    const eid = list.json.items[0].id;
    for (const p of [`/api/v1/incidents/${reported}/evidence/${eid}/content`, `/api/v1/incidents/${reported}/evidence`]) {
      const r = await page.request.get(`${base}${p}`);
      assert.equal(r.status(), 404, p);
    }
    assert.deepEqual(errors, []);
  });
