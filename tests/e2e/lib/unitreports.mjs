// Helpers for tests/e2e/unitreports.test.mjs (#/reports: a unit's
// reports and statistics): API sessions of the sample users, incidents
// made through the API, signing in and opening the page, and checks.
import assert from 'node:assert/strict';
import { api, mustLogin } from '../../api/lib/server.mjs';
import { world, open, signIn, SAMPLE_PASSWORD } from './harness.mjs';

const sessions = {};
export async function session(login) {
  sessions[login] ??= await mustLogin(world.server.base, login);
  return sessions[login];
}

/** A request as a sample user, asserting the status (null: any; the JSON of a 200 or null); returns the JSON. */
export async function must(login, method, path, status, { body, ifMatch } = {}) {
  const s = await session(login);
  const r = await api(world.server.base, method, `/api/v1${path}`, { cookie: s.cookie, csrf: s.csrf, body, ifMatch });
  if (status === null) return r.status === 200 ? r.json : null; // whatever the server answers
  assert.equal(r.status, status, `${method} ${path}: ${r.text.slice(0, 400)}`);
  return r.json;
}

/** The sample units by code. */
export async function units() {
  const r = await must('dieuphoi', 'GET', '/units?limit=200', 200);
  return Object.fromEntries(r.items.map((u) => [u.code, u]));
}

/** An incident of the operator's unit, of the given types, detected an hour ago. */
export async function incident(login, types, n) {
  return must(login, 'POST', '/incidents', 201, {
    body: {
      title: `Sự cố thống kê số ${n}: thư rác gửi từ hộp thư công vụ`,
      description: 'Hàng loạt thư lạ gửi đi từ hộp thư của văn thư.',
      detected_at: new Date(Date.now() - 3_600_000).toISOString(),
      types,
    },
  });
}

/** Sign in through the page and open #/reports (with a query). */
export async function reportsPage(page, base, login, query = '') {
  await open(page, base);
  await signIn(page, login, SAMPLE_PASSWORD);
  await page.locator('#who-name').waitFor();
  await page.goto(`${base}/#/reports${query}`);
  await page.waitForSelector('body[data-ready="true"]');
  await settled(page);
}

/** Wait until nothing on the page is loading. */
export async function settled(page) {
  await page.waitForFunction(() => !document.querySelector('main [aria-busy="true"], main .loading')
    && document.querySelector('main .unitrep'));
}

/** The count shown in a row of a table (the first number after the row's heading). */
export async function countIn(table, rowName) {
  const row = table.getByRole('row', { name: rowName });
  return (await row.getByRole('cell').first().textContent()).trim();
}

/** The page does not scroll sideways. */
export async function noSideways(page) {
  const [sw, cw] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert.ok(sw <= cw, `the page scrolls sideways: ${sw} > ${cw}`);
}

export function thisYear() {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(new Date()));
}
