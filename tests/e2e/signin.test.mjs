// Sign-in, sign-out, the language switch and the dashboard, in Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  useWorld, e2e, open, signIn, PHONE, DESK, SAMPLE_PASSWORD,
} from './lib/harness.mjs';

const WEB = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');
useWorld();

/** web/i18n/<lang>/*.json joined, as scripts/embed_web.py serves them. */
function dictionary(lang) {
  const dir = path.join(WEB, 'i18n', lang);
  const all = {};
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    for (const [k, v] of Object.entries(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')))) {
      assert.ok(!(k in all), `${lang}/${f}: ${k} is defined twice`);
      all[k] = v;
    }
  }
  return all;
}

/** Every .js and .html file under web/. */
function webFiles(dir = WEB) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return webFiles(p);
    return /\.(js|html)$/.test(e.name) ? [p] : [];
  });
}

test('both dictionaries have the same keys, none empty', () => {
  const vi = dictionary('vi');
  const en = dictionary('en');
  const only = (a, b) => Object.keys(a).filter((k) => !(k in b));
  assert.deepEqual(only(vi, en), [], 'keys in vi missing from en');
  assert.deepEqual(only(en, vi), [], 'keys in en missing from vi');
  for (const [k, v] of [...Object.entries(vi), ...Object.entries(en)]) {
    assert.ok(typeof v === 'string' && v.trim() !== '', `${k}: empty string`);
  }
});

test('every key the pages use literally is in the dictionaries', () => {
  const vi = dictionary('vi');
  const used = new Set();
  for (const f of webFiles()) {
    const text = fs.readFileSync(f, 'utf8');
    const re = /(?:data-i18n(?:-label|-placeholder)?=|'data-i18n(?:-label|-placeholder)?': |\b(?:t|tn|tOr|setAlert\([^,]+,)\s*\(?)['"]([a-z_]+\.[\w.-]+)['"]/g;
    for (const m of text.matchAll(re)) used.add(m[1]);
  }
  assert.ok(used.size > 10, `found only ${used.size} keys: is the pattern stale?`);
  const missing = [...used].filter((k) => !(k in vi));
  assert.deepEqual(missing, [], 'keys used by web/ but missing from the dictionaries');
});

e2e('a commune operator signs in on a phone and sees the dashboard', { viewport: PHONE },
  async ({ page, base, errors }) => {
    await open(page, base);
    assert.equal(await page.locator('html').getAttribute('lang'), 'vi');
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
    assert.match(await page.title(), /Đăng nhập · Ứng cứu sự cố/);
    await signIn(page, 'vanhanh.xa', SAMPLE_PASSWORD);
    await page.getByRole('heading', { name: 'Tổng quan' }).waitFor();
    await page.getByRole('heading', { name: 'Sự cố đang mở' }).waitFor();
    await page.waitForSelector('.incidents:not([aria-busy])');
    assert.equal(await page.locator('#who-name').textContent(), 'Đỗ Thị Xuân');
    const shown = await page.locator('.incidents').innerText();
    assert.match(shown, /Không có sự cố nào đang mở|\d{2}\/\d{2}\/\d{4}/);
    assert.doesNotMatch(await page.locator('main').innerText(), /\b(null|undefined)\b/);
    // nothing wider than the phone: no sideways scrolling
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= 390, `page is ${wide} px wide at 390 px`);
    // a reload keeps the session (cookie) and the page
    await page.reload();
    await page.getByRole('heading', { name: 'Tổng quan' }).waitFor();
    // sign out: back to the sign-in page, with the notice
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
    await page.getByText('Bạn đã đăng xuất.').waitFor();
    await page.goto(`${base}/#/`);
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
    assert.deepEqual(errors, []);
  });

e2e('a wrong password shows the error beside the form and keeps the login',
  { viewport: PHONE }, async ({ page, base }) => {
    await open(page, base);
    await signIn(page, 'vanhanh.xa', 'not-the-password');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /Sai tên đăng nhập, mật khẩu hoặc mã xác thực/);
    assert.equal(await page.getByLabel('Tên đăng nhập').inputValue(), 'vanhanh.xa');
    assert.ok(await alert.evaluate((el) => el.closest('form') !== null), 'the alert is in the form');
    assert.equal(await page.getByRole('heading', { name: 'Tổng quan' }).count(), 0);
  });

e2e('empty fields are refused beside each field, without a request',
  { viewport: DESK }, async ({ page, base }) => {
    await open(page, base);
    let posted = 0;
    page.on('request', (r) => { if (r.method() === 'POST') posted++; });
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.locator('#login-err').waitFor();
    assert.equal(await page.locator('#login-err').innerText(), 'Trường này là bắt buộc.');
    assert.equal(await page.locator('#login').getAttribute('aria-invalid'), 'true');
    assert.equal(posted, 0);
  });

e2e('the language switch changes the visible strings, and is kept', { viewport: DESK },
  async ({ page, base }) => {
    await open(page, base);
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
    const before = await page.locator('body').innerText();
    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal(await page.getByRole('button', { name: 'EN' }).getAttribute('aria-pressed'), 'true');
    const after = await page.locator('body').innerText();
    for (const s of ['Ứng cứu sự cố', 'Tên đăng nhập', 'Mật khẩu']) {
      assert.ok(before.includes(s), `vi page shows ${s}`);
      assert.ok(!after.includes(s), `en page still shows ${s}`);
    }
    for (const s of ['Incident response', 'Login', 'Password']) assert.ok(after.includes(s), s);
    assert.match(await page.title(), /Sign in · Incident response/);
    // an error shown before the switch follows it
    await page.getByRole('button', { name: 'VI' }).click();
    await signIn(page, 'vanhanh.xa', 'wrong');
    await page.getByRole('alert').waitFor();
    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByText('Wrong login, password or authentication code.').waitFor();
    // the choice survives a reload, and reaches the dashboard
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await signIn(page, 'vanhanh.xa', SAMPLE_PASSWORD);
    await page.getByRole('heading', { name: 'Open incidents' }).waitFor();
  });
