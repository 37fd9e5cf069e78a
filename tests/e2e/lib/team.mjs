// Helpers of tests/e2e/team.test.mjs and tests/e2e/playbooks.test.mjs.
import assert from 'node:assert/strict';
import { world } from './harness.mjs';
import { api, mustLogin, listAll } from '../../api/lib/server.mjs';

/** A signed-in API session (Node side) and a caller bound to it. */
export async function as(who) {
  const s = await mustLogin(world.server.base, who);
  const call = async (method, p, body, ifMatch) => {
    const r = await api(world.server.base, method, `/api/v1${p}`, { cookie: s.cookie, csrf: s.csrf, body, ifMatch });
    return r;
  };
  return { s, call };
}

/** Unit code -> id, as the administrator sees them. */
export async function unitIds() {
  const s = await mustLogin(world.server.base, 'admin');
  const out = {};
  for (const u of await listAll(world.server.base, '/api/v1/units', { cookie: s.cookie })) out[u.code] = u.id;
  return out;
}

/** ms -> "dd/mm/yyyy HH:MM" in Asia/Ho_Chi_Minh (UTC+7, no DST). */
export function localText(ms) {
  const d = new Date(ms + 7 * 3600_000);
  const p = (n) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

/** The page's width against the viewport's: no sideways scrolling. */
export async function assertNoSideways(page, width) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= width, `page is ${wide} px wide at ${width} px`);
}

/** An incident of the person's unit, made through the API; its id. */
export async function incidentOf(who, title) {
  const { call } = await as(who);
  const r = await call('POST', '/incidents', {
    title, description: 'Máy chủ tệp của xã bị mã hóa dữ liệu.', types: ['TC03'],
    detected_at: new Date(Date.now() - 3_600_000).toISOString(),
  });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}
