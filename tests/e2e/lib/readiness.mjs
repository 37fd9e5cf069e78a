// Helpers of tests/e2e/readiness.test.mjs (training sessions, equipment
// and licences).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { open, signIn, SAMPLE_PASSWORD } from './harness.mjs';

/** Today + days as "dd/mm/yyyy" in Asia/Ho_Chi_Minh (UTC+7, no DST). */
export function dayText(days = 0) {
  const d = new Date(Date.now() + 7 * 3600_000 + days * 86_400_000);
  const p = (n) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

/** Today + days as "yyyy-mm-dd" in Asia/Ho_Chi_Minh. */
export function dayIso(days = 0) {
  return new Date(Date.now() + 7 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

/** Sign in and wait for the dashboard. */
export async function signInAs(page, base, who) {
  await open(page, base);
  await signIn(page, who, SAMPLE_PASSWORD);
  await page.getByRole('heading', { level: 1, name: /Tổng quan|Overview/ }).waitFor();
}

/** Wait until the page has its data (no busy region, no "loading"). */
export function settled(page) {
  return page.waitForFunction(() => !document.querySelector('main [aria-busy="true"], main .loading'));
}

const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's WCAG 2.1 A/AA violations on the page as shown, one line each. */
export async function axeViolations(page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${
      v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
}

const VIETNAMESE = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i;

/**
 * The Vietnamese strings <main> shows (text, option texts, aria-labels)
 * once the data people typed (`data`) is taken out: none is expected in
 * English.
 */
export async function vietnameseLeft(page, data) {
  const shown = await page.evaluate(() => {
    const out = [];
    const main = document.querySelector('main');
    const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      const visible = el.tagName === 'OPTION' || el.checkVisibility();
      if (visible && n.textContent.trim()) out.push(n.textContent.trim());
    }
    for (const el of main.querySelectorAll('[aria-label]')) out.push(el.getAttribute('aria-label'));
    return out;
  });
  const sorted = [...data].sort((a, b) => b.length - a.length);
  return shown.filter((s) => {
    let rest = s;
    for (const d of sorted) rest = rest.split(d).join(' ');
    return VIETNAMESE.test(rest);
  });
}
