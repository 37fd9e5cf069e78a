// Applying a response playbook from the incident workspace's tasks panel
// (web/panel-playbook.js): the playbooks for the incident's types first,
// a confirmation, the tasks appearing with their step and phase and the
// count said in the live region; the same version a second time is
// refused in words (409) and shown applied; a reader is not offered the
// button, and an operator of another unit does not see the incident.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import {
  useWorld, world, e2e, open, signIn, PHONE, DESK, SAMPLE_PASSWORD,
} from './lib/harness.mjs';
import {
  api, as, session, createIncident, openWorkspace, panel, settled,
} from './lib/panels.mjs';

useWorld();

const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe's WCAG A/AA violations on the page as shown (here: the dialog open). */
async function violations(page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
}

const S = {};
let A; // a denial-of-service incident of XA-NT: applied from the page
let B; // a malware incident of XA-NT: applied meanwhile by someone else
const PB = {}; // the default playbooks by scenario

let made = null;
function fixtures() {
  made ??= (async () => {
    const base = world.server.base;
    for (const login of ['vanhanh.xa', 'dieuphoi']) S[login] = await session(base, login);
    A = await createIncident(base, S['vanhanh.xa'], {
      title: 'Tấn công từ chối dịch vụ cổng thông tin xã', types: ['TC01'],
    });
    B = await createIncident(base, S['vanhanh.xa'], {
      title: 'Mã độc trên máy tính bộ phận một cửa', types: ['TC03'],
    });
    const r = await api(base, 'GET', '/api/v1/playbooks?default=1&limit=200', as(S.dieuphoi));
    assert.equal(r.status, 200, r.text);
    for (const p of r.json.items) PB[p.scenario] = p;
  })();
  return made;
}

async function signedIn(page, base, login) {
  await fixtures();
  await open(page, base);
  await signIn(page, login, SAMPLE_PASSWORD);
  await page.locator('#who-name').waitFor();
}

e2e('the operator applies the playbook for the incident\'s type: its tasks appear with their steps',
  { viewport: DESK }, async ({ page, base, errors }) => {
    await signedIn(page, base, 'vanhanh.xa');
    await openWorkspace(page, base, A.id);
    await settled(page);
    const tasks = panel(page, 'Nhiệm vụ');
    await tasks.getByText('Chưa có nhiệm vụ nào.').waitFor();
    const openBtn = tasks.getByRole('button', { name: 'Áp dụng phương án ứng cứu' });
    await openBtn.click();
    const dlg = page.getByRole('dialog', { name: 'Áp dụng phương án ứng cứu' });
    await dlg.getByText('Sự cố chưa áp dụng phương án nào.').waitFor();
    // the playbook for the incident's type first, and chosen
    const matching = dlg.getByRole('group', { name: 'Phù hợp với loại của sự cố' });
    const radio = matching.getByRole('radio', { name: new RegExp(PB.TC01.title.replace(/[()]/g, '.')) });
    assert.equal(await radio.isChecked(), true);
    assert.equal(await matching.getByRole('radio').count(), 1);
    await dlg.getByText(/Các phương án khác \(\d+\)/).waitFor();
    assert.deepEqual(await violations(page), []);
    await dlg.getByRole('button', { name: 'Tiếp tục' }).click();
    // a confirmation naming the playbook, its version and the incident
    await dlg.getByText(`Áp dụng “${PB.TC01.title}” (phiên bản 1) cho sự cố ${A.id}?`).waitFor();
    await dlg.getByRole('button', { name: 'Áp dụng', exact: true }).click();
    await dlg.waitFor({ state: 'detached' });

    // what the server made, said in the panel's live region
    const used = await api(base, 'GET', `/api/v1/incidents/${A.id}/playbooks`, as(S['vanhanh.xa']));
    assert.equal(used.json.items.length, 1);
    const n = used.json.items[0].tasks.length;
    assert.ok(n > 0);
    const live = tasks.locator('[aria-live="polite"]');
    await live.getByText(`Đã áp dụng “${PB.TC01.title}” (phiên bản 1): thêm ${n} nhiệm vụ.`).waitFor();
    await settled(page);
    assert.equal(await tasks.locator('li[data-task]').count(), n);
    // each task with its step and phase, in the playbook's order
    const first = tasks.locator('li[data-task]').first();
    const t1 = used.json.items[0].tasks[0];
    await first.getByText(t1.title).waitFor();
    assert.match(await first.innerText(), new RegExp(`Bước, giai đoạn\\s+${t1.step_code.replace('.', '\\.')} · Xác minh`));
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Áp dụng phương án ứng cứu');

    // the dialog again: the playbook shown in use at its version, not offered twice
    await openBtn.click();
    await dlg.getByRole('heading', { name: 'Phương án đã áp dụng cho sự cố' }).waitFor();
    await dlg.getByText(new RegExp(`phiên bản 1, áp dụng lúc \\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}, người áp dụng: .+, ${n} nhiệm vụ`)).waitFor();
    const again = dlg.getByRole('radio', { name: new RegExp(PB.TC01.title.replace(/[()]/g, '.')) });
    assert.equal(await again.isDisabled(), true);
    await dlg.getByText('Đã áp dụng (phiên bản 1)').waitFor();
    // in English too
    await page.keyboard.press('Escape');
    await dlg.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    const tasksEn = panel(page, 'Tasks');
    await tasksEn.getByRole('button', { name: 'Apply a response playbook' }).click();
    const dlgEn = page.getByRole('dialog', { name: 'Apply a response playbook' });
    await dlgEn.getByRole('group', { name: "For this incident's types" }).waitFor();
    await dlgEn.getByText('Applied (version 1)').waitFor();
    await dlgEn.getByRole('button', { name: 'Cancel' }).click();
    assert.match(await tasksEn.locator('li[data-task]').first().innerText(), /Step, phase\s+I\.1 · Verify/);
    await page.getByRole('button', { name: 'VI', exact: true }).click();
    await panel(page, 'Nhiệm vụ').waitFor();
    assert.deepEqual(errors, []);
  });

e2e('the coordinator applies a playbook someone applied meanwhile: said in words, shown applied',
  { viewport: PHONE }, async ({ page, base, errors }) => {
    await signedIn(page, base, 'dieuphoi');
    await openWorkspace(page, base, B.id);
    await settled(page);
    const tasks = panel(page, 'Nhiệm vụ');
    await tasks.getByRole('button', { name: 'Áp dụng phương án ứng cứu' }).click();
    const dlg = page.getByRole('dialog', { name: 'Áp dụng phương án ứng cứu' });
    const radio = dlg.getByRole('radio', { name: new RegExp(PB.TC03.title.replace(/[()]/g, '.')) });
    assert.equal(await radio.isChecked(), true);
    await dlg.getByRole('button', { name: 'Tiếp tục' }).click();
    await dlg.getByText(`Áp dụng “${PB.TC03.title}” (phiên bản 1) cho sự cố ${B.id}?`).waitFor();
    // the unit's operator applies it first
    const r = await api(base, 'POST', `/api/v1/incidents/${B.id}/playbooks`,
      as(S['vanhanh.xa'], { body: { playbook_id: PB.TC03.id } }));
    assert.equal(r.status, 201, r.text);
    await dlg.getByRole('button', { name: 'Áp dụng', exact: true }).click();
    await dlg.getByRole('alert').getByText('Phương án này, đúng phiên bản này, đã được áp dụng cho sự cố nên không áp dụng lại.').waitFor();
    assert.equal(await radio.isDisabled(), true);
    await dlg.getByText('Đã áp dụng (phiên bản 1)').waitFor();
    assert.deepEqual(await violations(page), []);
    // nothing made twice
    const used = await api(base, 'GET', `/api/v1/incidents/${B.id}/playbooks`, as(S.dieuphoi));
    assert.equal(used.json.items.length, 1);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= PHONE.width, `page is ${wide} px wide`);
    await dlg.getByRole('button', { name: 'Hủy' }).click();
    await dlg.waitFor({ state: 'detached' });
    assert.deepEqual(errors, []);
  });

e2e('no button for a reader; another unit\'s operator does not see the incident', { viewport: DESK },
  async ({ page, base, errors }) => {
    await signedIn(page, base, 'kiemtra');
    await openWorkspace(page, base, A.id);
    await settled(page);
    const tasks = panel(page, 'Nhiệm vụ');
    await tasks.locator('li[data-task]').first().waitFor();
    assert.equal(await page.getByRole('button', { name: 'Áp dụng phương án ứng cứu' }).count(), 0);
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await signIn(page, 'vanhanh.snv', SAMPLE_PASSWORD);
    await page.locator('#who-name').waitFor();
    await page.goto(`${base}/#/incidents/${encodeURIComponent(A.id)}`);
    await page.getByRole('heading', { level: 1, name: 'Không có trang này.' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Áp dụng phương án ứng cứu' }).count(), 0);
    assert.equal(await page.getByText(A.title).count(), 0);
    assert.deepEqual(errors, []);
  });
