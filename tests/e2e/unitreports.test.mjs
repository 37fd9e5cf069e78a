// #/reports — "Báo cáo định kỳ và thống kê": the statistics of a unit for
// a period (tables, XLSX and CSV downloads), the refusal of a unit out of
// scope, a unit's Mẫu 01 drafted, edited, approved and shown as PDF, a
// phone without sideways scrolling, and English.
import assert from 'node:assert/strict';
import { useWorld, e2e, DESK, PHONE } from './lib/harness.mjs';
import { must, units, incident, reportsPage, settled, countIn, noSideways, thisYear } from './lib/unitreports.mjs';

useWorld();
const year = thisYear();

e2e('the coordinator sees the province statistics of this year and downloads them', { viewport: DESK },
  async ({ page, base, errors }) => {
    const before = await must('dieuphoi', 'GET', `/statistics?from=${year}-01-01&to=${year + 1}-01-01`, 200);
    const made = { TC04: 2, TC01: 1, TC02: 1 };
    await incident('vanhanh.snv', ['TC04'], 1);
    await incident('vanhanh.snv', ['TC04'], 2);
    await incident('vanhanh.snv', ['TC01'], 3);
    await incident('vanhanh.xa', ['TC02'], 4);
    await reportsPage(page, base, 'dieuphoi');
    await page.getByRole('heading', { level: 1, name: 'Báo cáo định kỳ và thống kê' }).waitFor();
    await page.getByRole('button', { name: `Cả năm ${year}` }).click();
    await settled(page);
    assert.equal(await page.getByLabel('Từ ngày').inputValue(), `01/01/${year}`);
    assert.equal(await page.getByLabel('Đến hết ngày').inputValue(), `31/12/${year}`);
    assert.match(page.url(), new RegExp(`from=${year}-01-01&to=${year}-12-31`));
    const byType = page.getByRole('table', { name: 'Theo loại sự cố' });
    await byType.waitFor();
    const count = (code) => before.by_type.find((r) => r.code === code).count;
    for (const [code, n] of Object.entries(made)) {
      assert.equal(await countIn(byType, new RegExp(`^${code}\\.`)), String(count(code) + n), code);
    }
    assert.equal(await countIn(byType, /^Tổng cộng/), String(before.incidents + 4));
    await page.getByRole('table', { name: 'Theo tháng' }).waitFor();
    await page.getByRole('table', { name: 'Thời gian xử lý (giờ)' }).waitFor();
    await page.getByRole('table', { name: 'Thời hạn báo cáo' }).waitFor();
    await page.getByRole('table', { name: 'Theo đơn vị' }).getByRole('row', { name: /Sở Nội vụ/ }).waitFor();

    // the half-year shortcut
    await page.getByRole('button', { name: `6 tháng đầu năm ${year}` }).click();
    await settled(page);
    assert.equal(await page.getByLabel('Đến hết ngày').inputValue(), `30/06/${year}`);
    await page.getByRole('button', { name: `Cả năm ${year}` }).click();
    await settled(page);

    const xlsx = page.getByRole('link', { name: /XLSX/ });
    const xhref = await xlsx.getAttribute('href');
    assert.match(xhref, new RegExp(`unit_id=1&from=${year}-01-01&to=${year + 1}-01-01&format=xlsx`));
    const x = await page.request.get(new URL(xhref, base).href);
    assert.equal(x.status(), 200);
    assert.equal((await x.body()).subarray(0, 2).toString('latin1'), 'PK');

    const csv = page.getByRole('link', { name: 'Tải CSV Theo loại sự cố' });
    const c = await page.request.get(new URL(await csv.getAttribute('href'), base).href);
    assert.equal(c.status(), 200);
    const body = await c.body();
    assert.deepEqual([...body.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a byte-order mark');
    const text = body.subarray(3).toString('utf8');
    assert.match(text.split('\r\n')[0], /^Mã,Nhóm,Loại sự cố/);
    assert.match(text, new RegExp(`\\r\\nTC04,TC,[^\\r]*,${count('TC04') + 2},`));
    assert.deepEqual(errors, []);
  });

e2e('a commune operator sees only its unit, and a friendly refusal for the province', { viewport: DESK },
  async ({ page, base, errors }) => {
    const u = await units();
    await reportsPage(page, base, 'vanhanh.xa');
    await page.getByRole('table', { name: 'Theo loại sự cố' }).waitFor();
    const options = await page.getByLabel('Đơn vị', { exact: true }).locator('option').allTextContents();
    assert.equal(options.length, 1);
    assert.match(options[0], /XA-NT/);
    await page.goto(`${base}/#/reports?unit=${u.HY.id}&from=${year}-01-01&to=${year}-12-31`);
    await settled(page);
    await page.getByRole('alert').filter({ hasText: 'không thuộc phạm vi của bạn' }).first().waitFor();
    assert.equal(await page.getByRole('table', { name: 'Theo loại sự cố' }).count(), 0);
    assert.equal(await page.getByText('Ủy ban nhân dân tỉnh Hưng Yên (HY)').count(), 0);
    assert.deepEqual(errors, []);
  });

e2e('the SNV leader drafts Mẫu 01, edits it, approves it, opens the PDF, and a numbered Mẫu 05', { viewport: DESK },
  async ({ page, base, errors }) => {
    const u = await units();
    await reportsPage(page, base, 'lanhdao.snv', `?unit=${u.SNV.id}`);
    assert.equal(await page.getByLabel('Đơn vị', { exact: true }).inputValue(), String(u.SNV.id));
    await page.getByText('Đơn vị chưa có báo cáo nào.').waitFor();
    await page.getByLabel('Lập báo cáo mới').selectOption('member_profile');
    await page.getByRole('button', { name: 'Lập bản nháp' }).click();
    const item = page.locator('.unitrep-item').first();
    await item.getByText('Bản khai hồ sơ thành viên mạng lưới ứng cứu sự cố').waitFor();
    await item.getByText('Bản nháp').waitFor();
    const id = await item.getAttribute('data-report');

    await item.getByRole('button', { name: /^Sửa các mục/ }).click();
    await item.getByLabel('Trang thông tin điện tử').fill('https://snv.hungyen.gov.vn');
    await item.getByRole('button', { name: 'Lưu' }).click();
    await item.getByText('https://snv.hungyen.gov.vn').waitFor();
    await page.getByRole('status').filter({ hasText: `Đã lưu bản nháp ${id}.` }).waitFor();

    // someone else saves meanwhile: 412, reloaded and said so
    await item.getByRole('button', { name: /^Sửa các mục/ }).click();
    const cur = await must('vanhanh.snv', 'GET', `/reports/${id}`, 200);
    await must('vanhanh.snv', 'PATCH', `/reports/${id}`, 200,
      { ifMatch: cur.version, body: { fields: { fax: '0221 3 862 000' } } });
    await item.getByLabel('Số fax').fill('0221 3 999 999');
    await item.getByRole('button', { name: 'Lưu' }).click();
    await item.getByRole('alert').filter({ hasText: 'người khác thay đổi' }).waitFor();
    await item.getByText('0221 3 862 000').waitFor();

    await item.getByRole('button', { name: /^Phê duyệt/ }).click();
    const dlg = page.getByRole('dialog');
    await dlg.getByText('không sửa được nữa').waitFor();
    await dlg.getByRole('button', { name: 'Phê duyệt' }).click();
    await item.getByText('Đã duyệt, chưa gửi').waitFor();
    // Mẫu 01 travels with a công văn, which carries the number (service/report_fields.c)
    await item.getByText('Không đánh số (Mẫu 01 gửi kèm công văn').waitFor();
    const r = await must('lanhdao.snv', 'GET', `/reports/${id}`, 200);
    assert.equal(r.status, 'approved');
    assert.equal(r.number, null);

    const pdf = item.getByRole('link', { name: /^Xem PDF/ });
    const res = await page.request.get(new URL(await pdf.getAttribute('href'), base).href);
    assert.equal(res.status(), 200);
    assert.match(res.headers()['content-type'], /^application\/pdf/);
    const [tab] = await Promise.all([page.waitForEvent('popup'), pdf.click()]);
    await tab.waitForURL(/^blob:/);
    await tab.close();
    await item.getByRole('button', { name: /^Ghi nhận đã gửi/ }).waitFor();

    // Mẫu 05 for the first half: a numbered report of the workflow when the
    // server has it (GET /reports/forms lists 'summary'), else the unnumbered
    // download of the statistics
    await page.getByRole('button', { name: `6 tháng đầu năm ${year}` }).click();
    await settled(page);
    const forms = await must('lanhdao.snv', 'GET', '/reports/forms', null);
    if (forms?.items?.some((f) => f.code === 'summary')) {
      await page.getByLabel('Lập báo cáo mới').selectOption('summary');
      await page.getByText(`Mẫu 05 lập cho kỳ đã chọn ở trên: 01/01/${year} – 30/06/${year}`).waitFor();
      await page.getByRole('button', { name: 'Lập bản nháp' }).click();
      const sum = page.locator('.unitrep-item').filter({ hasText: 'Mẫu 05' });
      await sum.getByText(`01/01/${year} – 30/06/${year}`).waitFor();
      await sum.getByRole('button', { name: /^Phê duyệt/ }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Phê duyệt' }).click();
      await sum.getByText('Đã duyệt, chưa gửi').waitFor();
      const number = sum.locator('.unitrep-number');
      await number.waitFor();
      assert.match(await number.textContent(), /^\d+\/BC-SNV$/);
      const doc = await page.request.get(new URL(await sum.getByRole('link', { name: /^Xem PDF/ }).getAttribute('href'), base).href);
      assert.equal(doc.status(), 200);
      assert.match(doc.headers()['content-type'], /^application\/pdf/);
    } else {
      const link = page.getByRole('link', { name: /Mẫu 05 \(PDF\)/ });
      assert.match(await link.getAttribute('href'), new RegExp(`summary05\\?unit_id=${u.SNV.id}&from=${year}-01-01&to=${year}-07-01&format=pdf`));
    }
    assert.deepEqual(errors, []);
  });

e2e('on a phone, in English, without sideways scrolling', { viewport: PHONE, lang: 'en' },
  async ({ page, base, errors }) => {
    await reportsPage(page, base, 'dieuphoi');
    await page.getByRole('heading', { level: 1, name: 'Periodic reports and statistics' }).waitFor();
    await page.getByRole('table', { name: 'By incident type' }).waitFor();
    await page.getByRole('table', { name: 'Report deadlines' }).waitFor();
    await page.getByRole('button', { name: `Whole year ${year}` }).waitFor();
    await page.getByRole('link', { name: 'Download the workbook (XLSX)' }).waitFor();
    await page.getByText('The unit has no reports yet.').waitFor();
    await noSideways(page);
    // the switch back to Vietnamese changes the page in place
    await page.getByRole('button', { name: 'VI' }).click();
    await page.getByRole('heading', { level: 1, name: 'Báo cáo định kỳ và thống kê' }).waitFor();
    await page.getByRole('table', { name: 'Theo loại sự cố' }).waitFor();
    await noSideways(page);
    assert.deepEqual(errors, []);
  });
