// Seeding for the list and dashboard tests: sessions and incidents made
// through the API of the test file's server (tests/api/lib/server.mjs).
import assert from 'node:assert/strict';
import { api, mustLogin } from '../../api/lib/server.mjs';
import { world } from './harness.mjs';

export const HOUR = 3600_000;
export const DAY = 24 * HOUR;
export const iso = (ms) => new Date(ms).toISOString();

const sessions = {};

/** A signed-in API session of a sample user (cached per file). */
export async function session(login) {
  if (!sessions[login]) sessions[login] = await mustLogin(world.server.base, login);
  return sessions[login];
}

/** api() as login; returns {status, json, text, headers}. */
export async function call(login, method, p, body, extra = {}) {
  const s = await session(login);
  return api(world.server.base, method, p, { cookie: s.cookie, csrf: s.csrf, body, ...extra });
}

let units = null;
/** Unit id by code. */
export async function unitId(code) {
  if (!units) {
    const r = await call('dieuphoi', 'GET', '/api/v1/units?limit=200');
    units = Object.fromEntries(r.json.items.map((u) => [u.code, u.id]));
  }
  return units[code];
}

/** Create an incident as login (201 insisted on); over replaces fields. */
export async function incident(login, over = {}) {
  const r = await call(login, 'POST', '/api/v1/incidents', {
    title: 'Truy cập bất thường vào cổng thông tin',
    description: 'Phát hiện nhiều yêu cầu đăng nhập sai từ địa chỉ lạ vào trang quản trị.',
    detected_at: iso(Date.now() - HOUR),
    ...over,
  });
  assert.equal(r.status, 201, `create incident: ${r.text.slice(0, 500)}`);
  return r.json;
}

/** The page must not scroll sideways at its viewport width. */
export async function assertNoSideScroll(page, width) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= width, `page is ${wide} px wide at ${width} px`);
}
