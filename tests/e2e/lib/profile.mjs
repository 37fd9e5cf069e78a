// Helpers of tests/e2e/profile.test.mjs.
import assert from 'node:assert/strict';
import { stepAt, totp } from '../../api/lib/totp.mjs';

/** From the dashboard (or any page), through the menu, to the profile page. */
export async function goToProfile(page) {
  await page.getByRole('navigation').getByRole('link', { name: /Tài khoản|Account/ }).click();
  await page.getByRole('heading', { level: 1, name: /Tài khoản của tôi|My account/ }).waitFor();
}

/** A 6-digit code that is not valid for the secret near now. */
export function wrongCode(secret) {
  const now = stepAt();
  const near = new Set([-2, -1, 0, 1, 2].map((d) => totp(secret, now + d)));
  let wrong = '000000';
  while (near.has(wrong)) wrong = String((Number(wrong) + 111111) % 1e6).padStart(6, '0');
  return wrong;
}

/** The page's width against the viewport's: no sideways scrolling. */
export async function assertNoSideways(page, width) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= width, `page is ${wide} px wide at ${width} px`);
}

/**
 * The QR code drawn on the page, read back from its SVG: the symbol's
 * size (from the viewBox, less the 4-module quiet zones) and the matrix of
 * dark modules from the path ("M x yh1v1h-1z" per module). Checks that
 * the size is a QR size (21 + 4k) and that each module is at least
 * `minPx` CSS pixels wide, enough for a phone's camera.
 */
export async function readQr(svg, minPx = 3) {
  const info = await svg.evaluate((el) => ({
    viewBox: el.getAttribute('viewBox'),
    modules: el.getAttribute('data-modules'),
    d: el.querySelector('path').getAttribute('d'),
    px: el.getBoundingClientRect().width,
    children: [...el.children].map((c) => c.localName),
    ns: el.namespaceURI,
  }));
  assert.equal(info.ns, 'http://www.w3.org/2000/svg');
  const m = /^0 0 (\d+) (\d+)$/.exec(info.viewBox);
  assert.ok(m, `viewBox ${info.viewBox}`);
  assert.equal(m[1], m[2], 'the symbol is square');
  const size = Number(m[1]) - 8;
  assert.ok(size >= 21 && size <= 177 && (size - 21) % 4 === 0, `${size} is not a QR size (21 + 4k)`);
  assert.equal(Number(info.modules), size);
  assert.ok(info.px / (size + 8) >= minPx, `modules are ${(info.px / (size + 8)).toFixed(2)} px wide`);
  const grid = Array.from({ length: size }, () => new Array(size).fill(false));
  const cells = [...info.d.matchAll(/M(\d+) (\d+)h1v1h-1z/g)];
  assert.equal(cells.map((c) => c[0]).join(''), info.d, 'the path is made of whole modules');
  for (const [, x, y] of cells) {
    const cx = Number(x) - 4;
    const cy = Number(y) - 4;
    assert.ok(cx >= 0 && cy >= 0 && cx < size && cy < size, `module ${cx},${cy} in the quiet zone`);
    grid[cy][cx] = true;
  }
  return { size, grid, children: info.children };
}

/** The dark modules of the server's qr_svg (POST /api/v1/me/totp). */
export function serverGrid(svgText, size) {
  const grid = Array.from({ length: size }, () => new Array(size).fill(false));
  const d = /<path d="([^"]*)"/.exec(svgText)[1];
  for (const [, x, y] of d.matchAll(/M(\d+) (\d+)h1v1h-1z/g)) grid[Number(y) - 4][Number(x) - 4] = true;
  return grid;
}

/** The 7x7 finder pattern with its top-left module at (x, y). */
export function assertFinder(grid, x, y, where) {
  for (let dy = 0; dy < 7; dy++) {
    for (let dx = 0; dx < 7; dx++) {
      const ring = Math.max(Math.abs(dx - 3), Math.abs(dy - 3));
      assert.equal(grid[y + dy][x + dx], ring !== 2, `finder ${where}: module ${dx},${dy}`);
    }
  }
}
