// The profile page in Chromium: the password, two-factor enrolment with
// the server's QR code, API tokens, a unit that requires two-factor, and a session
// that expires on the page.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import {
  useWorld, world, e2e, open, signIn, PHONE, DESK, SAMPLE_PASSWORD,
} from './lib/harness.mjs';
import { login, api, mustLogin } from '../api/lib/server.mjs';
import { totp, stepAt } from '../api/lib/totp.mjs';
import {
  goToProfile, wrongCode, assertNoSideways, readQr, assertFinder, serverGrid,
} from './lib/profile.mjs';

useWorld();

const NEW_PASSWORD = 'Mua-Thu-Ha-Noi-2026';

/** Sign in and go to the profile page. */
async function toProfile(page, base, who, password = SAMPLE_PASSWORD) {
  await open(page, base);
  await signIn(page, who, password);
  await page.getByRole('heading', { level: 1, name: 'Tổng quan' }).waitFor();
  await goToProfile(page);
}

/** GET /api/v1/me with a bearer token, from Node (not the browser). */
async function meWithToken(token) {
  const r = await fetch(`${world.server.base}/api/v1/me`, {
    headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
  });
  return { status: r.status, json: await r.json().catch(() => null) };
}

e2e('who I am, in both languages', { viewport: DESK }, async ({ page, base, errors }) => {
  await toProfile(page, base, 'kiemtra');
  const who = page.getByRole('region', { name: 'Thông tin tài khoản' });
  await who.getByText('Ủy ban nhân dân tỉnh Hưng Yên').first().waitFor();
  const text = await who.innerText();
  for (const s of ['Lê Văn Kiểm', 'kiemtra', 'Cán bộ kiểm tra', 'Chưa có']) assert.ok(text.includes(s), s);
  assert.match(text, /Đăng nhập gần nhất\s+\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
  assert.doesNotMatch(await page.locator('main').innerText(), /\b(null|undefined|profile\.)/);
  // nothing here is a form field: read-only
  assert.equal(await who.locator('input, select, textarea').count(), 0);
  await page.getByRole('button', { name: 'EN' }).click();
  await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
  for (const name of ['Account details', 'Change password', 'Two-factor authentication', 'API tokens']) {
    await page.getByRole('heading', { name }).waitFor();
  }
  assert.match(await page.title(), /My account · Incident response/);
  const en = await page.locator('main').innerText();
  for (const s of ['Auditor', 'Not set', 'Last sign-in', 'Current password', '90 days']) assert.ok(en.includes(s), s);
  for (const s of ['Mật khẩu', 'Chưa có', 'Khóa API']) assert.ok(!en.includes(s), `still shows ${s}`);
  await page.getByRole('button', { name: 'VI' }).click();
  await page.getByRole('heading', { level: 1, name: 'Tài khoản của tôi' }).waitFor();
  assert.deepEqual(errors, []);
});

e2e('change the password: refused beside the fields, then changed; sign in with the new one',
  { viewport: DESK }, async ({ page, base, errors }) => {
    await toProfile(page, base, 'vanhanh.xa');
    let posted = 0;
    page.on('request', (r) => { if (r.url().endsWith('/api/v1/me/password')) posted++; });
    const current = page.getByLabel('Mật khẩu hiện tại');
    const fresh = page.getByLabel('Mật khẩu mới', { exact: true });
    const again = page.getByLabel('Nhập lại mật khẩu mới');
    const submit = page.getByRole('button', { name: 'Đổi mật khẩu' });
    // the rules the server enforces, as the new password's hint
    const hint = await fresh.getAttribute('aria-describedby');
    assert.match(await page.locator(`#${hint}`).innerText(), /Ít nhất 12 ký tự/);

    // the repeat is checked in the browser: no request
    await current.fill('Not-The-Password-1!');
    await fresh.fill(NEW_PASSWORD);
    await again.fill(`${NEW_PASSWORD}x`);
    await submit.click();
    await page.getByText('Hai lần nhập mật khẩu mới không giống nhau.').waitFor();
    assert.equal(await again.getAttribute('aria-invalid'), 'true');
    assert.equal(posted, 0);

    // a wrong current password: the server's field error beside the field
    await again.fill(NEW_PASSWORD);
    await submit.click();
    const currentErr = page.locator('#pw-current-err');
    await currentErr.waitFor();
    assert.equal(await currentErr.innerText(), 'Mật khẩu hiện tại không đúng.');
    assert.equal(await current.getAttribute('aria-invalid'), 'true');
    assert.match(await current.getAttribute('aria-describedby'), /pw-current-err/);
    assert.equal(await again.getAttribute('aria-invalid'), null);
    assert.match(await page.getByRole('alert').filter({ hasText: /\S/ }).innerText(), /Một số trường chưa hợp lệ/);
    assert.equal(posted, 1);
    // nothing changed: the old password still signs in
    assert.equal((await login(base, 'vanhanh.xa', SAMPLE_PASSWORD)).status, 201);

    // a new password the server's rules refuse, beside its field
    await current.fill(SAMPLE_PASSWORD);
    await fresh.fill('short-one');
    await again.fill('short-one');
    await submit.click();
    await page.locator('#pw-new-err').getByText('Mật khẩu mới cần ít nhất 12 ký tự.').waitFor();
    assert.equal(await current.getAttribute('aria-invalid'), null);

    // the right one
    await fresh.fill(NEW_PASSWORD);
    await again.fill(NEW_PASSWORD);
    await submit.click();
    await page.getByText('Đã đổi mật khẩu.', { exact: false }).waitFor();
    const live = await page.getByText('Đã đổi mật khẩu.', { exact: false })
      .evaluate((el) => el.closest('[aria-live]')?.getAttribute('aria-live'));
    assert.equal(live, 'polite');
    for (const f of [current, fresh, again]) assert.equal(await f.inputValue(), '');
    assert.equal(posted, 3);
    assert.equal((await login(base, 'vanhanh.xa', SAMPLE_PASSWORD)).status, 401);

    // the session rotated and the page took the new CSRF token: a write works
    await page.getByLabel('Tên khóa').fill('sau khi đổi mật khẩu');
    await page.getByRole('button', { name: 'Tạo khóa' }).click();
    await page.getByText('Đã tạo khóa “sau khi đổi mật khẩu”.').waitFor();
    await page.getByRole('button', { name: 'Đã chép, đóng lại' }).click();

    // sign out, and in with the new password
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
    await signIn(page, 'vanhanh.xa', SAMPLE_PASSWORD);
    await page.getByText('Sai tên đăng nhập, mật khẩu hoặc mã xác thực.').waitFor();
    await signIn(page, 'vanhanh.xa', NEW_PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Tổng quan' }).waitFor();
    assert.deepEqual(errors, []);
  });

e2e('two-factor: enrol from the key shown as text, recovery codes once, then sign-in asks for the code',
  { viewport: DESK }, async ({ page, base, errors }) => {
    await toProfile(page, base, 'bcd');
    const card = page.getByRole('region', { name: 'Xác thực hai lớp' });
    await card.getByText('Chưa bật').waitFor();
    const started = page.waitForResponse((r) => r.url().endsWith('/api/v1/me/totp') && r.request().method() === 'POST');
    await card.getByRole('button', { name: 'Bật xác thực hai lớp' }).click();
    const enrolment = await (await started).json();
    await page.getByRole('heading', { name: 'Bước 1. Thêm tài khoản vào ứng dụng xác thực' }).waitFor();

    // the QR code: our SVG, a square grid of a QR size, the matrix of the URI
    const svg = page.getByRole('img', { name: 'Mã QR để thêm tài khoản vào ứng dụng xác thực' });
    const qr = await readQr(svg);
    assert.deepEqual(qr.children, ['rect', 'path']);
    assertFinder(qr.grid, 0, 0, 'top left');
    assertFinder(qr.grid, qr.size - 7, 0, 'top right');
    assertFinder(qr.grid, 0, qr.size - 7, 'bottom left');
    assert.deepEqual(qr.grid, serverGrid(enrolment.qr_svg, qr.size), 'the drawing is the server\'s symbol');

    // the key as text, in groups of 4, is the one in the URI
    const shown = (await page.locator('#totp-secret').innerText()).trim();
    assert.match(shown, /^([A-Z2-7]{4} )*[A-Z2-7]{1,4}$/);
    const secret = shown.replace(/\s+/g, '');
    assert.equal(secret, new URL(enrolment.otpauth_uri).searchParams.get('secret').replace(/=+$/, ''));
    assert.ok(await page.getByText(`ungcuu:bcd`).isVisible());

    // a wrong code, then the right one
    const code = page.getByLabel('Mã 6 chữ số đang hiển thị trong ứng dụng');
    await code.fill('12345');
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await page.getByText('Mã gồm đúng 6 chữ số.').waitFor();
    await code.fill(wrongCode(secret));
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await page.getByText('Mã không đúng. Kiểm tra giờ trên điện thoại rồi nhập mã mới nhất.').waitFor();
    assert.equal(await code.getAttribute('aria-invalid'), 'true');
    const step = stepAt();
    await code.fill(totp(secret, step));
    await page.getByRole('button', { name: 'Xác nhận' }).click();

    // the recovery codes, shown once, with the instruction to keep them
    const box = page.getByRole('region', { name: 'Mã khôi phục' });
    await box.waitFor();
    assert.match(await box.innerText(), /chỉ hiển thị một lần/);
    const codes = (await box.locator('li').allInnerTexts()).map((s) => s.trim());
    assert.equal(codes.length, 10);
    for (const c of codes) assert.match(c, /^[a-z2-9]{5}-[a-z2-9]{5}$/);
    await box.getByRole('button', { name: 'Chép các mã' }).waitFor();
    await box.getByRole('button', { name: 'In các mã' }).waitFor();
    await card.getByText('Đang bật').waitFor();
    await page.getByRole('button', { name: 'Tôi đã lưu các mã' }).click();
    await box.waitFor({ state: 'detached' });
    assert.ok(!(await page.locator('main').innerText()).includes(codes[0]), 'the codes are gone');
    await card.getByRole('button', { name: 'Chuyển sang điện thoại khác' }).waitFor();

    // sign out; signing in now asks for the code
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
    await signIn(page, 'bcd', SAMPLE_PASSWORD);
    await page.getByText('Tài khoản này cần mã xác thực thứ hai.').waitFor();
    // the step after the one spent on confirming (a code counts once)
    await page.getByLabel('Mã xác thực').fill(totp(secret, step + 1));
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tổng quan' }).waitFor();

    // a recovery code, typed in the same field, works once
    const withCode = async (code) => {
      await page.getByRole('button', { name: 'Đăng xuất' }).click();
      await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
      await signIn(page, 'bcd', SAMPLE_PASSWORD);
      await page.getByText('Tài khoản này cần mã xác thực thứ hai.').waitFor();
      await page.getByLabel('Mã xác thực').fill(code);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
    };
    await withCode(codes[0]);
    await page.getByRole('heading', { level: 1, name: 'Tổng quan' }).waitFor();
    await withCode(codes[0]);
    await page.getByText('Sai tên đăng nhập, mật khẩu hoặc mã xác thực.').waitFor();
    assert.equal(await page.getByRole('heading', { level: 1, name: 'Tổng quan' }).count(), 0,
      'a recovery code is used once');
    await page.getByLabel('Mã xác thực').fill(codes[1]);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tổng quan' }).waitFor();
    assert.deepEqual(errors.filter((e) => !/status of 401/.test(e)), []);
  });

e2e('API tokens on a phone: create, shown once, used, revoked after confirming',
  { viewport: PHONE }, async ({ page, base, errors }) => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    await toProfile(page, base, 'doiungcuu');
    const card = page.getByRole('region', { name: 'Khóa API' });
    await card.getByText('Bạn chưa có khóa API nào đang hiệu lực.').waitFor();
    let posted = 0;
    page.on('request', (r) => { if (r.url().endsWith('/api/v1/me/tokens') && r.method() === 'POST') posted++; });
    await card.getByRole('button', { name: 'Tạo khóa' }).click();
    await page.locator('#token-name-err').getByText('Trường này là bắt buộc.').waitFor();
    assert.equal(posted, 0);

    await card.getByLabel('Tên khóa').fill('Wazuh');
    await card.getByLabel('Thời hạn').selectOption({ label: '30 ngày' });
    await card.getByText(/Khóa sẽ hết hiệu lực lúc \d{2}\/\d{2}\/\d{4} 23:59/).waitFor();
    await card.getByRole('button', { name: 'Tạo khóa' }).click();
    await card.getByRole('heading', { name: 'Khóa mới: Wazuh' }).waitFor();
    const token = (await page.locator('#token-secret').innerText()).trim();
    assert.match(token, /^uct_\S{20,}$/);
    await assertNoSideways(page, PHONE.width);
    await card.getByRole('button', { name: 'Chép khóa' }).click();
    await card.getByText('Đã chép vào bộ nhớ tạm.').waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), token);

    // listed without its secret, with its dates
    const item = card.getByRole('listitem').filter({ hasText: 'Wazuh' });
    const listed = await item.innerText();
    assert.match(listed, /Đang hiệu lực/);
    assert.match(listed, /Tạo lúc\s+\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    assert.match(listed, /Dùng lần cuối\s+Chưa dùng/);
    assert.match(listed, /Hết hạn\s+\d{2}\/\d{2}\/\d{4} 23:59/);

    // it works against the API; once closed, it is not shown again
    const me = await meWithToken(token);
    assert.equal(me.status, 200);
    assert.equal(me.json.login, 'doiungcuu');
    await card.getByRole('button', { name: 'Đã chép, đóng lại' }).click();
    assert.ok(!(await page.locator('body').innerText()).includes(token));
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Tài khoản của tôi' }).waitFor();
    assert.match(await item.innerText(), /Dùng lần cuối\s+\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    assert.ok(!(await page.locator('body').innerText()).includes(token));

    // revoke: a dialog first; cancelling keeps the token
    await item.getByRole('button', { name: 'Thu hồi' }).click();
    const dialog = page.getByRole('dialog', { name: 'Thu hồi khóa API?' });
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /Khóa “Wazuh” sẽ ngừng hoạt động ngay/);
    await assertNoSideways(page, PHONE.width);
    await dialog.getByRole('button', { name: 'Hủy' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal((await meWithToken(token)).status, 200);
    await item.getByRole('button', { name: 'Thu hồi' }).click();
    await dialog.getByRole('button', { name: 'Thu hồi khóa' }).click();
    await card.getByText('Đã thu hồi khóa “Wazuh”.').waitFor();
    await dialog.waitFor({ state: 'detached' });
    await card.getByText('Bạn chưa có khóa API nào đang hiệu lực.').waitFor();
    await card.getByText('Khóa đã thu hồi hoặc hết hạn (1)').waitFor();
    assert.equal((await meWithToken(token)).status, 401);
    await assertNoSideways(page, PHONE.width);
    assert.deepEqual(errors, []);
  });

e2e('a unit that requires two-factor: the page says so first, enrolment opens the rest',
  { viewport: PHONE }, async ({ page, base, errors }) => {
    world.server.sql("UPDATE units SET require_totp = 1 WHERE code = 'XA-PC'");
    world.server.sql("UPDATE users SET unit_id = (SELECT id FROM units WHERE code = 'XA-PC') WHERE login = 'quantri.snv'");
    await toProfile(page, base, 'quantri.snv');
    const banner = page.getByText('Đơn vị của bạn yêu cầu xác thực hai lớp.', { exact: false });
    await banner.waitFor();
    // the warning comes right under the title, and two-factor is the first section
    const order = await page.locator('main h1, main .profile-must, main h2').evaluateAll(
      (els) => els.map((e) => e.localName));
    assert.deepEqual(order.slice(0, 3), ['h1', 'div', 'h2']);
    assert.equal(await page.locator('main h2').first().innerText(), 'Xác thực hai lớp');
    const tokens = page.getByRole('region', { name: 'Khóa API' });
    await tokens.getByText('Hãy bật xác thực hai lớp trước').waitFor();
    assert.equal(await tokens.getByLabel('Tên khóa').count(), 0);

    const started = page.waitForResponse((r) => r.url().endsWith('/api/v1/me/totp'));
    await page.getByRole('button', { name: 'Bật ngay' }).click();
    const enrolment = await (await started).json();
    const qr = await readQr(page.getByRole('img', { name: /Mã QR/ }));
    assert.deepEqual(qr.grid, serverGrid(enrolment.qr_svg, qr.size));
    await assertNoSideways(page, PHONE.width);
    const secret = (await page.locator('#totp-secret').innerText()).replace(/\s+/g, '');
    await page.getByLabel('Mã 6 chữ số đang hiển thị trong ứng dụng').fill(totp(secret));
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await page.getByRole('region', { name: 'Mã khôi phục' }).waitFor();
    await page.getByText('Đã bật xác thực hai lớp: bạn đã dùng được đầy đủ các chức năng.', { exact: false }).waitFor();
    // announced once, at the top
    assert.equal(await page.getByText('Từ lần đăng nhập sau', { exact: false }).count(), 1);
    await tokens.getByLabel('Tên khóa').waitFor();
    await tokens.getByText('Bạn chưa có khóa API nào đang hiệu lực.').waitFor();
    await assertNoSideways(page, PHONE.width);
    assert.deepEqual(errors, []);
  });

e2e('the session expires on the profile page: sign in again, back on the page',
  { viewport: DESK }, async ({ page, base, errors }) => {
    await toProfile(page, base, 'lanhdao.snv');
    world.server.sql("UPDATE sessions SET expires_at = '2000-01-01T00:00:00.000Z'"
      + " WHERE user_id = (SELECT id FROM users WHERE login = 'lanhdao.snv')");
    await page.getByLabel('Tên khóa').fill('hết phiên');
    await page.getByRole('button', { name: 'Tạo khóa' }).click();
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
    await page.getByText('Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.').waitFor();
    await signIn(page, 'lanhdao.snv', SAMPLE_PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Tài khoản của tôi' }).waitFor();
    assert.equal(new URL(page.url()).hash, '#/profile');
    // the request that met the expiry did nothing
    await page.getByText('Bạn chưa có khóa API nào đang hiệu lực.').waitFor();
    assert.deepEqual(errors, []);
  });

const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe's WCAG A/AA violations on the page as shown. */
async function violations(page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
}

e2e('notifications: email off for one kind, an own webhook with its secret shown once, kept; a stale save reloads',
  { viewport: DESK }, async ({ page, base, errors }) => {
    // what the server offers: whatever kinds it lists, with their labels
    const s = await mustLogin(base, 'dieuphoi');
    const auth = { cookie: s.cookie, csrf: s.csrf };
    const before = (await api(base, 'GET', '/api/v1/me/notifications', auth)).json;
    const kindOf = (k) => before.kinds.find((x) => x.kind === k);
    const task = kindOf('task.assigned').label;
    const serious = kindOf('incident.serious').label;
    await toProfile(page, base, 'dieuphoi');
    const card = page.getByRole('region', { name: 'Nhận thông báo' });
    const table = card.getByRole('table');
    await table.waitFor();
    // one row per kind the server lists, email ticked by default
    assert.equal(await table.locator('tbody tr').count(), before.kinds.length);
    for (const k of before.kinds) {
      await table.getByRole('rowheader', { name: k.label }).waitFor();
      assert.equal(await card.getByRole('checkbox', { name: `Thư điện tử ${k.label}` }).isChecked(), true);
      assert.equal(await card.getByRole('checkbox', { name: `Webhook ${k.label}` }).isChecked(), false);
    }
    // the account has no address: said
    await card.getByText('Tài khoản của bạn chưa có địa chỉ thư điện tử', { exact: false }).waitFor();

    const mail = card.getByRole('checkbox', { name: `Thư điện tử ${task}` });
    const hook = card.getByRole('checkbox', { name: `Webhook ${task}` });
    const url = card.getByLabel('Địa chỉ webhook');
    const save = card.getByRole('button', { name: 'Lưu lựa chọn' });

    // a webhook kind without an address: the server's error beside the field
    await mail.uncheck();
    await hook.check();
    await save.click();
    await card.getByText('Có loại thông báo được chọn gửi qua webhook: hãy nhập địa chỉ webhook', { exact: false }).waitFor();
    assert.equal(await url.getAttribute('aria-invalid'), 'true');
    assert.match(await url.getAttribute('aria-describedby'), /notify-url-err/);
    await url.fill('ftp://127.0.0.1:9/hook');
    await save.click();
    await card.getByText('Địa chỉ webhook phải bắt đầu bằng http:// hoặc https://.').waitFor();
    assert.deepEqual(await violations(page), []);

    // saved: said politely, the secret the server made shown once
    await url.fill('http://127.0.0.1:9/hook');
    await save.click();
    const live = card.locator('.profile-live[aria-live="polite"]').first();
    await live.getByText('Đã lưu lựa chọn nhận thông báo.').waitFor();
    const secretPanel = card.getByRole('region', { name: 'Khóa ký webhook của bạn' });
    await secretPanel.getByText('Khóa này chỉ hiển thị một lần.', { exact: false }).waitFor();
    const secret = await secretPanel.locator('code').innerText();
    assert.match(secret, /^whsec_[A-Za-z0-9_-]{20,}$/);
    assert.equal(await url.getAttribute('aria-invalid'), null);
    await secretPanel.getByRole('button', { name: 'Chép khóa ký' }).waitFor();
    assert.deepEqual(await violations(page), []);
    await secretPanel.getByRole('button', { name: 'Tôi đã lưu khóa' }).click();
    assert.equal(await card.getByText(secret).count(), 0);

    // the server has it as chosen
    const now = (await api(base, 'GET', '/api/v1/me/notifications', auth)).json;
    assert.equal(now.webhook_url, 'http://127.0.0.1:9/hook');
    assert.deepEqual(now.kinds.filter((k) => k.kind === 'task.assigned').map((k) => [k.email, k.webhook]), [[false, true]]);
    assert.equal(now.webhook_secret, undefined);

    // after a reload: the choices kept, the secret never shown again
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Tài khoản của tôi' }).waitFor();
    await table.waitFor();
    assert.equal(await mail.isChecked(), false);
    assert.equal(await hook.isChecked(), true);
    assert.equal(await url.inputValue(), 'http://127.0.0.1:9/hook');
    assert.equal(await page.getByText(secret).count(), 0);

    // meanwhile another session turns off mail for serious incidents: this
    // page's save is stale (412), reloaded and said
    const r = await api(base, 'PUT', '/api/v1/me/notifications', {
      ...auth, ifMatch: now.version, body: { kinds: [{ kind: 'incident.serious', email: false }] },
    });
    assert.equal(r.status, 200, r.text);
    await mail.check();
    await save.click();
    await card.getByRole('alert').filter({ hasText: 'vừa được thay đổi ở nơi khác' }).waitFor();
    assert.equal(await card.getByRole('checkbox', { name: `Thư điện tử ${serious}` }).isChecked(), false);
    assert.equal(await mail.isChecked(), false, 'what is saved is shown, not what was ticked');
    const after = (await api(base, 'GET', '/api/v1/me/notifications', auth)).json;
    assert.equal(after.version, now.version + 1, 'the stale save changed nothing');

    // in English: the server's English labels
    await page.getByRole('button', { name: 'EN' }).click();
    const en = page.getByRole('region', { name: 'Notifications' });
    await en.getByRole('rowheader', { name: kindOf('task.assigned').label_en }).waitFor();
    await en.getByRole('checkbox', { name: `Email ${kindOf('task.assigned').label_en}` }).waitFor();
    await en.getByLabel('Webhook address').waitFor();
    await page.getByRole('button', { name: 'VI' }).click();
    await card.getByRole('rowheader', { name: task }).waitFor();
    assert.deepEqual(errors, []);
  });

e2e('notifications on a phone: no sideways scrolling', { viewport: PHONE }, async ({ page, base, errors }) => {
  await toProfile(page, base, 'kiemtra');
  const card = page.getByRole('region', { name: 'Nhận thông báo' });
  await card.getByRole('table').waitFor();
  await card.scrollIntoViewIfNeeded();
  await assertNoSideways(page, PHONE.width);
  assert.deepEqual(errors, []);
});
