// Helpers for tests/e2e/report.test.mjs (the new-incident form): the API
// seen from the test (what was created, the rule pack's labels), dates
// in Vietnam's time, and keyboard-only moves.
import assert from 'node:assert/strict';
import { api, mustLogin } from '../../api/lib/server.mjs';
import { world, SAMPLE_PASSWORD } from './harness.mjs';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const pad = (n) => String(n).padStart(2, '0');

const sessions = {};
/** An API session of a sample user (cookie + CSRF), made once per file. */
export async function session(login) {
  sessions[login] ??= await mustLogin(world.server.base, login);
  return sessions[login];
}

export async function apiGet(login, path) {
  const s = await session(login);
  const r = await api(world.server.base, 'GET', `/api/v1${path}`, { cookie: s.cookie });
  assert.equal(r.status, 200, `GET ${path}: ${r.text.slice(0, 300)}`);
  return r.json;
}

/** How many incidents the coordinator (who sees every unit) counts. */
export async function incidentCount() {
  return (await apiGet('dieuphoi', '/incidents/count')).count;
}

/** The rule pack in use, as the page gets it. */
export async function packInUse() {
  const list = await apiGet('vanhanh.xa', '/rulepacks');
  const use = list.items.find((p) => p.in_use);
  return apiGet('vanhanh.xa', `/rulepacks/${use.id}`);
}

/**
 * A time in Vietnam `daysAgo` days back at hh:mm, as the form takes it
 * (dd/mm/yyyy, HH:MM) and as the API returns it (UTC, milliseconds).
 */
export function vnTime(daysAgo, hh, mm) {
  const d = new Date(Date.now() + 7 * HOUR - daysAgo * DAY);
  const [y, mo, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
  return {
    date: `${pad(day)}/${pad(mo)}/${y}`,
    time: `${pad(hh)}:${pad(mm)}`,
    iso: new Date(Date.UTC(y, mo - 1, day, hh, mm) - 7 * HOUR).toISOString(),
  };
}

/** Sign in (keyboard or not) and open the form from the menu; wait for it. */
export async function openForm(page, base, login, { open, signIn }) {
  await open(page, base);
  await signIn(page, login, SAMPLE_PASSWORD);
  await page.locator('#nav a[href="#/incidents/new"]').waitFor();
  await page.locator('#nav a[href="#/incidents/new"]').click();
  await page.locator('#n-title').waitFor();
}

const activeId = (page) => page.evaluate(() => document.activeElement && document.activeElement.id);

/**
 * Press Tab (or Shift+Tab) until the element with this id has the focus;
 * returns the ids passed on the way. Fails after `max` presses.
 */
export async function tabTo(page, id, { back = false, max = 120 } = {}) {
  const seen = [];
  for (let i = 0; i < max; i++) {
    if (await activeId(page) === id) return seen;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    seen.push(await activeId(page));
  }
  assert.fail(`${back ? 'Shift+Tab' : 'Tab'} never reached #${id}; passed ${seen.join(' ')}`);
  return seen;
}

/** The ids of the form's controls, in document order. */
export function formOrder(page) {
  return page.evaluate(() => [...document.querySelectorAll('.ni-form [id]')]
    .filter((el) => el.matches('input, select, textarea, button')).map((el) => el.id));
}
