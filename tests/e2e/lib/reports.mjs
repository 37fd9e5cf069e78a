// Helpers for tests/e2e/reports.test.mjs (the official reports panel of
// the incident workspace): API sessions of the sample users, incidents
// and reports made through the API, the panel found by its heading, the
// text of a PDF (pdftotext), and times as people type them (UTC+7).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { api, mustLogin } from '../../api/lib/server.mjs';
import { world, open, signIn, SAMPLE_PASSWORD } from './harness.mjs';

const sessions = {};
/** An API session of a sample user (cookie + CSRF), made once per file. */
export async function session(login) {
  sessions[login] ??= await mustLogin(world.server.base, login);
  return sessions[login];
}

/** A request as a sample user: {status, json, text, headers}. */
export async function call(login, method, path, { body, ifMatch } = {}) {
  const s = await session(login);
  return api(world.server.base, method, `/api/v1${path}`, { cookie: s.cookie, csrf: s.csrf, body, ifMatch });
}

/** The same, asserting the status; returns the JSON. */
export async function must(login, method, path, status, opts = {}) {
  const r = await call(login, method, path, opts);
  assert.equal(r.status, status, `${method} ${path}: ${r.text.slice(0, 400)}`);
  return r.json;
}

let seq = 0;
/** An incident of the Sở Nội vụ reported by its operator two hours after detection. */
export async function snvIncident(title = null) {
  seq += 1;
  const units = await must('vanhanh.snv', 'GET', '/units?limit=200', 200);
  const snv = units.items.find((u) => u.code === 'SNV');
  return must('vanhanh.snv', 'POST', '/incidents', 201, {
    body: {
      title: title || `Tấn công thay đổi giao diện cổng thông tin điện tử Sở Nội vụ ${seq}`,
      description: 'Trang chủ bị thay bằng nội dung lạ; máy chủ web đã được cô lập.',
      detected_at: new Date(Date.now() - 2 * 3600_000).toISOString(),
      unit_id: snv.id,
      systems: [{ name: 'Cổng thông tin điện tử', level: 2, domain: 'snv.hungyen.gov.vn', ip: '203.0.113.10' }],
    },
  });
}

/** A report of `inc` brought to `state` (draft, approved, sent) through the API. */
export async function reportIn(inc, form, state = 'draft') {
  let r = await must('vanhanh.snv', 'POST', '/reports', 201, { body: { incident: inc, form } });
  if (state === 'draft') return r;
  r = await must('lanhdao.snv', 'POST', `/reports/${r.id}/approve`, 200, { ifMatch: r.version });
  if (state === 'approved') return r;
  return must('vanhanh.snv', 'POST', `/reports/${r.id}/send`, 200, {
    ifMatch: r.version, body: { recipients: ['Cơ quan điều phối quốc gia'], channel: 'email' },
  });
}

/** The rule pack in use, as the page gets it. */
export async function packInUse() {
  const list = await must('vanhanh.snv', 'GET', '/rulepacks', 200);
  return must('vanhanh.snv', 'GET', `/rulepacks/${list.items.find((p) => p.in_use).id}`, 200);
}

/** Sign in through the page and open an incident's workspace. */
export async function workspace(page, base, login, id) {
  await open(page, base);
  await signIn(page, login, SAMPLE_PASSWORD);
  await page.locator('#who-name').waitFor();
  await page.goto(`${base}/#/incidents/${encodeURIComponent(id)}`);
  await page.waitForSelector('body[data-ready="true"]');
  await page.locator('#panel-reports').waitFor();
  await settled(page);
}

/** Wait until no panel list is loading. */
export async function settled(page) {
  await page.waitForFunction(() => document.querySelectorAll('.inc-panel [aria-busy="true"]').length === 0);
}

/** The reports panel (a region named by its heading). */
export function reportsPanel(page, name = 'Văn bản báo cáo') {
  return page.getByRole('region', { name, exact: true });
}

/** One report's row in the panel. */
export function reportRow(panel, id) {
  return panel.locator(`li[data-report="${id}"]`);
}

/** A request the page itself makes (its cookie and CSRF token): {status, body}. */
export function fromPage(page, method, path, { body, ifMatch } = {}) {
  return page.evaluate(async ([m, p, b, v]) => {
    const me = await (await fetch('/api/v1/me')).json();
    const headers = { 'X-CSRF-Token': me.csrf_token, Accept: 'application/json' };
    if (b !== null) headers['Content-Type'] = 'application/json';
    if (v !== null) headers['If-Match'] = `"${v}"`;
    const r = await fetch(`/api/v1${p}`, { method: m, headers, body: b === null ? undefined : JSON.stringify(b) });
    return { status: r.status, body: await r.json().catch(() => null) };
  }, [method, path, body ?? null, ifMatch ?? null]);
}

/** The text of a PDF (poppler's pdftotext), spaces folded. */
export function pdfText(buf) {
  const r = spawnSync('pdftotext', ['-', '-'], { input: buf, encoding: 'utf8' });
  assert.ok(!r.error, `pdftotext missing (poppler-utils): ${r.error}`);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.replace(/\s+/g, ' ');
}

const pad = (n) => String(n).padStart(2, '0');
/** "dd/mm/yyyy HH:MM" of an instant in Vietnam's time (UTC+7). */
export function local(ms) {
  const d = new Date(ms + 7 * 3600_000);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** No sideways scrolling at this width. */
export async function noSideways(page, width) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= width, `page is ${wide} px wide at ${width} px`);
}
