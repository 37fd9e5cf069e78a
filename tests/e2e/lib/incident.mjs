// Helpers for the incident workspace's tests: API sessions to set the
// scene (an incident reported by the commune, a report recorded as
// sent), and the page's steps as a person reaches them.
import assert from 'node:assert/strict';
import { world, open, signIn, SAMPLE_PASSWORD } from './harness.mjs';
import { api, login } from '../../api/lib/server.mjs';

/** An API session ({cookie, csrf}) of a sample user. */
export async function session(who, password = SAMPLE_PASSWORD) {
  const s = await login(world.server.base, who, password);
  assert.equal(s.status, 201, `login ${who}: ${s.res.text}`);
  return { cookie: s.cookie, csrf: s.csrf };
}

/** A valid incident reported by a commune operator (tests/api/incidents.test.mjs). */
export async function communeIncident(over = {}) {
  const s = await session('vanhanh.xa');
  const body = {
    title: 'Cổng thông tin xã Nghĩa Trụ bị thay đổi giao diện',
    description: 'Trang chủ hiển thị nội dung lạ từ 7 giờ sáng; người dân phản ánh qua đường dây nóng.',
    detected_at: new Date(Date.now() - 2 * 3_600_000).toISOString(),
    types: ['TC05'],
    ...over,
  };
  const r = await api(world.server.base, 'POST', '/api/v1/incidents', { ...s, body });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

export async function getIncident(who, id) {
  const s = await session(who);
  const r = await api(world.server.base, 'GET', `/api/v1/incidents/${encodeURIComponent(id)}`, s);
  assert.equal(r.status, 200, r.text);
  return r.json;
}

/** Record that a report was sent (the "reports sent" panel's job), through the API. */
export async function recordSend(who, id, report) {
  const s = await session(who);
  const cur = await getIncident(who, id);
  const r = await api(world.server.base, 'POST', `/api/v1/incidents/${encodeURIComponent(id)}/sends`, {
    ...s, ifMatch: cur.version,
    body: {
      report, sent_at: new Date(Date.now() - 60_000).toISOString(), channel: 'cong_van',
      recipients: ['UBND tỉnh Hưng Yên', 'Trung tâm Giám sát an toàn không gian mạng quốc gia'],
      reference: '125/BC-UBND',
    },
  });
  assert.ok([200, 201].includes(r.status), `send ${report}: ${r.text}`);
}

/** Sign in and open an incident's workspace; wait until it has loaded. */
export async function openIncident(page, base, who, id, { lang = 'vi' } = {}) {
  await open(page, base, '#/signin');
  if (lang === 'en') {
    await page.getByRole('button', { name: 'EN' }).click();
    await page.locator('html[lang="en"]').waitFor();
  }
  await signIn(page, who, SAMPLE_PASSWORD);
  await page.locator('#who:not([hidden])').waitFor();
  await page.goto(`${base}/#/incidents/${encodeURIComponent(id)}`);
  await page.waitForSelector('body[data-ready="true"]');
  await page.waitForFunction(() => !document.querySelector('main [aria-busy="true"], main .loading'));
}

/** The step's list item in the stepper. */
export function step(page, code) {
  return page.locator(`li[data-step="${code}"]`);
}

/** Open a step (a click on its summary) unless it is open already. */
export async function openStep(page, code) {
  const li = step(page, code);
  const details = li.locator('details');
  if (!(await details.evaluate((d) => d.open))) await li.locator('summary').click();
  return li;
}

/** Click one of a step's actions and wait for its message. */
export async function stepAction(page, code, name, message) {
  const li = await openStep(page, code);
  await li.getByRole('button', { name, exact: true }).click();
  if (message) await step(page, code).getByRole('status').filter({ hasText: message }).waitFor();
  return step(page, code);
}

/** A step's state word, as its badge says it. */
export async function stepState(page, code) {
  return (await step(page, code).locator('summary .badge').first().innerText()).trim();
}
