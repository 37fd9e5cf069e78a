// Playbooks in Chromium (#/playbooks, #/playbooks/:id): the library of
// the 21 defaults, one playbook's sections, a unit's copy edited as text
// (a broken line refused beside the field with the server's line number,
// a good edit making version 2) and applying it to an incident.
import assert from 'node:assert/strict';
import { useWorld, e2e, open, signIn, PHONE, DESK, SAMPLE_PASSWORD } from './lib/harness.mjs';
import { as, incidentOf, assertNoSideways } from './lib/team.mjs';

useWorld();

async function toPlaybooks(page, base, who) {
  await open(page, base);
  await signIn(page, who, SAMPLE_PASSWORD);
  await page.getByRole('heading', { level: 1, name: 'Tổng quan' }).waitFor();
  await page.getByRole('navigation').getByRole('link', { name: 'Kịch bản ứng cứu' }).click();
  await page.getByRole('heading', { level: 1, name: 'Kịch bản ứng cứu sự cố' }).waitFor();
}

e2e('a playbook: sections, a copy for the unit, a broken line then version 2, applied to an incident',
  { viewport: DESK }, async ({ page, base, errors }) => {
    const incident = await incidentOf('vanhanh.xa', 'Máy chủ một cửa bị mã hóa dữ liệu');
    await toPlaybooks(page, base, 'vanhanh.xa');
    const rows = page.locator('table.playbook-table tbody tr');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 21, 'the 21 defaults');
    const row = rows.filter({ hasText: 'TC06' });
    await row.getByText('Mặc định của tỉnh').waitFor();
    await row.getByRole('link').click();
    await page.getByRole('heading', { name: 'Nội dung phương án' }).waitFor();
    for (const name of ['Dấu hiệu nhận biết', 'Tiêu chí xác định tính chất, mức độ', 'Bước ưu tiên ban đầu',
      'Chứng cứ cần thu thập', 'Nhân lực, trang thiết bị, công cụ', 'Danh mục kiểm tra theo bước',
      'Nhiệm vụ tạo ra khi áp dụng']) {
      await page.getByRole('heading', { level: 3, name }).waitFor();
    }
    assert.ok(await page.locator('.pb-tasks li').count() >= 6);
    // a default is read-only for a commune: no text to edit, a copy instead
    assert.equal(await page.getByLabel('Văn bản phương án').count(), 0);
    await page.getByRole('button', { name: 'Sao chép cho đơn vị của tôi' }).click();
    const text = page.getByLabel('Văn bản phương án');
    await text.waitFor();
    await page.getByText('Phiên bản 1', { exact: true }).first().waitFor();
    assert.match(page.url(), /#\/playbooks\/\d+$/);
    const copyId = page.url().match(/(\d+)$/)[1];

    // a broken line: the server's "content:N: ..." beside the field
    const v1 = await text.inputValue();
    await text.fill(v1.replace('step = III.1', 'step = III.9'));
    await page.getByRole('button', { name: 'Lưu phiên bản mới' }).click();
    const err = page.locator('#pb-content-err');
    await err.getByText(/content:\d+: 'step': 'III\.9' is not a step/).waitFor();
    assert.equal(await text.getAttribute('aria-invalid'), 'true');
    assert.match(await text.getAttribute('aria-describedby'), /pb-content-err/);
    // a good edit: version 2
    await text.fill(`${v1}\n# Điều chỉnh theo máy chủ một cửa của xã\n`);
    await page.getByLabel('Ghi chú về thay đổi').fill('Theo máy chủ một cửa');
    await page.getByRole('button', { name: 'Lưu phiên bản mới' }).click();
    await page.locator('.pb-meta').getByText('Phiên bản 2').waitFor();
    await page.getByText('Theo máy chủ một cửa', { exact: false }).first().waitFor();

    // apply to an incident: its tasks exist
    await page.getByLabel('Mã sự cố').fill(incident);
    await page.getByRole('button', { name: 'Áp dụng', exact: true }).click();
    const link = page.getByRole('link', { name: `Mở hồ sơ sự cố ${incident}` });
    await link.waitFor();
    assert.equal(await link.getAttribute('href'), `#/incidents/${incident}`);
    const { call } = await as('vanhanh.xa');
    const tasks = (await call('GET', `/incidents/${incident}/tasks`)).json.items;
    assert.ok(tasks.length >= 6, JSON.stringify(tasks));
    assert.ok(tasks.every((x) => /^\[[IV]+\.\d\] /.test(x.title)), tasks.map((x) => x.title).join('; '));
    const uses = (await call('GET', `/incidents/${incident}/playbooks`)).json.items;
    assert.deepEqual(uses.map((u) => [String(u.playbook_id), u.version]), [[copyId, 2]]);
    // the same version again: said plainly
    await page.getByRole('button', { name: 'Áp dụng', exact: true }).click();
    await page.getByText('Phiên bản này đã được áp dụng cho sự cố.').waitFor();
    // an incident out of sight: beside the field
    await page.getByLabel('Mã sự cố').fill('SC-2026-9999');
    await page.getByRole('button', { name: 'Áp dụng', exact: true }).click();
    await page.getByText('Không tìm thấy sự cố này trong phạm vi của bạn.').waitFor();

    // English
    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByRole('heading', { name: 'Contents' }).waitFor();
    for (const name of ['How to recognise it', 'Apply to an incident', 'Versions']) {
      await page.getByRole('heading', { name }).waitFor();
    }
    await page.locator('.pb-meta').getByText('Version 2').waitFor();
    await page.getByRole('button', { name: 'VI' }).click();
    await page.getByRole('heading', { name: 'Nội dung phương án' }).waitFor();
    assert.deepEqual(errors, []);
  });

e2e('the library and a playbook on a phone: no sideways scrolling', { viewport: PHONE },
  async ({ page, base, errors }) => {
    await toPlaybooks(page, base, 'vanhanh.snv');
    await page.locator('table.playbook-table tbody tr').first().waitFor();
    await assertNoSideways(page, PHONE.width);
    await page.locator('table.playbook-table tbody tr').filter({ hasText: 'TC03' }).getByRole('link').click();
    await page.getByRole('heading', { name: 'Bước ưu tiên ban đầu' }).waitFor();
    await assertNoSideways(page, PHONE.width);
    assert.deepEqual(errors, []);
  });
