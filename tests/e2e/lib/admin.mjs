// Helpers for the administration pages' tests: sign in and open a page,
// read and change things through the API behind the browser's back, and
// tamper with the audit log the way tests/api/audit.test.mjs does.
import assert from 'node:assert/strict';
import { api, mustLogin, listAll } from '../../api/lib/server.mjs';
import { world, open, signIn, ADMIN_PASSWORD, SAMPLE_PASSWORD } from './harness.mjs';

export const passwordOf = (login) => (login === 'admin' ? ADMIN_PASSWORD : SAMPLE_PASSWORD);

/** Sign in as login in the browser, then open #hash. */
export async function signInTo(page, base, login, hash) {
  await open(page, base);
  await signIn(page, login, passwordOf(login));
  await page.locator('#who:not([hidden])').waitFor();
  await page.goto(`${base}/#${hash}`);
  await page.waitForSelector('body[data-ready="true"]');
  await page.locator('main section.admin').waitFor();
}

/** An API session of its own (a second person working at the same time). */
export async function session(login) {
  const s = await mustLogin(world.server.base, login, passwordOf(login));
  const call = async (method, path, o = {}) => api(world.server.base, method, `/api/v1${path}`,
    { cookie: s.cookie, csrf: s.csrf, ...o });
  return {
    call,
    all: (path) => listAll(world.server.base, `/api/v1${path}`, { cookie: s.cookie, csrf: s.csrf }),
    async unit(code) {
      const u = (await this.all('/units')).find((x) => x.code === code);
      assert.ok(u, `unit ${code} must exist`);
      return u;
    },
    async user(login) {
      const u = (await this.all('/users')).find((x) => x.login === login);
      assert.ok(u, `user ${login} must exist`);
      return u;
    },
  };
}

/** No sideways scrolling at the page's width. */
export async function assertNoSideways(page, width, what) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= width, `${what}: the page is ${wide} px wide at ${width} px`);
}

/**
 * Edit one audit entry's action directly in the database, after removing
 * the triggers that guard the table (as an attacker with the file would).
 */
export function tamperAuditEntry(id) {
  const s = world.server;
  assert.equal(s.engine, 'sqlite', 'the e2e world runs on SQLite');
  const triggers = s.sql("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_entries'")
    .split('\n').map((x) => x.trim()).filter(Boolean);
  for (const t of triggers) s.sql(`DROP TRIGGER "${t}"`);
  s.sql(`UPDATE audit_entries SET action = action || '.x' WHERE id = ${Number(id)}`);
  const now = s.sql(`SELECT action FROM audit_entries WHERE id = ${Number(id)}`).trim();
  assert.match(now, /\.x$/, 'the tampering must apply');
}
