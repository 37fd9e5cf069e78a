// The language switch changes every visible string: each page, shown in
// English, has no Vietnamese text left except the data people typed
// (names, titles, descriptions) which no switch translates. Text, labels
// for screen readers (aria-label), placeholders, titles and the options
// of every list are read; an element that declares lang="vi" (the VI
// button) is Vietnamese on purpose, and so is the letter of a point of a
// law ("đ)": the points of an article are lettered a, b, c, d, đ, e),
// and a few proper names (PROPER).
import assert from 'node:assert/strict';
import { useWorld, world, e2e, open, signIn, DESK, SAMPLE_PASSWORD, ADMIN_PASSWORD } from './lib/harness.mjs';
import { api, login } from '../api/lib/server.mjs';

useWorld();

// names that English keeps as they are: provinces, and the symbols of
// legal documents ("Decision 05/2017/QĐ-TTg")
const PROPER = ['Khánh Hòa', 'Hưng Yên', 'QĐ', 'NĐ'];
const VIETNAMESE = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i;

/** Every string value in a JSON document, except bilingual labels' Vietnamese. */
function strings(v, key = '', out = new Set()) {
  if (typeof v === 'string') {
    if (!/(^|_)vi$/.test(key) && v.trim()) out.add(v.trim());
  } else if (Array.isArray(v)) {
    for (const x of v) strings(x, key, out);
  } else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) strings(x, k, out);
  }
  return out;
}

/** What people typed, as the API gives it to this user. */
async function dataOf(session, incidentId) {
  const paths = ['/api/v1/me', '/api/v1/units', '/api/v1/users', '/api/v1/incidents?limit=200',
    '/api/v1/audit?limit=200'];
  if (incidentId) {
    const i = encodeURIComponent(incidentId);
    paths.push(`/api/v1/incidents/${i}`, ...['tasks', 'timeline', 'observables', 'evidence',
      'directions', 'sends', 'comments', 'links', 'people'].map((p) => `/api/v1/incidents/${i}/${p}`));
  }
  const out = new Set();
  for (const p of paths) {
    const r = await api(world.server.base, 'GET', p, { cookie: session.cookie });
    if (r.status === 200) strings(r.json, '', out);
  }
  return [...out].sort((a, b) => b.length - a.length);
}

/** The Vietnamese strings the page shows that are not data. */
async function untranslated(page, data) {
  const shown = await page.evaluate(() => {
    const out = [];
    const vi = (el) => el.closest('[lang="vi"]:not(html)');
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || vi(el) || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(el.tagName)) continue;
      const visible = el.tagName === 'OPTION' || el.tagName === 'OPTGROUP' || el.checkVisibility();
      if (visible && n.textContent.trim()) out.push(n.textContent.trim());
    }
    for (const el of document.querySelectorAll('[aria-label], [placeholder], [title], optgroup[label]')) {
      if (vi(el)) continue;
      for (const a of ['aria-label', 'placeholder', 'title', 'label']) {
        if (el.hasAttribute(a) && (a !== 'label' || el.tagName === 'OPTGROUP')) out.push(el.getAttribute(a).trim());
      }
    }
    out.push(document.title);
    return out;
  });
  return shown.filter((s) => {
    // the law's points are lettered a, b, c, d, đ, e: "đ)" cites point đ
    let rest = s;
    for (const d of data) if (rest.includes(d)) rest = rest.split(d).join(' ');
    rest = rest.replace(/(^|[\s(])đ\)/g, ' ');
    for (const name of PROPER) rest = rest.split(name).join(' ');
    return VIETNAMESE.test(rest);
  });
}

async function incidentOfCommune() {
  const s = await login(world.server.base, 'vanhanh.xa', SAMPLE_PASSWORD);
  const body = {
    title: 'Trang thông tin xã bị thay đổi giao diện',
    description: 'Trang chủ hiển thị nội dung lạ từ sáng nay.',
    detected_at: new Date(Date.now() - 3_600_000).toISOString(),
    types: ['TC03'],
  };
  const r = await api(world.server.base, 'POST', '/api/v1/incidents', { cookie: s.cookie, csrf: s.csrf, body });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}

const PAGES = (id) => [
  ['dieuphoi', SAMPLE_PASSWORD, ['/', '/incidents', '/incidents/new', `/incidents/${id}`, '/profile',
    '/incidents?status=new&q=trang', '/reports',
    '/team', '/drills', '/training', '/resources',
    '/systems', '/systems/1', '/calendar', '/assessments', '/playbooks', '/playbooks/1']],
  ['admin', ADMIN_PASSWORD, ['/admin/units', '/admin/users', '/admin/audit', '/admin/rulepack', '/profile']],
];

e2e('in English, no page shows Vietnamese other than what people typed', { viewport: DESK },
  async ({ page, base, errors }) => {
    const id = await incidentOfCommune();
    for (const [who, password, paths] of PAGES(id)) {
      const session = await login(base, who, password);
      const data = await dataOf(session, id);
      await open(page, base, '#/signin');
      await page.getByRole('button', { name: 'EN' }).click();
      await page.locator('html[lang="en"]').waitFor();
      await signIn(page, who, password);
      await page.locator('#who:not([hidden])').waitFor();
      for (const p of paths) {
        await page.goto(`${base}/#${p}`);
        await page.waitForSelector('body[data-ready="true"]');
        await page.waitForFunction(() => !document.querySelector('main [aria-busy="true"], main .loading'));
        const left = await untranslated(page, data);
        assert.deepEqual(left, [], `${who} ${p}: Vietnamese left in English`);
      }
      // and back: the switch turns the page shown now, without a reload
      await page.getByRole('button', { name: 'VI' }).click();
      await page.locator('html[lang="vi"]').waitFor();
      assert.match(await page.locator('#nav').innerText(), /Tổng quan/);
      await page.getByRole('button', { name: 'Sign out' }).or(page.getByRole('button', { name: 'Đăng xuất' })).click();
      await page.locator('#who[hidden]').waitFor({ state: 'attached' });
    }
    assert.deepEqual(errors, []);
  });
