// One test file's world: a real `ungcuu serve` on a free 127.0.0.1 port
// with a fresh SQLite database (`ungcuu init --sample`, the passwords of
// tests/api/lib/server.mjs), and Debian's Chromium, headless, through
// playwright-core. e2e() wraps a test: a fresh browser context at the
// asked viewport, and on failure a screenshot and the page's HTML under
// tests/e2e/artifacts/.
import { test, before, after } from 'node:test';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer, SAMPLE_PASSWORD, ADMIN_PASSWORD } from '../../api/lib/server.mjs';

export { SAMPLE_PASSWORD, ADMIN_PASSWORD };
export const PHONE = { width: 390, height: 844 };
export const DESK = { width: 1440, height: 900 };
const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ARTIFACTS = path.resolve(HERE, '..', 'artifacts');
const CHROMIUM = process.env.UNGCUU_CHROMIUM || '/usr/bin/chromium';

export const world = { server: null, browser: null };

/** Call at the top of a test file. */
export function useWorld() {
  before(async () => {
    world.server = await startServer({ engine: 'sqlite' });
    world.browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-background-networking',
        '--disable-component-update', '--disable-default-apps',
        '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
    });
  });
  after(async () => {
    if (world.browser) await world.browser.close();
    if (world.server) await world.server.stop();
  });
}

async function keep(page, name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const base = path.join(ARTIFACTS, name.replace(/[^\w.-]+/g, '_').slice(0, 100));
  try {
    await page.screenshot({ path: `${base}.png`, fullPage: true });
    fs.writeFileSync(`${base}.html`, await page.content());
    console.error(`# artifacts: ${base}.png, ${base}.html`);
  } catch (e) {
    console.error(`# could not save artifacts for ${name}: ${e.message}`);
  }
}

/**
 * e2e('name', {viewport, lang}, async ({page, base}) => ...): page is a
 * fresh context's page (no cookies, no storage); lang presets the
 * stored language ('vi' when absent, the application's default).
 */
export function e2e(name, opts, fn) {
  test(name, async () => {
    const ctx = await world.browser.newContext({
      viewport: opts.viewport || DESK, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh',
    });
    if (opts.lang) {
      // once per context, so that a switch in the test then a reload keeps
      // what the person chose
      await ctx.addInitScript((l) => {
        try {
          if (!localStorage.getItem('ungcuu.e2e.lang')) {
            localStorage.setItem('ungcuu.lang', l);
            localStorage.setItem('ungcuu.e2e.lang', l);
          }
        } catch { /* about:blank has no storage */ }
      }, opts.lang);
    }
    const page = await ctx.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // a 4xx the application expects (GET /me signed out) is logged by
    // Chromium as "Failed to load resource": not a script error
    page.on('console', (m) => {
      if (m.type() === 'error' && !/^Failed to load resource/.test(m.text())) errors.push(m.text());
    });
    try {
      await fn({ page, base: world.server.base, errors });
    } catch (e) {
      await keep(page, name);
      if (errors.length) e.message += `\nbrowser errors:\n  ${errors.join('\n  ')}`;
      throw e;
    } finally {
      await ctx.close();
    }
  });
}

/** Open the application and wait until its shell has started. */
export async function open(page, base, hash = '') {
  await page.goto(`${base}/${hash}`);
  await page.waitForSelector('body[data-ready="true"]');
}

/** Fill and send the sign-in form. */
export async function signIn(page, login, password) {
  await page.getByLabel(/Tên đăng nhập|Login/).fill(login);
  await page.getByLabel(/Mật khẩu|Password/).fill(password);
  await page.getByRole('button', { name: /Đăng nhập|Sign in/ }).click();
}
