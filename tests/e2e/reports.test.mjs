// The official reports panel of the incident workspace in Chromium: an
// operator of the Sở Nội vụ drafts the notice and completes a free
// field (a change made meanwhile by someone else is merged, not lost),
// cannot approve it; the leader approves it (numbered NN/TB-SNV, frozen:
// the operator's late edit is refused); the PDF opens in the browser and
// holds the incident's title; it is sent (the notice clock turns "sent
// on time") and acknowledged; a correction drafts edition 2 naming the
// first; a report the server cannot draft yet is said so; a later
// report (§3.3 D) edits its own fields; a phone; the English labels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useWorld, e2e, PHONE, DESK, world } from './lib/harness.mjs';
import {
  call, must, snvIncident, reportIn, packInUse, workspace, settled, reportsPanel, reportRow,
  fromPage, pdfText, local, noSideways,
} from './lib/reports.mjs';

useWorld();

// the flow's incident and its notice, made by the first tests
const F = { inc: null, notice: null };
const RESULT = 'Đã khôi phục giao diện từ bản sao lưu lúc 09:30; máy chủ web vẫn cách ly.';
const PROPOSALS = 'Đề nghị Trung tâm Dữ liệu rà soát toàn bộ máy chủ web của Sở.';

async function incidentOnce() {
  F.inc ??= await snvIncident();
  return F.inc;
}

const said = (panel) => panel.locator('.panel-live');

test('every report.* key is in both dictionaries with the same variables', async () => {
  const fs = await import('node:fs');
  const read = (l) => JSON.parse(fs.readFileSync(new URL(`../../web/i18n/${l}/report.json`, import.meta.url)));
  const [vi, en] = [read('vi'), read('en')];
  assert.deepEqual(Object.keys(vi).sort(), Object.keys(en).sort());
  const vars = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
  for (const k of Object.keys(vi)) assert.equal(vars(vi[k]), vars(en[k]), k);
  const src = fs.readFileSync(new URL('../../web/panel-reports.js', import.meta.url), 'utf8');
  const used = [...src.matchAll(/'(report\.[\w.]+)'/g)].map((m) => m[1])
    .filter((k) => !['report.channel', 'report.status'].includes(k));
  assert.deepEqual(used.filter((k) => !(k in vi)), [], 'used but not defined');
});

e2e('an operator drafts the notice, completes it, and cannot approve it', { viewport: DESK },
  async ({ page, base, errors }) => {
    const inc = await incidentOnce();
    const pack = await packInUse();
    await workspace(page, base, 'vanhanh.snv', inc.id);
    const panel = reportsPanel(page);
    await panel.getByText('Chưa lập văn bản báo cáo nào.').waitFor();

    await panel.getByRole('button', { name: 'Lập báo cáo mới' }).click();
    const form = panel.getByLabel('Loại báo cáo');
    // every report of the rule pack is offered, by its name; the running clock's first
    const offered = await form.locator('option').allTextContents();
    assert.equal(offered.length, pack.reports.length);
    for (const r of pack.reports) assert.ok(offered.some((o) => o.startsWith(r.vi)), `${r.vi} offered`);
    assert.equal(await form.inputValue(), 'notice');
    await panel.getByRole('button', { name: 'Lập bản nháp' }).click();
    await said(panel).getByText(/Đã lập bản nháp Thông báo sự cố \(BC-\d{4}-\d{4}\)/).waitFor();
    const list = await must('vanhanh.snv', 'GET', `/reports?incident=${inc.id}`, 200);
    assert.equal(list.items.length, 1);
    F.notice = list.items[0];
    const row = reportRow(panel, F.notice.id);
    await row.getByText('Bản nháp', { exact: true }).waitFor();
    await row.getByText('Chưa có số (cấp khi duyệt)').waitFor();

    // edit a free field; Kính gửi comes filled from the pack's recipients
    await row.getByRole('button', { name: 'Sửa nội dung' }).click();
    const to = row.getByLabel('Kính gửi');
    assert.match(await to.inputValue(), /Cơ quan điều phối quốc gia/);
    await row.getByLabel('Kết quả xử lý sự cố').fill(RESULT);
    // meanwhile a colleague adds the proposals (412 for this page)
    await must('vanhanh.snv', 'PATCH', `/reports/${F.notice.id}`, 200,
      { ifMatch: F.notice.version, body: { fields: { proposals: PROPOSALS } } });
    await row.getByRole('button', { name: 'Lưu bản nháp' }).click();
    await row.getByText(/Bản nháp vừa được người khác sửa/).first().waitFor();
    // theirs taken where this person typed nothing, this person's text kept
    assert.equal(await row.getByLabel('Đề xuất, kiến nghị và các thông tin liên quan khác').inputValue(), PROPOSALS);
    assert.equal(await row.getByLabel('Kết quả xử lý sự cố').inputValue(), RESULT);
    await row.getByRole('button', { name: 'Lưu bản nháp' }).click();
    await said(panel).getByText(`Đã lưu bản nháp Thông báo sự cố (${F.notice.id}).`).waitFor();
    await row.getByText(RESULT).waitFor();
    await row.getByText(PROPOSALS).waitFor();
    const saved = await must('vanhanh.snv', 'GET', `/reports/${F.notice.id}`, 200);
    assert.equal(saved.fields.result, RESULT);
    assert.equal(saved.fields.proposals, PROPOSALS);
    assert.equal(saved.fields.to, undefined, 'Kính gửi left alone stays the pack default');
    F.notice = saved;

    // an operator has no approval, and the server says 403 when it is forced
    assert.equal(await row.getByRole('button', { name: 'Duyệt và cấp số' }).count(), 0);
    const forced = await fromPage(page, 'POST', `/reports/${F.notice.id}/approve`, { ifMatch: saved.version });
    assert.equal(forced.status, 403);
    assert.deepEqual(errors, []);
  });

e2e('the leader approves: numbered and frozen; the operator\'s late edit is refused', { viewport: DESK },
  async ({ page, base, errors }) => {
    assert.ok(F.notice, 'the notice of the first test');
    // the operator opens the draft's editor ...
    await workspace(page, base, 'vanhanh.snv', F.inc.id);
    const panel = reportsPanel(page);
    const row = reportRow(panel, F.notice.id);
    await row.getByRole('button', { name: 'Sửa nội dung' }).click();
    await row.getByLabel('Kết quả xử lý sự cố').fill(`${RESULT} Bổ sung.`);

    // ... while the leader, in another browser, approves it
    const other = await world.browser.newContext({ viewport: DESK, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const lead = await other.newPage();
    const leadErrors = [];
    lead.on('pageerror', (e) => leadErrors.push(e.message));
    try {
      await workspace(lead, base, 'lanhdao.snv', F.inc.id);
      const lpanel = reportsPanel(lead);
      const lrow = reportRow(lpanel, F.notice.id);
      await lrow.getByRole('button', { name: 'Duyệt và cấp số' }).click();
      const dialog = lead.getByRole('dialog');
      await dialog.getByText(/cấp số văn bản tiếp theo của đơn vị/).waitFor();
      await dialog.getByText(/không ai sửa được nữa/).waitFor();
      await dialog.getByRole('button', { name: 'Đồng ý duyệt' }).click();
      await said(lpanel).getByText(/Đã duyệt Thông báo sự cố, số \d{2}\/TB-SNV\./).waitFor();
      await lrow.getByText('Đã duyệt, chưa gửi').waitFor();
      const number = await lrow.locator('.report-number strong').textContent();
      assert.match(number, /^\d{2}\/TB-SNV$/);
      assert.equal(await lrow.getByRole('button', { name: 'Sửa nội dung' }).count(), 0);
      assert.equal(await lrow.getByRole('button', { name: 'Duyệt và cấp số' }).count(), 0);
      F.number = number;
      assert.deepEqual(leadErrors, []);
    } finally {
      await other.close();
    }

    // the operator saves: refused (409), said on the row, which now shows the approval
    await row.getByRole('button', { name: 'Lưu bản nháp' }).click();
    await row.getByRole('alert').getByText(/đã được duyệt nên nội dung đã cố định/).waitFor();
    await row.getByText(F.number, { exact: true }).waitFor();
    assert.equal(await row.getByRole('button', { name: 'Sửa nội dung' }).count(), 0, 'no edit button any more');
    const now = await must('vanhanh.snv', 'GET', `/reports/${F.notice.id}`, 200);
    assert.equal(now.fields.result, RESULT, 'the late edit changed nothing');
    const forced = await fromPage(page, 'PATCH', `/reports/${F.notice.id}`,
      { ifMatch: now.version, body: { fields: { result: 'x' } } });
    assert.equal(forced.status, 409);
    F.notice = now;
    assert.deepEqual(errors, []);
  });

e2e('the PDF opens in the browser; sent on time with channel and time; acknowledged', { viewport: DESK },
  async ({ page, base, errors }) => {
    assert.ok(F.number, 'the approved notice of the earlier tests');
    await workspace(page, base, 'vanhanh.snv', F.inc.id);
    const panel = reportsPanel(page);
    const row = reportRow(panel, F.notice.id);

    // the link names the PDF, which the server answers as a PDF holding the title
    const link = row.getByRole('link', { name: /Xem bản PDF/ });
    assert.equal(await link.getAttribute('target'), '_blank');
    const href = await link.getAttribute('href');
    const pdf = await page.request.get(base + href);
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    const bytes = await pdf.body();
    assert.equal(bytes.subarray(0, 4).toString(), '%PDF');
    const text = pdfText(bytes);
    assert.ok(text.includes(F.inc.title), `the title in the PDF: ${text.slice(0, 300)}`);
    assert.ok(text.includes(`Số: ${F.number}`), 'the number in the PDF');
    // a click shows it in a new tab, in the browser (not as a download)
    const [tab] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
    await tab.waitForURL(/^blob:/);
    await tab.close();
    const docx = await page.request.get(base + await row.getByRole('link', { name: /Tải bản Word/ }).getAttribute('href'));
    assert.equal(docx.status(), 200);
    assert.equal((await docx.body()).subarray(0, 2).toString(), 'PK');

    // send: recipients filled from Kính gửi, channel, time in Vietnam
    const clocks = page.getByRole('region', { name: 'Thời hạn báo cáo' });
    const notice = clocks.locator('li.clock', { hasText: 'Thông báo sự cố' });
    await notice.getByText('Trong hạn').waitFor();
    await row.getByRole('button', { name: 'Ghi nhận đã gửi' }).click();
    const to = row.getByLabel('Nơi nhận');
    assert.match(await to.inputValue(), /Cơ quan điều phối quốc gia/);
    await row.getByLabel('Hình thức gửi').selectOption({ label: 'Thư điện tử' });
    const sentAt = local(Date.now());
    await row.getByLabel('Thời điểm gửi').fill(sentAt);
    await row.getByRole('button', { name: 'Lưu thông tin gửi' }).click();
    await said(panel).getByText(`Đã ghi nhận gửi Thông báo sự cố số ${F.number}; hạn báo cáo được cập nhật.`).waitFor();
    await row.getByText('Đã gửi', { exact: true }).waitFor();
    await row.getByText('Thư điện tử').waitFor();
    await row.locator('.panel-pair', { hasText: 'Gửi lúc' }).getByText(sentAt).waitFor();
    // the workspace reloaded: the notice's clock is green
    await notice.getByText('Đã gửi đúng hạn').waitFor();
    const sent = await must('vanhanh.snv', 'GET', `/reports/${F.notice.id}`, 200);
    assert.equal(sent.channel, 'email');
    assert.equal(local(Date.parse(sent.sent_at)), sentAt);

    // acknowledged at the receiver's time
    await row.getByRole('button', { name: 'Ghi nhận bên nhận đã nhận' }).click();
    const ackAt = local(Date.now());
    await row.getByLabel('Thời điểm bên nhận xác nhận').fill(ackAt);
    await row.getByRole('button', { name: 'Lưu xác nhận' }).click();
    await said(panel).getByText(`Đã ghi nhận bên nhận xác nhận Thông báo sự cố số ${F.number}.`).waitFor();
    await row.getByText('Bên nhận đã xác nhận', { exact: true }).waitFor();
    const acked = row.locator('.panel-pair', { hasText: 'Bên nhận xác nhận lúc' });
    await acked.getByText(ackAt).waitFor();
    assert.equal(await row.getByRole('button', { name: 'Ghi nhận bên nhận đã nhận' }).count(), 0);
    F.notice = await must('vanhanh.snv', 'GET', `/reports/${F.notice.id}`, 200);
    assert.equal(F.notice.status, 'acknowledged');
    assert.deepEqual(errors, []);
  });

e2e('a correction drafts edition 2 naming the first', { viewport: DESK }, async ({ page, base, errors }) => {
  assert.ok(F.notice?.number, 'the approved notice of the earlier tests');
  await workspace(page, base, 'vanhanh.snv', F.inc.id);
  const panel = reportsPanel(page);
  const first = reportRow(panel, F.notice.id);
  await first.getByRole('button', { name: 'Lập bản đính chính' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText(`Lập bản nháp lần 2 thay thế báo cáo số ${F.notice.number}?`, { exact: false }).waitFor();
  await dialog.getByRole('button', { name: 'Lập bản đính chính' }).click();
  await said(panel).getByText(`Đã lập bản nháp lần 2, thay thế báo cáo số ${F.notice.number}.`).waitFor();
  const list = await must('vanhanh.snv', 'GET', `/reports?incident=${F.inc.id}`, 200);
  const second = list.items.find((x) => x.replaces === F.notice.id);
  assert.equal(second.edition, 2);
  assert.equal(second.fields.result, RESULT, 'the free fields copied');
  const row = reportRow(panel, second.id);
  await row.getByText('— lần 2').waitFor();
  await row.getByText(`Lần 2, thay thế báo cáo số ${F.notice.number} (${F.notice.id})`).waitFor();
  await row.getByText('Bản nháp', { exact: true }).waitFor();
  await first.getByText('Đã có bản đính chính').waitFor();
  await first.getByText(`lần 2 (${second.id})`).waitFor();
  assert.equal(await first.getByRole('button', { name: 'Lập bản đính chính' }).count(), 0);
  assert.deepEqual(errors, []);
});

e2e('a report the server cannot draft yet is said so, and marked in the list', { viewport: DESK },
  async ({ page, base, errors }) => {
    const inc = await snvIncident();
    const pack = await packInUse();
    const other = pack.reports.find((r) => !['notice', 'initial'].includes(r.code));
    // the server of this test refuses that one, as a server without its layout does
    await page.route('**/api/v1/reports', async (route) => {
      const req = route.request();
      if (req.method() === 'POST' && JSON.parse(req.postData()).form === other.code) {
        await route.fulfill({
          status: 422, contentType: 'application/problem+json',
          body: JSON.stringify({
            type: 'https://ungcuu.vn/problems/validation', title: 'Invalid fields', status: 422,
            errors: [{ field: 'form', code: 'enum', message: 'form is notice or initial' }],
          }),
        });
      } else await route.continue();
    });
    await workspace(page, base, 'vanhanh.snv', inc.id);
    const panel = reportsPanel(page);
    await panel.getByRole('button', { name: 'Lập báo cáo mới' }).click();
    const form = panel.getByLabel('Loại báo cáo');
    await form.selectOption(other.code);
    await panel.getByRole('button', { name: 'Lập bản nháp' }).click();
    await panel.getByRole('alert').getByText(/Máy chủ chưa có biểu mẫu cho loại báo cáo đã chọn/).waitFor();
    assert.equal(await form.getAttribute('aria-invalid'), 'true');
    await panel.getByText('Hệ thống chưa lập được loại báo cáo này.').waitFor();
    const label = await form.locator(`option[value="${other.code}"]`).textContent();
    assert.match(label, /chưa lập được trên hệ thống/);
    await panel.getByText('Chưa lập văn bản báo cáo nào.').waitFor();
    // the Mẫu 03 still drafts
    await form.selectOption('initial');
    await panel.getByRole('button', { name: 'Lập bản nháp' }).click();
    await said(panel).getByText(/Đã lập bản nháp Báo cáo ban đầu/).waitFor();
    await panel.locator('.report-template', { hasText: 'Mẫu 03' }).waitFor();
    assert.deepEqual(errors, []);
  });

e2e('a later report (Báo cáo diễn biến tình hình) offers its own fields: dates checked, the contact kept whole',
  { viewport: DESK }, async ({ page, base, errors }) => {
    const inc = await snvIncident();
    await workspace(page, base, 'vanhanh.snv', inc.id);
    const panel = reportsPanel(page);
    await panel.getByRole('button', { name: 'Lập báo cáo mới' }).click();
    await panel.getByLabel('Loại báo cáo').selectOption({ label: 'Báo cáo diễn biến tình hình' });
    await panel.getByRole('button', { name: 'Lập bản nháp' }).click();
    await said(panel).getByText(/Đã lập bản nháp Báo cáo diễn biến tình hình/).waitFor();
    const [d] = (await must('vanhanh.snv', 'GET', `/reports?incident=${inc.id}`, 200)).items;
    assert.equal(d.form, 'progress');
    const row = reportRow(panel, d.id);
    await row.getByRole('button', { name: 'Sửa nội dung' }).click();
    // the register's timeline and the reporter come filled in
    assert.notEqual(await row.getByLabel('Diễn biến mới').inputValue(), '');
    const contact = row.getByRole('group', { name: 'Đầu mối liên hệ' });
    assert.equal(await contact.getByLabel('Họ và tên').inputValue(), 'Vũ Văn Hành');
    // a date that does not exist is refused beside its field, nothing sent
    const date = row.getByLabel('Ngày báo cáo ban đầu');
    await date.fill('31/02/2026');
    await row.getByLabel('Phạm vi, đối tượng ảnh hưởng').fill('Cổng thông tin điện tử của Sở; người dân không tra cứu được thủ tục.');
    await row.getByRole('button', { name: 'Lưu bản nháp' }).click();
    assert.equal(await date.getAttribute('aria-invalid'), 'true');
    await row.getByText('Nhập ngày dạng ngày/tháng/năm, ví dụ 21/11/2026.').waitFor();
    assert.deepEqual((await must('vanhanh.snv', 'GET', `/reports/${d.id}`, 200)).fields, {});
    const yesterday = local(Date.now() - 24 * 3600_000).slice(0, 10);
    await date.fill(yesterday);
    await row.getByLabel('Số, ký hiệu báo cáo ban đầu').fill('15/BC-SNV');
    await contact.getByLabel('Điện thoại').fill('0221 3863 666');
    await row.getByRole('button', { name: 'Lưu bản nháp' }).click();
    await said(panel).getByText(`Đã lưu bản nháp Báo cáo diễn biến tình hình (${d.id}).`).waitFor();
    const f = (await must('vanhanh.snv', 'GET', `/reports/${d.id}`, 200)).fields;
    assert.equal(f.initial_date, yesterday);
    assert.equal(f.initial_number, '15/BC-SNV');
    assert.match(f.scope, /^Cổng thông tin điện tử của Sở/);
    assert.equal(f.contact.full_name, 'Vũ Văn Hành');
    assert.equal(f.contact.phone, '0221 3863 666');
    assert.equal(f.developments, undefined, 'the timeline left alone stays the register\'s');
    await row.locator('.panel-text-block', { hasText: 'Đầu mối liên hệ' }).getByText(/Điện thoại: 0221 3863 666/).waitFor();
    const pdf = await page.request.get(`${base}/api/v1/reports/${d.id}/document?format=pdf`);
    assert.equal(pdf.status(), 200);
    assert.ok(pdfText(await pdf.body()).includes('0221 3863 666'), 'the contact in the PDF');
    assert.deepEqual(errors, []);
  });

e2e('on a phone: every state of a report fits 390 px, forms open', { viewport: PHONE },
  async ({ page, base, errors }) => {
    const inc = await snvIncident();
    const d = await reportIn(inc.id, 'initial', 'draft');
    const a = await reportIn(inc.id, 'notice', 'approved');
    const s = await reportIn(inc.id, 'initial', 'sent');
    await workspace(page, base, 'vanhanh.snv', inc.id);
    const panel = reportsPanel(page);
    await panel.scrollIntoViewIfNeeded();
    await noSideways(page, PHONE.width);
    await reportRow(panel, d.id).getByRole('button', { name: 'Sửa nội dung' }).click();
    await reportRow(panel, d.id).getByLabel('Các thông tin trong báo cáo phải được giữ bí mật').check();
    await reportRow(panel, a.id).getByRole('button', { name: 'Ghi nhận đã gửi' }).click();
    await reportRow(panel, s.id).getByRole('button', { name: 'Ghi nhận bên nhận đã nhận' }).click();
    await panel.getByRole('button', { name: 'Lập báo cáo mới' }).click();
    await noSideways(page, PHONE.width);
    // buttons big enough for a thumb
    for (const b of await panel.locator('.report-actions > *').all()) {
      const box = await b.boundingBox();
      assert.ok(box.height >= 40, `${await b.textContent()}: ${box.height} px high`);
    }
    await reportRow(panel, d.id).getByRole('button', { name: 'Lưu bản nháp' }).click();
    await said(panel).getByText(/Đã lưu bản nháp Báo cáo ban đầu/).waitFor();
    await reportRow(panel, d.id).getByText('Các thông tin trong báo cáo phải được giữ bí mật.').waitFor();
    assert.equal((await must('vanhanh.snv', 'GET', `/reports/${d.id}`, 200)).fields.confidential, true);
    assert.deepEqual(errors, []);
  });

e2e('in English, and switched in place', { viewport: DESK, lang: 'en' }, async ({ page, base, errors }) => {
  const inc = await snvIncident();
  const a = await reportIn(inc.id, 'notice', 'approved');
  await workspace(page, base, 'vanhanh.snv', inc.id);
  const panel = reportsPanel(page, 'Official reports');
  const row = reportRow(panel, a.id);
  await row.getByText('Approved, not sent').waitFor();
  await row.locator('.panel-item-title', { hasText: 'Incident notice' }).waitFor();
  await row.getByRole('link', { name: /View the PDF/ }).waitFor();
  await row.getByRole('link', { name: /Download Word \(DOCX\)/ }).waitFor();
  await row.getByRole('button', { name: 'Record as sent' }).click();
  await row.getByLabel('Channel').selectOption({ label: 'National reporting system' });
  await row.getByLabel('Sent at').waitFor();
  await panel.getByRole('button', { name: 'Draft a report' }).click();
  const options = await panel.getByLabel('Report', { exact: true }).locator('option').allTextContents();
  assert.ok(options.some((o) => o.startsWith('Initial report (Form 03)')), options.join(' | '));
  // to Vietnamese and back, in place
  await page.locator('button[data-lang="vi"]').click();
  await reportsPanel(page).getByText('Đã duyệt, chưa gửi').waitFor();
  await reportsPanel(page).getByLabel('Hình thức gửi').waitFor();
  const vi = await reportsPanel(page).getByLabel('Loại báo cáo').locator('option').allTextContents();
  assert.ok(vi.some((o) => o.startsWith('Báo cáo ban đầu (Mẫu 03)')), vi.join(' | '));
  await page.locator('button[data-lang="en"]').click();
  await panel.getByText('Approved, not sent').waitFor();
  const body = await panel.innerText();
  for (const word of ['Bản nháp', 'Lập báo cáo', 'Hình thức gửi', 'Đã duyệt']) {
    assert.ok(!body.includes(word), `"${word}" left in English`);
  }
  await settled(page);
  assert.deepEqual(errors, []);
});
