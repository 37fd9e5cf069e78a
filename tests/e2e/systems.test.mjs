// The registry of information systems in Chromium: register a system,
// tick the NĐ 85/2016 criteria and watch the level and its reasons,
// save, the dossier refused then submitted, another unit's "not found",
// a phone, English.
import assert from 'node:assert/strict';
import { useWorld, e2e, open, signIn, PHONE, DESK, SAMPLE_PASSWORD } from './lib/harness.mjs';
import { signInAs, assertNoSideways, registerSystem } from './lib/systems.mjs';
import { api, mustLogin } from '../api/lib/server.mjs';
import { as } from '../api/lib/common.mjs';

useWorld();

const NAME = 'Cổng dịch vụ công Sở Nội vụ';
let systemHash = null;

e2e('an operator registers a system, ticks criteria, saves the level; the dossier is refused then submitted',
  { viewport: DESK }, async ({ page, base, errors }) => {
    await signInAs(page, base, 'vanhanh.snv');
    await page.getByRole('navigation').getByRole('link', { name: 'Hệ thống thông tin' }).click();
    await page.getByRole('heading', { level: 1, name: 'Hệ thống thông tin' }).waitFor();
    await page.getByRole('button', { name: 'Đăng ký hệ thống mới' }).click();
    // the name is required, in the browser
    await page.getByRole('button', { name: 'Đăng ký', exact: true }).click();
    await page.getByText('Trường này bắt buộc').or(page.locator('#sys-n-name-err:not([hidden])')).first().waitFor();
    assert.equal(await page.getByLabel('Tên hệ thống').getAttribute('aria-invalid'), 'true');
    await page.getByLabel('Tên hệ thống').fill(NAME);
    await page.getByLabel('Mục đích sử dụng').fill('Tiếp nhận hồ sơ trực tuyến');
    await page.getByRole('button', { name: 'Đăng ký', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: NAME }).waitFor();
    systemHash = new URL(page.url()).hash;
    assert.match(systemHash, /^#\/systems\/\d+$/);
    const level = page.getByRole('region', { name: 'Cấp độ an toàn hệ thống thông tin' });
    const result = level.locator('#sys-level-result');
    await result.getByText('Chưa xác định cấp độ').waitFor();

    // tick a level-3 criterion: level 3 and its reason, live
    await level.getByRole('checkbox', { name: /Điều 9 khoản 2 điểm c/ }).check();
    await result.getByText('Cấp 3', { exact: true }).waitFor();
    await result.getByText('Cấp độ 3 theo Điều 9 khoản 2 điểm c').waitFor();
    // and a level-4 one: level 4, the reason is the level-4 criterion
    await level.getByRole('checkbox', { name: /Điều 10 khoản 1/ }).first().check();
    await result.getByText('Cấp 4', { exact: true }).waitFor();
    await result.getByText(/Cấp độ 4 theo Điều 10 khoản 1/).waitFor();
    // untick it: back to 3
    await level.getByRole('checkbox', { name: /Điều 10 khoản 1/ }).first().uncheck();
    await result.getByText('Cấp 3', { exact: true }).waitFor();
    await level.getByRole('button', { name: 'Lưu cấp độ' }).click();
    await page.locator('#sys-level-done').getByText('Đã lưu.').waitFor();
    assert.doesNotMatch(await page.locator('main').innerText(), /\b(null|undefined|systems\.)/);
    await page.locator('.sys-sub').getByText('Cấp 3').waitFor();

    // the fields, saved with If-Match
    const fields = page.getByRole('region', { name: 'Thông tin chung' });
    await fields.getByLabel('Tên miền').fill('dichvucong.snv.hungyen.gov.vn');
    await fields.getByLabel('Địa chỉ IP công khai, dải IP (CIDR)').fill('203.0.113.0/24\n198.51.100.7');
    await fields.getByRole('button', { name: 'Lưu thông tin' }).click();
    await page.locator('#sys-fields-done').getByText('Đã lưu.').waitFor();
    assert.equal(await page.getByLabel('Tên miền').inputValue(), 'dichvucong.snv.hungyen.gov.vn');
    // a bad address: the server's field error beside the field
    await page.getByLabel('Địa chỉ IP công khai, dải IP (CIDR)').fill('999.1.1.1');
    await page.getByRole('button', { name: 'Lưu thông tin' }).click();
    await page.locator('#sys-addr-err:not([hidden])').waitFor();
    assert.equal(await page.getByLabel('Địa chỉ IP công khai, dải IP (CIDR)').getAttribute('aria-invalid'), 'true');

    // the dossier: submitting without its parts is refused, naming them
    const dossier = page.getByRole('region', { name: 'Hồ sơ đề xuất cấp độ' });
    await dossier.getByText('Đang soạn').first().waitFor();
    assert.equal(await dossier.getByRole('button', { name: 'Ghi nhận phê duyệt' }).count(), 0, 'only the allowed moves');
    await dossier.getByRole('button', { name: 'Nộp hồ sơ thẩm định' }).click();
    const refusal = dossier.getByRole('alert').filter({ hasText: 'hồ sơ còn thiếu' });
    await refusal.waitFor();
    assert.match(await refusal.innerText(), /Tài liệu thiết kế/);
    // provide the parts with their references, save, submit
    for (const code of ['overview', 'design', 'justification', 'protection_plan']) {
      await page.locator(`#part-${code}`).check();
      await page.locator(`#part-${code}-ref`).fill(`HS-${code}/2026`);
    }
    await dossier.getByRole('button', { name: 'Lưu hồ sơ' }).click();
    await page.locator('#sys-dossier-done').getByText('Đã lưu.').waitFor();
    await page.getByRole('region', { name: 'Hồ sơ đề xuất cấp độ' })
      .getByRole('button', { name: 'Nộp hồ sơ thẩm định' }).click();
    await page.locator('#sys-dossier-done').getByText('Hồ sơ đã chuyển sang: Đã nộp thẩm định.').waitFor();
    const d2 = page.getByRole('region', { name: 'Hồ sơ đề xuất cấp độ' });
    await d2.getByRole('button', { name: 'Trả lại để bổ sung' }).waitFor();
    assert.equal(await d2.getByRole('button', { name: 'Nộp hồ sơ thẩm định' }).count(), 0);
    assert.equal(await page.locator('#part-design-ref').inputValue(), 'HS-design/2026');

    // the list shows the level
    await page.getByRole('link', { name: '← Danh mục hệ thống thông tin' }).click();
    const item = page.locator('.sys-item').filter({ hasText: NAME });
    await item.getByText('Cấp 3').waitFor();
    await item.getByText('Đã nộp thẩm định').waitFor();
    // search
    await page.getByLabel('Tìm theo tên, tên miền').fill('khong-co-he-thong-nay');
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await page.getByText('Chưa có hệ thống nào phù hợp.').waitFor();
    assert.deepEqual(errors, []);
  });

e2e('another unit\'s user opening the system\'s link gets "not found"', { viewport: DESK }, async ({ page, base, errors }) => {
  assert.ok(systemHash, 'the first test registered a system');
  await signInAs(page, base, 'vanhanh.xa');
  await page.evaluate((x) => { location.hash = x; }, systemHash);
  await page.getByRole('heading', { level: 1, name: 'Không có trang này.' }).waitFor();
  await page.getByRole('alert').getByText(/Không tìm thấy hệ thống này/).waitFor();
  assert.ok(!(await page.locator('main').innerText()).includes(NAME));
  // its list has none of the department's systems
  await page.evaluate(() => { location.hash = '#/systems'; });
  await page.getByText('Chưa có hệ thống nào phù hợp.').waitFor();
  assert.deepEqual(errors, []);
});

e2e('on a phone, in English: the list and the system without sideways scrolling',
  { viewport: PHONE, lang: 'en' }, async ({ page, base, errors }) => {
    await open(page, base);
    await signIn(page, 'dieuphoi', SAMPLE_PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'Information systems' }).click();
    await page.getByRole('heading', { level: 1, name: 'Information systems' }).waitFor();
    await page.locator('.sys-item').filter({ hasText: NAME }).getByText('Level 3').waitFor();
    await assertNoSideways(page, PHONE.width);
    await page.screenshot({ path: '/tmp/shots/systems/list-390.png', fullPage: true }).catch(() => {});
    await page.getByRole('link', { name: NAME }).click();
    await page.getByRole('heading', { level: 1, name: NAME }).waitFor();
    await page.getByRole('heading', { name: 'Security level' }).waitFor();
    await page.getByRole('heading', { name: 'Level dossier' }).waitFor();
    await page.getByText('Submitted for appraisal').first().waitFor();
    const main = await page.locator('main').innerText();
    for (const s of ['Hồ sơ đề xuất', 'Lưu thông tin', 'Cấp độ an toàn']) assert.ok(!main.includes(s), `still shows ${s}`);
    await assertNoSideways(page, PHONE.width);
    await page.screenshot({ path: '/tmp/shots/systems/system-390-en.png', fullPage: true }).catch(() => {});
    assert.deepEqual(errors, []);
  });

e2e('a stale version: the save is refused (412) and the latest version can be loaded', { viewport: DESK }, async ({ page, base, errors }) => {
  const sys = await registerSystem(base, 'vanhanh.snv', { name: 'Hệ thống quản lý văn bản', criteria: ['N85.8.1'] });
  await signInAs(page, base, 'vanhanh.snv');
  await page.evaluate((x) => { location.hash = x; }, `#/systems/${sys.id}`);
  await page.getByRole('heading', { level: 1, name: 'Hệ thống quản lý văn bản' }).waitFor();
  // someone else changes it meanwhile
  const other = await mustLogin(base, 'lanhdao.snv');
  const r = await api(base, 'PATCH', `/api/v1/systems/${sys.id}`, as(other, { body: { purpose: 'Điều hành văn bản' }, ifMatch: sys.version }));
  assert.equal(r.status, 200, r.text);
  await page.getByLabel('Nhà cung cấp đường truyền (ISP)').fill('VNPT Hưng Yên');
  await page.getByRole('button', { name: 'Lưu thông tin' }).click();
  const fields = page.getByRole('region', { name: 'Thông tin chung' });
  await fields.getByRole('alert').getByText('thay đổi', { exact: false }).or(fields.getByRole('button', { name: 'Tải lại bản mới nhất' })).first().waitFor();
  await fields.getByRole('button', { name: 'Tải lại bản mới nhất' }).click();
  await page.waitForFunction(() => document.getElementById('sys-purpose')?.value === 'Điều hành văn bản');
  await page.getByRole('button', { name: 'Lưu thông tin' }).waitFor();
  assert.deepEqual(errors, []);
});

e2e('the dossier\'s files: upload a document to a part, download link, remove it; the dossier still saves',
  { viewport: DESK }, async ({ page, base, errors }) => {
    const sys = await registerSystem(base, 'vanhanh.snv', { name: 'Hệ thống thư điện tử công vụ', criteria: ['N85.8.2a'] });
    await signInAs(page, base, 'vanhanh.snv');
    await page.evaluate((x) => { location.hash = x; }, `#/systems/${sys.id}`);
    await page.getByRole('heading', { level: 1, name: 'Hệ thống thư điện tử công vụ' }).waitFor();
    const box = page.locator('#part-overview-files');
    await box.getByText('Chưa có tệp nào.').waitFor();
    // nothing chosen: said beside the field
    await box.getByRole('button', { name: 'Tải lên', exact: true }).click();
    await box.locator('#part-overview-file-err').getByText('Hãy chọn một tệp trước khi tải lên.').waitFor();
    assert.equal(await box.getByLabel('Chọn tệp để tải lên').getAttribute('aria-invalid'), 'true');
    // a PDF-like document
    const name = 'Thuyết minh đề xuất cấp độ.pdf';
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(4096, 7), Buffer.from('\n%%EOF\n')]);
    await box.getByLabel('Chọn tệp để tải lên').setInputFiles({ name, mimeType: 'application/pdf', buffer: pdf });
    await box.getByRole('button', { name: 'Tải lên', exact: true }).click();
    const link = box.getByRole('link', { name });
    await link.waitFor();
    await box.getByText(`Đã tải lên ${name}`).waitFor();
    assert.equal(await box.getByLabel('Chọn tệp để tải lên').getAttribute('aria-invalid'), null);
    const who = await mustLogin(base, 'vanhanh.snv');
    const list = await api(base, 'GET', `/api/v1/systems/${sys.id}/dossier/files`, as(who));
    assert.equal(list.json.items.length, 1);
    const f = list.json.items[0];
    assert.equal(f.filename, name);
    assert.equal(f.size, pdf.length);
    assert.equal(await link.getAttribute('href'), `/api/v1/systems/${sys.id}/dossier/files/${f.id}/content`);
    // the link gives the same bytes, as an attachment
    const got = await page.evaluate(async (href) => {
      const r = await fetch(href);
      return { status: r.status, cd: r.headers.get('content-disposition'), n: (await r.arrayBuffer()).byteLength };
    }, await link.getAttribute('href'));
    assert.equal(got.status, 200);
    assert.match(got.cd, /^attachment;/);
    assert.equal(got.n, pdf.length);
    await page.screenshot({ path: '/tmp/shots/systems/dossier-file-1440.png', fullPage: true }).catch(() => {});

    // remove: asked first, "keep it" keeps it
    await box.getByRole('button', { name: `Gỡ tệp ${name}` }).click();
    await box.getByText(`Gỡ tệp ${name} khỏi hồ sơ?`).waitFor();
    await box.getByRole('button', { name: 'Không gỡ' }).click();
    await box.getByRole('button', { name: `Gỡ tệp ${name}` }).click();
    await box.getByRole('button', { name: 'Gỡ', exact: true }).click();
    await box.getByText('Chưa có tệp nào.').waitFor();
    assert.equal(await link.count(), 0);
    await box.getByText(`Đã gỡ tệp ${name}.`).waitFor();
    const after = await api(base, 'GET', `/api/v1/systems/${sys.id}/dossier/files`, as(who));
    assert.deepEqual(after.json.items, []);

    // what was typed elsewhere stays, and the dossier saves (no stale version)
    await page.locator('#part-design').check();
    await page.locator('#part-design-ref').fill('HS-TK/2026');
    await page.getByRole('region', { name: 'Hồ sơ đề xuất cấp độ' }).getByRole('button', { name: 'Lưu hồ sơ' }).click();
    await page.locator('#sys-dossier-done').getByText('Đã lưu.').waitFor();
    assert.deepEqual(errors, []);
  });

e2e('a reader sees the dossier\'s files with their links, and no upload or removal', { viewport: DESK }, async ({ page, base, errors }) => {
  const sys = await registerSystem(base, 'vanhanh.snv', { name: 'Hệ thống hội nghị truyền hình', criteria: ['N85.8.2a'] });
  const who = await mustLogin(base, 'vanhanh.snv');
  const form = new FormData();
  form.append('part', 'design');
  form.append('file', new Blob([Buffer.from('%PDF-1.4\nthiết kế\n')], { type: 'application/pdf' }), 'Thiết kế hệ thống.pdf');
  const up = await api(base, 'POST', `/api/v1/systems/${sys.id}/dossier/files`, as(who, { raw: form, contentType: null }));
  assert.equal(up.status, 201, up.text);
  await signInAs(page, base, 'doiungcuu');
  await page.evaluate((x) => { location.hash = x; }, `#/systems/${sys.id}`);
  await page.getByRole('heading', { level: 1, name: 'Hệ thống hội nghị truyền hình' }).waitFor();
  const box = page.locator('#part-design-files');
  const link = box.getByRole('link', { name: 'Thiết kế hệ thống.pdf' });
  await link.waitFor();
  assert.equal(await link.getAttribute('href'), `/api/v1/systems/${sys.id}/dossier/files/${up.json.id}/content`);
  const dossier = page.getByRole('region', { name: 'Hồ sơ đề xuất cấp độ' });
  assert.equal(await dossier.getByRole('button', { name: 'Tải lên', exact: true }).count(), 0);
  assert.equal(await dossier.getByRole('button', { name: /Gỡ tệp/ }).count(), 0);
  assert.equal(await dossier.locator('input[type="file"]').count(), 0);
  assert.deepEqual(errors, []);
});
