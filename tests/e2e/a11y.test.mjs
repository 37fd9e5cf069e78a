// Every page a user works in, checked by axe-core (the WCAG 2.1 A and AA
// rules it can decide by itself: contrast, names of controls and
// images, labels, landmarks, ARIA use, list and table structure), at a
// desk and on a phone. axe runs through the DevTools protocol, so the
// page's Content-Security-Policy stays as it is.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { useWorld, world, e2e, open, signIn, DESK, PHONE, SAMPLE_PASSWORD, ADMIN_PASSWORD } from './lib/harness.mjs';
import { api, login } from '../api/lib/server.mjs';

useWorld();

const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe's violations on the page as shown, one line each. */
async function violations(page) {
  await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${
      v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
  return found;
}

async function incidentOfCommune() {
  const s = await login(world.server.base, 'vanhanh.xa', SAMPLE_PASSWORD);
  const r = await api(world.server.base, 'POST', '/api/v1/incidents', {
    cookie: s.cookie, csrf: s.csrf,
    body: {
      title: 'Máy chủ thư điện tử của xã gửi thư rác', types: ['TC04'],
      description: 'Hàng nghìn thư lạ được gửi đi từ hộp thư của văn thư.',
      detected_at: new Date(Date.now() - 2 * 3_600_000).toISOString(),
    },
  });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}

const settled = (page) => page.waitForFunction(
  () => !document.querySelector('main [aria-busy="true"], main .loading'));

for (const viewport of [DESK, PHONE]) {
  e2e(`no WCAG A/AA violation axe can find, at ${viewport.width} px`, { viewport },
    async ({ page, base, errors }) => {
      const id = await incidentOfCommune();
      const found = [];
      await open(page, base, '#/signin');
      found.push(...(await violations(page)).map((v) => `/signin: ${v}`));
      const visits = [
        ['dieuphoi', SAMPLE_PASSWORD, ['/', '/incidents', '/incidents/new', `/incidents/${id}`, '/profile', '/reports',
          '/team', '/drills', '/training', '/resources', '/playbooks',
          '/systems', '/systems/1', '/calendar', '/assessments']],
        ['admin', ADMIN_PASSWORD, ['/admin/units', '/admin/users', '/admin/audit', '/admin/rulepack']],
      ];
      for (const [who, password, paths] of visits) {
        await open(page, base, '#/signin');
        await signIn(page, who, password);
        await page.locator('#who:not([hidden])').waitFor();
        for (const p of paths) {
          await page.goto(`${base}/#${p}`);
          await page.waitForSelector('body[data-ready="true"]');
          await settled(page);
          found.push(...(await violations(page)).map((v) => `${p}: ${v}`));
        }
        await page.getByRole('button', { name: 'Đăng xuất' }).click();
        await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
      }
      assert.deepEqual(found, [], `axe found:\n  ${found.join('\n  ')}`);
      assert.deepEqual(errors, []);
    });
}
