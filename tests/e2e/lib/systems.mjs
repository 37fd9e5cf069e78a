// Helpers of tests/e2e/systems.test.mjs and tests/e2e/calendar.test.mjs.
import assert from 'node:assert/strict';
import { open, signIn, SAMPLE_PASSWORD } from './harness.mjs';
import { api, mustLogin } from '../../api/lib/server.mjs';
import { as } from '../../api/lib/common.mjs';

/** Sign in and wait for the dashboard. */
export async function signInAs(page, base, who) {
  await open(page, base);
  await signIn(page, who, SAMPLE_PASSWORD);
  await page.getByRole('heading', { level: 1, name: /Tổng quan|Overview/ }).waitFor();
}

/** The page's width against the viewport's: no sideways scrolling. */
export async function assertNoSideways(page, width) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= width, `page is ${wide} px wide at ${width} px`);
}

/** Register a system through the API (Node, not the browser). */
export async function registerSystem(base, who, body) {
  const s = await mustLogin(base, who);
  const r = await api(base, 'POST', '/api/v1/systems', as(s, { body }));
  assert.equal(r.status, 201, r.text);
  return r.json;
}
