// Helpers for the incident workspace's panels (tests/e2e/panels.test.mjs):
// API sessions and incidents made through the API, and opening the
// workspace at #/incidents/{id}, where the page shows the panels.
import assert from 'node:assert/strict';
import { api, mustLogin } from '../../api/lib/server.mjs';

export { api };

/** A signed-in API session: {cookie, csrf, user, login}. */
export function session(base, login) { return mustLogin(base, login); }

/** Auth options for api() from a session, plus extras. */
export const as = (s, extra = {}) => ({ cookie: s.cookie, csrf: s.csrf, ...extra });

let seq = 0;
/** Create an incident (201 or fail) detected `hoursAgo` ago; returns it. */
export async function createIncident(base, s, over = {}) {
  seq += 1;
  const body = {
    title: `Truy cập trái phép vào cổng thông tin điện tử ${seq}`,
    description: 'Phát hiện nhiều lần đăng nhập sai từ địa chỉ lạ vào trang quản trị.',
    detected_at: new Date(Date.now() - 2 * 3600_000).toISOString(),
    ...over,
  };
  const r = await api(base, 'POST', '/api/v1/incidents', as(s, { body }));
  assert.equal(r.status, 201, `create incident: ${r.text.slice(0, 500)}`);
  return r.json;
}

/**
 * Open the incident's workspace (web/incident.js places the panels)
 * and wait for its panels.
 */
export async function openWorkspace(page, base, id) {
  await page.goto(`${base}/#/incidents/${encodeURIComponent(id)}`);
  await page.waitForSelector('body[data-ready="true"]');
  await page.locator('#panel-tasks').waitFor();
}

/** A panel by its heading (the section is labelled by its <h2>). */
export function panel(page, name) {
  return page.getByRole('region', { name, exact: true });
}

/** Wait until no panel list is loading. */
export async function settled(page) {
  await page.waitForFunction(() => document.querySelectorAll('.inc-panel [aria-busy="true"]').length === 0);
}
