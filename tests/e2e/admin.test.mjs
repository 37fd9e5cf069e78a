// The administration pages in Chromium: the unit tree (add, edit, move,
// a change by someone else meanwhile, a department admin's scope), users
// and roles (create, field errors, grant, revoke, disable), the audit log
// (intact, then broken after tampering) and the rule pack in use; on a
// phone and in English.
import assert from 'node:assert/strict';
import { useWorld, e2e, open, signIn, PHONE, DESK, ADMIN_PASSWORD } from './lib/harness.mjs';
import { signInTo, session, assertNoSideways, tamperAuditEntry } from './lib/admin.mjs';
import { login } from '../api/lib/server.mjs';

useWorld();

const GOOD_PASSWORD = 'Ng0-Van-Thanh-2026!';
/** The tree's button of the unit with exactly this name. */
const treeButton = (page, name) => page.locator('.unit-tree .tree-unit').filter({
  has: page.locator('.tree-name').getByText(name, { exact: true }),
});

e2e('an administrator adds a unit, edits its symbol and signer, and moves it', { viewport: DESK },
  async ({ page, base, errors }) => {
    const adm = await session('admin');
    await open(page, base);
    await signIn(page, 'admin', ADMIN_PASSWORD);
    // the main menu leads to the unit tree; the sub-menu names the four pages
    await page.getByRole('navigation', { name: 'Trình đơn chính' }).getByRole('link', { name: 'Quản trị' }).click();
    await page.getByRole('heading', { level: 1, name: 'Cây đơn vị' }).waitFor();
    const sub = page.getByRole('navigation', { name: 'Quản trị' });
    assert.deepEqual(await sub.getByRole('link').allInnerTexts(),
      ['Đơn vị', 'Người dùng và vai trò', 'Nhật ký hệ thống', 'Bộ quy tắc']);
    assert.equal(await sub.getByRole('link', { name: 'Đơn vị' }).getAttribute('aria-current'), 'page');

    // the tree opens and closes, and says so (aria-expanded)
    await treeButton(page, 'Sở Nội vụ').first().waitFor();
    const snvToggle = page.getByRole('button', { name: 'Các đơn vị trực thuộc Sở Nội vụ' });
    assert.equal(await snvToggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await treeButton(page, 'Phòng Pháp chế').isVisible(), false);
    await snvToggle.click();
    assert.equal(await snvToggle.getAttribute('aria-expanded'), 'true');
    await treeButton(page, 'Phòng Pháp chế').waitFor();
    await snvToggle.click();
    assert.equal(await treeButton(page, 'Phòng Pháp chế').isVisible(), false);

    // add a unit under Sở Nội vụ
    await treeButton(page, 'Sở Nội vụ').click();
    await page.getByRole('heading', { level: 2, name: 'Sở Nội vụ' }).waitFor();
    const add = page.getByRole('form', { name: 'Thêm đơn vị trực thuộc Sở Nội vụ' });
    await add.getByRole('button', { name: 'Thêm đơn vị' }).click();
    await add.locator('#ua-code-err').waitFor();
    assert.equal(await add.locator('#ua-code-err').innerText(), 'Trường này là bắt buộc.');
    await add.getByLabel('Mã đơn vị').fill('tn-e2e');
    await add.getByLabel('Tên đơn vị', { exact: true }).fill('Phòng Thử nghiệm');
    await add.getByLabel('Loại đơn vị').selectOption({ label: 'Phòng, ban chuyên môn' });
    await add.getByRole('button', { name: 'Thêm đơn vị' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã thêm đơn vị Phòng Thử nghiệm.' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Phòng Thử nghiệm' }).waitFor();
    await treeButton(page, 'Phòng Thử nghiệm').waitFor();
    assert.equal(await treeButton(page, 'Phòng Thử nghiệm').getAttribute('aria-current'), 'true');
    const created = await adm.unit('TN-E2E');
    const snv = await adm.unit('SNV');
    assert.equal(created.parent_id, snv.id);

    // a bad symbol is refused beside its field; then the symbol and the signer are saved
    const edit = page.getByRole('form', { name: 'Thông tin đơn vị' });
    await edit.getByLabel('Chữ viết tắt tên đơn vị (ký hiệu văn bản)').fill('ptn x');
    await edit.getByRole('button', { name: 'Lưu thay đổi' }).click();
    const symErr = edit.locator('#ue-symbol-err');
    await symErr.waitFor();
    assert.match(await symErr.innerText(), /Chữ viết tắt chỉ gồm chữ in hoa/);
    assert.equal(await edit.locator('#ue-symbol').getAttribute('aria-invalid'), 'true');
    assert.match(await edit.locator('#ue-symbol').getAttribute('aria-describedby'), /ue-symbol-err/);
    assert.match(await edit.getByRole('alert').innerText(), /Một số trường chưa hợp lệ/);
    await edit.getByLabel('Chữ viết tắt tên đơn vị (ký hiệu văn bản)').fill('PTN');
    const prefix = edit.getByLabel('Quyền hạn ký');
    assert.deepEqual(await prefix.locator('option').evaluateAll((os) => os.map((o) => o.value)),
      ['', 'KT.', 'TM.', 'Q.', 'TL.', 'TUQ.']);
    await prefix.selectOption('TL.');
    await edit.getByLabel('Chức vụ').fill('TRƯỞNG PHÒNG');
    await edit.getByLabel('Họ và tên người ký').fill('Nguyễn Văn An');
    await edit.getByLabel('Tên cơ quan chủ quản').fill('SỞ NỘI VỤ');
    await edit.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu thông tin của Phòng Thử nghiệm.' }).waitFor();
    assert.equal(await edit.locator('#ue-symbol').getAttribute('aria-invalid'), null);
    let u = await adm.unit('TN-E2E');
    assert.equal(u.symbol, 'PTN');
    assert.equal(u.signer_prefix, 'TL.');
    assert.equal(u.signer_title, 'TRƯỞNG PHÒNG');
    assert.equal(u.signer_name, 'Nguyễn Văn An');
    assert.equal(u.supervising_name, 'SỞ NỘI VỤ');

    // move it under a commune: the unit itself is not offered as a parent
    const move = page.getByRole('form', { name: 'Chuyển sang đơn vị cấp trên khác' });
    const parents = await move.getByLabel('Đơn vị cấp trên mới').locator('option').allInnerTexts();
    assert.ok(!parents.some((x) => x.includes('TN-E2E')), 'a unit cannot move under itself');
    assert.ok(parents.some((x) => x.includes('(XA-NT)')));
    await move.getByLabel('Đơn vị cấp trên mới').selectOption(String((await adm.unit('XA-NT')).id));
    await move.getByRole('button', { name: 'Chuyển đơn vị' }).click();
    await page.getByRole('status').filter({
      hasText: 'Đã chuyển Phòng Thử nghiệm về trực thuộc Ủy ban nhân dân xã Nghĩa Trụ (XA-NT).',
    }).waitFor();
    await page.getByText('Cấp trên: Ủy ban nhân dân xã Nghĩa Trụ (XA-NT)').waitFor();
    u = await adm.unit('TN-E2E');
    assert.equal(u.parent_id, (await adm.unit('XA-NT')).id);
    // the tree shows it under the commune, opened to it
    const xaToggle = page.getByRole('button', { name: 'Các đơn vị trực thuộc Ủy ban nhân dân xã Nghĩa Trụ' });
    assert.equal(await xaToggle.getAttribute('aria-expanded'), 'true');
    // the choice stays in the URL: a reload shows the same unit
    await page.reload();
    await page.getByRole('heading', { level: 2, name: 'Phòng Thử nghiệm' }).waitFor();
    assert.deepEqual(errors, []);
  });

e2e('a unit changed by someone else meanwhile: the 412 says so and keeps what was typed',
  { viewport: DESK }, async ({ page, base, errors }) => {
    const adm = await session('admin');
    const pc = await adm.unit('SNV-PC');
    await signInTo(page, base, 'admin', `/admin/units?unit=${pc.id}`);
    const edit = page.getByRole('form', { name: 'Thông tin đơn vị' });
    await edit.getByLabel('Tên đơn vị', { exact: true }).waitFor();
    assert.equal(await edit.getByLabel('Tên đơn vị', { exact: true }).inputValue(), 'Phòng Pháp chế');
    await edit.getByLabel('Tên đơn vị', { exact: true }).fill('Phòng Pháp chế (bản của tôi)');
    await edit.getByLabel('Điện thoại').fill('0221 3863 222');
    // someone else renames it through the API meanwhile
    const r = await adm.call('PATCH', `/units/${pc.id}`,
      { ifMatch: pc.version, body: { name: 'Phòng Pháp chế và Kiểm soát' } });
    assert.equal(r.status, 200, r.text);
    await edit.getByRole('button', { name: 'Lưu thay đổi' }).click();
    const alert = edit.getByRole('alert');
    await alert.filter({ hasText: 'vừa được người khác thay đổi' }).waitFor();
    // the form shows the current values, and what was typed beside them
    assert.equal(await edit.getByLabel('Tên đơn vị', { exact: true }).inputValue(), 'Phòng Pháp chế và Kiểm soát');
    assert.equal(await edit.getByLabel('Điện thoại').inputValue(), '');
    const typed = edit.locator('.typed');
    assert.equal(await typed.count(), 2);
    assert.match(await typed.nth(0).innerText(), /Giá trị bạn đã nhập: Phòng Pháp chế \(bản của tôi\)/);
    assert.match(await typed.nth(1).innerText(), /0221 3863 222/);
    assert.equal((await adm.unit('SNV-PC')).phone, '', 'the stale save changed nothing');
    // take the phone back, keep the other person's name, and save
    await typed.nth(1).getByRole('button', { name: 'Dùng lại giá trị này' }).click();
    assert.equal(await edit.getByLabel('Điện thoại').inputValue(), '0221 3863 222');
    await edit.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu thông tin của Phòng Pháp chế và Kiểm soát.' }).waitFor();
    assert.equal(await edit.locator('.typed').count(), 0);
    const now = await adm.unit('SNV-PC');
    assert.equal(now.name, 'Phòng Pháp chế và Kiểm soát');
    assert.equal(now.phone, '0221 3863 222');
    assert.deepEqual(errors, []);
  });

e2e('a department administrator sees only its subtree and cannot pick a parent outside it',
  { viewport: DESK }, async ({ page, base, errors }) => {
    const q = await session('quantri.snv');
    const scope = (await q.all('/units')).map((u) => u.code).sort();
    assert.deepEqual(scope.slice().sort(), ['SNV', 'SNV-PC', 'SNV-VP']);
    await signInTo(page, base, 'quantri.snv', '/admin/units');
    await page.getByRole('heading', { level: 1, name: 'Cây đơn vị' }).waitFor();
    await page.getByRole('button', { name: 'Mở tất cả' }).click();
    const codes = await page.locator('.unit-tree .tree-unit .code').allInnerTexts();
    assert.deepEqual(codes.slice().sort(), scope);
    assert.equal(await page.locator('.unit-tree').getByText('Ủy ban nhân dân tỉnh Hưng Yên').count(), 0);
    // a unit of the subtree: only units of the subtree are offered as parents
    await treeButton(page, 'Văn phòng Sở Nội vụ').click();
    const move = page.getByRole('form', { name: 'Chuyển sang đơn vị cấp trên khác' });
    const offered = await move.getByLabel('Đơn vị cấp trên mới').locator('option').allInnerTexts();
    assert.equal(offered.length, 2, offered.join(' | '));
    assert.ok(offered.every((x) => /\((SNV|SNV-PC)\)$/.test(x.trim())), offered.join(' | '));
    // the top of the subtree has nowhere to go
    await treeButton(page, 'Sở Nội vụ').click();
    await page.getByRole('heading', { level: 2, name: 'Sở Nội vụ' }).waitFor();
    await move.getByText('Không có đơn vị nào khác trong phạm vi quản lý của bạn').waitFor();
    assert.equal(await move.getByRole('button', { name: 'Chuyển đơn vị' }).count(), 0);
    // its users: only those of the subtree; the audit chain needs the province
    await page.getByRole('navigation', { name: 'Quản trị' }).getByRole('link', { name: 'Người dùng và vai trò' }).click();
    await page.getByRole('heading', { level: 1, name: 'Người dùng và vai trò' }).waitFor();
    await page.locator('table.data tbody tr').first().waitFor();
    const logins = (await page.locator('table.data tbody tr .login').allInnerTexts()).sort();
    assert.deepEqual(logins, (await q.all('/users')).map((u) => u.login).sort());
    assert.ok(!logins.includes('admin') && logins.includes('quantri.snv'));
    await page.getByRole('navigation', { name: 'Quản trị' }).getByRole('link', { name: 'Nhật ký hệ thống' }).click();
    await page.getByText('Chỉ quản trị viên hoặc cán bộ kiểm tra cấp tỉnh mới kiểm tra được').waitFor();
    assert.deepEqual(errors, []);
  });

e2e('a move the server refuses (out of scope, or under its own unit) shows its reason beside the choice',
  { viewport: DESK }, async ({ page, base, errors }) => {
    const adm = await session('admin');
    const snv = await adm.unit('SNV');
    const mk = async (code, name) => {
      const r = await adm.call('POST', '/units', { body: { parent_id: snv.id, code, name, kind: 'office' } });
      assert.equal(r.status, 201, r.text);
      return r.json;
    };
    const c = await mk('MV-C', 'Tổ chuyển C');
    const d = await mk('MV-D', 'Tổ chuyển D');
    const e = await mk('MV-E', 'Tổ chuyển E');
    await signInTo(page, base, 'quantri.snv', `/admin/units?unit=${d.id}`);
    await page.getByRole('heading', { level: 2, name: 'Tổ chuyển D' }).waitFor();
    const move = page.getByRole('form', { name: 'Chuyển sang đơn vị cấp trên khác' });
    const select = move.getByLabel('Đơn vị cấp trên mới');
    // meanwhile the province's administrator takes C out of the department
    const xa = await adm.unit('XA-NT');
    assert.equal((await adm.call('POST', `/units/${c.id}/move`, { ifMatch: c.version, body: { parent_id: xa.id } })).status, 200);
    await select.selectOption(String(c.id));
    await move.getByRole('button', { name: 'Chuyển đơn vị' }).click();
    const err = move.locator('#um-parent-err');
    await err.filter({ hasText: 'Đơn vị cấp trên này không thuộc phạm vi quản lý của bạn.' }).waitFor();
    assert.equal(await select.getAttribute('aria-invalid'), 'true');
    // and puts E under D: D cannot go under E any more
    assert.equal((await adm.call('POST', `/units/${e.id}/move`, { ifMatch: e.version, body: { parent_id: d.id } })).status, 200);
    await select.selectOption(String(e.id));
    await move.getByRole('button', { name: 'Chuyển đơn vị' }).click();
    await err.filter({ hasText: 'Không thể chuyển đơn vị vào chính nó hoặc vào một đơn vị cấp dưới của nó.' }).waitFor();
    assert.equal((await adm.unit('MV-D')).parent_id, snv.id, 'refused moves change nothing');
    assert.deepEqual(errors, []);
  });

e2e('an administrator creates a user (a bad e-mail first), grants and revokes roles, and disables the account',
  { viewport: DESK }, async ({ page, base, errors }) => {
    const adm = await session('admin');
    await signInTo(page, base, 'admin', '/admin/users');
    await page.getByRole('heading', { level: 1, name: 'Người dùng và vai trò' }).waitFor();
    await page.locator('table.data tbody tr').first().waitFor();
    // search ignores accents; the unit filter takes the units below
    await page.getByLabel('Tìm theo họ tên hoặc tên đăng nhập').fill('do thi xuan');
    assert.deepEqual(await page.locator('table.data tbody tr .login').allInnerTexts(), ['vanhanh.xa']);
    await page.getByLabel('Tìm theo họ tên hoặc tên đăng nhập').fill('');
    await page.getByLabel('Đơn vị (gồm cả đơn vị cấp dưới)').selectOption(String((await adm.unit('SNV')).id));
    assert.deepEqual((await page.locator('table.data tbody tr .login').allInnerTexts()).sort(),
      ['lanhdao.snv', 'quantri.snv', 'vanhanh.snv']);
    assert.match(page.url(), /unit=\d+/, 'the filter is kept in the URL');

    await page.getByRole('button', { name: 'Thêm người dùng' }).click();
    const form = page.getByRole('form', { name: 'Thêm người dùng' });
    await form.getByLabel('Tên đăng nhập').fill('tran.van.moi');
    await form.getByLabel('Họ và tên').fill('Trần Văn Mới');
    await form.getByLabel('Thư điện tử').fill('khong-phai-thu');
    await form.getByLabel('Đơn vị công tác').selectOption(String((await adm.unit('SNV-VP')).id));
    await form.getByLabel('Mật khẩu ban đầu').fill(GOOD_PASSWORD);
    assert.match(await form.locator('#uc-password-hint').innerText(), /Ít nhất 12 ký tự/);
    await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
    const emailErr = form.locator('#uc-email-err');
    await emailErr.waitFor();
    assert.equal(await emailErr.innerText(), 'Địa chỉ thư điện tử không hợp lệ.');
    assert.equal(await form.getByLabel('Thư điện tử').getAttribute('aria-invalid'), 'true');
    assert.match(await form.getByRole('alert').innerText(), /Một số trường chưa hợp lệ/);
    assert.equal((await adm.all('/users')).some((x) => x.login === 'tran.van.moi'), false);
    await form.getByLabel('Thư điện tử').fill('moi@snv.hungyen.gov.vn');
    await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã tạo tài khoản tran.van.moi.' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Trần Văn Mới' }).waitFor();
    let u = await adm.user('tran.van.moi');
    assert.equal(u.email, 'moi@snv.hungyen.gov.vn');
    assert.equal(u.unit_id, (await adm.unit('SNV-VP')).id);

    // grant two roles, revoke one
    const roles = page.locator('section.roles-card');
    await roles.getByText('Chưa có vai trò').waitFor();
    const roleSelect = roles.getByLabel('Vai trò', { exact: true });
    assert.deepEqual(await roleSelect.locator('option').allInnerTexts(), [
      'Cán bộ chuyên trách ATTT (vận hành)', 'Lãnh đạo đơn vị', 'Thành viên Đội ứng cứu sự cố',
      'Điều phối (đơn vị chuyên trách)', 'Ban Chỉ đạo', 'Kiểm tra', 'Quản trị']);
    await roleSelect.selectOption('leader');
    await roles.getByRole('button', { name: 'Cấp vai trò' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã cấp vai trò: Lãnh đạo đơn vị — Văn phòng Sở Nội vụ (SNV-VP).' }).waitFor();
    await roles.getByLabel('Vai trò', { exact: true }).selectOption('operator');
    await roles.getByRole('button', { name: 'Cấp vai trò' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã cấp vai trò: Cán bộ chuyên trách ATTT (vận hành)' }).waitFor();
    u = await adm.user('tran.van.moi');
    assert.deepEqual(u.roles.map((g) => g.role).sort(), ['leader', 'operator']);
    await roles.getByRole('button', { name: /^Thu hồi Cán bộ chuyên trách ATTT/ }).click();
    await page.getByRole('status').filter({ hasText: 'Đã thu hồi vai trò: Cán bộ chuyên trách ATTT' }).waitFor();
    u = await adm.user('tran.van.moi');
    assert.deepEqual(u.roles.map((g) => g.role), ['leader']);
    assert.equal((await login(base, 'tran.van.moi', GOOD_PASSWORD)).status, 201);

    // disable: asked first; "Hủy" changes nothing
    const off = page.getByRole('button', { name: 'Vô hiệu hóa tài khoản' });
    await off.click();
    const dlg = page.getByRole('dialog', { name: 'Vô hiệu hóa tài khoản?' });
    await dlg.waitFor();
    assert.match(await dlg.innerText(), /tran\.van\.moi của Trần Văn Mới/);
    await dlg.getByRole('button', { name: 'Hủy' }).click();
    await dlg.waitFor({ state: 'detached' });
    assert.equal((await adm.user('tran.van.moi')).disabled, false);
    await off.click();
    await dlg.getByRole('button', { name: 'Vô hiệu hóa tài khoản' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã vô hiệu hóa tài khoản của Trần Văn Mới.' }).waitFor();
    await page.getByText('Tài khoản này đã bị vô hiệu hóa.').waitFor();
    const row = page.locator('table.data tbody tr', { hasText: 'tran.van.moi' });
    await row.getByText('Đã vô hiệu hóa').waitFor();
    assert.equal((await adm.user('tran.van.moi')).disabled, true);
    assert.equal((await login(base, 'tran.van.moi', GOOD_PASSWORD)).status, 401);
    assert.deepEqual(errors, []);
  });

e2e('the audit page shows the chain intact, then broken at the entry that was tampered with',
  { viewport: DESK }, async ({ page, base, errors }) => {
    const adm = await session('admin');
    // enough entries for more than one page
    const xapc = await adm.unit('XA-PC');
    for (let i = 0; i < 6; i++) {
      await Promise.all(Array.from({ length: 10 }, (_, j) => adm.call('POST', '/units', {
        body: { parent_id: xapc.id, code: `NK-${i}${j}`, name: `Tổ nhật ký ${i}${j}`, kind: 'office' },
      })));
    }
    await signInTo(page, base, 'admin', '/admin/audit');
    await page.getByRole('heading', { level: 1, name: 'Nhật ký hệ thống' }).waitFor();
    const verify = page.locator('section.verify');
    await verify.getByText('Nguyên vẹn', { exact: true }).waitFor();
    assert.match(await verify.innerText(), /Chuỗi băm nguyên vẹn: đã kiểm tra \d+ mục/);
    // newest first, times as dd/mm/yyyy HH:MM:SS
    const rows = page.locator('table.audit-table tbody tr');
    await rows.first().waitFor();
    const stamps = await page.locator('table.audit-table .stamp').allInnerTexts();
    assert.ok(stamps.every((s) => /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/.test(s)), stamps.join(', '));
    const ids = (await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.dataset.entry))));
    assert.deepEqual(ids, ids.slice().sort((a, b) => b - a), 'newest first');
    // paging: 50 at a time, older ones on demand
    assert.equal(ids.length, 50);
    await page.getByText('Đang hiển thị 50 mục; còn mục cũ hơn.').waitFor();
    await page.getByRole('button', { name: 'Xem thêm mục cũ hơn' }).click();
    await page.waitForFunction(() => document.querySelectorAll('table.audit-table tbody tr').length > 50);
    const more = (await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.dataset.entry))));
    assert.deepEqual(more.slice(0, 50), ids);
    assert.deepEqual(more, more.slice().sort((a, b) => b - a), 'still newest first');
    assert.equal(new Set(more).size, more.length, 'no entry twice');
    // filters: an action, then an actor; kept in the URL
    await page.getByLabel('Hành động').fill('unit.create');
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await page.waitForFunction(() => document.querySelectorAll('table.audit-table tbody tr').length > 0
      && [...document.querySelectorAll('table.audit-table tbody tr')].every((tr) => tr.innerText.includes('unit.create')));
    assert.match(page.url(), /action=unit\.create/);
    await page.getByRole('button', { name: 'Bỏ lọc' }).click();
    await page.getByLabel('Người thực hiện (tên đăng nhập)').fill('quantri');
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await page.waitForFunction(() => {
      const trs = [...document.querySelectorAll('table.audit-table tbody tr')];
      return trs.length > 0 && trs.every((tr) => tr.innerText.includes('quantri.snv'));
    });
    await page.getByLabel('Từ ngày').fill('31/02/2026');
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await page.locator('#af-from-err').filter({ hasText: 'Ngày không hợp lệ' }).waitFor();
    await page.getByRole('button', { name: 'Bỏ lọc' }).click();
    await page.getByText(/Đang hiển thị \d+ mục/).waitFor();

    // someone edits an entry directly in the database
    const newest = (await adm.call('GET', '/audit?limit=5')).json.items;
    const victim = Number(newest[3].id);
    tamperAuditEntry(victim);
    await page.reload();
    await verify.getByText('Bị phá vỡ', { exact: true }).waitFor();
    const broken = verify.getByRole('alert');
    assert.match(await broken.innerText(), new RegExp(`Chuỗi băm bị phá vỡ tại mục #${victim}\\b`));
    const row = page.locator(`table.audit-table tbody tr[data-entry="${victim}"]`);
    await row.waitFor();
    await row.getByText('Hỏng chuỗi').waitFor();
    assert.match(await row.innerText(), /\.x/);
    assert.deepEqual(errors, []);
  });

e2e('everyone signed in reads the rule pack in use: the 21 incident types and the deadlines',
  { viewport: DESK }, async ({ page, base, errors }) => {
    await signInTo(page, base, 'vanhanh.xa', '/admin/rulepack');
    await page.getByRole('heading', { level: 1, name: 'Bộ quy tắc đang dùng' }).waitFor();
    // an operator's sub-menu has the rule pack only
    assert.deepEqual(await page.getByRole('navigation', { name: 'Quản trị' }).getByRole('link').allInnerTexts(),
      ['Bộ quy tắc']);
    await page.getByRole('heading', { level: 2, name: /Quy định ứng cứu sự cố năm 2017/ }).waitFor();
    await page.getByText('Đang áp dụng', { exact: true }).waitFor();
    const toc = page.getByRole('navigation', { name: 'Mục lục' });
    await toc.getByRole('link', { name: 'Phân loại sự cố' }).click();
    const types = page.locator('#rp-types');
    assert.equal(await types.getAttribute('open'), '');
    assert.equal(await types.locator('.rp-types > li').count(), 21);
    await types.getByText('4 nhóm, 21 loại sự cố.').waitFor();
    await types.getByText('Tấn công từ chối dịch vụ').waitFor();
    await types.getByText('availability:ddos').waitFor();
    assert.match(await types.locator('.rp-types > li').first().locator('.src').innerText(),
      /^nguồn: legacy-2017\/taxonomy\.txt:\d+$/);
    await toc.getByRole('link', { name: 'Báo cáo và thời hạn' }).click();
    await page.locator('#rp-reports').getByText('trong 5 ngày kể từ khi phát hiện sự cố').waitFor();
    await toc.getByRole('link', { name: 'Quy trình ứng cứu' }).click();
    const i1 = page.locator('#rp-procedures li', { hasText: 'I.1' }).first();
    assert.match(await i1.innerText(), /Chủ trì:\s*Đơn vị vận hành hệ thống thông tin/);
    await toc.getByRole('link', { name: 'Ngày nghỉ lễ, Tết' }).click();
    await page.locator('#rp-holidays').getByText('01/01/2025').waitFor();
    // the other administration pages are not for an operator
    await page.goto(`${base}/#/admin/users`);
    await page.getByText('Tài khoản của bạn không có quyền dùng trang này.').waitFor();
    assert.deepEqual(errors, []);
  });

e2e('on a phone (390 px) every administration page fits without sideways scrolling',
  { viewport: PHONE }, async ({ page, base, errors }) => {
    const adm = await session('admin');
    const snv = await adm.unit('SNV');
    await signInTo(page, base, 'admin', `/admin/units?unit=${snv.id}`);
    await page.getByRole('heading', { level: 2, name: 'Sở Nội vụ' }).waitFor();
    await page.getByRole('button', { name: 'Mở tất cả' }).click();
    await assertNoSideways(page, 390, 'units');
    // the editor is reachable and usable
    await page.getByRole('form', { name: 'Thông tin đơn vị' }).getByLabel('Điện thoại').fill('0221 3863 100');
    await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu thông tin của Sở Nội vụ.' }).waitFor();
    await assertNoSideways(page, 390, 'units after saving');

    const dp = await adm.user('dieuphoi');
    await page.goto(`${base}/#/admin/users?user=${dp.id}`);
    await page.getByRole('heading', { level: 2, name: 'Nguyễn Văn Điều' }).waitFor();
    await assertNoSideways(page, 390, 'users');
    // rows stack with their labels
    assert.equal(await page.locator('table.data tbody tr').first().locator('.cell-label').first().isVisible(), true);

    await page.goto(`${base}/#/admin/audit`);
    await page.locator('table.audit-table tbody tr').first().waitFor();
    await page.locator('table.audit-table details').first().click();
    await assertNoSideways(page, 390, 'audit');

    await page.goto(`${base}/#/admin/rulepack`);
    await page.getByRole('button', { name: 'Mở tất cả' }).click();
    await page.locator('#rp-options[open]').waitFor();
    await assertNoSideways(page, 390, 'rule pack');
    assert.deepEqual(errors, []);
  });

e2e('in English: the pages, the role names and the rule pack follow the language switch',
  { viewport: DESK }, async ({ page, base, errors }) => {
    const adm = await session('admin');
    const vx = await adm.user('vanhanh.xa');
    await signInTo(page, base, 'admin', `/admin/users?user=${vx.id}`);
    await page.getByRole('heading', { level: 2, name: 'Đỗ Thị Xuân' }).waitFor();
    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByRole('heading', { level: 1, name: 'Users and roles' }).waitFor();
    const sub = page.getByRole('navigation', { name: 'Administration' });
    assert.deepEqual(await sub.getByRole('link').allInnerTexts(), ['Units', 'Users and roles', 'Audit log', 'Rule pack']);
    await page.locator('section.roles-card .grant-list strong').getByText('Unit operator').waitFor();
    await page.getByRole('button', { name: /^Revoke Unit operator — / }).waitFor();
    await page.getByRole('button', { name: 'Grant role' }).waitFor();
    await page.getByRole('button', { name: 'Disable account' }).waitFor();
    const main = await page.locator('main').innerText();
    for (const s of ['Người dùng', 'Vai trò', 'Đơn vị công tác', 'Cán bộ chuyên trách']) {
      assert.ok(!main.includes(s), `the English page still shows ${s}`);
    }

    await sub.getByRole('link', { name: 'Units' }).click();
    await page.getByRole('heading', { level: 1, name: 'Unit tree' }).waitFor();
    await page.locator('.unit-tree').getByText('Province').waitFor();
    await sub.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    await page.locator('section.verify').getByText(/Intact|Broken/).first().waitFor();
    await page.getByRole('columnheader', { name: 'Actor' }).waitFor();
    await sub.getByRole('link', { name: 'Rule pack' }).click();
    await page.getByRole('heading', { level: 1, name: 'Rule pack in use' }).waitFor();
    await page.getByRole('link', { name: 'Incident taxonomy' }).click();
    await page.locator('#rp-types').getByText('Denial-of-service attack').waitFor();
    await page.getByRole('link', { name: 'Reports and deadlines' }).click();
    await page.locator('#rp-reports').getByText('within 5 days of detection').waitFor();
    // and back to Vietnamese in place
    await page.getByRole('button', { name: 'VI' }).click();
    await page.locator('#rp-types').getByText('Tấn công từ chối dịch vụ').waitFor();
    await page.locator('#rp-reports').getByText('trong 5 ngày kể từ khi phát hiện sự cố').waitFor();
    assert.deepEqual(errors, []);
  });
