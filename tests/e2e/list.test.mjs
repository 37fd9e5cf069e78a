// The incident list (#/incidents) in Chromium: filters kept in the URL
// (a link or a reload reproduces the view), cursor paging, sort, full-text
// search, the phone layout, refused filters, and search scoped to what
// the user may read.
import assert from 'node:assert/strict';
import {
  useWorld, e2e, open, signIn, PHONE, DESK, SAMPLE_PASSWORD,
} from './lib/harness.mjs';
import {
  HOUR, DAY, iso, incident, unitId, call, assertNoSideScroll,
} from './lib/list.mjs';

useWorld();

// incidents made once for the whole file (the world starts empty)
const I = {};
let seeding = null;
function seeded() {
  if (!seeding) {
    seeding = (async () => {
      const now = Date.now();
      I.X1 = await incident('vanhanh.xa', {
        title: 'Tấn công từ chối dịch vụ cổng thông tin xã', types: ['TC01'],
        detected_at: iso(now - 2 * HOUR), priority: 'P2',
      });
      I.X2 = await incident('vanhanh.xa', {
        title: 'Mã độc mã hóa máy chủ một cửa điện tử', types: ['TC03', 'TC06'],
        detected_at: iso(now - 3 * HOUR), systems: [{ name: 'Hệ thống một cửa điện tử', level: 4 }],
        harms: ['a'], owner_cannot_handle: true,
      });
      I.X3 = await incident('vanhanh.xa', {
        title: 'Thư giả mạo gửi cán bộ xã', types: ['TC02'], detected_at: iso(now - 4 * DAY),
      });
      I.S1 = await incident('vanhanh.snv', {
        title: 'Dò quét cổng dịch vụ công của Sở', types: ['TC04'], tlp: 'GREEN',
        description: 'Nhật ký ghi nhận dò quét; mã hồ sơ bimatsonoivu.',
      });
      // seven for paging, one hour apart, newest first: trang 1 .. trang 7
      I.P = [];
      const ttdl = await unitId('TTDL');
      for (let n = 1; n <= 7; n++) {
        I.P.push(await incident('dieuphoi', {
          title: `Cảnh báo mã độc trangdemo máy trạm ${n}`, types: ['TC03'], unit_id: ttdl,
          detected_at: iso(now - (5 + n) * HOUR),
        }));
      }
      assert.equal(I.X2.severity, 'serious', 'fixture: X2 is serious');
    })();
  }
  return seeding;
}

const settled = (page) => page.waitForSelector('.list-results:not([aria-busy])', { state: 'attached' });
const titles = (page) => page.locator('.incident-table tbody .col-title a').allInnerTexts();
const query = (page) => new URLSearchParams(new URL(page.url()).hash.split('?')[1] || '');

/** Sign in as login, then open the list at ?qs. */
async function openList(page, base, login, qs = '') {
  await seeded();
  await open(page, base);
  await signIn(page, login, SAMPLE_PASSWORD);
  await page.getByRole('heading', { level: 1, name: 'Tổng quan' }).waitFor();
  await page.goto(`${base}/#/incidents${qs ? `?${qs}` : ''}`);
  await page.getByRole('heading', { level: 1, name: 'Danh sách sự cố' }).waitFor();
  await settled(page);
}

/** Wait until the URL's query has `key` = `value` (null: absent). */
async function urlHas(page, key, value) {
  await page.waitForFunction(([k, v]) => {
    const q = new URLSearchParams(location.hash.split('?')[1] || '');
    return v === null ? !q.has(k) : q.get(k) === v;
  }, [key, value]);
}

e2e('filters fill from a URL, a change updates the URL, a reload and Back reproduce the view',
  { viewport: DESK }, async ({ page, base, errors }) => {
    await openList(page, base, 'dieuphoi', 'status=new&q=gia%20mao');
    assert.equal(await page.getByLabel('Tìm kiếm', { exact: true }).inputValue(), 'gia mao');
    assert.equal(await page.getByLabel('Trạng thái').inputValue(), 'new');
    assert.deepEqual(await titles(page), [I.X3.title], 'accents ignored: "gia mao" finds "giả mạo"');
    await page.getByText('Tìm thấy 1 sự cố.').waitFor();
    // the row: id, unit, type, severity, status, TLP, detected, next due with its badge
    const row = page.locator('.incident-table tbody tr').first();
    const text = await row.innerText();
    for (const s of [I.X3.id, 'Ủy ban nhân dân xã Nghĩa Trụ', 'Tấn công giả mạo', 'Thông thường', 'Mới', 'TLP:AMBER']) {
      assert.ok(text.includes(s), `row shows ${s}: ${text}`);
    }
    assert.match(text, /\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    assert.match(text, /còn \d+ (ngày|giờ)/, 'the next deadline counts down');
    await row.getByRole('link', { name: I.X3.title }).waitFor();
    assert.equal(await row.getByRole('link').getAttribute('href'), `#/incidents/${I.X3.id}`);

    // a change of filter is in the URL at once, with the view it gives
    await page.getByLabel('Tìm kiếm', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await urlHas(page, 'q', null);
    await page.getByLabel('Mức độ').selectOption('serious');
    await urlHas(page, 'severity', 'serious');
    await settled(page);
    assert.equal(query(page).get('status'), 'new');
    assert.deepEqual(await titles(page), [I.X2.title]);
    assert.ok(await page.locator('.incident-table tr.serious').count() === 1);

    // a reload shows the same view from the URL alone
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Danh sách sự cố' }).waitFor();
    await settled(page);
    assert.equal(await page.getByLabel('Mức độ').inputValue(), 'serious');
    assert.equal(await page.getByLabel('Trạng thái').inputValue(), 'new');
    assert.deepEqual(await titles(page), [I.X2.title]);

    // Back returns to the previous view
    await page.goBack();
    await urlHas(page, 'severity', null);
    await settled(page);
    assert.equal(await page.getByLabel('Mức độ').inputValue(), '');
    assert.ok((await titles(page)).length >= 3);

    // the unit and type lists come from the server: choosing them filters
    await page.getByLabel('Đơn vị').selectOption(String(await unitId('XA-NT')));
    await urlHas(page, 'unit_id', String(await unitId('XA-NT')));
    await page.getByLabel('Loại sự cố').selectOption('TC06');
    await urlHas(page, 'type', 'TC06');
    await settled(page);
    assert.deepEqual(await titles(page), [I.X2.title]);
    assert.deepEqual(errors, []);
  });

e2e('paging goes over several pages, each kept in the URL', { viewport: DESK },
  async ({ page, base, errors }) => {
    await openList(page, base, 'dieuphoi', 'q=trangdemo&limit=3');
    const want = I.P.map((i) => i.title); // newest first
    assert.deepEqual(await titles(page), want.slice(0, 3));
    await page.getByText('Tìm thấy 7 sự cố.').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Trang trước' }).count(), 0);
    await page.getByRole('button', { name: 'Trang sau' }).click();
    await page.waitForFunction(() => location.hash.includes('cursor='));
    await settled(page);
    assert.deepEqual(await titles(page), want.slice(3, 6));
    const page2 = query(page).get('cursor');
    await page.getByRole('button', { name: 'Trang sau' }).click();
    await page.waitForFunction((c) => !location.hash.includes(encodeURIComponent(c)), page2);
    await settled(page);
    assert.deepEqual(await titles(page), want.slice(6));
    assert.equal(await page.getByRole('button', { name: 'Trang sau' }).count(), 0, 'the last page');
    await page.getByRole('button', { name: 'Trang trước' }).click();
    await urlHas(page, 'cursor', page2);
    await settled(page);
    assert.deepEqual(await titles(page), want.slice(3, 6));
    // a reload (or a link) shows that page; the way back is to the first
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Danh sách sự cố' }).waitFor();
    await settled(page);
    assert.deepEqual(await titles(page), want.slice(3, 6));
    assert.equal(query(page).get('limit'), '3');
    await page.getByRole('button', { name: 'Về trang đầu' }).click();
    await urlHas(page, 'cursor', null);
    await settled(page);
    assert.deepEqual(await titles(page), want.slice(0, 3));
    assert.equal(query(page).get('q'), 'trangdemo');
    // changing a filter starts again from the first page
    await page.getByRole('button', { name: 'Trang sau' }).click();
    await page.waitForFunction(() => location.hash.includes('cursor='));
    await settled(page);
    await page.getByLabel('Mức ưu tiên').selectOption('P3');
    await urlHas(page, 'priority', 'P3');
    await settled(page);
    assert.equal(query(page).get('cursor'), null);
    assert.deepEqual(await titles(page), want.slice(0, 3));
    assert.deepEqual(errors, []);
  });

e2e('sort by the nearest deadline, as the server orders it', { viewport: DESK },
  async ({ page, base, errors }) => {
    const xa = await unitId('XA-NT');
    await openList(page, base, 'dieuphoi', `unit_id=${xa}`);
    assert.deepEqual(await titles(page), [I.X1.title, I.X2.title, I.X3.title], 'newest first');
    await page.getByLabel('Sắp xếp').selectOption('due');
    await urlHas(page, 'sort', 'due');
    await settled(page);
    const r = await call('dieuphoi', 'GET', `/api/v1/incidents?unit_id=${xa}&sort=due`);
    assert.equal(r.status, 200);
    const byDue = r.json.items.map((i) => i.title);
    assert.notDeepEqual(byDue, [I.X1.title, I.X2.title, I.X3.title], 'fixture: the orders differ');
    assert.deepEqual(await titles(page), byDue);
    assert.deepEqual(errors, []);
  });

e2e('full-text search from the box; a commune user finds nothing of another unit', { viewport: DESK },
  async ({ page, base, errors }) => {
    await openList(page, base, 'dieuphoi');
    await page.getByLabel('Tìm kiếm', { exact: true }).fill('quet cong');
    await page.getByLabel('Tìm kiếm', { exact: true }).press('Enter');
    await urlHas(page, 'q', 'quet cong');
    await settled(page);
    assert.deepEqual(await titles(page), [I.S1.title]);
    await page.getByLabel('Tìm kiếm', { exact: true }).fill('bimatsonoivu');
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await urlHas(page, 'q', 'bimatsonoivu');
    await settled(page);
    assert.deepEqual(await titles(page), [I.S1.title], 'the coordinator finds the Sở incident by its description');
    assert.deepEqual(errors, []);
  });

e2e('a commune user searching for a word of another unit\'s incident finds nothing', { viewport: DESK },
  async ({ page, base, errors }) => {
    await openList(page, base, 'vanhanh.xa', 'q=bimatsonoivu');
    await page.getByText('Không tìm thấy sự cố nào.').waitFor();
    await page.getByText('Không có sự cố nào phù hợp với bộ lọc').waitFor();
    assert.equal(await page.locator('.incident-table').count(), 0);
    // nor by its title, nor in the whole list
    await page.getByLabel('Tìm kiếm', { exact: true }).fill('quet cong');
    await page.getByLabel('Tìm kiếm', { exact: true }).press('Enter');
    await urlHas(page, 'q', 'quet cong');
    await settled(page);
    assert.equal(await page.locator('.incident-table').count(), 0);
    await page.getByRole('button', { name: 'Xóa bộ lọc' }).click();
    await urlHas(page, 'q', null);
    await settled(page);
    const shown = await titles(page);
    assert.deepEqual(shown.sort(), [I.X1.title, I.X2.title, I.X3.title].sort());
    // the unit list offers only the units in scope
    const units = await page.getByLabel('Đơn vị').locator('option').allInnerTexts();
    assert.deepEqual(units.map((u) => u.trim()), ['Tất cả đơn vị', 'Ủy ban nhân dân xã Nghĩa Trụ']);
    assert.deepEqual(errors, []);
  });

e2e('on a phone: stacked cards, no sideways scrolling', { viewport: PHONE },
  async ({ page, base, errors }) => {
    await openList(page, base, 'dieuphoi');
    await assertNoSideScroll(page, PHONE.width);
    // the header row is hidden; each value is under its name
    const head = await page.locator('.incident-table thead').evaluate((el) => el.getBoundingClientRect().height);
    assert.ok(head <= 1, `the header row is hidden (${head} px)`);
    const card = page.locator('.incident-table tbody tr').first();
    const label = card.locator('.col-unit .cell-label');
    assert.ok(await label.isVisible(), 'the field name shows beside its value');
    assert.equal(await label.innerText(), 'Đơn vị');
    const box = await card.boundingBox();
    assert.ok(box.width <= PHONE.width, `card is ${box.width} px wide`);
    // the other filters fold away on a phone until asked for
    await page.getByText('Lọc theo đơn vị, trạng thái, loại, thời gian…').click();
    await page.getByLabel('Trạng thái').selectOption('new');
    await urlHas(page, 'status', 'new');
    await settled(page);
    await assertNoSideScroll(page, PHONE.width);
    assert.deepEqual(errors, []);
  });

e2e('dates are typed dd/mm/yyyy; a wrong one is refused beside its field; a refused URL shows the error',
  { viewport: DESK }, async ({ page, base, errors }) => {
    await openList(page, base, 'dieuphoi', 'from=hom-qua');
    const alert = page.getByRole('alert').filter({ hasText: /chưa hợp lệ/ });
    await alert.waitFor();
    assert.equal(await page.getByLabel('Phát hiện từ ngày').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getByRole('button', { name: 'Thử lại' }).isVisible(), true);
    // a date that does not exist: refused here, the URL kept
    await page.getByLabel('Phát hiện từ ngày').fill('31/02/2026');
    await page.getByLabel('Phát hiện từ ngày').press('Tab');
    await page.getByText('Ngày không hợp lệ. Nhập theo dạng ngày/tháng/năm, ví dụ 01/11/2026.').waitFor();
    assert.equal(query(page).get('from'), 'hom-qua');
    // a real one goes to the URL as a date, and shows as typed
    const d = new Date(Date.now() - 2 * DAY);
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh' }).format(d);
    const [dd, mm, yyyy] = local.split('/');
    await page.getByLabel('Phát hiện từ ngày').fill(`${dd}/${mm}/${yyyy}`);
    await page.getByLabel('Phát hiện từ ngày').press('Tab');
    await urlHas(page, 'from', `${yyyy}-${mm}-${dd}`);
    await settled(page);
    assert.equal(await page.getByLabel('Phát hiện từ ngày').getAttribute('aria-invalid'), null);
    assert.equal(await alert.count(), 0);
    const shown = await titles(page);
    assert.ok(shown.includes(I.X1.title) && !shown.includes(I.X3.title), 'X3, four days old, is before the date');
    // an end before the start is refused
    await page.getByLabel('Phát hiện đến ngày').fill('01/01/2020');
    await page.getByLabel('Phát hiện đến ngày').press('Tab');
    await page.getByText('Ngày kết thúc phải sau ngày bắt đầu.').waitFor();
    assert.equal(query(page).get('to'), null);
    assert.deepEqual(errors, []);
  });

e2e('the language switch changes the list in place', { viewport: DESK },
  async ({ page, base, errors }) => {
    await openList(page, base, 'dieuphoi', `q=${encodeURIComponent('gia mao')}`);
    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByRole('heading', { level: 1, name: 'Incidents' }).waitFor();
    await page.getByRole('columnheader', { name: 'Title' }).waitFor();
    const row = await page.locator('.incident-table tbody tr').first().innerText();
    assert.match(row, /Spoofing or phishing attack/);
    assert.match(row, /\bNew\b/);
    assert.match(row, /\d+ (d|h)( \d+ (h|min))? left/);
    await page.getByText('Incidents found: 1.').waitFor();
    const groups = await page.getByLabel('Incident type').locator('optgroup').evaluateAll(
      (gs) => gs.map((g) => g.label));
    assert.ok(groups.includes('Incidents caused by cyber attacks'), groups.join(' | '));
    assert.deepEqual(errors, []);
  });
